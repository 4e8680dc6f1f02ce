#include "sync/ImapFolderSync.h"

#include "imap/ImapSession.h"
#include "store/MessageStore.h"

#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

namespace tern::sync {

using imap::CommandResult;
using imap::ImapSession;
using imap::Response;
using imap::Token;

namespace {

const QByteArray kHeaderFields = "BODY.PEEK[HEADER.FIELDS (DATE SUBJECT FROM TO MESSAGE-ID IN-REPLY-TO REFERENCES LIST-ID)]";

// The data items of a FETCH response as name -> token (RFC 9051 §7.5.2).
QHash<QByteArray, Token> fetchItems(const Response &r)
{
    QHash<QByteArray, Token> out;
    if (r.tokens.isEmpty() || r.tokens.first().kind != Token::Kind::List)
        return out;
    const auto &items = r.tokens.first().items;
    for (int i = 0; i + 1 < items.size(); i += 2) {
        QByteArray name = items.at(i).text.toUpper();
        if (name.startsWith("BODY["))
            name = "BODY[]";   // the one section we ask for
        out.insert(name, items.at(i + 1));
    }
    return out;
}

QByteArray flagsOf(const Token &t)
{
    QList<QByteArray> flags;
    for (const Token &f : t.items)
        flags << f.text;
    std::sort(flags.begin(), flags.end());
    return flags.join(' ');
}

// "17-Jul-1996 02:44:25 -0700" (RFC 9051 §9 date-time); the day may be space-padded.
QDateTime internalDate(const QByteArray &raw)
{
    const QByteArray s = raw.trimmed();
    const int sp = s.lastIndexOf(' ');
    QDateTime d = QDateTime::fromString(QString::fromLatin1(s.left(sp)).trimmed(), QStringLiteral("d-MMM-yyyy hh:mm:ss"));
    if (!d.isValid())
        return QDateTime::currentDateTimeUtc();
    const QByteArray zone = s.mid(sp + 1);
    int offset = 0;
    if (zone.size() == 5 && (zone.at(0) == '+' || zone.at(0) == '-'))
        offset = (zone.mid(1, 2).toInt() * 3600 + zone.mid(3, 2).toInt() * 60) * (zone.at(0) == '-' ? -1 : 1);
    d.setTimeSpec(Qt::UTC);
    return d.addSecs(-offset);
}

qint64 codeNumber(const Response &r, const char *name)
{
    const QByteArray prefix = QByteArray(name) + ' ';
    if (r.code.startsWith(prefix))
        return r.code.mid(prefix.size()).trimmed().toLongLong();
    return -1;
}

} // namespace

ImapFolderSync::ImapFolderSync(store::Database &db, store::AccountConfig account, net::Credentials creds, QObject *parent)
    : ImapJob(std::move(account), std::move(creds), parent), m_db(db)
{
}

void ImapFolderSync::finish(const Status &s)
{
    if (m_finished)
        return;
    m_finished = true;
    close([this, s] { emit finished(s, m_summary); });
}

void ImapFolderSync::run()
{
    open([this] {
        m_session = session();
        m_condstore = m_session->hasCapability("CONDSTORE");
        replayJournal();
    }, [this](const Error &e) { finish(e); });
}

void ImapFolderSync::replayJournal()
{
    auto pending = OfflineJournal(m_db).pending(m_account.name);
    if (!pending) {
        finish(pending.error());
        return;
    }
    m_journal = pending.value();
    replayNext();
}

void ImapFolderSync::replayNext()
{
    if (m_finished)
        return;
    if (++m_journalIndex >= m_journal.size()) {
        listFolders();
        return;
    }
    const JournalEntry &e = m_journal.at(m_journalIndex);
    const QByteArray box = e.mailbox.toUtf8();
    if (m_selected == box) {
        replayEntry();
        return;
    }
    m_session->command("SELECT " + ImapSession::quoted(box), [this, box](const CommandResult &res) {
        if (!res.ok()) {
            // The folder is gone on the server: its actions cannot apply (the server wins).
            (void)OfflineJournal(m_db).failed(m_journal.at(m_journalIndex).id,
                                              QStringLiteral("cannot open %1: %2").arg(QString::fromUtf8(box), QString::fromUtf8(res.tagged.text)));
            ++m_summary.replayFailed;
            m_selected.clear();
            replayNext();
            return;
        }
        m_selected = box;
        replayEntry();
    });
}

void ImapFolderSync::replayEntry()
{
    const JournalEntry e = m_journal.at(m_journalIndex);
    const QByteArray uid = QByteArray::number(e.uid);
    OfflineJournal journal(m_db);
    auto done = [this, e](const CommandResult &res) {
        OfflineJournal j(m_db);
        if (res.ok()) {
            (void)j.complete(e.id);
            ++m_summary.replayed;
        } else {
            (void)j.failed(e.id, QStringLiteral("%1 %2 in %3: %4").arg(e.op).arg(e.uid).arg(e.mailbox, QString::fromUtf8(res.tagged.text)));
            ++m_summary.replayFailed;
        }
        replayNext();
    };
    // UID EXPUNGE (RFC 4315) removes only this message; plain EXPUNGE would take
    // every \Deleted message of the folder, so without UIDPLUS the flag stays.
    auto expunge = [this, uid, done](const CommandResult &stored) {
        if (!stored.ok() || !m_session->hasCapability("UIDPLUS")) {
            done(stored);
            return;
        }
        m_session->command("UID EXPUNGE " + uid, done);
    };
    if (e.op == QLatin1String("flag")) {
        m_session->command("UID STORE " + uid + (e.arg.startsWith(QLatin1Char('+')) ? " +FLAGS.SILENT (" : " -FLAGS.SILENT (") +
                               e.arg.mid(1).toUtf8() + ')', done);
    } else if (e.op == QLatin1String("delete")) {
        m_session->command("UID STORE " + uid + " +FLAGS.SILENT (\\Deleted)", expunge);
    } else if (e.op == QLatin1String("move")) {
        // The new UID (COPYUID, RFC 4315) goes to the row already shown in the target.
        auto mapped = [this, e, done](const CommandResult &res) {
            QByteArray copyUid;
            for (const Response &r : res.untagged + QList<Response>{res.tagged})
                if (r.code.startsWith("COPYUID "))
                    copyUid = r.code.split(' ').value(3);
            if (res.ok()) {
                if (!copyUid.isEmpty() && !copyUid.contains(':') && !copyUid.contains(','))
                    (void)m_db.exec(QStringLiteral("UPDATE messages SET uid = ? WHERE id = ? AND uid IS NULL"), {copyUid.toLongLong(), e.localId});
                else   // already moved (a crash after MOVE): the target's sync brings it with its UID
                    (void)m_db.exec(QStringLiteral("DELETE FROM messages WHERE id = ? AND uid IS NULL"), {e.localId});
            }
            done(res);
        };
        const QByteArray target = ImapSession::quoted(e.arg.toUtf8());
        if (m_session->hasCapability("MOVE")) {   // RFC 6851
            m_session->command("UID MOVE " + uid + ' ' + target, mapped);
        } else {
            m_session->command("UID COPY " + uid + ' ' + target, [this, uid, mapped](const CommandResult &copied) {
                if (!copied.ok()) {
                    mapped(copied);
                    return;
                }
                m_session->command("UID STORE " + uid + " +FLAGS.SILENT (\\Deleted)", [this, uid, mapped, copied](const CommandResult &stored) {
                    if (stored.ok() && m_session->hasCapability("UIDPLUS"))
                        m_session->command("UID EXPUNGE " + uid, [mapped, copied](const CommandResult &) { mapped(copied); });
                    else
                        mapped(copied);
                });
            });
        }
    } else {
        (void)journal.failed(e.id, QStringLiteral("unknown journal operation %1").arg(e.op));
        replayNext();
    }
}

void ImapFolderSync::listFolders()
{
    const bool extended = m_session->hasCapability("LIST-EXTENDED") && m_session->hasCapability("SPECIAL-USE");
    m_session->command(extended ? "LIST \"\" \"*\" RETURN (SPECIAL-USE)" : "LIST \"\" \"*\"", [this](const CommandResult &res) {
        if (!res.ok()) {
            finish(Error::network(QStringLiteral("LIST failed: %1").arg(QString::fromUtf8(res.tagged.text))));
            return;
        }
        store::Transaction t(m_db);
        (void)m_db.exec(QStringLiteral("UPDATE mailboxes SET exists_on_server = 0 WHERE account = ?"), {m_account.name});
        for (const Response &r : res.untagged) {
            if (!r.isStatus("LIST") || r.tokens.size() < 3 || r.tokens.at(0).kind != Token::Kind::List)
                continue;
            Folder f;
            QStringList attrs;
            bool selectable = true;
            for (const Token &a : r.tokens.at(0).items) {
                attrs << QString::fromUtf8(a.text);
                if (a.isAtom("\\Noselect") || a.isAtom("\\NonExistent"))
                    selectable = false;
            }
            f.name = r.tokens.at(2).text;
            f.delimiter = r.tokens.at(1).text;
            f.attributes = attrs.join(QLatin1Char(' '));
            if (f.name.isEmpty() || f.name.size() > 1024)
                continue;
            (void)m_db.exec(QStringLiteral("INSERT INTO mailboxes (account, name, attributes, delimiter, exists_on_server) "
                                           "VALUES (?, ?, ?, ?, 1) ON CONFLICT (account, name) DO UPDATE SET "
                                           "attributes = excluded.attributes, delimiter = excluded.delimiter, exists_on_server = 1"),
                            {m_account.name, QString::fromUtf8(f.name), f.attributes, QString::fromUtf8(f.delimiter)});
            if (selectable)
                m_folders.append(f);
        }
        if (auto c = t.commit(); !c) {
            finish(c);
            return;
        }
        m_summary.folders = int(m_folders.size());
        syncNext();
    });
}

void ImapFolderSync::syncNext()
{
    if (m_finished)
        return;
    if (++m_index >= m_folders.size()) {
        finish(success());
        return;
    }
    const Folder f = m_folders.at(m_index);
    emit progress(QString::fromUtf8(f.name), m_index, int(m_folders.size()));
    m_session->command("SELECT " + ImapSession::quoted(f.name) + (m_condstore ? " (CONDSTORE)" : ""),
                       [this, f](const CommandResult &res) { selected(f, res); });
}

void ImapFolderSync::selected(const Folder &f, const CommandResult &res)
{
    if (!res.ok()) {   // a folder that cannot be opened is skipped, not fatal
        syncNext();
        return;
    }
    State server;
    qint64 exists = 0;
    for (const Response &r : res.untagged) {
        if (r.isStatus("EXISTS"))
            exists = r.number.toLongLong();
        if (const qint64 v = codeNumber(r, "UIDVALIDITY"); v >= 0) server.uidValidity = v;
        if (const qint64 v = codeNumber(r, "UIDNEXT"); v >= 0) server.uidNext = v;
        if (const qint64 v = codeNumber(r, "HIGHESTMODSEQ"); v >= 0) server.highestModSeq = v;
    }
    store::MessageStore messages(m_db);
    auto id = messages.ensureMailbox(m_account.name, QString::fromUtf8(f.name));
    if (!id) {
        finish(id.error());
        return;
    }
    server.id = id.value();
    State known;
    known.id = server.id;
    qint64 lastUid = 0, cached = 0;
    {
        auto q = m_db.exec(QStringLiteral("SELECT coalesce(uidvalidity, 0), coalesce(uidnext, 0), coalesce(highestmodseq, 0), "
                                          "(SELECT coalesce(max(uid), 0) FROM messages WHERE mailbox_id = ?), "
                                          "(SELECT count(*) FROM messages WHERE mailbox_id = ?) FROM mailboxes WHERE id = ?"),
                           {server.id, server.id, server.id});
        if (!q) {
            finish(q.error());
            return;
        }
        q.value().next();
        known.uidValidity = q.value().value(0).toLongLong();
        known.uidNext = q.value().value(1).toLongLong();
        known.highestModSeq = q.value().value(2).toLongLong();
        lastUid = q.value().value(3).toLongLong();
        cached = q.value().value(4).toLongLong();
    }
    // RFC 9051 §2.3.1.1: a new UIDVALIDITY means every cached UID is void.
    if (known.uidValidity && known.uidValidity != server.uidValidity) {
        (void)m_db.exec(QStringLiteral("DELETE FROM messages WHERE mailbox_id = ?"), {server.id});
        m_summary.removed += int(cached);
        lastUid = 0;
        cached = 0;
        known = State{server.id, 0, 0, 0};
    }
    Q_UNUSED(exists);
    fetchNew(f, known, server, lastUid);
}

void ImapFolderSync::fetchNew(const Folder &f, const State &known, const State &server, qint64 lastUid, qint64 from)
{
    if (from == 0)
        from = lastUid + 1;
    if (server.uidNext && from >= server.uidNext) {
        fetchFlags(f, known, server, lastUid);
        return;
    }
    // In UID chunks, each committed on arrival: bounded memory, and a killed
    // first sync of a big folder resumes from the last chunk, not from zero.
    constexpr qint64 kChunk = 2000;
    const QByteArray range = server.uidNext
                                 ? QByteArray::number(from) + ':' + QByteArray::number(qMin(from + kChunk - 1, server.uidNext - 1))
                                 : QByteArray::number(from) + ":*";
    const QByteArray items = "(UID FLAGS RFC822.SIZE INTERNALDATE " + kHeaderFields + (m_condstore ? " MODSEQ)" : ")");
    m_session->command("UID FETCH " + range + ' ' + items, [this, f, known, server, lastUid, from](const CommandResult &res) {
        if (!res.ok()) {
            finish(Error::network(QStringLiteral("FETCH in %1 failed: %2").arg(QString::fromUtf8(f.name), QString::fromUtf8(res.tagged.text))));
            return;
        }
        QList<Response> fresh;
        for (const Response &r : res.untagged)
            if (r.isStatus("FETCH") && fetchItems(r).value("UID").text.toLongLong() > lastUid)   // "n:*" may return the last one
                fresh.append(r);
        if (auto s = storeFetches(server.id, fresh, true); !s) {
            finish(s);
            return;
        }
        if (server.uidNext)
            fetchNew(f, known, server, lastUid, from + kChunk);
        else
            fetchFlags(f, known, server, lastUid);
    });
}

void ImapFolderSync::fetchFlags(const Folder &f, const State &known, const State &server, qint64 lastUid)
{
    if (lastUid == 0 || (m_condstore && known.highestModSeq && known.highestModSeq == server.highestModSeq)) {
        findExpunged(f, server, lastUid);
        return;
    }
    QByteArray cmd = "UID FETCH 1:" + QByteArray::number(lastUid) + " (UID FLAGS)";
    if (m_condstore && known.highestModSeq)   // RFC 7162 §3.1.4
        cmd += " (CHANGEDSINCE " + QByteArray::number(known.highestModSeq) + ")";
    m_session->command(cmd, [this, f, server, lastUid](const CommandResult &res) {
        if (!res.ok()) {
            finish(Error::network(QStringLiteral("flag FETCH in %1 failed: %2").arg(QString::fromUtf8(f.name), QString::fromUtf8(res.tagged.text))));
            return;
        }
        QList<Response> changes;
        for (const Response &r : res.untagged)
            if (r.isStatus("FETCH"))
                changes.append(r);
        if (auto s = storeFetches(server.id, changes, false); !s) {
            finish(s);
            return;
        }
        findExpunged(f, server, lastUid);
    });
}

void ImapFolderSync::findExpunged(const Folder &f, const State &server, qint64 lastUid)
{
    if (lastUid == 0) {
        finishFolder(server);
        return;
    }
    m_session->command("UID SEARCH UID 1:" + QByteArray::number(lastUid), [this, f, server, lastUid](const CommandResult &res) {
        if (!res.ok()) {
            finish(Error::network(QStringLiteral("SEARCH in %1 failed: %2").arg(QString::fromUtf8(f.name), QString::fromUtf8(res.tagged.text))));
            return;
        }
        QSet<qint64> present;
        for (const Response &r : res.untagged)
            if (r.isStatus("SEARCH"))
                for (const Token &t : r.tokens)
                    present.insert(t.text.toLongLong());
        auto q = m_db.exec(QStringLiteral("SELECT id, uid FROM messages WHERE mailbox_id = ? AND uid <= ?"), {server.id, lastUid});
        if (!q) {
            finish(q.error());
            return;
        }
        QList<qint64> gone;
        while (q.value().next())
            if (!present.contains(q.value().value(1).toLongLong()))
                gone.append(q.value().value(0).toLongLong());
        if (!gone.isEmpty()) {
            store::Transaction t(m_db);
            for (qint64 id : std::as_const(gone))
                (void)m_db.exec(QStringLiteral("DELETE FROM messages WHERE id = ?"), {id});
            if (auto c = t.commit(); !c) {
                finish(c);
                return;
            }
            m_summary.removed += int(gone.size());
        }
        finishFolder(server);
    });
}

void ImapFolderSync::finishFolder(const State &server)
{
    if (auto r = m_db.exec(QStringLiteral("UPDATE mailboxes SET uidvalidity = ?, uidnext = ?, highestmodseq = ? WHERE id = ?"),
                           {server.uidValidity, server.uidNext, server.highestModSeq ? QVariant(server.highestModSeq) : QVariant(), server.id});
        !r) {
        finish(r.error());
        return;
    }
    syncNext();
}

Status ImapFolderSync::storeFetches(qint64 mailboxId, const QList<Response> &fetches, bool headers)
{
    if (fetches.isEmpty())
        return success();
    store::Transaction t(m_db);
    if (!t.status())
        return t.status();
    // One prepared statement for the whole batch: preparing per row cost more than the rest.
    QSqlQuery q(m_db.db());
    const bool prepared = q.prepare(headers
        ? QStringLiteral("INSERT INTO messages (mailbox_id, uid, flags, size, received_at, date_header, subject, from_header, to_header, "
                         "message_id, in_reply_to, refs, list_id, modseq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                         "ON CONFLICT (mailbox_id, uid) WHERE uid IS NOT NULL DO UPDATE SET flags = excluded.flags, modseq = excluded.modseq")
        : QStringLiteral("UPDATE messages SET flags = ?, modseq = coalesce(?, modseq) WHERE mailbox_id = ? AND uid = ? AND flags <> ?"));
    if (!prepared)
        return Error::io(QStringLiteral("cache: %1").arg(q.lastError().text()));
    for (const Response &r : fetches) {
        const auto items = fetchItems(r);
        const qint64 uid = items.value("UID").text.toLongLong();
        if (uid <= 0)
            continue;
        const QString flags = QString::fromUtf8(flagsOf(items.value("FLAGS")));
        const QVariant modseq = items.contains("MODSEQ") && !items.value("MODSEQ").items.isEmpty()
                                    ? QVariant(items.value("MODSEQ").items.first().text.toLongLong()) : QVariant();
        if (headers) {
            const auto h = store::HeaderSummary::parse(items.value("BODY[]").text);
            store::Database::bindAll(q, {mailboxId, uid, flags, items.value("RFC822.SIZE").text.toLongLong(),
                                         internalDate(items.value("INTERNALDATE").text).toSecsSinceEpoch(), h.date, h.subject,
                                         h.from, h.to, h.messageId, h.inReplyTo, h.references, h.listId, modseq});
            if (!q.exec())
                return Error::io(QStringLiteral("cache: %1").arg(q.lastError().text()));
            ++m_summary.added;
        } else {
            store::Database::bindAll(q, {flags, modseq, mailboxId, uid, flags});
            if (!q.exec())
                return Error::io(QStringLiteral("cache: %1").arg(q.lastError().text()));
            m_summary.flagsChanged += q.numRowsAffected();
        }
    }
    q.finish();
    return t.commit();
}

} // namespace tern::sync
