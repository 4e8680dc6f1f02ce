#include "HttpsCapture.h"

#include "ScriptedServer.h"

#include <QSslSocket>

namespace tern::test {

HttpsCapture::HttpsCapture(QObject *parent) : QSslServer(parent)
{
    setSslConfiguration(ScriptedServer::serverTlsConfiguration());
    connect(this, &QTcpServer::pendingConnectionAvailable, this, [this] {
        for (;;) {
            auto *socket = qobject_cast<QSslSocket *>(nextPendingConnection());
            if (!socket)
                break;
            ++m_connections;
            serve(socket);
        }
    });
}

bool HttpsCapture::start()
{
    return listen(QHostAddress::LocalHost, 0);
}

void HttpsCapture::serve(QSslSocket *socket)
{
    auto *buffer = new QByteArray;
    connect(socket, &QObject::destroyed, socket, [buffer] { delete buffer; });
    connect(socket, &QIODevice::readyRead, this, [this, socket, buffer] {
        *buffer += socket->readAll();
        const qsizetype headEnd = buffer->indexOf("\r\n\r\n");
        if (headEnd < 0)
            return;
        qint64 length = 0;
        for (const QByteArray &line : buffer->left(headEnd).split('\n'))
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toLongLong();
        if (buffer->size() < headEnd + 4 + length)
            return;
        m_requests.append(buffer->left(headEnd + 4 + length));
        buffer->remove(0, headEnd + 4 + length);
        if (!m_response.isEmpty()) {
            socket->write(m_response);
            socket->disconnectFromHost();
        }
    });
    connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
}

} // namespace tern::test
