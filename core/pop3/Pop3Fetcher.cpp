#include "pop3/Pop3Fetcher.h"

#include "net/SocketTransport.h"
#include "pop3/Pop3Session.h"
#include "store/MessageStore.h"

namespace tern::pop3 {

namespace {
constexpr int kCommitEvery = 200;               // messages per transaction
constexpr qint64 kCommitBytes = 16 << 20;       // or this many bytes
const QString kInbox = QStringLiteral("INBOX");
} // namespace

Pop3Fetcher::Pop3Fetcher(store::Database &db, store::AccountConfig account, net::Credentials creds, QObject *parent)
    : QObject(parent), m_db(db), m_account(std::move(account)), m_creds(std::move(creds))
{
}

void Pop3Fetcher::run()
{
    if (!m_account.pop3) {
        finish(Error::invalid(QStringLiteral("account %1 is not a POP3 account").arg(m_account.name)));
        return;
    }
    if (!m_now.isValid())
        m_now = QDateTime::currentDateTimeUtc();
    auto *transport = new net::SocketTransport(*m_account.pop3, net::TlsPolicy{m_account.caFile, {}}, this);
    m_session = new Pop3Session(transport, *m_account.pop3, m_creds, this);
    m_session->setMaxMessageSize(m_maxMessage);
    connect(m_session, &Pop3Session::wire, this, &Pop3Fetcher::wire);
    connect(m_session, &Pop3Session::failed, this, [this](const Error &e) { finish(e); });
    connect(m_session, &Pop3Session::ready, this, &Pop3Fetcher::onReady);
    m_session->start();
}

void Pop3Fetcher::finish(const Status &s)
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_session)
        m_session->disconnect(this);
    emit finished(s, m_summary);
}

void Pop3Fetcher::onReady()
{
    // RFC 1939 §5: STAT counts the maildrop; UIDL and LIST must agree with it.
    m_session->command("STAT", Pop3Session::Kind::Single, [this](const Reply &r) {
        bool ok = false;
        m_statCount = r.text.split(' ').value(0).toInt(&ok);
        if (!r.ok || !ok || m_statCount < 0) {
            finish(Error::invalid(QStringLiteral("STAT failed: %1").arg(QString::fromUtf8(r.text.left(80)))));
            return;
        }
    });
    // RFC 1939 §7: UIDL gives each message a stable id; without it we cannot
    // promise "never twice", so we refuse rather than guess.
    m_session->command("UIDL", Pop3Session::Kind::Listing, [this](const Reply &r) {
        if (!r.ok) {
            finish(Error::invalid(QStringLiteral("the server does not support UIDL; Tern needs it to avoid duplicates")));
            return;
        }
        QHash<QByteArray, int> seen;
        for (const QByteArray &line : r.lines) {
            const QList<QByteArray> f = line.split(' ');
            bool ok = false;
            const int n = f.value(0).toInt(&ok);
            const QByteArray uidl = f.value(1);
            // RFC 1939: 1-70 characters 0x21-0x7E.
            if (!ok || n < 1 || uidl.isEmpty() || uidl.size() > 70 || f.size() != 2) {
                finish(Error::invalid(QStringLiteral("malformed UIDL line: %1").arg(QString::fromLatin1(line.left(80)))));
                return;
            }
            if (seen.contains(uidl)) {
                finish(Error::invalid(QStringLiteral("the server gave two messages the same UIDL %1").arg(QString::fromLatin1(uidl))));
                return;
            }
            seen.insert(uidl, n);
            m_server.append({n, uidl, 0});
        }
        if (m_server.size() != m_statCount) {
            finish(Error::invalid(QStringLiteral("the server's STAT counts %1 messages but UIDL lists %2").arg(m_statCount).arg(m_server.size())));
            return;
        }
        m_session->command("LIST", Pop3Session::Kind::Listing, [this](const Reply &list) {
            if (!list.ok) {
                finish(Error::invalid(QStringLiteral("LIST failed: %1").arg(QString::fromUtf8(list.text))));
                return;
            }
            QHash<int, qint64> sizes;
            for (const QByteArray &line : list.lines) {
                const QList<QByteArray> f = line.split(' ');
                sizes.insert(f.value(0).toInt(), f.value(1).toLongLong());
            }
            for (Entry &e : m_server)
                e.size = sizes.value(e.number, 0);
            planAndDownload();
        });
    });
}

void Pop3Fetcher::planAndDownload()
{
    m_summary.onServer = int(m_server.size());
    struct Known { bool deletedHere; qint64 downloadedAt; };
    QHash<QByteArray, Known> ledger;
    auto q = m_db.exec(QStringLiteral("SELECT uidl, message_id IS NULL, downloaded_at FROM pop3_ledger WHERE account = ?"),
                       {m_account.name});
    if (!q) {
        finish(q.error());
        return;
    }
    while (q.value().next())
        ledger.insert(q.value().value(0).toByteArray(), {q.value().value(1).toBool(), q.value().value(2).toLongLong()});

    const auto &policy = m_account.leaveOnServer;
    const qint64 cutoff = m_now.toSecsSinceEpoch() - qint64(policy.maxDays) * 86400;
    for (const Entry &e : m_server) {
        const auto known = ledger.constFind(e.uidl);
        if (known == ledger.constEnd()) {
            if (e.size > m_maxMessage) {
                // Left on the server; TOP (RFC 1939 §7) tells the user which message it is.
                ++m_summary.skipped;
                m_session->command("TOP " + QByteArray::number(e.number) + " 0", Pop3Session::Kind::Message,
                                   [this, e](const Reply &top) {
                    const auto h = store::HeaderSummary::parse(top.ok ? top.message : QByteArray());
                    m_summary.problems << QStringLiteral("message %1 (%2 KB, from %3, subject \"%4\") is over the size limit; left on the server")
                                              .arg(QString::fromLatin1(e.uidl)).arg(e.size >> 10)
                                              .arg(h.from.isEmpty() ? QStringLiteral("?") : h.from, h.subject.left(200));
                });
            } else {
                m_toFetch.append(e);
            }
            continue;
        }
        // Already stored here (committed earlier): only the policy may remove it from the server.
        const bool expired = policy.maxDays > 0 && known->downloadedAt <= cutoff;
        if (!policy.keep || expired || (policy.untilDeletedHere && known->deletedHere))
            m_toDelete.append(e);
    }
    // Ledger rows are never dropped, even for messages the server no longer
    // lists: a server that glitches and lists an empty maildrop once must not
    // make us download everything again when the messages come back.
    emit progress(0, int(m_toFetch.size()));
    requestMore();
}

