#pragma once
// Raw deflate streams (RFC 1951, no zlib or gzip wrapper) as IMAP COMPRESS=DEFLATE
// uses them (RFC 4978 §4): one compressor for everything sent, one decompressor
// for everything received, each living as long as the connection. Their
// errors are clauses ("the compressed stream is corrupt: …") for the caller
// to put in a sentence that names the peer.
#include "common/Error.h"

#include <QByteArray>
#include <memory>

struct z_stream_s;

namespace tern::net {

class Deflater {
public:
    Deflater();
    ~Deflater();
    Deflater(const Deflater &) = delete;
    Deflater &operator=(const Deflater &) = delete;

    bool isValid() const { return m_valid; }
    // Compresses `plain` and ends with a sync flush, so the peer can inflate
    // every byte of it at once instead of waiting for a full block (RFC 4978 §4).
    Result<QByteArray> compress(const QByteArray &plain);

private:
    std::unique_ptr<z_stream_s> m_stream;
    bool m_valid = false;
};

class Inflater {
public:
    Inflater();
    ~Inflater();
    Inflater(const Inflater &) = delete;
    Inflater &operator=(const Inflater &) = delete;

    bool isValid() const { return m_valid; }
    // Queues compressed bytes; inflate() consumes them.
    void feed(const QByteArray &compressed);
    // At most `maxOutput` bytes of inflated data (empty: nothing more until
    // more input is fed). Never more, whatever the ratio: the caller decides
    // how much inflated data it is willing to hold. On a corrupt stream, the
    // bytes inflated before the damage first, then the error on every call.
    Result<QByteArray> inflate(qsizetype maxOutput);
    // True while inflate() may still produce output (or its error) without
    // more input: input is queued, or the last call stopped with output full.
    bool hasPendingOutput() const;

private:
    std::unique_ptr<z_stream_s> m_stream;
    QByteArray m_input;
    QByteArray m_scratch;
    qsizetype m_inputPos = 0;
    bool m_valid = false;
    bool m_outputWasFull = false;
    bool m_ended = false;
    QString m_error;   // a corrupt stream: every later call fails with it
};

} // namespace tern::net
