#pragma once
#include "net/Transport.h"
#include <QSslSocket>
#include <QTimer>

namespace tern::net {

// A Transport over QSslSocket. TLS per RFC 8314: implicit TLS or STARTTLS,
// the certificate verified by TlsPolicy, plaintext only where ServerUrl allowed it.
class SocketTransport : public Transport {
    Q_OBJECT
public:
    SocketTransport(ServerUrl server, TlsPolicy policy, QObject *parent = nullptr);
    // The socket would report its own closing while we are half destroyed: silence it first.
    ~SocketTransport() override { QObject::disconnect(&m_socket, nullptr, this, nullptr); }

    void open() override;
    void send(const QByteArray &bytes) override;
    QByteArray takeAll() override;
    void startTls() override;
    bool isEncrypted() const override { return m_socket.isEncrypted(); }
    void close() override;
    void abort() override;
    QString peer() const override;

    void setConnectTimeout(int ms) { m_connectTimeoutMs = ms; }
    QSslSocket &socket() { return m_socket; }

private:
    void fail(const Error &error);
    void onSslErrors(const QList<QSslError> &errors);

    ServerUrl m_server;
    TlsPolicy m_policy;
    QSslSocket m_socket;
    QTimer m_timer;   // connect and handshake deadline
    bool m_failed = false;
    bool m_handshaking = false;
    int m_connectTimeoutMs = 30000;
    QString m_tlsProblem;
};

} // namespace tern::net