void Pop3Fetcher::requestMore()
{
    if (m_finished || m_failing)
        return;
    // Keep a window of RETRs in flight when pipelining; one at a time otherwise.
    const int window = m_session->pipelining() ? 32 : 1;
    while (m_outstanding < window && m_next < m_toFetch.size()) {
        const Entry e = m_toFetch.at(m_next++);
        ++m_outstanding;
        m_session->command("RETR " + QByteArray::number(e.number), Pop3Session::Kind::Message,
                           [this, e](const Reply &r) { onRetrieved(e, r.ok, r.message, r.text); });
    }
    if (m_outstanding == 0 && m_next >= m_toFetch.size()) {
        if (!commitPending())
            return;
        deleteAndQuit();
    }
}

void Pop3Fetcher::onRetrieved(const Entry &e, bool ok, const QByteArray &raw, const QByteArray &text)
{
    if (m_finished || m_failing)
        return;
    --m_outstanding;
    ++m_completed;
    if (!ok) {
        ++m_summary.skipped;
        m_summary.problems << QStringLiteral("RETR of %1 refused: %2").arg(QString::fromLatin1(e.uidl), QString::fromUtf8(text));
    } else {
        m_pending.append({e.uidl, e.number, raw});
        m_pendingBytes += raw.size();
    }
    emit progress(m_completed, int(m_toFetch.size()));
    if (m_pending.size() >= kCommitEvery || m_pendingBytes >= kCommitBytes) {
        if (!commitPending())
            return;
    }
    requestMore();
}

bool Pop3Fetcher::commitPending()
{
    if (m_pending.isEmpty())
        return true;
    store::MessageStore messages(m_db);
    store::Transaction t(m_db);
    Status s = t.status();
    const qint64 now = m_now.toSecsSinceEpoch();
    for (const Fetched &f : std::as_const(m_pending)) {
        if (!s)
            break;
        auto id = messages.insert(m_account.name, kInbox, f.raw, QString(), m_now);
        if (!id) {
            s = id.error();
            break;
        }
        if (auto r = m_db.exec(QStringLiteral("INSERT INTO pop3_ledger (account, uidl, message_id, downloaded_at) VALUES (?, ?, ?, ?)"),
                               {m_account.name, f.uidl, id.value(), now}); !r)
            s = r.error();
    }
    if (s)
        s = t.commit();
    if (!s) {
        // Nothing of this batch may be deleted: RSET unmarks any DELE of this
        // session (RFC 1939 §5), then QUIT ends it cleanly.
        const Status failure = s;
        m_failing = true;
        m_session->command("RSET", Pop3Session::Kind::Single, [](const Reply &) {});
        m_session->quit([this, failure](bool) { finish(failure); });
        return false;
    }
    m_summary.downloaded += int(m_pending.size());
    // Only now, with the batch on disk, may the server forget these messages.
    if (!m_account.leaveOnServer.keep)
        for (const Fetched &f : std::as_const(m_pending))
            m_toDelete.append({f.number, f.uidl, 0});
    m_pending.clear();
    m_pendingBytes = 0;
    return true;
}

void Pop3Fetcher::deleteAndQuit()
{
    for (const Entry &e : std::as_const(m_toDelete)) {
        m_session->command("DELE " + QByteArray::number(e.number), Pop3Session::Kind::Single, [this, e](const Reply &r) {
            if (r.ok)
                m_deleteSent.append(e.uidl);
            else
                m_summary.problems << QStringLiteral("DELE of %1 refused: %2").arg(QString::fromLatin1(e.uidl), QString::fromUtf8(r.text));
        });
    }
    m_session->quit([this](bool ok) {
        if (!ok) {
            finish(Error{Error::Code::Network, QStringLiteral("QUIT failed: the server may not have applied deletions")});
            return;
        }
        // The UPDATE state has run: the deleted messages are gone from the server.
        if (!m_deleteSent.isEmpty()) {
            store::Transaction t(m_db);
            for (const QByteArray &uidl : std::as_const(m_deleteSent))
                (void)m_db.exec(QStringLiteral("UPDATE pop3_ledger SET state = 'deleted' WHERE account = ? AND uidl = ?"),
                                {m_account.name, uidl});
            (void)t.commit();   // if lost, the row says 'on-server' for a message the server no longer lists: harmless
        }
        m_summary.deletedOnServer = int(m_deleteSent.size());
        finish(success());
    });
}

} // namespace tern::pop3
