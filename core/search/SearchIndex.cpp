#include "search/SearchIndex.h"

#include "common/Logging.h"
#include "mime/Addresses.h"
#include "mime/MailDate.h"
#include "mime/MimeTree.h"
#include "mime/Render.h"

#include <algorithm>
#include <QSqlError>
#include <QSqlQuery>

namespace tern::search {

namespace {

QString addresses(const QByteArray &field)
{
    QStringList out;
    for (const mime::Mailbox &m : mime::parseMailboxes(field)) {
        if (!m.name.isEmpty())
            out << m.name;
        out << QString::fromUtf8(m.address);
    }
    return out.join(QLatin1Char(' '));
}

bool isSignatureOrControl(const mime::MimePart &p)
{
    const QByteArray t = p.mimeType();
    return t == "application/pgp-signature" || t == "application/pkcs7-signature" ||
           t == "application/x-pkcs7-signature" || t == "application/pgp-encrypted";
}

bool isEncryptedPart(const mime::MimePart &p)
{
    if (p.isMultipart() && p.subtype == "encrypted")
        return true;
    if (p.type == "application" && (p.subtype == "pkcs7-mime" || p.subtype == "x-pkcs7-mime"))
        return !p.params.value(QByteArrayLiteral("smime-type")).contains(QLatin1String("signed"), Qt::CaseInsensitive);
    return false;
}

bool isSignedPart(const mime::MimePart &p)
{
    if (p.isMultipart() && p.subtype == "signed")
        return true;
    return p.type == "application" && (p.subtype == "pkcs7-mime" || p.subtype == "x-pkcs7-mime") &&
           p.params.value(QByteArrayLiteral("smime-type")).contains(QLatin1String("signed"), Qt::CaseInsensitive);
}

// Attachments (names, whether there is one) and the protection of the whole
// tree; the parts the message is made of, not what they are wrapped in.
void walkFacts(const mime::MimePart &p, IndexedMessage &out, QStringList &names, int depth)
{
    if (depth > 32)
        return;
    if (isEncryptedPart(p)) {
        out.encrypted = true;   // what is inside is ciphertext, not attachments
        return;
    }
    if (isSignedPart(p))
        out.signedMessage = true;
    if (!p.isMultipart() && !p.isMessage() && p.isAttachment() && !isSignatureOrControl(p)) {
        out.hasAttachment = true;
        const QString name = !p.filename.isEmpty() ? p.filename : p.params.value(QByteArrayLiteral("name"));
        if (!name.isEmpty() && names.size() < 200)
            names << name.left(256);
    }
    for (const mime::MimePart &c : p.children)
        walkFacts(c, out, names, depth + 1);
}

void appendBody(QString &body, const QString &text)
{
    if (body.size() >= SearchIndex::MaxBodyChars || text.isEmpty())
        return;
    if (!body.isEmpty())
        body += QLatin1Char('\n');
    body += text.left(SearchIndex::MaxBodyChars - body.size());
}

QString partText(const mime::MimePart &p, const QByteArray &content)
{
    // A charset decoder and htmlToText cost per character: read only what can be kept.
    const QByteArray bounded = content.left(qsizetype(SearchIndex::MaxBodyChars) * (p.subtype == "html" ? 8 : 4));
    const QString text = mime::decodeText(bounded, p.charset());
    return p.subtype == "html" ? mime::htmlToText(text) : text;
}

bool armoredPgp(const QString &text, IndexedMessage &out)
{
    if (text.contains(QLatin1String("-----BEGIN PGP MESSAGE-----"))) {
        out.encrypted = true;
        return true;
    }
    if (text.contains(QLatin1String("-----BEGIN PGP SIGNED MESSAGE-----")))
        out.signedMessage = true;
    return false;
}

void indexTree(const mime::MimePart &root, const std::function<QByteArray(const mime::MimePart &)> &contentOf, IndexedMessage &out)
{
    QStringList names;
    walkFacts(root, out, names, 0);
    out.attachments = names.join(QLatin1Char('\n'));
    if (out.encrypted)
        return;
    for (const mime::MimePart *p : mime::displayedParts(root, /*preferPlain*/ true)) {
        if (!p->isText())
            continue;
        const QByteArray content = contentOf(*p);
        if (content.isNull())
            continue;
        out.bodyIndexed = true;
        const QString text = partText(*p, content);
        if (armoredPgp(text, out))
            continue;   // ciphertext: no words, and none to keep
        appendBody(out.body, text);
    }
}

} // namespace

IndexedMessage extract(const CachedMessage &m)
{
    IndexedMessage out;
    out.subject = mime::decodeHeaderText(m.subject);
    out.sender = addresses(m.from);
    if (!m.sender.isEmpty())
        out.sender += QLatin1Char(' ') + addresses(m.sender);
    out.recipients = addresses(m.to);
    out.cc = addresses(m.cc);
    out.list = mime::decodeHeaderText(m.listId);
    out.sentAt = mime::parseMailDate(QString::fromUtf8(m.date));
    if (!out.sentAt.isValid())
        out.sentAt = m.receivedAt;

    mime::MimeLimits limits;
    limits.textOnly = true;
    if (!m.raw.isEmpty()) {
        auto parsed = mime::parseMessage(m.raw, limits);
        if (parsed) {
            indexTree(parsed.value().root, [](const mime::MimePart &p) {
                return p.loaded ? p.content : QByteArray();
            }, out);
            if (!out.bodyIndexed && !out.encrypted)
                out.bodyIndexed = true;   // a message with no text to show: nothing is missing
        }
        return out;
    }
    if (m.bodystructure.isEmpty())
        return out;
    auto tree = mime::fromBodyStructureText(m.bodystructure, limits);
    if (!tree)
        return out;
    indexTree(tree.value(), [&m](const mime::MimePart &p) {
        for (const auto &[section, bytes] : m.parts)
            if (section == p.section)
                return mime::transferDecode(bytes, p.encoding);
        return QByteArray();
    }, out);
    return out;
}

namespace {
// Messages above this id have not been indexed yet (schema 11).
const QString kUpto = QStringLiteral("(SELECT value FROM search_state WHERE key = 'indexed_upto')");
} // namespace

Result<qint64> SearchIndex::pending()
{
    // The new messages, and the queued ones below the mark (above it they are new anyway).
    auto q = m_db.exec(QStringLiteral("SELECT (SELECT count(*) FROM search_pending WHERE message_id <= %1) + "
                                      "(SELECT count(*) FROM messages WHERE id > %1)").arg(kUpto));
    if (!q)
        return q.error();
    q.value().next();
    return q.value().value(0).toLongLong();
}

Status SearchIndex::rebuild()
{
    auto q = m_db.exec(QStringLiteral("UPDATE search_state SET value = 0 WHERE key = 'indexed_upto'"));   // every message is new again
    if (!q)
        return q.error();
    return success();
}

Result<qint64> SearchIndex::indexPending(qint64 max, const std::function<void(qint64, qint64)> &progress, int batch)
{
    auto total = pending();
    if (!total)
        return total.error();
    const qint64 want = max < 0 ? total.value() : qMin(max, total.value());
    qint64 done = 0;
    while (done < want) {
        store::Transaction t(m_db);
        if (!t.status())
            return t.status().error();
        auto upto = m_db.exec(QStringLiteral("SELECT ") + kUpto);
        if (!upto)
            return upto.error();
        const qint64 mark = upto.value().next() ? upto.value().value(0).toLongLong() : 0;
        upto.value().finish();
        // The lowest ids first, of the queue and of the messages above the mark: the
        // new messages taken are always the lowest of theirs, so the mark moves up to
        // the highest of them without passing one by. (Each side read in order and
        // merged here: a UNION sorted everything left on every batch.)
        const qint64 take = qMin<qint64>(batch, want - done);
        QList<qint64> ids;
        for (const QString &sql : {QStringLiteral("SELECT message_id FROM search_pending ORDER BY message_id LIMIT ?"),
                                   QStringLiteral("SELECT id FROM messages WHERE id > ? ORDER BY id LIMIT ?")}) {
            auto q = sql.contains(QLatin1String("id > ?")) ? m_db.exec(sql, {mark, take}) : m_db.exec(sql, {take});
            if (!q)
                return q.error();
            while (q.value().next())
                ids << q.value().value(0).toLongLong();
        }
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        if (ids.size() > take)
            ids.resize(take);
        QStringList marks;
        QVariantList binds;
        for (qint64 id : std::as_const(ids)) {
            marks << QStringLiteral("?");
            binds << id;
        }
        if (ids.isEmpty())
            break;
        auto rows = m_db.exec(QStringLiteral(
            "SELECT m.id, m.subject, m.from_header, m.sender, m.to_header, m.cc_header, m.list_id, m.date_header, "
            "m.received_at, m.bodystructure, b.raw FROM messages m LEFT JOIN bodies b ON b.message_id = m.id "
            "WHERE m.id IN (%1) ORDER BY m.id").arg(marks.join(QLatin1Char(','))), binds);
        if (!rows)
            return rows.error();
        QList<std::pair<qint64, CachedMessage>> work;
        while (rows.value().next()) {
            const QSqlQuery &r = rows.value();
            CachedMessage c;
            c.subject = r.value(1).toString().toUtf8();
            c.from = r.value(2).toString().toUtf8();
            c.sender = r.value(3).toString().toUtf8();
            c.to = r.value(4).toString().toUtf8();
            c.cc = r.value(5).toString().toUtf8();
            c.listId = r.value(6).toString().toUtf8();
            c.date = r.value(7).toString().toUtf8();
            c.receivedAt = QDateTime::fromSecsSinceEpoch(r.value(8).toLongLong(), Qt::UTC);
            c.bodystructure = r.value(9).toString().toUtf8();
            c.raw = r.value(10).toByteArray();
            work.append({r.value(0).toLongLong(), std::move(c)});
        }
        rows.value().finish();
        if (work.isEmpty())
            break;   // the messages went meanwhile
        qint64 newMark = mark;
        for (qint64 id : std::as_const(ids))   // taken, whether its row is still there or not
            newMark = qMax(newMark, id);

        QSqlQuery del(m_db.db()), ins(m_db.db()), facts(m_db.db()), dequeue(m_db.db()), parts(m_db.db());
        del.prepare(QStringLiteral("DELETE FROM search_text WHERE rowid = ?"));
        ins.prepare(QStringLiteral("INSERT INTO search_text (rowid, subject, sender, recipients, cc, body, attachments, list) "
                                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
        facts.prepare(QStringLiteral("INSERT OR REPLACE INTO search_facts (message_id, sent_at, has_attachment, encrypted, signed, body_indexed) "
                                     "VALUES (?, ?, ?, ?, ?, ?)"));
        dequeue.prepare(QStringLiteral("DELETE FROM search_pending WHERE message_id = ?"));
        parts.prepare(QStringLiteral("SELECT section, raw FROM parts WHERE message_id = ? LIMIT 64"));
        auto check = [](QSqlQuery &q) -> Status {
            if (!q.exec())
                return Error::io(QStringLiteral("search index: %1").arg(q.lastError().text()));
            return success();
        };
        for (auto &[id, c] : work) {
            if (c.raw.isEmpty() && !c.bodystructure.isEmpty()) {
                parts.addBindValue(id);
                if (auto s = check(parts); !s)
                    return s.error();
                while (parts.next())
                    c.parts.append({parts.value(0).toString().toLatin1(), parts.value(1).toByteArray()});
                parts.finish();
            }
            const IndexedMessage x = extract(c);
            del.addBindValue(id);
            if (auto s = check(del); !s)
                return s.error();
            store::Database::bindAll(ins, {id, x.subject, x.sender, x.recipients, x.cc, x.body, x.attachments, x.list});
            if (auto s = check(ins); !s)
                return s.error();
            store::Database::bindAll(facts, {id, x.sentAt.isValid() ? x.sentAt.toSecsSinceEpoch() : c.receivedAt.toSecsSinceEpoch(),
                                             int(x.hasAttachment), int(x.encrypted), int(x.signedMessage), int(x.bodyIndexed)});
            if (auto s = check(facts); !s)
                return s.error();
            dequeue.addBindValue(id);
            if (auto s = check(dequeue); !s)
                return s.error();
        }
        if (newMark > mark)
            if (auto m = m_db.exec(QStringLiteral("UPDATE search_state SET value = ? WHERE key = 'indexed_upto' AND value < ?"), {newMark, newMark}); !m)
                return m.error();
        if (auto s = t.commit(); !s)
            return s.error();
        done += work.size();
        if (progress)
            progress(done, want);
    }
    return done;
}

} // namespace tern::search
