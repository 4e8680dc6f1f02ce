#include "search/SearchQuery.h"

#include "mime/Addresses.h"

#include <QRegularExpression>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QHash>
#include <QLocale>
#include <QTimeZone>
#include <algorithm>
#include <optional>

namespace tern::search {

namespace {

constexpr int kMaxLength = 4096;
constexpr int kMaxTerms = 64;
constexpr int kMaxDepth = 16;

// ---- tokens ----------------------------------------------------------------

struct Tok {
    enum Kind { Word, Phrase, Open, Close, And, Or, Not } kind;
    QString field;     // "from" for from:…, empty for none
    QString text;
};

bool hasWordCharacters(const QString &text)
{
    for (const QChar c : text)
        if (c.isLetterOrNumber())
            return true;
    return false;
}

Result<QList<Tok>> tokenize(const QString &q)
{
    QList<Tok> out;
    int i = 0;
    const int n = int(q.size());
    auto isSpace = [&](int k) { return q.at(k).isSpace(); };
    while (i < n) {
        if (isSpace(i)) { ++i; continue; }
        const QChar c = q.at(i);
        if (c == QLatin1Char('(')) { out.append({Tok::Open, {}, {}}); ++i; continue; }
        if (c == QLatin1Char(')')) { out.append({Tok::Close, {}, {}}); ++i; continue; }
        // "-word", "-field:…", "-\"phrase\"", "-(…)": NOT. A dash before anything else is punctuation.
        if (c == QLatin1Char('-') && i + 1 < n &&
            (q.at(i + 1).isLetterOrNumber() || q.at(i + 1) == QLatin1Char('"') || q.at(i + 1) == QLatin1Char('('))) {
            out.append({Tok::Not, {}, {}});
            ++i;
            continue;
        }
        // field:value, a "phrase", or a word — up to white space or a parenthesis.
        QString field;
        int j = i;
        while (j < n && (q.at(j).isLetter()) && j - i < 16)
            ++j;
        if (j > i && j < n && q.at(j) == QLatin1Char(':') && j + 1 < n && !isSpace(j + 1)) {
            field = q.mid(i, j - i).toLower();
            i = j + 1;
        }
        if (q.at(i) == QLatin1Char('"')) {
            const int end = int(q.indexOf(QLatin1Char('"'), i + 1));
            const int stop = end < 0 ? n : end;
            out.append({Tok::Phrase, field, q.mid(i + 1, stop - i - 1)});
            i = end < 0 ? n : end + 1;
            continue;
        }
        int k = i;
        while (k < n && !isSpace(k) && q.at(k) != QLatin1Char('(') && q.at(k) != QLatin1Char(')'))
            ++k;
        const QString word = q.mid(i, k - i);
        i = k;
        if (field.isEmpty() && !hasWordCharacters(word))
            continue;   // punctuation between words: nothing to search for
        if (field.isEmpty() && word == QLatin1String("AND"))
            out.append({Tok::And, {}, {}});
        else if (field.isEmpty() && word == QLatin1String("OR"))
            out.append({Tok::Or, {}, {}});
        else if (field.isEmpty() && word == QLatin1String("NOT"))
            out.append({Tok::Not, {}, {}});
        else
            out.append({Tok::Word, field, word});
    }
    return out;
}

// ---- syntax tree -----------------------------------------------------------

struct Node {
    enum Kind { Text, Filter, And, Or, Not } kind = Text;
    explicit Node(Kind k = Text) : kind(k) {}
    QString fts;            // Text: an FTS5 expression
    QString sql;            // Filter: a condition over m, b, f
    QVariantList binds;     // Filter
    QList<Node> kids;
    bool body = false;      // Text that only a body can hold
    QString field, value;   // as the user wrote them: what an IMAP SEARCH is made of
};

// An FTS5 string: the tokenizer splits it into words, matched as a phrase.
QString ftsString(const QString &text)
{
    QString s = text;
    s.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + s + QLatin1Char('"');
}

// The first second of DATE, in the local time zone.
std::optional<qint64> dateStart(const QString &v, const QDateTime &now)
{
    const QDate today = now.date();
    auto startOf = [&](const QDate &d) { return QDateTime(d, QTime(0, 0), now.timeZone()).toSecsSinceEpoch(); };
    if (v == QLatin1String("today"))
        return startOf(today);
    if (v == QLatin1String("yesterday"))
        return startOf(today.addDays(-1));
    static const QRegularExpression relative(QStringLiteral("^(\\d{1,5})([dwmy])$"));
    if (const auto m = relative.match(v); m.hasMatch()) {
        const int k = m.captured(1).toInt();
        const QChar unit = m.captured(2).at(0);
        const QDate d = unit == QLatin1Char('d') ? today.addDays(-k) : unit == QLatin1Char('w') ? today.addDays(-7 * k)
                      : unit == QLatin1Char('m') ? today.addMonths(-k) : today.addYears(-k);
        return startOf(d);
    }
    static const QRegularExpression absolute(QStringLiteral("^(\\d{4})(?:[-/](\\d{1,2})(?:[-/](\\d{1,2}))?)?$"));
    if (const auto m = absolute.match(v); m.hasMatch()) {
        const QDate d(m.captured(1).toInt(), m.captured(2).isEmpty() ? 1 : m.captured(2).toInt(),
                      m.captured(3).isEmpty() ? 1 : m.captured(3).toInt());
        if (!d.isValid())
            return std::nullopt;
        return startOf(d);
    }
    return std::nullopt;
}

class Parser {
public:
    Parser(QList<Tok> toks, QDateTime now) : m_toks(std::move(toks)), m_now(std::move(now)) {}

