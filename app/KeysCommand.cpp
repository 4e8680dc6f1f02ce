// tern keys [--json] [--secret] [--smime] [PATTERN]
// tern keys --import FILE [--yes] [--smime] | --export FINGERPRINT [--smime] | --generate "Name <addr>" [--no-passphrase]
// tern keys --autocrypt [--account NAME] [--json] | --accept-autocrypt ADDRESS [--account NAME] [--yes]
// tern keys --locate ADDRESS [--json]
// The keys (OpenPGP) or certificates (S/MIME, --smime) in the user's GnuPG
// home (GNUPGHOME respected), with validity, owner trust, expiry and user IDs.
// --import shows what the file would bring and imports only with --yes; it
// never sets trust. --export writes the armored public key to stdout.
// --autocrypt lists the keys peers announced in their mail (kept in the cache,
// not in the keyring); --accept-autocrypt imports one into the keyring, again
// only with --yes and never trusted. --locate asks the address's Web Key
// Directory (WKD) and imports what it holds, again without trust.
#include "Subcommands.h"

#include "crypto/KeyDiscovery.h"
#include "crypto/KeyManagement.h"
#include "crypto/KeyStore.h"
#include "Engine.h"
#include "store/AutocryptPeers.h"
#include "sync/AutocryptKeys.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>

namespace tern::app {

namespace {

const char kUsage[] = "usage: tern keys [--json] [--secret] [--smime] [PATTERN]\n"
                      "       tern keys --import FILE [--yes] [--smime] | --export FINGERPRINT [--smime]\n"
                      "       tern keys --generate \"Name <addr>\" [--no-passphrase]\n"
                      "       tern keys --autocrypt [--account NAME] [--json] | --accept-autocrypt ADDRESS [--account NAME] [--yes]\n"
                      "       tern keys --locate ADDRESS [--json]";

QString takeValue(QStringList &args, const QString &flag, bool *present)
{
    const int at = int(args.indexOf(flag));
    *present = at >= 0;
    if (at < 0 || at + 1 >= args.size())
        return {};
    const QString v = args.at(at + 1);
    args.remove(at, 2);
    return v;
}

int importFile(const QString &path, crypto::Protocol protocol, bool yes)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read %1: %2").arg(path, f.errorString()), 2);
    const QByteArray data = f.read(crypto::kMaxKeyData + 1);
    QString text;
    if (protocol == crypto::Protocol::OpenPgp) {
        auto seen = crypto::inspectKeyData(protocol, data);
        if (!seen)
            return fail(seen.error().message, 2);
        for (const crypto::ImportCandidate &c : seen.value()) {
            text += QStringLiteral("%1  %2%3\n").arg(c.key.fingerprint, c.present ? QStringLiteral("update of a key you have") : QStringLiteral("new key"),
                                                    c.secret ? QStringLiteral(", with its SECRET key") : QString());
            for (const crypto::UserIdInfo &u : c.key.userIds)
                text += QStringLiteral("    %1%2\n").arg(u.id, c.newUserIds.contains(u.id) && c.present ? QStringLiteral(" (new user ID)") : QString());
        }
    }
    if (!yes) {
        out(text + QStringLiteral("nothing imported: add --yes to import (no trust is set either way)\n"));
        return 0;
    }
    auto done = crypto::importKeys(protocol, data, true);   // a file the user named
    if (!done)
        return fail(done.error().message, 2);
    const auto &s = done.value();
    out(text + QStringLiteral("imported %1 new, %2 unchanged, %3 new user IDs, %4 new subkeys, %5 new signatures, %6 revocations; no trust set\n")
                   .arg(s.imported).arg(s.unchanged).arg(s.newUserIds).arg(s.newSubkeys).arg(s.newSignatures).arg(s.newRevocations));
    return 0;
}

QString isoOrEmpty(const QDateTime &t)
{
    return t.isValid() ? t.toString(Qt::ISODate) : QString();
}

int listAutocrypt(const SubcommandContext &ctx, const QString &account, bool json)
{
    auto db = openCache(ctx.profile);
    if (!db)
        return fail(db.error().message);
    auto peers = store::AutocryptPeers(*db.value()).list(account);
    if (!peers)
        return fail(peers.error().message);
    if (json) {
        QJsonArray a;
        for (const store::AutocryptPeer &p : peers.value())
            a.append(QJsonObject{{QStringLiteral("account"), p.account}, {QStringLiteral("address"), p.addr},
                                 {QStringLiteral("fingerprint"), p.fingerprint}, {QStringLiteral("preferEncrypt"), p.preferMutual ? QStringLiteral("mutual") : QStringLiteral("nopreference")},
                                 {QStringLiteral("lastSeen"), isoOrEmpty(p.lastSeen)}, {QStringLiteral("autocryptTimestamp"), isoOrEmpty(p.autocryptTimestamp)},
                                 {QStringLiteral("accepted"), !p.acceptedFingerprint.isEmpty() && p.acceptedFingerprint == p.fingerprint}});
        out(QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Indented)));
        return 0;
    }
    QString text;
    for (const store::AutocryptPeer &p : peers.value())
        text += QStringLiteral("%1  %2  %3  prefer-encrypt=%4, last seen %5, key of %6, %7\n")
                    .arg(p.account, p.addr, p.fingerprint, p.preferMutual ? QStringLiteral("mutual") : QStringLiteral("nopreference"),
                         isoOrEmpty(p.lastSeen), isoOrEmpty(p.autocryptTimestamp),
                         p.acceptedFingerprint == p.fingerprint ? QStringLiteral("accepted into your keyring") : QStringLiteral("not in your keyring"));
    out(peers.value().isEmpty() ? QStringLiteral("no Autocrypt keys\n") : text);
    return 0;
}

