#pragma once
// The synchronous core of Tern's cryptography: verify, decrypt, sign and
// encrypt through GPGME's C++ binding (gpgmepp), OpenPGP with gpg and S/MIME
// with gpgsm, in the user's GnuPG home (GNUPGHOME respected). Verdicts come
// only from GPGME's structured results, never from gpg's text output.
// Safe to call from any thread (each call has its own GPGME context); the
// viewer calls it through CryptoWorker, off the UI thread.
// Untrusted input is bounded: ciphertext and signed data above kMaxInput are
// refused, and plaintext output stops at kMaxOutput (a compressed OpenPGP
// packet may inflate a few KB into gigabytes).
#include "common/Error.h"
#include "mime/Security.h"
#include <QByteArray>
#include <QList>
#include <QStringList>

namespace tern::crypto {

enum class Protocol { OpenPgp, Cms };

constexpr qint64 kMaxInput = 64LL << 20;
constexpr qint64 kMaxOutput = 64LL << 20;

struct VerifyOutcome {
    QList<mime::SignatureInfo> signatures;   // empty: nothing GPGME could read as a signature
    QByteArray plaintext;                    // what an opaque or clear signature covers, as GPGME returns it
    QString error;                           // the operation itself failed
};

struct DecryptOutcome {
    enum class State { Decrypted, Failed, NoIntegrity, NoSecretKey, TooLarge };
    State state = State::Failed;
    QByteArray plaintext;                    // only when Decrypted
    QList<mime::SignatureInfo> signatures;   // signatures inside the encryption (RFC 3156 §6.2)
    QString error;
};
QByteArray stateName(DecryptOutcome::State s);   // "decrypted", "failed", "refused-no-integrity", …

// Loads GPGME once; cheap after the first call.
void initialize();

VerifyOutcome verifyDetached(Protocol protocol, const QByteArray &signedBytes, const QByteArray &signature);
VerifyOutcome verifyOpaque(Protocol protocol, const QByteArray &signedData);
DecryptOutcome decryptAndVerify(Protocol protocol, const QByteArray &ciphertext);

// Writing. `signer` and `recipients` are fingerprints (see KeyStore).
Result<QByteArray> signDetached(Protocol protocol, const QByteArray &data, const QString &signerFingerprint,
                                QByteArray *micalg = nullptr);
// `keysChecked`: the caller chose every key by its own rules (KeyStore, with
// keys the user accepted by name), so gpg is not to ask again whether their
// user IDs are valid (OpenPGP only).
Result<QByteArray> encrypt(Protocol protocol, const QByteArray &data, const QStringList &recipientFingerprints,
                           const QString &signerFingerprint = {}, bool keysChecked = false);

// The e-mail addresses in user IDs such as "Alice <alice@example.test>" or an
// S/MIME "<alice@example.test>", lowercase.
QStringList addressesOf(const QStringList &userIds);

} // namespace tern::crypto
