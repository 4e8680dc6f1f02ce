#include "net/SocketTransport.h"

#include "common/Logging.h"

#include <QPointer>
#include <QSslCipher>
#include <QTimer>

#include <unistd.h>
#include <utility>

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
        if (m_handshaking)
            return;
        if (m_inflater)
            inflateArrived();
        else
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
    // A connection begun before the TLS library was loaded, if it is up: the
    // handshake starts on it, with the same configuration and the same checks.
    qintptr early = m_server.security == Security::ImplicitTls ? m_early.takeIfConnected() : -1;
    m_early = EarlyConnect();
    if (early >= 0 && !m_socket.setSocketDescriptor(early)) {
        ::close(int(early));
        early = -1;
    }
    m_socket.setSslConfiguration(conf.value());
    m_socket.setPeerVerifyName(m_server.host);
    m_timer.start(m_connectTimeoutMs);
    if (m_server.security == Security::ImplicitTls) {
        m_handshaking = true;
        if (early >= 0)
            m_socket.startClientEncryption();
        else
            m_socket.connectToHostEncrypted(m_server.host, m_server.port);
    } else {
        m_socket.connectToHost(m_server.host, m_server.port);
    }
}

void SocketTransport::send(const QByteArray &bytes)
{
    if (m_failed)
        return;
    if (!m_deflater) {
        m_socket.write(bytes);
        return;
    }
    auto compressed = m_deflater->compress(bytes);
    if (!compressed) {
        // Not from inside send(): the caller is in the middle of its own state change.
        QTimer::singleShot(0, this, [this, why = compressed.error().message] {
            fail(Error::network(QStringLiteral("%1: %2; connection dropped").arg(peer(), why)));
        });
        return;
    }
    m_socket.write(compressed.value());
}

QByteArray SocketTransport::takeAll()
{
    if (m_inflater)
        return std::exchange(m_inflated, {});
    return m_socket.readAll();
}

Status SocketTransport::startDeflate()
{
    if (m_failed || m_socket.state() != QAbstractSocket::ConnectedState)
        return Error::network(QStringLiteral("%1: the connection is not open, it cannot be compressed").arg(peer()));
    if (m_handshaking)
        return Error::network(QStringLiteral("%1: compression cannot start during the TLS handshake").arg(peer()));
    if (m_inflater)
        return Error::network(QStringLiteral("%1: the connection is compressed already").arg(peer()));
    // Like STARTTLS: bytes that arrived before this point cannot be told apart
    // from compressed ones (RFC 4978 §3: compression starts right after the OK).
    if (m_socket.bytesAvailable() > 0)
        return Error::security(QStringLiteral("%1 sent data before compression started that was not read; "
                                              "the connection cannot go on").arg(peer()));
    auto deflater = std::make_unique<Deflater>();
    auto inflater = std::make_unique<Inflater>();
    if (!deflater->isValid() || !inflater->isValid())
        return Error::network(QStringLiteral("%1: compression could not be set up (out of memory?)").arg(peer()));
    m_deflater = std::move(deflater);
    m_inflater = std::move(inflater);
    qCInfo(lcNet) << "COMPRESS=DEFLATE with" << peer();
    return success();
}

void SocketTransport::inflateArrived()
{
    if (m_inflating)
        return;   // the loop further up the stack reads on until the socket is empty
    m_inflating = true;
    const QPointer<SocketTransport> self(this);   // a slot may delete us
    while (!m_failed) {
        if (!m_inflater->hasPendingOutput()) {
            const QByteArray in = m_socket.read(64 * 1024);
            if (in.isEmpty())
                break;
            m_inflater->feed(in);
        }
        auto out = m_inflater->inflate(kInflateChunk);
        if (!out) {
            fail(Error::network(QStringLiteral("%1: %2; connection dropped").arg(peer(), out.error().message)));
            break;
        }
        if (out->isEmpty())
            continue;
        if (m_inflated.size() + out->size() > kMaxUntakenInflated) {
            m_inflated = QByteArray();   // nobody will read it: give the memory back now
            fail(Error::security(QStringLiteral("%1 sent compressed data that inflates to more than %2 MiB not read yet "
                                                "(a decompression bomb?); connection dropped")
                                     .arg(peer()).arg(kMaxUntakenInflated / (1024 * 1024))));
            break;
        }
        m_inflated += out.value();
        emit dataReady();
        if (!self)
            return;
    }
    if (self)
        m_inflating = false;
}

void SocketTransport::startTls()
{
    // TLS goes under compression, never over it: compressed ciphertext gains
    // nothing, and the peer would not expect the layers swapped.
    if (m_inflater) {
        fail(Error::security(QStringLiteral("%1: STARTTLS after COMPRESS; connection dropped").arg(peer())));
        return;
    }
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
