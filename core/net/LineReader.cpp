#include "net/LineReader.h"

namespace tern::net {

std::optional<QByteArray> LineReader::next()
{
    if (m_overflow)
        return std::nullopt;
    const qsizetype eol = m_buffer.indexOf('\n', m_pos);
    if (eol < 0) {
        if (available() > m_max)
            m_overflow = true;
        compact();
        return std::nullopt;
    }
    qsizetype end = eol;
    if (end > m_pos && m_buffer.at(end - 1) == '\r')
        --end;
    if (end - m_pos > m_max) {
        m_overflow = true;
        return std::nullopt;
    }
    QByteArray line = m_buffer.mid(m_pos, end - m_pos);
    m_pos = eol + 1;
    if (m_pos > 256 * 1024)
        compact();
    return line;
}

QByteArray LineReader::takeBytes(qsizetype n)
{
    n = qMin(n, available());
    QByteArray out = m_buffer.mid(m_pos, n);
    m_pos += n;
    compact();
    return out;
}

void LineReader::compact()
{
    if (m_pos > 0) {
        m_buffer.remove(0, m_pos);
        m_pos = 0;
    }
}

} // namespace tern::net
