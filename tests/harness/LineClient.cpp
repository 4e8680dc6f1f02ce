#include "LineClient.h"

#include <QDeadlineTimer>
#include <QSslConfiguration>

namespace tern::test {

void LineClient::configureTls()
{
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    conf.setCaCertificates(QSslCertificate::fromPath(m_caFile));   // this CA and no other
    conf.setPeerVerifyMode(QSslSocket::VerifyPeer);
    m_socket.setSslConfiguration(conf);
}

bool LineClient::connectPlain(const QString &host, quint16 port)
{
    m_host = host;
    m_socket.connectToHost(host, port);
    if (!m_socket.waitForConnected(10000)) {
        m_error = m_socket.errorString();
        return false;
    }
    return true;
}

bool LineClient::connectTls(const QString &host, quint16 port)
{
    m_host = host;
    configureTls();
    m_socket.connectToHostEncrypted(host, port);
    if (!m_socket.waitForEncrypted(10000)) {
        m_error = QStringLiteral("TLS to %1:%2 failed: %3").arg(host).arg(port).arg(m_socket.errorString());
        return false;
    }
    return true;
}

bool LineClient::startTls()
{
    if (m_socket.bytesAvailable() > 0) {   // bytes injected before the handshake: refuse
        m_error = QStringLiteral("server sent data before the TLS handshake");
        return false;
    }
    configureTls();
    m_socket.startClientEncryption();
    if (!m_socket.waitForEncrypted(10000)) {
        m_error = QStringLiteral("STARTTLS handshake failed: %1").arg(m_socket.errorString());
        return false;
    }
    return true;
}

bool LineClient::writeRaw(const QByteArray &bytes)
{
    m_socket.write(bytes);
    if (!m_socket.waitForBytesWritten(10000) && m_socket.bytesToWrite() > 0) {
        m_error = QStringLiteral("write failed: %1").arg(m_socket.errorString());
        return false;
    }
    return true;
}

bool LineClient::writeLine(const QByteArray &line)
{
    return writeRaw(line + "\r\n");
}

QByteArray LineClient::readLine(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!m_socket.canReadLine()) {
        if (deadline.hasExpired() || !m_socket.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())))) {
            if (m_socket.canReadLine())
                break;
            m_error = m_socket.state() == QAbstractSocket::ConnectedState
                          ? QStringLiteral("no line within %1 ms").arg(timeoutMs)
                          : QStringLiteral("connection closed: %1").arg(m_socket.errorString());
            return {};
        }
    }
    QByteArray line = m_socket.readLine();
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    return line.isNull() ? QByteArray("") : line;
}

QList<QByteArray> LineClient::readUntil(const std::function<bool(const QByteArray &)> &done, int timeoutMs)
{
    QList<QByteArray> lines;
    QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        const QByteArray l = readLine(int(qMax<qint64>(1, deadline.remainingTime())));
        if (l.isNull())
            return lines;
        lines.append(l);
        if (done(l))
            return lines;
    }
}

void LineClient::close()
{
    m_socket.disconnectFromHost();
    if (m_socket.state() != QAbstractSocket::UnconnectedState)
        m_socket.waitForDisconnected(3000);
}

QByteArray saslPlain(const QString &user, const QString &password)
{
    return (QByteArray(1, '\0') + user.toUtf8() + QByteArray(1, '\0') + password.toUtf8()).toBase64();
}

} // namespace tern::test
