#include "threads/FolderThreads.h"

#include "mime/Addresses.h"
#include "store/Database.h"
#include "threads/MessageIds.h"

namespace tern::threads {

FolderThreads::FolderThreads(QString account, QString folder, bool groupBySubject)
    : m_account(std::move(account)), m_folder(std::move(folder)), m_groupBySubject(groupBySubject)
{
}

Result<bool> FolderThreads::refresh(store::Database &db)
{
    m_rebuilt = false;
    auto box = db.exec(QStringLiteral("SELECT id FROM mailboxes WHERE account = ? AND name = ?"), {m_account, m_folder});
    if (!box)
        return box.error();
    const qint64 mailbox = box.value().next() ? box.value().value(0).toLongLong() : -1;
    auto q = db.exec(QStringLiteral("SELECT count(*), coalesce(max(id), 0) FROM messages WHERE mailbox_id = ?"), {mailbox});
    if (!q)
        return q.error();
    q.value().next();
    const qint64 count = q.value().value(0).toLongLong(), maxId = q.value().value(1).toLongLong();
    if (mailbox == m_mailbox && count == m_count && maxId == m_maxId)
        return false;
    // New rows only (count grew by the rows above the last id): added. Anything
    // else (an expunge, a move in or out): threaded again from the rows.
    qint64 newRows = 0;
    if (mailbox == m_mailbox && maxId >= m_maxId) {
        auto n = db.exec(QStringLiteral("SELECT count(*) FROM messages WHERE mailbox_id = ? AND id > ?"), {mailbox, m_maxId});
        if (!n)
            return n.error();
        n.value().next();
        newRows = n.value().value(0).toLongLong();
    }
    const bool incremental = mailbox == m_mailbox && count == m_count + newRows;
    if (!incremental) {
        m_threader = Threader();
        m_mailbox = mailbox;
        m_maxId = 0;
        m_rebuilt = true;
    }
    if (auto s = load(db, m_maxId); !s)
        return s.error();
    m_count = count;
    m_maxId = maxId;
    return true;
}

Status FolderThreads::load(store::Database &db, qint64 above)
{
    auto q = db.exec(QStringLiteral("SELECT id, message_id, in_reply_to, refs, received_at%1 FROM messages "
                                    "WHERE mailbox_id = ? AND id > ? ORDER BY id")
                         .arg(m_groupBySubject ? QStringLiteral(", subject") : QString()),
                     {m_mailbox, above});
    if (!q)
        return q.error();
    QSqlQuery &r = q.value();
    while (r.next()) {
        ThreadMessage m;
        m.id = r.value(0).toLongLong();
        m.messageId = parseMessageId(r.value(1).toString());
        m.parents = parentChain(r.value(3).toString(), r.value(2).toString(), m.messageId);
        m.date = r.value(4).toLongLong();
        if (m_groupBySubject)
            m.subject = mime::decodeHeaderText(r.value(5).toString().toUtf8());
        m_threader.add(m);
    }
    return success();
}

ThreadTree FolderThreads::tree(bool newestThreadFirst) const
{
    ThreadOptions o;
    o.groupBySubject = m_groupBySubject;
    o.newestThreadFirst = newestThreadFirst;
    return m_threader.tree(o);
}

} // namespace tern::threads
