#include "smtp/SmtpSession.h"

#include <memory>

namespace tern::smtp {

using net::Security;

QString Reply::text() const
{
    QStringList parts;
    for (const QByteArray &l : lines)
        parts << QString::fromUtf8(l);
    return parts.join(QLatin1Char(' ')).trimmed();
}

Status validateAddress(const QByteArray &address)
{
    for (char c : address)
        if (c == '\r' || c == '\n' || c == '\0' || c == '<' || c == '>' || c == ' ' || c == '\t')
            return Error::invalid(QStringLiteral("the address '%1' contains a character that cannot go into an SMTP command")
                                      .arg(QString::fromUtf8(address).toHtmlEscaped().simplified()));
    if (address.size() > 320)
        return Error::invalid(QStringLiteral("an address is longer than 320 characters"));
    return success();
}

QByteArray canonicalLineEnds(const QByteArray &raw)
{
    QByteArray out;
    out.reserve(raw.size() + raw.size() / 50 + 2);
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const char c = raw.at(i);
        if (c == '\r') {
            out += "\r\n";
            if (i + 1 < raw.size() && raw.at(i + 1) == '\n')
                ++i;
        } else if (c == '\n') {
            out += "\r\n";
        } else {
            out += c;
        }
    }
    if (!out.endsWith("\r\n"))
        out += "\r\n";
    return out;
}

QByteArray dotStuff(const QByteArray &text)
{
    QByteArray out;
    out.reserve(text.size() + 64);
    bool lineStart = true;
    for (char c : text) {
        if (lineStart && c == '.')
            out += '.';
        out += c;
        lineStart = c == '\n';
    }
    return out;
}

QString explain(const Reply &r)
{
    QString why;
    // RFC 3463 §3: subject.detail
    const QByteArray e = r.enhanced;
    if (e.endsWith(".1.1")) why = QStringLiteral("the recipient's mailbox does not exist");
    else if (e.endsWith(".1.0") || e.endsWith(".1.3")) why = QStringLiteral("an address is not valid");
    else if (e.endsWith(".1.8") || e.endsWith(".1.7")) why = QStringLiteral("the sender's address is refused");
    else if (e.endsWith(".2.2")) why = QStringLiteral("the recipient's mailbox is full");
    else if (e.endsWith(".3.4") || e.endsWith(".2.3")) why = QStringLiteral("the message is too big for the server");
    else if (e.endsWith(".7.1")) why = QStringLiteral("the server refuses this (not allowed to relay or send as this address)");
    else if (e.endsWith(".7.8")) why = QStringLiteral("the user name or password is wrong");
    else if (e.endsWith(".7.0")) why = QStringLiteral("authentication is required or failed");
    else if (e.endsWith(".4.7")) why = QStringLiteral("the delivery time expired");
    const QString kind = r.transient() ? QStringLiteral("temporary failure, will retry") : QStringLiteral("refused");
    QString code = QString::number(r.code);
    if (!r.enhanced.isEmpty())
        code += QLatin1Char(' ') + QString::fromLatin1(r.enhanced);
    return QStringLiteral("%1 (%2): %3").arg(why.isEmpty() ? kind : why + QStringLiteral(" — ") + kind, code, r.text());
}

SmtpSession::SmtpSession(net::Transport *transport, net::ServerUrl server, net::Credentials creds, QByteArray heloName,
                         QObject *parent)
    : QObject(parent), m_transport(transport), m_server(std::move(server)), m_creds(std::move(creds)), m_helo(std::move(heloName))
{
    connect(m_transport, &net::Transport::dataReady, this, &SmtpSession::onData);
    connect(m_transport, &net::Transport::failed, this, [this](const Error &e) { fail(e); });
    connect(m_transport, &net::Transport::closed, this, [this] {
        if (!m_quitting)
            fail({Error::Code::Network, QStringLiteral("%1 closed the connection").arg(m_transport->peer())});
    });
}

qint64 SmtpSession::sizeLimit() const
{
    return m_ext.value("SIZE").toLongLong();
}

void SmtpSession::start()
{
    // The greeting is the first reply (RFC 5321 §4.2): a handler waits for it.
    m_handlers.enqueue([this](const Reply &r) {
        if (r.code != 220) {
            fail({Error::Code::Network, QStringLiteral("%1 refused the session: %2").arg(m_transport->peer(), r.text())});
            return;
        }
        ehlo();
    });
    m_transport->open();
}

void SmtpSession::fail(const Error &e)
{
    if (m_failed)
        return;
    m_failed = true;
    m_transport->abort();
    emit failed(e);
}

