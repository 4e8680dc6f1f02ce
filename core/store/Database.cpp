#include "store/Database.h"

#include "common/Logging.h"

#include <QAtomicInt>
#include <QSqlError>
#include <QStringList>

namespace tern::store {

namespace {

// Each entry migrates from version (index) to (index + 1). Never edit a
// released entry; append a new one.
const char *const kMigrations[] = {
    // 0 -> 1: mailboxes, messages, bodies, the POP3 ledger, the outbox.
    R"sql(
    CREATE TABLE mailboxes (
        id INTEGER PRIMARY KEY,
        account TEXT NOT NULL,
        name TEXT NOT NULL,
        uidvalidity INTEGER,
        uidnext INTEGER,
        highestmodseq INTEGER,
        UNIQUE (account, name)
    );
    CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        mailbox_id INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
        uid INTEGER,
        flags TEXT NOT NULL DEFAULT '',
        size INTEGER NOT NULL DEFAULT 0,
        received_at INTEGER NOT NULL,
        date_header TEXT,
        subject TEXT,
        from_header TEXT,
        to_header TEXT,
        message_id TEXT,
        in_reply_to TEXT,
        refs TEXT,
        list_id TEXT
    );
    CREATE INDEX messages_by_mailbox ON messages (mailbox_id, uid);
    CREATE INDEX messages_by_message_id ON messages (message_id);
    CREATE TABLE bodies (
        message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
        raw BLOB NOT NULL
    );
    CREATE TABLE pop3_ledger (
        account TEXT NOT NULL,
        uidl TEXT NOT NULL,
        message_id INTEGER REFERENCES messages(id) ON DELETE SET NULL,
        downloaded_at INTEGER NOT NULL,
        state TEXT NOT NULL DEFAULT 'on-server',
        PRIMARY KEY (account, uidl)
    );
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        account TEXT NOT NULL,
        state TEXT NOT NULL,
        raw BLOB NOT NULL,
        mail_from TEXT NOT NULL,
        rcpts TEXT NOT NULL,
        message_id_header TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        rcpt_results TEXT,
        created_at INTEGER NOT NULL,
        sent_at INTEGER
    );
    CREATE INDEX outbox_by_state ON outbox (account, state);
    )sql",
    // 1 -> 2: delivery status notifications asked for per message (RFC 3461).
    R"sql(
    ALTER TABLE outbox ADD COLUMN request_dsn INTEGER NOT NULL DEFAULT 0;
    )sql",
    // 2 -> 3: where the Sent copy of a sent message is: 'local' (in the cache's
    // Sent folder: POP3 accounts) or 'pending' / 'appended' (IMAP APPEND).
    R"sql(
    ALTER TABLE outbox ADD COLUMN sent_copy TEXT NOT NULL DEFAULT 'local';
    )sql",
    // 3 -> 4: what IMAP synchronisation keeps per mailbox and message.
    R"sql(
    ALTER TABLE mailboxes ADD COLUMN attributes TEXT NOT NULL DEFAULT '';
    ALTER TABLE mailboxes ADD COLUMN delimiter TEXT;
    ALTER TABLE mailboxes ADD COLUMN exists_on_server INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE messages ADD COLUMN modseq INTEGER;
    CREATE UNIQUE INDEX messages_unique_uid ON messages (mailbox_id, uid) WHERE uid IS NOT NULL;
    )sql",
    // 4 -> 5: the offline journal of IMAP actions, replayed in order.
    R"sql(
    CREATE TABLE journal (
        id INTEGER PRIMARY KEY,
        account TEXT NOT NULL,
        op TEXT NOT NULL,
        mailbox TEXT NOT NULL,
        uid INTEGER NOT NULL,
        arg TEXT NOT NULL DEFAULT '',
        local_id INTEGER,
        state TEXT NOT NULL DEFAULT 'pending',
        error TEXT,
        created_at INTEGER NOT NULL
    );
    CREATE INDEX journal_by_state ON journal (account, state, id);
    )sql",
    // 5 -> 6: the rest of the IMAP engine. Per message: Cc, Reply-To, Sender,
    // BODYSTRUCTURE (as the server sent it), the RFC 8474 EMAILID. Per mailbox:
    // what STATUS/LIST-STATUS report (messages, size, MAILBOXID), the highest UID
    // whose headers are in the cache (a resumable first sync), the sync policy
    // whose bodies are all here. Sync policies; parts fetched one by one
    // (BODY.PEEK[1.2]); per-account session facts (NAMESPACE); bodies of
    // expunged messages kept for one sync by EMAILID, so a move made by another
    // client is recognised as a move and not downloaded again.
    R"sql(
    ALTER TABLE messages ADD COLUMN cc_header TEXT;
    ALTER TABLE messages ADD COLUMN reply_to TEXT;
    ALTER TABLE messages ADD COLUMN sender TEXT;
    ALTER TABLE messages ADD COLUMN bodystructure TEXT;
    ALTER TABLE messages ADD COLUMN email_id TEXT;
    CREATE INDEX messages_by_email_id ON messages (email_id) WHERE email_id IS NOT NULL;
    ALTER TABLE mailboxes ADD COLUMN messages_on_server INTEGER;
    ALTER TABLE mailboxes ADD COLUMN size_on_server INTEGER;
    ALTER TABLE mailboxes ADD COLUMN server_mailbox_id TEXT;
    ALTER TABLE mailboxes ADD COLUMN synced_uid INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE mailboxes ADD COLUMN bodies_done_policy TEXT;
    UPDATE mailboxes SET synced_uid = coalesce((SELECT max(uid) FROM messages WHERE mailbox_id = mailboxes.id), 0);
    CREATE TABLE sync_policy (
        account TEXT NOT NULL,
        mailbox TEXT NOT NULL DEFAULT '',
        policy TEXT NOT NULL,
        PRIMARY KEY (account, mailbox)
    );
    CREATE TABLE parts (
        message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
        section TEXT NOT NULL,
        raw BLOB NOT NULL,
        PRIMARY KEY (message_id, section)
    );
    CREATE TABLE account_state (
        account TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT,
        PRIMARY KEY (account, key)
    );
    CREATE TABLE orphan_bodies (
        account TEXT NOT NULL,
        email_id TEXT NOT NULL,
        raw BLOB NOT NULL,
        PRIMARY KEY (account, email_id)
    );
    )sql",
    // 7: the message list of a large folder in arrival order without sorting
    // it (a 100,000-message folder: 200 ms of sort per open), and unread
    // counts that read only the unread.
    R"sql(
    CREATE INDEX messages_by_arrival ON messages (mailbox_id, received_at);
    CREATE INDEX messages_unread ON messages (mailbox_id) WHERE flags NOT LIKE '%\Seen%';
    )sql",
    // 8: full-text search (core/search). search_text holds each message's
    // decoded words (FTS5, rowid = messages.id); search_facts what a query
    // filters on that the messages row does not say; search_pending the
    // messages whose text is not indexed yet: every new message, and one whose
    // body (or a part of it) arrived after its headers. Triggers keep the three
    // right whichever code path adds, fetches or removes mail, so no writer can
    // forget the index; the decoding itself (MIME, charsets, HTML) is C++ and
    // runs after the writer's transaction (SearchIndex::indexPending).
    R"sql(
    CREATE VIRTUAL TABLE search_text USING fts5 (
        subject, sender, recipients, cc, body, attachments, list,
        tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
    );
    CREATE TABLE search_facts (
        message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
        sent_at INTEGER NOT NULL,
        has_attachment INTEGER NOT NULL DEFAULT 0,
        encrypted INTEGER NOT NULL DEFAULT 0,
        signed INTEGER NOT NULL DEFAULT 0,
        body_indexed INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX search_facts_by_date ON search_facts (sent_at);
    CREATE TABLE search_pending (
        message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE
    );
    INSERT INTO search_pending (message_id) SELECT id FROM messages;
    CREATE TRIGGER search_message_added AFTER INSERT ON messages BEGIN
        INSERT OR IGNORE INTO search_pending (message_id) VALUES (new.id);
    END;
    CREATE TRIGGER search_message_gone AFTER DELETE ON messages BEGIN
        DELETE FROM search_text WHERE rowid = old.id;
    END;
    CREATE TRIGGER search_body_arrived AFTER INSERT ON bodies BEGIN
        INSERT OR IGNORE INTO search_pending (message_id) VALUES (new.message_id);
    END;
    CREATE TRIGGER search_part_arrived AFTER INSERT ON parts BEGIN
        INSERT OR IGNORE INTO search_pending (message_id) VALUES (new.message_id);
    END;
    CREATE TABLE saved_searches (
        name TEXT PRIMARY KEY,
        query TEXT NOT NULL,
        created_at INTEGER NOT NULL
    );
    )sql",
    // 9: Autocrypt peers (store/AutocryptPeers, autocrypt.org level 1 §2.3):
    // per account and sender address what their mail last said of their key.
    // The key bytes stay here, apart from the user's GnuPG keyring, until the
    // user accepts one (accepted_fingerprint: the key then imported).
    R"sql(
    CREATE TABLE autocrypt_peers (
        account TEXT NOT NULL,
        addr TEXT NOT NULL,
        last_seen INTEGER NOT NULL,
        autocrypt_timestamp INTEGER NOT NULL,
        keydata BLOB NOT NULL,
        fingerprint TEXT NOT NULL,
        prefer_mutual INTEGER NOT NULL DEFAULT 0,
        accepted_fingerprint TEXT,
        PRIMARY KEY (account, addr)
    );
    CREATE INDEX autocrypt_peers_by_seen ON autocrypt_peers (account, last_seen);
    )sql",
    // 10: mail grouped by mailing list (lists/KnownLists): the lists and their
    // unread counts read from this index alone, never the wide message rows.
    R"sql(
    CREATE INDEX messages_by_list ON messages (list_id, flags) WHERE list_id IS NOT NULL AND list_id <> '';
    )sql",
    // 11: new messages wait for the search index by their id, above a mark
    // (search_state.indexed_upto), not by a row a trigger writes for each: that
    // trigger cost a 100,000-message headers-only first sync 1.5-2 s of 5. The
    // mark never stays above the highest id left, so a reused id is new again.
    // Bodies and parts that arrive later are still queued in search_pending.
    R"sql(
    DROP TRIGGER search_message_added;
    CREATE TABLE search_state (
        key TEXT PRIMARY KEY,
        value INTEGER NOT NULL
    );
    INSERT INTO search_state (key, value) SELECT 'indexed_upto', coalesce(max(id), 0) FROM messages;
    DROP TRIGGER search_message_gone;
    CREATE TRIGGER search_message_gone AFTER DELETE ON messages BEGIN
        DELETE FROM search_text WHERE rowid = old.id;
        UPDATE search_state SET value = (SELECT coalesce(max(id), 0) FROM messages)
            WHERE key = 'indexed_upto' AND value > (SELECT coalesce(max(id), 0) FROM messages);
    END;
    DROP TRIGGER search_body_arrived;
    CREATE TRIGGER search_body_arrived AFTER INSERT ON bodies
        WHEN new.message_id <= (SELECT value FROM search_state WHERE key = 'indexed_upto') BEGIN
        INSERT OR IGNORE INTO search_pending (message_id) VALUES (new.message_id);
    END;
    DROP TRIGGER search_part_arrived;
    CREATE TRIGGER search_part_arrived AFTER INSERT ON parts
        WHEN new.message_id <= (SELECT value FROM search_state WHERE key = 'indexed_upto') BEGIN
        INSERT OR IGNORE INTO search_pending (message_id) VALUES (new.message_id);
    END;
    )sql",
    // 12: messages_by_mailbox (mailbox_id, uid) repeated messages_unique_uid for every
    // row a server knows, and each insert paid for both (a headers-only first sync
    // writes 100,000). Lookups by UID use the unique index (a "uid = ?" or range
    // term says uid is not null); those by folder alone use messages_by_arrival.
    R"sql(
    DROP INDEX IF EXISTS messages_by_mailbox;
    )sql",
};

