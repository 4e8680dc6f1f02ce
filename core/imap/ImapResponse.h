#pragma once
// IMAP server responses (RFC 9051 §7, RFC 3501 §7) as typed values, and the
// streaming parser that builds them from bytes: lines, with literals
// ({N} or {N+}, RFC 7888) read as counted bytes, every size bounded.
#include "common/Error.h"
#include "net/LineReader.h"
#include <QByteArray>
#include <QList>
#include <QVariant>
#include <optional>

namespace tern::imap {

// One token of a response: atom, quoted string, literal, NIL, or a list.
struct Token {
    enum class Kind { Atom, String, Nil, List } kind = Kind::Atom;
    QByteArray text;           // atoms and strings (literals are strings)
    QList<Token> items;        // lists

    bool isAtom(const char *a) const { return kind == Kind::Atom && text.compare(a, Qt::CaseInsensitive) == 0; }
    QByteArray dump() const;   // for logs and test failures
    // IMAP syntax that ResponseParser reads back (strings quoted and escaped;
    // CR and LF, which no BODYSTRUCTURE or ENVELOPE field may hold, become spaces).
    QByteArray toImap() const;
    void appendImap(QByteArray &out) const;
};

struct Response {
    enum class Type { Tagged, Untagged, Continuation } type = Type::Untagged;
    QByteArray tag;            // Tagged only
    QByteArray status;         // OK, NO, BAD, BYE, PREAUTH — or the untagged keyword (CAPABILITY, LIST, EXISTS …)
    QByteArray number;         // "* 23 EXISTS": the number before the keyword
    QByteArray code;           // [RESP-CODE args] without brackets, uppercased keyword first
    QList<Token> tokens;       // data after the keyword (untagged data responses)
    QByteArray text;           // human-readable text (status responses, continuations)

    bool isStatus(const char *s) const { return status.compare(s, Qt::CaseInsensitive) == 0; }
    QByteArray dump() const;
};

class ResponseParser {
public:
    struct Limits {
        int maxLine = 1024 * 1024;
        qint64 maxLiteral = 64LL * 1024 * 1024;
        int maxLiterals = 100000;   // per response
        int maxDepth = 32;          // nested lists
        // BODYSTRUCTURE's value kept as its IMAP text in one Atom token ("(...)")
        // instead of a token tree: what the sync stores, at a fraction of the cost.
        bool rawBodyStructure = false;
    };
    ResponseParser() = default;
    explicit ResponseParser(Limits l) : m_limits(l), m_reader(l.maxLine) {}

    void feed(const QByteArray &bytes) { m_reader.feed(bytes); }
    // The next complete response, nothing if more bytes are needed, or an error
    // (after which the stream is unusable and the connection must be dropped).
    Result<std::optional<Response>> next();
    bool hasBufferedBytes() const { return m_reader.hasBufferedBytes() || !m_partial.isEmpty(); }

    // Parses one complete response from its text with literals already cut out.
    static Result<Response> parse(const QByteArray &line, const QList<QByteArray> &literals, const Limits &limits);

private:
    Limits m_limits;
    net::LineReader m_reader{1024 * 1024};
    QByteArray m_partial;               // the response so far, literals replaced by {#k}
    QList<QByteArray> m_literals;
    qint64 m_literalWanted = -1;        // bytes of the current literal still to read
    QByteArray m_literal;
};

} // namespace tern::imap
