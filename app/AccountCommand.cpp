// tern account add NAME (--imap URL | --pop3 URL) --smtp URL [--mode M] [--ca-file PEM] [--address A]
// tern account list [--json]
// tern account password NAME [--forget]
// tern account detect ADDRESS [--json]
#include "Engine.h"
#include "SecretInput.h"
#include "Subcommands.h"

#include "autoconfig/AccountDiscovery.h"
#include "store/AccountConfig.h"
#include "store/AccountSetup.h"
#include "store/Keyring.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <cstdio>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace tern::app {

namespace {

int accountAdd(const SubcommandContext &ctx, const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Add an account to the profile."));
    p.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("a short name for the account"));
    const QCommandLineOption imap(QStringLiteral("imap"), QStringLiteral("IMAP server URL (imaps://, imap://, imap+insecure://)"), QStringLiteral("URL"));
    const QCommandLineOption pop3(QStringLiteral("pop3"), QStringLiteral("POP3 server URL (pop3s://, pop3://, pop3+insecure://)"), QStringLiteral("URL"));
    const QCommandLineOption smtp(QStringLiteral("smtp"), QStringLiteral("SMTP submission URL (smtps://, smtp://, smtp+insecure://)"), QStringLiteral("URL"));
    const QCommandLineOption mode(QStringLiteral("mode"), QStringLiteral("online or disconnected (IMAP; default disconnected)"), QStringLiteral("MODE"));
    const QCommandLineOption ca(QStringLiteral("ca-file"), QStringLiteral("PEM file of extra CA certificates to trust"), QStringLiteral("PEM"));
    const QCommandLineOption address(QStringLiteral("address"), QStringLiteral("your mail address"), QStringLiteral("ADDR"));
    const QCommandLineOption passwordEnv(QStringLiteral("password-env"), QStringLiteral("read the password from this environment variable "
                                                                                        "(without it, or while it is unset: the keyring, see tern account password)"), QStringLiteral("VAR"));
    const QCommandLineOption leave(QStringLiteral("leave-on-server"), QStringLiteral("POP3: keep, delete, or keep with days=N and/or until-deleted (comma-separated)"), QStringLiteral("POLICY"));
    const QCommandLineOption auth(QStringLiteral("auth"), QStringLiteral("password (default) or oauth2: the secret is an OAuth access token"), QStringLiteral("KIND"));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("show this help"));
    p.addOptions({imap, pop3, smtp, mode, ca, address, passwordEnv, leave, auth, help});
    if (!p.parse(QStringList{QStringLiteral("tern account add")} + args))
        return fail(p.errorText(), 2);
    if (p.isSet(help)) {
        out(p.helpText());
        return 0;
    }
    if (p.positionalArguments().size() != 1)
        return fail(QStringLiteral("account add takes exactly one NAME"), 2);
    if (!p.isSet(smtp))
        return fail(QStringLiteral("account add needs --smtp URL"), 2);

    store::AccountConfig a;
    a.name = p.positionalArguments().constFirst();
    a.address = p.value(address);
    if (p.isSet(ca))
        a.caFile = QFileInfo(p.value(ca)).absoluteFilePath();
    if (p.isSet(imap)) {
        auto u = net::ServerUrl::parse(p.value(imap), net::Protocol::Imap);
        if (!u) return fail(u.error().message, 2);
        a.imap = u.value();
    }
    if (p.isSet(pop3)) {
        auto u = net::ServerUrl::parse(p.value(pop3), net::Protocol::Pop3);
        if (!u) return fail(u.error().message, 2);
        a.pop3 = u.value();
        a.mode = store::AccountMode::Offline;
    }
    auto s = net::ServerUrl::parse(p.value(smtp), net::Protocol::Smtp);
    if (!s) return fail(s.error().message, 2);
    a.smtp = s.value();
    a.passwordEnv = p.value(passwordEnv);
    if (p.isSet(auth)) {
        if (p.value(auth) != QLatin1String("password") && p.value(auth) != QLatin1String("oauth2"))
            return fail(QStringLiteral("--auth is password or oauth2"), 2);
        a.oauth = p.value(auth) == QLatin1String("oauth2");
    }
    if (p.isSet(leave)) {
        if (!a.pop3) return fail(QStringLiteral("--leave-on-server is for POP3 accounts"), 2);
        auto policy = store::LeaveOnServer::parse(p.value(leave));
        if (!policy) return fail(policy.error().message, 2);
        a.leaveOnServer = policy.value();
    }
    if (p.isSet(mode)) {
        const auto m = store::modeFromName(p.value(mode));
        if (!m) return fail(QStringLiteral("--mode must be online or disconnected"), 2);
        a.mode = *m;
    }

    if (auto added = store::addAccount(ctx.profile, a); !added)
        return fail(added.error().message, added.error().code == Error::Code::Io ? 1 : 2);
    out(QStringLiteral("added account %1\n").arg(a.name));
    if (a.passwordEnv.isEmpty())
        out(QStringLiteral("its password comes from the keyring: store it with `tern account password %1`\n").arg(a.name));
    return 0;
}