QAtomicInt g_connectionCounter;

// A migration's statements: split at ';', except inside a trigger's
// BEGIN … END, whose body has statements of its own.
QStringList splitStatements(const QString &script)
{
    QStringList out;
    QString pending;
    for (const QString &piece : script.split(QLatin1Char(';'))) {
        pending += piece;
        const QString statement = pending.trimmed();
        if (statement.startsWith(QLatin1String("CREATE TRIGGER"), Qt::CaseInsensitive) &&
            !statement.endsWith(QLatin1String("END"), Qt::CaseInsensitive)) {
            pending += QLatin1Char(';');
            continue;
        }
        if (!statement.isEmpty())
            out << statement;
        pending.clear();
    }
    return out;
}

} // namespace

int Database::schemaVersion()
{
    return int(sizeof kMigrations / sizeof kMigrations[0]);
}

Database::~Database()
{
    if (m_db.isOpen())
        m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

Result<std::unique_ptr<Database>> Database::open(const QString &file, int upTo)
{
    std::unique_ptr<Database> d(new Database);
    d->m_file = file;
    d->m_connectionName = QStringLiteral("tern-%1").arg(g_connectionCounter.fetchAndAddRelaxed(1));
    d->m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), d->m_connectionName);
    d->m_db.setDatabaseName(file);
    d->m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    if (!d->m_db.open())
        return Error::io(QStringLiteral("cannot open cache %1: %2").arg(file, d->m_db.lastError().text()));
    for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"}) {
        if (auto r = d->exec(QLatin1String(pragma)); !r)
            return r.error();
    }
    if (auto m = d->migrate(upTo < 0 ? schemaVersion() : qMin(upTo, schemaVersion())); !m)
        return m.error();
    return d;
}

