// IMAP synchronisation on the wire, against scripted servers: the exact
// commands for each server capability (CONDSTORE, QRESYNC, LIST-STATUS,
// ESEARCH, IMAP4rev2, OBJECTID, IDLE), what the cache holds afterwards, the
// offline journal's replay (new UIDs mapped, crash-safe, conflicts), and a
// dropped connection retried by `tern sync`.
#include "ScriptedServer.h"
#include "TestPaths.h"

#include "store/AutocryptPeers.h"
#include "store/MessageStore.h"
#include "store/SyncPolicy.h"
#include "sync/ImapBodyFetch.h"
#include "sync/ImapFolderSync.h"
#include "sync/ImapServerSearch.h"
#include "search/SearchQuery.h"
#include "sync/ImapWatch.h"
#include "sync/OfflineJournal.h"

#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace tern;
using tern::test::ScriptedServer;

#define START(server) QVERIFY2((server).start(), qPrintable((server).failure()))
#define FINISHED(server) QTRY_VERIFY2_WITH_TIMEOUT((server).finished(), qPrintable((server).failure() + QStringLiteral("\n") + QString::fromUtf8((server).transcript().right(1500))), 10000)

namespace {
const char *kHello = "S: * PREAUTH [CAPABILITY IMAP4rev1 CONDSTORE] ready\n"
                     "C: t1 LIST \"\" \"*\"\nS: * LIST (\\HasNoChildren) \"/\" INBOX\nS: t1 OK\n";
const char *kFields = "BODY.PEEK[HEADER.FIELDS (DATE SUBJECT FROM SENDER REPLY-TO TO CC MESSAGE-ID IN-REPLY-TO REFERENCES LIST-ID CONTENT-TYPE AUTOCRYPT)]";
const char *kDate = "INTERNALDATE \"1-Jan-2026 00:00:00 +0000\"";

// "C: tN UID FETCH RANGE (items for new messages, headers only)"
QString headerFetch(int tag, const QString &range, bool condstore = true, bool emailId = false)
{
    return QStringLiteral("C: t%1 UID FETCH %2 (UID FLAGS RFC822.SIZE INTERNALDATE%3%4 BODYSTRUCTURE %5)\n")
        .arg(tag).arg(range, condstore ? QStringLiteral(" MODSEQ") : QString(), emailId ? QStringLiteral(" EMAILID") : QString(),
             QLatin1String(kFields));
}

// "S: * N FETCH (UID U FLAGS (..) ... BODY[HEADER.FIELDS (..)] "Subject: s")"
QString headerReply(int seq, int uid, const QString &subject, const QString &flags = {}, int modseq = 1)
{
    return QStringLiteral("S: * %1 FETCH (UID %2 FLAGS (%3) RFC822.SIZE 10 %4 MODSEQ (%5) BODYSTRUCTURE (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 2 1 NIL NIL NIL) "
                          "BODY[HEADER.FIELDS (SUBJECT)] \"Subject: %6\")\n")
        .arg(seq).arg(uid).arg(flags, QLatin1String(kDate)).arg(modseq).arg(subject);
}

QString selectReply(int tag, int exists, int uidValidity, int uidNext, int modseq)
{
    return QStringLiteral("S: * %1 EXISTS\nS: * OK [UIDVALIDITY %2] x\nS: * OK [UIDNEXT %3] x\nS: * OK [HIGHESTMODSEQ %4] x\nS: t%5 OK [READ-WRITE] done\n")
        .arg(exists).arg(uidValidity).arg(uidNext).arg(modseq).arg(tag);
}

struct Fixture {
    QTemporaryDir dir;
    std::unique_ptr<store::Database> db = std::move(store::Database::open(dir.filePath(QStringLiteral("c.sqlite"))).value());
    store::AccountMode mode = store::AccountMode::Online;
    QString onlyFolder;
    sync::ImapJob::Compression compression = sync::ImapJob::Compression::Auto;

    store::AccountConfig account(const ScriptedServer &server) const
    {
        store::AccountConfig a;
        a.name = QStringLiteral("acct");
        a.imap = net::ServerUrl::parse(QStringLiteral("imaps://u@127.0.0.1:%1").arg(server.serverPort()), net::Protocol::Imap).value();
        a.caFile = ScriptedServer::caFile();
        a.mode = mode;
        return a;
    }
    sync::FolderSyncSummary sync(const ScriptedServer &server, bool *ok)
    {
        net::Credentials c;
        c.user = QStringLiteral("u");
        sync::ImapFolderSync s(*db, account(server), c);
        if (!onlyFolder.isEmpty())
            s.setOnlyFolder(onlyFolder);
        s.setCompression(compression);
        sync::FolderSyncSummary summary;
        bool done = false;
        *ok = false;
        QObject::connect(&s, &sync::ImapFolderSync::finished, [&](const Status &st, const sync::FolderSyncSummary &sum) {
            *ok = st.ok();
            if (!st)
                qWarning() << st.error().message;
            summary = sum;
            done = true;
        });
        s.run();
        (void)QTest::qWaitFor([&] { return done; }, 10000);
        return summary;
    }
    QStringList folder(const QString &name = QStringLiteral("INBOX"))
    {
        QStringList out;
        for (const auto &m : store::MessageStore(*db).list(QStringLiteral("acct"), name).value())
            out << m.subject + QLatin1Char('|') + m.flags;
        return out;
    }
    QVariant value(const QString &sql, const QVariantList &bind = {})
    {
        auto q = db->exec(sql, bind);
        return q && q.value().next() ? q.value().value(0) : QVariant();
    }
    QStringList journalStates()
    {
        QStringList out;
        for (const auto &e : sync::OfflineJournal(*db).all(QStringLiteral("acct")).value())
            out << e.op + QLatin1Char(':') + e.state;
        return out;
    }
};
} // namespace

