#include "Engine.h"

namespace tern::app {

Result<std::unique_ptr<store::Database>> openCache(const store::Profile &profile)
{
    if (auto s = profile.ensureExists(); !s)
        return s.error();
    return store::Database::open(profile.cacheDir() + QStringLiteral("/cache.sqlite"));
}

Result<QList<store::AccountConfig>> loadAccounts(const store::Profile &profile)
{
    return store::AccountStore(profile.accountsFile()).load();
}

Result<store::AccountConfig> findAccount(const store::Profile &profile, const QString &name)
{
    auto all = loadAccounts(profile);
    if (!all)
        return all.error();
    for (const auto &a : all.value())
        if (a.name == name)
            return a;
    return Error::notFound(QStringLiteral("no account named '%1' (see tern account list)").arg(name));
}

Result<net::Credentials> credentialsFor(const store::AccountConfig &account, const net::ServerUrl &server)
{
    net::Credentials c;
    c.user = server.user.isEmpty() ? account.address : server.user;
    c.host = server.host;
    c.port = server.port;
    if (account.passwordEnv.isEmpty())
        return Error::invalid(QStringLiteral("account %1 has no password source; add it with --password-env VAR "
                                             "(the desktop keyring comes with the desktop integration)").arg(account.name));
    if (!qEnvironmentVariableIsSet(account.passwordEnv.toUtf8().constData()))
        return Error::invalid(QStringLiteral("account %1 takes its password from $%2, which is not set")
                                  .arg(account.name, account.passwordEnv));
    c.secret = qEnvironmentVariable(account.passwordEnv.toUtf8().constData());
    c.isOAuthToken = account.oauth;
    return c;
}

} // namespace tern::app
