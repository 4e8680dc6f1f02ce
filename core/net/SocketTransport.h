#pragma once
#include "net/Deflate.h"
#include "net/EarlyConnect.h"
#include "net/Transport.h"
#include <QSslSocket>
#include <QTimer>
#include <memory>

namespace tern::net {

// A Transport over QSslSocket. TLS per RFC 8314: implicit TLS or STARTTLS,
// the certificate verified by TlsPolicy, plaintext only where ServerUrl allowed it.
// With startDeflate(), RFC 4978 compression between the protocol and TLS.
class SocketTransport : public Transport {
    Q_OBJECT
public:
    // Compressed input is inflated at most this much at a time, and dataReady()
    // is emitted for each piece, so a consumer that takes as it goes holds little.
    static constexpr qsizetype kInflateChunk = 1024 * 1024;
    // Inflated bytes the consumer has not taken beyond this: a decompression
    // bomb (a few kB on the wire can inflate to gigabytes); the connection fails.
    static constexpr qsizetype kMaxUntakenInflated = 64 * 1024 * 1024;

    SocketTransport(ServerUrl server, TlsPolicy policy, QObject *parent = nullptr);
    // The socket would report its own closing while we are half destroyed: silence it first.
    ~SocketTransport() override { QObject::disconnect(&m_socket, nullptr, this, nullptr); }

    void open() override;
    void send(const QByteArray &bytes) override;
    QByteArray takeAll() override;
    void startTls() override;
    bool isEncrypted() const override { return m_socket.isEncrypted(); }
    Status startDeflate() override;
    bool isCompressed() const override { return m_inflater != nullptr; }
    void close() override;
    void abort() override;
    QString peer() const override;

    void setConnectTimeout(int ms) { m_connectTimeoutMs = ms; }
    // An implicit-TLS open() starts its handshake on this connection when it is
    // already complete (see EarlyConnect); else it connects as usual.
    void adopt(EarlyConnect early) { m_early = std::move(early); }
    QSslSocket &socket() { return m_socket; }

private:
    void fail(const Error &error);
    void onSslErrors(const QList<QSslError> &errors);
    void inflateArrived();

    ServerUrl m_server;
    TlsPolicy m_policy;
    QSslSocket m_socket;
    QTimer m_timer;   // connect and handshake deadline
    bool m_failed = false;
    bool m_handshaking = false;
    int m_connectTimeoutMs = 30000;
    QString m_tlsProblem;
    EarlyConnect m_early;
    // Set together by startDeflate(), freed (deflateEnd/inflateEnd) with us.
    std::unique_ptr<Deflater> m_deflater;
    std::unique_ptr<Inflater> m_inflater;
    QByteArray m_inflated;   // inflated, not yet taken
    bool m_inflating = false;   // inflateArrived() is on the stack (a slot may spin an event loop)
};

} // namespace tern::net