    Result<Node> parse()
    {
        auto n = orExpr(0);
        if (!n)
            return n;
        if (m_pos < m_toks.size())
            return Error::invalid(m_toks.at(m_pos).kind == Tok::Close ? QStringLiteral("a ')' without its '('")
                                                                       : QStringLiteral("unexpected text in the query"));
        return n;
    }

private:
    bool at(Tok::Kind k) const { return m_pos < m_toks.size() && m_toks.at(m_pos).kind == k; }

    Result<Node> orExpr(int depth)
    {
        auto first = andExpr(depth);
        if (!first)
            return first;
        Node n{Node::Or};
        n.kids.append(first.value());
        while (at(Tok::Or)) {
            ++m_pos;
            auto next = andExpr(depth);
            if (!next)
                return next;
            n.kids.append(next.value());
        }
        return n.kids.size() == 1 ? n.kids.first() : n;
    }

    Result<Node> andExpr(int depth)
    {
        Node n{Node::And};
        while (m_pos < m_toks.size() && !at(Tok::Or) && !at(Tok::Close)) {
            if (at(Tok::And)) {
                ++m_pos;
                continue;
            }
            auto u = unary(depth);
            if (!u)
                return u;
            n.kids.append(u.value());
        }
        if (n.kids.isEmpty())
            return Error::invalid(QStringLiteral("a search term is missing (before OR, after AND or NOT, or between parentheses)"));
        return n.kids.size() == 1 ? n.kids.first() : n;
    }

    Result<Node> unary(int depth)
    {
        if (at(Tok::Not)) {
            ++m_pos;
            if (m_pos >= m_toks.size() || at(Tok::Or) || at(Tok::Close) || at(Tok::And))
                return Error::invalid(QStringLiteral("NOT needs a term after it"));
            auto inner = unary(depth);
            if (!inner)
                return inner;
            Node n{Node::Not};
            n.kids.append(inner.value());
            return n;
        }
        if (at(Tok::Open)) {
            if (depth + 1 > kMaxDepth)
                return Error::invalid(QStringLiteral("parentheses nested deeper than %1").arg(kMaxDepth));
            ++m_pos;
            auto inner = orExpr(depth + 1);
            if (!inner)
                return inner;
            if (!at(Tok::Close))
                return Error::invalid(QStringLiteral("a '(' without its ')'"));
            ++m_pos;
            return inner;
        }
        if (++m_terms > kMaxTerms)
            return Error::invalid(QStringLiteral("more than %1 search terms").arg(kMaxTerms));
        const Tok t = m_toks.at(m_pos++);
        return term(t);
    }

