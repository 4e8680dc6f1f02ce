#include "crypto/GpgOperations.h"

#include <gpgme++/context.h>
#include <gpgme++/data.h>
#include <gpgme++/decryptionresult.h>
#include <gpgme++/encryptionresult.h>
#include <gpgme++/global.h>
#include <gpgme++/interfaces/dataprovider.h>
#include <gpgme++/key.h>
#include <gpgme++/keylistresult.h>
#include <gpgme++/signingresult.h>
#include <gpgme++/verificationresult.h>

#include <QDateTime>
#include <QRegularExpression>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <mutex>

namespace tern::crypto {

namespace {

// Plaintext GPGME writes, kept in memory up to a limit; past it the write
// fails, so gpg stops instead of inflating a compression bomb.
class BoundedSink : public GpgME::DataProvider {
public:
    explicit BoundedSink(qint64 limit) : m_limit(limit) {}
    bool isSupported(Operation op) const override { return op != Read; }
    ssize_t read(void *, size_t) override { errno = EINVAL; return -1; }
    ssize_t write(const void *buffer, size_t size) override
    {
        if (m_bytes.size() + qint64(size) > m_limit) {
            m_overflow = true;
            errno = EFBIG;
            return -1;
        }
        m_bytes.append(static_cast<const char *>(buffer), qsizetype(size));
        return ssize_t(size);
    }
    off_t seek(off_t offset, int whence) override
    {
        // GPGME rewinds before it writes; appending is all it needs.
        if (offset == 0 && (whence == SEEK_SET || whence == SEEK_CUR || whence == SEEK_END))
            return whence == SEEK_END || whence == SEEK_CUR ? off_t(m_bytes.size()) : 0;
        errno = EINVAL;
        return -1;
    }
    void release() override {}
    QByteArray bytes() const { return m_bytes; }
    bool overflow() const { return m_overflow; }

private:
    QByteArray m_bytes;
    qint64 m_limit;
    bool m_overflow = false;
};

GpgME::Protocol gpgmeProtocol(Protocol p)
{
    return p == Protocol::Cms ? GpgME::CMS : GpgME::OpenPGP;
}

std::unique_ptr<GpgME::Context> context(Protocol p)
{
    initialize();
    std::unique_ptr<GpgME::Context> ctx(GpgME::Context::createForProtocol(gpgmeProtocol(p)));
    return ctx;
}

QString errorText(const GpgME::Error &e)
{
    return QString::fromUtf8(e.asString());
}

// `ctx` (the one that verified) looks the signers' keys up: a new context would
// ask gpg for its version again before the listing.
QList<mime::SignatureInfo> signatureInfos(const GpgME::VerificationResult &result, GpgME::Context &ctx)
{
    QList<mime::SignatureInfo> out;
    const auto sigs = result.signatures();
    for (const GpgME::Signature &sig : sigs) {
        if (out.size() >= 16)   // CMS may carry any number of signerInfos; each costs a key lookup
            break;
        mime::SignatureInfo info;
        const unsigned sum = sig.summary();
        const unsigned code = sig.status().code();
        using S = GpgME::Signature;
        if (code == GPG_ERR_BAD_SIGNATURE)
            info.status = mime::SignatureStatus::Bad;
        else if ((sum & S::KeyRevoked) || code == GPG_ERR_CERT_REVOKED)
            info.status = mime::SignatureStatus::Revoked;
        else if (sum & S::Red)
            info.status = mime::SignatureStatus::Bad;
        else if ((sum & S::KeyMissing) || code == GPG_ERR_NO_PUBKEY)
            info.status = mime::SignatureStatus::UnknownKey;
        else if ((sum & (S::KeyExpired | S::SigExpired)) || code == GPG_ERR_KEY_EXPIRED || code == GPG_ERR_SIG_EXPIRED ||
                 code == GPG_ERR_CERT_EXPIRED)
            info.status = mime::SignatureStatus::Expired;
        else if (code != GPG_ERR_NO_ERROR)
            info.status = mime::SignatureStatus::Error;
        else if ((sum & S::Valid) || sig.validity() == S::Full || sig.validity() == S::Ultimate)
            info.status = mime::SignatureStatus::Valid;
        else
            info.status = mime::SignatureStatus::NotTrusted;
        if (code != GPG_ERR_NO_ERROR)
            info.detail = errorText(sig.status());
        info.fingerprint = QString::fromLatin1(sig.fingerprint());
        if (sig.creationTime() > 0)
            info.created = QDateTime::fromSecsSinceEpoch(qint64(sig.creationTime()), Qt::UTC);
        if (info.status != mime::SignatureStatus::UnknownKey) {
            GpgME::Error e;
            const GpgME::Key key = sig.fingerprint() ? ctx.key(sig.fingerprint(), e, false) : GpgME::Key();
            if (!key.isNull()) {
                info.fingerprint = QString::fromLatin1(key.primaryFingerprint());
                for (const GpgME::UserID &uid : key.userIDs())
                    if (!uid.isRevoked() && !uid.isInvalid() && uid.id())
                        info.userIds << QString::fromUtf8(uid.id());
            }
        }
        info.addresses = addressesOf(info.userIds);
        out.append(info);
    }
    return out;
}

} // namespace

void initialize()
{
    static std::once_flag once;
    std::call_once(once, [] { GpgME::initializeLibrary(); });
}

QByteArray stateName(DecryptOutcome::State s)
{
    switch (s) {
    case DecryptOutcome::State::Decrypted: return "decrypted";
    case DecryptOutcome::State::NoIntegrity: return "refused-no-integrity";
    case DecryptOutcome::State::NoSecretKey: return "no-secret-key";
    case DecryptOutcome::State::TooLarge: return "too-large";
    case DecryptOutcome::State::Failed: break;
    }
    return "failed";
}

QStringList addressesOf(const QStringList &userIds)
{
    // The last <…> of a user ID, or the whole of one that is just an address.
    static const QRegularExpression angle(QStringLiteral("<([^<>\\s]+@[^<>\\s]+)>\\s*$"));
    static const QRegularExpression bare(QStringLiteral("^\\s*([^<>\\s@]+@[^<>\\s@]+)\\s*$"));
    QStringList out;
    for (const QString &uid : userIds) {
        QRegularExpressionMatch m = angle.match(uid);
        if (!m.hasMatch())
            m = bare.match(uid);
        if (m.hasMatch() && !out.contains(m.captured(1).toLower()))
            out << m.captured(1).toLower();
    }
    return out;
}

VerifyOutcome verifyDetached(Protocol protocol, const QByteArray &signedBytes, const QByteArray &signature)
{
    VerifyOutcome out;
    if (signedBytes.size() > kMaxInput || signature.size() > kMaxInput) {
        out.error = QStringLiteral("the signed part is larger than %1 MB").arg(kMaxInput >> 20);
        return out;
    }
    auto ctx = context(protocol);
    if (!ctx) {
        out.error = QStringLiteral("GPGME has no engine for this protocol");
        return out;
    }
    ctx->setOffline(true);   // no CRL or OCSP fetch, no key lookup on the network while reading
    const GpgME::Data sig(signature.constData(), size_t(signature.size()), false);
    const GpgME::Data text(signedBytes.constData(), size_t(signedBytes.size()), false);
    const GpgME::VerificationResult result = ctx->verifyDetachedSignature(sig, text);
    if (result.error() && result.signatures().empty())
        out.error = errorText(result.error());
    out.signatures = signatureInfos(result, *ctx);
    return out;
}

VerifyOutcome verifyOpaque(Protocol protocol, const QByteArray &signedData)
{
    VerifyOutcome out;
    if (signedData.size() > kMaxInput) {
        out.error = QStringLiteral("the signed data is larger than %1 MB").arg(kMaxInput >> 20);
        return out;
    }
    auto ctx = context(protocol);
    if (!ctx) {
        out.error = QStringLiteral("GPGME has no engine for this protocol");
        return out;
    }
    ctx->setOffline(true);
    const GpgME::Data in(signedData.constData(), size_t(signedData.size()), false);
    BoundedSink sink(kMaxOutput);
    GpgME::Data plain(&sink);
    const GpgME::VerificationResult result = ctx->verifyOpaqueSignature(in, plain);
    if (sink.overflow()) {
        out.error = QStringLiteral("the signed text is larger than %1 MB").arg(kMaxOutput >> 20);
        return out;
    }
    if (result.error() && result.signatures().empty())
        out.error = errorText(result.error());
    out.signatures = signatureInfos(result, *ctx);
    out.plaintext = sink.bytes();
    return out;
}

DecryptOutcome decryptAndVerify(Protocol protocol, const QByteArray &ciphertext)
{
    DecryptOutcome out;
    if (ciphertext.size() > kMaxInput) {
        out.state = DecryptOutcome::State::TooLarge;
        out.error = QStringLiteral("the encrypted part is larger than %1 MB").arg(kMaxInput >> 20);
        return out;
    }
    auto ctx = context(protocol);
    if (!ctx) {
        out.error = QStringLiteral("GPGME has no engine for this protocol");
        return out;
    }
    ctx->setOffline(true);
    const GpgME::Data in(ciphertext.constData(), size_t(ciphertext.size()), false);
    BoundedSink sink(kMaxOutput);
    GpgME::Data plain(&sink);
    const auto [decryption, verification] = ctx->decryptAndVerify(in, plain);
    // EFAIL (Poddebniak et al. 2018): without a modification detection code an
    // attacker can change the plaintext unseen. Refused whatever gpg returned.
    if (decryption.isLegacyCipherNoMDC()) {
        out.state = DecryptOutcome::State::NoIntegrity;
        out.error = QStringLiteral("the message is not integrity protected (no MDC): it may have been changed, and is not shown");
        return out;
    }
    if (sink.overflow()) {
        out.state = DecryptOutcome::State::TooLarge;
        out.error = QStringLiteral("the decrypted message is larger than %1 MB").arg(kMaxOutput >> 20);
        return out;
    }
    if (const GpgME::Error e = decryption.error(); e || e.isCanceled()) {
        out.error = errorText(e);
        out.state = e.code() == GPG_ERR_NO_SECKEY ? DecryptOutcome::State::NoSecretKey : DecryptOutcome::State::Failed;
        return out;
    }
    out.state = DecryptOutcome::State::Decrypted;
    out.plaintext = sink.bytes();
    out.signatures = signatureInfos(verification, *ctx);
    return out;
}

Result<QByteArray> signDetached(Protocol protocol, const QByteArray &data, const QString &signerFingerprint, QByteArray *micalg)
{
    auto ctx = context(protocol);
    if (!ctx)
        return Error::invalid(QStringLiteral("GPGME has no engine for this protocol"));
    GpgME::Error e;
    const GpgME::Key key = ctx->key(signerFingerprint.toLatin1().constData(), e, true);
    if (key.isNull() || e)
        return Error::notFound(QStringLiteral("no secret key %1").arg(signerFingerprint));
    ctx->addSigningKey(key);
    ctx->setArmor(protocol == Protocol::OpenPgp);
    const GpgME::Data in(data.constData(), size_t(data.size()), false);
    GpgME::Data sig;
    const GpgME::SigningResult result = ctx->sign(in, sig, GpgME::Detached);
    if (result.error())
        return Error::invalid(QStringLiteral("signing failed: %1").arg(errorText(result.error())));
    if (micalg && !result.createdSignatures().empty()) {
        const QByteArray hash = QByteArray(result.createdSignature(0).hashAlgorithmAsString()).toLower();
        // RFC 3156 §5: "pgp-" and the hash's textual name; RFC 8551 §3.5.3.2: "sha-256".
        *micalg = protocol == Protocol::OpenPgp ? "pgp-" + hash : QByteArray(hash).replace("sha", "sha-");
    }
    sig.seek(0, SEEK_SET);
    return QByteArray::fromStdString(sig.toString());
}

Result<QByteArray> encrypt(Protocol protocol, const QByteArray &data, const QStringList &recipientFingerprints,
                           const QString &signerFingerprint, bool keysChecked)
{
    const GpgME::Context::EncryptionFlags flags = keysChecked && protocol == Protocol::OpenPgp ? GpgME::Context::AlwaysTrust : GpgME::Context::None;
    auto ctx = context(protocol);
    if (!ctx)
        return Error::invalid(QStringLiteral("GPGME has no engine for this protocol"));
    // The recipients' keys in one listing: a gpg run per key costs more than the encryption.
    std::vector<GpgME::Key> keys;
    {
        QList<QByteArray> fprs;
        for (const QString &fpr : recipientFingerprints)
            fprs << fpr.toLatin1();
        std::vector<const char *> patterns;
        for (const QByteArray &f : std::as_const(fprs))
            patterns.push_back(f.constData());
        patterns.push_back(nullptr);
        if (!fprs.isEmpty() && !ctx->startKeyListing(patterns.data(), false)) {
            GpgME::Error e;
            for (GpgME::Key k = ctx->nextKey(e); !e && !k.isNull() && keys.size() < 1000; k = ctx->nextKey(e))
                keys.push_back(k);
            ctx->endKeyListing();
        }
        for (const QString &fpr : recipientFingerprints)
            if (std::none_of(keys.cbegin(), keys.cend(), [&fpr](const GpgME::Key &k) { return fpr == QLatin1String(k.primaryFingerprint()); }))
                return Error::notFound(QStringLiteral("no public key %1").arg(fpr));
    }
    ctx->setArmor(protocol == Protocol::OpenPgp);
    const GpgME::Data in(data.constData(), size_t(data.size()), false);
    GpgME::Data cipher;
    if (!signerFingerprint.isEmpty()) {
        // The sender is a recipient too (encrypt to self): that listing already has the key; gpg
        // signs with its secret part, which the caller found (signingKeyFor).
        GpgME::Key signer;
        for (const GpgME::Key &k : keys)
            if (signerFingerprint == QLatin1String(k.primaryFingerprint()))
                signer = k;
        GpgME::Error e;
        if (signer.isNull())
            signer = ctx->key(signerFingerprint.toLatin1().constData(), e, true);
        if (signer.isNull() || e)
            return Error::notFound(QStringLiteral("no secret key %1").arg(signerFingerprint));
        ctx->addSigningKey(signer);
        const auto [s, r] = ctx->signAndEncrypt(keys, in, cipher, flags);
        if (s.error())
            return Error::invalid(QStringLiteral("signing failed: %1").arg(errorText(s.error())));
        if (r.error())
            return Error::invalid(QStringLiteral("encryption failed: %1").arg(errorText(r.error())));
    } else {
        const GpgME::EncryptionResult r = ctx->encrypt(keys, in, cipher, flags);
        if (r.error())
            return Error::invalid(QStringLiteral("encryption failed: %1").arg(errorText(r.error())));
    }
    cipher.seek(0, SEEK_SET);
    return QByteArray::fromStdString(cipher.toString());
}

} // namespace tern::crypto
