#pragma once
// A POP3 client session (RFC 1939) on a Transport: greeting, CAPA (RFC 2449),
// STLS (RFC 2595, required for pop3:// URLs), authentication (SASL per
// RFC 5034, USER/PASS, APOP), then commands in the TRANSACTION state —
// pipelined when the server offers PIPELINING (RFC 2449 §6.6).
// Replies are matched to commands in order; every size is bounded.
#include "common/Error.h"
#include "net/LineReader.h"
#include "net/Sasl.h"
#include "net/ServerUrl.h"
#include "net/Transport.h"
#include <QObject>
#include <QQueue>
#include <functional>
#include <memory>

namespace tern::pop3 {

struct Reply {
    bool ok = false;
    QByteArray text;            // after "+OK " / "-ERR "
    QList<QByteArray> lines;    // multi-line listings (CAPA, UIDL, LIST), unstuffed
    QByteArray message;         // RETR/TOP: the message, CRLF line ends, unstuffed
};

class Pop3Session : public QObject {
    Q_OBJECT
public:
    enum class Kind { Single, Listing, Message };
    using Callback = std::function<void(const Reply &)>;

    Pop3Session(net::Transport *transport, net::ServerUrl server, net::Credentials creds, QObject *parent = nullptr);

    // Connects, secures, authenticates; then ready() or failed().
    void start();
    // A TRANSACTION-state command. Callbacks run in command order.
    void command(const QByteArray &line, Kind kind, Callback done);
    // QUIT: enters the UPDATE state, where the server applies DELEs (RFC 1939 §6).
    void quit(std::function<void(bool)> done);

    QStringList capabilities() const { return m_caps; }
    bool pipelining() const { return m_caps.contains(QStringLiteral("PIPELINING")); }
    QString mechanismUsed() const { return m_mechanism; }
    void setMaxMessageSize(qint64 bytes) { m_maxMessage = bytes; }

signals:
    void ready();
    void failed(const tern::Error &error);
    void wire(const QByteArray &line, bool fromServer);   // protocol log (passwords redacted)

private:
    struct Pending {
        QByteArray line;
        Kind kind;
        Callback done;
        bool sent = false;
        bool sensitive = false;
        bool statusSeen = false;
        Reply reply;
    };
    void enqueue(const QByteArray &line, Kind kind, Callback done, bool sensitive = false);
    void flush();
    void onData();
    void onLine(const QByteArray &line);
    void fail(const Error &e);
    void afterGreeting(const QByteArray &greeting);
    void askCapabilities(std::function<void()> then);
    void secureThenAuthenticate();
    void authenticate();
    void authenticateSasl(const QString &mechanism);
    void finishAuth(const Reply &r, const QString &how);

    net::Transport *m_transport;
    net::ServerUrl m_server;
    net::Credentials m_creds;
    net::LineReader m_reader{8 * 1024 * 1024};
    QQueue<Pending> m_queue;
    QStringList m_caps;
    QByteArray m_apopTimestamp;
    QString m_mechanism;
    std::unique_ptr<net::SaslClient> m_sasl;
    enum class Phase { Connecting, Greeting, Authorization, Transaction, Quitting, Done } m_phase = Phase::Connecting;
    qint64 m_maxMessage = 256LL * 1024 * 1024;
    bool m_failed = false;
};

} // namespace tern::pop3