    Result<Node> text(const QString &columns, const QString &value, bool phrase, bool body)
    {
        QString v = value;
        bool prefix = false;
        if (!phrase && v.endsWith(QLatin1Char('*')) && v.size() > 1) {
            v.chop(1);
            prefix = true;
        }
        if (!hasWordCharacters(v))
            return Error::invalid(QStringLiteral("\"%1\" has no letters or digits to search for").arg(value.left(40)));
        Node n{Node::Text};
        n.fts = (columns.isEmpty() ? QString() : QStringLiteral("{%1} : ").arg(columns)) + ftsString(v) + (prefix ? QStringLiteral("*") : QString());
        n.body = body;
        return n;
    }

    static Node filter(const QString &sql, const QVariantList &binds = {})
    {
        Node n{Node::Filter};
        n.sql = sql;
        n.binds = binds;
        return n;
    }

    Result<Node> term(const Tok &t)
    {
        auto n = termNode(t);
        if (n) {
            n.value().field = t.field;
            n.value().value = t.text;
        }
        return n;
    }

    Result<Node> termNode(const Tok &t)
    {
        const bool phrase = t.kind == Tok::Phrase;
        const QString &v = t.text;
        const QString &f = t.field;
        if (f.isEmpty())
            return text({}, v, phrase, false);
        if (f == QLatin1String("from"))
            return text(QStringLiteral("sender"), v, phrase, false);
        if (f == QLatin1String("to"))
            return text(QStringLiteral("recipients cc"), v, phrase, false);
        if (f == QLatin1String("cc"))
            return text(QStringLiteral("cc"), v, phrase, false);
        if (f == QLatin1String("subject"))
            return text(QStringLiteral("subject"), v, phrase, false);
        if (f == QLatin1String("body"))
            return text(QStringLiteral("body"), v, phrase, true);
        if (f == QLatin1String("list"))
            return text(QStringLiteral("list"), v, phrase, false);
        if (f == QLatin1String("attachment") || f == QLatin1String("filename"))
            return text(QStringLiteral("attachments"), v, phrase, false);
        if (f == QLatin1String("folder") || f == QLatin1String("in"))
            return filter(QStringLiteral("b.name = ? COLLATE NOCASE"), {v});
        if (f == QLatin1String("account"))
            return filter(QStringLiteral("b.account = ?"), {v});
        if (f == QLatin1String("has")) {
            if (v.compare(QLatin1String("attachment"), Qt::CaseInsensitive) == 0)
                return filter(QStringLiteral("f.has_attachment = 1"));
            return Error::invalid(QStringLiteral("has:%1 is not known (has:attachment is)").arg(v.left(40)));
        }
        if (f == QLatin1String("is")) {
            const QString w = v.toLower();
            if (w == QLatin1String("unread"))
                return filter(QStringLiteral("m.flags NOT LIKE '%\\Seen%'"));
            if (w == QLatin1String("read"))
                return filter(QStringLiteral("m.flags LIKE '%\\Seen%'"));
            if (w == QLatin1String("flagged") || w == QLatin1String("starred"))
                return filter(QStringLiteral("m.flags LIKE '%\\Flagged%'"));
            if (w == QLatin1String("answered") || w == QLatin1String("replied"))
                return filter(QStringLiteral("m.flags LIKE '%\\Answered%'"));
            if (w == QLatin1String("encrypted"))
                return filter(QStringLiteral("f.encrypted = 1"));
            if (w == QLatin1String("signed"))
                return filter(QStringLiteral("f.signed = 1"));
            return Error::invalid(QStringLiteral("is:%1 is not known (unread, read, flagged, answered, encrypted, signed are)").arg(v.left(40)));
        }
        if (f == QLatin1String("before") || f == QLatin1String("after")) {
            const auto start = dateStart(v.toLower(), m_now);
            if (!start)
                return Error::invalid(QStringLiteral("%1:%2 is not a date (2024-03-01, 2024-03, 2024, today, yesterday, 7d, 2w, 3m, 1y are)")
                                          .arg(f, v.left(40)));
            return filter(f == QLatin1String("before") ? QStringLiteral("f.sent_at < ?") : QStringLiteral("f.sent_at >= ?"), {*start});
        }
        // Not a field: a word with a colon in it (a URL, "re:").
        return text({}, f + QLatin1Char(':') + v, phrase, false);
    }

