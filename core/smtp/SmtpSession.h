#pragma once
// An SMTP submission session (RFC 5321, RFC 6409) on a Transport: EHLO (HELO
// fallback), STARTTLS (RFC 3207; required for smtp:// URLs, never a fallback),
// AUTH (RFC 4954), then messages with PIPELINING (RFC 2920), CHUNKING/BDAT
// (RFC 3030) or DATA with dot-stuffing, SIZE (RFC 1870), 8BITMIME (RFC 6152),
// SMTPUTF8 (RFC 6531), ENHANCEDSTATUSCODES (RFC 2034) and optional DSN (RFC 3461).
#include "common/Error.h"
#include "net/LineReader.h"
#include "net/Sasl.h"
#include "net/ServerUrl.h"
#include "net/Transport.h"
#include <QHash>
#include <QObject>
#include <QQueue>
#include <functional>
#include <memory>

namespace tern::smtp {

struct Reply {
    int code = 0;
    QByteArray enhanced;          // "5.1.1" when the server sends enhanced codes
    QList<QByteArray> lines;      // text of each line, without the code
    QString text() const;
    bool positive() const { return code >= 200 && code < 400; }
    bool transient() const { return code >= 400 && code < 500; }
};

struct Envelope {
    QByteArray from;              // address only, no angle brackets
    QList<QByteArray> recipients;
    bool requestDsn = false;
};

struct RecipientResult {
    QByteArray address;
    int code = 0;
    QString message;
};

struct SubmitResult {
    bool accepted = false;        // the server took responsibility for at least one recipient
    bool transient = false;       // the failure (if any) is worth retrying
    QString message;              // for the user
    QList<RecipientResult> recipients;
};

// Checks an address before anything is sent: no CR, LF, NUL, brackets or spaces.
Status validateAddress(const QByteArray &address);
// CRLF everywhere (no bare CR or LF) and a final CRLF.
QByteArray canonicalLineEnds(const QByteArray &raw);
// RFC 5321 §4.5.2 transparency, for DATA.
QByteArray dotStuff(const QByteArray &crlfText);
// Turns a reply into a sentence a user can act on (RFC 3463 classes).
QString explain(const Reply &r);

class SmtpSession : public QObject {
    Q_OBJECT
public:
    SmtpSession(net::Transport *transport, net::ServerUrl server, net::Credentials creds,
                QByteArray heloName = "localhost", QObject *parent = nullptr);

    void start();   // ready() or failed()
    void submit(const Envelope &env, const QByteArray &message, std::function<void(const SubmitResult &)> done);
    // QUIT; `done` runs once the server answered or the connection is gone.
    void quit(std::function<void()> done = {});

    bool hasExtension(const QByteArray &name) const { return m_ext.contains(name); }
    qint64 sizeLimit() const;   // 0: none announced
    void setPreferChunking(bool on) { m_preferChunking = on; }
    // Whether the current message's last byte has been handed to the transport:
    // after that a lost connection leaves its fate unknown.
    bool messageBytesSent() const { return m_bodySent; }

signals:
    void ready();
    void failed(const tern::Error &error);
    void wire(const QByteArray &line, bool fromServer);

private:
    using Handler = std::function<void(const Reply &)>;
    void send(const QByteArray &line, Handler handler, bool sensitive = false);
    void sendRaw(const QByteArray &bytes, Handler handler);
    void onData();
    void onLine(const QByteArray &line);
    void fail(const Error &e);
    void ehlo();
    void afterEhlo(const Reply &r);
    void authenticate();

    net::Transport *m_transport;
    net::ServerUrl m_server;
    net::Credentials m_creds;
    QByteArray m_helo;
    net::LineReader m_reader{64 * 1024};
    QQueue<Handler> m_handlers;
    Reply m_partial;
    QHash<QByteArray, QByteArray> m_ext;   // EHLO keyword -> parameters
    std::unique_ptr<net::SaslClient> m_sasl;
    bool m_greeted = false, m_failed = false, m_quitting = false, m_preferChunking = true, m_usedHelo = false;
    bool m_bodySent = false;
};

} // namespace tern::smtp
