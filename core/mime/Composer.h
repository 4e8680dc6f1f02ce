#pragma once
// Composing mail: a draft (what the user wrote) and the RFC 5322 bytes built
// from it, plus drafts for replies and forwards built from the original's bytes.
// What Tern builds is plain text as format=flowed (RFC 3676), header text
// RFC 2047-encoded and folded, attachments with RFC 2231 names, and it parses
// back identically through GMime (tests/unit/tst_composer.cpp).
#include "common/Error.h"
#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace tern::mime {

struct DraftAddress {
    QString name;      // display name, any Unicode (RFC 2047-encoded in the header); may be empty
    QString address;   // the addr-spec as written; a non-ASCII one stays UTF-8 (RFC 6532) and needs SMTPUTF8
    bool operator==(const DraftAddress &o) const { return name == o.name && address == o.address; }
};

struct DraftAttachment {
    QString path;          // read when the message is built, unless empty: then `data`
    QByteArray data;
    QString filename;      // default: the path's file name
    QByteArray mimeType;   // default: guessed from the name and the bytes (QMimeDatabase)
};

struct Draft {
    DraftAddress from;
    QList<DraftAddress> replyTo, to, cc, bcc;
    QString subject;
    QString body;                          // plain text, lines end in '\n'; a line "-- " starts the signature
    QList<DraftAttachment> attachments;
    QByteArray inReplyTo;                  // "<id@host>", or empty
    QList<QByteArray> references;          // "<id@host>" each, the thread's root first
};

struct ComposeLimits {
    qint64 maxAttachmentBytes = 100LL << 20;   // one attachment
    qint64 maxTotalBytes = 100LL << 20;        // body and attachments together
    int maxAttachments = 250;
    int maxRecipients = 1000;                  // To, Cc and Bcc together
    int maxReferences = 20;                    // the root and the most recent (RFC 5322 §3.6.4 leaves it to us)
    int maxHeaderTextChars = 1000;             // a subject or a display name
};

struct ComposeOptions {
    QDateTime date;              // default: now, with the local offset
    QByteArray messageId;        // "<…>"; default: random, at the From address's domain
    bool writeBcc = true;        // `tern send` takes Bcc out of what travels (RFC 5322 §3.6.3)
    ComposeLimits limits;
};

struct ComposedMessage {
    QByteArray bytes;            // the whole message, CRLF line ends
    QByteArray messageId;        // "<…>"
    bool needsSmtpUtf8 = false;  // an address is not ASCII: submit with SMTPUTF8 (RFC 6531)
};

// The message, or why not: a line break in any header input (header
// injection), a malformed address, an unreadable or oversized attachment.
Result<ComposedMessage> composeMessage(const Draft &draft, const ComposeOptions &options = {});

// Mailboxes as a person types them ("Ann <ann@example.org>, bob@example.org")
// or as a header field holds them (encoded words decoded in names only).
Result<QList<DraftAddress>> parseDraftAddresses(const QString &text);

enum class ReplyMode {
    Sender,   // Reply-To, else From
    All,      // and everyone in To and Cc, without the user's own addresses
    List,     // the List-Post mailto: address (RFC 2369 §3.4); an error without one
};
enum class ForwardMode { Inline, Attached };

struct Responder {
    DraftAddress from;           // who writes the reply or the forward
    QStringList myAddresses;     // the user's other addresses (left out of a reply-all)
    QString text;                // what the user wrote: after the quote of a reply, before a forwarded message
};

Result<Draft> replyDraft(const QByteArray &original, ReplyMode mode, const Responder &me,
                         const ComposeLimits &limits = {});
Result<Draft> forwardDraft(const QByteArray &original, ForwardMode mode, const Responder &me,
                           const ComposeLimits &limits = {});

// "Re: x" from "x", "Re: x", "RE: Re: x", "AW: x" …: one prefix, never stacked.
QString replySubject(const QString &subject);
QString forwardSubject(const QString &subject);

} // namespace tern::mime
