// The SQLite cache: schema migrations, transactions, and the outbox's states.
#include "store/Database.h"
#include "store/MessageStore.h"
#include "store/OutboxStore.h"
#include "store/Statement.h"
#include "store/SyncPolicy.h"

#include <QTemporaryDir>
#include <QTest>

using namespace tern;
using namespace tern::store;

class TestCache : public QObject {
    Q_OBJECT
private slots:
    void opensMigratesAndReopens()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("c.sqlite"));
        {
            auto db = Database::open(file);
            QVERIFY2(db.ok(), qPrintable(db.error().message));
            auto mode = db.value()->exec(QStringLiteral("PRAGMA journal_mode"));
            QVERIFY(mode.value().next());
            QCOMPARE(mode.value().value(0).toString(), QStringLiteral("wal"));
            auto v = db.value()->exec(QStringLiteral("PRAGMA user_version"));
            QVERIFY(v.value().next());
            QCOMPARE(v.value().value(0).toInt(), Database::schemaVersion());
            QVERIFY(MessageStore(*db.value()).insert(QStringLiteral("a"), QStringLiteral("INBOX"), "Subject: x\r\n\r\nbody").ok());
        }
        auto again = Database::open(file);
        QVERIFY(again.ok());
        QCOMPARE(MessageStore(*again.value()).count(QStringLiteral("a"), QStringLiteral("INBOX")).value(), 1);
    }

    void migratesAnOlderCacheKeepingItsData()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("c.sqlite"));
        {
            // A cache as the first release left it: schema 1, one queued message.
            auto db = Database::open(file, 1);
            QVERIFY2(db.ok(), qPrintable(db.error().message));
            QVERIFY(db.value()->exec(QStringLiteral("INSERT INTO outbox (account, state, raw, mail_from, rcpts, created_at) "
                                                    "VALUES ('a', 'queued', 'raw', 'f@x', 't@x', 0)")).ok());
            QVERIFY(!db.value()->exec(QStringLiteral("SELECT request_dsn FROM outbox")).ok());   // really schema 1
        }
        auto db = Database::open(file);
        QVERIFY2(db.ok(), qPrintable(db.error().message));
        const auto entries = OutboxStore(*db.value()).list(QStringLiteral("a"), true).value();
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.first().raw, QByteArray("raw"));
        QCOMPARE(entries.first().requestDsn, false);
        QCOMPARE(entries.first().sentCopy, QStringLiteral("local"));
    }

    void refusesANewerSchema()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("c.sqlite"));
        {
            auto db = Database::open(file);
            QVERIFY(db.value()->exec(QStringLiteral("PRAGMA user_version = 999")).ok());
        }
        auto db = Database::open(file);
        QVERIFY(!db.ok());
        QVERIFY(db.error().message.contains(QStringLiteral("newer")));
    }

    void uncommittedWorkRollsBack()
    {
        QTemporaryDir dir;
        auto db = Database::open(dir.filePath(QStringLiteral("c.sqlite")));
        MessageStore m(*db.value());
        {
            Transaction t(*db.value());
            QVERIFY(m.insert(QStringLiteral("a"), QStringLiteral("INBOX"), "x").ok());
        }   // no commit
        QCOMPARE(m.count(QStringLiteral("a"), QStringLiteral("INBOX")).value(), 0);
    }

    void headerSummary()
    {
        const auto h = HeaderSummary::parse("Subject: a\r\n folded\r\nFROM: X <x@y>\r\nList-Id: <l.example>\r\n\r\nSubject: body\r\n");
        QCOMPARE(h.subject, QStringLiteral("a folded"));
        QCOMPARE(h.from, QStringLiteral("X <x@y>"));
        QCOMPARE(h.listId, QStringLiteral("<l.example>"));
    }

    // The shapes the one-pass reader must get right: every sync stores through it.
    void headerSummaryEdges()
    {
        // LF only, tabs folding, white space around names and values, the first of a repeated field.
        auto h = HeaderSummary::parse("subject :\tfirst\n\tsecond  \nSubject: later\nTo:   a@b  \n\nTo: body@x\n");
        QCOMPARE(h.subject, QStringLiteral("first second"));
        QCOMPARE(h.to, QStringLiteral("a@b"));
        // An empty field is filled by a later one; an unknown field, even folded, takes nothing.
        h = HeaderSummary::parse("Cc:\r\nX-Cc: no\r\n  Cc: no\r\nCc: c@d\r\n\r\n");
        QCOMPARE(h.cc, QStringLiteral("c@d"));
        // The colon on a continuation line: the unfolded field is read.
        h = HeaderSummary::parse("Sender\r\n : s@t\r\n\r\n");
        QCOMPARE(h.sender, QStringLiteral("s@t"));
        // No colon, a colon first, a blank-looking line of white space, no blank line at the end.
        h = HeaderSummary::parse(": x\r\nnonsense\r\n \r\nMessage-ID: <m@x>");
        QCOMPARE(h.messageId, QStringLiteral("<m@x>"));
        // A header that starts folded belongs to no earlier field and is read as one.
        h = HeaderSummary::parse(" Date: Mon, 1 Jan 2024 00:00:00 +0000\r\n\r\n");
        QCOMPARE(h.date, QStringLiteral("Mon, 1 Jan 2024 00:00:00 +0000"));
        // 8-bit bytes become U+FFFD, UTF-8 stays.
        h = HeaderSummary::parse("Subject: caf\xc3\xa9 \xff\r\n\r\n");
        QCOMPARE(h.subject, QStringLiteral("caf\u00e9 \ufffd"));
        // Autocrypt fields are kept as sent, unfolded, each one; the body's are not.
        h = HeaderSummary::parse("AUTOCRYPT: addr=a@b;\r\n keydata=AAAA\r\n BBBB\r\nAutocrypt: addr=c@d; keydata=CC\r\n\r\nAutocrypt: no\r\n");
        QCOMPARE(h.autocrypt, (QList<QByteArray>{"addr=a@b; keydata=AAAA BBBB", "addr=c@d; keydata=CC"}));
        // Bounds: a value is cut at 4,096 characters; References keep their first id and their end.
        QByteArray refs = "References: <first@x>";
        for (int i = 0; i < 400; ++i)
            refs += "\r\n <id" + QByteArray::number(i) + "@example.org>";
        h = HeaderSummary::parse(refs + "\r\nSubject: " + QByteArray(5000, 'y') + "\r\n\r\n");
        QCOMPARE(h.subject.size(), 4096);
        QVERIFY(h.references.startsWith(QLatin1String("<first@x> <id")));
        QVERIFY(h.references.endsWith(QLatin1String("<id399@example.org>")));
        QVERIFY(h.references.size() <= 4096);
        // Headers past 256 KiB are not read; the empty input is no headers.
        h = HeaderSummary::parse("X-Pad: " + QByteArray(300 * 1024, 'p') + "\r\nSubject: late\r\n\r\n");
        QVERIFY(h.subject.isEmpty());
        h = HeaderSummary::parse(QByteArray());
        QVERIFY(h.subject.isEmpty() && h.autocrypt.isEmpty());
    }

    // The sync's raw statement binds as QSqlQuery did: a null QString is empty text,
    // an invalid QVariant is NULL, bytes that are not UTF-8 are decoded, a blob stays one.
    void rawStatementBindsLikeQtSql()
    {
        QTemporaryDir dir;
        auto db = Database::open(dir.filePath(QStringLiteral("c.sqlite")));
        QVERIFY(db.ok());
        QVERIFY(db.value()->exec(QStringLiteral("CREATE TABLE t (a, b, c, d, e)")).ok());
        Statement ins(*db.value(), QStringLiteral("INSERT INTO t VALUES (?, ?, ?, ?, ?)"));
        QVERIFY2(ins.status().ok(), qPrintable(ins.status().error().message));
        ins.bind(1, QString());
        ins.bind(2, QVariant());
        ins.bind(3, QByteArray("caf\xc3\xa9 \xff"));
        ins.bind(4, QVariant(QByteArray("\x00\x01", 2)));
        ins.bind(5, qint64(1) << 40);
        QVERIFY(ins.run().ok());
        QCOMPARE(ins.changes(), 1);
        auto q = db.value()->exec(QStringLiteral("SELECT typeof(a), a, typeof(b), c, typeof(d), length(d), e FROM t"));
        QVERIFY(q.ok() && q.value().next());
        QCOMPARE(q.value().value(0).toString(), QStringLiteral("text"));
        QCOMPARE(q.value().value(1).toString(), QString());
        QCOMPARE(q.value().value(2).toString(), QStringLiteral("null"));
        QCOMPARE(q.value().value(3).toString(), QStringLiteral("caf\u00e9 \ufffd"));
        QCOMPARE(q.value().value(4).toString(), QStringLiteral("blob"));
        QCOMPARE(q.value().value(5).toInt(), 2);
        QCOMPARE(q.value().value(6).toLongLong(), qint64(1) << 40);
        q.value().finish();
        // Bindings do not leak into the next run; a bad index and bad SQL are errors, not crashes.
        QVERIFY(ins.run().ok());
        QVERIFY(db.value()->exec(QStringLiteral("SELECT 1 FROM t WHERE a IS NULL AND e IS NULL")).value().next());
        ins.bind(9, qint64(1));
        QVERIFY(!ins.run().ok());
        Statement bad(*db.value(), QStringLiteral("INSERT INTO nowhere VALUES (?)"));
        QVERIFY(!bad.status().ok());
        QVERIFY(bad.status().error().message.contains(QLatin1String("nowhere")));
        QVERIFY(!bad.run().ok());
    }

    // The sync's and the list's lookups of a folder's messages each find an index
    // (migration 12 dropped one that repeated another): no full scan of messages.
    void folderLookupsUseAnIndex()
    {
        QTemporaryDir dir;
        auto db = Database::open(dir.filePath(QStringLiteral("c.sqlite")));
        QVERIFY(db.ok());
        const QStringList lookups{
            QStringLiteral("SELECT id FROM messages WHERE mailbox_id = 1 AND uid = 5"),
            QStringLiteral("SELECT id FROM messages WHERE mailbox_id = 1 AND uid BETWEEN 5 AND 9"),
            QStringLiteral("SELECT uid, flags FROM messages WHERE mailbox_id = 1 AND uid IS NOT NULL ORDER BY uid DESC"),
            QStringLiteral("SELECT count(*) FROM messages WHERE mailbox_id = 1"),
            QStringLiteral("SELECT max(uid) FROM messages WHERE mailbox_id = 1 AND uid IS NOT NULL"),
            QStringLiteral("DELETE FROM messages WHERE mailbox_id = 1 AND uid BETWEEN 5 AND 9")};
        for (const QString &sql : lookups) {
            auto plan = db.value()->exec(QStringLiteral("EXPLAIN QUERY PLAN ") + sql);
            QVERIFY(plan.ok());
            QString text;
            while (plan.value().next())
                text += plan.value().value(3).toString() + QLatin1Char('\n');
            QVERIFY2(text.contains(QLatin1String("USING")) && !text.contains(QLatin1String("SCAN messages")),
                     qPrintable(sql + QStringLiteral(": ") + text));
        }
        auto gone = db.value()->exec(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'messages_by_mailbox'"));
        QVERIFY(gone.ok() && gone.value().next());
        QCOMPARE(gone.value().value(0).toInt(), 0);
    }

    void syncPolicies()
    {
        QTemporaryDir dir;
        auto db = Database::open(dir.filePath(QStringLiteral("c.sqlite")));
        QVERIFY(db.ok());
        for (const char *good : {"all", "headers", "skip", "days=30", "DAYS=1"})
            QVERIFY2(SyncPolicy::parse(QLatin1String(good)).ok(), good);
        for (const char *bad : {"", "some", "days=0", "days=-3", "days=x", "days=99999"})
            QVERIFY2(!SyncPolicy::parse(QLatin1String(bad)).ok(), bad);
        AccountConfig online, disconnected;
        online.name = QStringLiteral("on");
        online.mode = AccountMode::Online;
        disconnected.name = QStringLiteral("off");
        SyncPolicyStore store(*db.value());
        // Defaults follow the mode; a folder inherits until it has its own.
        QCOMPARE(store.forFolder(online, QStringLiteral("INBOX")).value().toString(), QStringLiteral("headers"));
        QCOMPARE(store.forFolder(disconnected, QStringLiteral("INBOX")).value().toString(), QStringLiteral("all"));
        QVERIFY(store.set(QStringLiteral("off"), QString(), SyncPolicy::parse(QStringLiteral("days=7")).value()));
        QVERIFY(store.set(QStringLiteral("off"), QStringLiteral("Spam"), SyncPolicy::parse(QStringLiteral("skip")).value()));
        QCOMPARE(store.forFolder(disconnected, QStringLiteral("INBOX")).value().toString(), QStringLiteral("days=7"));
        QCOMPARE(store.forFolder(disconnected, QStringLiteral("Spam")).value().toString(), QStringLiteral("skip"));
        QVERIFY(store.set(QStringLiteral("off"), QStringLiteral("Spam"), std::nullopt));
        QCOMPARE(store.forFolder(disconnected, QStringLiteral("Spam")).value().toString(), QStringLiteral("days=7"));
        const auto days = SyncPolicy::parse(QStringLiteral("days=2")).value();
        QCOMPARE(days.bodyCutoff(1000000), 1000000 - 2 * 86400);
        QVERIFY(days.wantsBodies() && !SyncPolicy::parse(QStringLiteral("headers")).value().wantsBodies());
    }

    void outboxLifecycle()
    {
        QTemporaryDir dir;
        auto db = Database::open(dir.filePath(QStringLiteral("c.sqlite")));
        OutboxStore o(*db.value());
        const QByteArray raw = "From: a@x\r\nSubject: s\r\n\r\nhi\r\n";
        const qint64 id = o.enqueue(QStringLiteral("acc"), raw, "a@x", {"b@x", "c@x"}, QStringLiteral("<m@x>")).value();
        QCOMPARE(o.due(QStringLiteral("acc"), QDateTime::currentDateTimeUtc()).value().size(), 1);

        // A sender dies while submitting: the entry becomes uncertain, not due.
        QVERIFY(o.markSubmitting(id).ok());
        QCOMPARE(o.markInterruptedUncertain(QStringLiteral("acc")).value(), 1);
        QVERIFY(o.due(QStringLiteral("acc"), QDateTime::currentDateTimeUtc()).value().isEmpty());
        auto all = o.list(QStringLiteral("acc")).value();
        QCOMPARE(all.first().state, QStringLiteral("uncertain"));
        QVERIFY(all.first().lastError.contains(QStringLiteral("may or may not")));

        // The user decides to retry; it is due again, and sent: a copy lands in Sent atomically.
        QVERIFY(o.retry(id).ok());
        auto due = o.due(QStringLiteral("acc"), QDateTime::currentDateTimeUtc()).value();
        QCOMPARE(due.size(), 1);
        QCOMPARE(due.first().raw, raw);
        QCOMPARE(due.first().recipients, (QList<QByteArray>{"b@x", "c@x"}));
        QVERIFY(o.markSubmitting(id).ok());
        QVERIFY(o.markSent(due.first(), QStringLiteral("b@x 250"), QDateTime::currentDateTimeUtc()).ok());
        QCOMPARE(o.list(QStringLiteral("acc")).value().first().state, QStringLiteral("sent"));
        auto sent = MessageStore(*db.value()).list(QStringLiteral("acc"), QStringLiteral("Sent")).value();
        QCOMPARE(sent.size(), 1);
        QCOMPARE(sent.first().flags, QStringLiteral("\\Seen"));
        QVERIFY(!o.retry(id).ok());    // a sent entry cannot be resent by accident
        QVERIFY(!o.forget(id).ok());

        // Backoff keeps a requeued entry out of the due list until its time.
        const qint64 id2 = o.enqueue(QStringLiteral("acc"), raw, "a@x", {"b@x"}, {}).value();
        QVERIFY(o.requeue(id2, QStringLiteral("451 try later"), QDateTime::currentDateTimeUtc().addSecs(600)).ok());
        QVERIFY(o.due(QStringLiteral("acc"), QDateTime::currentDateTimeUtc()).value().isEmpty());
        QCOMPARE(o.due(QStringLiteral("acc"), QDateTime::currentDateTimeUtc().addSecs(601)).value().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestCache)
#include "tst_cache.moc"
