#include "Engine.h"

#include "store/Keyring.h"

namespace tern::app {

Result<std::unique_ptr<store::Database>> openCache(const store::Profile &profile)
{
    if (auto s = profile.ensureExists(); !s)
        return s.error();
    return store::Database::open(profile.cacheDir() + QStringLiteral("/cache.sqlite"));
}

Result<QList<store::AccountConfig>> loadAccounts(const store::Profile &profile)
{
    auto accounts = store::AccountStore(profile.accountsFile()).load();
    if (accounts)
        for (auto &a : accounts.value())
            a.keyringKey = store::accountKeyringKey(profile, a.name);
    return accounts;
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
    const QByteArray var = account.passwordEnv.toUtf8();
    if (!var.isEmpty() && qEnvironmentVariableIsSet(var.constData())) {
        c.secret = qEnvironmentVariable(var.constData());
        c.isOAuthToken = account.oauth;
        return c;
    }
    // Not from the environment: from the keyring, and an error that names both ways.
    auto secret = store::Keyring().read(account.keyringKey.isEmpty() ? account.name : account.keyringKey);
    if (!secret) {
        const QString unset = var.isEmpty() ? QString() : QStringLiteral("$%1 is not set and ").arg(account.passwordEnv);
        const QString storeIt = QStringLiteral("store one with `tern account password %1`").arg(account.name);
        const QString envIt = var.isEmpty() ? QStringLiteral("use --password-env VAR")
                                            : QStringLiteral("set $%1").arg(account.passwordEnv);
        if (secret.error().code == Error::Code::NotFound)
            return Error::notFound(QStringLiteral("account %1 has no password: %2the keyring has none; %3, or %4")
                                       .arg(account.name, unset, storeIt, envIt));
        return Error{secret.error().code, QStringLiteral("account %1 has no password: %2%3; %4")
                                              .arg(account.name, unset, secret.error().message, envIt)};
    }
    c.secret = secret.value();
    c.isOAuthToken = account.oauth;
    return c;
}

} // namespace tern::app
