#pragma once
// Address lists parsed by GMime (RFC 5322 §3.4: groups, display names,
// comments, obsolete forms). Only the addr-spec is returned here: what
// SMTP needs. Display names come with the MIME engine's header display.
#include <QByteArray>
#include <QList>
#include <QString>

namespace tern::mime {

// A mailbox of an address field: the display name decoded, the address exactly
// as the field writes it (never decoded from encoded words or punycode).
struct Mailbox {
    QString name;
    QByteArray address;   // UTF-8
};
// Every mailbox in a header value, groups flattened, bounded in size and count.
QList<Mailbox> parseMailboxes(const QByteArray &headerValue);
// Only their addresses: what SMTP needs.
QList<QByteArray> parseAddressList(const QByteArray &headerValue);

// Unfolded values of every header called `name` in the message's header block.
QList<QByteArray> headerValues(const QByteArray &message, const QByteArray &name);

// The message without any header called `name` (with its continuation lines).
QByteArray removeHeader(const QByteArray &message, const QByteArray &name);

// An unstructured header value (Subject) with RFC 2047 encoded words decoded,
// for display in one line. Control and format characters (bidi overrides)
// become spaces.
QString decodeHeaderText(const QByteArray &raw);
// The same without the cleaning: what the text says (the header display escapes it).
QString decodeEncodedWords(const QByteArray &raw);

void ensureGMimeInitialized();

} // namespace tern::mime
