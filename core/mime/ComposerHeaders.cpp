// GLib names a struct member 'signals', which Qt defines as a macro: GMime first.
#include <gmime/gmime.h>

#include "mime/ComposerHeaders.h"

#include "mime/Addresses.h"

#include <QLocale>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QUrl>

namespace tern::mime::compose {

namespace {

constexpr int kFoldWidth = 78;       // RFC 5322 §2.1.1: SHOULD
constexpr int kEncodedFoldWidth = 76;   // RFC 2047 §2: a line with an encoded word
constexpr int kEncodedWordMax = 75;     // RFC 2047 §2
constexpr int kLongestWord = 900;    // under the 998 octets a line MUST stay within

bool isAscii(const QByteArray &bytes)
{
    for (char c : bytes)
        if (uchar(c) >= 0x80)
            return false;
    return true;
}

// RFC 5322 §3.2.3 atext.
bool isAtext(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           QByteArrayView("!#$%&'*+-/=?^_`{|}~").contains(c);
}

// Words a header line cannot hold, or encoded words longer than RFC 2047
// allows (GMime 3.2 writes a long run of CJK in a display name as one word).
bool hasLongWord(const QByteArray &encoded)
{
    for (const QByteArray &w : encoded.split(' '))
        if (w.size() > kLongestWord || (w.startsWith("=?") && w.size() > kEncodedWordMax))
            return true;
    return false;
}

// The whole text as UTF-8 B encoded words of at most 75 characters (RFC 2047
// §2), split between characters. Used where GMime would leave text alone that
// a reader decodes: something that looks like an encoded word ("=?…?="), and
// for words too long for a header line.
QByteArray encodeAllAsWords(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    QList<QByteArray> words;
    qsizetype pos = 0;
    while (pos < utf8.size()) {
        qsizetype end = qMin(pos + 36, utf8.size());   // 36 octets: 48 base64 characters, 60 with the frame
        while (end < utf8.size() && end > pos + 1 && (uchar(utf8.at(end)) & 0xC0) == 0x80)
            --end;   // never inside a UTF-8 sequence
        words << "=?UTF-8?B?" + utf8.mid(pos, end - pos).toBase64() + "?=";
        pos = end;
    }
    return words.join(' ');
}

struct FormatOptions {
    GMimeFormatOptions *options = g_mime_format_options_new();
    FormatOptions() { g_mime_format_options_set_newline_format(options, GMIME_NEWLINE_FORMAT_DOS); }
    ~FormatOptions() { g_mime_format_options_free(options); }
};

QByteArray takeGChar(char *s)
{
    QByteArray out(s ? s : "");
    g_free(s);
    return out;
}

} // namespace

Status checkHeaderText(const QString &text, const QString &what, int maxChars)
{
    for (const QChar c : text) {
        if (c == QLatin1Char('\r') || c == QLatin1Char('\n'))
            return Error::invalid(QStringLiteral("%1 contains a line break: refused, it could add header fields").arg(what));
        if ((c.unicode() < 0x20 && c != QLatin1Char('\t')) || c.unicode() == 0x7F)
            return Error::invalid(QStringLiteral("%1 contains a control character (U+%2)").arg(what).arg(c.unicode(), 4, 16, QLatin1Char('0')));
    }
    if (text.size() > maxChars)
        return Error::invalid(QStringLiteral("%1 is longer than %2 characters").arg(what).arg(maxChars));
    return success();
}

Result<bool> checkAddress(const QString &address, const QString &what)
{
    if (auto ok = checkHeaderText(address, what, 254); !ok)   // RFC 5321 §4.5.3.1.3: a path is 256 octets with its brackets
        return ok.error();
    const QByteArray utf8 = address.toUtf8();
    const qsizetype at = utf8.lastIndexOf('@');
    const QString quoted = QStringLiteral("'%1'").arg(address);
    if (at < 1 || at == utf8.size() - 1)
        return Error::invalid(QStringLiteral("%1 %2 is not a mail address (local-part@domain)").arg(what, quoted));
    if (utf8.size() > 254)
        return Error::invalid(QStringLiteral("%1 is longer than 254 octets").arg(what));
    const QByteArray local = utf8.left(at), domain = utf8.mid(at + 1);
    // A quoted local part ("a b"@x) would be legal; nobody needs one, and
    // refusing it keeps every character here one that cannot end a mailbox.
    static const QByteArrayView forbidden(" \t<>()[],;:\\\"@");
    for (char c : local)
        if (forbidden.contains(c))
            return Error::invalid(QStringLiteral("%1 %2: '%3' is not allowed in an address").arg(what, quoted, QString(QLatin1Char(c))));
    const bool literal = domain.startsWith('[') && domain.endsWith(']');   // RFC 5321 address literal
    for (char c : literal ? domain.mid(1, domain.size() - 2) : domain)
        if (forbidden.contains(c))
            return Error::invalid(QStringLiteral("%1 %2: '%3' is not allowed in a domain").arg(what, quoted, QString(QLatin1Char(c))));
    return !isAscii(utf8);
}

QByteArray encodePhrase(const QString &name)
{
    if (name.isEmpty())
        return {};
    const QByteArray utf8 = name.toUtf8();
    if (utf8.contains("=?"))   // GMime leaves it alone; every reader would decode it
        return encodeAllAsWords(name);
    if (isAscii(utf8)) {
        bool atoms = name == name.simplified();
        for (char c : utf8)
            atoms = atoms && (isAtext(c) || c == ' ');
        if (atoms && !hasLongWord(utf8))
            return utf8;
        QByteArray q = utf8;   // RFC 5322 §3.2.4 quoted-string
        q.replace('\\', "\\\\").replace('"', "\\\"");
        return q.size() + 2 > kLongestWord ? encodeAllAsWords(name) : '"' + q + '"';   // a quoted string is not folded
    }
    ensureGMimeInitialized();
    FormatOptions f;
    const QByteArray encoded = takeGChar(g_mime_utils_header_encode_phrase(f.options, utf8.constData(), "utf-8"));
    return hasLongWord(encoded) ? encodeAllAsWords(name) : encoded;
}

QByteArray encodeText(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    if (utf8.contains("=?"))
        return encodeAllAsWords(text);
    if (isAscii(utf8))
        return hasLongWord(utf8) ? encodeAllAsWords(text) : utf8;
    ensureGMimeInitialized();
    FormatOptions f;
    const QByteArray encoded = takeGChar(g_mime_utils_header_encode_text(f.options, utf8.constData(), "utf-8"));
    return hasLongWord(encoded) ? encodeAllAsWords(text) : encoded;
}

QByteArray mailboxText(const DraftAddress &mailbox)
{
    const QByteArray addr = mailbox.address.toUtf8();   // RFC 6532: UTF-8 as it is, never an encoded word
    return mailbox.name.isEmpty() ? addr : encodePhrase(mailbox.name) + " <" + addr + '>';
}

QByteArray foldField(const QByteArray &name, const QByteArray &value, bool structured)
{
    // Words are what lies between single spaces a line may break at.
    QList<QByteArray> words;
    QByteArray word;
    bool inQuotes = false, escaped = false;
    for (qsizetype i = 0; i < value.size(); ++i) {
        const char c = value.at(i);
        if (structured && inQuotes && escaped)
            escaped = false;
        else if (structured && inQuotes && c == '\\')
            escaped = true;
        else if (structured && c == '"')
            inQuotes = !inQuotes;
        const bool breakable = c == ' ' && !inQuotes && !word.isEmpty() && i + 1 < value.size() && value.at(i + 1) != ' ';
        if (breakable) {
            words << word;
            word.clear();
        } else {
            word += c;
        }
    }
    words << word;
    const int width = value.contains("=?") ? kEncodedFoldWidth : kFoldWidth;
    QByteArray out = name + ':';
    qsizetype line = out.size();
    for (const QByteArray &w : words) {
        // The first word goes after the name unless it fits only on a line of its own.
        const bool first = line == name.size() + 1;
        if (line + 1 + w.size() <= width || (first && 1 + w.size() > width)) {
            out += ' ' + w;
            line += 1 + w.size();
        } else {
            out += "\r\n " + w;   // RFC 5322 §2.2.3: the CRLF goes, the space stays
            line = 1 + w.size();
        }
    }
    return out + "\r\n";
}

QByteArray rfc5322Date(const QDateTime &when)
{
    const QLocale c = QLocale::c();   // English day and month names whatever the user's locale
    const int offset = when.offsetFromUtc() / 60;
    const int abs = qAbs(offset);
    return c.toString(when, QStringLiteral("ddd, d MMM yyyy hh:mm:ss ")).toLatin1() + (offset < 0 ? '-' : '+') +
           QByteArray::number(abs / 60).rightJustified(2, '0') + QByteArray::number(abs % 60).rightJustified(2, '0');
}

QByteArray newMessageId(const QString &fromAddress)
{
    // RFC 5322 §3.6.4: unique, and on the right a domain of the sender's.
    QString domain = fromAddress.mid(fromAddress.lastIndexOf(QLatin1Char('@')) + 1);
    QByteArray right = QUrl::toAce(domain);
    static const QRegularExpression dotAtom(QStringLiteral("^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,200}$"));
    if (!dotAtom.match(QString::fromLatin1(right)).hasMatch())
        right = "tern.invalid";
    quint32 random[4];
    QRandomGenerator::system()->fillRange(random);
    const QByteArray left = QByteArray(reinterpret_cast<const char *>(random), sizeof random).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    return '<' + left + '@' + right + '>';
}

Result<QByteArray> checkMessageId(const QByteArray &id, const QString &what)
{
    QByteArray v = id.trimmed();
    if (!v.startsWith('<'))
        v = '<' + v + '>';
    static const QRegularExpression msgId(QStringLiteral("^<[\\x21-\\x3B\\x3D\\x3F-\\x7E]{1,250}>$"));   // printable ASCII, no < >
    if (!msgId.match(QString::fromLatin1(v)).hasMatch())
        return Error::invalid(QStringLiteral("%1 is not a message ID: %2").arg(what, QString::fromUtf8(id.left(80))));
    return v;
}

QList<QByteArray> messageIds(const QByteArray &fieldValue)
{
    static const QRegularExpression msgId(QStringLiteral("<[\\x21-\\x3B\\x3D\\x3F-\\x7E]{1,250}>"));
    QList<QByteArray> out;
    auto it = msgId.globalMatch(QString::fromLatin1(fieldValue.left(64 * 1024)));
    while (it.hasNext() && out.size() < 1000)
        out << it.next().captured(0).toLatin1();
    return out;
}

QList<DraftAddress> headerMailboxes(const QByteArray &fieldValue)
{
    QList<DraftAddress> out;
    for (const Mailbox &m : parseMailboxes(fieldValue)) {
        QString name = m.name;
        for (QChar &c : name)   // what an encoded word may hide (a line break, a bidi override) goes
            if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
                c = QLatin1Char(' ');
        out << DraftAddress{name.simplified(), QString::fromUtf8(m.address)};
        if (out.size() >= 1000)
            break;
    }
    return out;
}

} // namespace tern::mime::compose

namespace tern::mime {

Result<QList<DraftAddress>> parseDraftAddresses(const QString &text)
{
    if (auto ok = compose::checkHeaderText(text, QStringLiteral("the address list"), 64 * 1024); !ok)
        return ok.error();
    const QList<DraftAddress> list = compose::headerMailboxes(text.toUtf8());
    if (list.isEmpty() && !text.trimmed().isEmpty())
        return Error::invalid(QStringLiteral("no mail address in '%1'").arg(text.left(200)));
    for (const DraftAddress &a : list)
        if (auto ok = compose::checkAddress(a.address, QStringLiteral("the address")); !ok)
            return ok.error();
    return list;
}

} // namespace tern::mime
