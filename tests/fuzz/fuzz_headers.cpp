// Header field values, arbitrary: every decoder Tern applies to them — RFC 2047
// encoded words, address lists as displayed (Mailsploit rules), dates, Received:
// time stamps, RFC 2231 parameters (as an IMAP server passes them on, and as
// GMime reads them in a message), attachment names, charset names, mailto:
// links — and the properties the header display promises.
#include "FuzzCheck.h"

#include "imap/ImapResponse.h"
#include "mime/Addresses.h"
#include "mime/Attachments.h"
#include "mime/MailDate.h"
#include "mime/Mailto.h"
#include "mime/MimeTree.h"
#include "mime/Render.h"
#include "mime/Route.h"

#include <cstddef>
#include <cstdint>

using namespace tern::mime;
using tern::imap::Token;

namespace {

bool escaped(const QString &s)
{
    return escapeInvisible(s) == s;
}

// What every display of hostile text in core/mime spells out, whichever of its
// rules it follows (Render, Route, Attachments): control and format characters
// (bidi overrides, zero-width), line and paragraph separators, lone surrogates.
bool nothingHidden(const QString &s)
{
    for (QChar c : s) {
        switch (c.category()) {
        case QChar::Other_Control:
        case QChar::Other_Format:
        case QChar::Separator_Line:
        case QChar::Separator_Paragraph:
            return false;
        default:
            break;
        }
    }
    for (qsizetype i = 0; i < s.size(); ++i) {
        if (s.at(i).isHighSurrogate() && i + 1 < s.size() && s.at(i + 1).isLowSurrogate())
            ++i;
        else if (s.at(i).isSurrogate())
            return false;
    }
    return true;
}

// "name\nvalue\nname\nvalue…" as the parameter list of a BODYSTRUCTURE leaf.
Token paramToken(const QList<QByteArray> &lines)
{
    Token list{Token::Kind::List, {}, {}};
    for (qsizetype i = 0; i + 1 < lines.size() && i < 64; i += 2) {
        list.items.append(Token{Token::Kind::String, lines.at(i), {}});
        list.items.append(Token{Token::Kind::String, lines.at(i + 1), {}});
    }
    return list;
}

void checkFileName(const QString &name)
{
    const QString safe = safeFileName(name, "application/pdf");
    FUZZ_CHECK(!safe.isEmpty());
    FUZZ_CHECK(!safe.contains(QLatin1Char('/')) && !safe.contains(QLatin1Char('\\')));
    FUZZ_CHECK(safe != QLatin1String(".") && safe != QLatin1String(".."));
    FUZZ_CHECK(safe.toUtf8().size() <= kMaxFileNameBytes);
    FUZZ_CHECK(safeFileName(safe, "application/pdf") == safe);   // documented: idempotent
    FUZZ_CHECK(nothingHidden(displayFileName(name)));
    (void)hasHiddenCharacters(name);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray raw(reinterpret_cast<const char *>(data), qsizetype(size));

    // RFC 2047 (Subject and display names).
    const QString decoded = decodeEncodedWords(raw);
    const QString line = decodeHeaderText(raw);
    for (QChar c : line)
        FUZZ_CHECK(c.category() != QChar::Other_Control && c.category() != QChar::Other_Format);
    FUZZ_CHECK(escaped(escapeInvisible(decoded)));

    // Address fields as displayed, and as SMTP takes them.
    for (const DisplayedAddress &a : displayAddresses(raw)) {
        FUZZ_CHECK(escaped(a.name));
        FUZZ_CHECK(escaped(a.address));
    }
    for (const Mailbox &m : parseMailboxes(raw))
        FUZZ_CHECK(!m.address.isEmpty());
    (void)parseAddressList(raw);

    // Dates, as Date: and the end of Received: give them.
    const QDateTime date = parseMailDate(QString::fromUtf8(raw));
    FUZZ_CHECK(!date.isValid() || date.timeSpec() == Qt::UTC);
    (void)parseMailDate(QString::fromLatin1(raw));

    // Received: time stamps, one value and a chain of them (one a line).
    const RouteHop hop = parseReceived(raw);
    for (const QString &s : {hop.from, hop.fromHost, hop.fromIp, hop.helo, hop.by, hop.with, hop.tls, hop.id, hop.recipient})
        FUZZ_CHECK(nothingHidden(s));
    const QList<QByteArray> lines = raw.split('\n');
    const MessageRoute route = parseRoute(lines);
    FUZZ_CHECK(route.hops.size() <= kMaxRouteHops);
    (void)routeToJson(route);

    // A header block: fields found and removed.
    (void)headerValues(raw, "Received");
    (void)removeHeader(raw, "Subject");

    // RFC 2231 parameters as an IMAP server passes them on (name, value lines) …
    Token leaf{Token::Kind::List, {}, {}};
    const Token params = paramToken(lines);
    for (const char *field : {"application", "octet-stream"})
        leaf.items.append(Token{Token::Kind::String, field, {}});
    leaf.items.append(params);
    leaf.items.append(Token{Token::Kind::Nil, {}, {}});
    leaf.items.append(Token{Token::Kind::Nil, {}, {}});
    leaf.items.append(Token{Token::Kind::String, "base64", {}});
    leaf.items.append(Token{Token::Kind::Atom, "100", {}});
    leaf.items.append(Token{Token::Kind::Nil, {}, {}});   // md5
    leaf.items.append(Token{Token::Kind::List, {}, {Token{Token::Kind::String, "attachment", {}}, params}});
    if (auto part = fromBodyStructure(leaf))
        checkFileName(part.value().filename);

    // … and as GMime reads them in a message's own header.
    const QByteArray message = "Content-Type: application/octet-stream; " + raw.left(16 * 1024) +
                               "\r\nContent-Disposition: attachment; " + raw.left(16 * 1024) + "\r\n\r\nbody\r\n";
    if (auto parsed = parseMessage(message))
        checkFileName(parsed.value().root.filename);

    // A mailto: link from a web page (RFC 6068): no field it sets may add a header line.
    if (auto mailto = parseMailto(QString::fromUtf8(raw))) {
        const MailtoFields &f = mailto.value();
        FUZZ_CHECK(!f.subject.contains(QLatin1Char('\n')) && !f.subject.contains(QLatin1Char('\r')));
        FUZZ_CHECK(!f.inReplyTo.contains('\n') && !f.inReplyTo.contains('\r'));
    }
    (void)parseMailto(QStringLiteral("mailto:") + QString::fromUtf8(raw));

    // A charset name (the first line) applied to the bytes.
    (void)decodeText(raw, QString::fromLatin1(lines.first().left(80)));
    checkFileName(QString::fromUtf8(raw));
    return 0;
}
