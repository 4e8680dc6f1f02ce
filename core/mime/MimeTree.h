#pragma once
// The part tree of a message: one model whether the message was parsed here
// (GMime 3, nothing of which leaves core/mime) or described by the server
// (IMAP BODYSTRUCTURE), whose parts may not be loaded yet. Sections are IMAP
// part numbers (RFC 9051 §6.4.5): a single-part message's body is "1"; the
// children of a multipart are "1", "2" … and "2.1" … below; the message inside
// a message/rfc822 part "3" has its parts at "3.1" ….
// Every size, depth and count is bounded (MimeLimits): a MIME bomb costs a
// problem line, not the client.
#include "common/Error.h"
#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <utility>

namespace tern::imap { struct Token; }

namespace tern::mime {

struct MimeLimits {
    int maxDepth = 24;                          // nested multiparts and messages
    int maxParts = 2000;
    qint64 maxMessageBytes = 256LL << 20;
    qint64 maxHeaderBytes = 1LL << 20;          // one header block
    // Transfer-decode only text leaves (the rest keep loaded = false and
    // their size): what an indexer needs, without decoding every attachment.
    bool textOnly = false;
};

using HeaderFields = QList<std::pair<QByteArray, QByteArray>>;   // name, raw value (unfolded)

struct MimePart {
    QByteArray section;                         // "" for a multipart message root
    QByteArray type = "text", subtype = "plain";   // lowercase
    QMap<QByteArray, QString> params;           // Content-Type parameters: names lowercase, values decoded (RFC 2231/2047)
    QByteArray disposition;                     // "inline", "attachment" or empty
    QString filename;                           // as the sender named it, decoded: unsafe until sanitized (Attachments)
    QByteArray encoding;                        // Content-Transfer-Encoding, lowercase
    QByteArray contentId;                       // without angle brackets
    QString description;
    qint64 size = -1;                           // bytes as sent (still encoded)
    bool loaded = false;                        // `content` is here
    QByteArray content;                         // transfer-decoded bytes (leaves only)
    QByteArray raw;                             // the part exactly as sent (headers and body): children of multipart/signed
    HeaderFields headers;                       // message/rfc822 children: the embedded message's header fields
    QList<MimePart> children;                   // multipart: its parts; message/rfc822: the embedded message's root
    bool truncated = false;                     // a limit cut something below here

    QByteArray mimeType() const { return type + '/' + subtype; }
    bool isMultipart() const { return type == "multipart"; }
    bool isMessage() const { return type == "message" && (subtype == "rfc822" || subtype == "global"); }
    bool isText() const { return type == "text"; }
    // An attachment to list (not shown inline): disposition attachment, or a leaf
    // that is neither text nor an image referenced by the message.
    bool isAttachment() const;
    QString charset() const { return params.value(QByteArrayLiteral("charset")); }
    const MimePart *find(const QByteArray &section) const;
    int count() const;   // parts in this subtree
};

struct ParsedMessage {
    MimePart root;
    HeaderFields headers;                       // the message's header fields, unfolded, raw (encoded words intact)
    QStringList problems;                       // what a limit cut or what was malformed
    QByteArray header(const QByteArray &name) const;   // the first field called `name` (case-insensitive)
    QList<QByteArray> headerAll(const QByteArray &name) const;
};

// Parses a whole message. Errors only for input that is not a message at all
// (empty, larger than the limit); damage inside is a problem line.
Result<ParsedMessage> parseMessage(const QByteArray &raw, const MimeLimits &limits = {});

// The tree an IMAP server described (FETCH BODYSTRUCTURE); nothing loaded.
Result<MimePart> fromBodyStructure(const imap::Token &bodystructure, const MimeLimits &limits = {});
// A part's body as sent (BODY[1.2]) decoded per its Content-Transfer-Encoding.
QByteArray transferDecode(const QByteArray &bytes, const QByteArray &encoding);
// The tree from the IMAP text the cache keeps (messages.bodystructure).
Result<MimePart> fromBodyStructureText(const QByteArray &imapText, const MimeLimits &limits = {});

// The leaves a reader sees, in order: in multipart/alternative the richest
// part Tern renders (HTML), or the plain one when the reader prefers plain
// text; in multipart/related the root and the parts it references; in mixed,
// every inline text part and image; the insides of attached messages.
QList<const MimePart *> displayedParts(const MimePart &root, bool preferPlain);
// Of those, the sections still to fetch (IMAP BODY.PEEK[section]).
QList<QByteArray> sectionsToRender(const MimePart &root, bool preferPlain);

// Text in a declared charset, through ICU (QStringDecoder) with the aliases
// mailers really use; unlabelled or mislabelled 8-bit text falls back to
// UTF-8 when it is valid, else windows-1252.
QString decodeText(const QByteArray &bytes, const QString &charset);

// The exact bytes of the part at `section` in `message` (headers and body),
// found by the multipart boundaries themselves: what a signature covers.
Result<QByteArray> rawPart(const QByteArray &message, const QByteArray &section, const MimeLimits &limits = {});

} // namespace tern::mime
