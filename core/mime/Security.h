#pragma once
// What a reader is told about a message's signatures and encryption: the
// typed verdicts core/crypto draws from GPGME's structured results, in the
// words the viewer and `tern render` show. Data only; core/crypto fills it
// (crypto depends on mime, never the other way round).
#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace tern::mime {

// One signature's verdict, from GPGME's Signature summary, status and validity.
enum class SignatureStatus {
    Valid,        // good signature, key valid (certified or ultimately trusted)
    NotTrusted,   // good signature, but nothing says the key belongs to its user ID
    Bad,          // the signed bytes were changed, or the signature is damaged
    UnknownKey,   // no public key (certificate) to check it with
    Expired,      // the key or the signature expired
    Revoked,      // the key was revoked
    Error,        // could not be checked (damaged, unsupported)
};
QString statusName(SignatureStatus s);   // "valid", "not-trusted", "bad", "unknown-key", "expired", "revoked", "error"

struct SignatureInfo {
    SignatureStatus status = SignatureStatus::Error;
    QString fingerprint;          // of the signing key (or its subkey when the key is unknown)
    QStringList userIds;          // of the signing key, as its owner wrote them
    QStringList addresses;        // the e-mail addresses in those user IDs, lowercase
    QDateTime created;
    bool matchesFrom = false;     // one of `addresses` is the message's From address
    QString detail;               // GPGME's reason, when not valid
};

struct MessageSecurity {
    // Where protection was found. `covered` is true only when a signature or
    // the encryption wraps the root of what is displayed (RFC 3156 §5, §6;
    // RFC 8551 §3.5): a protected part inside unprotected content is listed
    // in `nestedSections` and shown as an attachment, never as "signed".
    QByteArray protocol;          // "openpgp", "smime" or empty
    QByteArray form;              // "pgp-mime", "pgp-inline", "smime-detached", "smime-opaque", "smime-enveloped"
    bool signedRoot = false;
    QList<SignatureInfo> signatures;
    bool encrypted = false;
    QByteArray decryption;        // "decrypted", "failed", "refused-no-integrity", "no-secret-key", "too-large", or empty
    QList<QByteArray> nestedSections;   // protected parts below unprotected content: attachments, not verified
    bool remoteContentForbidden = false;   // decrypted: nothing remote is ever loaded
    QString protectedSubject;     // the Subject from inside the encryption (shown instead of the outer one)
    QStringList warnings;         // sentences for the reader
    bool present() const { return !protocol.isEmpty() || !nestedSections.isEmpty() || !warnings.isEmpty(); }
    // The one word a reader's indicator shows for the signature: "none",
    // "mismatch" (good signature by someone other than From), or the worst
    // status of the signatures.
    QString signatureVerdict() const;
};

QJsonObject toJson(const MessageSecurity &s);

} // namespace tern::mime
