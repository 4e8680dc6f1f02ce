#include "sync/OfflineJournal.h"

#include "imap/SequenceSet.h"
#include "store/MessageStore.h"

#include <QRegularExpression>
#include <QUuid>

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
    // System flags (not \Recent, which only the server sets) and keywords (RFC 9051 §2.3.2).
    static const QStringList system = {QStringLiteral("\\Seen"), QStringLiteral("\\Flagged"), QStringLiteral("\\Answered"),
                                       QStringLiteral("\\Draft"), QStringLiteral("\\Deleted")};
    static const QRegularExpression keyword(QStringLiteral("^[A-Za-z0-9$_.+-]{1,64}$"));
    const QString flag = change.mid(1);
    if ((!change.startsWith(QLatin1Char('+')) && !change.startsWith(QLatin1Char('-'))) ||
        !(system.contains(flag) || keyword.match(flag).hasMatch()))
        return Error::invalid(QStringLiteral("'%1' is not a flag change: + or - and one of %2, or a keyword like $Junk")
                                  .arg(change, system.join(QStringLiteral(", "))));
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

Result<qint64> OfflineJournal::mailboxId(const QString &account, const QString &name)
{
    auto box = m_db.exec(QStringLiteral("SELECT id FROM mailboxes WHERE account = ? AND name = ? AND exists_on_server = 1"), {account, name});
    if (!box)
        return box.error();
    if (!box.value().next())
        return Error::notFound(QStringLiteral("%1 has no folder %2 (see tern folders)").arg(account, name));
    return box.value().value(0).toLongLong();
}

Status OfflineJournal::copy(const QString &account, const QString &mailbox, qint64 uid, const QString &target)
{
    store::Transaction t(m_db);
    auto id = localMessage(account, mailbox, uid);
    if (!id)
        return id.error();
    auto box = mailboxId(account, target);
    if (!box)
        return box.error();
    // The copy is shown in the target at once, without a UID until the replay maps it (COPYUID).
    auto ins = m_db.exec(QStringLiteral(
        "INSERT INTO messages (mailbox_id, uid, flags, size, received_at, date_header, subject, from_header, to_header, message_id, "
        "in_reply_to, refs, list_id, cc_header, reply_to, sender, bodystructure, email_id) "
        "SELECT ?, NULL, flags, size, received_at, date_header, subject, from_header, to_header, message_id, in_reply_to, refs, "
        "list_id, cc_header, reply_to, sender, bodystructure, NULL FROM messages WHERE id = ?"), {box.value(), id.value()});
    if (!ins)
        return ins.error();
    const qint64 copyId = ins.value().lastInsertId().toLongLong();
    if (auto b = m_db.exec(QStringLiteral("INSERT INTO bodies (message_id, raw) SELECT ?, raw FROM bodies WHERE message_id = ?"),
                           {copyId, id.value()}); !b)
        return b.error();
    if (auto s = append(account, QStringLiteral("copy"), mailbox, uid, target, copyId); !s)
        return s;
    return t.commit();
}

Result<int> OfflineJournal::expunge(const QString &account, const QString &mailbox)
{
    store::Transaction t(m_db);
    auto box = mailboxId(account, mailbox);
    if (!box)
        return box.error();
    auto q = m_db.exec(QStringLiteral("SELECT id, coalesce(uid, 0), flags FROM messages WHERE mailbox_id = ? AND flags LIKE '%\\Deleted%'"),
                       {box.value()});
    if (!q)
        return q.error();
    QList<qint64> ids, uids;
    while (q.value().next()) {
        if (!q.value().value(2).toString().split(QLatin1Char(' ')).contains(QLatin1String("\\Deleted")))
            continue;
        ids << q.value().value(0).toLongLong();
        if (const qint64 u = q.value().value(1).toLongLong())
            uids << u;
    }
    for (qint64 id : std::as_const(ids))
        if (auto d = m_db.exec(QStringLiteral("DELETE FROM messages WHERE id = ?"), {id}); !d)
            return d.error();
    if (!uids.isEmpty())
        if (auto s = append(account, QStringLiteral("expunge"), mailbox, 0, QString::fromLatin1(imap::SequenceSet::fromList(uids).toString()), 0); !s)
            return s.error();
    if (auto c = t.commit(); !c)
        return c.error();
    return int(ids.size());
}

static Status checkFolderName(const QString &name)
{
    if (name.trimmed().isEmpty() || name.size() > 1000 || name.contains(QRegularExpression(QStringLiteral("[\\x00-\\x1f\\x7f]"))))
        return Error::invalid(QStringLiteral("'%1' cannot be a folder name (empty, too long, or with control characters)").arg(name));
    return success();
}

