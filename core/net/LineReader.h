#pragma once
// Splits a byte stream into CRLF-terminated lines (a bare LF is accepted too),
// with a cap on line length: a server cannot make us buffer without bound.
#include <QByteArray>
#include <optional>

namespace tern::net {

class LineReader {
public:
    explicit LineReader(int maxLineLength = 64 * 1024) : m_max(maxLineLength) {}

    void feed(const QByteArray &bytes) { m_buffer += bytes; }
    // The next complete line without its terminator, if there is one.
    std::optional<QByteArray> next();
    // True once a line longer than the cap arrived; the stream is unusable.
    bool overflowed() const { return m_overflow; }
    bool hasBufferedBytes() const { return m_pos < m_buffer.size(); }
    // Raw access for protocols that read counted bytes (IMAP literals).
    QByteArray takeBytes(qsizetype n);
    qsizetype available() const { return m_buffer.size() - m_pos; }

private:
    void compact();
    QByteArray m_buffer;
    qsizetype m_pos = 0;
    int m_max;
    bool m_overflow = false;
};

} // namespace tern::net
