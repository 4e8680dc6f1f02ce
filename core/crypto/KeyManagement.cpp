#include "crypto/KeyManagement.h"

#include <gpgme++/context.h>
#include <gpgme++/data.h>
#include <gpgme++/importresult.h>
#include <gpgme++/key.h>
#include <gpgme++/keygenerationresult.h>
#include <gpgme.h>

#include <memory>

namespace tern::crypto {

namespace detail {
KeyInfo keyInfo(const GpgME::Key &k, Protocol protocol);   // KeyStore.cpp
}

namespace {

std::unique_ptr<GpgME::Context> context(Protocol protocol)
{
    initialize();
    return std::unique_ptr<GpgME::Context>(GpgME::Context::createForProtocol(protocol == Protocol::Cms ? GpgME::CMS : GpgME::OpenPGP));
}

QString text(const GpgME::Error &e)
{
    return QString::fromUtf8(e.asString());
}

bool holdsSecretKey(const QByteArray &data)
{
    // Armored secret keys say so; binary ones start with a secret-key packet (tag 5: 0x95/0x94, or new format 0xC5).
    if (data.contains("-----BEGIN PGP PRIVATE KEY BLOCK-----"))
        return true;
    if (data.isEmpty() || data.startsWith("-----"))
        return false;
    const uchar first = uchar(data.at(0));
    return first == 0xC5 || (first & 0xFC) == 0x94;
}

} // namespace

Result<QList<ImportCandidate>> inspectKeyData(Protocol protocol, const QByteArray &data)
{
    if (data.isEmpty() || data.size() > kMaxKeyData)
        return Error::invalid(QStringLiteral("key data must be between 1 byte and %1 MB").arg(kMaxKeyData >> 20));
    if (protocol != Protocol::OpenPgp)
        return Error::invalid(QStringLiteral("only OpenPGP keys can be shown before they are imported"));
    initialize();
    const GpgME::Data in(data.constData(), size_t(data.size()), true);
    const std::vector<GpgME::Key> keys = in.toKeys(GpgME::OpenPGP);   // gpg --show-keys: the keyring is not touched
    const bool secret = holdsSecretKey(data);
    QList<ImportCandidate> out;
    QStringList fprs;
    for (const GpgME::Key &k : keys) {
        if (out.size() >= 1000)
            break;
        ImportCandidate c;
        c.key = detail::keyInfo(k, protocol);
        c.secret = secret;
        for (UserIdInfo &u : c.key.userIds)
            u.validity = QStringLiteral("unknown");
        out << c;
        fprs << c.key.fingerprint;
    }
    if (out.isEmpty())
        return Error::invalid(QStringLiteral("no OpenPGP key found in the data"));
    auto present = listKeys(protocol, fprs, false);
    if (!present)
        return present.error();
    for (ImportCandidate &c : out) {
        for (const KeyInfo &k : present.value()) {
            if (k.fingerprint != c.key.fingerprint)
                continue;
            c.present = true;
            for (const UserIdInfo &u : std::as_const(c.key.userIds))
                if (std::none_of(k.userIds.cbegin(), k.userIds.cend(), [&u](const UserIdInfo &h) { return h.id == u.id; }))
                    c.newUserIds << u.id;
        }
        if (!c.present)
            for (const UserIdInfo &u : std::as_const(c.key.userIds))
                c.newUserIds << u.id;
    }
    return out;
}

Result<ImportSummary> importKeys(Protocol protocol, const QByteArray &data, bool allowSecret)
{
    if (data.isEmpty() || data.size() > kMaxKeyData)
        return Error::invalid(QStringLiteral("key data must be between 1 byte and %1 MB").arg(kMaxKeyData >> 20));
    if (!allowSecret && holdsSecretKey(data))
        return Error::invalid(QStringLiteral("the data holds a secret key: import it from a file you chose"));
    auto ctx = context(protocol);
    if (!ctx)
        return Error::invalid(QStringLiteral("GPGME has no engine for this protocol"));
    ctx->setOffline(true);
    const GpgME::Data in(data.constData(), size_t(data.size()), true);
    const GpgME::ImportResult r = ctx->importKeys(in);
    if (r.error())
        return Error::invalid(QStringLiteral("import failed: %1").arg(text(r.error())));
    ImportSummary s;
    s.considered = r.numConsidered();
    s.imported = r.numImported();
    s.unchanged = r.numUnchanged();
    s.newUserIds = r.newUserIDs();
    s.newSubkeys = r.newSubkeys();
    s.newSignatures = r.newSignatures();
    s.newRevocations = r.newRevocations();
    for (const GpgME::Import &i : r.imports())
        if (i.fingerprint() && i.status() != 0 && !s.fingerprints.contains(QString::fromLatin1(i.fingerprint())))
            s.fingerprints << QString::fromLatin1(i.fingerprint());
    if (s.considered == 0)
        return Error::invalid(QStringLiteral("no key found in the data"));
    return s;
}

Result<QByteArray> exportPublicKey(Protocol protocol, const QString &fingerprint)
{
    if (fingerprint.isEmpty())
        return Error::invalid(QStringLiteral("no key named"));
    auto ctx = context(protocol);
    if (!ctx)
        return Error::invalid(QStringLiteral("GPGME has no engine for this protocol"));
    ctx->setArmor(true);
    GpgME::Data out;
    const QByteArray pattern = fingerprint.toLatin1();
    if (const GpgME::Error e = ctx->exportPublicKeys(pattern.constData(), out))
        return Error::io(QStringLiteral("cannot export %1: %2").arg(fingerprint, text(e)));
    out.seek(0, SEEK_SET);
    const QByteArray bytes = QByteArray::fromStdString(out.toString());
    if (bytes.isEmpty())
        return Error::notFound(QStringLiteral("no public key %1").arg(fingerprint));
    return bytes;
}

Result<QString> generateKeyPair(const QString &userId, bool withoutPassphrase)
{
    const QString addr = addressesOf({userId}).value(0);
    if (addr.isEmpty() || userId.contains(QLatin1Char('\n')) || userId.size() > 256)
        return Error::invalid(QStringLiteral("a user ID is \"Name <address>\" on one line"));
    auto ctx = context(Protocol::OpenPgp);
    if (!ctx)
        return Error::invalid(QStringLiteral("GPGME has no engine for OpenPGP"));
    const QByteArray uid = userId.toUtf8();
    const GpgME::KeyGenerationResult r =
        ctx->createKeyEx(uid.constData(), "default", 0, 0, GpgME::Key(), withoutPassphrase ? GPGME_CREATE_NOPASSWD : 0u);
    if (r.error())
        return Error::invalid(QStringLiteral("no key made: %1").arg(text(r.error())));
    return QString::fromLatin1(r.fingerprint());
}

} // namespace tern::crypto