Result<QSqlQuery> Database::exec(const QString &sql, const QVariantList &bind)
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        return Error::io(QStringLiteral("cache: %1 (in: %2)").arg(q.lastError().text(), sql.simplified().left(120)));
    bindAll(q, bind);
    if (!q.exec())
        return Error::io(QStringLiteral("cache: %1 (in: %2)").arg(q.lastError().text(), sql.simplified().left(120)));
    return q;
}

void Database::bindAll(QSqlQuery &q, const QVariantList &values)
{
    for (int i = 0; i < values.size(); ++i) {
        const QVariant &v = values.at(i);
        if (v.typeId() == QMetaType::QString && v.toString().isNull())
            q.bindValue(i, QStringLiteral(""));
        else
            q.bindValue(i, v);
    }
}

Status Database::begin()
{
    // IMMEDIATE: take the write lock now, so two writers never deadlock on upgrade.
    if (auto r = exec(QStringLiteral("BEGIN IMMEDIATE")); !r)
        return r.error();
    return success();
}

Status Database::commit()
{
    if (auto r = exec(QStringLiteral("COMMIT")); !r)
        return r.error();
    return success();
}

void Database::rollback()
{
    (void)exec(QStringLiteral("ROLLBACK"));
}

Status Database::migrate(int upTo)
{
    auto v = exec(QStringLiteral("PRAGMA user_version"));
    if (!v)
        return v.error();
    v.value().next();
    const int current = v.value().value(0).toInt();
    v.value().finish();   // an open statement would lock the schema against DROP INDEX
    if (current > schemaVersion())
        return Error::conflict(QStringLiteral("cache %1 has schema %2, newer than this Tern knows (%3); refusing to touch it")
                                   .arg(m_file).arg(current).arg(schemaVersion()));
    for (int from = current; from < upTo; ++from) {
        Transaction t(*this);
        if (!t.status())
            return t.status();
        // QSqlQuery runs one statement at a time.
        for (const QString &stmt : splitStatements(QString::fromUtf8(kMigrations[from]))) {
            if (auto r = exec(stmt); !r)
                return r.error();
        }
        if (auto r = exec(QStringLiteral("PRAGMA user_version = %1").arg(from + 1)); !r)
            return r.error();
        if (auto c = t.commit(); !c)
            return c;
        qCInfo(lcStore) << "cache migrated to schema" << from + 1;
    }
    return success();
}

} // namespace tern::store