class TestImapSync : public QObject {
    Q_OBJECT
private slots:
    // Autocrypt (issue #6): a headers-only sync fetches the Autocrypt field and
    // learns the sender's key into the cache's peer state, a forged one not.
    void headersOnlySyncLearnsAutocryptKeys()
    {
        Fixture fx;
        QByteArray body;
        body += char(4);
        body += QByteArray("\x5f\x00\x00\x00", 4);
        body += char(22);
        body += QByteArray(32, 'b');
        const QByteArray key = char(0xC6) + QByteArray(1, char(body.size())) + body;
        const QString b64 = QString::fromLatin1(key.toBase64());
        auto literal = [](const QStringList &lines) {
            qsizetype n = 0;
            for (const QString &l : lines)
                n += l.toUtf8().size() + 2;   // each script line is sent with CRLF
            return QStringLiteral("{%1}\n").arg(n) + QStringLiteral("S: ") + lines.join(QStringLiteral("\nS: ")) + QStringLiteral("\n");
        };
        const QStringList bob{QStringLiteral("From: Bob <bob@example.test>"), QStringLiteral("Date: Mon, 02 Mar 2026 10:00:00 +0000"),
                              QStringLiteral("Autocrypt: addr=bob@example.test; prefer-encrypt=mutual; keydata="),
                              QStringLiteral(" ") + b64, QString()};
        const QStringList forged{QStringLiteral("From: Mallory <mallory@example.test>"), QStringLiteral("Date: Mon, 02 Mar 2026 11:00:00 +0000"),
                                 QStringLiteral("Autocrypt: addr=carol@example.test; keydata=") + b64, QString()};
        const QString bs = QStringLiteral("BODYSTRUCTURE (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 2 1 NIL NIL NIL) ");
        ScriptedServer s(QLatin1String(kHello) + QStringLiteral("C: t2 SELECT \"INBOX\" (CONDSTORE)\n") + selectReply(2, 2, 7, 3, 50) +
                             headerFetch(3, QStringLiteral("1:2")) +
                             QStringLiteral("S: * 1 FETCH (UID 1 FLAGS () RFC822.SIZE 100 %1 MODSEQ (40) ").arg(QLatin1String(kDate)) + bs +
                             QStringLiteral("BODY[HEADER.FIELDS (FROM DATE AUTOCRYPT)] ") + literal(bob) + QStringLiteral("S: )\n") +
                             QStringLiteral("S: * 2 FETCH (UID 2 FLAGS () RFC822.SIZE 100 %1 MODSEQ (41) ").arg(QLatin1String(kDate)) + bs +
                             QStringLiteral("BODY[HEADER.FIELDS (FROM DATE AUTOCRYPT)] ") + literal(forged) + QStringLiteral("S: )\n") +
                             QStringLiteral("S: t3 OK\nC: t4 LOGOUT\nS: * BYE\nS: t4 OK\nCLOSE\n"), ScriptedServer::Tls::Implicit);
        START(s);
        bool ok = false;
        const auto sum = fx.sync(s, &ok);
        QVERIFY(ok);
        FINISHED(s);
        QCOMPARE(sum.added, 2);
        QCOMPARE(fx.value(QStringLiteral("SELECT count(*) FROM bodies")).toInt(), 0);   // headers only
        QCOMPARE(fx.value(QStringLiteral("SELECT count(*) FROM autocrypt_peers")).toInt(), 1);
        QCOMPARE(fx.value(QStringLiteral("SELECT addr || ' ' || prefer_mutual || ' ' || fingerprint FROM autocrypt_peers WHERE account = 'acct'")).toString(),
                 QStringLiteral("bob@example.test 1 ") + store::openPgpV4Fingerprint(key));
    }

    void firstThenIncrementalThenUidValidityChange()
    {
        Fixture fx;
        {
            ScriptedServer s(QLatin1String(kHello) + QStringLiteral("C: t2 SELECT \"INBOX\" (CONDSTORE)\n") + selectReply(2, 2, 7, 3, 50) +
                                 headerFetch(3, QStringLiteral("1:2")) + QStringLiteral(
                "S: * 1 FETCH (UID 1 FLAGS (\\Seen) RFC822.SIZE 100 INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" MODSEQ (40) "
                "BODYSTRUCTURE (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 14 1 NIL NIL NIL) "
                "BODY[HEADER.FIELDS (DATE SUBJECT FROM TO MESSAGE-ID IN-REPLY-TO REFERENCES LIST-ID)] {14}\n"
                "S: Subject: one\n"
                "S: )\n") + headerReply(2, 2, QStringLiteral("two"), {}, 50) +
                QStringLiteral("S: t3 OK\nC: t4 LOGOUT\nS: * BYE\nS: t4 OK\nCLOSE\n"), ScriptedServer::Tls::Implicit);
            START(s);
            bool ok = false;
            const auto sum = fx.sync(s, &ok);
            QVERIFY(ok);
            FINISHED(s);
            QCOMPARE(sum.added, 2);
            QCOMPARE(fx.folder(), (QStringList{QStringLiteral("one|\\Seen"), QStringLiteral("two|")}));
            // BODYSTRUCTURE is kept as the server sent it (the part tree before any body is here).
            QCOMPARE(fx.value(QStringLiteral("SELECT bodystructure FROM messages WHERE uid = 1")).toString(),
                     QStringLiteral("(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 14 1 NIL NIL NIL)"));
            QCOMPARE(fx.value(QStringLiteral("SELECT count(*) FROM bodies")).toInt(), 0);   // online: headers only
            // INTERNALDATE with its zone: 17-Jul-1996 02:44:25 -0700 is 09:44:25 UTC.
            QCOMPARE(fx.value(QStringLiteral("SELECT received_at FROM messages WHERE uid = 1")).toLongLong(), 837596665);
            QCOMPARE(fx.value(QStringLiteral("SELECT received_at FROM messages WHERE uid = 2")).toLongLong(), 1767225600);
        }
        {   // Incremental: one new message, flags changed since modseq 50, message 1 expunged.
            ScriptedServer s(QLatin1String(kHello) + QStringLiteral("C: t2 SELECT \"INBOX\" (CONDSTORE)\n") + selectReply(2, 2, 7, 4, 60) +
                                 headerFetch(3, QStringLiteral("3")) + headerReply(2, 3, QStringLiteral("three"), {}, 60) + QStringLiteral(
                "S: t3 OK\n"
                "C: t4 UID FETCH 1:2 (UID FLAGS MODSEQ) (CHANGEDSINCE 50)\nS: * 1 FETCH (UID 2 FLAGS (\\Flagged) MODSEQ (55))\nS: t4 OK\n"
                "C: t5 UID SEARCH UID 1:2\nS: * SEARCH 2\nS: t5 OK\n"
                "C: t6 LOGOUT\nS: t6 OK\nCLOSE\n"), ScriptedServer::Tls::Implicit);
            START(s);
            bool ok = false;
            const auto sum = fx.sync(s, &ok);
            QVERIFY(ok);
            FINISHED(s);
            QCOMPARE(sum.added, 1);
            QCOMPARE(sum.flagsChanged, 1);
            QCOMPARE(sum.removed, 1);
            QCOMPARE(fx.folder(), (QStringList{QStringLiteral("two|\\Flagged"), QStringLiteral("three|")}));
        }
        {   // Nothing changed (same HIGHESTMODSEQ, UIDNEXT, and as many messages as cached): no FETCH, no SEARCH.
            ScriptedServer s(QLatin1String(kHello) + QStringLiteral("C: t2 SELECT \"INBOX\" (CONDSTORE)\n") + selectReply(2, 2, 7, 4, 60) +
                                 QStringLiteral("C: t3 LOGOUT\nS: t3 OK\nCLOSE\n"), ScriptedServer::Tls::Implicit);
            START(s);
            bool ok = false;
            const auto sum = fx.sync(s, &ok);
            QVERIFY(ok);
            FINISHED(s);
            QCOMPARE(sum.added + sum.flagsChanged + sum.removed, 0);
        }
        {   // UIDVALIDITY changed: every cached UID is void; the folder is fetched anew.
            ScriptedServer s(QLatin1String(kHello) + QStringLiteral("C: t2 SELECT \"INBOX\" (CONDSTORE)\n") + selectReply(2, 1, 8, 2, 1) +
                                 headerFetch(3, QStringLiteral("1")) + headerReply(1, 1, QStringLiteral("reborn")) +
                                 QStringLiteral("S: t3 OK\nC: t4 LOGOUT\nS: t4 OK\nCLOSE\n"), ScriptedServer::Tls::Implicit);
            START(s);
            bool ok = false;
            const auto sum = fx.sync(s, &ok);
            QVERIFY(ok);
            FINISHED(s);
            QCOMPARE(sum.removed, 2);
            QCOMPARE(fx.folder(), QStringList{QStringLiteral("reborn|")});
        }
    }

