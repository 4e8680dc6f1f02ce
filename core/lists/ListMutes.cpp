#include "lists/ListMutes.h"

#include "lists/MailingList.h"
#include "store/Database.h"
#include "sync/OfflineJournal.h"

#include <QHash>

namespace tern::lists {

namespace {
// Kept in account_state under no account: a list is muted whichever account it reaches.
const QString kPrefix = QStringLiteral("muted-list:");
} // namespace

QStringList ListMutes::muted()
{
    QStringList out;
    auto q = m_db.exec(QStringLiteral("SELECT key FROM account_state WHERE account = '' AND key LIKE 'muted-list:%'"));
    while (q && q.value().next())
        out << q.value().value(0).toString().mid(kPrefix.size());
    return out;
}

bool ListMutes::isMuted(const QString &listId)
{
    auto q = m_db.exec(QStringLiteral("SELECT 1 FROM account_state WHERE account = '' AND key = ?"), {kPrefix + listId.toLower()});
    return q && q.value().next();
}

Status ListMutes::setMuted(const QString &listId, bool on)
{
    const QString id = listId.trimmed().toLower();
    if (id.isEmpty())
        return Error::invalid(QStringLiteral("no list id"));
    if (!on) {
        if (auto r = m_db.exec(QStringLiteral("DELETE FROM account_state WHERE account = '' AND key = ?"), {kPrefix + id}); !r)
            return r.error();
        return success();
    }
    // From now on: the value is the highest message id already looked at.
    if (auto r = m_db.exec(QStringLiteral("INSERT INTO account_state (account, key, value) VALUES ('', ?, "
                                          "(SELECT coalesce(max(id), 0) FROM messages)) ON CONFLICT (account, key) DO NOTHING"),
                           {kPrefix + id});
        !r)
        return r.error();
    return success();
}

Result<int> ListMutes::apply()
{
    QHash<QString, qint64> since;   // list id -> messages above this id are new
    auto q = m_db.exec(QStringLiteral("SELECT key, value FROM account_state WHERE account = '' AND key LIKE 'muted-list:%'"));
    if (!q)
        return q.error();
    qint64 from = -1;
    while (q.value().next()) {
        const qint64 s = q.value().value(1).toLongLong();
        since.insert(q.value().value(0).toString().mid(kPrefix.size()), s);
        from = from < 0 ? s : qMin(from, s);
    }
    if (since.isEmpty())
        return 0;
    auto top = m_db.exec(QStringLiteral("SELECT coalesce(max(id), 0) FROM messages"));
    if (!top)
        return top.error();
    top.value().next();
    const qint64 upTo = top.value().value(0).toLongLong();   // what arrives meanwhile waits for the next call
    // No transaction around it: each journaled flag commits on its own (a
    // crash in between marks the rest at the next call).
    auto rows = m_db.exec(QStringLiteral("SELECT m.id, coalesce(m.uid, 0), b.account, b.name, m.list_id, m.flags FROM messages m "
                                         "JOIN mailboxes b ON b.id = m.mailbox_id WHERE m.id > ? AND m.id <= ? AND m.list_id <> '' "
                                         "AND m.flags NOT LIKE '%\\Seen%' ORDER BY m.id"),
                          {from, upTo});
    if (!rows)
        return rows.error();
    struct Hit {
        qint64 id, uid;
        QString account, folder, flags;
    };
    QList<Hit> hits;
    while (rows.value().next()) {
        const qint64 id = rows.value().value(0).toLongLong();
        const QString list = parseListId(rows.value().value(4).toString().toUtf8()).id;
        if (list.isEmpty() || !since.contains(list) || id <= since.value(list))
            continue;
        hits.append({id, rows.value().value(1).toLongLong(), rows.value().value(2).toString(), rows.value().value(3).toString(),
                     rows.value().value(5).toString()});
    }
    sync::OfflineJournal journal(m_db);
    for (const Hit &h : std::as_const(hits)) {
        Status s = success();
        if (h.uid) {
            s = journal.flag(h.account, h.folder, h.uid, QStringLiteral("+\\Seen"));
        } else {
            const QString flags = h.flags.isEmpty() ? QStringLiteral("\\Seen") : h.flags + QStringLiteral(" \\Seen");
            if (auto r = m_db.exec(QStringLiteral("UPDATE messages SET flags = ? WHERE id = ?"), {flags, h.id}); !r)
                s = r.error();
        }
        if (!s)
            return s.error();
    }
    if (auto r = m_db.exec(QStringLiteral("UPDATE account_state SET value = max(CAST(value AS INTEGER), ?) "
                                          "WHERE account = '' AND key LIKE 'muted-list:%'"), {upTo});
        !r)
        return r.error();
    return int(hits.size());
}

} // namespace tern::lists
