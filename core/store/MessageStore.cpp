#include "store/MessageStore.h"

#include "store/AutocryptPeers.h"

namespace tern::store {

HeaderSummary HeaderSummary::parse(const QByteArray &raw)
{
    HeaderSummary h;
    // Headers end at the first empty line; cap the scan so a headerless blob costs little.
    qsizetype end = raw.indexOf("\r\n\r\n");
    const qsizetype lfEnd = raw.indexOf("\n\n");
    if (end < 0 || (lfEnd >= 0 && lfEnd < end))
        end = lfEnd;
    if (end < 0)
        end = raw.size();
    const QByteArray head = raw.left(qMin<qsizetype>(end, 256 * 1024));
    QList<QByteArray> fields;
    for (QByteArray line : head.split('\n')) {
        if (line.endsWith('\r'))
            line.chop(1);
        if (!line.isEmpty() && (line.at(0) == ' ' || line.at(0) == '\t') && !fields.isEmpty())
            fields.last() += ' ' + line.trimmed();   // unfold
        else
            fields.append(line);
    }
    for (const QByteArray &f : fields) {
        const qsizetype colon = f.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = f.left(colon).trimmed().toLower();
        if (name == "autocrypt") {
            if (h.autocrypt.size() <= kMaxAutocryptFields)   // one more than read: "too many" stays visible
                h.autocrypt << (f.size() - colon - 1 <= kMaxAutocryptField ? f.mid(colon + 1).trimmed() : QByteArray("oversized"));
            continue;
        }
        const QString value = QString::fromUtf8(f.mid(colon + 1).trimmed());   // raw; 8-bit junk becomes U+FFFD
        QString *slot = name == "subject" ? &h.subject : name == "from" ? &h.from : name == "to" ? &h.to
                      : name == "date" ? &h.date : name == "message-id" ? &h.messageId
                      : name == "in-reply-to" ? &h.inReplyTo : name == "references" ? &h.references
                      : name == "list-id" ? &h.listId : name == "cc" ? &h.cc
                      : name == "reply-to" ? &h.replyTo : name == "sender" ? &h.sender
                      : name == "content-type" ? &h.contentType : nullptr;
        if (slot && slot->isEmpty()) {
            *slot = value.left(4096);
            // References beyond the bound keep their first id (the thread's start) and
            // their end (the parent): what threading needs (RFC 5322 §3.6.4).
            if (slot == &h.references && value.size() > 4096) {
                const qsizetype firstEnd = value.indexOf(QLatin1Char('>'));
                QString tail = value.right(4096 - 512);
                tail = tail.mid(qMax<qsizetype>(0, tail.indexOf(QLatin1Char('<'))));
                *slot = (firstEnd > 0 && firstEnd < 512 ? value.left(firstEnd + 1) + QLatin1Char(' ') : QString()) + tail;
            }
        }
    }
    return h;
}

Result<qint64> MessageStore::ensureMailbox(const QString &account, const QString &name)
{
    auto r = m_db.exec(QStringLiteral("INSERT INTO mailboxes (account, name) VALUES (?, ?) "
                                      "ON CONFLICT (account, name) DO NOTHING"), {account, name});
    if (!r)
        return r.error();
    auto q = m_db.exec(QStringLiteral("SELECT id FROM mailboxes WHERE account = ? AND name = ?"), {account, name});
    if (!q)
        return q.error();
    if (!q.value().next())
        return Error::notFound(QStringLiteral("mailbox %1/%2 vanished").arg(account, name));
    return q.value().value(0).toLongLong();
}

Result<qint64> MessageStore::insert(const QString &account, const QString &mailbox, const QByteArray &raw,
                                    const QString &flags, const QDateTime &receivedAt)
{
    auto box = ensureMailbox(account, mailbox);
    if (!box)
        return box.error();
    const HeaderSummary h = HeaderSummary::parse(raw);
    auto q = m_db.exec(QStringLiteral(
        "INSERT INTO messages (mailbox_id, flags, size, received_at, date_header, subject, from_header, to_header, "
        "message_id, in_reply_to, refs, list_id, cc_header, reply_to, sender) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {box.value(), flags, qint64(raw.size()), receivedAt.toSecsSinceEpoch(), h.date, h.subject, h.from, h.to,
         h.messageId, h.inReplyTo, h.references, h.listId, h.cc, h.replyTo, h.sender});
    if (!q)
        return q.error();
    const qint64 id = q.value().lastInsertId().toLongLong();
    if (auto b = m_db.exec(QStringLiteral("INSERT INTO bodies (message_id, raw) VALUES (?, ?)"), {id, raw}); !b)
        return b.error();
    // Autocrypt §2.3: what incoming mail says of its sender's key (a draft is our own).
    if (!flags.contains(QLatin1String("\\Draft")))
        if (auto a = AutocryptPeers(m_db).observe(account, h); !a)
            return a.error();
    return id;
}

Result<QList<MessageRow>> MessageStore::list(const QString &account, const QString &mailbox)
{
    auto q = m_db.exec(QStringLiteral(
        "SELECT m.id, b.name, m.flags, m.size, m.received_at, m.subject, m.from_header, m.to_header, m.date_header, "
        "m.message_id, m.in_reply_to, m.refs, m.list_id, coalesce(m.uid, 0) FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id "
        "WHERE b.account = ? AND b.name = ? ORDER BY coalesce(m.uid, 0), m.id"), {account, mailbox});
    if (!q)
        return q.error();
    QList<MessageRow> out;
    while (q.value().next()) {
        const QSqlQuery &r = q.value();
        MessageRow m;
        m.id = r.value(0).toLongLong();
        m.mailbox = r.value(1).toString();
        m.flags = r.value(2).toString();
        m.size = r.value(3).toLongLong();
        m.receivedAt = QDateTime::fromSecsSinceEpoch(r.value(4).toLongLong(), Qt::UTC);
        m.subject = r.value(5).toString();
        m.from = r.value(6).toString();
        m.to = r.value(7).toString();
        m.date = r.value(8).toString();
        m.messageId = r.value(9).toString();
        m.inReplyTo = r.value(10).toString();
        m.references = r.value(11).toString();
        m.listId = r.value(12).toString();
        m.uid = r.value(13).toLongLong();
        out.append(m);
    }
    return out;
}

Result<QByteArray> MessageStore::raw(qint64 id)
{
    auto q = m_db.exec(QStringLiteral("SELECT raw FROM bodies WHERE message_id = ?"), {id});
    if (!q)
        return q.error();
    if (!q.value().next())
        return Error::notFound(QStringLiteral("message %1 has no stored body").arg(id));
    return q.value().value(0).toByteArray();
}

Result<qint64> MessageStore::count(const QString &account, const QString &mailbox)
{
    auto q = m_db.exec(QStringLiteral("SELECT count(*) FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id "
                                      "WHERE b.account = ? AND b.name = ?"), {account, mailbox});
    if (!q)
        return q.error();
    q.value().next();
    return q.value().value(0).toLongLong();
}

Status MessageStore::remove(qint64 id)
{
    if (auto r = m_db.exec(QStringLiteral("DELETE FROM messages WHERE id = ?"), {id}); !r)
        return r.error();
    return success();
}

Status MessageStore::move(qint64 id, const QString &account, const QString &toMailbox)
{
    auto box = ensureMailbox(account, toMailbox);
    if (!box)
        return box.error();
    if (auto r = m_db.exec(QStringLiteral("UPDATE messages SET mailbox_id = ? WHERE id = ?"), {box.value(), id}); !r)
        return r.error();
    return success();
}

} // namespace tern::store