    void compressionWhenOfferedAndAskedFor_data()
    {
        QTest::addColumn<bool>("accepted");
        QTest::newRow("accepted") << true;
        QTest::newRow("refused") << false;
    }

    void compressionWhenOfferedAndAskedFor()
    {
        // COMPRESS alone first (RFC 4978 §3); after the OK both directions are deflated.
        // Refused, the sync goes on uncompressed. (On loopback Tern does not ask unless told to.)
        QFETCH(bool, accepted);
        Fixture fx;
        fx.compression = sync::ImapJob::Compression::Always;
        ScriptedServer s(QStringLiteral("S: * PREAUTH [CAPABILITY IMAP4rev1 CONDSTORE COMPRESS=DEFLATE] ready\n"
                                        "C: t1 COMPRESS DEFLATE\n") +
                             (accepted ? QStringLiteral("S: t1 OK DEFLATE active\nDEFLATE\n") : QStringLiteral("S: t1 NO not today\n")) +
                             QStringLiteral("C: t2 LIST \"\" \"*\"\nS: * LIST () \"/\" INBOX\nS: t2 OK\nC: t3 SELECT \"INBOX\" (CONDSTORE)\n") +
                             selectReply(3, 1, 7, 2, 5) + headerFetch(4, QStringLiteral("1")) + headerReply(1, 1, QStringLiteral("squeezed")) +
                             QStringLiteral("S: t4 OK\nC: t5 LOGOUT\nS: t5 OK\nCLOSE\n"), ScriptedServer::Tls::Implicit);
        START(s);
        bool ok = false;
        QCOMPARE(fx.sync(s, &ok).added, 1);
        QVERIFY(ok);
        FINISHED(s);
        QCOMPARE(fx.folder(), QStringList{QStringLiteral("squeezed|")});
    }

    void qresyncReportsChangesInTheSelectReply()
    {
        Fixture fx;
        const QString hello = QStringLiteral("S: * PREAUTH [CAPABILITY IMAP4rev1 ENABLE CONDSTORE QRESYNC] ready\n"
                                             "C: t1 ENABLE QRESYNC\nS: * ENABLED QRESYNC\nS: t1 OK\n"
                                             "C: t2 LIST \"\" \"*\"\nS: * LIST () \"/\" INBOX\nS: t2 OK\n");
        {
            ScriptedServer s(hello + QStringLiteral("C: t3 SELECT \"INBOX\" (CONDSTORE)\n") + selectReply(3, 3, 9, 4, 10) +
                                 headerFetch(4, QStringLiteral("1:3")) + headerReply(1, 1, QStringLiteral("a")) +
                                 headerReply(2, 2, QStringLiteral("b")) + headerReply(3, 3, QStringLiteral("c")) +
                                 QStringLiteral("S: t4 OK\nC: t5 LOGOUT\nS: t5 OK\nCLOSE\n"), ScriptedServer::Tls::Implicit);
            START(s);
            bool ok = false;
            QCOMPARE(fx.sync(s, &ok).added, 3);
            QVERIFY(ok);
            FINISHED(s);
        }
        // RFC 7162 §3.2.5: the known UIDVALIDITY and HIGHESTMODSEQ in SELECT; the reply names what
        // vanished and what changed. No flag FETCH, no SEARCH.
        ScriptedServer s(hello + QStringLiteral("C: t3 SELECT \"INBOX\" (QRESYNC (9 10))\n"
                                                "S: * 3 EXISTS\nS: * OK [UIDVALIDITY 9] x\nS: * OK [UIDNEXT 5] x\nS: * OK [HIGHESTMODSEQ 20] x\n"
                                                "S: * VANISHED (EARLIER) 1\n"
                                                "S: * 2 FETCH (UID 3 FLAGS (\\Flagged) MODSEQ (15))\n"
                                                "S: t3 OK\n") +
                             headerFetch(4, QStringLiteral("4")) + headerReply(3, 4, QStringLiteral("d")) +
                             QStringLiteral("S: t4 OK\nC: t5 LOGOUT\nS: t5 OK\nCLOSE\n"), ScriptedServer::Tls::Implicit);
        START(s);
        bool ok = false;
        const auto sum = fx.sync(s, &ok);
        QVERIFY(ok);
        FINISHED(s);
        QCOMPARE(sum.removed, 1);
        QCOMPARE(sum.flagsChanged, 1);
        QCOMPARE(sum.added, 1);
        QCOMPARE(fx.folder(), (QStringList{QStringLiteral("b|"), QStringLiteral("c|\\Flagged"), QStringLiteral("d|")}));
    }

