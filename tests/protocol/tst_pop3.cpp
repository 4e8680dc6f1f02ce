// The POP3 engine against scripted servers: what goes on the wire, what is
// stored, and that nothing is deleted on the server before it is on disk here.
#include "ScriptedServer.h"

#include "pop3/Pop3Fetcher.h"
#include "store/MessageStore.h"

#include <QTemporaryDir>
#include <QTest>

using namespace tern;
using tern::test::ScriptedServer;

namespace {

const char *kLogin =
    "C: CAPA\n"
    "S: +OK capabilities\n"
    "S: USER\n"
    "S: UIDL\n"
    "S: PIPELINING\n"
    "S: .\n"
    "C: USER alice\n"
    "S: +OK\n"
    "C: PASS secret\n"
    "S: +OK logged in\n";

struct Run {
    Status status = success();
    pop3::FetchSummary summary;
};

class Fixture {
public:
    QTemporaryDir dir;
    std::unique_ptr<store::Database> db;
    Fixture() { db = std::move(store::Database::open(dir.filePath(QStringLiteral("c.sqlite"))).value()); }

    store::AccountConfig account(const ScriptedServer &server, const QString &scheme = QStringLiteral("pop3+insecure"),
                                 const QString &policy = QStringLiteral("keep"))
    {
        store::AccountConfig a;
        a.name = QStringLiteral("acct");
        a.pop3 = net::ServerUrl::parse(QStringLiteral("%1://alice@127.0.0.1:%2").arg(scheme).arg(server.serverPort()),
                                       net::Protocol::Pop3).value();
        a.mode = store::AccountMode::Offline;
        a.caFile = ScriptedServer::caFile();
        a.leaveOnServer = store::LeaveOnServer::parse(policy).value();
        return a;
    }

    Run fetch(const store::AccountConfig &a, qint64 maxSize = 0, const QDateTime &now = {},
              const QString &user = QStringLiteral("alice"), const QString &secret = QStringLiteral("secret"))
    {
        net::Credentials c;
        c.user = user;
        c.secret = secret;
        pop3::Pop3Fetcher f(*db, a, c);
        if (maxSize)
            f.setMaxMessageSize(maxSize);
        if (now.isValid())
            f.setNow(now);
        Run run;
        bool done = false;
        QObject::connect(&f, &pop3::Pop3Fetcher::finished, [&](const Status &s, const pop3::FetchSummary &sum) {
            run = {s, sum};
            done = true;
        });
        f.run();
        if (!QTest::qWaitFor([&] { return done; }, 20000))
            run.status = Error::invalid(QStringLiteral("fetcher did not finish"));
        return run;
    }

    QList<store::MessageRow> inbox() { return store::MessageStore(*db).list(QStringLiteral("acct"), QStringLiteral("INBOX")).value(); }
    QByteArray raw(qint64 id) { return store::MessageStore(*db).raw(id).value(); }
    int ledgerRows(const QString &state)
    {
        auto q = db->exec(QStringLiteral("SELECT count(*) FROM pop3_ledger WHERE state = ?"), {state});
        q.value().next();
        return q.value().value(0).toInt();
    }
};

#define START(server) QVERIFY2((server).start(), qPrintable((server).failure()))
#define FINISHED(server) QTRY_VERIFY2_WITH_TIMEOUT((server).finished(), qPrintable((server).failure() + QStringLiteral("\n") + QString::fromUtf8((server).transcript().right(600))), 10000)

} // namespace

