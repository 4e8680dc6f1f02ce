#include "store/OutboxStore.h"

#include "store/MessageStore.h"

namespace tern::store {

namespace {
QByteArray joinRcpts(const QList<QByteArray> &r) { return r.join('\n'); }
QList<QByteArray> splitRcpts(const QByteArray &s) { return s.isEmpty() ? QList<QByteArray>{} : s.split('\n'); }
const char *kColumns = "id, account, state, mail_from, rcpts, message_id_header, attempts, next_attempt_at, "
                       "last_error, rcpt_results, created_at, sent_at, request_dsn, sent_copy";

OutboxEntry readEntry(const QSqlQuery &q, bool withRaw)
{
    OutboxEntry e;
    e.id = q.value(0).toLongLong();
    e.account = q.value(1).toString();
    e.state = q.value(2).toString();
    e.mailFrom = q.value(3).toByteArray();
    e.recipients = splitRcpts(q.value(4).toByteArray());
    e.messageIdHeader = q.value(5).toString();
    e.attempts = q.value(6).toInt();
    e.nextAttemptAt = QDateTime::fromSecsSinceEpoch(q.value(7).toLongLong(), Qt::UTC);
    e.lastError = q.value(8).toString();
    e.recipientResults = q.value(9).toString();
    e.createdAt = QDateTime::fromSecsSinceEpoch(q.value(10).toLongLong(), Qt::UTC);
    if (!q.value(11).isNull())
        e.sentAt = QDateTime::fromSecsSinceEpoch(q.value(11).toLongLong(), Qt::UTC);
    e.requestDsn = q.value(12).toBool();
    e.sentCopy = q.value(13).toString();
    if (withRaw)
        e.raw = q.value(14).toByteArray();
    return e;
}
// Entries matching `where` (with its bindings), oldest first.
Result<QList<OutboxEntry>> selectEntries(Database &db, const QString &where, const QVariantList &bind, bool withRaw)
{
    auto q = db.exec(QStringLiteral("SELECT %1%2 FROM outbox%3 ORDER BY id")
                         .arg(QLatin1String(kColumns), withRaw ? QStringLiteral(", raw") : QString(),
                              where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where),
                     bind);
    if (!q)
        return q.error();
    QList<OutboxEntry> out;
    while (q.value().next())
        out.append(readEntry(q.value(), withRaw));
    return out;
}
} // namespace

Result<qint64> OutboxStore::enqueue(const QString &account, const QByteArray &raw, const QByteArray &mailFrom,
                                    const QList<QByteArray> &recipients, const QString &messageIdHeader, bool requestDsn,
                                    bool keepInSent)
{
    auto q = m_db.exec(QStringLiteral("INSERT INTO outbox (account, state, raw, mail_from, rcpts, message_id_header, created_at, request_dsn, sent_copy) "
                                      "VALUES (?, 'queued', ?, ?, ?, ?, ?, ?, ?)"),
                       {account, raw, mailFrom, joinRcpts(recipients), messageIdHeader,
                        QDateTime::currentSecsSinceEpoch(), requestDsn ? 1 : 0, keepInSent ? QStringLiteral("local") : QStringLiteral("skip")});
    if (!q)
        return q.error();
    return q.value().lastInsertId().toLongLong();
}

Result<QList<OutboxEntry>> OutboxStore::list(const QString &account, bool withRaw)
{
    return account.isEmpty() ? selectEntries(m_db, {}, {}, withRaw)
                             : selectEntries(m_db, QStringLiteral("account = ?"), {account}, withRaw);
}

Result<QList<OutboxEntry>> OutboxStore::due(const QString &account, const QDateTime &now)
{
    return selectEntries(m_db, QStringLiteral("account = ? AND state = 'queued' AND next_attempt_at <= ?"),
                         {account, now.toSecsSinceEpoch()}, true);
}

Result<int> OutboxStore::markInterruptedUncertain(const QString &account)
{
    auto q = m_db.exec(QStringLiteral("UPDATE outbox SET state = 'uncertain', last_error = "
                                      "'Tern stopped while submitting this message; it may or may not have been sent' "
                                      "WHERE account = ? AND state = 'submitting'"), {account});
    if (!q)
        return q.error();
    return q.value().numRowsAffected();
}

Status OutboxStore::setState(qint64 id, const QString &state, const QString &error)
{
    if (auto q = m_db.exec(QStringLiteral("UPDATE outbox SET state = ?, last_error = ? WHERE id = ?"),
                           {state, error.isEmpty() ? QVariant() : QVariant(error), id}); !q)
        return q.error();
    return success();
}

Status OutboxStore::markSubmitting(qint64 id)
{
    if (auto q = m_db.exec(QStringLiteral("UPDATE outbox SET state = 'submitting', attempts = attempts + 1 WHERE id = ? AND state = 'queued'"), {id}); !q)
        return q.error();
    return success();
}

Status OutboxStore::markSent(const OutboxEntry &e, const QString &recipientResults, const QDateTime &when, bool localCopy)
{
    Transaction t(m_db);
    if (!t.status())
        return t.status();
    const bool skip = e.sentCopy == QLatin1String("skip");
    if (auto q = m_db.exec(QStringLiteral("UPDATE outbox SET state = 'sent', sent_at = ?, rcpt_results = ?, last_error = NULL, "
                                          "sent_copy = ? WHERE id = ?"),
                           {when.toSecsSinceEpoch(), recipientResults,
                            skip ? QStringLiteral("skip") : localCopy ? QStringLiteral("local") : QStringLiteral("pending"), e.id}); !q)
        return q.error();
    if (!localCopy || skip)
        return t.commit();
    MessageStore messages(m_db);
    if (auto id = messages.insert(e.account, QStringLiteral("Sent"), e.raw, QStringLiteral("\\Seen"), when); !id)
        return id.error();
    return t.commit();
}

Result<QList<OutboxEntry>> OutboxStore::pendingSentCopies(const QString &account)
{
    return selectEntries(m_db, QStringLiteral("account = ? AND state = 'sent' AND sent_copy = 'pending'"), {account}, true);
}

Status OutboxStore::markSentCopyAppended(qint64 id)
{
    if (auto q = m_db.exec(QStringLiteral("UPDATE outbox SET sent_copy = 'appended' WHERE id = ?"), {id}); !q)
        return q.error();
    return success();
}

Status OutboxStore::requeue(qint64 id, const QString &error, const QDateTime &nextAttempt, const QList<QByteArray> &recipients)
{
    QString sql = QStringLiteral("UPDATE outbox SET state = 'queued', last_error = ?, next_attempt_at = ?");
    QVariantList bind{error, nextAttempt.toSecsSinceEpoch()};
    if (!recipients.isEmpty()) {
        sql += QStringLiteral(", rcpts = ?");
        bind << joinRcpts(recipients);
    }
    bind << id;
    if (auto q = m_db.exec(sql + QStringLiteral(" WHERE id = ?"), bind); !q)
        return q.error();
    return success();
}

Status OutboxStore::markFailed(qint64 id, const QString &error)
{
    return setState(id, QStringLiteral("failed"), error);
}

// Only the user's decision moves an entry out of 'failed' or 'uncertain'.
static Status changeHeldEntry(Database &db, const QString &sql, qint64 id)
{
    auto q = db.exec(sql + QStringLiteral(" WHERE id = ? AND state IN ('uncertain', 'failed')"), {id});
    if (!q)
        return q.error();
    if (q.value().numRowsAffected() != 1)
        return Error::notFound(QStringLiteral("no failed or uncertain outbox entry %1").arg(id));
    return success();
}

Status OutboxStore::retry(qint64 id)
{
    return changeHeldEntry(m_db, QStringLiteral("UPDATE outbox SET state = 'queued', next_attempt_at = 0"), id);
}

Status OutboxStore::forget(qint64 id)
{
    return changeHeldEntry(m_db, QStringLiteral("DELETE FROM outbox"), id);
}

} // namespace tern::store
