#include "sync/ImapJob.h"

#include "imap/ImapSession.h"
#include "net/SocketTransport.h"

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
    auto *transport = new net::SocketTransport(*m_account.imap, net::TlsPolicy{m_account.caFile, {}}, this);
    m_session = new imap::ImapSession(transport, *m_account.imap, m_creds, this);
    connect(m_session, &imap::ImapSession::wire, this, &ImapJob::wire);
    connect(m_session, &imap::ImapSession::failed, this, [failed](const Error &e) { failed(e); });
    connect(m_session, &imap::ImapSession::authenticated, this, [this, ready] {
        m_ready = true;
        ready();
    });
    m_session->start();
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
