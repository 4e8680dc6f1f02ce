// IMAP folder sync on the wire: the exact commands (CONDSTORE, CHANGEDSINCE,
// UID ranges) and what the cache holds after a UIDVALIDITY change.
#include "ScriptedServer.h"
#include "TestPaths.h"

#include "store/MessageStore.h"
#include "sync/ImapFolderSync.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace tern;
using tern::test::ScriptedServer;

#define START(server) QVERIFY2((server).start(), qPrintable((server).failure()))
#define FINISHED(server) QTRY_VERIFY2_WITH_TIMEOUT((server).finished(), qPrintable((server).failure() + QStringLiteral("\n") + QString::fromUtf8((server).transcript().right(900))), 10000)

namespace {
const char *kHello = "S: * PREAUTH [CAPABILITY IMAP4rev1 CONDSTORE] ready\n"
                     "C: t1 LIST \"\" \"*\"\nS: * LIST (\\HasNoChildren) \"/\" INBOX\nS: t1 OK\n";
const char *kFields = "BODY.PEEK[HEADER.FIELDS (DATE SUBJECT FROM TO MESSAGE-ID IN-REPLY-TO REFERENCES LIST-ID)]";

struct Fixture {
    QTemporaryDir dir;
    std::unique_ptr<store::Database> db = std::move(store::Database::open(dir.filePath(QStringLiteral("c.sqlite"))).value());

    sync::FolderSyncSummary sync(const ScriptedServer &server, bool *ok)
    {
        store::AccountConfig a;
        a.name = QStringLiteral("acct");
        a.imap = net::ServerUrl::parse(QStringLiteral("imaps://u@127.0.0.1:%1").arg(server.serverPort()), net::Protocol::Imap).value();
        a.caFile = ScriptedServer::caFile();
        net::Credentials c;
        c.user = QStringLiteral("u");
        sync::ImapFolderSync s(*db, a, c);
        sync::FolderSyncSummary summary;
        bool done = false;
        *ok = false;
        QObject::connect(&s, &sync::ImapFolderSync::finished, [&](const Status &st, const sync::FolderSyncSummary &sum) {
            *ok = st.ok();
            summary = sum;
            done = true;
        });
        s.run();
        (void)QTest::qWaitFor([&] { return done; }, 10000);
        return summary;
    }
    QStringList inbox()
    {
        QStringList out;
        for (const auto &m : store::MessageStore(*db).list(QStringLiteral("acct"), QStringLiteral("INBOX")).value())
            out << m.subject + QLatin1Char('|') + m.flags;
        return out;
    }
};
} // namespace

