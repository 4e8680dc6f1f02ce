#include "autoconfig/ServerProbe.h"

#include "net/SocketTransport.h"

#include <QTimer>

namespace tern::autoconfig {

namespace {
net::ServerUrl url(net::Protocol p, net::Security s, const QString &host, const QString &user)
{
    net::ServerUrl u;
    u.protocol = p;
    u.security = s;
    u.host = host;
    u.port = net::ServerUrl::defaultPort(p, s);
    u.user = user;
    return u;
}
} // namespace

QList<net::ServerUrl> guessIncoming(const QString &domain, const QString &user)
{
    QList<net::ServerUrl> out;
    for (const QString &prefix : {QStringLiteral("imap."), QStringLiteral("mail.")})
        for (net::Security s : {net::Security::ImplicitTls, net::Security::StartTls})
            out << url(net::Protocol::Imap, s, prefix + domain, user);
    return out;
}

QList<net::ServerUrl> guessOutgoing(const QString &domain, const QString &user)
{
    QList<net::ServerUrl> out;
    for (const QString &prefix : {QStringLiteral("smtp."), QStringLiteral("mail.")})
        for (net::Security s : {net::Security::ImplicitTls, net::Security::StartTls})
            out << url(net::Protocol::Smtp, s, prefix + domain, user);
    return out;
}

ServerProbe::ServerProbe(net::ServerUrl server, net::TlsPolicy policy, int timeoutMs, QObject *parent)
    : QObject(parent), m_server(std::move(server)), m_policy(std::move(policy)), m_timeoutMs(timeoutMs)
{
}

ServerProbe::~ServerProbe()
{
    if (m_transport)
        m_transport->abort();
}

void ServerProbe::start()
{
    auto *t = new net::SocketTransport(m_server, m_policy, this);
    m_transport = t;
    t->setConnectTimeout(m_timeoutMs);
    connect(t, &net::Transport::failed, this, [this](const Error &e) { done(false, e.message); });
    connect(t, &net::Transport::closed, this, [this] { done(false, QStringLiteral("%1 closed the connection").arg(m_transport->peer())); });
    connect(t, &net::Transport::dataReady, this, &ServerProbe::onData);
    QTimer::singleShot(m_timeoutMs, this, [this] {
        done(false, QStringLiteral("%1:%2 did not answer within %3 s").arg(m_server.host).arg(m_server.port).arg(m_timeoutMs / 1000));
    });
    t->open();
}

void ServerProbe::onData()
{
    if (m_finished)
        return;
    m_buffer += m_transport->takeAll();
    if (m_buffer.size() > kMaxReply) {
        done(false, QStringLiteral("%1 sent more than %2 KB unasked").arg(m_transport->peer()).arg(kMaxReply / 1024));
        return;
    }
    const bool imap = m_server.protocol == net::Protocol::Imap;
    const bool pop3 = m_server.protocol == net::Protocol::Pop3;
    if (!m_greeted) {
        const qsizetype eol = m_buffer.indexOf("\r\n");
        if (eol < 0)
            return;
        const QByteArray greeting = m_buffer.left(eol);
        // SMTP greetings may be multi-line ("220-"); the last one has "220 ".
        if (!imap && !pop3 && greeting.startsWith("220-")) {
            if (!m_buffer.contains("\r\n220 "))
                return;
        }
        const bool good = imap ? (greeting.startsWith("* OK") || greeting.startsWith("* PREAUTH"))
                               : pop3 ? greeting.startsWith("+OK") : greeting.startsWith("220");
        if (!good) {
            done(false, QStringLiteral("%1 does not greet as a %2 server").arg(m_transport->peer(), net::protocolName(m_server.protocol).toUpper()));
            return;
        }
        m_greeted = true;
        m_buffer.clear();
        if (m_server.security == net::Security::ImplicitTls) {
            done(true, QString());
            return;
        }
        // RFC 3501 §6.2.1 STARTTLS, RFC 2595 §4 STLS, RFC 3207 §4 STARTTLS: ask what the server offers.
        m_transport->send(imap ? QByteArrayLiteral("p1 CAPABILITY\r\n") : pop3 ? QByteArrayLiteral("CAPA\r\n")
                                                                            : QByteArrayLiteral("EHLO localhost\r\n"));
        return;
    }
    // The end of the capability answer.
    const bool complete = imap ? m_buffer.contains("\r\np1 ") || m_buffer.startsWith("p1 ")
                               : pop3 ? (m_buffer.startsWith("-ERR") || m_buffer.contains("\r\n.\r\n"))
                                      : (m_buffer.startsWith("250 ") || m_buffer.contains("\r\n250 ") || m_buffer.startsWith("5"));
    if (!complete)
        return;
    const QByteArray upper = m_buffer.toUpper();
    const bool offered = imap ? upper.contains(" STARTTLS") : pop3 ? upper.contains("\r\nSTLS") : upper.contains("250-STARTTLS") || upper.contains("250 STARTTLS");
    if (offered)
        done(true, QString());
    else
        done(false, QStringLiteral("%1 does not offer STARTTLS").arg(m_transport->peer()));
}

void ServerProbe::done(bool ok, const QString &why)
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_transport) {
        if (m_greeted) {
            const bool imap = m_server.protocol == net::Protocol::Imap;
            m_transport->send(imap ? QByteArrayLiteral("p2 LOGOUT\r\n") : QByteArrayLiteral("QUIT\r\n"));
            m_transport->close();
        } else {
            m_transport->abort();
        }
    }
    emit finished(ok, why);
}

} // namespace tern::autoconfig
