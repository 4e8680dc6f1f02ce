#include "store/MessageStore.h"

#include "store/AutocryptPeers.h"

#include <cstring>

namespace tern::store {

namespace {

bool isFoldSpace(char c) { return c == ' ' || c == '\t'; }

// [from, to) without the ASCII white space at both ends (QByteArray::trimmed's set).
void trim(const char *p, qsizetype &from, qsizetype &to)
{
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; };
    while (from < to && space(p[from]))
        ++from;
    while (to > from && space(p[to - 1]))
        --to;
}

// The field of `h` kept for this name (ASCII, any case), or null.
QString *slotFor(HeaderSummary &h, const char *name, qsizetype len)
{
    struct Known { const char *name; QString HeaderSummary::*slot; };
    static const Known known[] = {
        {"subject", &HeaderSummary::subject}, {"from", &HeaderSummary::from}, {"to", &HeaderSummary::to},
        {"date", &HeaderSummary::date}, {"message-id", &HeaderSummary::messageId},
        {"in-reply-to", &HeaderSummary::inReplyTo}, {"references", &HeaderSummary::references},
        {"list-id", &HeaderSummary::listId}, {"cc", &HeaderSummary::cc}, {"reply-to", &HeaderSummary::replyTo},
        {"sender", &HeaderSummary::sender}, {"content-type", &HeaderSummary::contentType}};
    for (const Known &k : known)
        if (qsizetype(qstrlen(k.name)) == len && qstrnicmp(k.name, name, len) == 0)
            return &(h.*k.slot);
    return nullptr;
}

// One field as sent, continuation lines included: `text` from its name to the end
// of its last line. Unfolded only when kept.
void takeField(HeaderSummary &h, const char *text, qsizetype size)
{
    const char *nl = static_cast<const char *>(memchr(text, '\n', size_t(size)));
    const qsizetype firstLine = nl ? nl - text : size;
    const char *colonAt = static_cast<const char *>(memchr(text, ':', size_t(firstLine)));
    auto unfold = [&] {
        QByteArray f;
        f.reserve(size);
        qsizetype i = 0;
        while (i < size) {
            const char *e = static_cast<const char *>(memchr(text + i, '\n', size_t(size - i)));
            qsizetype lineEnd = e ? e - text : size;
            const qsizetype next = e ? lineEnd + 1 : size;
            if (lineEnd > i && text[lineEnd - 1] == '\r')
                --lineEnd;
            if (i == 0) {
                f.append(text, lineEnd);
            } else {   // a continuation line: one space, then the line without its white space
                qsizetype a = i, b = lineEnd;
                trim(text, a, b);
                f.append(' ').append(text + a, b - a);
            }
            i = next;
        }
        return f;
    };
    qsizetype colon;
    QByteArray whole;   // the unfolded field, once made
    const char *base = text;
    if (colonAt) {
        colon = colonAt - text;
    } else {   // the colon is on a continuation line (or nowhere): rare, done on the unfolded text
        whole = unfold();
        colon = whole.indexOf(':');
        base = whole.constData();
    }
    if (colon <= 0)
        return;
    qsizetype na = 0, nb = colon;
    trim(base, na, nb);
    const qsizetype nameLen = nb - na;
    const bool autocrypt = nameLen == 9 && qstrnicmp(base + na, "autocrypt", 9) == 0;
    QString *slot = autocrypt ? nullptr : slotFor(h, base + na, nameLen);
    if (!autocrypt && (!slot || !slot->isEmpty()))
        return;
    if (whole.isNull())
        whole = unfold();
    qsizetype va = colon + 1, vb = whole.size();
    const qsizetype valueSize = vb - va;
    trim(whole.constData(), va, vb);
    if (autocrypt) {
        if (h.autocrypt.size() <= kMaxAutocryptFields)   // one more than read: "too many" stays visible
            h.autocrypt << (valueSize <= kMaxAutocryptField ? whole.mid(va, vb - va) : QByteArray("oversized"));
        return;
    }
    const QString value = QString::fromUtf8(whole.constData() + va, vb - va);   // raw; 8-bit junk becomes U+FFFD
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

} // namespace

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
    // One pass over the lines, no copy of a field that is not kept (this runs for every
    // message a sync stores: splitting into lines first was 9% of a headers-only sync).
    const qsizetype n = qMin<qsizetype>(end, 256 * 1024);
    const char *p = raw.constData();
    qsizetype i = 0;
    while (i < n) {
        const qsizetype start = i;
        do {   // the field's first line, then each line starting with a space or tab
            const char *e = static_cast<const char *>(memchr(p + i, '\n', size_t(n - i)));
            i = e ? e - p + 1 : n;
        } while (i < n && isFoldSpace(p[i]));
        qsizetype stop = i;
        if (stop > start && p[stop - 1] == '\n')
            --stop;
        takeField(h, p + start, stop - start);
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