    QList<Tok> m_toks;
    QDateTime m_now;
    int m_pos = 0;
    int m_terms = 0;
};

// ---- to SQL ----------------------------------------------------------------

// The node as one FTS5 expression, when everything under it is words.
std::optional<QString> ftsOf(const Node &n)
{
    switch (n.kind) {
    case Node::Text:
        return n.fts;
    case Node::Filter:
    case Node::Not:
        return std::nullopt;
    case Node::Or: {
        QStringList parts;
        for (const Node &k : n.kids) {
            const auto e = ftsOf(k);
            if (!e)
                return std::nullopt;
            parts << QLatin1Char('(') + *e + QLatin1Char(')');
        }
        return parts.join(QLatin1String(" OR "));
    }
    case Node::And: {
        // FTS5's NOT is binary (a NOT b): the negated words need a positive one.
        QStringList positive, negative;
        for (const Node &k : n.kids) {
            if (k.kind == Node::Not) {
                const auto e = ftsOf(k.kids.first());
                if (!e)
                    return std::nullopt;
                negative << *e;
            } else {
                const auto e = ftsOf(k);
                if (!e)
                    return std::nullopt;
                positive << QLatin1Char('(') + *e + QLatin1Char(')');
            }
        }
        if (positive.isEmpty())
            return std::nullopt;
        QString out = positive.join(QLatin1String(" AND "));
        for (const QString &e : negative)
            out = QStringLiteral("(%1) NOT (%2)").arg(out, e);
        return out;
    }
    }
    return std::nullopt;
}

bool hasText(const Node &n)
{
    if (n.kind == Node::Text)
        return true;
    for (const Node &k : n.kids)
        if (hasText(k))
            return true;
    return false;
}

bool hasBody(const Node &n)
{
    if (n.kind == Node::Text)
        return n.body || !n.fts.startsWith(QLatin1Char('{'));
    for (const Node &k : n.kids)
        if (hasBody(k))
            return true;
    return false;
}

QString sqlOf(const Node &n, QVariantList &binds)
{
    if (const auto e = ftsOf(n)) {
        binds << *e;
        return QStringLiteral("m.id IN (SELECT rowid FROM search_text WHERE search_text MATCH ?)");
    }
    switch (n.kind) {
    case Node::Text:   // handled above
    case Node::Filter:
        binds << n.binds;
        return QLatin1Char('(') + n.sql + QLatin1Char(')');
    case Node::Not:
        return QStringLiteral("NOT (%1)").arg(sqlOf(n.kids.first(), binds));
    case Node::Or: {
        QStringList parts;
        for (const Node &k : n.kids)
            parts << sqlOf(k, binds);
        return QLatin1Char('(') + parts.join(QLatin1String(" OR ")) + QLatin1Char(')');
    }
    case Node::And: {
        // The children that are words become one FTS5 expression.
        Node words{Node::And}, rest{Node::And};
        for (const Node &k : n.kids)
            (ftsOf(k) || (k.kind == Node::Not && ftsOf(k.kids.first())) ? words : rest).kids.append(k);
        QStringList parts;
        if (ftsOf(words)) {
            parts << sqlOf(words.kids.size() == 1 ? words.kids.first() : words, binds);
        } else {
            rest.kids = n.kids;
        }
        for (const Node &k : rest.kids)
            parts << sqlOf(k, binds);
        return QLatin1Char('(') + parts.join(QLatin1String(" AND ")) + QLatin1Char(')');
    }
    }
    return QStringLiteral("1");
}

// ---- to IMAP SEARCH (RFC 9051 §6.4.4) --------------------------------------

QByteArray imapString(const QString &text, bool literalPlus, bool &ok)
{
    const QByteArray utf8 = text.toUtf8();
    bool plain = true;
    for (const char c : utf8)
        plain = plain && c >= 0x20 && c < 0x7f;
    if (plain)
        return '"' + QByteArray(utf8).replace('\\', "\\\\").replace('"', "\\\"") + '"';
    if (!literalPlus) {
        ok = false;
        return {};
    }
    return '{' + QByteArray::number(utf8.size()) + "+}\r\n" + utf8;
}

QByteArray imapDate(qint64 secs)
{
    return QLocale::c().toString(QDateTime::fromSecsSinceEpoch(secs).date(), QStringLiteral("d-MMM-yyyy")).toLatin1();
}

Result<QByteArray> imapOf(const Node &n, bool literalPlus)
{
    const auto cannot = [&](const QString &what) {
        return Error::invalid(QStringLiteral("%1 cannot be asked of an IMAP server").arg(what));
    };
    switch (n.kind) {
    case Node::Text: {
        const bool inField = n.fts.startsWith(QLatin1Char('{'));
        // Without a known field: a word, maybe with a colon in it ("re:", a URL).
        QString v = inField || n.field.isEmpty() ? n.value : n.field + QLatin1Char(':') + n.value;
        if (v.endsWith(QLatin1Char('*')))
            v.chop(1);   // IMAP matches substrings anyway
        bool ok = true;
        const QByteArray s = imapString(v, literalPlus, ok);
        if (!ok)
            return Error::invalid(QStringLiteral("words beyond ASCII need a server with LITERAL+"));
        const QString f = inField ? n.field : QString();
        if (f.isEmpty())
            return "TEXT " + s;
        if (f == QLatin1String("from"))
            return "FROM " + s;
        if (f == QLatin1String("to"))
            return "OR TO " + s + " CC " + s;
        if (f == QLatin1String("cc"))
            return "CC " + s;
        if (f == QLatin1String("subject"))
            return "SUBJECT " + s;
        if (f == QLatin1String("body"))
            return "BODY " + s;
        if (f == QLatin1String("list"))
            return "HEADER List-Id " + s;
        return cannot(n.field + QLatin1Char(':'));
    }
    case Node::Filter: {
        const QString v = n.value.toLower();
        if (n.field == QLatin1String("is")) {
            if (v == QLatin1String("unread"))
                return QByteArray("UNSEEN");
            if (v == QLatin1String("read"))
                return QByteArray("SEEN");
            if (v == QLatin1String("flagged") || v == QLatin1String("starred"))
                return QByteArray("FLAGGED");
            if (v == QLatin1String("answered") || v == QLatin1String("replied"))
                return QByteArray("ANSWERED");
        }
        if (n.field == QLatin1String("before"))
            return "SENTBEFORE " + imapDate(n.binds.value(0).toLongLong());
        if (n.field == QLatin1String("after"))
            return "SENTSINCE " + imapDate(n.binds.value(0).toLongLong());
        return cannot(n.field + QLatin1Char(':') + n.value);
    }
    case Node::Not: {
        auto inner = imapOf(n.kids.first(), literalPlus);
        if (!inner)
            return inner;
        return "NOT (" + inner.value() + ')';
    }
    case Node::And: {
        QList<QByteArray> parts;
        for (const Node &k : n.kids) {
            auto e = imapOf(k, literalPlus);
            if (!e)
                return e;
            parts << e.value();
        }
        return '(' + parts.join(' ') + ')';
    }
    case Node::Or: {
        QByteArray out;
        for (int i = int(n.kids.size()) - 1; i >= 0; --i) {
            auto e = imapOf(n.kids.at(i), literalPlus);
            if (!e)
                return e;
            out = out.isEmpty() ? '(' + e.value() + ')' : "OR (" + e.value() + ") " + out;
        }
        return out;
    }
    }
    return QByteArray("ALL");
}

} // namespace

Result<ServerQuery> serverQuery(const QString &query, bool literalPlus, const QDateTime &now)
{
    if (query.size() > kMaxLength)
        return Error::invalid(QStringLiteral("the query is longer than %1 characters").arg(kMaxLength));
    auto toks = tokenize(query);
    if (!toks)
        return toks.error();
    Parser p(toks.value(), now);
    auto root = p.parse();
    if (!root)
        return root.error();
    // folder: and account: at the top say where to ask; anywhere else they cannot be asked.
    ServerQuery out;
    QList<Node> rest;
    const QList<Node> top = root.value().kind == Node::And ? root.value().kids : QList<Node>{root.value()};
    for (const Node &k : top) {
        if (k.kind == Node::Filter && (k.field == QLatin1String("folder") || k.field == QLatin1String("in")))
            out.folders << k.value;
        else if (k.kind == Node::Filter && k.field == QLatin1String("account"))
            out.accounts << k.value;
        else
            rest << k;
    }
    if (rest.isEmpty()) {
        out.criteria = "ALL";
        return out;
    }
    Node all(Node::And);
    all.kids = rest;
    auto c = imapOf(rest.size() == 1 ? rest.first() : all, literalPlus);
    if (!c)
        return c.error();
    out.criteria = c.value();
    return out;
}

QString CompiledQuery::fromWhere() const
{
    return QStringLiteral("FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id "
                          "LEFT JOIN search_facts f ON f.message_id = m.id %1 WHERE %2%3")
        .arg(match.isEmpty() ? QString() : QStringLiteral("JOIN search_text ON search_text.rowid = m.id"),
             match.isEmpty() ? QString() : QStringLiteral("search_text MATCH ? AND "), where);
}

QString CompiledQuery::narrowFromWhere() const
{
    return QStringLiteral("FROM search_facts f %1 WHERE %2%3")
        .arg(match.isEmpty() ? QString() : QStringLiteral("JOIN search_text ON search_text.rowid = f.message_id"),
             match.isEmpty() ? QString() : QStringLiteral("search_text MATCH ? AND "), where);
}

QVariantList CompiledQuery::binds() const
{
    QVariantList out;
    if (!match.isEmpty())
        out << match;
    out << whereBinds;
    return out;
}

namespace {

// Whether the condition names the message's row (m.) or its folder (b.). The
// condition is made only of this file's own SQL fragments (every value of the
// query is a bound parameter), so reading it back is exact.
CompiledQuery withReach(CompiledQuery c)
{
    static const QRegularExpression rowOrFolder(QStringLiteral("\\b[mb]\\."));
    c.needsRow = (c.match.isEmpty() && c.where == QLatin1String("1")) || c.where.contains(rowOrFolder);
    return c;
}

} // namespace

Result<CompiledQuery> compileQuery(const QString &query, const QDateTime &now)
{
    if (query.size() > kMaxLength)
        return Error::invalid(QStringLiteral("the query is longer than %1 characters").arg(kMaxLength));
    if (query.trimmed().isEmpty())
        return Error::invalid(QStringLiteral("the query is empty"));
    auto toks = tokenize(query);
    if (!toks)
        return toks.error();
    if (toks.value().isEmpty())
        return Error::invalid(QStringLiteral("the query has no letters or digits to search for"));
    Parser p(toks.value(), now);
    auto root = p.parse();
    if (!root)
        return root.error();
    const Node &n = root.value();
    CompiledQuery out;
    out.hasText = hasText(n);
    out.bodyText = hasBody(n);
    // The words that rank: the whole query, or the words of a top-level AND.
    if (const auto e = ftsOf(n)) {
        out.match = *e;
        out.where = QStringLiteral("1");
        return withReach(std::move(out));
    }
    if (n.kind == Node::And) {
        Node words{Node::And}, rest{Node::And};
        for (const Node &k : n.kids)
            (ftsOf(k) || (k.kind == Node::Not && ftsOf(k.kids.first())) ? words : rest).kids.append(k);
        if (const auto e = ftsOf(words)) {
            out.match = *e;
            QStringList parts;
            for (const Node &k : rest.kids)
                parts << sqlOf(k, out.whereBinds);
            out.where = parts.isEmpty() ? QStringLiteral("1") : parts.join(QLatin1String(" AND "));
            return withReach(std::move(out));
        }
    }
    out.where = sqlOf(n, out.whereBinds);
    return withReach(std::move(out));
}

namespace {

SearchHit hitOf(const QSqlQuery &r)
{
    SearchHit h;
    h.id = r.value(0).toLongLong();
    h.account = r.value(1).toString();
    h.folder = r.value(2).toString();
    h.uid = r.value(3).toLongLong();
    h.flags = r.value(4).toString();
    h.date = QDateTime::fromSecsSinceEpoch(r.value(5).toLongLong(), Qt::UTC);
    h.from = mime::decodeHeaderText(r.value(6).toString().toUtf8());
    h.subject = mime::decodeHeaderText(r.value(7).toString().toUtf8());
    h.snippet = r.value(8).toString();
    h.bodyCached = r.value(9).toBool();
    return h;
}

QString hitColumns(const QString &snippet)
{
    return QStringLiteral("SELECT m.id, b.account, b.name, coalesce(m.uid, 0), m.flags, coalesce(f.sent_at, m.received_at), "
                          "m.from_header, m.subject, %1, EXISTS (SELECT 1 FROM bodies WHERE message_id = m.id) ").arg(snippet);
}

} // namespace

Result<QList<SearchHit>> hitsFor(store::Database &db, const QList<qint64> &ids)
{
    QList<SearchHit> out;
    for (qsizetype i = 0; i < ids.size(); i += 500) {
        QStringList marks;
        QVariantList binds;
        for (qsizetype k = i; k < qMin(ids.size(), i + 500); ++k) {
            marks << QStringLiteral("?");
            binds << ids.at(k);
        }
        auto q = db.exec(hitColumns(QStringLiteral("NULL")) +
                         QStringLiteral("FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id LEFT JOIN search_facts f ON f.message_id = m.id "
                                        "WHERE m.id IN (%1)").arg(marks.join(QLatin1Char(','))), binds);
        if (!q)
            return q.error();
        while (q.value().next())
            out.append(hitOf(q.value()));
    }
    return out;
}

void mergeHits(QList<SearchHit> &into, const QList<SearchHit> &more, Order order, int limit)
{
    QSet<qint64> have;
    for (const SearchHit &h : into)
        have.insert(h.id);
    for (const SearchHit &h : more)
        if (!have.contains(h.id)) {
            have.insert(h.id);
            into.append(h);
        }
    if (order != Order::Relevance)
        std::stable_sort(into.begin(), into.end(), [order](const SearchHit &a, const SearchHit &b) {
            return order == Order::Oldest ? a.date < b.date : a.date > b.date;
        });
    if (limit >= 0 && into.size() > limit)
        into.resize(limit);
}

Result<QList<SearchHit>> runSearch(store::Database &db, const QString &query, const SearchOptions &options)
{
    auto c = compileQuery(query);
    if (!c)
        return c.error();
    // First the page of ids, in order, reading only what ordering needs; then
    // the rows and snippets of that page alone. (One statement computed the
    // snippet and the columns of every match before sorting: 2.5 s for a
    // common word in 100,000 messages.)
    // Most queries read only the index and its facts: then the wide rows of
    // messages (headers, references, structure) are not read for every match,
    // which for a common word was most of the time (tests/bench/search).
    const bool narrow = !c.value().needsRow && options.account.isEmpty() && options.folder.isEmpty();
    QString ids = narrow ? QStringLiteral("SELECT f.message_id AS id, f.sent_at AS sent ") + c.value().narrowFromWhere()
                         : QStringLiteral("SELECT m.id AS id, coalesce(f.sent_at, m.received_at) AS sent ") + c.value().fromWhere();
    QVariantList binds = c.value().binds();
    if (!options.account.isEmpty()) {
        ids += QStringLiteral(" AND b.account = ?");
        binds << options.account;
    }
    if (!options.folder.isEmpty()) {
        ids += QStringLiteral(" AND b.name = ?");
        binds << options.folder;
    }
    const bool ranked = options.order == Order::Relevance && !c.value().match.isEmpty();
    // bm25 weights per column: subject, sender, recipients, cc, body, attachments, list.
    ids += ranked ? QStringLiteral(" ORDER BY bm25(search_text, 8.0, 4.0, 2.0, 1.5, 1.0, 3.0, 2.0), sent DESC")
         : options.order == Order::Oldest ? QStringLiteral(" ORDER BY sent ASC, id ASC")
                                          : QStringLiteral(" ORDER BY sent DESC, id DESC");
    ids += QStringLiteral(" LIMIT ? OFFSET ?");
    binds << qMax(0, options.limit) << qMax(0, options.offset);
    auto q = db.exec(ids, binds);
    if (!q)
        return q.error();
    QList<qint64> page;
    while (q.value().next())
        page << q.value().value(0).toLongLong();
    q.value().finish();
    auto rows = hitsFor(db, page);
    if (!rows)
        return rows.error();
    QHash<qint64, SearchHit> byId;
    for (const SearchHit &h : rows.value())
        byId.insert(h.id, h);
    if (options.snippets && !c.value().match.isEmpty() && !page.isEmpty()) {
        QStringList marks;
        QVariantList sb{c.value().match};
        for (qint64 id : page) {
            marks << QStringLiteral("?");
            sb << id;
        }
        auto snip = db.exec(QStringLiteral("SELECT rowid, snippet(search_text, 4, '[', ']', '…', 12) FROM search_text "
                                           "WHERE search_text MATCH ? AND rowid IN (%1)").arg(marks.join(QLatin1Char(','))), sb);
        while (snip && snip.value().next()) {
            auto it = byId.find(snip.value().value(0).toLongLong());
            if (it != byId.end())
                it->snippet = snip.value().value(1).toString();
        }
    }
    QList<SearchHit> out;
    for (qint64 id : page)
        if (byId.contains(id))
            out.append(byId.value(id));
    return out;
}

Result<QList<SavedSearch>> savedSearches(store::Database &db)
{
    auto q = db.exec(QStringLiteral("SELECT name, query FROM saved_searches ORDER BY name"));
    if (!q)
        return q.error();
    QList<SavedSearch> out;
    while (q.value().next())
        out.append({q.value().value(0).toString(), q.value().value(1).toString()});
    return out;
}

Status saveSearch(store::Database &db, const QString &name, const QString &query)
{
    if (name.trimmed().isEmpty() || name.size() > 200)
        return Error::invalid(QStringLiteral("a saved search needs a name (at most 200 characters)"));
    if (auto c = compileQuery(query); !c)
        return c.error();
    auto q = db.exec(QStringLiteral("INSERT INTO saved_searches (name, query, created_at) VALUES (?, ?, ?) "
                                    "ON CONFLICT (name) DO UPDATE SET query = excluded.query"),
                     {name.trimmed(), query, QDateTime::currentSecsSinceEpoch()});
    if (!q)
        return q.error();
    return success();
}

Status deleteSavedSearch(store::Database &db, const QString &name)
{
    auto q = db.exec(QStringLiteral("DELETE FROM saved_searches WHERE name = ?"), {name});
    if (!q)
        return q.error();
    if (q.value().numRowsAffected() == 0)
        return Error::notFound(QStringLiteral("no saved search called %1").arg(name));
    return success();
}

} // namespace tern::search