    void listStatusSkipsUnchangedFoldersAndEsearchFindsExpunges()
    {
        Fixture fx;
        const QString caps = QStringLiteral("S: * PREAUTH [CAPABILITY IMAP4rev1 CONDSTORE LIST-EXTENDED LIST-STATUS SPECIAL-USE ESEARCH] ready\n");
        const QString items = QStringLiteral("(MESSAGES UIDNEXT UIDVALIDITY HIGHESTMODSEQ)");
        // First sync: nothing known, one LIST-STATUS.
        auto hello = [&](const QString &inboxStatus) {
            return caps + QStringLiteral("C: t1 LIST \"\" \"*\" RETURN (SPECIAL-USE STATUS %2)\n"
                                         "S: * LIST () \"/\" INBOX\nS: * STATUS INBOX (%1)\n"
                                         "S: * LIST (\\Sent) \"/\" Sent\nS: * STATUS Sent (MESSAGES 0 UIDNEXT 1 UIDVALIDITY 6 HIGHESTMODSEQ 1)\n"
                                         "S: t1 OK\n").arg(inboxStatus, items);
        };
        // Later: a STATUS for each known folder, then the LIST, in one round trip.
        auto again = [&](const QString &inboxStatus) {
            return caps + QStringLiteral("C: t1 STATUS \"INBOX\" %2\nC: t2 STATUS \"Sent\" %2\nC: t3 LIST \"\" \"*\" RETURN (SPECIAL-USE)\n"
                                         "S: * STATUS INBOX (%1)\nS: t1 OK\n"
                                         "S: * STATUS Sent (MESSAGES 0 UIDNEXT 1 UIDVALIDITY 6 HIGHESTMODSEQ 1)\nS: t2 OK\n"
                                         "S: * LIST () \"/\" INBOX\nS: * LIST (\\Sent) \"/\" Sent\nS: t3 OK\n").arg(inboxStatus, items);
        };
        {
            ScriptedServer s(hello(QStringLiteral("MESSAGES 1 UIDNEXT 2 UIDVALIDITY 5 HIGHESTMODSEQ 7")) +
                                 QStringLiteral("C: t2 SELECT \"INBOX\" (CONDSTORE)\n") + selectReply(2, 1, 5, 2, 7) +
                                 headerFetch(3, QStringLiteral("1")) + headerReply(1, 1, QStringLiteral("first")) + QStringLiteral("S: t3 OK\n"
                                 "C: t4 SELECT \"Sent\" (CONDSTORE)\n") + selectReply(4, 0, 6, 1, 1) +
                                 QStringLiteral("C: t5 LOGOUT\nS: t5 OK\nCLOSE\n"), ScriptedServer::Tls::Implicit);
            START(s);
            bool ok = false;
            QCOMPARE(fx.sync(s, &ok).added, 1);
            QVERIFY(ok);
            FINISHED(s);
            QCOMPARE(fx.value(QStringLiteral("SELECT attributes FROM mailboxes WHERE name = 'Sent'")).toString(), QStringLiteral("\\Sent"));
        }
        {   // Nothing changed: no SELECT at all, and not a row written (no fsync, no checkpoint).
            ScriptedServer s(again(QStringLiteral("MESSAGES 1 UIDNEXT 2 UIDVALIDITY 5 HIGHESTMODSEQ 7")) +
                                 QStringLiteral("C: t4 LOGOUT\nS: t4 OK\nCLOSE\n"), ScriptedServer::Tls::Implicit);
            START(s);
            const qint64 changesBefore = fx.value(QStringLiteral("SELECT total_changes()")).toLongLong();
            bool ok = false;
            const auto sum = fx.sync(s, &ok);
            QVERIFY(ok);
            FINISHED(s);
            QCOMPARE(sum.unchanged, 2);
            QCOMPARE(fx.value(QStringLiteral("SELECT total_changes()")).toLongLong(), changesBefore);
        }
        {   // INBOX changed (1 expunged, 2 arrived): only INBOX is opened; ESEARCH names what is left.
            ScriptedServer s(again(QStringLiteral("MESSAGES 1 UIDNEXT 3 UIDVALIDITY 5 HIGHESTMODSEQ 9")) +
                                 QStringLiteral("C: t4 SELECT \"INBOX\" (CONDSTORE)\n") + selectReply(4, 1, 5, 3, 9) +
                                 headerFetch(5, QStringLiteral("2")) + headerReply(1, 2, QStringLiteral("second"), {}, 9) + QStringLiteral(
                                 "S: t5 OK\n"
                                 "C: t6 UID FETCH 1:1 (UID FLAGS MODSEQ) (CHANGEDSINCE 7)\nS: t6 OK\n"
                                 "C: t7 UID SEARCH RETURN (ALL) UID 1:1\nS: * ESEARCH (TAG \"t7\") UID\nS: t7 OK\n"
                                 "C: t8 LOGOUT\nS: t8 OK\nCLOSE\n"), ScriptedServer::Tls::Implicit);
            START(s);
            bool ok = false;
            const auto sum = fx.sync(s, &ok);
            QVERIFY(ok);
            FINISHED(s);
            QCOMPARE(sum.unchanged, 1);
            QCOMPARE(sum.removed, 1);
            QCOMPARE(fx.folder(), QStringList{QStringLiteral("second|")});
        }
    }

    void imap4rev2IsEnabledAndItsSearchResultsAreRead()
    {
        Fixture fx;
        const QString hello = QStringLiteral("S: * PREAUTH [CAPABILITY IMAP4rev2 IMAP4rev1 ENABLE] ready\n"
                                             "C: t1 ENABLE IMAP4rev2\nS: * ENABLED IMAP4rev2\nS: t1 OK\n"
                                             "C: t2 LIST \"\" \"*\"\nS: * LIST () \"/\" INBOX\nS: t2 OK\n");
        {
            ScriptedServer s(hello + QStringLiteral("C: t3 SELECT \"INBOX\"\nS: * 2 EXISTS\nS: * OK [UIDVALIDITY 3] x\nS: * OK [UIDNEXT 3] x\nS: t3 OK\n") +
                                 headerFetch(4, QStringLiteral("1:2"), false) + headerReply(1, 1, QStringLiteral("x")) +
                                 headerReply(2, 2, QStringLiteral("y")) + QStringLiteral("S: t4 OK\nC: t5 LOGOUT\nS: t5 OK\nCLOSE\n"),
                             ScriptedServer::Tls::Implicit);
            START(s);
            bool ok = false;
            QCOMPARE(fx.sync(s, &ok).added, 2);
            QVERIFY(ok);
            FINISHED(s);
        }
        // No CONDSTORE: all flags (in UID chunks); IMAP4rev2 answers SEARCH with ESEARCH (RFC 9051 §7.3.4).
        ScriptedServer s(hello + QStringLiteral("C: t3 SELECT \"INBOX\"\nS: * 1 EXISTS\nS: * OK [UIDVALIDITY 3] x\nS: * OK [UIDNEXT 3] x\nS: t3 OK\n"
                                                "C: t4 UID FETCH 1:2 (UID FLAGS)\nS: * 1 FETCH (UID 2 FLAGS (\\Answered))\nS: t4 OK\n"
                                                "C: t5 UID SEARCH RETURN (ALL) UID 1:2\nS: * ESEARCH (TAG \"t5\") UID ALL 2\nS: t5 OK\n"
                                                "C: t6 LOGOUT\nS: t6 OK\nCLOSE\n"), ScriptedServer::Tls::Implicit);
        START(s);
        bool ok = false;
        const auto sum = fx.sync(s, &ok);
        QVERIFY(ok);
        FINISHED(s);
        QCOMPARE(sum.removed, 1);
        QCOMPARE(fx.folder(), QStringList{QStringLiteral("y|\\Answered")});
    }

