#include "net/SocketTransport.h"

#include "common/Logging.h"

#include <QSslCipher>
#include <QTimer>

namespace tern::net {

SocketTransport::SocketTransport(ServerUrl server, TlsPolicy policy, QObject *parent)
    : Transport(parent), m_server(std::move(server)), m_policy(std::move(policy))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        fail({Error::Code::Network, QStringLiteral("%1 did not answer within %2 s").arg(peer()).arg(m_connectTimeoutMs / 1000)});
    });
    connect(&m_socket, &QSslSocket::connected, this, [this] {
        if (m_server.security != Security::ImplicitTls) {
            m_timer.stop();
            emit opened();
        }
    });
    connect(&m_socket, &QSslSocket::encrypted, this, [this] {
        const bool starttls = m_server.security != Security::ImplicitTls;
        m_handshaking = false;
        m_timer.stop();
        qCInfo(lcNet) << "TLS with" << peer() << m_socket.sessionCipher().name();
        if (starttls)
            emit tlsReady();
        else
            emit opened();
        if (m_socket.bytesAvailable() > 0)
            emit dataReady();
    });
    connect(&m_socket, &QSslSocket::readyRead, this, [this] {
        if (!m_handshaking)
            emit dataReady();
    });
    connect(&m_socket, &QSslSocket::sslErrors, this, &SocketTransport::onSslErrors);
    connect(&m_socket, &QSslSocket::errorOccurred, this, [this](QAbstractSocket::SocketError e) {
        if (e == QAbstractSocket::RemoteHostClosedError && !m_handshaking) {
            return;   // reported through disconnected()
        }
        if (!m_tlsProblem.isEmpty())
            fail(Error::security(m_tlsProblem));
        else if (e == QAbstractSocket::SslHandshakeFailedError || e == QAbstractSocket::SslInternalError)
            fail(Error::security(QStringLiteral("TLS handshake with %1 failed: %2").arg(peer(), m_socket.errorString())));
        else
            fail({Error::Code::Network, QStringLiteral("%1: %2").arg(peer(), m_socket.errorString())});
    });
    connect(&m_socket, &QSslSocket::disconnected, this, [this] {
        if (m_handshaking)
            fail(Error::security(QStringLiteral("%1 closed the connection during the TLS handshake").arg(peer())));
        else if (!m_failed)
            emit closed();
    });
}

QString SocketTransport::peer() const
{
    return QStringLiteral("%1:%2").arg(m_server.host).arg(m_server.port);
}

void SocketTransport::fail(const Error &error)
{
    if (m_failed)
        return;
    m_failed = true;
    m_handshaking = false;
    m_timer.stop();
    m_socket.abort();
    emit failed(error);
}

void SocketTransport::onSslErrors(const QList<QSslError> &errors)
{
    const QList<QSslError> left = m_policy.unresolved(errors, m_socket.peerCertificate());
    if (left.isEmpty()) {
        m_socket.ignoreSslErrors(errors);   // exactly these, for the pinned certificate
        return;
    }
    m_tlsProblem = describeCertificateProblem(m_server.host, left, m_socket.peerCertificate());
}

void SocketTransport::open()
{
    auto conf = m_policy.clientConfiguration();
    if (!conf) {
        QTimer::singleShot(0, this, [this, e = conf.error()] { fail(e); });
        return;
    }
    m_socket.setSslConfiguration(conf.value());
    m_socket.setPeerVerifyName(m_server.host);
    m_timer.start(m_connectTimeoutMs);
    if (m_server.security == Security::ImplicitTls) {
        m_handshaking = true;
        m_socket.connectToHostEncrypted(m_server.host, m_server.port);
    } else {
        m_socket.connectToHost(m_server.host, m_server.port);
    }
}

void SocketTransport::send(const QByteArray &bytes)
{
    if (!m_failed)
        m_socket.write(bytes);
}

QByteArray SocketTransport::takeAll()
{
    return m_socket.readAll();
}

void SocketTransport::startTls()
{
    // The notes' QSslSocket quirk: plaintext bytes that arrived before the
    // handshake would later read as if they came through TLS. Refuse.
    if (m_socket.bytesAvailable() > 0) {
        fail(Error::security(QStringLiteral("%1 sent data before the TLS handshake (STARTTLS injection); connection dropped").arg(peer())));
        return;
    }
    m_handshaking = true;
    m_timer.start(m_connectTimeoutMs);
    m_socket.startClientEncryption();
}

void SocketTransport::close()
{
    m_socket.disconnectFromHost();
}

void SocketTransport::abort()
{
    m_failed = true;
    m_timer.stop();
    m_socket.abort();
}

} // namespace tern::net
