#include "mime/Route.h"
#include "mime/MailDate.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

namespace tern::mime {

namespace {

// --- text that cannot rearrange or hide itself ------------------------------

bool isInvisible(char32_t c)
{
    switch (QChar::category(c)) {
    case QChar::Other_Control:        // C0, DEL, C1
    case QChar::Other_Format:         // bidi embeddings/overrides/isolates, marks, zero-width, BOM, tags
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
    case QChar::Other_Surrogate:      // a lone half
        return true;
    default:
        return false;
    }
}

QString escapeInvisible(QStringView s)
{
    QString out;
    out.reserve(s.size());
    for (qsizetype i = 0; i < s.size(); ++i) {
        char32_t c = s[i].unicode();
        qsizetype width = 1;
        if (s[i].isHighSurrogate() && i + 1 < s.size() && s[i + 1].isLowSurrogate()) {
            c = QChar::surrogateToUcs4(s[i], s[i + 1]);
            width = 2;
        }
        if (isInvisible(c))
            out += QStringLiteral("<U+%1>").arg(uint(c), 4, 16, QLatin1Char('0')).toUpper();
        else
            out += s.mid(i, width);
        i += width - 1;
    }
    return out;
}

// --- tokens of a time-stamp line (RFC 5322 §3.2: atoms, quoted strings, comments)

struct Token {
    enum Kind { Word, Comment, Semicolon } kind;
    QString text;        // Word: as written (angle brackets kept, quotes removed); Comment: the inside
    qsizetype end = 0;   // position just past the token
};

QList<Token> tokenize(QStringView s)
{
    QList<Token> out;
    const qsizetype n = s.size();
    qsizetype i = 0;
    while (i < n) {
        const QChar c = s[i];
        if (c.isSpace() || c == u')') {   // a stray ')' is dropped
            ++i;
        } else if (c == u'(') {
            // Nested comments, quoted pairs (§3.2.1, §3.2.2); an unclosed one runs to the end.
            const qsizetype start = ++i;
            int depth = 1;
            while (i < n && depth > 0) {
                if (s[i] == u'\\') {
                    i += 2;
                    continue;
                }
                if (s[i] == u'(')
                    ++depth;
                else if (s[i] == u')')
                    --depth;
                ++i;
            }
            i = qMin(i, n);
            const qsizetype stop = depth == 0 ? i - 1 : n;
            out.append({Token::Comment, s.mid(start, stop - start).toString(), i});
        } else if (c == u';') {
            out.append({Token::Semicolon, QString(), ++i});
        } else if (c == u'"') {
            QString text;
            for (++i; i < n && s[i] != u'"'; ++i) {
                if (s[i] == u'\\' && i + 1 < n)
                    ++i;
                text += s[i];
            }
            i = qMin(i + 1, n);
            out.append({Token::Word, text, i});
        } else if (c == u'<') {
            const qsizetype close = s.indexOf(u'>', i);
            const qsizetype stop = close < 0 ? n : close + 1;
            out.append({Token::Word, s.mid(i, stop - i).toString(), stop});
            i = stop;
        } else {
            const qsizetype start = i;
            while (i < n && !s[i].isSpace() && s[i] != u'(' && s[i] != u')' && s[i] != u';' && s[i] != u'"'
                   && s[i] != u'<')
                ++i;
            out.append({Token::Word, s.mid(start, i - start).toString(), i});
        }
    }
    return out;
}

// --- what the comments say ---------------------------------------------------

bool isHexDigit(QChar c)
{
    return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
}

// An IPv4 or IPv6 address as servers write it (IPv6 possibly with a zone, "%6").
bool looksLikeIp(QStringView s)
{
    if (s.isEmpty() || s.size() > 64)
        return false;
    if (s.contains(u':')) {   // IPv6 (RFC 4291 §2.2), a dotted IPv4 tail allowed
        const qsizetype zone = s.indexOf(u'%');
        const QStringView addr = zone < 0 ? s : s.left(zone);
        int colons = 0;
        for (QChar c : addr) {
            if (c == u':')
                ++colons;
            else if (!isHexDigit(c) && c != u'.')
                return false;
        }
        return colons >= 2;
    }
    const auto parts = s.split(u'.');
    if (parts.size() != 4)
        return false;
    for (QStringView p : parts) {
        bool ok = false;
        if (p.isEmpty() || p.size() > 3 || p.toUInt(&ok) > 255 || !ok)
            return false;
    }
    return true;
}

QString withoutIpv6Tag(QString s)
{
    if (s.startsWith(QLatin1String("IPv6:"), Qt::CaseInsensitive))
        s.remove(0, 5);
    return s;
}

QString stripAngles(QString s)
{
    if (s.startsWith(u'<'))
        s.remove(0, 1);
    if (s.endsWith(u'>'))
        s.chop(1);
    return s;
}

bool isTlsComment(const QString &lower)
{
    if (lower.startsWith(QLatin1String("using tls")) || lower.startsWith(QLatin1String("using ssl")))   // Postfix
        return true;
    if (lower.contains(QLatin1String("version=tls")) || lower.contains(QLatin1String("version=ssl")))   // Sendmail, Gmail, Exchange
        return true;
    if (lower == QLatin1String("google transport security"))
        return true;
    // Exim "(TLS1.3)", "(TLS1.2:ECDHE_RSA_AES_256_GCM_SHA384:256)"; Exchange "(TLS)"
    if (lower.startsWith(QLatin1String("tls")) || lower.startsWith(QLatin1String("ssl"))) {
        const QChar next = lower.size() > 3 ? lower.at(3) : QChar();
        return next.isNull() || next.isDigit() || next == u'v' || next == u':' || next == u' ';
    }
    return false;
}

void appendTo(QString &field, const QString &text, QLatin1String separator)
{
    if (text.isEmpty())
        return;
    if (!field.isEmpty())
        field += separator;
    field += text;
}

// The comment after "from x": the peer as the receiver saw it. Postfix and
// Sendmail "(rdns [ip])", "(user@rdns [ip] (may be forged))"; Exim "([ip]:port
// helo=h)", "(port=p helo=h)"; qmail "(HELO h)" and "(ip)", "(user@ip)";
// Exchange "(ip)", "([fe80::1%6])"; Gmail "(rdns. [ip])".
void readPeer(const QString &comment, RouteHop &hop)
{
    QStringList words = comment.split(u' ', Qt::SkipEmptyParts);
    for (QString &w : words) {
        while (w.startsWith(u'('))
            w.remove(0, 1);
        while (w.endsWith(u')'))
            w.chop(1);
    }
    for (qsizetype i = 0; i < words.size(); ++i) {
        const QString &w = words.at(i);
        if (w.startsWith(QLatin1String("helo="), Qt::CaseInsensitive)) {
            if (hop.helo.isEmpty())
                hop.helo = w.mid(5);
        } else if ((w.compare(QLatin1String("helo"), Qt::CaseInsensitive) == 0
                    || w.compare(QLatin1String("ehlo"), Qt::CaseInsensitive) == 0)
                   && i + 1 < words.size()) {
            if (hop.helo.isEmpty())
                hop.helo = words.at(i + 1);
            ++i;
        } else if (const qsizetype open = w.indexOf(u'['); open >= 0) {
            const qsizetype close = w.indexOf(u']', open);
            const QString ip = withoutIpv6Tag(w.mid(open + 1, close < 0 ? -1 : close - open - 1));
            if (!looksLikeIp(ip) || !hop.fromIp.isEmpty())
                continue;
            hop.fromIp = ip;
            QString host = open > 0 ? w.left(open) : (i > 0 ? words.at(i - 1) : QString());
            host = host.mid(host.lastIndexOf(u'@') + 1);   // Sendmail's ident "user@host"
            while (host.endsWith(u'.'))
                host.chop(1);
            if (host.compare(QLatin1String("unknown"), Qt::CaseInsensitive) != 0 && !host.contains(u'='))
                hop.fromHost = host;
        } else if (hop.fromIp.isEmpty()) {
            const QString bare = w.mid(w.lastIndexOf(u'@') + 1);
            if (looksLikeIp(bare))
                hop.fromIp = bare;
        }
    }
}

enum class Clause { None, From, By, Via, With, Id, For, Tls };

Clause clauseFor(const QString &word, Clause current)
{
    static const std::pair<QLatin1String, Clause> names[] = {
        {QLatin1String("from"), Clause::From}, {QLatin1String("by"), Clause::By},
        {QLatin1String("via"), Clause::Via},   {QLatin1String("with"), Clause::With},
        {QLatin1String("id"), Clause::Id},     {QLatin1String("for"), Clause::For},
    };
    for (const auto &[name, clause] : names) {
        if (word.compare(name, Qt::CaseInsensitive) == 0)
            return clause;
    }
    // Exim since 4.92: "with esmtps (TLS1.3) tls TLS_AES_256_GCM_SHA384"
    if (current == Clause::With && word.compare(QLatin1String("tls"), Qt::CaseInsensitive) == 0)
        return Clause::Tls;
    return Clause::None;
}

bool isProtocolWord(const QString &s)
{
    for (QChar c : s) {
        if (c.unicode() >= 128 || !(c.isLetterOrNumber() || c == u'-' || c == u'_'))
            return false;
    }
    return !s.isEmpty();
}

} // namespace

RouteHop parseReceived(const QByteArray &value)
{
    RouteHop hop;
    const QString text = QString::fromUtf8(value.left(kMaxReceivedBytes));
    const QList<Token> tokens = tokenize(text);

    // RFC 5322 §3.6.7: the date-time follows the last ';'.
    qsizetype stampEnd = tokens.size();
    QStringView date;
    for (qsizetype i = tokens.size() - 1; i >= 0; --i) {
        if (tokens.at(i).kind == Token::Semicolon) {
            stampEnd = i;
            date = QStringView(text).mid(tokens.at(i).end);
            break;
        }
    }
    if (stampEnd == tokens.size()) {   // the ';' hidden in an unclosed comment
        if (const qsizetype semi = text.lastIndexOf(u';'); semi >= 0)
            date = QStringView(text).mid(semi + 1);
    }

    // RFC 5321 §4.4: from, by, via, with, id, for, each a keyword and a value.
    constexpr int kProtocolEnded = 4;   // words of a "with" value at most
    Clause clause = Clause::None;
    int words = 0;   // value words read in this clause
    for (qsizetype i = 0; i < stampEnd; ++i) {
        const Token &t = tokens.at(i);
        if (t.kind == Token::Comment) {
            const QString comment = t.text.simplified();
            if (isTlsComment(comment.toLower()))
                appendTo(hop.tls, comment, QLatin1String("; "));
            else if (clause == Clause::From)
                readPeer(comment, hop);
            if (clause == Clause::With)
                words = kProtocolEnded;   // "with ESMTP (…)": the protocol name has ended
            continue;
        }
        if (t.kind != Token::Word)
            continue;
        if (clause != Clause::None && words == 0) {   // the word after a keyword is its value, whatever it says
            words = 1;
            switch (clause) {
            case Clause::From: hop.from = t.text; break;
            case Clause::By: hop.by = t.text; break;
            case Clause::With: hop.with = t.text; break;
            case Clause::Id: hop.id = stripAngles(t.text); break;
            case Clause::For: hop.recipient = stripAngles(t.text); break;
            case Clause::Tls: appendTo(hop.tls, t.text, QLatin1String(" ")); break;
            case Clause::Via: case Clause::None: break;
            }
            continue;
        }
        if (const Clause next = clauseFor(t.text, clause); next != Clause::None) {
            clause = next;
            words = 0;
        } else if (clause == Clause::With && words < kProtocolEnded) {   // "with Microsoft SMTP Server"
            hop.with += u' ' + t.text;
            ++words;
        }
    }

    if (hop.fromIp.isEmpty()) {   // "from [192.0.2.1]" with nothing said about the peer
        QString literal = hop.from;
        if (literal.startsWith(u'[') && literal.endsWith(u']'))
            literal = withoutIpv6Tag(literal.mid(1, literal.size() - 2));
        if (looksLikeIp(literal))
            hop.fromIp = literal;
    }
    while (hop.by.endsWith(u'.'))
        hop.by.chop(1);
    if (isProtocolWord(hop.with))
        hop.with = hop.with.toUpper();
    hop.time = parseMailDate(date);

    for (QString *field : {&hop.from, &hop.fromHost, &hop.fromIp, &hop.helo, &hop.by, &hop.with, &hop.tls,
                           &hop.id, &hop.recipient})
        *field = escapeInvisible(*field);
    return hop;
}

MessageRoute parseRoute(const QList<QByteArray> &receivedNewestFirst)
{
    MessageRoute route;
    const qsizetype kept = qMin<qsizetype>(receivedNewestFirst.size(), kMaxRouteHops);
    route.omitted = int(receivedNewestFirst.size() - kept);
    route.hops.reserve(kept);
    for (qsizetype i = kept - 1; i >= 0; --i)
        route.hops.append(parseReceived(receivedNewestFirst.at(i)));
    for (qsizetype i = 1; i < route.hops.size(); ++i) {
        RouteHop &hop = route.hops[i];
        const QDateTime &before = route.hops.at(i - 1).time;
        if (hop.time.isValid() && before.isValid()) {
            hop.delaySeconds = before.secsTo(hop.time);
            hop.skew = *hop.delaySeconds < 0;
        }
    }
    return route;
}

QJsonArray routeToJson(const MessageRoute &route)
{
    const auto text = [](const QString &s) { return s.isEmpty() ? QJsonValue() : QJsonValue(s); };
    QJsonArray out;
    for (const RouteHop &hop : route.hops) {
        QJsonObject o;
        o.insert(QStringLiteral("from"), text(hop.from));
        o.insert(QStringLiteral("fromHost"), text(hop.fromHost));
        o.insert(QStringLiteral("fromIp"), text(hop.fromIp));
        o.insert(QStringLiteral("helo"), text(hop.helo));
        o.insert(QStringLiteral("by"), text(hop.by));
        o.insert(QStringLiteral("with"), text(hop.with));
        o.insert(QStringLiteral("tls"), text(hop.tls));
        o.insert(QStringLiteral("id"), text(hop.id));
        o.insert(QStringLiteral("for"), text(hop.recipient));
        o.insert(QStringLiteral("time"), hop.time.isValid() ? QJsonValue(hop.time.toUTC().toString(Qt::ISODate)) : QJsonValue());
        o.insert(QStringLiteral("delaySeconds"), hop.delaySeconds ? QJsonValue(*hop.delaySeconds) : QJsonValue());
        o.insert(QStringLiteral("skew"), hop.skew);
        out.append(o);
    }
    return out;
}

} // namespace tern::mime