    void disconnectedAccountsKeepWholeMessagesInBatchesBoundedInBytes()
    {
        Fixture fx;
        fx.mode = store::AccountMode::Disconnected;
        const QByteArray body = "Subject: whole\r\n\r\nthe text\r\n";
        ScriptedServer s(QLatin1String(kHello) + QStringLiteral("C: t2 SELECT \"INBOX\" (CONDSTORE)\n") + selectReply(2, 2, 7, 3, 5) +
                             QStringLiteral("C: t3 UID FETCH 1:2 (UID RFC822.SIZE)\n"
                                            "S: * 1 FETCH (UID 1 RFC822.SIZE %1)\nS: * 2 FETCH (UID 2 RFC822.SIZE 40000000)\nS: t3 OK\n"
                                            "C: t4 UID FETCH 1 (UID FLAGS RFC822.SIZE INTERNALDATE MODSEQ BODY.PEEK[])\n")
                                 .arg(body.size()) +
                             headerFetch(5, QStringLiteral("2")) +
                             QStringLiteral("S-RAW: * 1 FETCH (UID 1 FLAGS () RFC822.SIZE %1 %2 MODSEQ (3) BODY[] {%1}\\r\\n%3)\\r\\n\n"
                                            "S: t4 OK\n").arg(body.size()).arg(QLatin1String(kDate), QString::fromLatin1(body).replace(QStringLiteral("\r\n"), QStringLiteral("\\r\\n"))) +
                             headerReply(2, 2, QStringLiteral("huge")).replace(QStringLiteral("RFC822.SIZE 10"), QStringLiteral("RFC822.SIZE 40000000")) +
                             QStringLiteral("S: t5 OK\nC: t6 LOGOUT\nS: t6 OK\nCLOSE\n"), ScriptedServer::Tls::Implicit);
        START(s);
        bool ok = false;
        const auto sum = fx.sync(s, &ok);
        FINISHED(s);
        QVERIFY(ok);
        QCOMPARE(sum.added, 2);
        QCOMPARE(sum.bodies, 1);   // the 40 MB one waits until it is read
        QCOMPARE(fx.folder(), (QStringList{QStringLiteral("whole|"), QStringLiteral("huge|")}));
        QCOMPARE(fx.value(QStringLiteral("SELECT b.raw FROM bodies b JOIN messages m ON m.id = b.message_id WHERE m.uid = 1")).toByteArray(), body);
        QCOMPARE(fx.value(QStringLiteral("SELECT bodies_done_policy FROM mailboxes WHERE name = 'INBOX'")).toString(), QStringLiteral("all"));
    }

    void aMoveByAnotherClientIsRecognisedByEmailId()
    {
        Fixture fx;
        fx.mode = store::AccountMode::Disconnected;
        const QByteArray body = "Subject: moved\r\n\r\nhello\r\n";
        const QString hello = QStringLiteral("S: * PREAUTH [CAPABILITY IMAP4rev1 CONDSTORE OBJECTID] ready\n"
                                             "C: t1 LIST \"\" \"*\"\nS: * LIST () \"/\" INBOX\nS: * LIST () \"/\" Archive\nS: t1 OK\n");
        {
            ScriptedServer s(hello + QStringLiteral("C: t2 SELECT \"INBOX\" (CONDSTORE)\n") + selectReply(2, 1, 7, 2, 5) +
                                 QStringLiteral("C: t3 UID FETCH 1 (UID RFC822.SIZE EMAILID)\nS: * 1 FETCH (UID 1 RFC822.SIZE %1 EMAILID (Mabc))\nS: t3 OK\n"
                                                "C: t4 UID FETCH 1 (UID FLAGS RFC822.SIZE INTERNALDATE MODSEQ EMAILID BODY.PEEK[])\n"
                                                "S-RAW: * 1 FETCH (UID 1 FLAGS () EMAILID (Mabc) BODY[] {%1}\\r\\n%2)\\r\\nt4 OK\\r\\n\n"
                                                "C: t5 SELECT \"Archive\" (CONDSTORE)\n")
                                     .arg(body.size()).arg(QString::fromLatin1(body).replace(QStringLiteral("\r\n"), QStringLiteral("\\r\\n"))) +
                                 selectReply(5, 0, 8, 1, 1) + QStringLiteral("C: t6 LOGOUT\nS: t6 OK\nCLOSE\n"), ScriptedServer::Tls::Implicit);
            START(s);
            bool ok = false;
            QCOMPARE(fx.sync(s, &ok).bodies, 1);
            QVERIFY(ok);
            FINISHED(s);
        }
        // Another client moved it to Archive: gone from INBOX, new in Archive with the same EMAILID.
        // Its body is not downloaded again (no BODY.PEEK[] below).
        ScriptedServer s(hello + QStringLiteral("C: t2 SELECT \"INBOX\" (CONDSTORE)\n") + selectReply(2, 0, 7, 2, 6) +
                             QStringLiteral("C: t3 UID FETCH 1:1 (UID FLAGS MODSEQ) (CHANGEDSINCE 5)\nS: t3 OK\n"
                                            "C: t4 UID SEARCH UID 1\nS: * SEARCH\nS: t4 OK\n"
                                            "C: t5 SELECT \"Archive\" (CONDSTORE)\n") + selectReply(5, 1, 8, 2, 2) +
                             QStringLiteral("C: t6 UID FETCH 1 (UID RFC822.SIZE EMAILID)\nS: * 1 FETCH (UID 1 RFC822.SIZE %1 EMAILID (Mabc))\nS: t6 OK\n")
                                 .arg(body.size()) +
                             headerFetch(7, QStringLiteral("1"), true, true) +
                             QStringLiteral("S: * 1 FETCH (UID 1 FLAGS () EMAILID (Mabc) BODY[HEADER.FIELDS (SUBJECT)] \"Subject: moved\")\nS: t7 OK\n"
                                            "C: t8 LOGOUT\nS: t8 OK\nCLOSE\n"), ScriptedServer::Tls::Implicit);
        START(s);
        bool ok = false;
        const auto sum = fx.sync(s, &ok);
        QVERIFY(ok);
        FINISHED(s);
        QCOMPARE(sum.removed, 1);
        QCOMPARE(sum.bodies, 0);
        QCOMPARE(sum.bodiesReused, 1);
        QCOMPARE(fx.folder(QStringLiteral("Archive")), QStringList{QStringLiteral("moved|")});
        QCOMPARE(fx.value(QStringLiteral("SELECT b.raw FROM bodies b JOIN messages m ON m.id = b.message_id JOIN mailboxes x ON x.id = m.mailbox_id "
                                         "WHERE x.name = 'Archive'")).toByteArray(), body);
        QCOMPARE(fx.value(QStringLiteral("SELECT count(*) FROM orphan_bodies")).toInt(), 0);   // only kept for one sync
    }

