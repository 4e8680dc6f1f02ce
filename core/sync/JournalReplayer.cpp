#include "sync/JournalReplayer.h"

#include "imap/ImapSession.h"

namespace tern::sync {

using imap::CommandResult;
using imap::ImapSession;
using imap::Response;

namespace {

QByteArray q(const QString &s)
{
    return ImapSession::quoted(s.toUtf8());
}

QByteArray responseCode(const CommandResult &res)
{
    return res.tagged.code.split(' ').value(0).toUpper();
}

QString said(const CommandResult &res)
{
    return QString::fromUtf8((res.tagged.status + ' ' + (res.tagged.code.isEmpty() ? QByteArray() : '[' + res.tagged.code + "] ") + res.tagged.text).trimmed());
}

} // namespace

JournalReplayer::JournalReplayer(store::Database &db, QString account, ImapSession *session, QObject *parent)
    : QObject(parent), m_db(db), m_account(std::move(account)), m_session(session)
{
}

void JournalReplayer::run(std::function<void(const Status &)> done)
{
    m_done = std::move(done);
    auto pending = OfflineJournal(m_db).pending(m_account);
    if (!pending) {
        m_done(pending.error());
        return;
    }
    m_entries = pending.value();
    next();
}

void JournalReplayer::next()
{
    if (m_stopped)
        return;
    if (++m_index >= m_entries.size()) {
        m_stopped = true;
        m_done(success());
        return;
    }
    apply();
}

void JournalReplayer::finishEntry(bool ok, const QString &why)
{
    const JournalEntry &e = m_entries.at(m_index);
    OfflineJournal j(m_db);
    const Status s = ok ? j.complete(e.id) : j.failed(e.id, why);
    if (!s) {
        m_stopped = true;
        m_done(s);
        return;
    }
    ++(ok ? replayed : failed);
    next();
}

void JournalReplayer::finishWith(const CommandResult &res)
{
    const JournalEntry &e = m_entries.at(m_index);
    finishEntry(res.ok(), QStringLiteral("%1 %2 in %3: the server said %4").arg(e.op).arg(e.uid).arg(e.mailbox, said(res)));
}

void JournalReplayer::selectThen(const QString &mailbox, std::function<void()> then)
{
    if (m_selected == mailbox) {
        then();
        return;
    }
    m_session->command("SELECT " + q(mailbox), [this, mailbox, then](const CommandResult &res) {
        if (!res.ok()) {
            // The folder is gone on the server: its actions cannot apply (the server wins).
            m_selected.clear();
            finishEntry(false, QStringLiteral("cannot open %1: %2").arg(mailbox, said(res)));
            return;
        }
        qint64 serverValidity = 0;
        for (const Response &r : res.untagged)
            if (r.code.startsWith("UIDVALIDITY "))
                serverValidity = r.code.mid(12).trimmed().toLongLong();
        auto cached = m_db.exec(QStringLiteral("SELECT coalesce(uidvalidity, 0) FROM mailboxes WHERE account = ? AND name = ?"),
                                {m_account, mailbox});
        const qint64 known = cached && cached.value().next() ? cached.value().value(0).toLongLong() : 0;
        m_renumbered[mailbox] = known && serverValidity && known != serverValidity;
        m_selected = mailbox;
        then();
    });
}

// New UID of a copied or appended message: COPYUID uidvalidity src dst / APPENDUID uidvalidity uid.
void JournalReplayer::mapNewUid(const CommandResult &res, const char *code, int uidField)
{
    const JournalEntry &e = m_entries.at(m_index);
    QByteArray uid;
    for (const Response &r : res.untagged + QList<Response>{res.tagged})
        if (r.code.startsWith(QByteArray(code) + ' '))
            uid = r.code.split(' ').value(uidField);
    if (!uid.isEmpty() && !uid.contains(':') && !uid.contains(','))
        (void)m_db.exec(QStringLiteral("UPDATE OR IGNORE messages SET uid = ? WHERE id = ? AND uid IS NULL"), {uid.toLongLong(), e.localId});
    // No new UID (no UIDPLUS, or it was done before a crash): the target's sync brings the message with its UID.
    (void)m_db.exec(QStringLiteral("DELETE FROM messages WHERE id = ? AND uid IS NULL"), {e.localId});
}

// For copy and append: after a crash mid-way, look in the target first (by Message-ID).
void JournalReplayer::sendOrFind(std::function<void()> send)
{
    const JournalEntry e = m_entries.at(m_index);
    const QString target = e.op == QLatin1String("append") ? e.mailbox : e.arg;
    auto markAndSend = [this, e, send] {
        if (auto s = OfflineJournal(m_db).started(e.id); !s) {
            m_stopped = true;
            m_done(s);
            return;
        }
        send();
    };
    auto mid = m_db.exec(QStringLiteral("SELECT coalesce(message_id, '') FROM messages WHERE id = ?"), {e.localId});
    const QString messageId = mid && mid.value().next() ? mid.value().value(0).toString() : QString();
    if (e.state != QLatin1String("started") || messageId.isEmpty()) {
        markAndSend();
        return;
    }
    const QString source = e.mailbox;
    selectThen(target, [this, e, messageId, markAndSend, source, target] {
        m_session->command("UID SEARCH HEADER Message-ID " + q(messageId), [this, e, markAndSend, source, target](const CommandResult &res) {
            qint64 found = 0;
            for (const Response &r : res.untagged) {
                if (r.isStatus("SEARCH"))
                    for (const auto &t : r.tokens)
                        found = qMax(found, t.text.toLongLong());
                if (r.isStatus("ESEARCH"))
                    for (int i = 0; i + 1 < r.tokens.size(); ++i)
                        if (r.tokens.at(i).isAtom("MAX") || r.tokens.at(i).isAtom("ALL"))
                            found = qMax(found, r.tokens.at(i + 1).text.split(',').last().split(':').last().toLongLong());
            }
            if (res.ok() && found > 0) {
                (void)m_db.exec(QStringLiteral("UPDATE OR IGNORE messages SET uid = ? WHERE id = ? AND uid IS NULL"), {found, e.localId});
                (void)m_db.exec(QStringLiteral("DELETE FROM messages WHERE id = ? AND uid IS NULL"), {e.localId});
                finishEntry(true, {});
                return;
            }
            if (e.op == QLatin1String("append"))
                markAndSend();
            else
                selectThen(source, markAndSend);
        });
    });
}

void JournalReplayer::apply()
{
    const JournalEntry e = m_entries.at(m_index);
    const QByteArray uid = QByteArray::number(e.uid);
    const QString &op = e.op;

    // Folder operations: no folder selected needed (one being renamed or deleted must not be).
    auto leaveSelected = [this](const QString &box, std::function<void()> then) {
        if (m_selected != box) {
            then();
            return;
        }
        m_selected.clear();
        m_session->command(m_session->hasCapability("UNSELECT") ? QByteArray("UNSELECT") : QByteArray("EXAMINE \"INBOX\""),
                           [then](const CommandResult &) { then(); });
    };
    if (op == QLatin1String("create")) {
        m_session->command("CREATE " + q(e.mailbox), [this](const CommandResult &res) {
            if (!res.ok() && responseCode(res) == "ALREADYEXISTS")
                finishEntry(true, {});
            else
                finishWith(res);
        });
        return;
    }
    if (op == QLatin1String("rename")) {
        leaveSelected(e.mailbox, [this, e] {
            m_session->command("RENAME " + q(e.mailbox) + ' ' + q(e.arg), [this](const CommandResult &res) {
                // Renamed before a crash: the old name is gone (and the new one is there; the LIST that follows shows it).
                if (!res.ok() && responseCode(res) == "NONEXISTENT")
                    finishEntry(true, {});
                else
                    finishWith(res);
            });
        });
        return;
    }
    if (op == QLatin1String("delete-folder")) {
        leaveSelected(e.mailbox, [this, e] {
            m_session->command("DELETE " + q(e.mailbox), [this](const CommandResult &res) {
                if (!res.ok() && responseCode(res) == "NONEXISTENT")
                    finishEntry(true, {});
                else
                    finishWith(res);
            });
        });
        return;
    }
    if (op == QLatin1String("append")) {
        auto row = m_db.exec(QStringLiteral("SELECT m.flags, b.raw FROM messages m JOIN bodies b ON b.message_id = m.id WHERE m.id = ?"), {e.localId});
        if (!row || !row.value().next()) {
            finishEntry(true, {});   // discarded here before it reached the server: nothing to do
            return;
        }
        const QByteArray flags = row.value().value(0).toString().toUtf8();
        const QByteArray raw = row.value().value(1).toByteArray();
        sendOrFind([this, e, flags, raw] {
            m_session->append(e.mailbox.toUtf8(), flags, raw, [this](const CommandResult &res) {
                if (res.ok())
                    mapNewUid(res, "APPENDUID", 2);
                finishWith(res);
            });
        });
        return;
    }

    // Message operations, in their folder.
    selectThen(e.mailbox, [this, e, uid, op] {
        if (m_renumbered.value(e.mailbox)) {
            ++conflicts;
            finishEntry(false, QStringLiteral("conflict: the server renumbered %1 (UIDVALIDITY changed) after this was done offline; "
                                              "UID %2 may now be another message, so it was not applied").arg(e.mailbox).arg(e.uid));
            return;
        }
        auto done = [this](const CommandResult &res) { finishWith(res); };
        // UID EXPUNGE (RFC 4315) removes only the named messages; plain EXPUNGE would
        // take every \Deleted message of the folder, so without UIDPLUS the flag stays.
        auto expungeThis = [this, uid, done](const CommandResult &stored) {
            if (!stored.ok() || !m_session->hasCapability("UIDPLUS")) {
                done(stored);
                return;
            }
            m_session->command("UID EXPUNGE " + uid, done);
        };
        if (op == QLatin1String("flag")) {
            m_session->command("UID STORE " + uid + (e.arg.startsWith(QLatin1Char('+')) ? " +FLAGS.SILENT (" : " -FLAGS.SILENT (") +
                                   e.arg.mid(1).toUtf8() + ')', done);
        } else if (op == QLatin1String("delete")) {
            m_session->command("UID STORE " + uid + " +FLAGS.SILENT (\\Deleted)", expungeThis);
        } else if (op == QLatin1String("expunge")) {
            // The user expunged the messages that were \Deleted then (arg): only those.
            if (m_session->hasCapability("UIDPLUS"))
                m_session->command("UID EXPUNGE " + e.arg.toLatin1(), done);
            else
                m_session->command("EXPUNGE", done);
        } else if (op == QLatin1String("move")) {
            auto mapped = [this, done](const CommandResult &res) {
                if (res.ok())
                    mapNewUid(res, "COPYUID", 3);
                done(res);
            };
            const QByteArray target = q(e.arg);
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
        } else if (op == QLatin1String("copy")) {
            sendOrFind([this, e, uid, done] {
                selectThen(e.mailbox, [this, e, uid, done] {
                    m_session->command("UID COPY " + uid + ' ' + q(e.arg), [this, done](const CommandResult &res) {
                        if (res.ok())
                            mapNewUid(res, "COPYUID", 3);
                        done(res);
                    });
                });
            });
        } else {
            finishEntry(false, QStringLiteral("unknown journal operation %1").arg(op));
        }
    });
}

} // namespace tern::sync
