#include "autoconfig/ConnectionCheck.h"

#include "imap/ImapSession.h"
#include "net/SocketTransport.h"
#include "pop3/Pop3Session.h"
#include "smtp/SmtpSession.h"

#include <QTimer>

namespace tern::autoconfig {

QString problemName(Problem p)
{
    switch (p) {
    case Problem::None: return QStringLiteral("none");
    case Problem::WrongPassword: return QStringLiteral("wrong-password");
    case Problem::Certificate: return QStringLiteral("certificate");
    case Problem::Unreachable: return QStringLiteral("unreachable");
    case Problem::NoStartTls: return QStringLiteral("no-starttls");
    case Problem::Other: return QStringLiteral("other");
    }
    return {};
}

ConnectionCheck::ConnectionCheck(store::AccountConfig account, QString password, QObject *parent)
    : QObject(parent), m_account(std::move(account)), m_password(std::move(password))
{
    qRegisterMetaType<tern::autoconfig::CheckOutcome>();
}

ConnectionCheck::~ConnectionCheck()
{
    cancel();
}

void ConnectionCheck::start()
{
    cancel();
    ++m_generation;
    m_outcomes.clear();
    m_todo.clear();
    if (m_account.imap)
        m_todo << *m_account.imap;
    else if (m_account.pop3)
        m_todo << *m_account.pop3;
    if (m_account.smtp)
        m_todo << *m_account.smtp;
    QMetaObject::invokeMethod(this, [this, g = m_generation] {
        if (g == m_generation)
            stepDone(CheckOutcome());
    }, Qt::QueuedConnection);
}

void ConnectionCheck::cancel()
{
    ++m_generation;
    if (m_step)
        m_step->deleteLater();   // the sessions and the transport with it: the connection is dropped
    m_step = nullptr;
}

void ConnectionCheck::stepDone(const CheckOutcome &outcome)
{
    if (!outcome.server.host.isEmpty())
        m_outcomes << outcome;
    if (m_step)
        m_step->deleteLater();
    m_step = nullptr;
    if (m_todo.isEmpty()) {
        emit finished(m_outcomes);
        return;
    }
    check(m_todo.takeFirst());
}

void ConnectionCheck::check(const net::ServerUrl &server)
{
    emit progress(server);
    auto *scope = new QObject(this);
    m_step = scope;
    auto *transport = new net::SocketTransport(server, net::TlsPolicy{m_account.caFile, {}}, scope);
    transport->setConnectTimeout(qMin(m_timeoutMs, 15000));

    struct Seen {
        bool opened = false, authSent = false, startTlsSent = false;
        QSslCertificate certificate;
        QList<QSslError> errors;
    };
    auto seen = std::make_shared<Seen>();
    connect(transport, &net::Transport::opened, scope, [seen] { seen->opened = true; });
    connect(&transport->socket(), &QSslSocket::sslErrors, scope, [seen, transport](const QList<QSslError> &errors) {
        seen->errors = errors;
        seen->certificate = transport->socket().peerCertificate();
        if (seen->certificate.isNull() && !errors.isEmpty())
            seen->certificate = errors.constFirst().certificate();
    });
    const auto onWire = [seen](const QByteArray &line, bool fromServer) {
        if (fromServer)
            return;
        const QByteArray upper = line.toUpper();
        // The client's own commands: IMAP "tN LOGIN/AUTHENTICATE", POP3 USER/PASS/APOP/AUTH, SMTP AUTH.
        const QByteArray verb = upper.startsWith('T') && upper.contains(' ') ? upper.mid(upper.indexOf(' ') + 1) : upper;
        if (verb.startsWith("LOGIN") || verb.startsWith("AUTHENTICATE") || verb.startsWith("AUTH ") || verb.startsWith("USER ")
            || verb.startsWith("PASS") || verb.startsWith("APOP"))
            seen->authSent = true;
        if (verb.startsWith("STARTTLS") || verb.startsWith("STLS"))
            seen->startTlsSent = true;
    };
    const quint64 g = m_generation;
    auto over = std::make_shared<bool>(false);   // one outcome per server, whatever the session says later
    const auto failed = [this, g, over, server, seen, transport](const Error &e) {
        if (g != m_generation || *over)
            return;
        *over = true;
        CheckOutcome o;
        o.server = server;
        o.problem = Problem::Other;
        o.message = e.message;
        if (!seen->errors.isEmpty()) {
            o.problem = Problem::Certificate;
            o.certificate = seen->certificate;
            o.sslErrors = seen->errors;
        } else if (!seen->opened && e.code == Error::Code::Network) {
            o.problem = Problem::Unreachable;
        } else if (e.code == Error::Code::Security && seen->authSent) {
            o.problem = Problem::WrongPassword;
        } else if (e.code == Error::Code::Security && server.security == net::Security::StartTls && !seen->startTlsSent
                   && !transport->isEncrypted()) {
            o.problem = Problem::NoStartTls;
        }
        stepDone(o);
    };
    const auto succeeded = [this, g, over, server] {
        if (g != m_generation || *over)
            return;
        *over = true;
        CheckOutcome o;
        o.server = server;
        stepDone(o);
    };
    QTimer::singleShot(m_timeoutMs, scope, [failed, server, ms = m_timeoutMs] {
        failed(Error::network(QStringLiteral("%1:%2 did not finish logging in within %3 s").arg(server.host).arg(server.port).arg(ms / 1000)));
    });

    net::Credentials creds;
    creds.user = server.user.isEmpty() ? m_account.address : server.user;
    creds.secret = m_password;
    creds.isOAuthToken = m_account.oauth;
    creds.host = server.host;
    creds.port = server.port;
    switch (server.protocol) {
    case net::Protocol::Imap: {
        auto *s = new imap::ImapSession(transport, server, creds, scope);
        connect(s, &imap::ImapSession::wire, scope, onWire);
        connect(s, &imap::ImapSession::failed, scope, failed);
        connect(s, &imap::ImapSession::authenticated, scope, [s, succeeded] { s->logout(succeeded); });
        s->start();
        break;
    }
    case net::Protocol::Pop3: {
        auto *s = new pop3::Pop3Session(transport, server, creds, scope);
        connect(s, &pop3::Pop3Session::wire, scope, onWire);
        connect(s, &pop3::Pop3Session::failed, scope, failed);
        connect(s, &pop3::Pop3Session::ready, scope, [s, succeeded] { s->quit([succeeded](bool) { succeeded(); }); });
        s->start();
        break;
    }
    case net::Protocol::Smtp: {
        auto *s = new smtp::SmtpSession(transport, server, creds, "localhost", scope);
        connect(s, &smtp::SmtpSession::wire, scope, onWire);
        connect(s, &smtp::SmtpSession::failed, scope, failed);
        connect(s, &smtp::SmtpSession::ready, scope, [s, succeeded] { s->quit(succeeded); });
        s->start();
        break;
    }
    }
}

} // namespace tern::autoconfig
