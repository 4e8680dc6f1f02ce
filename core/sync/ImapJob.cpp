#include "sync/ImapJob.h"

#include "imap/ImapSession.h"
#include "net/SocketTransport.h"
#include "common/Version.h"

#include <QHostAddress>
#include <QMetaMethod>

namespace tern::sync {

ImapJob::ImapJob(store::AccountConfig account, net::Credentials creds, QObject *parent)
    : QObject(parent), m_account(std::move(account)), m_creds(std::move(creds))
{
}

void ImapJob::open(std::function<void()> ready, std::function<void(const Error &)> failed)
{
    if (!m_account.imap) {
        failed(Error::invalid(QStringLiteral("account %1 is not an IMAP account").arg(m_account.name)));
        return;
    }
    // Connecting before the transport loads the TLS library overlaps the two
    // start-ups, ours and the server's (net/EarlyConnect.h).
    net::EarlyConnect early = std::move(m_early);
    if (!early.isStarted() && m_account.imap->security == net::Security::ImplicitTls)
        early = net::EarlyConnect::start(m_account.imap->host, m_account.imap->port);
    auto *transport = new net::SocketTransport(*m_account.imap, net::TlsPolicy{m_account.caFile, {}}, this);
    transport->adopt(std::move(early));
    m_session = new imap::ImapSession(transport, *m_account.imap, m_creds, this);
    connect(m_session, &imap::ImapSession::wire, this, &ImapJob::wire);
    m_session->setWireLogging(isSignalConnected(QMetaMethod::fromSignal(&ImapJob::wire)));
    connect(m_session, &imap::ImapSession::failed, this, [failed](const Error &e) { failed(e); });
    connect(m_session, &imap::ImapSession::authenticated, this, [this, ready] {
        m_ready = true;
        prepare(ready);
    });
    m_session->start();
}

void ImapJob::prepare(std::function<void()> ready)
{
    imap::ImapSession *s = m_session;
    const bool loopback = QHostAddress(m_account.imap->host).isLoopback() || m_account.imap->host == QLatin1String("localhost");
    const bool compress = !m_compressTried && s->hasCapability("COMPRESS=DEFLATE") && !s->isCompressed() &&
                          (m_compression == Compression::Always || (m_compression == Compression::Auto && !loopback));
    if (compress) {
        // Nothing else may be in flight (RFC 4978 §3); a refusal only means no compression.
        m_compressTried = true;
        s->compress([this, ready](const Status &) { prepare(ready); });
        return;
    }
    // Pipelined; they are answered in order, so the last one's reply means all are in.
    auto pending = std::make_shared<int>(1);
    auto step = [ready, pending] {
        if (--*pending == 0)
            ready();
    };
    if (s->hasCapability("ID")) {
        ++*pending;
        s->command("ID (\"name\" \"Tern\" \"version\" " + imap::ImapSession::quoted(kVersion) + ')', [step](const imap::CommandResult &) { step(); });
    }
    QList<QByteArray> exts;
    exts << (s->hasCapability("QRESYNC") ? QByteArray("QRESYNC") : QByteArray("CONDSTORE")) << "IMAP4rev2";
    ++*pending;
    s->enable(exts, step);
    if (s->hasCapability("NAMESPACE")) {
        ++*pending;
        s->command("NAMESPACE", [this, step](const imap::CommandResult &res) {
            // * NAMESPACE (("INBOX." ".")) NIL NIL: the first personal namespace.
            for (const imap::Response &r : res.untagged) {
                if (!r.isStatus("NAMESPACE") || r.tokens.isEmpty() || r.tokens.first().kind != imap::Token::Kind::List)
                    continue;
                const auto &personal = r.tokens.first().items;
                if (!personal.isEmpty() && personal.first().items.size() >= 2) {
                    m_prefix = personal.first().items.at(0).text;
                    if (personal.first().items.at(1).kind != imap::Token::Kind::Nil)
                        m_delimiter = personal.first().items.at(1).text;
                }
            }
            step();
        });
    }
    step();
}

void ImapJob::close(std::function<void()> report)
{
    if (m_closed)
        return;
    m_closed = true;
    if (m_session && m_ready) {
        m_session->disconnect(this);
        m_session->logout(std::move(report));
        return;
    }
    if (m_session)
        m_session->disconnect(this);
    report();
}

} // namespace tern::sync

namespace tern::sync {

imap::ImapSession *ImapJob::session() const
{
    return m_session;
}

} // namespace tern::sync