    void offlineActionsReplayInOrderWithTheirNewUids()
    {
        Fixture fx;
        fx.onlyFolder = QStringLiteral("INBOX");
        const QString list = QStringLiteral("S: * LIST () \"/\" INBOX\nS: * LIST () \"/\" Archive\nS: * LIST (\\Drafts) \"/\" Drafts\n");
        {
            ScriptedServer s(QStringLiteral("S: * PREAUTH [CAPABILITY IMAP4rev1 CONDSTORE UIDPLUS] ready\nC: t1 LIST \"\" \"*\"\n") + list +
                                 QStringLiteral("S: * LIST () \"/\" Old\nS: t1 OK\nC: t2 SELECT \"INBOX\" (CONDSTORE)\n") + selectReply(2, 2, 7, 3, 5) +
                                 headerFetch(3, QStringLiteral("1:2")) + headerReply(1, 1, QStringLiteral("one")) + headerReply(2, 2, QStringLiteral("two")) +
                                 QStringLiteral("S: t3 OK\nC: t4 LOGOUT\nS: t4 OK\nCLOSE\n"), ScriptedServer::Tls::Implicit);
            START(s);
            bool ok = false;
            fx.sync(s, &ok);
            QVERIFY(ok);
            FINISHED(s);
        }
        // Offline: each is in the cache at once.
        sync::OfflineJournal j(*fx.db);
        const QString a = QStringLiteral("acct");
        QVERIFY(j.copy(a, QStringLiteral("INBOX"), 1, QStringLiteral("Archive")));
        QVERIFY(j.flag(a, QStringLiteral("INBOX"), 2, QStringLiteral("+\\Flagged")));
        QVERIFY(j.flag(a, QStringLiteral("INBOX"), 2, QStringLiteral("+\\Deleted")));
        QCOMPARE(j.expunge(a, QStringLiteral("INBOX")).value(), 1);
        QVERIFY(j.createFolder(a, QStringLiteral("Projects")));
        QVERIFY(j.renameFolder(a, QStringLiteral("Projects"), QStringLiteral("Work")));
        const QByteArray draft = "Message-ID: <d1@x>\r\nSubject: draft";
        QCOMPARE(j.saveDraft(a, draft).value(), QStringLiteral("Drafts"));
        QVERIFY(j.deleteFolder(a, QStringLiteral("Old")));
        QCOMPARE(fx.folder(), QStringList{QStringLiteral("one|")});
        QCOMPARE(fx.folder(QStringLiteral("Archive")), QStringList{QStringLiteral("one|")});
        QCOMPARE(fx.folder(QStringLiteral("Drafts")), QStringList{QStringLiteral("draft|\\Draft \\Seen")});
        QVERIFY(!j.deleteFolder(a, QStringLiteral("INBOX")));   // refused, not journaled

        // Replayed in order; COPYUID and APPENDUID give the copies their UIDs.
        ScriptedServer s(QStringLiteral("S: * PREAUTH [CAPABILITY IMAP4rev1 CONDSTORE UIDPLUS] ready\n"
                                        "C: t1 SELECT \"INBOX\"\nS: * OK [UIDVALIDITY 7] x\nS: t1 OK\n"
                                        "C: t2 UID COPY 1 \"Archive\"\nS: t2 OK [COPYUID 8 1 30] done\n"
                                        "C: t3 UID STORE 2 +FLAGS.SILENT (\\Flagged)\nS: t3 OK\n"
                                        "C: t4 UID STORE 2 +FLAGS.SILENT (\\Deleted)\nS: t4 OK\n"
                                        "C: t5 UID EXPUNGE 2\nS: t5 OK\n"
                                        "C: t6 CREATE \"Projects\"\nS: t6 OK\n"
                                        "C: t7 RENAME \"Projects\" \"Work\"\nS: t7 OK\n"
                                        "C: t8 APPEND \"Drafts\" (\\Draft \\Seen) {%1}\nS: + go\nC: Message-ID: <d1@x>\nC: Subject: draft\n"
                                        "S: t8 OK [APPENDUID 3 12] saved\n"
                                        "C: t9 DELETE \"Old\"\nS: t9 OK\n"
                                        "C: t10 LIST \"\" \"*\"\n").arg(draft.size()) + list +
                             QStringLiteral("S: * LIST () \"/\" Work\nS: t10 OK\nC: t11 SELECT \"INBOX\" (CONDSTORE)\n") + selectReply(11, 1, 7, 3, 9) +
                             QStringLiteral("C: t12 UID FETCH 1:2 (UID FLAGS MODSEQ) (CHANGEDSINCE 5)\nS: * 1 FETCH (UID 1 FLAGS () MODSEQ (9))\nS: t12 OK\n"
                                            "C: t13 LOGOUT\nS: t13 OK\nCLOSE\n"), ScriptedServer::Tls::Implicit);
        START(s);
        bool ok = false;
        const auto sum = fx.sync(s, &ok);
        QVERIFY(ok);
        FINISHED(s);
        QCOMPARE(sum.replayed, 8);
        QCOMPARE(sum.replayFailed, 0);
        QCOMPARE(fx.journalStates(), (QStringList{QStringLiteral("copy:done"), QStringLiteral("flag:done"), QStringLiteral("flag:done"),
                                                  QStringLiteral("expunge:done"), QStringLiteral("create:done"), QStringLiteral("rename:done"),
                                                  QStringLiteral("append:done"), QStringLiteral("delete-folder:done")}));
        QCOMPARE(fx.value(QStringLiteral("SELECT m.uid FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id WHERE b.name = 'Archive'")).toLongLong(), 30);
        QCOMPARE(fx.value(QStringLiteral("SELECT m.uid FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id WHERE b.name = 'Drafts'")).toLongLong(), 12);
        QCOMPARE(fx.value(QStringLiteral("SELECT count(*) FROM mailboxes WHERE name IN ('Work', 'Old', 'Projects')")).toInt(), 1);
    }

    void aStartedAppendIsLookedForBeforeItIsSentAgain()
    {
        // A crash after APPEND reached the server but before the journal said so: the next run
        // finds the draft by its Message-ID and does not save it twice.
        Fixture fx;
        fx.onlyFolder = QStringLiteral("none");
        QVERIFY(fx.db->exec(QStringLiteral("INSERT INTO mailboxes (account, name, attributes) VALUES ('acct', 'Drafts', '\\Drafts')")));
        sync::OfflineJournal j(*fx.db);
        QVERIFY(j.saveDraft(QStringLiteral("acct"), "Message-ID: <d2@x>\r\nSubject: once").ok());
        QVERIFY(fx.db->exec(QStringLiteral("UPDATE journal SET state = 'started'")));
        ScriptedServer s(QStringLiteral("S: * PREAUTH [CAPABILITY IMAP4rev1 UIDPLUS] ready\n"
                                        "C: t1 SELECT \"Drafts\"\nS: * OK [UIDVALIDITY 3] x\nS: t1 OK\n"
                                        "C: t2 UID SEARCH HEADER Message-ID \"<d2@x>\"\nS: * SEARCH 41\nS: t2 OK\n"
                                        "C: t3 LIST \"\" \"*\"\nS: * LIST (\\Drafts) \"/\" Drafts\nS: t3 OK\n"
                                        "C: t4 LOGOUT\nS: t4 OK\nCLOSE\n"), ScriptedServer::Tls::Implicit);
        START(s);
        bool ok = false;
        QCOMPARE(fx.sync(s, &ok).replayed, 1);
        QVERIFY(ok);
        FINISHED(s);
        QCOMPARE(fx.value(QStringLiteral("SELECT uid FROM messages")).toLongLong(), 41);
    }

