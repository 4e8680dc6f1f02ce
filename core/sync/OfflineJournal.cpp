#include "sync/OfflineJournal.h"

#include "store/MessageStore.h"

namespace tern::sync {

Result<qint64> OfflineJournal::localMessage(const QString &account, const QString &mailbox, qint64 uid)
{
    auto q = m_db.exec(QStringLiteral("SELECT m.id FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id "
                                      "WHERE b.account = ? AND b.name = ? AND m.uid = ?"), {account, mailbox, uid});
    if (!q)
        return q.error();
    if (!q.value().next())
        return Error::notFound(QStringLiteral("%1 has no message %2 in %3").arg(account).arg(uid).arg(mailbox));
    return q.value().value(0).toLongLong();
}

Status OfflineJournal::append(const QString &account, const QString &op, const QString &mailbox, qint64 uid, const QString &arg,
                              qint64 localId)
{
    if (auto q = m_db.exec(QStringLiteral("INSERT INTO journal (account, op, mailbox, uid, arg, local_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                           {account, op, mailbox, uid, arg, localId, QDateTime::currentSecsSinceEpoch()}); !q)
        return q.error();
    return success();
}

Status OfflineJournal::flag(const QString &account, const QString &mailbox, qint64 uid, const QString &change)
{
    static const QStringList known = {QStringLiteral("\\Seen"), QStringLiteral("\\Flagged"), QStringLiteral("\\Answered"),
                                      QStringLiteral("\\Draft")};
    const QString flag = change.mid(1);
    if ((!change.startsWith(QLatin1Char('+')) && !change.startsWith(QLatin1Char('-'))) || !known.contains(flag))
        return Error::invalid(QStringLiteral("'%1' is not a flag change (+ or - and one of %2)").arg(change, known.join(QStringLiteral(", "))));
    store::Transaction t(m_db);
    auto id = localMessage(account, mailbox, uid);
    if (!id)
        return id.error();
    auto q = m_db.exec(QStringLiteral("SELECT flags FROM messages WHERE id = ?"), {id.value()});
    if (!q)
        return q.error();
    q.value().next();
    QStringList flags = q.value().value(0).toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    flags.removeAll(flag);
    if (change.startsWith(QLatin1Char('+')))
        flags << flag;
    flags.sort();
    if (auto u = m_db.exec(QStringLiteral("UPDATE messages SET flags = ? WHERE id = ?"), {flags.join(QLatin1Char(' ')), id.value()}); !u)
        return u.error();
    if (auto s = append(account, QStringLiteral("flag"), mailbox, uid, change, id.value()); !s)
        return s;
    return t.commit();
}

Status OfflineJournal::remove(const QString &account, const QString &mailbox, qint64 uid)
{
    store::Transaction t(m_db);
    auto id = localMessage(account, mailbox, uid);
    if (!id)
        return id.error();
    if (auto s = store::MessageStore(m_db).remove(id.value()); !s)
        return s;
    if (auto s = append(account, QStringLiteral("delete"), mailbox, uid, {}, 0); !s)
        return s;
    return t.commit();
}

Status OfflineJournal::move(const QString &account, const QString &mailbox, qint64 uid, const QString &target)
{
    if (target == mailbox)
        return Error::invalid(QStringLiteral("the message is in %1 already").arg(target));
    store::Transaction t(m_db);
    auto id = localMessage(account, mailbox, uid);
    if (!id)
        return id.error();
    auto box = m_db.exec(QStringLiteral("SELECT id FROM mailboxes WHERE account = ? AND name = ? AND exists_on_server = 1"), {account, target});
    if (!box)
        return box.error();
    if (!box.value().next())
        return Error::notFound(QStringLiteral("%1 has no folder %2 (see tern folders)").arg(account, target));
    // Shown in the target at once; its UID there is known only after the replay (UIDPLUS).
    if (auto u = m_db.exec(QStringLiteral("UPDATE messages SET mailbox_id = ?, uid = NULL WHERE id = ?"),
                           {box.value().value(0).toLongLong(), id.value()}); !u)
        return u.error();
    if (auto s = append(account, QStringLiteral("move"), mailbox, uid, target, id.value()); !s)
        return s;
    return t.commit();
}

static Result<QList<JournalEntry>> readEntries(store::Database &db, const QString &sql, const QString &account)
{
    auto q = db.exec(sql, {account});
    if (!q)
        return q.error();
    QList<JournalEntry> out;
    while (q.value().next()) {
        const QSqlQuery &r = q.value();
        JournalEntry e;
        e.id = r.value(0).toLongLong();
        e.account = r.value(1).toString();
        e.op = r.value(2).toString();
        e.mailbox = r.value(3).toString();
        e.uid = r.value(4).toLongLong();
        e.arg = r.value(5).toString();
        e.localId = r.value(6).toLongLong();
        e.state = r.value(7).toString();
        e.error = r.value(8).toString();
        e.createdAt = QDateTime::fromSecsSinceEpoch(r.value(9).toLongLong(), Qt::UTC);
        out.append(e);
    }
    return out;
}

Result<QList<JournalEntry>> OfflineJournal::pending(const QString &account)
{
    return readEntries(m_db, QStringLiteral("SELECT id, account, op, mailbox, uid, arg, coalesce(local_id, 0), state, error, created_at "
                                            "FROM journal WHERE account = ? AND state = 'pending' ORDER BY id"), account);
}

Result<QList<JournalEntry>> OfflineJournal::all(const QString &account)
{
    return readEntries(m_db, QStringLiteral("SELECT id, account, op, mailbox, uid, arg, coalesce(local_id, 0), state, error, created_at "
                                            "FROM journal WHERE account = ? ORDER BY id"), account);
}

Status OfflineJournal::complete(qint64 id)
{
    if (auto q = m_db.exec(QStringLiteral("UPDATE journal SET state = 'done', error = NULL WHERE id = ?"), {id}); !q)
        return q.error();
    return success();
}

Status OfflineJournal::failed(qint64 id, const QString &error)
{
    if (auto q = m_db.exec(QStringLiteral("UPDATE journal SET state = 'failed', error = ? WHERE id = ?"), {error, id}); !q)
        return q.error();
    return success();
}

} // namespace tern::sync
