#pragma once
// What a reader sees of a parsed message (fed to the viewer in ui/ and to
// `tern render`): header fields displayed so they cannot be spoofed, the text
// (plain text reflowed per RFC 3676 with quote levels, links and a dimmed
// signature; or HTML reduced to text), the HTML document for the viewer with
// every remote resource listed as blocked, the attachments, and problems.
//
// Header display rules (the Mailsploit attacks and friends):
// - an address is shown exactly as written in the field: never decoded from
//   RFC 2047 encoded words (an encoded word where an address must be is flagged);
// - the display name is decoded, but control characters and bidi overrides
//   are shown escaped ("<U+202E>"), never obeyed;
// - a display name that contains an address other than the real one is flagged.
#include "mime/MimeTree.h"
#include "mime/Route.h"
#include "mime/Security.h"
#include <QDateTime>
#include <memory>
#include <QJsonObject>

namespace tern::mime {

struct DisplayedAddress {
    QString name;          // decoded, escaped for display
    QString address;       // as written (addr-spec), escaped for display
    QStringList warnings;  // why this address deserves suspicion
};

struct DisplayedHeader {
    QByteArray field;                    // "From", "Subject" …
    QList<DisplayedAddress> addresses;   // address fields
    QString text;                        // the line as shown
    QStringList warnings;
};

struct RenderOptions {
    bool preferPlain = false;        // in multipart/alternative, the plain text part
    bool allowRemote = false;        // the user allowed remote content for this message or sender
};

struct AttachmentInfo {
    QByteArray section;
    QByteArray mimeType;
    qint64 size = -1;                // bytes as sent
    QString filename;                // as the sender named it, escaped for display
    QString saveName;                // what it is saved as: no path, no hidden extension (Attachments)
    bool hiddenCharacters = false;   // the sender's name hid something (bidi, invisible characters)
};

struct Rendered {
    QList<DisplayedHeader> headers;  // From, Sender, Reply-To, To, Cc, Date, Subject: those present, in that order
    QString text;                    // the text a reader sees
    QString html;                    // the document for the viewer (plain text rendered as HTML too)
    bool fromHtml = false;           // the message's own HTML is shown
    QList<AttachmentInfo> attachments;
    QStringList blocked;             // remote resources not loaded (URLs)
    QMap<QString, QByteArray> inlineImages;   // cid -> section, served by the viewer from the message
    MessageRoute route;              // the Received: chain, oldest hop first
    QStringList problems;
    MessageSecurity security;        // signatures and encryption (filled by crypto::renderProtected)
    // A decrypted message: what was rendered (outer headers over the decrypted
    // root), whose parts the sections of `attachments` and `inlineImages` name.
    // Null otherwise: they name parts of the message as received.
    std::shared_ptr<const ParsedMessage> decrypted;
};

// Visible form of text that may hide things: control, format and bidi characters as <U+XXXX>.
QString escapeInvisible(const QString &text);

QList<DisplayedAddress> displayAddresses(const QByteArray &rawField);

// RFC 3676: the lines of a format=flowed body joined into paragraphs (delsp aware),
// each with its quote depth; a fixed body split into lines with their depth.
struct TextLine { int depth = 0; QString text; bool signature = false; };
QList<TextLine> textLines(const QString &body, bool flowed, bool delsp);

// HTML reduced to the text it shows: HTML's whitespace rule, scripts, styles and
// comments dropped, blocks on their own lines, list items as "* ", entities
// decoded. Not escaped: a caller that displays it escapes invisible characters.
QString htmlToText(const QString &html);

// Remote resources (http, https, ftp, protocol-relative, file) an HTML document would load.
QStringList remoteResources(const QString &html);

Rendered render(const ParsedMessage &message, const RenderOptions &options = {});
QJsonObject toJson(const Rendered &r);

} // namespace tern::mime