    void actionsInARenumberedFolderAreConflictsNotApplied()
    {
        Fixture fx;
        fx.onlyFolder = QStringLiteral("none");
        QVERIFY(fx.db->exec(QStringLiteral("INSERT INTO mailboxes (account, name, uidvalidity) VALUES ('acct', 'INBOX', 7)")));
        QVERIFY(fx.db->exec(QStringLiteral("INSERT INTO messages (mailbox_id, uid, received_at, subject) VALUES (1, 5, 0, 'x')")));
        QVERIFY(sync::OfflineJournal(*fx.db).flag(QStringLiteral("acct"), QStringLiteral("INBOX"), 5, QStringLiteral("+\\Flagged")));
        // UIDVALIDITY 99: UID 5 may be another message now. No STORE is sent.
        ScriptedServer s(QStringLiteral("S: * PREAUTH [CAPABILITY IMAP4rev1] ready\n"
                                        "C: t1 SELECT \"INBOX\"\nS: * OK [UIDVALIDITY 99] x\nS: t1 OK\n"
                                        "C: t2 LIST \"\" \"*\"\nS: * LIST () \"/\" INBOX\nS: t2 OK\n"
                                        "C: t3 LOGOUT\nS: t3 OK\nCLOSE\n"), ScriptedServer::Tls::Implicit);
        START(s);
        bool ok = false;
        const auto sum = fx.sync(s, &ok);
        QVERIFY(ok);
        FINISHED(s);
        QCOMPARE(sum.conflicts, 1);
        QCOMPARE(fx.journalStates(), QStringList{QStringLiteral("flag:failed")});
        QVERIFY(fx.value(QStringLiteral("SELECT error FROM journal")).toString().contains(QStringLiteral("conflict")));
    }

    void onePartIsFetchedAloneAndKept()
    {
        // Selective download: BODY.PEEK[1.2] (read-only EXAMINE, \Seen untouched), kept in the cache.
        ScriptedServer s(QStringLiteral("S: * PREAUTH [CAPABILITY IMAP4rev1] ready\n"
                                        "C: t1 EXAMINE \"INBOX\"\nS: * 9 EXISTS\nS: t1 OK\n"
                                        "C: t2 UID FETCH 7 (UID BODY.PEEK[1.2])\n"
                                        "S-RAW: * 3 FETCH (UID 7 BODY[1.2] {5}\\r\\nhello)\\r\\nt2 OK\\r\\n\n"
                                        "C: t3 LOGOUT\nS: t3 OK\nCLOSE\n"), ScriptedServer::Tls::Implicit);
        START(s);
        Fixture fx;
        QVERIFY(fx.db->exec(QStringLiteral("INSERT INTO mailboxes (account, name) VALUES ('acct', 'INBOX')")));
        QVERIFY(fx.db->exec(QStringLiteral("INSERT INTO messages (mailbox_id, uid, received_at) VALUES (1, 7, 0)")));
        net::Credentials c;
        c.user = QStringLiteral("u");
        sync::ImapBodyFetch fetch(*fx.db, fx.account(s), c, QStringLiteral("INBOX"), 7);
        QVERIFY(!fetch.setSection("1.2]").ok());   // no way to smuggle more into the command
        QVERIFY(!fetch.setSection("0").ok());
        QVERIFY(fetch.setSection("1.2").ok());
        QByteArray got;
        bool done = false;
        QObject::connect(&fetch, &sync::ImapBodyFetch::finished, [&](const Status &st, const QByteArray &raw) {
            QVERIFY(st.ok());
            got = raw;
            done = true;
        });
        fetch.run();
        QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
        FINISHED(s);
        QCOMPARE(got, QByteArray("hello"));
        QCOMPARE(fx.value(QStringLiteral("SELECT raw FROM parts WHERE section = '1.2'")).toByteArray(), QByteArray("hello"));
        QCOMPARE(fx.value(QStringLiteral("SELECT count(*) FROM bodies")).toInt(), 0);
    }

    void aSearchIsAskedOfTheServerFolderByFolder()
    {
        // An online account's search of text not cached: read-only, ESEARCH, a
        // non-ASCII word as a LITERAL+ literal, a folder the server refuses reported.
        auto q = search::serverQuery(QStringLiteral("(budget from:renée OR is:flagged -subject:spam) folder:INBOX folder:Gone"), true);
        QVERIFY2(q.ok(), qPrintable(q.error().message));
        QCOMPARE(q.value().folders, (QStringList{QStringLiteral("INBOX"), QStringLiteral("Gone")}));
        ScriptedServer s(QStringLiteral("S: * PREAUTH [CAPABILITY IMAP4rev1 ESEARCH LITERAL+] ready\n"
                                        "C: t1 EXAMINE \"INBOX\"\nS: * 9 EXISTS\nS: t1 OK\n"
                                        "C: t2 UID SEARCH RETURN (ALL) CHARSET UTF-8 OR ((TEXT \"budget\" FROM {6+}\n"
                                        "C: renée)) ((FLAGGED NOT (SUBJECT \"spam\")))\n"
                                        "S: * ESEARCH (TAG \"t2\") UID ALL 3:4,9\nS: t2 OK\n"
                                        "C: t3 EXAMINE \"Gone\"\nS: t3 NO [NONEXISTENT] no such folder\n"
                                        "C: t4 LOGOUT\nS: t4 OK\nCLOSE\n"), ScriptedServer::Tls::Implicit);
        START(s);
        Fixture fx;
        net::Credentials c;
        c.user = QStringLiteral("u");
        sync::ImapServerSearch job(fx.account(s), c, q.value().folders, q.value().criteria);
        QMap<QString, QList<qint64>> got;
        QStringList problems;
        bool done = false;
        QObject::connect(&job, &sync::ImapServerSearch::finished, [&](const Status &st, const QMap<QString, QList<qint64>> &uids, const QStringList &p) {
            QVERIFY2(st.ok(), qPrintable(st.ok() ? QString() : st.error().message));
            got = uids;
            problems = p;
            done = true;
        });
        job.run();
        QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
        FINISHED(s);
        QCOMPARE(got.value(QStringLiteral("INBOX")), (QList<qint64>{3, 4, 9}));
        QCOMPARE(problems.size(), 1);
        QVERIFY(problems.first().startsWith(QLatin1String("Gone: ")));
        // What IMAP cannot ask is said, not guessed.
        QVERIFY(!search::serverQuery(QStringLiteral("budget has:attachment"), true).ok());
        QVERIFY(!search::serverQuery(QStringLiteral("renée"), false).ok());
        QCOMPARE(search::serverQuery(QStringLiteral("x\\y after:2024-03-05 before:2024-04-01"), false).value().criteria,
                 QByteArray("(TEXT \"x\\\\y\" SENTSINCE 5-Mar-2024 SENTBEFORE 1-Apr-2024)"));
    }

