#include "imap/ImapResponse.h"

namespace tern::imap {

QByteArray Token::dump() const
{
    switch (kind) {
    case Kind::Atom: return text;
    case Kind::Nil: return "NIL";
    case Kind::String: return '"' + text + '"';
    case Kind::List: {
        QByteArray out = "(";
        for (int i = 0; i < items.size(); ++i)
            out += (i ? " " : "") + items.at(i).dump();
        return out + ')';
    }
    }
    return {};
}

QByteArray Token::toImap() const
{
    QByteArray out;
    out.reserve(256);
    appendImap(out);
    return out;
}

void Token::appendImap(QByteArray &out) const
{
    switch (kind) {
    case Kind::Atom:
        out += text;
        return;
    case Kind::Nil:
        out += "NIL";
        return;
    case Kind::String:
        out += '"';
        for (char c : text) {
            if (c == '"' || c == '\\')
                out += '\\';
            out += (c == '\r' || c == '\n' || c == '\0') ? ' ' : c;
        }
        out += '"';
        return;
    case Kind::List:
        out += '(';
        for (qsizetype i = 0; i < items.size(); ++i) {
            if (i)
                out += ' ';
            items.at(i).appendImap(out);
        }
        out += ')';
        return;
    }
}

QByteArray Response::dump() const
{
    QByteArray out = type == Type::Tagged ? tag : type == Type::Untagged ? QByteArray("*") : QByteArray("+");
    if (!number.isEmpty()) out += ' ' + number;
    if (!status.isEmpty()) out += ' ' + status;
    if (!code.isEmpty()) out += " [" + code + ']';
    for (const Token &t : tokens) out += ' ' + t.dump();
    if (!text.isEmpty()) out += " :" + text;
    return out;
}

Result<std::optional<Response>> ResponseParser::next()
{
    for (;;) {
        if (m_literalWanted >= 0) {
            const QByteArray chunk = m_reader.takeBytes(m_literalWanted - m_literal.size());
            m_literal += chunk;
            if (m_literal.size() < m_literalWanted)
                return std::optional<Response>();   // wait for the rest
            m_literals.append(m_literal);
            m_partial += "{#" + QByteArray::number(m_literals.size() - 1) + '}';
            m_literal.clear();
            m_literalWanted = -1;
        }
        const auto line = m_reader.next();
        if (m_reader.overflowed())
            return Error::invalid(QStringLiteral("the server sent a line longer than %1 bytes").arg(m_limits.maxLine));
        if (!line)
            return std::optional<Response>();
        m_partial += *line;
        if (m_partial.size() > m_limits.maxLine * 4)
            return Error::invalid(QStringLiteral("the server sent a response longer than %1 bytes").arg(m_limits.maxLine * 4));
        // A literal announced at the end of the line: {N} or {N+} (RFC 7888 §4).
        if (m_partial.endsWith('}')) {
            const qsizetype open = m_partial.lastIndexOf('{');
            QByteArray n = open >= 0 ? m_partial.mid(open + 1, m_partial.size() - open - 2) : QByteArray();
            if (n.endsWith('+'))
                n.chop(1);
            bool ok = false;
            const qint64 size = n.toLongLong(&ok);
            if (open >= 0 && ok && !n.startsWith('#') && !n.isEmpty()) {
                if (size < 0 || size > m_limits.maxLiteral)
                    return Error::invalid(QStringLiteral("the server announced a literal of %1 bytes (limit %2)")
                                              .arg(size).arg(m_limits.maxLiteral));
                if (m_literals.size() >= m_limits.maxLiterals)
                    return Error::invalid(QStringLiteral("the server sent more than %1 literals in one response").arg(m_limits.maxLiterals));
                m_partial.truncate(open);
                m_literalWanted = size;
                continue;
            }
        }
        auto r = parse(m_partial, m_literals, m_limits);
        m_partial.clear();
        m_literals.clear();
        if (!r)
            return r.error();
        return std::optional<Response>(r.value());
    }
}

namespace {

class Tokenizer {
public:
    Tokenizer(const QByteArray &s, const QList<QByteArray> &lits, int maxDepth, bool rawBodyStructure = false)
        : m_s(s), m_lits(lits), m_maxDepth(maxDepth), m_rawBodyStructure(rawBodyStructure) {}
    bool atEnd() { skipSpaces(); return m_pos >= m_s.size(); }
    qsizetype pos() const { return m_pos; }
    QByteArray rest() { skipSpaces(); return m_s.mid(m_pos); }
    QByteArray word()
    {
        skipSpaces();
        const qsizetype start = m_pos;
        while (m_pos < m_s.size() && m_s.at(m_pos) != ' ')
            ++m_pos;
        return m_s.mid(start, m_pos - start);
    }
    Result<Token> token(int depth = 0)
    {
        skipSpaces();
        if (m_pos >= m_s.size())
            return Error::invalid(QStringLiteral("IMAP: a token was expected"));
        const char c = m_s.at(m_pos);
        if (c == '(') {
            if (depth >= m_maxDepth)
                return Error::invalid(QStringLiteral("IMAP: lists nested deeper than %1").arg(m_maxDepth));
            ++m_pos;
            Token list{Token::Kind::List, {}, {}};
            for (;;) {
                skipSpaces();
                if (m_pos >= m_s.size())
                    return Error::invalid(QStringLiteral("IMAP: unterminated list"));
                if (m_s.at(m_pos) == ')') {
                    ++m_pos;
                    return list;
                }
                if (m_rawBodyStructure && !list.items.isEmpty() && list.items.last().kind == Token::Kind::Atom &&
                    list.items.last().text.compare("BODYSTRUCTURE", Qt::CaseInsensitive) == 0 && m_s.at(m_pos) == '(') {
                    auto raw = rawList(depth + 1);
                    if (!raw)
                        return raw;
                    if (raw.value().kind == Token::Kind::Atom) {
                        list.items.append(raw.value());
                        continue;
                    }
                }
                auto t = token(depth + 1);
                if (!t)
                    return t;
                list.items.append(t.value());
            }
        }
        if (c == '"') {   // RFC 9051 §4.3: quoted string, \" and \\ escapes
            ++m_pos;
            QByteArray out;
            while (m_pos < m_s.size() && m_s.at(m_pos) != '"') {
                if (m_s.at(m_pos) == '\\' && m_pos + 1 < m_s.size())
                    ++m_pos;
                out += m_s.at(m_pos++);
            }
            if (m_pos >= m_s.size())
                return Error::invalid(QStringLiteral("IMAP: unterminated quoted string"));
            ++m_pos;
            return Token{Token::Kind::String, out, {}};
        }
        if (c == ')')   // a list closed that was never opened: consuming nothing, it would repeat for ever
            return Error::invalid(QStringLiteral("IMAP: unexpected ')'"));
        if (m_s.mid(m_pos, 2) == "{#") {
            const qsizetype close = m_s.indexOf('}', m_pos);
            if (close < 0)   // not one the parser wrote (m_pos would go back to the start)
                return Error::invalid(QStringLiteral("IMAP: a literal reference without its end"));
            const int index = m_s.mid(m_pos + 2, close - m_pos - 2).toInt();
            m_pos = close + 1;
            return Token{Token::Kind::String, m_lits.value(index), {}};
        }
        // An atom; brackets inside are part of it (BODY[HEADER.FIELDS (A B)] has a list: keep the bracket section whole).
        const qsizetype start = m_pos;
        int bracket = 0;
        while (m_pos < m_s.size()) {
            const char ch = m_s.at(m_pos);
            if (ch == '[') ++bracket;
            else if (ch == ']') --bracket;
            else if (bracket <= 0 && (ch == ' ' || ch == ')' || ch == '(')) break;
            ++m_pos;
        }
        const QByteArray atom = m_s.mid(start, m_pos - start);
        if (atom.compare("NIL", Qt::CaseInsensitive) == 0)
            return Token{Token::Kind::Nil, {}, {}};
        return Token{Token::Kind::Atom, atom, {}};
    }

private:
    // A parenthesised value as its text, quotes respected; a literal inside means
    // the text is not self-contained: then Nil is returned and nothing consumed.
    Result<Token> rawList(int depth)
    {
        const qsizetype start = m_pos;
        int nesting = 0;
        bool quoted = false;
        for (; m_pos < m_s.size(); ++m_pos) {
            const char c = m_s.at(m_pos);
            if (quoted) {
                if (c == '\\')
                    ++m_pos;
                else if (c == '"')
                    quoted = false;
                continue;
            }
            if (c == '"') {
                quoted = true;
            } else if (c == '(') {
                if (depth + nesting >= m_maxDepth)
                    return Error::invalid(QStringLiteral("IMAP: lists nested deeper than %1").arg(m_maxDepth));
                ++nesting;
            } else if (c == ')') {
                if (--nesting == 0) {
                    ++m_pos;
                    return Token{Token::Kind::Atom, m_s.mid(start, m_pos - start), {}};
                }
            } else if (c == '{' && m_pos + 1 < m_s.size() && m_s.at(m_pos + 1) == '#') {
                m_pos = start;
                return Token{Token::Kind::Nil, {}, {}};
            }
        }
        return Error::invalid(QStringLiteral("IMAP: unterminated list"));
    }
    void skipSpaces() { while (m_pos < m_s.size() && m_s.at(m_pos) == ' ') ++m_pos; }
    const QByteArray &m_s;
    const QList<QByteArray> &m_lits;
    int m_maxDepth;
    bool m_rawBodyStructure;
    qsizetype m_pos = 0;
};

bool isStatusWord(const QByteArray &w)
{
    for (const char *s : {"OK", "NO", "BAD", "BYE", "PREAUTH"})
        if (w.compare(s, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

// "[CODE args] text" -> code, text
void splitCode(const QByteArray &rest, Response &r)
{
    if (rest.startsWith('[')) {
        const qsizetype close = rest.indexOf(']');
        if (close > 0) {
            r.code = rest.mid(1, close - 1);
            const qsizetype sp = r.code.indexOf(' ');
            r.code = (sp < 0 ? r.code : r.code.left(sp)).toUpper() + (sp < 0 ? QByteArray() : r.code.mid(sp));
            r.text = rest.mid(close + 1).trimmed();
            return;
        }
    }
    r.text = rest;
}

} // namespace

Result<Response> ResponseParser::parse(const QByteArray &line, const QList<QByteArray> &literals, const Limits &limits)
{
    Response r;
    Tokenizer t(line, literals, limits.maxDepth, limits.rawBodyStructure);
    const QByteArray first = t.word();
    if (first == "+") {
        r.type = Response::Type::Continuation;
        r.text = t.rest();
        return r;
    }
    if (first.isEmpty())
        return Error::invalid(QStringLiteral("IMAP: empty response line"));
    if (first != "*") {
        r.type = Response::Type::Tagged;
        r.tag = first;
        r.status = t.word().toUpper();
        if (r.status != "OK" && r.status != "NO" && r.status != "BAD")
            return Error::invalid(QStringLiteral("IMAP: tagged response with status '%1'").arg(QString::fromUtf8(r.status.left(40))));
        splitCode(t.rest(), r);
        return r;
    }
    r.type = Response::Type::Untagged;
    QByteArray word = t.word();
    bool numeric = false;
    word.toLongLong(&numeric);
    if (numeric) {   // "* 12 EXISTS", "* 3 FETCH (...)"
        r.number = word;
        word = t.word();
    }
    r.status = word.toUpper();
    if (r.status.isEmpty())
        return Error::invalid(QStringLiteral("IMAP: untagged response without a keyword"));
    if (isStatusWord(r.status) && r.number.isEmpty()) {
        splitCode(t.rest(), r);
        return r;
    }
    while (!t.atEnd()) {
        auto tok = t.token();
        if (!tok)
            return tok.error();
        r.tokens.append(tok.value());
        if (r.tokens.size() > 1000000)
            return Error::invalid(QStringLiteral("IMAP: response with more than a million tokens"));
    }
    return r;
}

} // namespace tern::imap