class TestPop3 : public QObject {
    Q_OBJECT
private slots:
    void downloadsPipelinedThenDeletes()
    {
        Fixture fx;
        ScriptedServer server(QStringLiteral("S: +OK ready <1896.697170952@dbc.mtview.ca.us>\n") + QLatin1String(kLogin) + QStringLiteral(
            "C: STAT\nS: +OK 2 90\n"
            "C: UIDL\n"
            "S: +OK\nS: 1 uid-a\nS: 2 uid-b\nS: .\n"
            "C: LIST\n"
            "S: +OK\nS: 1 40\nS: 2 50\nS: .\n"
            // Both RETRs arrive before the first reply: the client pipelines.
            "C: RETR 1\nC: RETR 2\n"
            "S: +OK 40 octets\nS: Subject: one\nS: \nS: ..a line that began with a dot\nS: .\n"
            "S: +OK\nS: Subject: two\nS: \nS: body\nS: .\n"
            "C: DELE 1\nS: +OK\nC: DELE 2\nS: +OK\n"
            "C: QUIT\nS: +OK bye\nCLOSE\n"));
        START(server);
        const Run r = fx.fetch(fx.account(server, QStringLiteral("pop3+insecure"), QStringLiteral("delete")));
        QVERIFY2(r.status.ok(), qPrintable(r.status.error().message));
        FINISHED(server);
        QCOMPARE(r.summary.downloaded, 2);
        QCOMPARE(r.summary.deletedOnServer, 2);
        const auto rows = fx.inbox();
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows.at(0).subject, QStringLiteral("one"));
        QCOMPARE(fx.raw(rows.at(0).id), QByteArray("Subject: one\r\n\r\n.a line that began with a dot\r\n"));
        QCOMPARE(fx.ledgerRows(QStringLiteral("deleted")), 2);
    }

    void nothingTwiceEvenWhenTheServerRenumbers()
    {
        Fixture fx;
        {
            ScriptedServer first(QStringLiteral("S: +OK\n") + QLatin1String(kLogin) + QStringLiteral(
                "C: STAT\nS: +OK 2 0\nC: UIDL\nS: +OK\nS: 1 uid-a\nS: 2 uid-b\nS: .\n"
                "C: LIST\nS: +OK\nS: 1 10\nS: 2 10\nS: .\n"
                "C: RETR 1\nC: RETR 2\n"
                "S: +OK\nS: Subject: a\nS: .\nS: +OK\nS: Subject: b\nS: .\n"
                "C: QUIT\nS: +OK\nCLOSE\n"));
            START(first);
            QVERIFY(fx.fetch(fx.account(first)).status.ok());
            FINISHED(first);
        }
        // Another client deleted a message: numbers shift; uid-c is new.
        ScriptedServer second(QStringLiteral("S: +OK\n") + QLatin1String(kLogin) + QStringLiteral(
            "C: STAT\nS: +OK 2 0\nC: UIDL\nS: +OK\nS: 1 uid-b\nS: 2 uid-c\nS: .\n"
            "C: LIST\nS: +OK\nS: 1 10\nS: 2 10\nS: .\n"
            "C: RETR 2\n"
            "S: +OK\nS: Subject: c\nS: .\n"
            "C: QUIT\nS: +OK\nCLOSE\n"));
        START(second);
        const Run r = fx.fetch(fx.account(second));
        QVERIFY(r.status.ok());
        FINISHED(second);
        QCOMPARE(r.summary.downloaded, 1);
        QStringList subjects;
        for (const auto &m : fx.inbox())
            subjects << m.subject;
        QCOMPARE(subjects, (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
    }

    void noDeleWhenTheCacheCannotCommit()
    {
        Fixture fx;
        // The disk "fails": every insert into messages aborts.
        QVERIFY(fx.db->exec(QStringLiteral("CREATE TRIGGER full BEFORE INSERT ON messages BEGIN SELECT RAISE(ABORT, 'disk full'); END")).ok());
        ScriptedServer server(QStringLiteral("S: +OK\n") + QLatin1String(kLogin) + QStringLiteral(
            "C: STAT\nS: +OK 1 0\nC: UIDL\nS: +OK\nS: 1 uid-a\nS: .\n"
            "C: LIST\nS: +OK\nS: 1 10\nS: .\n"
            "C: RETR 1\nS: +OK\nS: Subject: a\nS: .\n"
            // No DELE may follow: RSET, and a clean QUIT that deletes nothing.
            "C: RSET\nS: +OK\nC: QUIT\nS: +OK\nCLOSE\n"));
        START(server);
        const Run r = fx.fetch(fx.account(server, QStringLiteral("pop3+insecure"), QStringLiteral("delete")));
        QVERIFY(!r.status.ok());
        QVERIFY2(r.status.error().message.contains(QStringLiteral("disk full")), qPrintable(r.status.error().message));
        FINISHED(server);
        QCOMPARE(fx.ledgerRows(QStringLiteral("on-server")), 0);
    }

    void interruptedDownloadResumes()
    {
        Fixture fx;
        {
            ScriptedServer cut(QStringLiteral("S: +OK\n") + QLatin1String(kLogin) + QStringLiteral(
                "C: STAT\nS: +OK 1 0\nC: UIDL\nS: +OK\nS: 1 uid-a\nS: .\n"
                "C: LIST\nS: +OK\nS: 1 10\nS: .\n"
                "C: RETR 1\nS: +OK\nS: Subject: half\n"
                "CLOSE\n"));
            START(cut);
            const Run r = fx.fetch(fx.account(cut, QStringLiteral("pop3+insecure"), QStringLiteral("delete")));
            QVERIFY(!r.status.ok());
            QVERIFY2(r.status.error().message.contains(QStringLiteral("closed")), qPrintable(r.status.error().message));
            QVERIFY(fx.inbox().isEmpty());   // a half message is never stored
        }
        ScriptedServer again(QStringLiteral("S: +OK\n") + QLatin1String(kLogin) + QStringLiteral(
            "C: STAT\nS: +OK 1 0\nC: UIDL\nS: +OK\nS: 1 uid-a\nS: .\n"
            "C: LIST\nS: +OK\nS: 1 10\nS: .\n"
            "C: RETR 1\nS: +OK\nS: Subject: whole\nS: \nS: body\nS: .\n"
            "C: DELE 1\nS: +OK\nC: QUIT\nS: +OK\nCLOSE\n"));
        START(again);
        const Run r = fx.fetch(fx.account(again, QStringLiteral("pop3+insecure"), QStringLiteral("delete")));
        QVERIFY(r.status.ok());
        FINISHED(again);
        QCOMPARE(fx.inbox().size(), 1);
        QCOMPARE(fx.inbox().first().subject, QStringLiteral("whole"));
    }

    void stlsRequiredButNotOffered()
    {
        Fixture fx;
        ScriptedServer server(QStringLiteral("S: +OK\nC: CAPA\nS: +OK\nS: USER\nS: .\nC-CLOSE\n"));
        START(server);
        const Run r = fx.fetch(fx.account(server, QStringLiteral("pop3")));
        QVERIFY(!r.status.ok());
        QCOMPARE(r.status.error().code, Error::Code::Security);
        QVERIFY(r.status.error().message.contains(QStringLiteral("does not offer STLS")));
        FINISHED(server);   // and no USER/PASS went out in plaintext
    }

    void stlsResponseInjectionIsRefused()
    {
        Fixture fx;
        // The "+OK" to STLS and a forged reply arrive together, before TLS.
        ScriptedServer server(QStringLiteral("S: +OK\nC: CAPA\nS: +OK\nS: STLS\nS: USER\nS: .\nC: STLS\n"
                                             "S-RAW: +OK begin TLS\\r\\n+OK forged\\r\\n\nC-CLOSE\n"));
        START(server);
        const Run r = fx.fetch(fx.account(server, QStringLiteral("pop3")));
        QVERIFY(!r.status.ok());
        QVERIFY2(r.status.error().message.contains(QStringLiteral("injection")), qPrintable(r.status.error().message));
        FINISHED(server);
    }

    void stlsThenCapabilitiesAgainThenLogin()
    {
        Fixture fx;
        ScriptedServer server(QStringLiteral(
            "S: +OK\nC: CAPA\nS: +OK\nS: STLS\nS: .\nC: STLS\nS: +OK begin\nTLS\n"
            // RFC 2595 §4: capabilities are asked again; USER only appears after TLS here.
            "C: CAPA\nS: +OK\nS: USER\nS: UIDL\nS: .\n"
            "C: USER alice\nS: +OK\nC: PASS secret\nS: +OK\n"
            "C: STAT\nS: +OK 0 0\nC: UIDL\nS: +OK\nS: .\nC: LIST\nS: +OK\nS: .\nC: QUIT\nS: +OK\nCLOSE\n"));
        START(server);
        const Run r = fx.fetch(fx.account(server, QStringLiteral("pop3")));
        QVERIFY2(r.status.ok(), qPrintable(r.status.error().message));
        FINISHED(server);
    }

    void implicitTlsVerified()
    {
        Fixture fx;
        ScriptedServer server(QStringLiteral("S: +OK\n") + QLatin1String(kLogin) +
                                  QStringLiteral("C: STAT\nS: +OK 0 0\nC: UIDL\nS: +OK\nS: .\nC: LIST\nS: +OK\nS: .\nC: QUIT\nS: +OK\nCLOSE\n"),
                              ScriptedServer::Tls::Implicit);
        START(server);
        QVERIFY(fx.fetch(fx.account(server, QStringLiteral("pop3s"))).status.ok());
        FINISHED(server);

        // Without the test CA the same server is refused before any byte of the session.
        ScriptedServer other(QStringLiteral("S: +OK\n"), ScriptedServer::Tls::Implicit);
        START(other);
        auto a = fx.account(other, QStringLiteral("pop3s"));
        a.caFile.clear();
        const Run r = fx.fetch(a);
        QVERIFY(!r.status.ok());
        QCOMPARE(r.status.error().code, Error::Code::Security);
        QVERIFY2(r.status.error().message.contains(QStringLiteral("not trusted")), qPrintable(r.status.error().message));
        QVERIFY(r.status.error().message.contains(QStringLiteral("SHA-256")));   // the certificate is shown
    }

    void apopWhenUserIsNotOffered()
    {
        Fixture fx;
        // RFC 1939 §7's example: timestamp + "tanstaaf".
        ScriptedServer server(QStringLiteral(
            "S: +OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\n"
            "C: CAPA\nS: +OK\nS: UIDL\nS: .\n"
            "C: APOP mrose c4c9334bac560ecc979e58001b3e22fb\nS: +OK maildrop has 0 messages\n"
            "C: STAT\nS: +OK 0 0\nC: UIDL\nS: +OK\nS: .\nC: LIST\nS: +OK\nS: .\nC: QUIT\nS: +OK\nCLOSE\n"));
        START(server);
        const Run r = fx.fetch(fx.account(server), 0, {}, QStringLiteral("mrose"), QStringLiteral("tanstaaf"));
        QVERIFY2(r.status.ok(), qPrintable(r.status.error().message));
        FINISHED(server);
    }

    void saslPlainWhenOffered()
    {
        Fixture fx;
        ScriptedServer server(QStringLiteral(
            "S: +OK\nC: CAPA\nS: +OK\nS: SASL PLAIN LOGIN\nS: USER\nS: .\n"
            "C: AUTH PLAIN AGFsaWNlAHNlY3JldA==\nS: +OK\n"
            "C: STAT\nS: +OK 0 0\nC: UIDL\nS: +OK\nS: .\nC: LIST\nS: +OK\nS: .\nC: QUIT\nS: +OK\nCLOSE\n"));
        START(server);
        QVERIFY(fx.fetch(fx.account(server)).status.ok());
        FINISHED(server);
    }

    void wrongPasswordIsAClearError()
    {
        Fixture fx;
        ScriptedServer server(QStringLiteral(
            "S: +OK\nC: CAPA\nS: +OK\nS: USER\nS: .\nC: USER alice\nS: +OK\nC: PASS secret\n"
            "S: -ERR [AUTH] Authentication failed.\nC-CLOSE\n"));
        START(server);
        const Run r = fx.fetch(fx.account(server));
        QVERIFY(!r.status.ok());
        QVERIFY2(r.status.error().message.contains(QStringLiteral("refused the login of alice")), qPrintable(r.status.error().message));
        QVERIFY(r.status.error().message.contains(QStringLiteral("Authentication failed")));
        QVERIFY(!r.status.error().message.contains(QStringLiteral("secret")));
    }

    void malformedServerBytesAreCleanErrors_data()
    {
        QTest::addColumn<QString>("afterLogin");
        QTest::addColumn<QString>("reason");
        QTest::newRow("garbage status") << "C: STAT\nS: +OK 0 0\nC: UIDL\nS: HELLO?\nC-CLOSE\n" << "malformed status";
        QTest::newRow("STAT disagrees with UIDL") << "C: STAT\nS: +OK 3 0\nC: UIDL\nS: +OK\nS: 1 a\nS: .\nC-CLOSE\n" << "STAT counts 3";
        QTest::newRow("no UIDL") << "C: STAT\nS: +OK 0 0\nC: UIDL\nS: -ERR unknown command\nC-CLOSE\n" << "does not support UIDL";
        QTest::newRow("bad UIDL line") << "C: STAT\nS: +OK 1 0\nC: UIDL\nS: +OK\nS: one\nS: .\nC-CLOSE\n" << "malformed UIDL";
        QTest::newRow("duplicate UIDL") << "C: STAT\nS: +OK 2 0\nC: UIDL\nS: +OK\nS: 1 x\nS: 2 x\nS: .\nC-CLOSE\n" << "same UIDL";
        QTest::newRow("endless line") << "C: STAT\nS: +OK 0 0\nC: UIDL\nS-FILL: 9000000\nC-CLOSE\n" << "longer than 8 MB";
    }
    void malformedServerBytesAreCleanErrors()
    {
        QFETCH(QString, afterLogin);
        QFETCH(QString, reason);
        Fixture fx;
        ScriptedServer server(QStringLiteral("S: +OK\n") + QLatin1String(kLogin) + afterLogin);
        START(server);
        const Run r = fx.fetch(fx.account(server));
        QVERIFY(!r.status.ok());
        QVERIFY2(r.status.error().message.contains(reason), qPrintable(r.status.error().message));
        QVERIFY(fx.inbox().isEmpty());
    }

    void oversizeMessagesStayOnTheServer()
    {
        Fixture fx;
        ScriptedServer server(QStringLiteral("S: +OK\n") + QLatin1String(kLogin) + QStringLiteral(
            "C: STAT\nS: +OK 2 0\nC: UIDL\nS: +OK\nS: 1 big\nS: 2 small\nS: .\n"
            "C: LIST\nS: +OK\nS: 1 5000\nS: 2 10\nS: .\n"
            "C: TOP 1 0\nS: +OK\nS: From: Big Sender <big@example.test>\nS: Subject: the big one\nS: .\n"
            "C: RETR 2\nS: +OK\nS: Subject: small\nS: .\n"
            "C: DELE 2\nS: +OK\nC: QUIT\nS: +OK\nCLOSE\n"));
        START(server);
        const Run r = fx.fetch(fx.account(server, QStringLiteral("pop3+insecure"), QStringLiteral("delete")), 1000);
        QVERIFY(r.status.ok());
        FINISHED(server);
        QCOMPARE(r.summary.skipped, 1);
        const QString problems = r.summary.problems.join(QString());
        QVERIFY2(problems.contains(QStringLiteral("over the size limit")), qPrintable(problems));
        QVERIFY2(problems.contains(QStringLiteral("the big one")), qPrintable(problems));   // named by TOP
    }

    void leaveForDaysThenDelete()
    {
        Fixture fx;
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        {
            ScriptedServer s(QStringLiteral("S: +OK\n") + QLatin1String(kLogin) + QStringLiteral(
                "C: STAT\nS: +OK 1 0\nC: UIDL\nS: +OK\nS: 1 a\nS: .\nC: LIST\nS: +OK\nS: 1 10\nS: .\n"
                "C: RETR 1\nS: +OK\nS: Subject: a\nS: .\nC: QUIT\nS: +OK\nCLOSE\n"));
            START(s);
            QVERIFY(fx.fetch(fx.account(s, QStringLiteral("pop3+insecure"), QStringLiteral("keep,days=3")), 0, t0).status.ok());
            FINISHED(s);
        }
        {   // two days later: still kept
            ScriptedServer s(QStringLiteral("S: +OK\n") + QLatin1String(kLogin) + QStringLiteral(
                "C: STAT\nS: +OK 1 0\nC: UIDL\nS: +OK\nS: 1 a\nS: .\nC: LIST\nS: +OK\nS: 1 10\nS: .\nC: QUIT\nS: +OK\nCLOSE\n"));
            START(s);
            QVERIFY(fx.fetch(fx.account(s, QStringLiteral("pop3+insecure"), QStringLiteral("keep,days=3")), 0, t0.addDays(2)).status.ok());
            FINISHED(s);
        }
        // four days later: deleted
        ScriptedServer s(QStringLiteral("S: +OK\n") + QLatin1String(kLogin) + QStringLiteral(
            "C: STAT\nS: +OK 1 0\nC: UIDL\nS: +OK\nS: 1 a\nS: .\nC: LIST\nS: +OK\nS: 1 10\nS: .\nC: DELE 1\nS: +OK\nC: QUIT\nS: +OK\nCLOSE\n"));
        START(s);
        const Run r = fx.fetch(fx.account(s, QStringLiteral("pop3+insecure"), QStringLiteral("keep,days=3")), 0, t0.addDays(4));
        QVERIFY(r.status.ok());
        FINISHED(s);
        QCOMPARE(r.summary.deletedOnServer, 1);
        QCOMPARE(fx.inbox().size(), 1);   // the local copy stays
    }

    void deletedHereIsDeletedThere()
    {
        Fixture fx;
        {
            ScriptedServer s(QStringLiteral("S: +OK\n") + QLatin1String(kLogin) + QStringLiteral(
                "C: STAT\nS: +OK 2 0\nC: UIDL\nS: +OK\nS: 1 a\nS: 2 b\nS: .\nC: LIST\nS: +OK\nS: 1 10\nS: 2 10\nS: .\n"
                "C: RETR 1\nC: RETR 2\nS: +OK\nS: Subject: a\nS: .\nS: +OK\nS: Subject: b\nS: .\nC: QUIT\nS: +OK\nCLOSE\n"));
            START(s);
            QVERIFY(fx.fetch(fx.account(s, QStringLiteral("pop3+insecure"), QStringLiteral("keep,until-deleted"))).status.ok());
            FINISHED(s);
        }
        const auto rows = fx.inbox();
        QVERIFY(store::MessageStore(*fx.db).remove(rows.at(0).id).ok());   // the user deletes "a"
        ScriptedServer s(QStringLiteral("S: +OK\n") + QLatin1String(kLogin) + QStringLiteral(
            "C: STAT\nS: +OK 2 0\nC: UIDL\nS: +OK\nS: 1 a\nS: 2 b\nS: .\nC: LIST\nS: +OK\nS: 1 10\nS: 2 10\nS: .\n"
            "C: DELE 1\nS: +OK\nC: QUIT\nS: +OK\nCLOSE\n"));
        START(s);
        QVERIFY(fx.fetch(fx.account(s, QStringLiteral("pop3+insecure"), QStringLiteral("keep,until-deleted"))).status.ok());
        FINISHED(s);
        QCOMPARE(fx.inbox().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestPop3)
#include "tst_pop3.moc"