// New top-level folders go under the personal namespace (RFC 2342), as the server told us.
QString OfflineJournal::folderName(const QString &account, const QString &requested)
{
    auto ns = m_db.exec(QStringLiteral("SELECT value FROM account_state WHERE account = ? AND key = 'namespace-prefix'"), {account});
    const QString prefix = ns && ns.value().next() ? ns.value().value(0).toString() : QString();
    if (prefix.isEmpty() || requested.startsWith(prefix) || requested.compare(QLatin1String("INBOX"), Qt::CaseInsensitive) == 0)
        return requested;
    return prefix + requested;
}

Status OfflineJournal::createFolder(const QString &account, const QString &requested)
{
    if (auto s = checkFolderName(requested); !s)
        return s;
    const QString name = folderName(account, requested);
    store::Transaction t(m_db);
    if (mailboxId(account, name))
        return Error::conflict(QStringLiteral("%1 already has a folder %2").arg(account, name));
    if (auto i = m_db.exec(QStringLiteral("INSERT INTO mailboxes (account, name, exists_on_server) VALUES (?, ?, 1) "
                                          "ON CONFLICT (account, name) DO UPDATE SET exists_on_server = 1"), {account, name}); !i)
        return i.error();
    if (auto s = append(account, QStringLiteral("create"), name, 0, {}, 0); !s)
        return s;
    return t.commit();
}

Status OfflineJournal::renameFolder(const QString &account, const QString &from, const QString &to)
{
    if (auto s = checkFolderName(to); !s)
        return s;
    if (from.compare(QLatin1String("INBOX"), Qt::CaseInsensitive) == 0)
        return Error::invalid(QStringLiteral("INBOX cannot be renamed here (the server would move its messages, not the folder)"));
    store::Transaction t(m_db);
    auto box = mailboxId(account, from);
    if (!box)
        return box.error();
    if (mailboxId(account, to))
        return Error::conflict(QStringLiteral("%1 already has a folder %2").arg(account, to));
    auto d = m_db.exec(QStringLiteral("SELECT coalesce(delimiter, '/') FROM mailboxes WHERE id = ?"), {box.value()});
    const QString delim = d && d.value().next() ? d.value().value(0).toString() : QStringLiteral("/");
    // The folder and its subfolders (RFC 9051 §6.3.6: inferiors are renamed too).
    auto kids = m_db.exec(QStringLiteral("SELECT id, name FROM mailboxes WHERE account = ? AND (id = ? OR substr(name, 1, ?) = ?)"),
                          {account, box.value(), from.size() + delim.size(), from + delim});
    if (!kids)
        return kids.error();
    QList<std::pair<qint64, QString>> renames;
    while (kids.value().next())
        renames.append({kids.value().value(0).toLongLong(), to + kids.value().value(1).toString().mid(from.size())});
    for (const auto &[id, name] : renames)
        if (auto u = m_db.exec(QStringLiteral("UPDATE mailboxes SET name = ? WHERE id = ?"), {name, id}); !u)
            return u.error();
    (void)m_db.exec(QStringLiteral("UPDATE sync_policy SET mailbox = ? WHERE account = ? AND mailbox = ?"), {to, account, from});
    if (auto s = append(account, QStringLiteral("rename"), from, 0, to, 0); !s)
        return s;
    return t.commit();
}

Status OfflineJournal::deleteFolder(const QString &account, const QString &name)
{
    if (name.compare(QLatin1String("INBOX"), Qt::CaseInsensitive) == 0)
        return Error::invalid(QStringLiteral("INBOX cannot be deleted"));
    store::Transaction t(m_db);
    auto box = mailboxId(account, name);
    if (!box)
        return box.error();
    if (auto d = m_db.exec(QStringLiteral("DELETE FROM mailboxes WHERE id = ?"), {box.value()}); !d)
        return d.error();
    (void)m_db.exec(QStringLiteral("DELETE FROM sync_policy WHERE account = ? AND mailbox = ?"), {account, name});
    if (auto s = append(account, QStringLiteral("delete-folder"), name, 0, {}, 0); !s)
        return s;
    return t.commit();
}

Result<QString> OfflineJournal::saveDraft(const QString &account, const QByteArray &rawIn)
{
    auto stored = storeDraft(account, rawIn);
    if (!stored)
        return stored.error();
    return stored.value().first;
}

Result<qint64> OfflineJournal::replaceDraft(const QString &account, const QByteArray &raw, qint64 previousId)
{
    auto stored = storeDraft(account, raw);
    if (!stored)
        return stored.error();
    const qint64 id = stored.value().second;
    if (previousId > 0)
        if (auto s = discardDraftsLike(account, stored.value().first, id, previousId); !s)
            return s.error();
    return id;
}

