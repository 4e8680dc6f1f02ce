#pragma once
// A blocking line-oriented client for integration tests: connect (plain,
// implicit TLS or STARTTLS), write a line, read a line. Certificates are
// verified against the given CA file only. Test code; the product's engines
// are asynchronous.
#include <QByteArray>
#include <QSslSocket>
#include <QString>
#include <functional>

namespace tern::test {

class LineClient {
public:
    explicit LineClient(QString caFile) : m_caFile(std::move(caFile)) {}

    bool connectPlain(const QString &host, quint16 port);
    bool connectTls(const QString &host, quint16 port);   // implicit TLS
    bool startTls();                                      // after the server's go-ahead
    bool writeLine(const QByteArray &line);
    bool writeRaw(const QByteArray &bytes);
    // One line without its CRLF; a null QByteArray on timeout or close (see error()).
    QByteArray readLine(int timeoutMs = 15000);
    // Reads lines until one satisfies `done`; returns all lines read, the last included.
    QList<QByteArray> readUntil(const std::function<bool(const QByteArray &)> &done, int timeoutMs = 15000);
    void close();

    QString error() const { return m_error; }
    QSslSocket &socket() { return m_socket; }

private:
    void configureTls();
    QString m_caFile;
    QString m_host;
    QSslSocket m_socket;
    QString m_error;
};

// The last of `lines`, or an empty array when there are none.
inline QByteArray lastOf(const QList<QByteArray> &lines) { return lines.isEmpty() ? QByteArray() : lines.last(); }

// A SASL PLAIN initial response (RFC 4616): base64("\0user\0password").
QByteArray saslPlain(const QString &user, const QString &password);

} // namespace tern::test
