#include "imap/ImapSession.h"

namespace tern::imap {

using net::Security;

ImapSession::ImapSession(net::Transport *transport, net::ServerUrl server, net::Credentials creds, QObject *parent)
    : QObject(parent), m_transport(transport), m_server(std::move(server)), m_creds(std::move(creds))
{
    connect(m_transport, &net::Transport::dataReady, this, &ImapSession::onData);
    connect(m_transport, &net::Transport::failed, this, [this](const Error &e) { fail(e); });
    connect(m_transport, &net::Transport::closed, this, [this] {
        if (!m_loggingOut)
            fail({Error::Code::Network, QStringLiteral("%1 closed the connection").arg(m_transport->peer())});
    });
}

QByteArray ImapSession::quoted(const QByteArray &s)
{
    QByteArray out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    return out + '"';
}

void ImapSession::start()
{
    m_transport->open();
}

void ImapSession::fail(const Error &e)
{
    if (m_failed)
        return;
    m_failed = true;
    m_transport->abort();
    emit failed(e);
}

void ImapSession::commandWithLiterals(const QList<QByteArray> &parts, Done done)
{
    if (m_failed)
        return;
    QByteArray text;
    for (int i = 0; i < parts.size(); ++i) {
        const QByteArray &part = parts.at(i);
        const bool literal = i % 2 == 1;
        if (part.contains('\0') || (!literal && (part.contains('\r') || part.contains('\n')))) {
            fail(Error::invalid(QStringLiteral("refusing to send an IMAP command containing CR, LF or NUL")));
            return;
        }
        if (literal && !hasCapability("LITERAL+") && !(hasCapability("LITERAL-") && part.size() <= 4096)) {
            CommandResult refused;
            refused.tagged.type = Response::Type::Tagged;
            refused.tagged.status = "NO";
            refused.tagged.text = "the server takes no literal inside a command here (no LITERAL+)";
            done(refused);
            return;
        }
        text += literal ? '{' + QByteArray::number(part.size()) + "+}\r\n" + part : part;
    }
    const QByteArray tag = nextTag();
    emit wire(tag + ' ' + QByteArray(text).replace("\r\n", " "), false);
    m_transport->send(tag + ' ' + text + "\r\n");
    m_pending.append(Pending{tag, std::move(done), {}, {}, false, false});
}

void ImapSession::send(const QByteArray &tag, const QByteArray &command, Done done, bool sensitive, const QByteArray &literal, bool sasl)
{
    if (m_failed)
        return;
    if (command.contains('\r') || command.contains('\n') || command.contains('\0')) {
        fail(Error::invalid(QStringLiteral("refusing to send an IMAP command containing CR, LF or NUL")));
        return;
    }
    Pending p{tag, std::move(done), {}, literal, false, sasl};
    QByteArray line = tag + ' ' + command;
    if (!literal.isNull()) {
        // RFC 7888: with LITERAL+ the literal follows at once; else wait for "+".
        const bool nonSync = hasCapability("LITERAL+") || (hasCapability("LITERAL-") && literal.size() <= 4096);
        line += " {" + QByteArray::number(literal.size()) + (nonSync ? "+}" : "}");
        p.waitsForContinuation = !nonSync;
        emit wire(line, false);
        m_transport->send(line + "\r\n");
        if (nonSync) {
            emit wire("<" + QByteArray::number(literal.size()) + " bytes>", false);
            m_transport->send(literal + "\r\n");
            p.literal.clear();
        }
    } else {
        // A secret is always the last argument (LOGIN's password, AUTHENTICATE's initial response).
        const bool hasSecretArgument = command.count(' ') >= 2 || command.startsWith("LOGIN ");
        emit wire(sensitive && hasSecretArgument ? tag + ' ' + command.left(command.lastIndexOf(' ')) + " <redacted>" : line, false);
        m_transport->send(line + "\r\n");
    }
    m_pending.append(std::move(p));
}

void ImapSession::command(const QByteArray &cmd, Done done)
{
    send(nextTag(), cmd, std::move(done));
}

void ImapSession::commandStreamed(const QByteArray &cmd, Done done)
{
    const qsizetype before = m_pending.size();
    send(nextTag(), cmd, std::move(done));
    if (m_pending.size() > before)
        m_pending.last().streamed = true;
}

void ImapSession::append(const QByteArray &mailbox, const QByteArray &flags, const QByteArray &message, Done done)
{
    QByteArray cmd = "APPEND " + quoted(mailbox);
    if (!flags.isEmpty())
        cmd += " (" + flags + ')';
    send(nextTag(), cmd, std::move(done), false, message.isNull() ? QByteArray("") : message);
}

void ImapSession::logout(std::function<void()> done)
{
    m_loggingOut = true;
    auto finish = net::runOnceOrWhenGone(m_transport, this, std::move(done));
    if (m_failed) {
        finish();
        return;
    }
    command("LOGOUT", [this, finish](const CommandResult &) {
        m_transport->close();
        finish();
    });
}

void ImapSession::compress(std::function<void(const Status &)> done)
{
    command("COMPRESS DEFLATE", [this, done](const CommandResult &res) {
        if (!res.ok()) {
            done(Error::network(QStringLiteral("%1 refused COMPRESS: %2").arg(m_transport->peer(), QString::fromUtf8(res.tagged.text))));
            return;
        }
        // Whatever follows the OK is compressed; bytes already read past it would be misread.
        if (m_parser.hasBufferedBytes()) {
            fail(Error::invalid(QStringLiteral("%1 sent data with its COMPRESS reply; connection dropped").arg(m_transport->peer())));
            return;
        }
        if (auto s = m_transport->startDeflate(); !s) {
            fail(s.error());
            return;
        }
        done(success());
    });
}

void ImapSession::idle(Done done)
{
    const QByteArray tag = nextTag();
    send(tag, "IDLE", std::move(done));
    if (!m_pending.isEmpty() && m_pending.last().tag == tag) {
        m_pending.last().idle = true;
        m_idleTag = tag;
    }
}

void ImapSession::idleDone()
{
    if (m_idleTag.isEmpty() || m_failed)
        return;
    emit wire("DONE", false);
    m_transport->send("DONE\r\n");
}

void ImapSession::enable(const QList<QByteArray> &exts, std::function<void()> done)
{
    QList<QByteArray> wanted;
    for (const QByteArray &e : exts)
        if (hasCapability(e))
            wanted.append(e);
    if (wanted.isEmpty() || !hasCapability("ENABLE")) {
        done();
        return;
    }
    command("ENABLE " + wanted.join(' '), [done](const CommandResult &) { done(); });
}

void ImapSession::onData()
{
    m_parser.feed(m_transport->takeAll());
    while (!m_failed) {
        auto r = m_parser.next();
        if (!r) {
            fail(r.error());
            return;
        }
        if (!r.value())
            return;
        onResponse(*r.value());
    }
}

void ImapSession::setCapabilities(const QList<QByteArray> &caps)
{
    m_caps.clear();
    for (const QByteArray &c : caps)
        if (!c.isEmpty())
            m_caps.append(c.toUpper());
}

void ImapSession::onResponse(const Response &r)
{
    if (m_wireLogging)   // building the text of every FETCH costs more than parsing it
        emit wire(r.dump().left(400), true);
    if (!m_greeted) {
        m_greeted = true;
        afterGreeting(r);
        return;
    }
    if (r.type == Response::Type::Continuation) {
        if (m_pending.isEmpty()) {
            fail(Error::invalid(QStringLiteral("%1 sent an unexpected continuation").arg(m_transport->peer())));
            return;
        }
        Pending &p = m_pending.first();   // one synchronizing literal or SASL exchange at a time
        if (p.idle) {
            emit idling();
            return;
        }
        if (p.sasl && m_sasl) {
            auto resp = m_sasl->respond(QByteArray::fromBase64(r.text));
            if (!resp) {
                m_transport->send("*\r\n");
                fail(resp.error());
                return;
            }
            emit wire("<sasl response>", false);
            m_transport->send(resp.value().toBase64() + "\r\n");
            return;
        }
        for (Pending &q : m_pending) {
            if (q.waitsForContinuation) {
                q.waitsForContinuation = false;
                emit wire("<" + QByteArray::number(q.literal.size()) + " bytes>", false);
                m_transport->send(q.literal + "\r\n");
                q.literal.clear();
                return;
            }
        }
        fail(Error::invalid(QStringLiteral("%1 sent a continuation nobody asked for").arg(m_transport->peer())));
        return;
    }
    if (r.type == Response::Type::Untagged) {
        if (r.isStatus("CAPABILITY")) {
            QList<QByteArray> caps;
            for (const Token &t : r.tokens)
                caps << t.text;
            setCapabilities(caps);
        }
        if (r.isStatus("ENABLED"))
            for (const Token &t : r.tokens)
                if (!m_enabled.contains(t.text.toUpper()))
                    m_enabled.append(t.text.toUpper());
        if (r.isStatus("BYE") && !m_loggingOut) {
            fail({Error::Code::Network, QStringLiteral("%1 ended the session: %2").arg(m_transport->peer(), QString::fromUtf8(r.text))});
            return;
        }
        // A command's data is bounded (a server could otherwise grow it without end);
        // IDLE keeps none: its listeners get untaggedData() as it comes.
        // A streamed command's listener has it already (and bounds what it keeps).
        if (!m_pending.isEmpty() && !m_pending.first().idle && !m_pending.first().streamed) {
            if (m_pending.first().untagged.size() >= kMaxUntaggedPerCommand) {
                fail(Error::invalid(QStringLiteral("%1 sent more than %2 responses to one command").arg(m_transport->peer()).arg(kMaxUntaggedPerCommand)));
                return;
            }
            m_pending.first().untagged.append(r);
        }
        emit untaggedData(r);
        return;
    }
    // Tagged: match by tag, in any order (several commands may be in flight).
    for (int i = 0; i < m_pending.size(); ++i) {
        if (m_pending.at(i).tag == r.tag) {
            Pending p = m_pending.takeAt(i);
            if (p.idle)
                m_idleTag.clear();
            if (r.code.startsWith("CAPABILITY "))
                setCapabilities(r.code.mid(11).split(' '));
            if (p.done)
                p.done(CommandResult{r, p.untagged});
            return;
        }
    }
    fail(Error::invalid(QStringLiteral("%1 answered a tag Tern never sent: %2").arg(m_transport->peer(), QString::fromUtf8(r.tag.left(40)))));
}

void ImapSession::afterGreeting(const Response &r)
{
    if (r.type != Response::Type::Untagged || !(r.isStatus("OK") || r.isStatus("PREAUTH"))) {
        fail({Error::Code::Network, QStringLiteral("%1 refused the session: %2").arg(m_transport->peer(), QString::fromUtf8(r.dump()))});
        return;
    }
    if (r.code.startsWith("CAPABILITY "))
        setCapabilities(r.code.mid(11).split(' '));
    m_preauth = r.isStatus("PREAUTH");
    if (m_server.security == Security::StartTls && !m_transport->isEncrypted()) {
        // PREAUTH on a STARTTLS account: the session is already authenticated in
        // plaintext and STARTTLS is no longer allowed (RFC 9051 §6.2.1). Refuse.
        if (m_preauth) {
            fail(Error::security(QStringLiteral("%1 sent PREAUTH on a connection that must be secured with STARTTLS; refusing")
                                     .arg(m_transport->peer())));
            return;
        }
        ensureCapabilities([this] { startTls(); });
        return;
    }
    if (m_preauth) {
        ensureCapabilities([this] { emit authenticated(); });
        return;
    }
    ensureCapabilities([this] { login(); });
}

void ImapSession::ensureCapabilities(std::function<void()> then)
{
    if (!m_caps.isEmpty()) {
        then();
        return;
    }
    command("CAPABILITY", [this, then](const CommandResult &res) {
        if (!res.ok()) {
            fail({Error::Code::Network, QStringLiteral("CAPABILITY failed: %1").arg(QString::fromUtf8(res.tagged.text))});
            return;
        }
        then();
    });
}

void ImapSession::startTls()
{
    if (!hasCapability("STARTTLS")) {
        fail(Error::security(QStringLiteral("%1 does not offer STARTTLS; refusing to continue without TLS").arg(m_transport->peer())));
        return;
    }
    command("STARTTLS", [this](const CommandResult &res) {
        if (!res.ok()) {
            fail(Error::security(QStringLiteral("%1 refused STARTTLS: %2").arg(m_transport->peer(), QString::fromUtf8(res.tagged.text))));
            return;
        }
        if (m_parser.hasBufferedBytes()) {
            fail(Error::security(QStringLiteral("%1 sent data before the TLS handshake (STARTTLS injection); connection dropped")
                                     .arg(m_transport->peer())));
            return;
        }
        m_caps.clear();   // RFC 9051 §6.2.1: capabilities learned before TLS are discarded
        connect(m_transport, &net::Transport::tlsReady, this, [this] { ensureCapabilities([this] { login(); }); },
                Qt::SingleShotConnection);
        m_transport->startTls();
    });
}

void ImapSession::login()
{
    QStringList offered;
    for (const QByteArray &c : std::as_const(m_caps))
        if (c.startsWith("AUTH="))
            offered << QString::fromLatin1(c.mid(5));
    const QString mechanism = net::chooseMechanism(offered, m_creds);
    auto finish = [this](const CommandResult &res, const QString &how) {
        if (!res.ok()) {
            fail(Error::security(QStringLiteral("%1 refused the login of %2 (%3): %4")
                                     .arg(m_transport->peer(), m_creds.user, how, QString::fromUtf8(res.tagged.text))));
            return;
        }
        if (m_sasl) {
            if (auto v = m_sasl->verifyServerFinal(); !v) {
                fail(v.error());
                return;
            }
            m_sasl.reset();
        }
        if (res.tagged.code.startsWith("CAPABILITY "))
            emit authenticated();
        else
            command("CAPABILITY", [this](const CommandResult &) { emit authenticated(); });
    };
    if (!mechanism.isEmpty()) {
        m_sasl = net::createSasl(mechanism, m_creds);
        QByteArray cmd = "AUTHENTICATE " + mechanism.toLatin1();
        if (hasCapability("SASL-IR")) {   // RFC 4959
            const QByteArray ir = m_sasl->initialResponse();
            cmd += ' ' + (ir.isEmpty() ? QByteArray("=") : ir.toBase64());
        }
        send(nextTag(), cmd, [finish, mechanism](const CommandResult &res) { finish(res, mechanism); }, true, {}, true);
        return;
    }
    if (m_creds.isOAuthToken || hasCapability("LOGINDISABLED")) {
        fail(Error::security(QStringLiteral("%1 offers no login method Tern can use").arg(m_transport->peer())));
        return;
    }
    const QByteArray user = m_creds.user.toUtf8(), pass = m_creds.secret.toUtf8();
    for (char c : user + pass)
        if (uchar(c) < 0x20 || uchar(c) >= 0x80) {
            fail(Error::invalid(QStringLiteral("the user name or password has characters LOGIN cannot carry, and %1 offers no SASL")
                                    .arg(m_transport->peer())));
            return;
        }
    send(nextTag(), "LOGIN " + quoted(user) + ' ' + quoted(pass),
         [finish](const CommandResult &res) { finish(res, QStringLiteral("LOGIN")); }, true);
}

} // namespace tern::imap
