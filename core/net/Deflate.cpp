#include "net/Deflate.h"

#include <zlib.h>

#include <algorithm>

namespace tern::net {

namespace {
// RFC 4978 §4: raw deflate (negative windowBits, no zlib header), and the
// largest window so that every conformant peer's stream can be inflated.
constexpr int kWindowBits = -15;
constexpr int kMemLevel = 8;
// zlib counts in uInt: hand it big buffers in slices it can represent.
constexpr qsizetype kSlice = qsizetype(1) << 30;

QString zlibMessage(const z_stream &s, int code)
{
    if (s.msg)
        return QString::fromLatin1(s.msg);
    return QString::fromLatin1(zError(code));
}
} // namespace

Deflater::Deflater() : m_stream(std::make_unique<z_stream>())
{
    *m_stream = z_stream{};
    m_valid = deflateInit2(m_stream.get(), Z_DEFAULT_COMPRESSION, Z_DEFLATED, kWindowBits, kMemLevel,
                           Z_DEFAULT_STRATEGY) == Z_OK;
}

Deflater::~Deflater()
{
    if (m_valid)
        deflateEnd(m_stream.get());
}

Result<QByteArray> Deflater::compress(const QByteArray &plain)
{
    if (!m_valid)
        return Error::network(QStringLiteral("the compressor could not be set up (out of memory?)"));
    QByteArray out;
    if (plain.isEmpty())
        return out;   // a sync flush of nothing would still cost 5 bytes on the wire
    z_stream &s = *m_stream;
    constexpr qsizetype chunk = 64 * 1024;
    for (qsizetype pos = 0; pos < plain.size();) {
        const qsizetype n = std::min(kSlice, plain.size() - pos);
        s.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(plain.constData() + pos));
        s.avail_in = uInt(n);
        pos += n;
        // zlib's rule for a flush: call again while it fills the whole output buffer.
        do {
            const qsizetype used = out.size();
            out.resize(used + chunk);
            s.next_out = reinterpret_cast<Bytef *>(out.data() + used);
            s.avail_out = uInt(chunk);
            const int rc = deflate(&s, Z_SYNC_FLUSH);
            if (rc != Z_OK && rc != Z_BUF_ERROR)
                return Error::network(QStringLiteral("compressing failed: %1").arg(zlibMessage(s, rc)));
            out.resize(used + chunk - qsizetype(s.avail_out));
        } while (s.avail_out == 0);
    }
    return out;
}

Inflater::Inflater() : m_stream(std::make_unique<z_stream>())
{
    *m_stream = z_stream{};
    m_valid = inflateInit2(m_stream.get(), kWindowBits) == Z_OK;
}

Inflater::~Inflater()
{
    if (m_valid)
        inflateEnd(m_stream.get());
}

void Inflater::feed(const QByteArray &compressed)
{
    if (m_inputPos >= m_input.size()) {
        m_input = compressed;
        m_inputPos = 0;
    } else {
        m_input = m_input.mid(m_inputPos) + compressed;
        m_inputPos = 0;
    }
}

bool Inflater::hasPendingOutput() const
{
    return m_inputPos < m_input.size() || m_outputWasFull;
}

Result<QByteArray> Inflater::inflate(qsizetype maxOutput)
{
    if (!m_valid)
        return Error::network(QStringLiteral("the decompressor could not be set up (out of memory?)"));
    m_outputWasFull = false;
    if (!m_error.isEmpty())
        return Error::network(m_error);
    if (m_ended) {
        if (m_inputPos < m_input.size())
            return Error::network(QStringLiteral("data arrived after the end of the compressed stream"));
        return QByteArray();
    }
    z_stream &s = *m_stream;
    // One scratch buffer per stream; what is returned is a copy of its used part,
    // so a 40-byte response does not cost a fresh buffer of `maxOutput`.
    if (m_scratch.size() < maxOutput)
        m_scratch.resize(maxOutput);
    char *out = m_scratch.data();
    qsizetype produced = 0;
    while (produced < maxOutput) {
        const qsizetype inLeft = std::min(kSlice, m_input.size() - m_inputPos);
        const qsizetype outLeft = std::min(kSlice, maxOutput - produced);
        s.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(m_input.constData() + m_inputPos));
        s.avail_in = uInt(inLeft);
        s.next_out = reinterpret_cast<Bytef *>(out + produced);
        s.avail_out = uInt(outLeft);
        const int rc = ::inflate(&s, Z_SYNC_FLUSH);
        const qsizetype consumed = inLeft - qsizetype(s.avail_in);
        const qsizetype made = outLeft - qsizetype(s.avail_out);
        m_inputPos += consumed;
        produced += made;
        if (rc == Z_STREAM_END) {
            m_ended = true;
            if (m_inputPos < m_input.size())
                m_error = QStringLiteral("data arrived after the end of the compressed stream");
            break;
        }
        if (rc == Z_BUF_ERROR || (rc == Z_OK && consumed == 0 && made == 0))
            break;   // no progress possible: it needs more input
        if (rc != Z_OK) {
            m_error = QStringLiteral("the compressed stream is corrupt: %1").arg(zlibMessage(s, rc));
            break;   // what came before the damage is still delivered, the error next time
        }
        if (m_inputPos >= m_input.size() && s.avail_out > 0)
            break;   // all input used and output to spare: nothing more for now
    }
    if (!m_error.isEmpty()) {
        if (produced == 0)
            return Error::network(m_error);
        m_outputWasFull = true;   // so that the caller comes back for the error
        return QByteArray(out, produced);
    }
    // With input and room for output, zlib always makes progress unless the stream is broken.
    if (produced == 0 && !m_ended && m_inputPos < m_input.size())
        return Error::network(QStringLiteral("the compressed stream is corrupt: the decompressor is stuck"));
    if (m_inputPos >= m_input.size()) {
        m_input.clear();
        m_inputPos = 0;
    }
    m_outputWasFull = produced == maxOutput && !m_ended;
    return QByteArray(out, produced);
}

} // namespace tern::net
