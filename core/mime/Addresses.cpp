// GLib names a struct member 'signals', which Qt defines as a macro: GMime first.
#include <gmime/gmime.h>

#include "mime/Addresses.h"
#include "mime/MimeTree.h"

#include <QRegularExpression>
#include <cctype>
#include <mutex>

namespace tern::mime {

void ensureGMimeInitialized()
{
    static std::once_flag once;
    std::call_once(once, [] { g_mime_init(); });
}

static void collect(InternetAddressList *list, QList<Mailbox> &out, int depth, const QByteArray &rawLower)
{
    if (!list || depth > 4)   // groups do not nest in RFC 5322; bound it anyway
        return;
    const int n = internet_address_list_length(list);
    for (int i = 0; i < n && out.size() < 10000; ++i) {
        InternetAddress *a = internet_address_list_get_address(list, i);
        if (INTERNET_ADDRESS_IS_MAILBOX(a)) {
            // The form written in the field: GMime gives a punycode domain back as Unicode
            // ("xn--pypal-4ve.com" as "pаypal.com", a homograph), which would also make a
            // plain address look as if it needed SMTPUTF8.
            InternetAddressMailbox *m = INTERNET_ADDRESS_MAILBOX(a);
            const QByteArray ascii(internet_address_mailbox_get_idn_addr(m)), unicode(internet_address_mailbox_get_addr(m));
            const QByteArray addr = !ascii.isEmpty() && rawLower.contains(ascii.toLower()) ? ascii : unicode;
            if (!addr.isEmpty())
                out.append(Mailbox{QString::fromUtf8(internet_address_get_name(a)), addr});
        } else if (INTERNET_ADDRESS_IS_GROUP(a)) {
            collect(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(a)), out, depth + 1, rawLower);
        }
    }
}

// An RFC 2047 encoded word, loosely: spaces inside Q text tolerated.
static const QRegularExpression &encodedWord()
{
    static const QRegularExpression word(QStringLiteral("=\\?([^?\\s]{1,64})\\?([bBqQ])\\?([^?]*)\\?="));
    return word;
}

// The bytes an encoded word's text stands for (RFC 2047 §4.1, §4.2).
static QByteArray encodedWordBytes(const QString &encoding, const QByteArray &text)
{
    if (encoding.compare(QLatin1String("b"), Qt::CaseInsensitive) == 0)
        return QByteArray::fromBase64(text);
    QByteArray bytes;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text.at(i);
        if (c == '_') {
            bytes += ' ';
        } else if (c == '=' && i + 2 < text.size() && isxdigit(uchar(text.at(i + 1))) && isxdigit(uchar(text.at(i + 2)))) {
            bytes += char(text.mid(i + 1, 2).toInt(nullptr, 16));
            i += 2;
        } else {
            bytes += c;
        }
    }
    return bytes;
}

static QString wordCharset(const QString &declared)
{
    const qsizetype star = declared.indexOf(QLatin1Char('*'));   // RFC 2231 language suffix
    return star < 0 ? declared : declared.left(star);
}

// GMime decodes a display name's adjacent encoded words by joining their
// base64 text, so all after the first padded word is lost
// ("=?utf-8?b?Sm/Dqw==?= =?utf-8?b?bA==?=" reads "Joë", not "Joël"). Here
// each run of words of one charset with only white space between becomes one
// word of their joined bytes, before GMime parses the field: the field keeps
// its encoded words, and an address, which white space cannot be inside, is
// left as written.
static QByteArray joinAdjacentEncodedWords(const QByteArray &raw)
{
    const QString in = QString::fromLatin1(raw);   // one character per byte: positions are the bytes'
    QByteArray out, pending, pendingCharset;
    qsizetype pos = 0, runStart = -1;
    int runWords = 0;
    auto flush = [&](qsizetype end) {
        if (runWords > 1)
            out += "=?" + pendingCharset + "?b?" + pending.toBase64() + "?=";
        else if (runStart >= 0)
            out += raw.mid(runStart, end - runStart);
        pending.clear();
        runWords = 0;
        runStart = -1;
    };
    auto it = encodedWord().globalMatch(in);
    while (it.hasNext()) {
        const auto m = it.next();
        const QStringView between = QStringView(in).mid(pos, m.capturedStart() - pos);
        const QByteArray charset = wordCharset(m.captured(1)).toLatin1();
        const bool joins = runStart >= 0 && !between.isEmpty() && between.trimmed().isEmpty() &&
                           charset.compare(pendingCharset, Qt::CaseInsensitive) == 0;
        if (!joins) {
            flush(pos);
            out += raw.mid(pos, m.capturedStart() - pos);
            runStart = m.capturedStart();
            pendingCharset = charset;
        }
        pending += encodedWordBytes(m.captured(2), m.captured(3).toLatin1());
        ++runWords;
        pos = m.capturedEnd();
    }
    flush(pos);
    out += raw.mid(pos);
    return out;
}

