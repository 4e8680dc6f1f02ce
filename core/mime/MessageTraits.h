#pragma once
// What the message list shows of a message's structure before it is opened:
// whether it has attachments, and whether it is signed or encrypted, read from
// the root's Content-Type (multipart/signed, multipart/encrypted,
// application/pkcs7-mime; RFC 1847, RFC 3156, RFC 8551) — as the viewer's
// verdicts, only the root counts: a signed part inside unsigned mail is an
// attachment, not a signed message. From the server's BODYSTRUCTURE or, for
// mail the cache holds whole (POP3, drafts), from the bytes.
#include "common/Error.h"
#include "mime/MimeTree.h"

namespace tern::mime {

struct MessageTraits {
    bool attachment = false;
    bool isSigned = false;
    bool encrypted = false;
};

MessageTraits traitsOf(const MimePart &root);
// `imapText`: the BODYSTRUCTURE as the cache keeps it (IMAP syntax, one list).
Result<MessageTraits> traitsFromBodyStructure(const QByteArray &imapText);
// At most `maxBytes` of the message are read: parts whose headers lie beyond
// (a huge first attachment) are not seen, which bounds the cost per row.
MessageTraits traitsFromMessage(const QByteArray &raw, qint64 maxBytes = 512 * 1024);

} // namespace tern::mime
