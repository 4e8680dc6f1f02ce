#pragma once
// Signs and encrypts a composed message as PGP/MIME (RFC 3156) or S/MIME
// (RFC 8551): the body with its Content-* fields becomes the protected entity;
// the other header fields stay outside. Keys are chosen from the user's
// keyring: the From address signs, every recipient and the sender themself are
// encrypted to; a recipient without a valid key is an error naming them.
// With encryption the real Subject travels inside (protected headers,
// protected-headers="v1") and the outer one reads "...".
//
// Blind copies (Bcc) and encryption: a ciphertext names the keys it is
// encrypted to (OpenPGP key IDs, CMS issuer and serial numbers), so one
// ciphertext for everyone would tell every To and Cc recipient who was Bcc'd.
// OpenPGP could hide the key IDs (--throw-keyids) but S/MIME cannot, and even
// hidden, the number of recipients shows. So protectForSending() makes one
// copy for the visible recipients and one for each Bcc recipient, each
// encrypted to its own readers and the sender; only the first is kept in Sent.
#include "common/Error.h"
#include "crypto/GpgOperations.h"
#include <QByteArray>
#include <QHash>
#include <QList>
#include <QStringList>

namespace tern::crypto {

struct ProtectOptions {
    bool sign = false;
    bool encrypt = false;
    Protocol protocol = Protocol::OpenPgp;
    // Keys the user accepted for addresses (lowercase address -> fingerprint),
    // used for those without a valid key (see keysForRecipients).
    QHash<QString, QString> acceptedKeys;
};

// One message for the outbox: its bytes (no Bcc field) and its envelope recipients.
struct OutgoingCopy {
    QByteArray bytes;
    QList<QByteArray> recipients;
    bool keepInSent = true;     // the copy for the visible recipients; Bcc copies are not kept twice
};

// The message signed and/or encrypted, Bcc recipients encrypted to like the
// others and the Bcc field left as it is (for `tern compose`: encrypting for
// Bcc recipients is refused there, see protectForSending()).
Result<QByteArray> protectMessage(const QByteArray &message, const ProtectOptions &options);

// What to hand to the outbox for `message` (which may carry Bcc): unprotected,
// one copy without the Bcc field; signed only, the same; encrypted, one copy
// for To and Cc and one per Bcc recipient (see above).
Result<QList<OutgoingCopy>> protectForSending(const QByteArray &message, const ProtectOptions &options);

// A draft encrypted to its writer alone: nothing of the text, the Subject or
// the Bcc recipients readable in the Drafts folder or the offline journal.
Result<QByteArray> protectDraft(const QByteArray &message, Protocol protocol);

// The recipients (To, Cc, Bcc) and the sender among them, lowercase, who have
// no key to encrypt to: what the composer warns about before sending.
QStringList recipientsWithoutKeys(const QByteArray &message, Protocol protocol, const QHash<QString, QString> &accepted = {});
// The recipients (To, Cc, Bcc), lowercase, without the sender.
QStringList recipientsOf(const QByteArray &message);

} // namespace tern::crypto
