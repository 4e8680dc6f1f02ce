// tern keys [--json] [--secret] [--smime] [PATTERN]
// The keys (OpenPGP) or certificates (S/MIME, --smime) in the user's GnuPG
// home (GNUPGHOME respected), with validity, owner trust, expiry and user IDs.
#include "Subcommands.h"

#include "crypto/KeyStore.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace tern::app {

int runKeys(const SubcommandContext &ctx)
{
    QStringList args = ctx.args;
    auto take = [&args](const char *flag) { return args.removeAll(QLatin1String(flag)) > 0; };
    const bool json = take("--json"), secret = take("--secret"), smime = take("--smime");
    if (args.size() > 1 || (!args.isEmpty() && args.first().startsWith(QLatin1Char('-'))))
        return fail(QStringLiteral("usage: tern keys [--json] [--secret] [--smime] [PATTERN]"), 2);
    auto keys = crypto::listKeys(smime ? crypto::Protocol::Cms : crypto::Protocol::OpenPgp, args.value(0), secret);
    if (!keys)
        return fail(keys.error().message);
    if (json) {
        QJsonArray a;
        for (const crypto::KeyInfo &k : keys.value())
            a.append(crypto::toJson(k));
        out(QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Indented)));
        return 0;
    }
    QString text;
    for (const crypto::KeyInfo &k : keys.value()) {
        QStringList state;
        if (k.secret) state << QStringLiteral("secret key here");
        if (k.revoked) state << QStringLiteral("REVOKED");
        if (k.expired) state << QStringLiteral("EXPIRED");
        if (k.disabled) state << QStringLiteral("disabled");
        if (k.invalid) state << QStringLiteral("invalid");
        if (!k.ownerTrust.isEmpty()) state << QStringLiteral("owner trust %1").arg(k.ownerTrust);
        state << (k.expires.isValid() ? QStringLiteral("expires %1").arg(k.expires.toString(Qt::ISODate)) : QStringLiteral("does not expire"));
        text += QStringLiteral("%1  %2\n").arg(k.fingerprint, state.join(QStringLiteral(", ")));
        for (const crypto::UserIdInfo &u : k.userIds)
            text += QStringLiteral("    [%1] %2%3\n").arg(u.validity, u.id, u.revoked ? QStringLiteral(" (revoked)") : QString());
    }
    if (keys.value().isEmpty())
        text = QStringLiteral("no keys\n");
    out(text);
    return 0;
}

} // namespace tern::app
