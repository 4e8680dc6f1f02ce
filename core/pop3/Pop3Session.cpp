#include "pop3/Pop3Session.h"

#include <QCryptographicHash>
#include <QRegularExpression>

namespace tern::pop3 {

using net::Security;

Pop3Session::Pop3Session(net::Transport *transport, net::ServerUrl server, net::Credentials creds, QObject *parent)
    : QObject(parent), m_transport(transport), m_server(std::move(server)), m_creds(std::move(creds))
{
    connect(m_transport, &net::Transport::opened, this, [this] { m_phase = Phase::Greeting; });
    connect(m_transport, &net::Transport::dataReady, this, &Pop3Session::onData);
    connect(m_transport, &net::Transport::failed, this, [this](const Error &e) { fail(e); });
    connect(m_transport, &net::Transport::closed, this, [this] {
        if (m_phase != Phase::Done)
            fail({Error::Code::Network, QStringLiteral("%1 closed the connection").arg(m_transport->peer())});
    });
}

void Pop3Session::start()
{
    m_transport->open();
}

void Pop3Session::fail(const Error &e)
{
    if (m_failed)
        return;
    m_failed = true;
    m_phase = Phase::Done;
    m_transport->abort();
    emit failed(e);
}

void Pop3Session::enqueue(const QByteArray &line, Kind kind, Callback done, bool sensitive)
{
    // No CR, LF or NUL may reach the wire inside a command (command injection).
    if (line.contains('\r') || line.contains('\n') || line.contains('\0')) {
        fail(Error::invalid(QStringLiteral("refusing to send a POP3 command containing CR, LF or NUL")));
        return;
    }
    m_queue.enqueue(Pending{line, kind, std::move(done), false, sensitive, false, {}});
    flush();
}

void Pop3Session::flush()
{
    if (m_failed)
        return;
    const bool canPipeline = pipelining() && m_phase == Phase::Transaction;
    for (Pending &p : m_queue) {
        if (p.sent)
            continue;
        if (!canPipeline && &p != &m_queue.head())
            break;
        p.sent = true;
        // The last argument of PASS, APOP and AUTH is the secret: the log never shows it.
        emit wire(p.sensitive ? p.line.left(p.line.lastIndexOf(' ')) + " <redacted>" : p.line, false);
        m_transport->send(p.line + "\r\n");
        if (!canPipeline)
            break;
    }
}

void Pop3Session::command(const QByteArray &line, Kind kind, Callback done)
{
    enqueue(line, kind, std::move(done));
}

void Pop3Session::quit(std::function<void(bool)> done)
{
    m_phase = Phase::Quitting;
    enqueue("QUIT", Kind::Single, [this, done](const Reply &r) {
        m_phase = Phase::Done;
        m_transport->close();
        done(r.ok);
    });
}

void Pop3Session::onData()
{
    m_reader.feed(m_transport->takeAll());
    while (!m_failed) {
        const auto line = m_reader.next();
        if (!line)
            break;
        onLine(*line);
    }
    if (m_reader.overflowed())
        fail(Error::invalid(QStringLiteral("%1 sent a line longer than 8 MB; connection dropped").arg(m_transport->peer())));
}

void Pop3Session::onLine(const QByteArray &line)
{
    if (m_phase == Phase::Greeting) {
        afterGreeting(line);
        return;
    }
    if (m_queue.isEmpty()) {
        fail(Error::invalid(QStringLiteral("%1 sent an unsolicited line: %2")
                                .arg(m_transport->peer(), QString::fromUtf8(line.left(80)))));
        return;
    }
    Pending &p = m_queue.head();
    if (!p.sent) {
        fail(Error::invalid(QStringLiteral("%1 answered a command not yet sent").arg(m_transport->peer())));
        return;
    }
    if (!p.statusSeen) {
        // SASL continuation (RFC 5034 §4): "+ " and base64, distinct from "+OK".
        if (m_sasl && (line == "+" || line.startsWith("+ "))) {
            auto resp = m_sasl->respond(QByteArray::fromBase64(line.mid(2)));
            if (!resp) {
                m_transport->send("*\r\n");   // cancel the exchange
                fail(resp.error());
                return;
            }
            emit wire("<sasl response>", false);
            m_transport->send(resp.value().toBase64() + "\r\n");
            return;
        }
        emit wire(p.sensitive ? QByteArray("<reply>") : line, true);
        if (line.startsWith("+OK")) {
            p.reply.ok = true;
            p.reply.text = line.mid(4);
        } else if (line.startsWith("-ERR")) {
            p.reply.ok = false;
            p.reply.text = line.mid(5);
        } else {
            fail(Error::invalid(QStringLiteral("%1 sent a malformed status line: %2")
                                    .arg(m_transport->peer(), QString::fromUtf8(line.left(80)))));
            return;
        }
        p.statusSeen = true;
        if (p.reply.ok && p.kind != Kind::Single)
            return;   // the multi-line body follows
    } else {
        // Multi-line body (RFC 1939 §3): "." ends it; a leading "." is stuffing.
        if (line == ".") {
            // fall through to completion
        } else {
            const QByteArray content = line.startsWith('.') ? line.mid(1) : line;
            if (p.kind == Kind::Message) {
                if (p.reply.message.size() + content.size() + 2 > m_maxMessage) {
                    fail(Error::invalid(QStringLiteral("a message from %1 exceeds the %2 MB limit")
                                            .arg(m_transport->peer()).arg(m_maxMessage >> 20)));
                    return;
                }
                p.reply.message += content;
                p.reply.message += "\r\n";
            } else {
                if (p.reply.lines.size() >= 5000000) {
                    fail(Error::invalid(QStringLiteral("%1 sent a listing of more than 5,000,000 lines").arg(m_transport->peer())));
                    return;
                }
                p.reply.lines.append(content);
            }
            return;
        }
    }
    Pending done = m_queue.dequeue();
    if (done.done)
        done.done(done.reply);
    flush();
}

void Pop3Session::afterGreeting(const QByteArray &greeting)
{
    emit wire(greeting, true);
    if (!greeting.startsWith("+OK")) {
        fail({Error::Code::Network, QStringLiteral("%1 refused the session: %2").arg(m_transport->peer(), QString::fromUtf8(greeting))});
        return;
    }
    // RFC 1939 §7: an APOP timestamp is a msg-id in the greeting.
    static const QRegularExpression ts(QStringLiteral("<[^<>@\\s]+@[^<>\\s]+>"));
    const auto m = ts.match(QString::fromLatin1(greeting));
    if (m.hasMatch())
        m_apopTimestamp = m.captured(0).toLatin1();
    m_phase = Phase::Authorization;
    askCapabilities([this] { secureThenAuthenticate(); });
}

void Pop3Session::askCapabilities(std::function<void()> then)
{
    enqueue("CAPA", Kind::Listing, [this, then](const Reply &r) {
        m_caps.clear();
        if (r.ok)
            for (const QByteArray &l : r.lines)
                m_caps << QString::fromUtf8(l).trimmed();
        then();
    });
}

void Pop3Session::secureThenAuthenticate()
{
    if (m_server.security != Security::StartTls || m_transport->isEncrypted()) {
        authenticate();
        return;
    }
    // pop3:// means STLS is required: never continue in plaintext.
    if (!m_caps.contains(QStringLiteral("STLS"))) {
        fail(Error::security(QStringLiteral("%1 does not offer STLS; refusing to log in without TLS").arg(m_transport->peer())));
        return;
    }
    enqueue("STLS", Kind::Single, [this](const Reply &r) {
        if (!r.ok) {
            fail(Error::security(QStringLiteral("%1 refused STLS: %2").arg(m_transport->peer(), QString::fromUtf8(r.text))));
            return;
        }
        // Anything already buffered arrived before TLS: an injection (notes: QSslSocket quirk).
        if (m_reader.hasBufferedBytes()) {
            fail(Error::security(QStringLiteral("%1 sent data before the TLS handshake (STLS injection); connection dropped")
                                     .arg(m_transport->peer())));
            return;
        }
        connect(m_transport, &net::Transport::tlsReady, this, [this] {
            askCapabilities([this] { authenticate(); });   // RFC 2595 §4: capabilities again after TLS
        }, Qt::SingleShotConnection);
        m_transport->startTls();
    });
}

void Pop3Session::authenticate()
{
    QStringList mechanisms;
    for (const QString &c : m_caps)
        if (c.startsWith(QLatin1String("SASL ")))
            mechanisms = c.mid(5).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    const QString sasl = net::chooseMechanism(mechanisms, m_creds);
    if (!sasl.isEmpty()) {
        authenticateSasl(sasl);
        return;
    }
    if (m_creds.isOAuthToken) {
        fail(Error::security(QStringLiteral("%1 offers no OAuth mechanism").arg(m_transport->peer())));
        return;
    }
    const bool userOffered = m_caps.isEmpty() || m_caps.contains(QStringLiteral("USER"));
    if (!userOffered && !m_apopTimestamp.isEmpty()) {
        // APOP (RFC 1939 §7): MD5 of timestamp + secret. Weak, used only when nothing else is offered.
        const QByteArray digest = QCryptographicHash::hash(m_apopTimestamp + m_creds.secret.toUtf8(),
                                                           QCryptographicHash::Md5).toHex();
        enqueue("APOP " + m_creds.user.toUtf8() + ' ' + digest, Kind::Single,
                [this](const Reply &r) { finishAuth(r, QStringLiteral("APOP")); }, true);
        return;
    }
    enqueue("USER " + m_creds.user.toUtf8(), Kind::Single, [this](const Reply &r) {
        if (!r.ok) {
            finishAuth(r, QStringLiteral("USER"));
            return;
        }
        enqueue("PASS " + m_creds.secret.toUtf8(), Kind::Single,
                [this](const Reply &pr) { finishAuth(pr, QStringLiteral("USER/PASS")); }, true);
    });
}

void Pop3Session::authenticateSasl(const QString &mechanism)
{
    m_sasl = net::createSasl(mechanism, m_creds);
    const QByteArray initial = m_sasl->initialResponse();
    // RFC 5034 §4: an initial response, "=" when empty.
    const QByteArray line = "AUTH " + mechanism.toLatin1() + ' ' + (initial.isEmpty() ? QByteArray("=") : initial.toBase64());
    enqueue(line, Kind::Single, [this, mechanism](const Reply &r) {
        if (r.ok) {
            if (auto v = m_sasl->verifyServerFinal(); !v) {
                fail(v.error());
                return;
            }
        }
        m_sasl.reset();
        finishAuth(r, mechanism);
    }, true);
}

void Pop3Session::finishAuth(const Reply &r, const QString &how)
{
    if (!r.ok) {
        fail(Error::security(QStringLiteral("%1 refused the login of %2 (%3): %4")
                                 .arg(m_transport->peer(), m_creds.user, how, QString::fromUtf8(r.text))));
        return;
    }
    m_mechanism = how;
    m_phase = Phase::Transaction;
    emit ready();
}

} // namespace tern::pop3
