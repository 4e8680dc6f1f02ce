// GLib names a struct member 'signals', which Qt defines as a macro: GMime first.
#include <gmime/gmime.h>

#include "mime/MimeTree.h"

#include "imap/ImapResponse.h"
#include "mime/Addresses.h"

#include <QStringDecoder>

namespace tern::mime {

namespace {

struct GFree {
    void operator()(void *p) const { g_free(p); }
};

QByteArray lower(const char *s)
{
    return QByteArray(s ? s : "").toLower();
}

// Mailers' names for charsets, mapped the way browsers do (WHATWG Encoding):
// what is labelled Latin-1 is nearly always windows-1252, GB2312 is GBK …
// US-ASCII cannot describe a byte above 127, so 8-bit text labelled so is
// unlabelled: UTF-8 when it is valid (scripts and old mailers label their
// UTF-8 us-ascii), else windows-1252.
QByteArray charsetAlias(QByteArray name)
{
    name = name.trimmed().toLower();
    if (name.startsWith('"'))
        name = name.mid(1).chopped(name.endsWith('"') ? 1 : 0);
    static const QMap<QByteArray, QByteArray> aliases = {
        {"us-ascii", ""}, {"ascii", ""}, {"iso-8859-1", "windows-1252"}, {"latin1", "windows-1252"},
        {"iso_8859-1", "windows-1252"}, {"iso8859-1", "windows-1252"}, {"cp1252", "windows-1252"},
        {"iso-8859-9", "windows-1254"}, {"iso-8859-11", "windows-874"}, {"tis-620", "windows-874"},
        {"gb2312", "gbk"}, {"x-gbk", "gbk"}, {"gb_2312-80", "gbk"}, {"ks_c_5601-1987", "euc-kr"}, {"ks_c_5601", "euc-kr"},
        {"x-sjis", "shift_jis"}, {"sjis", "shift_jis"}, {"utf8", "utf-8"}, {"x-unknown", ""}, {"unknown-8bit", ""},
        {"x-user-defined", ""}, {"default", ""}, {"charset", ""},
    };
    return aliases.contains(name) ? aliases.value(name) : name;
}

int depthOf(const QByteArray &section)
{
    return section.isEmpty() ? 0 : int(section.count('.')) + 1;
}

QByteArray childSection(const MimePart &parent, int index)
{
    const QByteArray n = QByteArray::number(index + 1);
    return parent.section.isEmpty() ? n : parent.section + '.' + n;
}

// -- GMime -> MimePart ---------------------------------------------------------

struct Walk {
    const MimeLimits &limits;
    QStringList &problems;
    int parts = 0;
};

// The first kMaxHeaderFields fields; past them only the fields a reader is
// shown, so that a thousand fillers cannot push From or Subject out of sight.
constexpr int kMaxHeaderFields = 1000, kMaxShownFieldsPastTheLimit = 100;

bool isShownField(const char *name)
{
    for (const char *shown : {"From", "Sender", "Reply-To", "To", "Cc", "Date", "Subject"})
        if (g_ascii_strcasecmp(name, shown) == 0)
            return true;
    return false;
}

HeaderFields headerFields(GMimeObject *obj, QStringList &problems)
{
    HeaderFields out;
    GMimeHeaderList *list = g_mime_object_get_header_list(obj);
    const int n = list ? g_mime_header_list_get_count(list) : 0;
    if (n > kMaxHeaderFields)
        problems << QStringLiteral("a header of %1 fields: past the first %2, only those shown are read").arg(n).arg(kMaxHeaderFields);
    for (int i = 0, shownPast = 0; i < n && shownPast < kMaxShownFieldsPastTheLimit; ++i) {
        GMimeHeader *h = g_mime_header_list_get_header_at(list, i);
        if (i >= kMaxHeaderFields) {
            if (!isShownField(g_mime_header_get_name(h)))
                continue;
            ++shownPast;
        }
        QByteArray value = QByteArray(g_mime_header_get_raw_value(h)).trimmed();
        value.replace("\r\n", "\n");
        QByteArray unfolded;
        for (const QByteArray &line : value.split('\n'))
            unfolded += (unfolded.isEmpty() ? QByteArray() : QByteArray(" ")) + line.trimmed();
        out.append({QByteArray(g_mime_header_get_name(h)), unfolded});
    }
    return out;
}

void fillCommon(GMimeObject *obj, MimePart &p)
{
    if (GMimeContentType *ct = g_mime_object_get_content_type(obj)) {
        p.type = lower(g_mime_content_type_get_media_type(ct));
        p.subtype = lower(g_mime_content_type_get_media_subtype(ct));
        if (p.type.isEmpty() || p.subtype.isEmpty()) {
            p.type = "text";
            p.subtype = "plain";
        }
        GMimeParamList *params = g_mime_content_type_get_parameters(ct);
        const int n = params ? g_mime_param_list_length(params) : 0;
        for (int i = 0; i < n && i < 100; ++i) {
            GMimeParam *param = g_mime_param_list_get_parameter_at(params, i);
            p.params.insert(lower(g_mime_param_get_name(param)), QString::fromUtf8(g_mime_param_get_value(param)).left(4096));
        }
    }
    if (GMimeContentDisposition *d = g_mime_object_get_content_disposition(obj))
        p.disposition = lower(g_mime_content_disposition_get_disposition(d));
    if (const char *id = g_mime_object_get_content_id(obj))
        p.contentId = QByteArray(id).left(998);
}

template <typename Write>
QByteArray streamBytes(Write write)
{
    GMimeStream *mem = g_mime_stream_mem_new();
    write(mem);
    GByteArray *bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
    QByteArray out(reinterpret_cast<const char *>(bytes->data), qsizetype(bytes->len));
    g_object_unref(mem);
    return out;
}

// Base64 as mailers really send it (RFC 2045 §6.8): characters outside the
// alphabet are skipped, the data ends at the first '=', and a last group cut
// short (the padding stripped) still carries its bytes, which GMime drops.
QByteArray decodeBase64(const QByteArray &encoded)
{
    QByteArray alphabet;
    alphabet.reserve(encoded.size());
    for (const char c : encoded) {
        if (c == '=')
            break;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/')
            alphabet += c;
    }
    return QByteArray::fromBase64(alphabet);
}

// RFC 2045 §6.7 (3): white space at the end of an encoded line was added in
// transit and is deleted before decoding, so "=  " at a line's end is still a
// soft line break.
QByteArray decodeQuotedPrintable(const QByteArray &encoded)
{
    QByteArray trimmed;
    trimmed.reserve(encoded.size());
    qsizetype start = 0;
    while (start < encoded.size()) {
        const qsizetype nl = encoded.indexOf('\n', start);
        const qsizetype next = nl < 0 ? encoded.size() : nl + 1;
        qsizetype end = nl < 0 ? encoded.size() : nl;
        if (end > start && encoded.at(end - 1) == '\r')
            --end;
        qsizetype content = end;
        while (content > start && (encoded.at(content - 1) == ' ' || encoded.at(content - 1) == '\t'))
            --content;
        trimmed += QByteArrayView(encoded).sliced(start, content - start);
        trimmed += QByteArrayView(encoded).sliced(end, next - end);   // the line break as sent
        start = next;
    }
    GMimeEncoding state;
    g_mime_encoding_init_decode(&state, GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
    QByteArray out(qsizetype(g_mime_encoding_outlen(&state, size_t(trimmed.size()))), Qt::Uninitialized);
    out.truncate(qsizetype(g_mime_encoding_flush(&state, trimmed.constData(), size_t(trimmed.size()), out.data())));
    return out;
}

void walk(GMimeObject *obj, MimePart &p, Walk &w)
{
    if (++w.parts > w.limits.maxParts) {
        p.truncated = true;
        w.problems << QStringLiteral("more than %1 parts: the rest is not shown").arg(w.limits.maxParts);
        return;
    }
    fillCommon(obj, p);
    if (GMIME_IS_MULTIPART(obj)) {
        if (depthOf(p.section) >= w.limits.maxDepth) {
            p.truncated = true;
            w.problems << QStringLiteral("parts nested deeper than %1 levels are not shown").arg(w.limits.maxDepth);
            return;
        }
        GMimeMultipart *mp = GMIME_MULTIPART(obj);
        const int n = g_mime_multipart_get_count(mp);
        for (int i = 0; i < n && !p.truncated; ++i) {
            MimePart child;
            child.section = childSection(p, i);
            walk(g_mime_multipart_get_part(mp, i), child, w);
            p.truncated = p.truncated || (child.truncated && w.parts > w.limits.maxParts);
            p.children.append(std::move(child));
        }
        return;
    }
    if (GMIME_IS_MESSAGE_PART(obj)) {
        GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
        if (!inner)
            return;
        if (depthOf(p.section) >= w.limits.maxDepth) {
            p.truncated = true;
            w.problems << QStringLiteral("messages nested deeper than %1 levels are not shown").arg(w.limits.maxDepth);
            return;
        }
        GMimeObject *body = g_mime_message_get_mime_part(inner);
        MimePart child;
        child.headers = headerFields(GMIME_OBJECT(inner), w.problems);
        if (body) {
            child.section = GMIME_IS_MULTIPART(body) ? p.section : p.section + ".1";
            walk(body, child, w);
        }
        p.children.append(std::move(child));
        p.loaded = true;
        return;
    }
    if (GMIME_IS_PART(obj)) {
        GMimePart *part = GMIME_PART(obj);
        if (const char *name = g_mime_part_get_filename(part))
            p.filename = QString::fromUtf8(name).left(1024);
        if (const char *desc = g_mime_part_get_content_description(part))
            p.description = QString::fromUtf8(desc).left(1024);
        p.encoding = lower(g_mime_content_encoding_to_string(g_mime_part_get_content_encoding(part)));
        GMimeDataWrapper *wrapper = g_mime_part_get_content(part);
        if (wrapper && w.limits.textOnly && !p.isText()) {
            if (GMimeStream *sent = g_mime_data_wrapper_get_stream(wrapper))
                p.size = g_mime_stream_length(sent);
            return;
        }
        if (wrapper) {
            // Base64, quoted-printable and uuencode never decode to more than
            // they were, and the message is bounded: so is this.
            const GMimeContentEncoding encoding = g_mime_data_wrapper_get_encoding(wrapper);
            GMimeStream *sent = g_mime_data_wrapper_get_stream(wrapper);
            if (sent && (encoding == GMIME_CONTENT_ENCODING_BASE64 || encoding == GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE)) {
                g_mime_stream_reset(sent);
                const QByteArray encoded = streamBytes([sent](GMimeStream *mem) { g_mime_stream_write_to_stream(sent, mem); });
                g_mime_stream_reset(sent);
                p.content = encoding == GMIME_CONTENT_ENCODING_BASE64 ? decodeBase64(encoded) : decodeQuotedPrintable(encoded);
            } else {
                p.content = streamBytes([wrapper](GMimeStream *mem) { g_mime_data_wrapper_write_to_stream(wrapper, mem); });
            }
            if (sent)
                p.size = g_mime_stream_length(sent);
        } else {
            p.size = 0;
        }
        p.loaded = true;
    }
}

void parserWarning(gint64, GMimeParserWarning code, const gchar *item, gpointer data)
{
    auto *problems = static_cast<QStringList *>(data);
    if (problems->size() >= 50)
        return;
    const QString what = QString::fromUtf8(item ? item : "").left(80);
    switch (code) {
    case GMIME_CRIT_NESTING_OVERFLOW: *problems << QStringLiteral("MIME nesting too deep (the parser stopped there)"); break;
    case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY: *problems << QStringLiteral("a multipart without a boundary"); break;
    case GMIME_WARN_MALFORMED_MULTIPART: *problems << QStringLiteral("a malformed multipart"); break;
    case GMIME_WARN_TRUNCATED_MESSAGE: *problems << QStringLiteral("the message is truncated"); break;
    case GMIME_CRIT_CONFLICTING_HEADER: *problems << QStringLiteral("conflicting header fields: %1").arg(what); break;
    case GMIME_CRIT_CONFLICTING_PARAMETER: *problems << QStringLiteral("conflicting parameters: %1").arg(what); break;
    default: break;   // duplicated headers, 8-bit headers …: everyday mail
    }
}

// -- BODYSTRUCTURE -> MimePart -------------------------------------------------

using imap::Token;

QByteArray tokenText(const Token &t)
{
    return t.kind == Token::Kind::Nil ? QByteArray() : t.text;
}

// Parameters as the server passed them on: RFC 2231 ("name*0*=utf-8''…",
// "name*1*=…") joined and decoded; RFC 2047 words (what many mailers put in
// "name=") decoded.
QMap<QByteArray, QString> paramList(const Token &t)
{
    QMap<QByteArray, QString> out;
    if (t.kind != Token::Kind::List)
        return out;
    QMap<QByteArray, QMap<int, std::pair<QByteArray, bool>>> continued;   // name -> index -> (value, encoded)
    for (int i = 0; i + 1 < t.items.size() && i < 200; i += 2) {
        QByteArray name = t.items.at(i).text.toLower();
        const QByteArray value = tokenText(t.items.at(i + 1));
        const qsizetype star = name.indexOf('*');
        if (star < 0) {
            out.insert(name, decodeHeaderText(value));
            continue;
        }
        const QByteArray rest = name.mid(star + 1);   // "", "0", "0*", "1", "1*"
        const bool encoded = rest.isEmpty() || rest.endsWith('*');
        const int index = rest.isEmpty() ? 0 : rest.left(rest.endsWith('*') ? rest.size() - 1 : rest.size()).toInt();
        if (index >= 0 && index < 100)
            continued[name.left(star)].insert(index, {value, encoded});
    }
    for (auto it = continued.cbegin(); it != continued.cend(); ++it) {
        QByteArray bytes, charset;
        bool first = true;
        for (const auto &[value, encoded] : it.value()) {
            QByteArray v = value;
            if (encoded && first) {   // charset'language'value
                const qsizetype q1 = v.indexOf('\''), q2 = q1 >= 0 ? v.indexOf('\'', q1 + 1) : -1;
                if (q2 >= 0) {
                    charset = v.left(q1);
                    v = v.mid(q2 + 1);
                }
            }
            bytes += encoded ? QByteArray::fromPercentEncoding(v) : v;
            first = false;
        }
        out.insert(it.key(), decodeText(bytes, QString::fromLatin1(charset)));
    }
    return out;
}

void disposition(const Token &t, MimePart &p)
{
    if (t.kind != Token::Kind::List || t.items.isEmpty())
        return;
    p.disposition = tokenText(t.items.at(0)).toLower();
    if (t.items.size() > 1) {
        const auto params = paramList(t.items.at(1));
        if (params.contains("filename"))
            p.filename = params.value("filename").left(1024);
    }
}

Status fromToken(const Token &t, MimePart &p, int depth, int &parts, const MimeLimits &limits)
{
    if (++parts > limits.maxParts)
        return Error::invalid(QStringLiteral("BODYSTRUCTURE with more than %1 parts").arg(limits.maxParts));
    if (depth > limits.maxDepth)
        return Error::invalid(QStringLiteral("BODYSTRUCTURE nested deeper than %1").arg(limits.maxDepth));
    if (t.kind != Token::Kind::List || t.items.isEmpty())
        return Error::invalid(QStringLiteral("not a BODYSTRUCTURE"));
    const auto &it = t.items;
    if (it.first().kind == Token::Kind::List) {   // multipart: (part)(part)… "subtype" [params [disposition …]]
        p.type = "multipart";
        int i = 0;
        for (; i < it.size() && it.at(i).kind == Token::Kind::List; ++i) {
            MimePart child;
            child.section = childSection(p, i);
            if (auto s = fromToken(it.at(i), child, depth + 1, parts, limits); !s)
                return s;
            p.children.append(std::move(child));
        }
        p.subtype = i < it.size() ? tokenText(it.at(i)).toLower() : QByteArray("mixed");
        if (i + 1 < it.size())
            p.params = paramList(it.at(i + 1));
        if (i + 2 < it.size())
            disposition(it.at(i + 2), p);
        return success();
    }
    // leaf: type subtype (params) id description encoding size [lines] [envelope body lines] [md5 disposition …]
    if (it.size() < 7)
        return Error::invalid(QStringLiteral("a BODYSTRUCTURE part with %1 fields").arg(it.size()));
    p.type = tokenText(it.at(0)).toLower();
    p.subtype = tokenText(it.at(1)).toLower();
    p.params = paramList(it.at(2));
    p.contentId = tokenText(it.at(3));
    if (p.contentId.startsWith('<') && p.contentId.endsWith('>'))
        p.contentId = p.contentId.mid(1).chopped(1);
    p.description = decodeHeaderText(tokenText(it.at(4)));
    p.encoding = tokenText(it.at(5)).toLower();
    p.size = tokenText(it.at(6)).toLongLong();
    int next = 7;
    if (p.isMessage() && it.size() >= 10) {   // envelope, body structure, lines
        MimePart child;
        const Token &inner = it.at(8);
        const bool multi = inner.kind == Token::Kind::List && !inner.items.isEmpty() && inner.items.first().kind == Token::Kind::List;
        child.section = multi ? p.section : p.section + ".1";
        if (auto s = fromToken(inner, child, depth + 1, parts, limits); !s)
            return s;
        p.children.append(std::move(child));
        next = 10;
    } else if (p.type == "text") {
        next = 8;   // lines
    }
    if (next + 1 < it.size())   // md5, then disposition
        disposition(it.at(next + 1), p);
    if (p.filename.isEmpty() && p.params.contains("name"))
        p.filename = p.params.value("name").left(1024);
    return success();
}

// -- display -------------------------------------------------------------------

void displayed(const MimePart &p, bool preferPlain, QList<const MimePart *> &out, int depth)
{
    if (depth > 64 || out.size() > 1000)
        return;
    if (p.isMultipart()) {
        if (p.subtype == "alternative" && !p.children.isEmpty()) {
            // The last alternative is the richest (RFC 2046 §5.1.4); take the best one Tern renders.
            const MimePart *best = nullptr;
            for (const MimePart &c : p.children) {
                const QByteArray t = c.mimeType();
                const bool plain = t == "text/plain", html = t == "text/html", nested = c.isMultipart();
                if (!plain && !html && !nested)
                    continue;
                if (preferPlain && plain) {
                    best = &c;
                    break;
                }
                if (!best || !preferPlain || (best->mimeType() != "text/plain"))
                    best = &c;
            }
            if (preferPlain && best && best->isMultipart())   // e.g. (plain, related(html)): plain when asked
                for (const MimePart &c : p.children)
                    if (c.mimeType() == "text/plain")
                        best = &c;
            if (best)
                displayed(*best, preferPlain, out, depth + 1);
            return;
        }
        if (p.subtype == "related" && !p.children.isEmpty()) {
            // The root (start parameter, else the first), then what it references: inline images.
            const QString start = p.params.value("start");
            const MimePart *root = &p.children.first();
            for (const MimePart &c : p.children)
                if (!start.isEmpty() && QStringLiteral("<%1>").arg(QString::fromUtf8(c.contentId)) == start)
                    root = &c;
            displayed(*root, preferPlain, out, depth + 1);
            for (const MimePart &c : p.children)
                if (&c != root && c.type == "image")
                    out.append(&c);
            return;
        }
        if (p.subtype == "signed" && !p.children.isEmpty()) {
            // At the root, the signed content (the signature is not text). Below
            // unsigned content it is an attachment: shown inline, it would pass
            // for part of a signed message (Müller et al. 2019, "Johnny, you are fired").
            if (depth == 0)
                displayed(p.children.first(), preferPlain, out, depth + 1);
            return;
        }
        if (p.subtype == "encrypted")   // the crypto engine shows what it decrypts
            return;
        for (const MimePart &c : p.children)
            displayed(c, preferPlain, out, depth + 1);
        return;
    }
    if (p.isMessage()) {
        for (const MimePart &c : p.children)
            displayed(c, preferPlain, out, depth + 1);
        return;
    }
    if (p.disposition == "attachment")
        return;
    if ((p.type == "text" && (p.subtype == "plain" || p.subtype == "html")) || (p.type == "image" && p.disposition == "inline"))
        out.append(&p);
}

qsizetype headerEndOf(const QByteArray &raw)
{
    if (raw.startsWith("\r\n"))
        return 2;
    if (raw.startsWith('\n'))
        return 1;
    const qsizetype crlf = raw.indexOf("\r\n\r\n"), lf = raw.indexOf("\n\n");
    if (crlf < 0 && lf < 0)
        return raw.size();
    if (crlf < 0 || (lf >= 0 && lf < crlf))
        return lf + 2;
    return crlf + 4;
}

QByteArray boundaryOf(const QByteArray &head)
{
    const auto ct = headerValues(head + "\r\n", "Content-Type");
    if (ct.isEmpty())
        return {};
    ensureGMimeInitialized();
    GMimeContentType *type = g_mime_content_type_parse(nullptr, ct.first().constData());
    QByteArray b;
    if (type) {
        if (g_mime_content_type_is_type(type, "multipart", "*"))
            b = g_mime_content_type_get_parameter(type, "boundary");
        g_object_unref(type);
    }
    return b;
}

bool isMessageType(const QByteArray &head)
{
    const auto ct = headerValues(head + "\r\n", "Content-Type");
    const QByteArray t = ct.isEmpty() ? QByteArray() : ct.first().trimmed().toLower();
    return t.startsWith("message/rfc822") || t.startsWith("message/global");
}

// The body parts of a multipart body between "--boundary" delimiter lines (RFC 2046 §5.1.1):
// each excludes the CRLF before the next delimiter, which belongs to it.
QList<QByteArray> splitMultipart(const QByteArray &body, const QByteArray &boundary, int maxParts)
{
    QList<QByteArray> parts;
    const QByteArray delim = "--" + boundary;
    qsizetype pos = 0, start = -1;
    while (parts.size() <= maxParts) {
        const qsizetype at = body.indexOf(delim, pos);
        if (at < 0)
            break;
        const qsizetype after = at + delim.size();
        const char next = after < body.size() ? body.at(after) : '\n';
        // A delimiter starts a line and is not the prefix of a longer boundary.
        if ((at != 0 && body.at(at - 1) != '\n') || !(next == '-' || next == '\r' || next == '\n' || next == ' ' || next == '\t')) {
            pos = at + 1;
            continue;
        }
        if (start >= 0) {
            qsizetype end = at;
            if (end > start && body.at(end - 1) == '\n') --end;
            if (end > start && body.at(end - 1) == '\r') --end;
            parts.append(body.mid(start, end - start));
        }
        if (body.mid(after, 2) == "--")
            break;
        const qsizetype eol = body.indexOf('\n', after);
        if (eol < 0)
            break;
        start = eol + 1;
        pos = start;
    }
    return parts;
}

} // namespace

bool MimePart::isAttachment() const
{
    if (isMultipart() || isMessage())
        return disposition == "attachment";
    if (disposition == "attachment")
        return true;
    if (disposition == "inline")
        return !(type == "text" || type == "image");
    return !(type == "text" && (subtype == "plain" || subtype == "html")) && !(type == "image" && !contentId.isEmpty());
}

const MimePart *MimePart::find(const QByteArray &s) const
{
    if (section == s && !isMultipart())
        return this;
    for (const MimePart &c : children)
        if (const MimePart *f = c.find(s))
            return f;
    return section == s ? this : nullptr;
}

int MimePart::count() const
{
    int n = 1;
    for (const MimePart &c : children)
        n += c.count();
    return n;
}

QByteArray ParsedMessage::header(const QByteArray &name) const
{
    for (const auto &[n, v] : headers)
        if (n.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    return {};
}

QList<QByteArray> ParsedMessage::headerAll(const QByteArray &name) const
{
    QList<QByteArray> out;
    for (const auto &[n, v] : headers)
        if (n.compare(name, Qt::CaseInsensitive) == 0)
            out.append(v);
    return out;
}

QString decodeText(const QByteArray &bytes, const QString &charset)
{
    const QByteArray name = charsetAlias(charset.toLatin1());
    if (!name.isEmpty() && name != "utf-8") {
        QStringDecoder decoder(name.constData());
        if (decoder.isValid())
            return decoder.decode(bytes);
    }
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = utf8.decode(bytes);
    if (!utf8.hasError() || name == "utf-8")
        return text;
    QStringDecoder fallback("windows-1252");
    return fallback.isValid() ? fallback.decode(bytes) : QString::fromLatin1(bytes);
}

Result<ParsedMessage> parseMessage(const QByteArray &raw, const MimeLimits &limits)
{
    if (raw.isEmpty())
        return Error::invalid(QStringLiteral("an empty file is not a message"));
    if (raw.size() > limits.maxMessageBytes)
        return Error::invalid(QStringLiteral("the message is larger than %1 MB").arg(limits.maxMessageBytes >> 20));
    ParsedMessage out;
    // A cheap bound before GMime recurses: more multipart and message parts than
    // the limit allows cannot be shown anyway.
    const qsizetype nested = raw.count("ultipart/") + raw.count("essage/rfc822") + raw.count("essage/global");
    if (nested > 4 * qsizetype(limits.maxParts))
        return Error::invalid(QStringLiteral("the message declares %1 nested parts; refusing to parse it").arg(nested));
    ensureGMimeInitialized();
    GMimeParserOptions *options = g_mime_parser_options_new();
    g_mime_parser_options_set_rfc2047_compliance_mode(options, GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_parameter_compliance_mode(options, GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_address_compliance_mode(options, GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_warning_callback(options, parserWarning, &out.problems);
    // GMime keeps the line ending of the message's first line for all of it, so
    // with mixed endings it cuts one byte too many or too few before a boundary
    // (RFC 2046 §5.1.1: the line break before a delimiter belongs to it). Such
    // a message is parsed with LF endings; signatures still get the bytes as sent.
    QByteArray text = raw;
    if (const qsizetype crlf = raw.count("\r\n"); crlf > 0 && raw.count('\n') > crlf)
        text.replace("\r\n", "\n");
    GMimeStream *stream = g_mime_stream_mem_new_with_buffer(text.constData(), size_t(text.size()));
    GMimeParser *parser = g_mime_parser_new_with_stream(stream);
    g_mime_parser_set_persist_stream(parser, FALSE);
    GMimeMessage *message = g_mime_parser_construct_message(parser, options);
    g_object_unref(parser);
    g_object_unref(stream);
    g_mime_parser_options_free(options);
    if (!message)
        return Error::invalid(QStringLiteral("not a message (no header fields)"));
    out.headers = headerFields(GMIME_OBJECT(message), out.problems);
    GMimeObject *body = g_mime_message_get_mime_part(message);
    if (body) {
        out.root.section = GMIME_IS_MULTIPART(body) ? QByteArray() : QByteArray("1");
        Walk w{limits, out.problems};
        walk(body, out.root, w);
    } else {
        out.root.loaded = true;
        out.root.section = "1";
    }
    g_object_unref(message);
    // What signatures cover: the exact bytes of the parts of every multipart/signed.
    std::function<void(MimePart &)> keepSigned = [&](MimePart &p) {
        if (p.isMultipart() && p.subtype == "signed")
            for (MimePart &c : p.children)
                if (auto bytes = rawPart(raw, c.section, limits))
                    c.raw = bytes.value();
        for (MimePart &c : p.children)
            keepSigned(c);
    };
    keepSigned(out.root);
    out.problems.removeDuplicates();
    return out;
}

Result<MimePart> fromBodyStructure(const imap::Token &bodystructure, const MimeLimits &limits)
{
    MimePart root;
    const bool multi = bodystructure.kind == Token::Kind::List && !bodystructure.items.isEmpty() &&
                       bodystructure.items.first().kind == Token::Kind::List;
    root.section = multi ? QByteArray() : QByteArray("1");
    int parts = 0;
    if (auto s = fromToken(bodystructure, root, 0, parts, limits); !s)
        return s.error();
    return root;
}

QByteArray transferDecode(const QByteArray &bytes, const QByteArray &encoding)
{
    const QByteArray e = encoding.trimmed().toLower();
    if (e == "base64")
        return decodeBase64(bytes);
    if (e == "quoted-printable")
        return decodeQuotedPrintable(bytes);
    return bytes;
}

Result<MimePart> fromBodyStructureText(const QByteArray &imapText, const MimeLimits &limits)
{
    imap::ResponseParser::Limits l;
    l.maxDepth = limits.maxDepth * 2 + 8;   // a part nests two lists deeper than its parent
    auto r = imap::ResponseParser::parse("* 1 FETCH (BODYSTRUCTURE " + imapText + ')', {}, l);
    if (!r)
        return r.error();
    const QList<Token> &tokens = r.value().tokens;
    if (tokens.isEmpty() || tokens.first().kind != Token::Kind::List || tokens.first().items.size() != 2)
        return Error::invalid(QStringLiteral("not a BODYSTRUCTURE"));
    return fromBodyStructure(tokens.first().items.at(1), limits);
}

QList<const MimePart *> displayedParts(const MimePart &root, bool preferPlain)
{
    QList<const MimePart *> out;
    displayed(root, preferPlain, out, 0);
    return out;
}

QList<QByteArray> sectionsToRender(const MimePart &root, bool preferPlain)
{
    QList<QByteArray> out;
    for (const MimePart *p : displayedParts(root, preferPlain))
        if (!p->loaded && !p->section.isEmpty())
            out.append(p->section);
    return out;
}

Result<QByteArray> rawPart(const QByteArray &message, const QByteArray &section, const MimeLimits &limits)
{
    if (section.isEmpty())
        return message;
    const QList<QByteArray> path = section.split('.');
    if (path.size() > limits.maxDepth)
        return Error::invalid(QStringLiteral("part %1 is nested too deep").arg(QString::fromLatin1(section.left(60))));
    QByteArray cur = message;   // a message (or a part) with its header block
    for (int i = 0; i < path.size(); ++i) {
        bool ok = false;
        const int n = path.at(i).toInt(&ok);
        if (!ok || n < 1)
            return Error::invalid(QStringLiteral("'%1' is not a part number").arg(QString::fromLatin1(section.left(60))));
        const qsizetype he = headerEndOf(cur);
        const QByteArray head = cur.left(he), body = cur.mid(he);
        if (head.size() > limits.maxHeaderBytes)
            return Error::invalid(QStringLiteral("a header block larger than the limit"));
        const QByteArray boundary = boundaryOf(head);
        if (boundary.isEmpty()) {
            // A single part: its only section is 1 (the body), or the message inside message/rfc822.
            if (n != 1)
                return Error::notFound(QStringLiteral("no part %1").arg(QString::fromLatin1(section)));
            if (isMessageType(head)) {
                cur = body;
                continue;
            }
            if (i != path.size() - 1)
                return Error::notFound(QStringLiteral("no part %1").arg(QString::fromLatin1(section)));
            return cur;
        }
        const QList<QByteArray> parts = splitMultipart(body, boundary, limits.maxParts);
        if (n > parts.size())
            return Error::notFound(QStringLiteral("no part %1").arg(QString::fromLatin1(section)));
        cur = parts.at(n - 1);
        // Into an attached message: its own parts are numbered below it.
        if (i + 1 < path.size() && isMessageType(cur.left(headerEndOf(cur))))
            cur = cur.mid(headerEndOf(cur));
    }
    return cur;
}

} // namespace tern::mime