int acceptAutocrypt(const SubcommandContext &ctx, QString account, const QString &addr, bool yes)
{
    auto db = openCache(ctx.profile);
    if (!db)
        return fail(db.error().message);
    auto peers = store::AutocryptPeers(*db.value()).list(account);
    if (!peers)
        return fail(peers.error().message);
    QList<store::AutocryptPeer> matching;
    for (const store::AutocryptPeer &p : peers.value())
        if (p.addr == addr.trimmed().toLower())
            matching << p;
    if (matching.isEmpty())
        return fail(QStringLiteral("no Autocrypt key of %1 (see tern keys --autocrypt)").arg(addr), 2);
    if (matching.size() > 1)
        return fail(QStringLiteral("%1 announced keys to several accounts: name one with --account").arg(addr), 2);
    const store::AutocryptPeer p = matching.first();
    if (!yes) {
        out(QStringLiteral("%1  Autocrypt key of %2, announced %3\nnothing imported: add --yes to import it into your keyring (no trust is set either way)\n")
                .arg(p.fingerprint, p.addr, isoOrEmpty(p.autocryptTimestamp)));
        return 0;
    }
    auto fpr = sync::acceptAutocryptKey(*db.value(), p.account, p.addr);
    if (!fpr)
        return fail(fpr.error().message, 2);
    out(QStringLiteral("%1  imported into your keyring for %2; no trust set\n").arg(fpr.value(), p.addr));
    return 0;
}

QString describe(const QList<crypto::KeyInfo> &keys)
{
    QString text;
    for (const crypto::KeyInfo &k : keys) {
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
    return text;
}

int locate(const QString &address, bool json)
{
    auto found = crypto::locateKeyByWkd(address);
    if (!found)
        return fail(found.error().message, found.error().code == Error::Code::NotFound ? 1 : 2);
    if (json) {
        QJsonArray a;
        for (const crypto::KeyInfo &k : found.value())
            a.append(crypto::toJson(k));
        out(QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Indented)));
        return 0;
    }
    out(describe(found.value()) + QStringLiteral("found in the Web Key Directory of %1 and imported; no trust set\n")
                                      .arg(address.section(QLatin1Char('@'), 1)));
    return 0;
}

} // namespace

int runKeys(const SubcommandContext &ctx)
{
    QStringList args = ctx.args;
    auto take = [&args](const char *flag) { return args.removeAll(QLatin1String(flag)) > 0; };
    const bool json = take("--json"), secret = take("--secret"), smime = take("--smime");
    const bool yes = take("--yes"), noPassphrase = take("--no-passphrase");
    const crypto::Protocol protocol = smime ? crypto::Protocol::Cms : crypto::Protocol::OpenPgp;
    bool locating = false;
    const QString locateAddr = takeValue(args, QStringLiteral("--locate"), &locating);
    if (locating) {
        if (!args.isEmpty() || locateAddr.isEmpty() || smime || secret)
            return fail(QLatin1String(kUsage), 2);
        return locate(locateAddr, json);
    }
    bool hasAccount = false, accepting = false;
    const QString account = takeValue(args, QStringLiteral("--account"), &hasAccount);
    const bool autocrypt = take("--autocrypt");
    const QString acceptAddr = takeValue(args, QStringLiteral("--accept-autocrypt"), &accepting);
    if (autocrypt || accepting || hasAccount) {
        if (!args.isEmpty() || int(autocrypt) + int(accepting) != 1 || (hasAccount && account.isEmpty()) || (accepting && acceptAddr.isEmpty()) || smime || secret)
            return fail(QLatin1String(kUsage), 2);
        return autocrypt ? listAutocrypt(ctx, account, json) : acceptAutocrypt(ctx, account, acceptAddr, yes);
    }
    bool importing = false, exporting = false, generating = false;
    const QString importPath = takeValue(args, QStringLiteral("--import"), &importing);
    const QString exportId = takeValue(args, QStringLiteral("--export"), &exporting);
    const QString userId = takeValue(args, QStringLiteral("--generate"), &generating);
    if (int(importing) + int(exporting) + int(generating) > 1 || ((importing || exporting || generating) && !args.isEmpty()) ||
        (importing && importPath.isEmpty()) || (exporting && exportId.isEmpty()) || (generating && (userId.isEmpty() || smime)))
        return fail(QLatin1String(kUsage), 2);
    if (importing)
        return importFile(importPath, protocol, yes);
    if (exporting) {
        auto key = crypto::exportPublicKey(protocol, exportId);
        if (!key)
            return fail(key.error().message, 2);
        std::fwrite(key.value().constData(), 1, size_t(key.value().size()), stdout);
        return std::fflush(stdout) == 0 ? 0 : 1;
    }
    if (generating) {
        auto fpr = crypto::generateKeyPair(userId, noPassphrase);
        if (!fpr)
            return fail(fpr.error().message, 2);
        out(fpr.value() + QLatin1Char('\n'));
        return 0;
    }
    if (args.size() > 1 || (!args.isEmpty() && args.first().startsWith(QLatin1Char('-'))))
        return fail(QLatin1String(kUsage), 2);
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
    QString text = describe(keys.value());
    if (keys.value().isEmpty())
        text = QStringLiteral("no keys\n");
    out(text);
    return 0;
}

} // namespace tern::app
