#include "sync/ImapFolderSync.h"

#include "imap/ImapSession.h"
#include "imap/SequenceSet.h"
#include "store/AutocryptPeers.h"
#include "store/MessageStore.h"
#include "store/Statement.h"
#include "sync/JournalReplayer.h"

#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

namespace tern::sync {

using imap::CommandResult;
using imap::ImapSession;
using imap::Response;
using imap::SequenceSet;
using imap::Token;

namespace {

// Content-Type and Autocrypt for Autocrypt's peer state (store/AutocryptPeers): a
// headers-only sync learns keys too.
const QByteArray kHeaderFields =
    "BODY.PEEK[HEADER.FIELDS (DATE SUBJECT FROM SENDER REPLY-TO TO CC MESSAGE-ID IN-REPLY-TO REFERENCES LIST-ID CONTENT-TYPE AUTOCRYPT)]";
constexpr qint64 kHeaderChunk = 2000;        // UIDs per header FETCH
constexpr int kInFlight = 3;                 // FETCH commands in flight
constexpr qint64 kFlagChunk = 20000;         // UIDs per flag FETCH or SEARCH without CONDSTORE/ESEARCH
constexpr qint64 kSizeChunk = 50000;         // UIDs per size listing
constexpr qint64 kBodyBatchBytes = 8LL * 1024 * 1024;
constexpr int kBodyBatchCount = 1000;

// The data items of a FETCH response (RFC 9051 §7.5.2), looked up by name in
// place: copying them into a hash cost more than parsing them.
class FetchItems {
public:
    explicit FetchItems(const Response &r)
    {
        if (!r.tokens.isEmpty() && r.tokens.first().kind == Token::Kind::List)
            m_items = &r.tokens.first().items;
    }
    // "BODY[]" stands for the one section asked for (header fields or the whole message).
    const Token *find(const char *name) const
    {
        if (m_items)
            for (qsizetype i = 0; i + 1 < m_items->size(); i += 2)
                if (matches(m_items->at(i).text, name))
                    return &m_items->at(i + 1);
        return nullptr;
    }
    const Token &value(const char *name) const
    {
        static const Token none;
        const Token *t = find(name);
        return t ? *t : none;
    }
    bool contains(const char *name) const { return find(name) != nullptr; }
    // BODY[] itself: the whole message, not a section of it.
    bool hasWholeMessage() const
    {
        if (m_items)
            for (qsizetype i = 0; i + 1 < m_items->size(); i += 2)
                if (m_items->at(i).text.compare("BODY[]", Qt::CaseInsensitive) == 0)
                    return true;
        return false;
    }

private:
    static bool matches(const QByteArray &key, const char *name)
    {
        if (name[0] == 'B' && qstrcmp(name, "BODY[]") == 0)
            return key.size() >= 5 && qstrnicmp(key.constData(), "BODY[", 5) == 0;
        return qstricmp(key.constData(), name) == 0;
    }
    const QList<Token> *m_items = nullptr;
};

QByteArray flagsOf(const Token &t)
{
    QList<QByteArray> flags;
    for (const Token &f : t.items)
        flags << f.text;
    std::sort(flags.begin(), flags.end());
    return flags.join(' ');
}

QVariant listNumber(const FetchItems &items, const char *name)
{
    const Token &t = items.value(name);
    return !t.items.isEmpty() ? QVariant(t.items.first().text.toLongLong()) : QVariant();
}

QVariant listText(const FetchItems &items, const char *name)
{
    const Token &t = items.value(name);
    return !t.items.isEmpty() ? QVariant(QString::fromLatin1(t.items.first().text)) : QVariant();
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
qint64 daysFromCivil(qint64 y, int m, int d)
{
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const qint64 yoe = y - era * 400;
    const qint64 doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const qint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

// "17-Jul-1996 02:44:25 -0700" (RFC 9051 §9 date-time; the day may be space-padded)
// as seconds since the epoch; now if malformed. By hand: QDateTime would consult
// the local time zone (a stat of /etc/localtime) for each of 100,000 messages.
qint64 internalDate(const QByteArray &raw)
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    const QByteArray s = raw.trimmed();
    int day = 0, i = 0;
    while (i < s.size() && s.at(i) >= '0' && s.at(i) <= '9' && i < 2)
        day = day * 10 + (s.at(i++) - '0');
    auto num = [&](int at, int len, bool *ok) {
        int v = 0;
        for (int k = at; k < at + len; ++k) {
            if (k >= s.size() || s.at(k) < '0' || s.at(k) > '9') {
                *ok = false;
                return 0;
            }
            v = v * 10 + (s.at(k) - '0');
        }
        return v;
    };
    bool ok = i > 0 && s.size() >= i + 21 && s.at(i) == '-' && s.at(i + 4) == '-' && s.at(i + 9) == ' ';
    const QByteArray mon = s.mid(i + 1, 3);
    const int m = ok ? int(QByteArray::fromRawData(months, 36).indexOf(mon)) : -1;
    ok = ok && m >= 0 && m % 3 == 0;
    const int year = num(i + 5, 4, &ok), hh = num(i + 10, 2, &ok), mm = num(i + 13, 2, &ok), ss = num(i + 16, 2, &ok);
    const char sign = ok ? s.at(i + 19) : 0;
    const int zone = num(i + 20, 4, &ok);
    if (!ok || day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60 || (sign != '+' && sign != '-'))
        return QDateTime::currentSecsSinceEpoch();
    const qint64 offset = (zone / 100 * 3600 + zone % 100 * 60) * (sign == '-' ? -1 : 1);
    return daysFromCivil(year, m / 3 + 1, day) * 86400 + hh * 3600 + mm * 60 + ss - offset;
}

qint64 codeNumber(const Response &r, const char *name)
{
    const QByteArray prefix = QByteArray(name) + ' ';
    if (r.code.startsWith(prefix))
        return r.code.mid(prefix.size()).trimmed().toLongLong();
    return -1;
}

// UID ranges [from, to] in chunks: "a:b" each.
QList<std::pair<qint64, qint64>> chunks(qint64 from, qint64 to, qint64 size)
{
    QList<std::pair<qint64, qint64>> out;
    for (qint64 a = from; a <= to; a += size)
        out.append({a, qMin(to, a + size - 1)});
    return out;
}

QByteArray range(qint64 a, qint64 b)
{
    return a == b ? QByteArray::number(a) : QByteArray::number(a) + ':' + QByteArray::number(b);
}

Status sqlError(const QSqlQuery &q)
{
    return Error::io(QStringLiteral("cache: %1").arg(q.lastError().text()));
}

} // namespace

ImapFolderSync::ImapFolderSync(store::Database &db, store::AccountConfig account, net::Credentials creds, QObject *parent)
    : ImapJob(std::move(account), std::move(creds), parent), m_db(db)
{
}

ImapFolderSync::~ImapFolderSync() = default;

void ImapFolderSync::finish(const Status &s)
{
    if (m_finished)
        return;
    m_finished = true;
    (void)m_db.exec(QStringLiteral("PRAGMA synchronous=FULL"));
    if (s && m_onlyFolder.isEmpty())   // bodies kept for moves between folders have had their chance
        (void)m_db.exec(QStringLiteral("DELETE FROM orphan_bodies WHERE account = ?"), {m_account.name});
    close([this, s] { emit finished(s, m_summary); });
}

QByteArray ImapFolderSync::messageItems() const
{
    return QByteArray("UID FLAGS RFC822.SIZE INTERNALDATE") + (m_condstore ? " MODSEQ" : "") + (m_objectId ? " EMAILID" : "");
}

void ImapFolderSync::run()
{
    // What this job commits is a copy of the server's state: after a power loss the
    // last batches may be fetched again, but never half-written (WAL). So no fsync per
    // batch (synchronous=NORMAL) while it runs: a 100,000-message first sync spent a
    // second waiting on them. Back to FULL when done, for the outbox and POP3.
    (void)m_db.exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
    open([this] {
        m_session = session();
        m_qresync = m_session->isEnabled("QRESYNC");
        m_condstore = m_qresync || m_session->isEnabled("CONDSTORE") || m_session->hasCapability("CONDSTORE");
        m_esearch = m_session->hasCapability("ESEARCH") || m_session->isEnabled("IMAP4REV2");
        m_objectId = m_session->hasCapability("OBJECTID");
        connect(m_session, &ImapSession::untaggedData, this, &ImapFolderSync::onUntagged);
        (void)m_db.exec(QStringLiteral("INSERT INTO account_state (account, key, value) VALUES (?, 'namespace-prefix', ?) "
                                       "ON CONFLICT (account, key) DO UPDATE SET value = excluded.value WHERE value IS NOT excluded.value"),
                        {m_account.name, QString::fromUtf8(personalPrefix())});
        m_replayer = std::make_unique<JournalReplayer>(m_db, m_account.name, m_session);
        m_replayer->run([this](const Status &s) {
            m_summary.replayed = m_replayer->replayed;
            m_summary.replayFailed = m_replayer->failed;
            m_summary.conflicts = m_replayer->conflicts;
            if (!s)
                finish(s);
            else
                listFolders();
        });
    }, [this](const Error &e) { finish(e); });
}

void ImapFolderSync::pipeline(QList<QByteArray> commands, Handler handle, std::function<void()> then, bool streamed)
{
    struct Pipeline {
        QList<QByteArray> commands;
        Handler handle;
        std::function<void()> then;
        int next = 0, inFlight = 0, handled = 0;
        QMap<int, CommandResult> early;   // replies that overtook an earlier command's
        bool stopped = false;
    };
    auto st = std::make_shared<Pipeline>();
    st->commands = std::move(commands);
    st->handle = std::move(handle);
    st->then = std::move(then);
    if (st->commands.isEmpty()) {
        st->then();
        return;
    }
    auto pump = std::make_shared<std::function<void()>>();
    *pump = [this, st, pump, streamed] {
        // Several in flight: the server works on the next ones while the cache stores this one.
        while (!st->stopped && !m_finished && st->inFlight < kInFlight && st->next < st->commands.size()) {
            ++st->inFlight;
            const int index = st->next++;
            auto onReply = [this, st, pump, index](const CommandResult &res) {
                --st->inFlight;
                if (st->stopped || m_finished)
                    return;
                if (*pump)
                    (*pump)();   // the next command goes out before this reply is stored
                // Replies are handled in the order the commands were sent, whatever order they
                // come in: what a handler records as synced must have everything before it stored.
                st->early.insert(index, res);
                while (!st->stopped && st->early.contains(st->handled)) {
                    const CommandResult r = st->early.take(st->handled);
                    if (const Status s = st->handle(r); !s) {
                        st->stopped = true;
                        *pump = nullptr;
                        finish(s);
                        return;
                    }
                    if (++st->handled == st->commands.size()) {
                        st->stopped = true;
                        auto next = st->then;
                        *pump = nullptr;   // break the cycle
                        next();
                        return;
                    }
                }
            };
            if (streamed)
                m_session->commandStreamed(st->commands.at(index), std::move(onReply));
            else
                m_session->command(st->commands.at(index), std::move(onReply));
        }
    };
    (*pump)();
}

void ImapFolderSync::listFolders()
{
    const bool listStatus = m_session->hasCapability("LIST-STATUS");
    const bool extended = listStatus || m_session->hasCapability("LIST-EXTENDED") || m_session->isEnabled("IMAP4REV2");
    QByteArray items = "MESSAGES UIDNEXT UIDVALIDITY";
    if (m_condstore)
        items += " HIGHESTMODSEQ";
    if (m_session->hasCapability("STATUS=SIZE"))
        items += " SIZE";
    if (m_objectId)
        items += " MAILBOXID";
    // Where LIST-STATUS is offered, the folders known from the last sync get a STATUS
    // each instead, sent before the LIST in the same round trip: Dovecot 2.3 answers
    // those in milliseconds, while LIST-STATUS (or a STATUS after a LIST) costs it
    // ~120 ms on a 100,000-message folder. New folders come with LIST-STATUS next time.
    QList<QByteArray> known;
    if (m_condstore && listStatus && m_onlyFolder.isEmpty()) {
        auto q = m_db.exec(QStringLiteral("SELECT name FROM mailboxes WHERE account = ? AND exists_on_server = 1 AND uidvalidity IS NOT NULL "
                                          "ORDER BY name <> 'INBOX', name LIMIT 501"), {m_account.name});   // INBOX first: Dovecot is quickest so
        if (q)
            while (q.value().next())
                known << q.value().value(0).toString().toUtf8();
        if (known.size() > 500)
            known.clear();   // that many: one LIST-STATUS is cheaper than 500 commands
    }
    auto statuses = std::make_shared<QHash<QByteArray, ServerStatus>>();
    auto readStatus = [statuses](const QList<Response> &responses) {
        for (const Response &r : responses) {
            if (!r.isStatus("STATUS") || r.tokens.size() < 2 || r.tokens.at(1).kind != Token::Kind::List)
                continue;
            ServerStatus st;
            st.known = true;
            const auto &its = r.tokens.at(1).items;
            for (int i = 0; i + 1 < its.size(); i += 2) {
                const Token &name = its.at(i), &value = its.at(i + 1);
                if (name.isAtom("MESSAGES")) st.messages = value.text.toLongLong();
                else if (name.isAtom("UIDNEXT")) st.uidNext = value.text.toLongLong();
                else if (name.isAtom("UIDVALIDITY")) st.uidValidity = value.text.toLongLong();
                else if (name.isAtom("HIGHESTMODSEQ")) st.highestModSeq = value.text.toLongLong();
                else if (name.isAtom("SIZE")) st.size = value.text.toLongLong();
                else if (name.isAtom("MAILBOXID") && !value.items.isEmpty()) st.mailboxId = value.items.first().text;
            }
            statuses->insert(r.tokens.at(0).text, st);
        }
    };
    for (const QByteArray &name : std::as_const(known))
        m_session->command("STATUS " + ImapSession::quoted(name) + " (" + items + ')',
                           [readStatus](const CommandResult &res) { readStatus(res.untagged); });   // a NO: the folder is gone
    QList<QByteArray> returns;
    if (extended && m_session->hasCapability("SPECIAL-USE"))
        returns << "SPECIAL-USE";
    if (listStatus && known.isEmpty())   // RFC 5819: each folder's STATUS in the same reply
        returns << "STATUS (" + items + ')';
    QByteArray cmd = "LIST \"\" \"*\"";
    if (!returns.isEmpty())
        cmd += " RETURN (" + returns.join(' ') + ')';
    m_session->command(cmd, [this, statuses, readStatus](const CommandResult &res) {
        if (!res.ok()) {
            finish(Error::network(QStringLiteral("LIST failed: %1").arg(QString::fromUtf8(res.tagged.text))));
            return;
        }
        readStatus(res.untagged);
        QList<Folder> listed;
        QList<bool> selectable;
        for (const Response &r : res.untagged) {
            if (!r.isStatus("LIST") || r.tokens.size() < 3 || r.tokens.at(0).kind != Token::Kind::List)
                continue;
            Folder f;
            QStringList attrs;
            bool canSelect = true;
            for (const Token &a : r.tokens.at(0).items) {
                attrs << QString::fromUtf8(a.text);
                if (a.isAtom("\\Noselect") || a.isAtom("\\NonExistent"))
                    canSelect = false;
            }
            f.name = r.tokens.at(2).text;
            f.delimiter = r.tokens.at(1).text;
            f.attributes = attrs.join(QLatin1Char(' '));
            if (f.name.isEmpty() || f.name.size() > 1024 || listed.size() >= 100000)
                continue;
            listed.append(f);
            selectable.append(canSelect);
        }
        store::Transaction t(m_db);
        // A folder renamed by another client keeps its MAILBOXID (RFC 8474): rename it here too, with its messages.
        for (Folder &f : listed) {
            f.status = statuses->value(f.name);
            if (f.status.mailboxId.isEmpty())
                continue;
            (void)m_db.exec(QStringLiteral("UPDATE mailboxes SET name = ? WHERE account = ? AND server_mailbox_id = ? AND name <> ? "
                                           "AND NOT EXISTS (SELECT 1 FROM mailboxes x WHERE x.account = ? AND x.name = ?)"),
                            {QString::fromUtf8(f.name), m_account.name, QString::fromLatin1(f.status.mailboxId), QString::fromUtf8(f.name),
                             m_account.name, QString::fromUtf8(f.name)});
        }
        // Only what differs is written: a resync where nothing changed writes nothing,
        // so it costs no WAL fsync and no checkpoint (tens of milliseconds on a slow disk).
        QSet<QString> wasListed;
        if (auto q = m_db.exec(QStringLiteral("SELECT name FROM mailboxes WHERE account = ? AND exists_on_server = 1"), {m_account.name}))
            while (q.value().next())
                wasListed.insert(q.value().value(0).toString());
        for (int i = 0; i < listed.size(); ++i) {
            const Folder &f = listed.at(i);
            if (auto q = m_db.exec(QStringLiteral("INSERT INTO mailboxes (account, name, attributes, delimiter, exists_on_server) "
                                                  "VALUES (?, ?, ?, ?, 1) ON CONFLICT (account, name) DO UPDATE SET "
                                                  "attributes = excluded.attributes, delimiter = excluded.delimiter, exists_on_server = 1 "
                                                  "WHERE attributes IS NOT excluded.attributes OR delimiter IS NOT excluded.delimiter "
                                                  "OR exists_on_server IS NOT 1"),
                                   {m_account.name, QString::fromUtf8(f.name), f.attributes, QString::fromUtf8(f.delimiter)});
                !q) {
                finish(q.error());
                return;
            }
            wasListed.remove(QString::fromUtf8(f.name));
            if (selectable.at(i) && (m_onlyFolder.isEmpty() || m_onlyFolder == QString::fromUtf8(f.name)))
                m_folders.append(f);
        }
        for (const QString &gone : std::as_const(wasListed))   // listed last time, not now
            (void)m_db.exec(QStringLiteral("UPDATE mailboxes SET exists_on_server = 0 WHERE account = ? AND name = ?"), {m_account.name, gone});
        // Folders gone from the server: their server copies go (the server wins); local-only rows stay visible.
        auto gone = m_db.exec(QStringLiteral("DELETE FROM messages WHERE uid IS NOT NULL AND mailbox_id IN "
                                             "(SELECT id FROM mailboxes WHERE account = ? AND exists_on_server = 0)"), {m_account.name});
        if (gone)
            m_summary.removed += gone.value().numRowsAffected();
        (void)m_db.exec(QStringLiteral("DELETE FROM mailboxes WHERE account = ? AND exists_on_server = 0 AND "
                                       "NOT EXISTS (SELECT 1 FROM messages m WHERE m.mailbox_id = mailboxes.id)"), {m_account.name});
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
    m_inFolder = false;
    while (!m_finished) {
        if (++m_index >= m_folders.size()) {
            finish(success());
            return;
        }
        const Folder f = m_folders.at(m_index);
        const QString name = QString::fromUtf8(f.name);
        emit progress(name, m_index, int(m_folders.size()));
        auto policy = store::SyncPolicyStore(m_db).forFolder(m_account, name);
        if (!policy) {
            finish(policy.error());
            return;
        }
        if (policy.value().kind == store::SyncPolicy::Kind::Skip) {
            ++m_summary.skipped;
            continue;
        }
        auto id = store::MessageStore(m_db).ensureMailbox(m_account.name, name);
        if (!id) {
            finish(id.error());
            return;
        }
        m_cur = Current{};
        m_cur.folder = f;
        m_cur.policy = policy.value();
        m_cur.known.id = m_cur.server.id = id.value();
        QString bodiesDone;
        {
            auto q = m_db.exec(QStringLiteral("SELECT coalesce(uidvalidity, 0), coalesce(uidnext, 0), coalesce(highestmodseq, 0), "
                                              "coalesce(messages_on_server, -1), synced_uid, coalesce(bodies_done_policy, '') "
                                              "FROM mailboxes WHERE id = ?"), {id.value()});
            if (!q) {
                finish(q.error());
                return;
            }
            q.value().next();
            m_cur.known.uidValidity = q.value().value(0).toLongLong();
            m_cur.known.uidNext = q.value().value(1).toLongLong();
            m_cur.known.highestModSeq = q.value().value(2).toLongLong();
            m_cur.known.messages = q.value().value(3).toLongLong();
            m_cur.lastUid = q.value().value(4).toLongLong();
            bodiesDone = q.value().value(5).toString();
        }
        const ServerStatus &st = f.status;
        const bool bodiesOk = !m_cur.policy.wantsBodies() || bodiesDone == m_cur.policy.toString();
        if (st.known && m_condstore && st.highestModSeq && m_cur.known.uidValidity == st.uidValidity &&
            m_cur.known.uidNext == st.uidNext && m_cur.known.highestModSeq == st.highestModSeq &&
            m_cur.known.messages == st.messages && m_cur.lastUid >= st.uidNext - 1 && bodiesOk) {
            ++m_summary.unchanged;   // nothing happened here since the last sync: not even opened
            continue;
        }
        QByteArray cmd = "SELECT " + ImapSession::quoted(f.name);
        if (m_qresync && m_cur.known.uidValidity && m_cur.known.highestModSeq) {
            // RFC 7162 §3.2.5: flag changes and VANISHED UIDs since what we know, in the SELECT reply.
            cmd += " (QRESYNC (" + QByteArray::number(m_cur.known.uidValidity) + ' ' + QByteArray::number(m_cur.known.highestModSeq) + "))";
            m_cur.resynced = true;
        } else if (m_condstore) {
            cmd += " (CONDSTORE)";
        }
        m_session->command(cmd, [this](const CommandResult &res) { selected(res); });
        return;
    }
}

void ImapFolderSync::selected(const CommandResult &res)
{
    if (!res.ok()) {   // a folder that cannot be opened is skipped, not fatal
        syncNext();
        return;
    }
    Current &c = m_cur;
    for (const Response &r : res.untagged) {
        if (r.isStatus("EXISTS"))
            c.exists = r.number.toLongLong();
        if (const qint64 v = codeNumber(r, "UIDVALIDITY"); v >= 0) c.server.uidValidity = v;
        if (const qint64 v = codeNumber(r, "UIDNEXT"); v >= 0) c.server.uidNext = v;
        if (const qint64 v = codeNumber(r, "HIGHESTMODSEQ"); v >= 0) c.server.highestModSeq = v;
        if (r.code == "NOMODSEQ") c.noModSeq = true;
        if (r.code.startsWith("MAILBOXID (")) c.mailboxId = r.code.mid(11).chopped(1);
    }
    c.server.messages = c.exists;
    m_inFolder = true;
    // RFC 9051 §2.3.1.1: a new UIDVALIDITY voids every cached UID of the folder.
    if (c.known.uidValidity && c.known.uidValidity != c.server.uidValidity) {
        store::Transaction t(m_db);
        auto d = m_db.exec(QStringLiteral("DELETE FROM messages WHERE mailbox_id = ? AND uid IS NOT NULL"), {c.server.id});
        if (d)
            m_summary.removed += d.value().numRowsAffected();
        (void)m_db.exec(QStringLiteral("UPDATE mailboxes SET synced_uid = 0, highestmodseq = NULL, bodies_done_policy = NULL WHERE id = ?"),
                        {c.server.id});
        if (auto s = t.commit(); !s) {
            finish(s);
            return;
        }
        c.lastUid = 0;
        c.known = State{c.server.id, 0, 0, 0, -1};
        c.resynced = false;
    } else if (c.resynced) {
        // QRESYNC: the reply carried VANISHED (EARLIER) and the changed flags.
        for (const Response &r : res.untagged) {
            if (r.isStatus("VANISHED") && r.tokens.size() >= 2 && r.tokens.first().kind == Token::Kind::List) {
                auto set = SequenceSet::parse(r.tokens.at(1).text);
                if (!set) {
                    finish(set.error());
                    return;
                }
                if (auto s = removeUids(set.value()); !s) {
                    finish(s);
                    return;
                }
            }
        }
        QList<Response> changes;
        for (const Response &r : res.untagged)
            if (r.isStatus("FETCH"))
                changes.append(r);
        if (auto s = storeFlags(changes); !s) {
            finish(s);
            return;
        }
    }
    if (c.noModSeq)
        c.resynced = false;
    fetchNew();
}

void ImapFolderSync::fetchNew()
{
    const qint64 from = m_cur.lastUid + 1;
    const qint64 to = m_cur.server.uidNext ? m_cur.server.uidNext - 1 : 0;
    if (m_cur.server.uidNext && from > to) {
        fetchFlags();
        return;
    }
    if (m_cur.policy.kind == store::SyncPolicy::Kind::All && m_cur.server.uidNext)
        fetchNewWhole(from, to);
    else
        fetchNewHeaders(from, to);
}

void ImapFolderSync::fetchNewHeaders(qint64 from, qint64 to)
{
    const QByteArray items = " (" + messageItems() + " BODYSTRUCTURE " + kHeaderFields + ')';
    QList<QByteArray> cmds;
    auto bounds = std::make_shared<QList<qint64>>();
    if (!to) {   // no UIDNEXT from the server: one open-ended fetch
        cmds << "UID FETCH " + QByteArray::number(from) + ":*" + items;
        bounds->append(0);
    } else {
        // In UID chunks, each committed on arrival: bounded memory, and a killed
        // first sync of a big folder resumes from the last chunk, not from zero.
        for (const auto &[a, b] : chunks(from, to, kHeaderChunk)) {
            cmds << "UID FETCH " + range(a, b) + items;
            bounds->append(b);
        }
    }
    const qint64 above = m_cur.lastUid;
    auto index = std::make_shared<int>(0);
    // New messages are stored as they stream in (see onUntagged); a reply only says
    // how far the folder is synced.
    startStream(above);
    pipeline(cmds, [this, bounds, index](const CommandResult &res) -> Status {
        if (!res.ok())
            return Error::network(QStringLiteral("FETCH in %1 failed: %2").arg(QString::fromUtf8(m_cur.folder.name), QString::fromUtf8(res.tagged.text)));
        const qint64 bound = bounds->at((*index)++);
        return flushStream(bound ? bound : m_streamMaxUid);
    }, [this] {
        m_streaming = false;
        (void)reuseBodies();
        fetchFlags();
    }, /*streamed*/ true);
}

void ImapFolderSync::fetchNewWhole(qint64 from, qint64 to)
{
    // Sizes first (cheap: the server keeps them), so that batches are bounded in bytes.
    struct Listed { qint64 uid, size; QByteArray emailId; };
    auto listedUids = std::make_shared<QList<Listed>>();
    QList<QByteArray> cmds;
    for (const auto &[a, b] : chunks(from, to, kSizeChunk))
        cmds << "UID FETCH " + range(a, b) + " (UID RFC822.SIZE" + (m_objectId ? " EMAILID)" : ")");
    pipeline(cmds, [this, listedUids, from](const CommandResult &res) -> Status {
        if (!res.ok())
            return Error::network(QStringLiteral("FETCH in %1 failed: %2").arg(QString::fromUtf8(m_cur.folder.name), QString::fromUtf8(res.tagged.text)));
        for (const Response &r : res.untagged) {
            if (!r.isStatus("FETCH"))
                continue;
            const FetchItems items(r);
            const qint64 uid = items.value("UID").text.toLongLong();
            const Token &emailId = items.value("EMAILID");
            if (uid >= from)
                listedUids->append({uid, items.value("RFC822.SIZE").text.toLongLong(), emailId.items.isEmpty() ? QByteArray() : emailId.items.first().text});
        }
        return success();
    }, [this, listedUids, from, to] {
        std::sort(listedUids->begin(), listedUids->end(), [](const Listed &a, const Listed &b) { return a.uid < b.uid; });
        // A message whose EMAILID we hold a body for (moved by another client) is not downloaded again.
        QSet<QByteArray> reusable;
        if (m_objectId) {
            auto q = m_db.exec(QStringLiteral("SELECT m.email_id FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id "
                                              "JOIN bodies x ON x.message_id = m.id WHERE b.account = ? AND m.email_id IS NOT NULL "
                                              "UNION SELECT email_id FROM orphan_bodies WHERE account = ?"), {m_account.name, m_account.name});
            if (q)
                while (q.value().next())
                    reusable.insert(q.value().value(0).toString().toLatin1());
        }
        // Batches in UID order, each either whole messages (bounded in bytes) or headers only
        // (too big for the background, or reusable); `top` is what the batch proves synced.
        struct Batch { bool whole; QList<qint64> uids; qint64 bytes = 0; qint64 top = 0; };
        QList<Batch> batches;
        for (const Listed &l : std::as_const(*listedUids)) {
            const bool whole = l.size <= kMaxBackgroundBody && !(m_objectId && !l.emailId.isEmpty() && reusable.contains(l.emailId));
            if (batches.isEmpty() || batches.last().whole != whole ||
                (whole && (batches.last().bytes + l.size > kBodyBatchBytes || batches.last().uids.size() >= kBodyBatchCount)) ||
                (!whole && batches.last().uids.size() >= kHeaderChunk))
                batches.append(Batch{whole, {}, 0, 0});
            batches.last().uids.append(qint64(l.uid));
            batches.last().bytes += l.size;
        }
        for (int i = 0; i < batches.size(); ++i)
            batches[i].top = i + 1 < batches.size() ? batches.at(i + 1).uids.first() - 1 : to;
        if (batches.isEmpty()) {   // nothing there (all expunged meanwhile): the range is synced
            (void)m_db.exec(QStringLiteral("UPDATE mailboxes SET synced_uid = max(synced_uid, ?) WHERE id = ?"), {to, m_cur.server.id});
            fetchFlags();
            return;
        }
        QList<QByteArray> fetches;
        for (const Batch &b : std::as_const(batches))
            fetches << "UID FETCH " + SequenceSet::fromList(b.uids).toString() + " (" + messageItems() +
                           (b.whole ? QByteArray(" BODY.PEEK[])") : " BODYSTRUCTURE " + kHeaderFields + ')');
        auto shared = std::make_shared<QList<Batch>>(batches);
        auto index = std::make_shared<int>(0);
        startStream(from - 1);
        pipeline(fetches, [this, shared, index](const CommandResult &res) -> Status {
            if (!res.ok())
                return Error::network(QStringLiteral("FETCH in %1 failed: %2").arg(QString::fromUtf8(m_cur.folder.name), QString::fromUtf8(res.tagged.text)));
            return flushStream(shared->at((*index)++).top);
        }, [this] {
            m_streaming = false;
            (void)reuseBodies();
            fetchFlags();
        }, /*streamed*/ true);
    });
}

void ImapFolderSync::fetchFlags()
{
    Current &c = m_cur;
    const bool modseqUsable = m_condstore && !c.noModSeq && c.known.highestModSeq;
    if (c.resynced || c.lastUid == 0 || (modseqUsable && c.known.highestModSeq == c.server.highestModSeq)) {
        findExpunged();
        return;
    }
    QList<QByteArray> cmds;
    const QByteArray items = m_condstore && !c.noModSeq ? " (UID FLAGS MODSEQ)" : " (UID FLAGS)";
    if (modseqUsable)   // RFC 7162 §3.1.4: only what changed
        cmds << "UID FETCH 1:" + QByteArray::number(c.lastUid) + items + " (CHANGEDSINCE " + QByteArray::number(c.known.highestModSeq) + ')';
    else
        for (const auto &[a, b] : chunks(1, c.lastUid, kFlagChunk))
            cmds << "UID FETCH " + range(a, b) + items;
    pipeline(cmds, [this](const CommandResult &res) -> Status {
        if (!res.ok())
            return Error::network(QStringLiteral("flag FETCH in %1 failed: %2").arg(QString::fromUtf8(m_cur.folder.name), QString::fromUtf8(res.tagged.text)));
        QList<Response> changes;
        for (const Response &r : res.untagged)
            if (r.isStatus("FETCH"))
                changes.append(r);
        return storeFlags(changes);
    }, [this] { findExpunged(); });
}

void ImapFolderSync::findExpunged()
{
    Current &c = m_cur;
    if (c.resynced || c.lastUid == 0) {
        fetchBodies();
        return;
    }
    if (!c.expungeSeen) {
        // Every UID we hold is still there when the counts agree (new ones were fetched by UID above).
        auto q = m_db.exec(QStringLiteral("SELECT count(*) FROM messages WHERE mailbox_id = ? AND uid IS NOT NULL"), {c.server.id});
        if (q && q.value().next() && q.value().value(0).toLongLong() == c.exists) {
            fetchBodies();
            return;
        }
    }
    QList<QByteArray> cmds;
    if (m_esearch)   // RFC 4731: one compact set however many messages
        cmds << "UID SEARCH RETURN (ALL) UID 1:" + QByteArray::number(c.lastUid);
    else
        for (const auto &[a, b] : chunks(1, c.lastUid, kFlagChunk * 2))
            cmds << "UID SEARCH UID " + range(a, b);
    auto present = std::make_shared<SequenceSet>();
    pipeline(cmds, [this, present](const CommandResult &res) -> Status {
        if (!res.ok())
            return Error::network(QStringLiteral("SEARCH in %1 failed: %2").arg(QString::fromUtf8(m_cur.folder.name), QString::fromUtf8(res.tagged.text)));
        auto found = imap::searchResultSet(res.untagged);
        if (!found)
            return found.error();
        for (const auto &[a, b] : found.value().ranges())
            present->add(a, b);
        return success();
    }, [this, present] {
        auto q = m_db.exec(QStringLiteral("SELECT uid FROM messages WHERE mailbox_id = ? AND uid IS NOT NULL AND uid <= ?"),
                           {m_cur.server.id, m_cur.lastUid});
        if (!q) {
            finish(q.error());
            return;
        }
        QList<qint64> gone;
        while (q.value().next())
            if (!present->contains(q.value().value(0).toLongLong()))
                gone.append(q.value().value(0).toLongLong());
        if (auto s = removeUids(SequenceSet::fromList(gone)); !s) {
            finish(s);
            return;
        }
        fetchBodies();
    });
}

Status ImapFolderSync::reuseBodies()
{
    if (!m_objectId)
        return success();
    auto a = m_db.exec(QStringLiteral(
        "INSERT OR IGNORE INTO bodies (message_id, raw) SELECT m.id, o.raw FROM messages m "
        "JOIN orphan_bodies o ON o.account = ? AND o.email_id = m.email_id WHERE m.mailbox_id = ? "
        "AND NOT EXISTS (SELECT 1 FROM bodies b WHERE b.message_id = m.id)"), {m_account.name, m_cur.server.id});
    if (!a)
        return a.error();
    m_summary.bodiesReused += a.value().numRowsAffected();
    const QString other = QStringLiteral("(SELECT x.raw FROM messages m2 JOIN bodies x ON x.message_id = m2.id JOIN mailboxes b2 ON b2.id = m2.mailbox_id "
                                         "WHERE b2.account = ? AND m2.email_id = m.email_id AND m2.id <> m.id LIMIT 1)");
    auto b = m_db.exec(QStringLiteral("INSERT OR IGNORE INTO bodies (message_id, raw) SELECT m.id, %1 FROM messages m WHERE m.mailbox_id = ? "
                                      "AND m.email_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM bodies b WHERE b.message_id = m.id) "
                                      "AND %1 IS NOT NULL").arg(other),
                       {m_account.name, m_cur.server.id, m_account.name});
    if (!b)
        return b.error();
    m_summary.bodiesReused += b.value().numRowsAffected();
    return success();
}

void ImapFolderSync::fetchBodies()
{
    const store::SyncPolicy &p = m_cur.policy;
    if (!p.wantsBodies()) {
        finishFolder();
        return;
    }
    if (auto s = reuseBodies(); !s) {
        finish(s);
        return;
    }
    const qint64 cutoff = p.bodyCutoff(QDateTime::currentSecsSinceEpoch());
    if (p.kind == store::SyncPolicy::Kind::Days)   // older server copies leave the cache; local-only ones never do
        (void)m_db.exec(QStringLiteral("DELETE FROM bodies WHERE message_id IN (SELECT id FROM messages WHERE mailbox_id = ? "
                                       "AND uid IS NOT NULL AND received_at < ?)"), {m_cur.server.id, cutoff});
    auto q = m_db.exec(QStringLiteral("SELECT m.uid, m.size FROM messages m WHERE m.mailbox_id = ? AND m.uid IS NOT NULL AND m.size <= ? "
                                      "AND m.received_at >= ? AND NOT EXISTS (SELECT 1 FROM bodies b WHERE b.message_id = m.id) "
                                      "ORDER BY m.uid DESC"),   // newest first: what is read first is offline first
                       {m_cur.server.id, kMaxBackgroundBody, cutoff});
    if (!q) {
        finish(q.error());
        return;
    }
    QList<QList<qint64>> batches;
    qint64 bytes = 0;
    while (q.value().next()) {
        const qint64 size = q.value().value(1).toLongLong();
        if (batches.isEmpty() || bytes + size > kBodyBatchBytes || batches.last().size() >= kBodyBatchCount) {
            batches.append(QList<qint64>());
            bytes = 0;
        }
        batches.last().append(qint64(q.value().value(0).toLongLong()));
        bytes += size;
    }
    QList<QByteArray> cmds;
    for (const auto &b : std::as_const(batches))
        cmds << "UID FETCH " + SequenceSet::fromList(b).toString() + " (UID BODY.PEEK[])";
    pipeline(cmds, [this](const CommandResult &res) -> Status {
        if (!res.ok())
            return Error::network(QStringLiteral("body FETCH in %1 failed: %2").arg(QString::fromUtf8(m_cur.folder.name), QString::fromUtf8(res.tagged.text)));
        store::Transaction t(m_db);
        QSqlQuery ins(m_db.db());
        if (!ins.prepare(QStringLiteral("INSERT OR REPLACE INTO bodies (message_id, raw) "
                                        "SELECT id, ? FROM messages WHERE mailbox_id = ? AND uid = ?")))
            return sqlError(ins);
        for (const Response &r : res.untagged) {
            if (!r.isStatus("FETCH"))
                continue;
            const FetchItems items(r);
            const qint64 uid = items.value("UID").text.toLongLong();
            if (uid <= 0 || !items.contains("BODY[]"))
                continue;
            const QByteArray &raw = items.value("BODY[]").text;
            store::Database::bindAll(ins, {raw, m_cur.server.id, uid});
            if (!ins.exec())
                return sqlError(ins);
            ++m_summary.bodies;
            m_summary.bodyBytes += raw.size();
        }
        ins.finish();
        return t.commit();
    }, [this] {
        (void)m_db.exec(QStringLiteral("UPDATE mailboxes SET bodies_done_policy = ? WHERE id = ?"), {m_cur.policy.toString(), m_cur.server.id});
        finishFolder();
    });
}

void ImapFolderSync::finishFolder()
{
    const Current &c = m_cur;
    const qint64 uidNext = c.server.uidNext;
    if (auto r = m_db.exec(QStringLiteral("UPDATE mailboxes SET uidvalidity = ?, uidnext = ?, highestmodseq = ?, messages_on_server = ?, "
                                          "size_on_server = ?, server_mailbox_id = coalesce(?, server_mailbox_id), "
                                          "synced_uid = max(synced_uid, ?), bodies_done_policy = CASE WHEN ? THEN bodies_done_policy END "
                                          "WHERE id = ?"),
                           {c.server.uidValidity, uidNext, c.server.highestModSeq && !c.noModSeq ? QVariant(c.server.highestModSeq) : QVariant(),
                            c.exists, c.folder.status.size >= 0 ? QVariant(c.folder.status.size) : QVariant(),
                            !c.mailboxId.isEmpty() ? QVariant(QString::fromLatin1(c.mailboxId))
                                                   : !c.folder.status.mailboxId.isEmpty() ? QVariant(QString::fromLatin1(c.folder.status.mailboxId)) : QVariant(),
                            uidNext ? uidNext - 1 : 0, c.policy.wantsBodies() ? 1 : 0, c.server.id});
        !r) {
        finish(r.error());
        return;
    }
    syncNext();
}

void ImapFolderSync::startStream(qint64 above)
{
    m_streaming = true;
    m_streamAbove = above;
    m_streamMaxUid = 0;
    m_streamBytes = 0;
    m_streamed.clear();
}

// New messages stored as they arrive, a few hundred at a time: a whole reply stored
// at once kept the socket unread long enough to stall the server (measured: the sync
// took server time + store time instead of the larger of the two).
Status ImapFolderSync::flushStream(qint64 syncedUpTo)
{
    QList<Response> headers, whole;
    for (const Response &r : std::as_const(m_streamed))
        (FetchItems(r).hasWholeMessage() ? whole : headers).append(r);
    m_streamed.clear();
    m_streamBytes = 0;
    if (!whole.isEmpty())
        if (auto s = storeWhole(whole); !s)
            return s;
    return storeHeaders(headers, syncedUpTo);
}

void ImapFolderSync::onUntagged(const Response &r)
{
    if (!m_inFolder)
        return;
    if (m_streaming && r.isStatus("FETCH")) {
        const FetchItems items(r);
        const qint64 uid = items.value("UID").text.toLongLong();
        if (uid <= m_streamAbove || !items.contains("BODY[]"))
            return;   // a flag change of an older message: the flag phase reads it
        m_streamed.append(r);
        m_streamMaxUid = qMax(m_streamMaxUid, uid);
        m_streamBytes += items.value("BODY[]").text.size();
        if (m_streamed.size() >= 250 || m_streamBytes >= 4 * 1024 * 1024)
            if (auto s = flushStream(0); !s)
                finish(s);
        return;
    }
    if (r.isStatus("EXPUNGE")) {
        m_cur.expungeSeen = true;   // by sequence number: found by UID at the end of this folder
    } else if (r.isStatus("VANISHED") && !r.tokens.isEmpty() && r.tokens.first().kind != Token::Kind::List) {
        // QRESYNC: expunged now, by UID (RFC 7162 §3.2.10)
        if (auto set = SequenceSet::parse(r.tokens.first().text))
            (void)removeUids(set.value());
    }
}

Status ImapFolderSync::removeUids(const SequenceSet &uids)
{
    if (uids.isEmpty())
        return success();
    store::Transaction t(m_db);
    for (const auto &[a, b] : uids.ranges()) {
        if (m_objectId)   // kept for this sync: the same EMAILID may turn up in another folder (a move)
            (void)m_db.exec(QStringLiteral("INSERT OR IGNORE INTO orphan_bodies (account, email_id, raw) SELECT ?, m.email_id, x.raw "
                                           "FROM messages m JOIN bodies x ON x.message_id = m.id WHERE m.mailbox_id = ? "
                                           "AND m.uid BETWEEN ? AND ? AND m.email_id IS NOT NULL"), {m_account.name, m_cur.server.id, a, b});
        auto d = m_db.exec(QStringLiteral("DELETE FROM messages WHERE mailbox_id = ? AND uid BETWEEN ? AND ?"), {m_cur.server.id, a, b});
        if (!d)
            return d.error();
        m_summary.removed += d.value().numRowsAffected();
    }
    return t.commit();
}

Status ImapFolderSync::storeHeaders(const QList<Response> &fetches, qint64 top)
{
    store::Transaction t(m_db);
    if (!t.status())
        return t.status();
    // One prepared statement for the whole batch: preparing per row cost more than the rest.
    store::Statement q(m_db, QStringLiteral(
            "INSERT INTO messages (mailbox_id, uid, flags, size, received_at, date_header, subject, from_header, to_header, "
            "message_id, in_reply_to, refs, list_id, cc_header, reply_to, sender, bodystructure, email_id, modseq) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (mailbox_id, uid) WHERE uid IS NOT NULL DO UPDATE SET flags = excluded.flags, modseq = excluded.modseq, "
            "bodystructure = excluded.bodystructure, email_id = excluded.email_id"));
    if (!q.status())
        return q.status();
    store::AutocryptPeers peers(m_db);
    peers.setOwnAddress(m_account.address);   // the Sent folder's own mail is not a peer's
    for (const Response &r : fetches) {
        const FetchItems items(r);
        const qint64 uid = items.value("UID").text.toLongLong();
        if (uid <= 0)
            continue;
        const auto h = store::HeaderSummary::parse(items.value("BODY[]").text);
        const Token &bs = items.value("BODYSTRUCTURE");
        q.bind(1, m_cur.server.id);
        q.bind(2, uid);
        q.bind(3, flagsOf(items.value("FLAGS")));
        q.bind(4, items.value("RFC822.SIZE").text.toLongLong());
        q.bind(5, internalDate(items.value("INTERNALDATE").text));
        int i = 6;
        for (const QString *v : {&h.date, &h.subject, &h.from, &h.to, &h.messageId, &h.inReplyTo, &h.references,
                                 &h.listId, &h.cc, &h.replyTo, &h.sender})
            q.bind(i++, *v);
        if (items.contains("BODYSTRUCTURE"))
            q.bind(17, bs.kind == Token::Kind::Atom ? bs.text : bs.toImap());
        else
            q.bindNull(17);
        q.bind(18, listText(items, "EMAILID"));
        q.bind(19, listNumber(items, "MODSEQ"));
        if (auto s = q.run(); !s)
            return s;
        ++m_summary.added;
        if (auto a = peers.observe(m_account.name, h); !a)
            return a;
    }
    if (top > 0)
        if (auto u = m_db.exec(QStringLiteral("UPDATE mailboxes SET synced_uid = max(synced_uid, ?) WHERE id = ?"), {top, m_cur.server.id}); !u)
            return u.error();
    return t.commit();
}

Status ImapFolderSync::storeWhole(const QList<Response> &fetches)
{
    store::Transaction t(m_db);
    if (!t.status())
        return t.status();
    QSqlQuery q(m_db.db()), body(m_db.db());
    if (!q.prepare(QStringLiteral(
            "INSERT INTO messages (mailbox_id, uid, flags, size, received_at, date_header, subject, from_header, to_header, "
            "message_id, in_reply_to, refs, list_id, cc_header, reply_to, sender, email_id, modseq) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (mailbox_id, uid) WHERE uid IS NOT NULL DO UPDATE SET flags = excluded.flags, modseq = excluded.modseq "
            "RETURNING id")))
        return sqlError(q);
    if (!body.prepare(QStringLiteral("INSERT OR REPLACE INTO bodies (message_id, raw) VALUES (?, ?)")))
        return sqlError(body);
    store::AutocryptPeers peers(m_db);
    peers.setOwnAddress(m_account.address);   // the Sent folder's own mail is not a peer's
    for (const Response &r : fetches) {
        const FetchItems items(r);
        const qint64 uid = items.value("UID").text.toLongLong();
        if (uid <= 0 || !items.contains("BODY[]"))
            continue;
        const QByteArray &raw = items.value("BODY[]").text;
        const auto h = store::HeaderSummary::parse(raw);
        store::Database::bindAll(q, {m_cur.server.id, uid, QString::fromUtf8(flagsOf(items.value("FLAGS"))),
                                     items.contains("RFC822.SIZE") ? items.value("RFC822.SIZE").text.toLongLong() : qint64(raw.size()),
                                     internalDate(items.value("INTERNALDATE").text), h.date, h.subject, h.from, h.to,
                                     h.messageId, h.inReplyTo, h.references, h.listId, h.cc, h.replyTo, h.sender,
                                     listText(items, "EMAILID"), listNumber(items, "MODSEQ")});
        if (!q.exec() || !q.next())
            return sqlError(q);
        const qint64 id = q.value(0).toLongLong();
        q.finish();
        store::Database::bindAll(body, {id, raw});
        if (!body.exec())
            return sqlError(body);
        if (auto a = peers.observe(m_account.name, h); !a)
            return a;
        ++m_summary.added;
        ++m_summary.bodies;
        m_summary.bodyBytes += raw.size();
    }
    q.finish();
    body.finish();
    return t.commit();
}

Status ImapFolderSync::storeFlags(const QList<Response> &fetches)
{
    if (fetches.isEmpty())
        return success();
    store::Transaction t(m_db);
    if (!t.status())
        return t.status();
    QSqlQuery q(m_db.db());
    if (!q.prepare(QStringLiteral("UPDATE messages SET flags = ?, modseq = coalesce(?, modseq) WHERE mailbox_id = ? AND uid = ? AND flags <> ?")))
        return sqlError(q);
    for (const Response &r : fetches) {
        const FetchItems items(r);
        const qint64 uid = items.value("UID").text.toLongLong();
        if (uid <= 0 || !items.contains("FLAGS"))
            continue;
        const QString flags = QString::fromUtf8(flagsOf(items.value("FLAGS")));
        store::Database::bindAll(q, {flags, listNumber(items, "MODSEQ"), m_cur.server.id, uid, flags});
        if (!q.exec())
            return sqlError(q);
        m_summary.flagsChanged += q.numRowsAffected();
    }
    q.finish();
    return t.commit();
}

} // namespace tern::sync
