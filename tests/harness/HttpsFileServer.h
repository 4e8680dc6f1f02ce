#pragma once
// A small HTTPS server for autoconfiguration tests: the test CA's localhost
// certificate (tests/data/tls), one answer per path prefix (200 with a body,
// or another status), optionally after a delay or never. Keeps each request line.
#include <QByteArray>
#include <QHash>
#include <QList>
#include <QTcpServer>

namespace tern::test {

class HttpsFileServer : public QTcpServer {
    Q_OBJECT
public:
    using QTcpServer::QTcpServer;
    bool start() { return listen(QHostAddress::LocalHost); }

    QByteArray body;                    // what a 200 carries
    int status = 200;                   // for paths no prefix below matches
    QHash<QByteArray, int> statusByPath;   // path prefix -> status
    int delayMs = 0;                    // before answering
    bool silent = false;                // never answer
    QList<QByteArray> requests;         // "GET /path HTTP/1.1"

protected:
    void incomingConnection(qintptr handle) override;
};

} // namespace tern::test
