#pragma once
// A tiny HTTPS server for tests of what Tern sends over HTTP: it listens on
// 127.0.0.1 (port 0) with the test CA's server certificate, keeps the exact
// bytes of every request (head and Content-Length body) and answers each with
// a canned response — or never answers (a server that hangs).
#include <QByteArray>
#include <QList>
#include <QSslServer>

namespace tern::test {

class HttpsCapture : public QSslServer {
    Q_OBJECT
public:
    explicit HttpsCapture(QObject *parent = nullptr);
    bool start();
    quint16 port() const { return serverPort(); }

    // What every request gets; empty: no answer at all (the connection stays open).
    void setResponse(const QByteArray &response) { m_response = response; }

    QList<QByteArray> requests() const { return m_requests; }
    int connections() const { return m_connections; }

private:
    void serve(QSslSocket *socket);

    QByteArray m_response = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    QList<QByteArray> m_requests;
    int m_connections = 0;
};

} // namespace tern::test