class TestImapSync : public QObject {
    Q_OBJECT
private slots:
    void firstThenIncrementalThenUidValidityChange()
    {
        Fixture fx;
        const auto fetchRange = [](const char *range) {
            return QStringLiteral("C: t3 UID FETCH %1 (UID FLAGS RFC822.SIZE INTERNALDATE %2 MODSEQ)\n").arg(QLatin1String(range), QLatin1String(kFields));
        };
        {
            ScriptedServer s(QLatin1String(kHello) + QStringLiteral(
                "C: t2 SELECT \"INBOX\" (CONDSTORE)\nS: * 2 EXISTS\nS: * OK [UIDVALIDITY 7] x\nS: * OK [UIDNEXT 3] x\n"
                "S: * OK [HIGHESTMODSEQ 50] x\nS: t2 OK [READ-WRITE] done\n") + fetchRange("1:2") + QStringLiteral(
                "S: * 1 FETCH (UID 1 FLAGS (\\Seen) RFC822.SIZE 100 INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" MODSEQ (40) "
                "BODY[HEADER.FIELDS (DATE SUBJECT FROM TO MESSAGE-ID IN-REPLY-TO REFERENCES LIST-ID)] {14}\n"
                "S: Subject: one\n"
                "S: )\n"
                "S: * 2 FETCH (UID 2 FLAGS () RFC822.SIZE 200 INTERNALDATE \" 1-Jan-2026 00:00:00 +0000\" MODSEQ (50) "
                "BODY[HEADER.FIELDS (DATE SUBJECT FROM TO MESSAGE-ID IN-REPLY-TO REFERENCES LIST-ID)] {14}\n"
                "S: Subject: two\n"
                "S: )\n"
                "S: t3 OK\nC: t4 LOGOUT\nS: * BYE\nS: t4 OK\nCLOSE\n"), ScriptedServer::Tls::Implicit);
            START(s);
            bool ok = false;
            const auto sum = fx.sync(s, &ok);
            QVERIFY(ok);
            FINISHED(s);
            QCOMPARE(sum.added, 2);
            QCOMPARE(fx.inbox(), (QStringList{QStringLiteral("one|\\Seen"), QStringLiteral("two|")}));
        }
        {   // Incremental: one new message, flags changed since modseq 50, message 1 expunged.
            ScriptedServer s(QLatin1String(kHello) + QStringLiteral(
                "C: t2 SELECT \"INBOX\" (CONDSTORE)\nS: * 2 EXISTS\nS: * OK [UIDVALIDITY 7] x\nS: * OK [UIDNEXT 4] x\n"
                "S: * OK [HIGHESTMODSEQ 60] x\nS: t2 OK\n"
                "C: t3 UID FETCH 3:3 (UID FLAGS RFC822.SIZE INTERNALDATE %1 MODSEQ)\n"
                "S: * 2 FETCH (UID 3 FLAGS () RFC822.SIZE 5 INTERNALDATE \"1-Jan-2026 00:00:00 +0000\" MODSEQ (60) "
                "BODY[HEADER.FIELDS (DATE SUBJECT FROM TO MESSAGE-ID IN-REPLY-TO REFERENCES LIST-ID)] \"Subject: three\")\n"
                "S: t3 OK\n"
                "C: t4 UID FETCH 1:2 (UID FLAGS) (CHANGEDSINCE 50)\nS: * 1 FETCH (UID 2 FLAGS (\\Flagged) MODSEQ (55))\nS: t4 OK\n"
                "C: t5 UID SEARCH UID 1:2\nS: * SEARCH 2\nS: t5 OK\n"
                "C: t6 LOGOUT\nS: t6 OK\nCLOSE\n").arg(QLatin1String(kFields)), ScriptedServer::Tls::Implicit);
            START(s);
            bool ok = false;
            const auto sum = fx.sync(s, &ok);
            QVERIFY(ok);
            FINISHED(s);
            QCOMPARE(sum.added, 1);
            QCOMPARE(sum.flagsChanged, 1);
            QCOMPARE(sum.removed, 1);
            QCOMPARE(fx.inbox(), (QStringList{QStringLiteral("two|\\Flagged"), QStringLiteral("three|")}));
        }
        {   // Nothing changed (same HIGHESTMODSEQ, UIDNEXT): no FETCH at all.
            ScriptedServer s(QLatin1String(kHello) + QStringLiteral(
                "C: t2 SELECT \"INBOX\" (CONDSTORE)\nS: * 2 EXISTS\nS: * OK [UIDVALIDITY 7] x\nS: * OK [UIDNEXT 4] x\n"
                "S: * OK [HIGHESTMODSEQ 60] x\nS: t2 OK\n"
                "C: t3 UID SEARCH UID 1:3\nS: * SEARCH 2 3\nS: t3 OK\nC: t4 LOGOUT\nS: t4 OK\nCLOSE\n"), ScriptedServer::Tls::Implicit);
            START(s);
            bool ok = false;
            const auto sum = fx.sync(s, &ok);
            QVERIFY(ok);
            FINISHED(s);
            QCOMPARE(sum.added + sum.flagsChanged + sum.removed, 0);
        }
        {   // UIDVALIDITY changed: every cached UID is void; the folder is fetched anew.
            ScriptedServer s(QLatin1String(kHello) + QStringLiteral(
                "C: t2 SELECT \"INBOX\" (CONDSTORE)\nS: * 1 EXISTS\nS: * OK [UIDVALIDITY 8] x\nS: * OK [UIDNEXT 2] x\n"
                "S: * OK [HIGHESTMODSEQ 1] x\nS: t2 OK\n") + fetchRange("1:1") + QStringLiteral(
                "S: * 1 FETCH (UID 1 FLAGS () RFC822.SIZE 5 INTERNALDATE \"1-Jan-2026 00:00:00 +0000\" MODSEQ (1) "
                "BODY[HEADER.FIELDS (DATE SUBJECT FROM TO MESSAGE-ID IN-REPLY-TO REFERENCES LIST-ID)] \"Subject: reborn\")\n"
                "S: t3 OK\nC: t4 LOGOUT\nS: t4 OK\nCLOSE\n"), ScriptedServer::Tls::Implicit);
            START(s);
            bool ok = false;
            const auto sum = fx.sync(s, &ok);
            QVERIFY(ok);
            FINISHED(s);
            QCOMPARE(sum.removed, 2);
            QCOMPARE(fx.inbox(), QStringList{QStringLiteral("reborn|")});
        }
    }

    void aDroppedConnectionIsRetriedAndTheSyncCompletes()
    {
        const QString select = QStringLiteral(
            "C: t2 SELECT \"INBOX\" (CONDSTORE)\nS: * 1 EXISTS\nS: * OK [UIDVALIDITY 7] x\nS: * OK [UIDNEXT 2] x\n"
            "S: * OK [HIGHESTMODSEQ 5] x\nS: t2 OK\n");
        ScriptedServer s(QLatin1String(kHello) + select.left(select.indexOf(QStringLiteral("S: * OK [UIDNEXT"))) +
                             QStringLiteral("CLOSE\nACCEPT\n") + QLatin1String(kHello) + select +
                             QStringLiteral("C: t3 UID FETCH 1:1 (UID FLAGS RFC822.SIZE INTERNALDATE %1 MODSEQ)\n"
                                            "S: * 1 FETCH (UID 1 FLAGS () RFC822.SIZE 5 INTERNALDATE \"1-Jan-2026 00:00:00 +0000\" MODSEQ (5) "
                                            "BODY[HEADER.FIELDS (DATE SUBJECT FROM TO MESSAGE-ID IN-REPLY-TO REFERENCES LIST-ID)] \"Subject: after\")\n"
                                            "S: t3 OK\nC: t4 LOGOUT\nS: t4 OK\nCLOSE\n").arg(QLatin1String(kFields)),
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
                      QStringLiteral("smtps://u@127.0.0.1:1"), QStringLiteral("--ca-file"), ScriptedServer::caFile(),
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