    void idleIsRenewedAndReportsChanges()
    {
        ScriptedServer s(QStringLiteral("S: * PREAUTH [CAPABILITY IMAP4rev1 IDLE] ready\n"
                                        "C: t1 EXAMINE \"INBOX\"\nS: * 3 EXISTS\nS: t1 OK\n"
                                        "C: t2 IDLE\nS: + idling\n"
                                        "C: DONE\nS: t2 OK renewed\n"      // after the renew interval
                                        "C: t3 IDLE\nS: + idling\n"
                                        "S: * 4 EXISTS\n"
                                        "C: DONE\nS: t3 OK\n"              // stop()
                                        "C: t4 LOGOUT\nS: t4 OK\nCLOSE\n"), ScriptedServer::Tls::Implicit);
        START(s);
        Fixture fx;
        net::Credentials c;
        c.user = QStringLiteral("u");
        sync::ImapWatch watch(fx.account(s), c, QStringLiteral("INBOX"));
        watch.setRenewInterval(300);
        int idles = 0, changes = 0;
        bool finished = false, ok = false;
        QObject::connect(&watch, &sync::ImapWatch::watching, [&](bool idle) { idles += idle ? 1 : 0; });
        QObject::connect(&watch, &sync::ImapWatch::changed, [&] {
            if (++changes == 1)
                watch.stop();
        });
        QObject::connect(&watch, &sync::ImapWatch::finished, [&](const Status &st) { finished = true; ok = st.ok(); });
        watch.run();
        QTRY_VERIFY_WITH_TIMEOUT(finished, 10000);
        QVERIFY(ok);
        FINISHED(s);
        QCOMPARE(idles, 2);
        QCOMPARE(changes, 1);
    }

    void withoutIdleTheFolderIsPolled()
    {
        ScriptedServer s(QStringLiteral("S: * PREAUTH [CAPABILITY IMAP4rev1] ready\n"
                                        "C: t1 EXAMINE \"INBOX\"\nS: t1 OK\n"
                                        "C: t2 NOOP\nS: * 1 EXISTS\nS: t2 OK\n"
                                        "C: t3 LOGOUT\nS: t3 OK\nCLOSE\n"), ScriptedServer::Tls::Implicit);
        START(s);
        Fixture fx;
        net::Credentials c;
        c.user = QStringLiteral("u");
        sync::ImapWatch watch(fx.account(s), c, QStringLiteral("INBOX"));
        watch.setPollInterval(200);
        bool finished = false, ok = false;
        QObject::connect(&watch, &sync::ImapWatch::changed, [&] { watch.stop(); });
        QObject::connect(&watch, &sync::ImapWatch::finished, [&](const Status &st) { finished = true; ok = st.ok(); });
        watch.run();
        QTRY_VERIFY_WITH_TIMEOUT(finished, 10000);
        QVERIFY(ok);
        FINISHED(s);
    }

    void aDisconnectInsideAFetchKeepsWhatWasCommittedAndResumes()
    {
        Fixture fx;
        {   // Two header chunks in flight; the connection drops inside the second one's literal.
            ScriptedServer s(QLatin1String(kHello) + QStringLiteral("C: t2 SELECT \"INBOX\" (CONDSTORE)\n") + selectReply(2, 2, 7, 2003, 5) +
                                 headerFetch(3, QStringLiteral("1:2000")) + headerReply(1, 1, QStringLiteral("kept")) + QStringLiteral("S: t3 OK\n") +
                                 headerFetch(4, QStringLiteral("2001:2002")) +
                                 QStringLiteral("S-RAW: * 2 FETCH (UID 2001 FLAGS () BODY[HEADER.FIELDS (SUBJECT)] {50}\\r\\nSubject: cu\n"
                                                "CLOSE\n"), ScriptedServer::Tls::Implicit);
            START(s);
            bool ok = true;
            fx.sync(s, &ok);
            QVERIFY(!ok);
            FINISHED(s);
            QCOMPARE(fx.folder(), QStringList{QStringLiteral("kept|")});
            QCOMPARE(fx.value(QStringLiteral("SELECT synced_uid FROM mailboxes")).toLongLong(), 2000);
        }
        // The next run starts after the committed chunk: nothing fetched twice, nothing lost.
        ScriptedServer s(QLatin1String(kHello) + QStringLiteral("C: t2 SELECT \"INBOX\" (CONDSTORE)\n") + selectReply(2, 2, 7, 2003, 5) +
                             headerFetch(3, QStringLiteral("2001:2002")) + headerReply(2, 2001, QStringLiteral("whole")) +
                             QStringLiteral("S: t3 OK\n"
                                            // the folder's HIGHESTMODSEQ was never recorded: all flags of what is here
                                            "C: t4 UID FETCH 1:2000 (UID FLAGS MODSEQ)\nS: * 1 FETCH (UID 1 FLAGS () MODSEQ (1))\nS: t4 OK\n"
                                            "C: t5 LOGOUT\nS: t5 OK\nCLOSE\n"), ScriptedServer::Tls::Implicit);
        START(s);
        bool ok = false;
        QCOMPARE(fx.sync(s, &ok).added, 1);
        QVERIFY(ok);
        FINISHED(s);
        QCOMPARE(fx.folder(), (QStringList{QStringLiteral("kept|"), QStringLiteral("whole|")}));
    }

    void aDroppedConnectionIsRetriedAndTheSyncCompletes()
    {
        const QString select = QStringLiteral("C: t2 SELECT \"INBOX\" (CONDSTORE)\n") + selectReply(2, 1, 7, 2, 5);
        ScriptedServer s(QLatin1String(kHello) + select.left(select.indexOf(QStringLiteral("S: * OK [UIDNEXT"))) +
                             QStringLiteral("CLOSE\nACCEPT\n") + QLatin1String(kHello) + select + headerFetch(3, QStringLiteral("1")) +
                             headerReply(1, 1, QStringLiteral("after")) + QStringLiteral("S: t3 OK\nC: t4 LOGOUT\nS: t4 OK\nCLOSE\n"),
                         ScriptedServer::Tls::Implicit);
        START(s);
        QTemporaryDir dir;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TERN_TEST_PW"), QStringLiteral("unused"));
        auto run = [&](const QStringList &args) {
            QProcess p;
            p.setProcessEnvironment(env);
            p.start(QStringLiteral(TERN_BIN_DIR "/tern"), QStringList{QStringLiteral("--profile"), dir.path()} + args);
            // The scripted server lives in this thread: keep its event loop turning while tern runs.
            (void)QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 30000);
            return std::make_pair(p.exitCode(), QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError()));
        };
        QCOMPARE(run({QStringLiteral("account"), QStringLiteral("add"), QStringLiteral("x"), QStringLiteral("--imap"),
                      QStringLiteral("imaps://u@127.0.0.1:%1").arg(s.serverPort()), QStringLiteral("--smtp"),
                      QStringLiteral("smtps://u@127.0.0.1:1"), QStringLiteral("--mode"), QStringLiteral("online"),
                      QStringLiteral("--ca-file"), ScriptedServer::caFile(),
                      QStringLiteral("--password-env"), QStringLiteral("TERN_TEST_PW")}).first, 0);
        // Only the IMAP part: the SMTP side of this account points nowhere and has nothing queued.
        const auto [code, output] = run({QStringLiteral("sync"), QStringLiteral("x")});
        QVERIFY2(output.contains(QStringLiteral("reconnecting in 500 ms")), qPrintable(output));
        QVERIFY2(code == 0, qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("1 new")), qPrintable(output));
        FINISHED(s);
        QCOMPARE(s.connectionsAccepted(), 2);
    }
};

QTEST_GUILESS_MAIN(TestImapSync)
#include "tst_imap_sync.moc"
