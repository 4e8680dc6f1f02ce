// GLib names a struct member 'signals', which Qt defines as a macro: GMime first.
#include <gmime/gmime.h>

#include "mime/Addresses.h"
#include <mutex>

namespace tern::mime {

void ensureGMimeInitialized()
{
    static std::once_flag once;
    std::call_once(once, [] { g_mime_init(); });
}

static void collect(InternetAddressList *list, QList<QByteArray> &out, int depth)
{
    if (!list || depth > 4)   // groups do not nest in RFC 5322; bound it anyway
        return;
    const int n = internet_address_list_length(list);
    for (int i = 0; i < n && out.size() < 10000; ++i) {
        InternetAddress *a = internet_address_list_get_address(list, i);
        if (INTERNET_ADDRESS_IS_MAILBOX(a)) {
            const char *addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a));
            if (addr && *addr)
                out.append(QByteArray(addr));
        } else if (INTERNET_ADDRESS_IS_GROUP(a)) {
            collect(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(a)), out, depth + 1);
        }
    }
}

QString decodeHeaderText(const QByteArray &raw)
{
    ensureGMimeInitialized();
    char *decoded = g_mime_utils_header_decode_text(nullptr, raw.constData());
    QString out = QString::fromUtf8(decoded ? decoded : raw.constData());
    g_free(decoded);
    for (QChar &c : out)
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            c = QLatin1Char(' ');   // no bidi overrides or terminal tricks in a list row
    return out.simplified();
}

QList<QByteArray> parseAddressList(const QByteArray &headerValue)
{
    ensureGMimeInitialized();
    QList<QByteArray> out;
    InternetAddressList *list = internet_address_list_parse(nullptr, headerValue.constData());
    collect(list, out, 0);
    if (list)
        g_object_unref(list);
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
