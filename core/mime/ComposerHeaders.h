#pragma once
// Header fields for the composer (internal to core/mime): checks that make
// header injection impossible, RFC 2047 encoding of display names and text,
// folding at 78 columns, Date and Message-ID.
#include "common/Error.h"
#include "mime/Composer.h"

namespace tern::mime::compose {

// Refuses CR, LF and every other control character but TAB, and text longer
// than `maxChars`: what a header field must never carry (RFC 5322 §2.2).
Status checkHeaderText(const QString &text, const QString &what, int maxChars);

// An addr-spec as Tern writes it: one '@', no spaces, no controls, no
// characters that would end or split a mailbox. Returns whether it is not
// ASCII (RFC 6532 UTF-8: the message then needs SMTPUTF8).
Result<bool> checkAddress(const QString &address, const QString &what);

// A display name for a mailbox (RFC 5322 §3.2.5 phrase): as atoms, a quoted
// string, or RFC 2047 encoded words (UTF-8).
QByteArray encodePhrase(const QString &name);
// Unstructured text (Subject): RFC 2047 encoded words where needed.
QByteArray encodeText(const QString &text);
// "phrase <addr>" or "addr"; the address itself is never an encoded word.
QByteArray mailboxText(const DraftAddress &mailbox);

// "Name: value\r\n" folded at whitespace to lines of at most 78 octets
// (RFC 5322 §2.2.3) where words allow; structured values are not broken inside
// quoted strings.
QByteArray foldField(const QByteArray &name, const QByteArray &value, bool structured);

QByteArray rfc5322Date(const QDateTime &when);   // RFC 5322 §3.3, the time's own offset
QByteArray newMessageId(const QString &fromAddress);
// A msg-id as "<…>" (brackets added when missing), or why it cannot be one.
Result<QByteArray> checkMessageId(const QByteArray &id, const QString &what);
// Every msg-id of a References or In-Reply-To field, in order.
QList<QByteArray> messageIds(const QByteArray &fieldValue);

// The mailboxes of a header field value (groups flattened), names decoded and
// cleaned of control and format characters; each address as the field wrote
// it (GMime turns an IDNA domain into Unicode: the field's own form is kept).
QList<DraftAddress> headerMailboxes(const QByteArray &fieldValue);

} // namespace tern::mime::compose