Status OfflineJournal::discardDraft(const QString &account, qint64 id)
{
    auto q = m_db.exec(QStringLiteral("SELECT b.name FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id WHERE m.id = ? AND b.account = ?"),
                       {id, account});
    if (!q)
        return q.error();
    if (!q.value().next())
        return success();   // gone already
    return discardDraftsLike(account, q.value().value(0).toString(), 0, id);
}

// `previousId`, and the other copies of `keepId`'s message (same Message-ID) in
// `drafts`: a draft that reached the server without UIDPLUS comes back from
// the sync as a new row, which only its Message-ID ties to the composer.
Status OfflineJournal::discardDraftsLike(const QString &account, const QString &drafts, qint64 keepId, qint64 previousId)
{
    auto q = m_db.exec(QStringLiteral(
        "SELECT m.id, coalesce(m.uid, 0), b.name FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id WHERE b.account = ? AND m.id <> ? AND "
        "(m.id = ? OR (b.name = ? AND m.message_id <> '' AND m.message_id = (SELECT message_id FROM messages WHERE id = ?))) LIMIT 100"),
        {account, keepId, previousId, drafts, keepId > 0 ? keepId : previousId});
    if (!q)
        return q.error();
    QList<std::tuple<qint64, qint64, QString>> old;
    while (q.value().next())
        old.append({q.value().value(0).toLongLong(), q.value().value(1).toLongLong(), q.value().value(2).toString()});
    for (const auto &[id, uid, box] : old) {
        if (uid > 0) {
            if (auto s = remove(account, box, uid); !s)
                return s;
        } else if (auto d = m_db.exec(QStringLiteral("DELETE FROM messages WHERE id = ? AND uid IS NULL"), {id}); !d) {
            return d.error();   // never uploaded: its pending append finds nothing and does nothing
        }
    }
    return success();
}

Result<std::pair<QString, qint64>> OfflineJournal::storeDraft(const QString &account, const QByteArray &rawIn)
{
    if (rawIn.isEmpty() || rawIn.size() > 64 * 1024 * 1024)
        return Error::invalid(QStringLiteral("a draft must be between 1 byte and 64 MB"));
    QByteArray raw = rawIn;
    const auto h = store::HeaderSummary::parse(raw);
    if (h.messageId.isEmpty()) {
        // A Message-ID lets a replay after a crash find the draft instead of saving it twice.
        const QString domain = h.from.section(QLatin1Char('@'), 1).section(QLatin1Char('>'), 0, 0).trimmed();
        const QString id = QStringLiteral("<%1@%2>").arg(QUuid::createUuid().toString(QUuid::WithoutBraces),
                                                        domain.isEmpty() || domain.contains(QLatin1Char(' ')) ? QStringLiteral("tern.invalid") : domain);
        raw.prepend("Message-ID: " + id.toUtf8() + "\r\n");
    }
    QString drafts;
    auto q = m_db.exec(QStringLiteral("SELECT name FROM mailboxes WHERE account = ? AND exists_on_server = 1 AND "
                                      "(' ' || attributes || ' ') LIKE '% \\Drafts %' ORDER BY id LIMIT 1"), {account});
    if (!q)
        return q.error();
    drafts = q.value().next() ? q.value().value(0).toString() : folderName(account, QStringLiteral("Drafts"));
    if (!mailboxId(account, drafts))
        if (auto c = createFolder(account, drafts); !c)
            return c.error();
    store::Transaction t(m_db);
    auto inserted = store::MessageStore(m_db).insert(account, drafts, raw, QStringLiteral("\\Draft \\Seen"));
    if (!inserted)
        return inserted.error();
    const qint64 id = inserted.value();
    if (auto s = append(account, QStringLiteral("append"), drafts, 0, {}, id); !s)
        return s.error();
    if (auto c = t.commit(); !c)
        return c.error();
    return std::pair{drafts, id};
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
                                            "FROM journal WHERE account = ? AND state IN ('pending', 'started') ORDER BY id"), account);
}

Result<QList<JournalEntry>> OfflineJournal::all(const QString &account)
{
    return readEntries(m_db, QStringLiteral("SELECT id, account, op, mailbox, uid, arg, coalesce(local_id, 0), state, error, created_at "
                                            "FROM journal WHERE account = ? ORDER BY id"), account);
}

Status OfflineJournal::started(qint64 id)
{
    if (auto q = m_db.exec(QStringLiteral("UPDATE journal SET state = 'started' WHERE id = ?"), {id}); !q)
        return q.error();
    return success();
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
