#include "sync/OutboxSender.h"

#include "net/SocketTransport.h"
#include "smtp/SmtpSession.h"

#include <QHostInfo>

namespace tern::sync {

namespace {
constexpr int kMaxAttempts = 20;
}

OutboxSender::OutboxSender(store::Database &db, store::AccountConfig account, net::Credentials creds, QString lockDir,
                           QObject *parent)
    : QObject(parent), m_db(db), m_outbox(db), m_account(std::move(account)), m_creds(std::move(creds)), m_lockDir(std::move(lockDir))
{
}

QDateTime OutboxSender::backoff(int attempts, const QDateTime &now)
{
    const qint64 secs = qMin<qint64>(3600, 60LL << qMin(attempts, 6));
    return now.addSecs(secs);
}

void OutboxSender::finish(const Status &s)
{
    if (m_finished)
        return;
    m_finished = true;
    m_lock.reset();
    if (m_session && m_ready && s) {
        // Say goodbye before reporting: the caller may destroy us right after.
        m_session->disconnect(this);
        m_session->quit([this, s] { emit finished(s, m_summary); });
        return;
    }
    if (m_session)
        m_session->disconnect(this);
    emit finished(s, m_summary);
}

void OutboxSender::run()
{
    if (!m_account.smtp) {
        finish(Error::invalid(QStringLiteral("account %1 has no SMTP server").arg(m_account.name)));
        return;
    }
    // One sender per account at a time, across processes: two would send twice.
    m_lock = std::make_unique<QLockFile>(m_lockDir + QStringLiteral("/outbox-%1.lock").arg(m_account.name));
    m_lock->setStaleLockTime(0);
    if (!m_lock->tryLock(0)) {
        m_lock.reset();
        finish(Error::conflict(QStringLiteral("another Tern is sending the outbox of %1").arg(m_account.name)));
        return;
    }
    // Holding the lock, any 'submitting' entry is from a sender that died mid-way.
    auto interrupted = m_outbox.markInterruptedUncertain(m_account.name);
    if (!interrupted) {
        finish(interrupted.error());
        return;
    }
    m_summary.uncertain += interrupted.value();
    auto due = m_outbox.due(m_account.name, QDateTime::currentDateTimeUtc());
    if (!due) {
        finish(due.error());
        return;
    }
    m_due = due.value();
    if (m_due.isEmpty()) {
        finish(success());
        return;
    }
    auto *transport = new net::SocketTransport(*m_account.smtp, net::TlsPolicy{m_account.caFile, {}}, this);
    QByteArray helo = QHostInfo::localHostName().toUtf8();
    if (helo.isEmpty() || helo.contains(' '))
        helo = "localhost";
    m_session = new smtp::SmtpSession(transport, *m_account.smtp, m_creds, helo, this);
    connect(m_session, &smtp::SmtpSession::wire, this, &OutboxSender::wire);
    connect(m_session, &smtp::SmtpSession::failed, this, &OutboxSender::onSessionFailed);
    connect(m_session, &smtp::SmtpSession::ready, this, [this] {
        m_ready = true;
        // What the server accepts (RFC 1870 SIZE; 0: it said nothing), for the composer to warn before sending.
        (void)m_db.exec(QStringLiteral("INSERT INTO account_state (account, key, value) VALUES (?, 'smtp-size', ?) "
                                       "ON CONFLICT (account, key) DO UPDATE SET value = excluded.value"),
                        {m_account.name, QString::number(m_session->sizeLimit())});
        sendNext();
    });
    m_session->start();
}

void OutboxSender::sendNext()
{
    if (m_finished)
        return;
    ++m_index;
    if (m_index >= m_due.size()) {
        finish(success());
        return;
    }
    emit progress(m_index, int(m_due.size()));
    const store::OutboxEntry &e = m_due.at(m_index);
    if (auto s = m_outbox.markSubmitting(e.id); !s) {
        finish(s);
        return;
    }
    smtp::Envelope env{e.mailFrom, e.recipients, e.requestDsn};
    m_session->submit(env, e.raw, [this](const smtp::SubmitResult &r) { onResult(r); });
}

void OutboxSender::onResult(const smtp::SubmitResult &r)
{
    const store::OutboxEntry &e = m_due.at(m_index);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QStringList rcptLines;
    QList<QByteArray> retryRcpts;
    for (const auto &rr : r.recipients) {
        rcptLines << QStringLiteral("%1 %2 %3").arg(QString::fromUtf8(rr.address)).arg(rr.code).arg(rr.message);
        if (rr.code >= 400 && rr.code < 500)
            retryRcpts.append(rr.address);
    }
    Status s = success();
    if (r.accepted) {
        s = m_outbox.markSent(e, rcptLines.join(QLatin1Char('\n')), now, !m_account.imap.has_value());
        if (s) {
            ++m_summary.sent;
            for (const auto &rr : r.recipients)
                if (rr.code >= 500)
                    m_summary.problems << QStringLiteral("%1: %2").arg(QString::fromUtf8(rr.address), rr.message);
            // Recipients that failed temporarily get a new entry of their own.
            if (!retryRcpts.isEmpty()) {
                auto id = m_outbox.enqueue(e.account, e.raw, e.mailFrom, retryRcpts, e.messageIdHeader, e.requestDsn);
                if (id)
                    s = m_outbox.requeue(id.value(), QStringLiteral("some recipients failed temporarily"), backoff(e.attempts, now));
                else
                    s = id.error();
            }
        }
    } else if (r.transient && e.attempts + 1 < kMaxAttempts) {
        s = m_outbox.requeue(e.id, r.message, backoff(e.attempts + 1, now), retryRcpts.isEmpty() ? e.recipients : retryRcpts);
        ++m_summary.requeued;
        m_summary.problems << QStringLiteral("message %1: %2").arg(e.id).arg(r.message);
    } else {
        s = m_outbox.markFailed(e.id, r.message);
        ++m_summary.failed;
        m_summary.problems << QStringLiteral("message %1: %2").arg(e.id).arg(r.message);
    }
    if (!s) {
        finish(s);
        return;
    }
    sendNext();
}

void OutboxSender::onSessionFailed(const Error &e)
{
    if (m_finished)
        return;
    if (m_index >= 0 && m_index < m_due.size()) {
        const store::OutboxEntry &entry = m_due.at(m_index);
        if (m_session && m_session->messageBytesSent()) {
            // The last byte left: the server may have accepted it. Never resend on our own.
            (void)m_db.exec(QStringLiteral("UPDATE outbox SET state = 'uncertain', last_error = ? WHERE id = ?"),
                            {QStringLiteral("the connection was lost after the message was transmitted; it may have been sent (%1)")
                                 .arg(e.message), entry.id});
            ++m_summary.uncertain;
        } else {
            (void)m_outbox.requeue(entry.id, e.message, backoff(entry.attempts + 1, QDateTime::currentDateTimeUtc()));
            ++m_summary.requeued;
        }
    } else {
        // Could not connect or log in: nothing was submitted; entries stay queued.
        for (const auto &entry : std::as_const(m_due))
            (void)m_db.exec(QStringLiteral("UPDATE outbox SET last_error = ? WHERE id = ?"), {e.message, entry.id});
    }
    finish(e);
}

} // namespace tern::sync