QString decodeEncodedWords(const QByteArray &raw)
{
    // RFC 2047 by hand, because real mail needs it: Outlook splits one UTF-8
    // character over two base64 words, each padded ("=?utf-8?b?ww==?= =?utf-8?b?qQ==?="),
    // and GMime 3.2 joins the words' base64 text before decoding, losing the
    // second half. Here each word is decoded to bytes, adjacent words of one
    // charset are joined as bytes, then the charset is applied. Loose like
    // mailers: no space needed between words, spaces inside Q text tolerated.
    const QRegularExpression &word = encodedWord();
    const QString in = QString::fromLatin1(raw.left(64 * 1024));
    QString out;
    QByteArray pending;
    QString pendingCharset;
    auto flush = [&] {
        if (!pending.isEmpty())
            out += decodeText(pending, pendingCharset);
        pending.clear();
    };
    qsizetype pos = 0;
    bool lastWasWord = false;
    auto it = word.globalMatch(in);
    while (it.hasNext()) {
        const auto m = it.next();
        const QString between = in.mid(pos, m.capturedStart() - pos);
        if (!(lastWasWord && between.trimmed().isEmpty())) {   // whitespace between encoded words vanishes
            flush();
            out += decodeText(raw.mid(pos, m.capturedStart() - pos), QString());
        }
        const QString charset = wordCharset(m.captured(1));
        const QByteArray bytes = encodedWordBytes(m.captured(2), m.captured(3).toLatin1());
        if (charset.compare(pendingCharset, Qt::CaseInsensitive) != 0)
            flush();
        pendingCharset = charset;
        pending += bytes;
        pos = m.capturedEnd();
        lastWasWord = true;
    }
    flush();
    out += decodeText(raw.mid(pos), QString());
    return out;
}

QString decodeHeaderText(const QByteArray &raw)
{
    QString out = decodeEncodedWords(raw);
    for (QChar &c : out)
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            c = QLatin1Char(' ');   // no bidi overrides or terminal tricks in a list row
    return out.simplified();
}

QList<Mailbox> parseMailboxes(const QByteArray &headerValue)
{
    ensureGMimeInitialized();
    const QByteArray raw = headerValue.left(64 * 1024);
    GMimeParserOptions *options = g_mime_parser_options_new();
    g_mime_parser_options_set_address_compliance_mode(options, GMIME_RFC_COMPLIANCE_LOOSE);
    InternetAddressList *list = internet_address_list_parse(options, joinAdjacentEncodedWords(raw).constData());
    g_mime_parser_options_free(options);
    QList<Mailbox> out;
    collect(list, out, 0, raw.toLower());
    if (list)
        g_object_unref(list);
    return out;
}

QList<QByteArray> parseAddressList(const QByteArray &headerValue)
{
    QList<QByteArray> out;
    for (const Mailbox &m : parseMailboxes(headerValue))
        out.append(m.address);
    return out;
}

static qsizetype headerEnd(const QByteArray &m)
{
    qsizetype crlf = m.indexOf("\r\n\r\n"), lf = m.indexOf("\n\n");
    if (crlf < 0) return lf < 0 ? m.size() : lf + 1;
    if (lf >= 0 && lf < crlf) return lf + 1;
    return crlf + 2;
}

// Calls f(start, end, isMatch) for each header field [start, end) of the block.
template <typename F>
static void forEachField(const QByteArray &m, const QByteArray &name, F f)
{
    const qsizetype end = headerEnd(m);
    qsizetype pos = 0;
    while (pos < end) {
        qsizetype next = pos;
        do {
            const qsizetype nl = m.indexOf('\n', next);
            next = (nl < 0 || nl >= end) ? end : nl + 1;
        } while (next < end && (m.at(next) == ' ' || m.at(next) == '\t'));
        const qsizetype colon = m.indexOf(':', pos);
        const bool match = colon > pos && colon < next && m.mid(pos, colon - pos).trimmed().compare(name, Qt::CaseInsensitive) == 0;
        f(pos, next, match, colon);
        pos = next;
    }
}

QList<QByteArray> headerValues(const QByteArray &message, const QByteArray &name)
{
    QList<QByteArray> out;
    forEachField(message, name, [&](qsizetype s, qsizetype e, bool match, qsizetype colon) {
        if (match)
            out.append(message.mid(colon + 1, e - colon - 1).replace("\r\n", " ").replace('\n', ' ').trimmed());
        Q_UNUSED(s);
    });
    return out;
}

QByteArray removeHeader(const QByteArray &message, const QByteArray &name)
{
    QByteArray out;
    out.reserve(message.size());
    qsizetype last = 0;
    forEachField(message, name, [&](qsizetype s, qsizetype e, bool match, qsizetype) {
        if (match) {
            out += message.mid(last, s - last);
            last = e;
        }
    });
    out += message.mid(last);
    return out;
}

} // namespace tern::mime