void SmtpSession::send(const QByteArray &line, Handler handler, bool sensitive)
{
    if (m_failed)
        return;
    m_handlers.enqueue(std::move(handler));
    emit wire(sensitive ? line.left(line.indexOf(' ', 5)) + " <redacted>" : line, false);
    m_transport->send(line + "\r\n");
}

void SmtpSession::sendRaw(const QByteArray &bytes, Handler handler)
{
    if (m_failed)
        return;
    m_handlers.enqueue(std::move(handler));
    m_bodySent = true;   // only message bodies go out raw
    emit wire("<" + QByteArray::number(bytes.size()) + " bytes of message>", false);
    m_transport->send(bytes);
}

void SmtpSession::onData()
{
    m_reader.feed(m_transport->takeAll());
    while (!m_failed) {
        const auto line = m_reader.next();
        if (!line)
            break;
        onLine(*line);
    }
    if (m_reader.overflowed())
        fail(Error::invalid(QStringLiteral("%1 sent a reply line longer than 64 KB").arg(m_transport->peer())));
}

void SmtpSession::onLine(const QByteArray &line)
{
    emit wire(line, true);
    // RFC 5321 §4.2: "ddd-text" continues, "ddd text" (or "ddd") ends a reply.
    bool ok = false;
    const int code = line.left(3).toInt(&ok);
    if (!ok || code < 200 || code > 599 || (line.size() > 3 && line.at(3) != ' ' && line.at(3) != '-')) {
        fail(Error::invalid(QStringLiteral("%1 sent a malformed reply: %2").arg(m_transport->peer(), QString::fromUtf8(line.left(80)))));
        return;
    }
    if (m_partial.code && m_partial.code != code) {
        fail(Error::invalid(QStringLiteral("%1 changed the reply code inside a multi-line reply").arg(m_transport->peer())));
        return;
    }
    if (m_partial.lines.size() > 1000) {
        fail(Error::invalid(QStringLiteral("%1 sent a reply of more than 1000 lines").arg(m_transport->peer())));
        return;
    }
    m_partial.code = code;
    QByteArray text = line.mid(4);
    if (m_partial.lines.isEmpty() && hasExtension("ENHANCEDSTATUSCODES")) {
        const int sp = text.indexOf(' ');
        const QByteArray first = sp < 0 ? text : text.left(sp);
        if (first.count('.') == 2 && first.size() >= 5 && (first.at(0) == '2' || first.at(0) == '4' || first.at(0) == '5')) {
            m_partial.enhanced = first;
            text = sp < 0 ? QByteArray() : text.mid(sp + 1);
        }
    }
    m_partial.lines.append(text);
    if (line.size() > 3 && line.at(3) == '-')
        return;
    const Reply reply = m_partial;
    m_partial = Reply();

    if (reply.code == 334 && m_sasl) {   // RFC 4954 §4: a challenge
        auto resp = m_sasl->respond(QByteArray::fromBase64(reply.lines.value(0)));
        if (!resp) {
            m_transport->send("*\r\n");
            fail(resp.error());
            return;
        }
        emit wire("<sasl response>", false);
        m_transport->send(resp.value().toBase64() + "\r\n");
        return;
    }
    if (m_handlers.isEmpty()) {
        fail(Error::invalid(QStringLiteral("%1 sent an unsolicited reply: %2").arg(m_transport->peer(), reply.text())));
        return;
    }
    m_handlers.dequeue()(reply);
}

void SmtpSession::ehlo()
{
    send("EHLO " + m_helo, [this](const Reply &r) {
        if (r.code == 250) {
            afterEhlo(r);
            return;
        }
        // RFC 5321 §4.1.4: HELO when EHLO is not understood — but then there is
        // no STARTTLS and no AUTH, so only a plaintext loopback account may go on.
        if (m_server.security == Security::Plaintext && !m_usedHelo) {
            m_usedHelo = true;
            send("HELO " + m_helo, [this](const Reply &h) {
                if (h.code != 250) {
                    fail({Error::Code::Network, QStringLiteral("HELO refused: %1").arg(explain(h))});
                    return;
                }
                m_ext.clear();
                authenticate();   // without EHLO there is no AUTH: only a login-less account goes on
            });
            return;
        }
        fail({Error::Code::Network, QStringLiteral("EHLO refused: %1").arg(explain(r))});
    });
}