int accountPassword(const SubcommandContext &ctx, const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Store an account's password (or OAuth token) in the desktop keyring, read as one line from standard input\n"
        "(not echoed on a terminal). The keyring is the Secret Service over D-Bus (GNOME Keyring, KeePassXC, KWallet).\n"
        "An account whose --password-env variable is set uses that instead."));
    p.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("the account"));
    const QCommandLineOption forget(QStringLiteral("forget"), QStringLiteral("remove the account's password from the keyring"));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("show this help"));
    p.addOptions({forget, help});
    if (!p.parse(QStringList{QStringLiteral("tern account password")} + args))
        return fail(p.errorText(), 2);
    if (p.isSet(help)) {
        out(p.helpText());
        return 0;
    }
    if (p.positionalArguments().size() != 1)
        return fail(QStringLiteral("account password takes exactly one NAME"), 2);
    const auto account = findAccount(ctx.profile, p.positionalArguments().constFirst());
    if (!account)
        return fail(account.error().message, 2);
    const store::AccountConfig &a = account.value();
    const store::Keyring keyring;
    const QString orEnv = QStringLiteral("; use --password-env VAR instead");

    if (p.isSet(forget)) {
        // Read first, to say whether there was anything to remove.
        const auto had = keyring.read(a.keyringKey);
        if (!had && had.error().code != Error::Code::NotFound)
            return fail(had.error().message);
        if (!had) {
            out(QStringLiteral("the keyring has no password for account %1\n").arg(a.name));
            return 0;
        }
        if (auto s = keyring.forget(a.keyringKey); !s)
            return fail(s.error().message);
        out(QStringLiteral("removed the password of account %1 from the keyring\n").arg(a.name));
        return 0;
    }

    const auto secret = readSecretLine(QStringLiteral("Password for account %1: ").arg(a.name));
    if (!secret)
        return fail(secret.error().message);
    if (secret.value().isEmpty())
        return fail(QStringLiteral("empty password; nothing stored"));
    if (auto s = keyring.write(a.keyringKey, secret.value()); !s)
        return fail(s.error().message + (s.error().code == Error::Code::Io ? orEnv : QString()));
    out(QStringLiteral("stored the password of account %1 in the keyring\n").arg(a.name));
    if (!a.passwordEnv.isEmpty())
        out(QStringLiteral("note: while $%1 is set, account %2 uses it instead\n").arg(a.passwordEnv, a.name));
    return 0;
}

int accountList(const SubcommandContext &ctx, const QStringList &args)
{
    const bool json = args.contains(QStringLiteral("--json"));
    for (const QString &a : args)
        if (a != QLatin1String("--json"))
            return fail(QStringLiteral("account list: unexpected argument '%1'").arg(a), 2);
    const auto accounts = store::AccountStore(ctx.profile.accountsFile()).load();
    if (!accounts)
        return fail(accounts.error().message);
    if (json) {
        QJsonArray arr;
        for (const auto &a : accounts.value()) {
            QJsonObject o{{QStringLiteral("name"), a.name},
                          {QStringLiteral("address"), a.address},
                          {QStringLiteral("mode"), store::modeName(a.mode)}};
            if (a.imap) o.insert(QStringLiteral("imap"), a.imap->toString());
            if (a.pop3) o.insert(QStringLiteral("pop3"), a.pop3->toString());
            if (a.smtp) o.insert(QStringLiteral("smtp"), a.smtp->toString());
            if (!a.caFile.isEmpty()) o.insert(QStringLiteral("caFile"), a.caFile);
            arr.append(o);
        }
        out(QString::fromUtf8(QJsonDocument(arr).toJson(QJsonDocument::Indented)));
        return 0;
    }
    for (const auto &a : accounts.value()) {
        const auto &fetch = a.imap ? *a.imap : *a.pop3;
        out(QStringLiteral("%1\t%2\t%3\t%4\n").arg(a.name, store::modeName(a.mode), fetch.toString(),
                                                  a.smtp ? a.smtp->toString() : QString()));
    }
    return 0;
}

QJsonArray serversJson(const QList<autoconfig::FoundServer> &servers)
{
    QJsonArray arr;
    for (const auto &s : servers)
        arr.append(QJsonObject{{QStringLiteral("url"), s.url.toString()},
                               {QStringLiteral("protocol"), net::protocolName(s.url.protocol)},
                               {QStringLiteral("source"), autoconfig::sourceName(s.source)},
                               {QStringLiteral("detail"), s.detail}});
    return arr;
}

