#pragma once
// A fake server that plays a scenario, for protocol tests.
//
// Scenario lines (one step each; blank lines and '#' comments are skipped):
//   S: text        send "text\r\n"
//   C: text        the client must send exactly "text\r\n" next
//   C~ regex       the client's next line must match the regular expression
//   S-RAW: bytes   send bytes verbatim with C escapes (\r \n \t \\ \xHH), no CRLF added
//   S-FILL: N      send N bytes of 'x' (huge literals), in chunks
//   TLS            start TLS as the server (after a STARTTLS/STLS reply)
//   DEFLATE        RFC 4978 compression from here on, on this connection: what
//                  the server sends is raw-deflate compressed (sync-flushed per
//                  step), what it receives is inflated before C:/C~ see it (after
//                  an "OK" to COMPRESS DEFLATE). Then S:, S-RAW: and S-FILL: are
//                  compressed (S-FILL: a decompression bomb: N bytes from a few kB)
//   S-WIRE: bytes  like S-RAW, but straight onto the wire even after DEFLATE
//                  (a corrupt compressed stream)
//   CLOSE          close the connection
//   C-CLOSE        wait for the client to close the connection
//   ACCEPT         wait for the next connection and go on with it
// It listens on 127.0.0.1 on a free port (port 0) and serves connections one
// after the other. With Tls::Implicit every connection starts with a handshake.
#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QQueue>
#include <QSslConfiguration>
#include <QString>
#include <QTcpServer>
#include <memory>

class QSslSocket;

namespace tern::test {

class ScriptedServer : public QTcpServer {
    Q_OBJECT
public:
    enum class Tls { None, Implicit };
    explicit ScriptedServer(const QString &scenario, Tls tls = Tls::None, QObject *parent = nullptr);
    ~ScriptedServer() override;

    // Starts listening; false (with failure()) if the scenario did not parse.
    bool start();
    quint16 serverPort() const { return QTcpServer::serverPort(); }

    bool finished() const { return m_pos >= m_steps.size() && m_failure.isEmpty(); }
    QString failure() const { return m_failure; }
    QByteArray transcript() const { return m_transcript; }
    int connectionsAccepted() const { return m_accepted; }

    // The fixed test CA in tests/data/tls, and the server identity it signed.
    static QString caFile();
    static QSslConfiguration serverTlsConfiguration();

protected:
    void incomingConnection(qintptr handle) override;

private:
    struct Step {
        enum Kind { Send, SendWire, Expect, ExpectRegex, Fill, StartTls, StartDeflate, Close, ClientClose, Accept } kind;
        QByteArray data;
        qint64 count = 0;
        int line = 0;
    };
    bool parse(const QString &scenario);
    void adopt(QSslSocket *socket);
    void advance();
    void fail(const QString &why);
    void send(const QByteArray &bytes);   // compressed after DEFLATE
    struct Compression;   // zlib streams, kept out of this header

    QList<Step> m_steps;
    int m_pos = 0;
    Tls m_tls;
    QString m_failure;
    QByteArray m_transcript;
    QByteArray m_inbox;
    QPointer<QSslSocket> m_socket;
    QQueue<QSslSocket *> m_waiting;
    bool m_handshaking = false;
    qint64 m_fillLeft = -1;   // bytes of an S-FILL step still to send
    int m_accepted = 0;
    std::unique_ptr<Compression> m_compression;   // after DEFLATE, on this connection
};

QByteArray unescape(const QString &text);

} // namespace tern::test