void SmtpSession::afterEhlo(const Reply &r)
{
    m_ext.clear();
    for (int i = 1; i < r.lines.size(); ++i) {   // the first line is the greeting text
        const QByteArray l = r.lines.at(i).trimmed();
        const int sp = l.indexOf(' ');
        m_ext.insert((sp < 0 ? l : l.left(sp)).toUpper(), sp < 0 ? QByteArray() : l.mid(sp + 1));
    }
    if (m_server.security == Security::StartTls && !m_transport->isEncrypted()) {
        if (!hasExtension("STARTTLS")) {
            fail(Error::security(QStringLiteral("%1 does not offer STARTTLS; refusing to continue without TLS").arg(m_transport->peer())));
            return;
        }
        send("STARTTLS", [this](const Reply &s) {
            if (s.code != 220) {
                fail(Error::security(QStringLiteral("%1 refused STARTTLS: %2").arg(m_transport->peer(), s.text())));
                return;
            }
            // Replies queued behind the 220 arrived in plaintext: an injection.
            if (m_reader.hasBufferedBytes()) {
                fail(Error::security(QStringLiteral("%1 sent data before the TLS handshake (STARTTLS injection); connection dropped")
                                         .arg(m_transport->peer())));
                return;
            }
            connect(m_transport, &net::Transport::tlsReady, this, [this] { ehlo(); }, Qt::SingleShotConnection);
            m_transport->startTls();   // RFC 3207 §4.2: EHLO again, forget what we knew
        });
        return;
    }
    authenticate();
}

void SmtpSession::authenticate()
{
    if (m_creds.user.isEmpty()) {   // an account without login (a local relay)
        emit ready();
        return;
    }
    const QStringList offered = QString::fromLatin1(m_ext.value("AUTH")).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    const QString mechanism = net::chooseMechanism(offered, m_creds);
    if (mechanism.isEmpty()) {
        fail(Error::security(QStringLiteral("%1 offers no authentication mechanism Tern can use (offered: %2)")
                                 .arg(m_transport->peer(), offered.isEmpty() ? QStringLiteral("none") : offered.join(QLatin1Char(' ')))));
        return;
    }
    m_sasl = net::createSasl(mechanism, m_creds);
    const QByteArray initial = m_sasl->initialResponse();
    send("AUTH " + mechanism.toLatin1() + ' ' + (initial.isEmpty() ? QByteArray("=") : initial.toBase64()),
         [this, mechanism](const Reply &r) {
             if (r.code != 235) {
                 fail(Error::security(QStringLiteral("%1 refused the login of %2 (%3): %4")
                                          .arg(m_transport->peer(), m_creds.user, mechanism, explain(r))));
                 return;
             }
             if (auto v = m_sasl->verifyServerFinal(); !v) {
                 fail(v.error());
                 return;
             }
             m_sasl.reset();
             emit ready();
         }, true);
}