int accountDetect(const SubcommandContext &, const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Find the servers of a mail address, as the account wizard does: RFC 6186 SRV records, the domain's\n"
        "autoconfig file over HTTPS, Tern's list of big providers, then imap./mail./smtp. hosts on the standard\n"
        "ports. Nothing is logged in to; no password is asked for."));
    p.addPositionalArgument(QStringLiteral("ADDRESS"), QStringLiteral("the mail address"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("print JSON"));
    const QCommandLineOption ca(QStringLiteral("ca-file"), QStringLiteral("PEM file of extra CA certificates to trust"), QStringLiteral("PEM"));
    const QCommandLineOption url(QStringLiteral("autoconfig-url"),
                                 QStringLiteral("ask this https URL for the autoconfig file instead (%DOMAIN% and %ADDRESS% are filled in; repeatable)"),
                                 QStringLiteral("URL"));
    const QCommandLineOption noSrv(QStringLiteral("no-srv"), QStringLiteral("do not look up SRV records"));
    const QCommandLineOption noGuess(QStringLiteral("no-guess"), QStringLiteral("do not try imap./mail./smtp. hosts"));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("show this help"));
    p.addOptions({json, ca, url, noSrv, noGuess, help});
    if (!p.parse(QStringList{QStringLiteral("tern account detect")} + args))
        return fail(p.errorText(), 2);
    if (p.isSet(help)) {
        out(p.helpText());
        return 0;
    }
    if (p.positionalArguments().size() != 1)
        return fail(QStringLiteral("account detect takes exactly one ADDRESS"), 2);
    const QString address = p.positionalArguments().constFirst();
    if (autoconfig::domainOf(address).isEmpty())
        return fail(QStringLiteral("'%1' is not a mail address (name@domain)").arg(address), 2);

    autoconfig::DiscoveryOptions options;
    if (p.isSet(ca))
        options.caFile = QFileInfo(p.value(ca)).absoluteFilePath();
    if (p.isSet(url))
        options.autoconfigUrls = p.values(url);
    options.srv = !p.isSet(noSrv);
    options.guess = !p.isSet(noGuess);
    autoconfig::AccountDiscovery discovery(options);
    QEventLoop loop;
    autoconfig::Discovery found;
    QObject::connect(&discovery, &autoconfig::AccountDiscovery::finished, &loop, [&](const autoconfig::Discovery &d) {
        found = d;
        loop.quit();
    });
    discovery.start(address);
    loop.exec();

    if (p.isSet(json)) {
        const QJsonObject o{{QStringLiteral("address"), address},
                            {QStringLiteral("incoming"), serversJson(found.incoming)},
                            {QStringLiteral("outgoing"), serversJson(found.outgoing)},
                            {QStringLiteral("log"), QJsonArray::fromStringList(found.log)}};
        out(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)));
        return found.complete() ? 0 : 1;
    }
    for (const QString &line : std::as_const(found.log))
        std::fprintf(stderr, "%s\n", line.toUtf8().constData());
    for (const auto &s : std::as_const(found.incoming))
        out(QStringLiteral("incoming\t%1\t%2\t%3\n").arg(s.url.toString(), autoconfig::sourceName(s.source), s.detail));
    for (const auto &s : std::as_const(found.outgoing))
        out(QStringLiteral("outgoing\t%1\t%2\t%3\n").arg(s.url.toString(), autoconfig::sourceName(s.source), s.detail));
    if (!found.complete())
        return fail(QStringLiteral("no complete settings found for %1; give them with tern account add").arg(address));
    const auto in = *found.bestIncoming();
    out(QStringLiteral("to add it: tern account add NAME --%1 %2 --smtp %3 --address %4\n")
            .arg(net::protocolName(in.url.protocol), in.url.toString(), found.bestOutgoing()->url.toString(), address));
    return 0;
}

} // namespace

int runAccount(const SubcommandContext &ctx)
{
    const QString verb = ctx.args.value(0);
    if (verb == QLatin1String("add"))
        return accountAdd(ctx, ctx.args.mid(1));
    if (verb == QLatin1String("list"))
        return accountList(ctx, ctx.args.mid(1));
    if (verb == QLatin1String("password"))
        return accountPassword(ctx, ctx.args.mid(1));
    if (verb == QLatin1String("detect"))
        return accountDetect(ctx, ctx.args.mid(1));
    if (verb.isEmpty() || verb == QLatin1String("--help") || verb == QLatin1String("-h")) {
        out(QStringLiteral("Usage: tern account add NAME (--imap URL | --pop3 URL) --smtp URL [options]\n"
                           "       tern account list [--json]\n"
                           "       tern account password NAME [--forget]   store (from stdin) or remove the password in the keyring\n"
                           "       tern account detect ADDRESS [--json]     find the servers of a mail address (autoconfiguration)\n"));
        return verb.isEmpty() ? 2 : 0;
    }
    return fail(QStringLiteral("account: unknown verb '%1' (add, list, password or detect)").arg(verb), 2);
}

} // namespace tern::app
