#include "HttpsFileServer.h"

#include "ScriptedServer.h"

#include <QPointer>
#include <QSslSocket>
#include <QTimer>
#include <memory>

namespace tern::test {

void HttpsFileServer::incomingConnection(qintptr handle)
{
    auto *s = new QSslSocket(this);
    s->setSocketDescriptor(handle);
    s->setSslConfiguration(ScriptedServer::serverTlsConfiguration());
    auto buffer = std::make_shared<QByteArray>();
    connect(s, &QSslSocket::readyRead, s, [this, s, buffer] {
        *buffer += s->readAll();
        if (!buffer->contains("\r\n\r\n") || buffer->startsWith("done"))
            return;
        const QByteArray line = buffer->left(buffer->indexOf("\r\n"));
        *buffer = "done";
        requests << line;
        if (silent)
            return;
        const QByteArray path = line.split(' ').value(1);
        int code = status;
        for (auto it = statusByPath.cbegin(); it != statusByPath.cend(); ++it)
            if (path.startsWith(it.key()))
                code = it.value();
        const QByteArray payload = code == 200 ? body : QByteArray("not here");
        const QByteArray response = "HTTP/1.1 " + QByteArray::number(code) + " X\r\nContent-Type: text/xml\r\nContent-Length: "
                                    + QByteArray::number(payload.size()) + "\r\nConnection: close\r\n\r\n" + payload;
        QTimer::singleShot(delayMs, s, [s, response] {
            s->write(response);
            s->disconnectFromHost();
        });
    });
    connect(s, &QSslSocket::disconnected, s, &QObject::deleteLater);
    s->startServerEncryption();
}

} // namespace tern::test