void SmtpSession::submit(const Envelope &env, const QByteArray &message, std::function<void(const SubmitResult &)> done)
{
    m_bodySent = false;
    auto refuse = [&](const QString &why) {
        SubmitResult r;
        r.message = why;
        done(r);
    };
    if (auto v = validateAddress(env.from); !v)
        return refuse(v.error().message);
    if (env.recipients.isEmpty())
        return refuse(QStringLiteral("the message has no recipients"));
    bool utf8Address = false;
    for (const QByteArray &a : env.recipients + QList<QByteArray>{env.from}) {
        if (auto v = validateAddress(a); !v)
            return refuse(v.error().message);
        for (char c : a)
            utf8Address |= uchar(c) >= 0x80;
    }
    const QByteArray body = canonicalLineEnds(message);
    if (sizeLimit() > 0 && body.size() > sizeLimit())
        return refuse(QStringLiteral("the message is %1 KB; %2 accepts at most %3 KB")
                          .arg(body.size() >> 10).arg(m_transport->peer()).arg(sizeLimit() >> 10));
    bool eightBit = false, eightBitHeaders = false;
    const qsizetype headerEnd = body.indexOf("\r\n\r\n");
    for (qsizetype i = 0; i < body.size(); ++i) {
        if (uchar(body.at(i)) >= 0x80) {
            eightBit = true;
            eightBitHeaders = headerEnd < 0 || i < headerEnd;
            break;
        }
    }
    if (utf8Address && !hasExtension("SMTPUTF8"))
        return refuse(QStringLiteral("the server cannot take non-ASCII addresses (no SMTPUTF8)"));
    if (eightBit && !hasExtension("8BITMIME"))
        return refuse(QStringLiteral("the message has 8-bit content and the server lacks 8BITMIME"));

    QByteArray mail = "MAIL FROM:<" + env.from + ">";
    if (hasExtension("SIZE"))
        mail += " SIZE=" + QByteArray::number(body.size());
    if (eightBit)
        mail += " BODY=8BITMIME";
    // RFC 6531 §3.4: SMTPUTF8 when an address or a header field is UTF-8 (RFC 6532).
    if (utf8Address || (eightBitHeaders && hasExtension("SMTPUTF8")))
        mail += " SMTPUTF8";
    const bool dsn = env.requestDsn && hasExtension("DSN");
    if (dsn)
        mail += " RET=HDRS";

    struct State {
        SubmitResult result;
        int accepted = 0;
        bool mailOk = false;
        std::function<void(const SubmitResult &)> done;
    };
    auto st = std::make_shared<State>();
    st->done = std::move(done);
    const bool chunking = m_preferChunking && hasExtension("CHUNKING");
    const bool pipelining = hasExtension("PIPELINING");

    auto finish = [this, st](const Reply &final) {
        SubmitResult &r = st->result;
        if (final.code == 250 && st->accepted > 0) {
            r.accepted = true;
            r.message = QStringLiteral("accepted: %1").arg(final.text());
        } else {
            if (r.message.isEmpty())
                r.message = explain(final);
            r.transient = r.transient || final.transient();
            send("RSET", [](const Reply &) {});   // back to a clean transaction state
        }
        st->done(r);
    };

    // The steps of one transaction; with PIPELINING they go out together
    // (RFC 2920 §3.1: DATA/BDAT may end the group), otherwise one per reply.
    QList<std::pair<QByteArray, Handler>> steps;
    steps.append({mail, [st](const Reply &r) {
        st->mailOk = r.code == 250;
        if (!st->mailOk) {
            st->result.message = QStringLiteral("sender refused: %1").arg(explain(r));
            st->result.transient = r.transient();
        }
    }});
    for (const QByteArray &rcpt : env.recipients) {
        QByteArray cmd = "RCPT TO:<" + rcpt + ">";
        if (dsn)
            cmd += " NOTIFY=FAILURE,DELAY";
        steps.append({cmd, [st, rcpt](const Reply &r) {
            st->result.recipients.append({rcpt, r.code, r.code == 250 || r.code == 251 ? QString() : explain(r)});
            if (r.code == 250 || r.code == 251)
                ++st->accepted;
            else if (r.transient())
                st->result.transient = true;
        }});
    }
    if (chunking) {
        // BDAT carries the bytes as they are: no dot-stuffing (RFC 3030 §2).
        steps.append({"BDAT " + QByteArray::number(body.size()) + " LAST\r\n" + body, finish});
    } else {
        steps.append({"DATA", [this, st, body, finish](const Reply &r) {
            if (r.code != 354) {
                if (st->result.message.isEmpty() && st->accepted == 0)
                    st->result.message = QStringLiteral("no recipient was accepted");
                finish(r);
                return;
            }
            // All recipients refused but DATA accepted (pipelined): end with an empty body.
            sendRaw(st->accepted > 0 ? dotStuff(body) + ".\r\n" : QByteArray(".\r\n"), finish);
        }});
    }

    if (pipelining) {
        for (auto &[line, handler] : steps) {
            if (line.startsWith("BDAT "))
                sendRaw(line, handler);
            else
                send(line, handler);
        }
        return;
    }
    // No pipelining: a chain where each reply sends the next step.
    auto chain = std::make_shared<std::function<void(int)>>();
    *chain = [this, steps, chain, st, finish](int i) {
        const auto &[line, handler] = steps.at(i);
        auto next = [steps, handler = handler, chain, i, st, finish](const Reply &r) {
            handler(r);
            const bool last = i + 1 >= steps.size();
            if (last) {
                *chain = nullptr;   // break the self-reference
                return;
            }
            // Without pipelining we stop early: no DATA after a refused sender or no recipients.
            const bool atData = i + 2 == steps.size();
            if (!st->mailOk || (atData && st->accepted == 0)) {
                Reply none;
                none.code = st->result.transient ? 451 : 554;
                *chain = nullptr;
                finish(none);
                return;
            }
            (*chain)(i + 1);
        };
        if (line.startsWith("BDAT "))
            sendRaw(line, next);
        else
            send(line, next);
    };
    (*chain)(0);
}

void SmtpSession::quit(std::function<void()> done)
{
    m_quitting = true;
    auto finish = net::runOnceOrWhenGone(m_transport, this, std::move(done));
    if (m_failed) {
        finish();
        return;
    }
    send("QUIT", [this, finish](const Reply &) {
        m_transport->close();
        finish();
    });
}

} // namespace tern::smtp
