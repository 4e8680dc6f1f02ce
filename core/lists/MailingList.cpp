#include "lists/MailingList.h"

#include "mime/Addresses.h"

namespace tern::lists {

namespace {

constexpr int kMaxField = 8 * 1024;
constexpr int kMaxUrls = 8;
constexpr int kMaxUrlLength = 2048;
constexpr int kMaxIdLength = 255;   // RFC 2919 §2: a list-id is at most 255 octets

bool allowedScheme(const QUrl &u)
{
    const QString s = u.scheme().toLower();
    return s == QLatin1String("mailto") || s == QLatin1String("https") || s == QLatin1String("http");
}

QByteArray first(const QByteArray &message, const char *name)
{
    const QList<QByteArray> v = mime::headerValues(message, name);
    return v.isEmpty() ? QByteArray() : v.first().left(kMaxField);
}

} // namespace

ListId parseListId(const QByteArray &raw)
{
    ListId out;
    const QByteArray value = raw.left(kMaxField).trimmed();
    const qsizetype open = value.lastIndexOf('<');
    const qsizetype close = open < 0 ? -1 : value.indexOf('>', open);
    QByteArray id, phrase;
    if (open >= 0 && close > open) {
        id = value.mid(open + 1, close - open - 1).trimmed();
        phrase = value.left(open).trimmed();
    } else if (!value.contains(' ') && !value.contains('<')) {
        id = value;   // a bare id
    }
    if (id.isEmpty() || id.size() > kMaxIdLength)
        return out;
    for (char c : id)   // dot-atom-text (RFC 5322 §3.2.3): no spaces, brackets or controls
        if (uchar(c) <= 32 || uchar(c) >= 127 || c == '<' || c == '>' || c == '"' || c == '(' || c == ')' || c == ',')
            return out;
    out.id = QString::fromLatin1(id).toLower();
    if (phrase.size() >= 2 && phrase.startsWith('"') && phrase.endsWith('"')) {
        phrase = phrase.mid(1, phrase.size() - 2);
        phrase.replace("\\\"", "\"").replace("\\\\", "\\");
    }
    out.name = mime::decodeHeaderText(phrase).simplified().left(200);
    return out;
}

QList<QUrl> parseListUrls(const QByteArray &raw)
{
    QList<QUrl> urls;
    const QByteArray value = raw.left(kMaxField);
    int depth = 0;
    for (qsizetype i = 0; i < value.size() && urls.size() < kMaxUrls; ++i) {
        const char c = value.at(i);
        if (c == '(') {   // a comment (§2), outside brackets
            ++depth;
            continue;
        }
        if (c == ')' && depth > 0) {
            --depth;
            continue;
        }
        if (depth > 0 || c != '<')
            continue;
        const qsizetype close = value.indexOf('>', i + 1);
        if (close < 0)
            break;
        QByteArray text = value.mid(i + 1, close - i - 1);
        i = close;
        text = text.simplified().replace(" ", "");   // §2: white space in a URL is ignored
        if (text.isEmpty() || text.size() > kMaxUrlLength)
            continue;
        const QUrl u = QUrl::fromEncoded(text, QUrl::StrictMode);
        const bool mailto = u.scheme().toLower() == QLatin1String("mailto");
        // A web address with a user name or password in it is a lure (what the link shows is not where it goes).
        if (u.isValid() && allowedScheme(u) && (mailto || (!u.host().isEmpty() && u.userInfo().isEmpty())))
            urls.append(u);
    }
    return urls;
}

ListHeaders parseListHeaders(const QByteArray &message)
{
    ListHeaders h;
    h.id = parseListId(first(message, "List-Id"));
    const QByteArray post = first(message, "List-Post");
    h.post = parseListUrls(post);
    h.postingClosed = h.post.isEmpty() && post.trimmed().toUpper().startsWith("NO");
    h.unsubscribe = parseListUrls(first(message, "List-Unsubscribe"));
    h.archive = parseListUrls(first(message, "List-Archive"));
    h.help = parseListUrls(first(message, "List-Help"));
    h.subscribe = parseListUrls(first(message, "List-Subscribe"));
    h.owner = parseListUrls(first(message, "List-Owner"));
    // RFC 8058 §3.1: exactly this key and value (white space around them tolerated).
    QByteArray oneClick = first(message, "List-Unsubscribe-Post");
    oneClick.replace(" ", "").replace("\t", "");
    h.oneClick = oneClick.compare("List-Unsubscribe=One-Click", Qt::CaseInsensitive) == 0;
    return h;
}

QUrl ListHeaders::oneClickUrl() const
{
    if (!oneClick)
        return {};
    for (const QUrl &u : unsubscribe)
        if (u.scheme().toLower() == QLatin1String("https"))   // §3.1: an HTTPS URI; plain HTTP is not used
            return u;
    return {};
}

QUrl ListHeaders::mailtoUnsubscribe() const
{
    for (const QUrl &u : unsubscribe)
        if (u.scheme().toLower() == QLatin1String("mailto"))
            return u;
    return {};
}

QUrl ListHeaders::webUnsubscribe() const
{
    QUrl http;
    for (const QUrl &u : unsubscribe) {
        if (u.scheme().toLower() == QLatin1String("https"))
            return u;
        if (http.isEmpty() && u.scheme().toLower() == QLatin1String("http"))
            http = u;
    }
    return http;
}

} // namespace tern::lists
