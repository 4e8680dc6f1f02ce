// SMTP submission and the outbox against scripted servers: the exact bytes
// on the wire, STARTTLS strictness, refusals before anything is sent, and
// the outbox state each server answer leads to.
#include "ScriptedServer.h"

#include "store/MessageStore.h"
#include "store/OutboxStore.h"
#include "sync/OutboxSender.h"

#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace tern;
using tern::test::ScriptedServer;

namespace {

const char *kEhloAuth =
    "S: 220 mx.example.test ESMTP\n"
    "C~ EHLO \\S+\n"
    "S: 250-mx.example.test\n"
    "S: 250-PIPELINING\n"
    "S: 250-SIZE 100000\n"
    "S: 250-8BITMIME\n"
    "S: 250-ENHANCEDSTATUSCODES\n"
    "S: 250-CHUNKING\n"
    "S: 250 AUTH PLAIN LOGIN\n"
    "C: AUTH PLAIN AGFsaWNlAHNlY3JldA==\n"
    "S: 235 2.7.0 Authentication successful\n";

// The same without CHUNKING: the message goes with DATA.
const char *kEhloAuthNoChunking =
    "S: 220 mx.example.test ESMTP\n"
    "C~ EHLO \\S+\n"
    "S: 250-mx.example.test\n"
    "S: 250-PIPELINING\n"
    "S: 250-ENHANCEDSTATUSCODES\n"
    "S: 250 AUTH PLAIN\n"
    "C: AUTH PLAIN AGFsaWNlAHNlY3JldA==\n"
    "S: 235 2.7.0 ok\n";

struct Flush {
    Status status = success();
    sync::FlushSummary summary;
};

class Fixture {
public:
    QTemporaryDir dir;
    std::unique_ptr<store::Database> db;
    std::unique_ptr<store::OutboxStore> outbox;
    Fixture()
    {
        db = std::move(store::Database::open(dir.filePath(QStringLiteral("c.sqlite"))).value());
        outbox = std::make_unique<store::OutboxStore>(*db);
    }
    store::AccountConfig account(const ScriptedServer &s, const QString &scheme = QStringLiteral("smtp+insecure"))
    {
        store::AccountConfig a;
        a.name = QStringLiteral("acct");
        a.pop3 = net::ServerUrl::parse(QStringLiteral("pop3s://alice@127.0.0.1"), net::Protocol::Pop3).value();
        a.smtp = net::ServerUrl::parse(QStringLiteral("%1://alice@127.0.0.1:%2").arg(scheme).arg(s.serverPort()), net::Protocol::Smtp).value();
        a.caFile = ScriptedServer::caFile();
        a.mode = store::AccountMode::Offline;
        return a;
    }
    qint64 queue(const QByteArray &raw, const QList<QByteArray> &rcpts = {"bob@example.test"})
    {
        return outbox->enqueue(QStringLiteral("acct"), raw, "alice@example.test", rcpts, QStringLiteral("<m@x>")).value();
    }
    Flush flush(const store::AccountConfig &a, bool oauth = false)
    {
        net::Credentials c;
        c.user = QStringLiteral("alice");
        c.secret = QStringLiteral("secret");
        c.isOAuthToken = oauth;
        sync::OutboxSender sender(*db, a, c, dir.path());
        Flush f;
        bool done = false;
        QObject::connect(&sender, &sync::OutboxSender::finished, [&](const Status &s, const sync::FlushSummary &sum) {
            f = {s, sum};
            done = true;
        });
        sender.run();
        if (!QTest::qWaitFor([&] { return done; }, 20000))
            f.status = Error::invalid(QStringLiteral("sender did not finish"));
        return f;
    }
    store::OutboxEntry entry(qint64 id)
    {
        for (const auto &e : outbox->list().value())
            if (e.id == id)
                return e;
        return {};
    }
    QString smtpSize()
    {
        auto q = db->exec(QStringLiteral("SELECT value FROM account_state WHERE account = 'acct' AND key = 'smtp-size'"));
        return q && q.value().next() ? q.value().value(0).toString() : QStringLiteral("(none)");
    }
    int sentCopies() { return int(store::MessageStore(*db).count(QStringLiteral("acct"), QStringLiteral("Sent")).value()); }
};

#define START(server) QVERIFY2((server).start(), qPrintable((server).failure()))
#define FINISHED(server) QTRY_VERIFY2_WITH_TIMEOUT((server).finished(), qPrintable((server).failure() + QStringLiteral("\n") + QString::fromUtf8((server).transcript().right(800))), 10000)

const QByteArray kMessage = "From: alice@example.test\r\nTo: bob@example.test\r\nSubject: hi\r\n\r\nhello\r\n";   // 70 bytes

} // namespace

class TestSmtp : public QObject {
    Q_OBJECT
private slots:
    void pipelinedBdatAndSentCopy()
    {
        Fixture fx;
        const qint64 id = fx.queue(kMessage, {"bob@example.test", "carol@example.test"});
        ScriptedServer server(QLatin1String(kEhloAuth) + QStringLiteral(
            // One pipelined group: MAIL, RCPT, RCPT, BDAT with the bytes as they are.
            "C: MAIL FROM:<alice@example.test> SIZE=70\n"
            "C: RCPT TO:<bob@example.test>\n"
            "C: RCPT TO:<carol@example.test>\n"
            "C: BDAT 70 LAST\n"
            "C: From: alice@example.test\nC: To: bob@example.test\nC: Subject: hi\nC: \nC: hello\n"
            "S: 250 2.1.0 Ok\nS: 250 2.1.5 Ok\nS: 250 2.1.5 Ok\nS: 250 2.0.0 Ok: queued as ABC\n"
            "C: QUIT\nS: 221 2.0.0 Bye\nCLOSE\n"));
        START(server);
        const Flush f = fx.flush(fx.account(server));
        QVERIFY2(f.status.ok(), qPrintable(f.status.error().message + server.failure() + QString::fromUtf8(server.transcript())));
        FINISHED(server);
        QCOMPARE(f.summary.sent, 1);
        QCOMPARE(fx.entry(id).state, QStringLiteral("sent"));
        QCOMPARE(fx.sentCopies(), 1);
        // The server's SIZE is kept for the composer's warning.
        QCOMPARE(fx.smtpSize(), QStringLiteral("100000"));
    }

    void dataWithDotStuffingAndCanonicalLineEnds()
    {
        Fixture fx;
        // Bare LF and a line starting with a dot: the wire gets CRLF and "..".
        fx.queue("Subject: dots\n\n.leading\nplain\n");
        ScriptedServer server(QLatin1String(kEhloAuthNoChunking) + QStringLiteral(
            "C: MAIL FROM:<alice@example.test>\nC: RCPT TO:<bob@example.test>\nC: DATA\n"
            "S: 250 2.1.0 Ok\nS: 250 2.1.5 Ok\nS: 354 End data with <CR><LF>.<CR><LF>\n"
            "C: Subject: dots\nC: \nC: ..leading\nC: plain\nC: .\n"
            "S: 250 2.0.0 queued\nC: QUIT\nS: 221 Bye\nCLOSE\n"));
        START(server);
        QVERIFY(fx.flush(fx.account(server)).status.ok());
        FINISHED(server);
        QVERIFY(!server.transcript().contains("\n\n"));   // no bare LF went out
        QCOMPARE(fx.smtpSize(), QStringLiteral("0"));           // no SIZE announced: no limit known
    }

    void withoutPipeliningOneCommandAtATime()
    {
        Fixture fx;
        fx.queue(kMessage);
        ScriptedServer server(QStringLiteral(
            "S: 220 old.example.test\nC~ EHLO \\S+\nS: 250-old.example.test\nS: 250 AUTH LOGIN\n"
            "C: AUTH LOGIN YWxpY2U=\nS: 334 UGFzc3dvcmQ6\nC: c2VjcmV0\nS: 235 ok\n"
            "C: MAIL FROM:<alice@example.test>\nS: 250 ok\n"
            "C: RCPT TO:<bob@example.test>\nS: 250 ok\n"
            "C: DATA\nS: 354 go\n"
            "C: From: alice@example.test\nC: To: bob@example.test\nC: Subject: hi\nC: \nC: hello\nC: .\n"
            "S: 250 ok\nC: QUIT\nS: 221 bye\nCLOSE\n"));
        START(server);
        const Flush f = fx.flush(fx.account(server));
        QVERIFY2(f.status.ok(), qPrintable(f.status.error().message));
        FINISHED(server);
        // Each command waited for the previous reply: RCPT only after MAIL's 250, the body after 354.
        const QByteArray t = server.transcript();
        QVERIFY2(t.indexOf("RCPT TO") > t.indexOf("S> 250 ok"), t.constData());
        QVERIFY2(t.indexOf("Subject: hi") > t.indexOf("S> 354 go"), t.constData());
    }

    void startTlsRequiredButNotOffered()
    {
        Fixture fx;
        const qint64 id = fx.queue(kMessage);
        ScriptedServer server(QStringLiteral("S: 220 x\nC~ EHLO \\S+\nS: 250-x\nS: 250 AUTH PLAIN\nC-CLOSE\n"));
        START(server);
        const Flush f = fx.flush(fx.account(server, QStringLiteral("smtp")));
        QVERIFY(!f.status.ok());
        QVERIFY(f.status.error().message.contains(QStringLiteral("does not offer STARTTLS")));
        FINISHED(server);   // no AUTH in plaintext
        QCOMPARE(fx.entry(id).state, QStringLiteral("queued"));   // kept for later, with the reason
        QVERIFY(fx.entry(id).lastError.contains(QStringLiteral("STARTTLS")));
    }

    void startTlsInjectionIsRefused()
    {
        Fixture fx;
        fx.queue(kMessage);
        ScriptedServer server(QStringLiteral("S: 220 x\nC~ EHLO \\S+\nS: 250-x\nS: 250 STARTTLS\nC: STARTTLS\n"
                                             "S-RAW: 220 2.0.0 go ahead\\r\\n250-x\\r\\n250 AUTH PLAIN\\r\\n\nC-CLOSE\n"));
        START(server);
        const Flush f = fx.flush(fx.account(server, QStringLiteral("smtp")));
        QVERIFY(!f.status.ok());
        QVERIFY2(f.status.error().message.contains(QStringLiteral("injection")), qPrintable(f.status.error().message));
        FINISHED(server);
    }

    void startTlsThenEhloAgain()
    {
        Fixture fx;
        fx.queue(kMessage);
        ScriptedServer server(QStringLiteral(
            "S: 220 x\nC~ EHLO \\S+\nS: 250-x\nS: 250 STARTTLS\nC: STARTTLS\nS: 220 go ahead\nTLS\n"
            "C~ EHLO \\S+\nS: 250-x\nS: 250-PIPELINING\nS: 250-CHUNKING\nS: 250 AUTH PLAIN\n"
            "C: AUTH PLAIN AGFsaWNlAHNlY3JldA==\nS: 235 ok\n"
            "C: MAIL FROM:<alice@example.test>\nC: RCPT TO:<bob@example.test>\nC: BDAT 70 LAST\n"
            "C: From: alice@example.test\nC: To: bob@example.test\nC: Subject: hi\nC: \nC: hello\n"
            "S: 250 ok\nS: 250 ok\nS: 250 ok\nC: QUIT\nS: 221 bye\nCLOSE\n"));
        START(server);
        const Flush f = fx.flush(fx.account(server, QStringLiteral("smtp")));
        QVERIFY2(f.status.ok(), qPrintable(f.status.error().message));
        FINISHED(server);
    }

    void oversizeIsRefusedBeforeSending()
    {
        Fixture fx;
        const qint64 id = fx.queue("Subject: big\r\n\r\n" + QByteArray(200000, 'x') + "\r\n");
        ScriptedServer server(QLatin1String(kEhloAuth) + QStringLiteral("C: QUIT\nS: 221 bye\nCLOSE\n"));
        START(server);
        const Flush f = fx.flush(fx.account(server));
        QVERIFY(f.status.ok());
        FINISHED(server);   // no MAIL FROM was sent
        QCOMPARE(fx.entry(id).state, QStringLiteral("failed"));
        QVERIFY2(fx.entry(id).lastError.contains(QStringLiteral("accepts at most 97 KB")), qPrintable(fx.entry(id).lastError));
    }

    void controlCharactersInAnAddressNeverReachTheWire()
    {
        Fixture fx;
        const qint64 id = fx.queue(kMessage, {"bob@example.test>\r\nRCPT TO:<evil@example.net"});
        ScriptedServer server(QLatin1String(kEhloAuth) + QStringLiteral("C: QUIT\nS: 221 bye\nCLOSE\n"));
        START(server);
        QVERIFY(fx.flush(fx.account(server)).status.ok());
        FINISHED(server);
        QCOMPARE(fx.entry(id).state, QStringLiteral("failed"));
        QVERIFY(!server.transcript().contains("evil"));
    }

    void perRecipientResults()
    {
        Fixture fx;
        const qint64 id = fx.queue(kMessage, {"bob@example.test", "nobody@example.test", "busy@example.test"});
        ScriptedServer server(QLatin1String(kEhloAuth) + QStringLiteral(
            "C: MAIL FROM:<alice@example.test> SIZE=70\nC: RCPT TO:<bob@example.test>\nC: RCPT TO:<nobody@example.test>\n"
            "C: RCPT TO:<busy@example.test>\nC: BDAT 70 LAST\n"
            "C: From: alice@example.test\nC: To: bob@example.test\nC: Subject: hi\nC: \nC: hello\n"
            "S: 250 2.1.0 Ok\nS: 250 2.1.5 Ok\nS: 550 5.1.1 <nobody@example.test>: User unknown\n"
            "S: 452 4.2.2 Mailbox full\nS: 250 2.0.0 queued\n"
            "C: QUIT\nS: 221 bye\nCLOSE\n"));
        START(server);
        const Flush f = fx.flush(fx.account(server));
        QVERIFY(f.status.ok());
        FINISHED(server);
        const auto e = fx.entry(id);
        QCOMPARE(e.state, QStringLiteral("sent"));
        QVERIFY(e.recipientResults.contains(QStringLiteral("nobody@example.test 550")));
        QVERIFY(f.summary.problems.join(QString()).contains(QStringLiteral("does not exist")));
        // The temporarily refused recipient gets an entry of its own, queued for later.
        const auto all = fx.outbox->list().value();
        QCOMPARE(all.size(), 2);
        QCOMPARE(all.at(1).state, QStringLiteral("queued"));
        QCOMPARE(all.at(1).recipients, (QList<QByteArray>{"busy@example.test"}));
        QVERIFY(all.at(1).nextAttemptAt > QDateTime::currentDateTimeUtc());
        QCOMPARE(fx.sentCopies(), 1);
    }

    void transientAndPermanentFailures()
    {
        Fixture fx;
        const qint64 temp = fx.queue(kMessage);
        const qint64 perm = fx.queue(kMessage);
        ScriptedServer server(QLatin1String(kEhloAuth) + QStringLiteral(
            "C: MAIL FROM:<alice@example.test> SIZE=70\nC: RCPT TO:<bob@example.test>\nC: BDAT 70 LAST\n"
            "C: From: alice@example.test\nC: To: bob@example.test\nC: Subject: hi\nC: \nC: hello\n"
            "S: 250 ok\nS: 250 ok\nS: 451 4.3.0 Try again later\nC: RSET\nS: 250 ok\n"
            "C: MAIL FROM:<alice@example.test> SIZE=70\nC: RCPT TO:<bob@example.test>\nC: BDAT 70 LAST\n"
            "C: From: alice@example.test\nC: To: bob@example.test\nC: Subject: hi\nC: \nC: hello\n"
            "S: 550 5.7.1 Sender refused\nS: 503 5.5.1 No valid sender\nS: 554 5.5.1 No valid recipients\nC: RSET\nS: 250 ok\n"
            "C: QUIT\nS: 221 bye\nCLOSE\n"));
        START(server);
        const Flush f = fx.flush(fx.account(server));
        QVERIFY(f.status.ok());
        FINISHED(server);
        QCOMPARE(fx.entry(temp).state, QStringLiteral("queued"));
        QVERIFY(fx.entry(temp).nextAttemptAt > QDateTime::currentDateTimeUtc());
        QCOMPARE(fx.entry(perm).state, QStringLiteral("failed"));
        QVERIFY2(fx.entry(perm).lastError.contains(QStringLiteral("Sender refused")), qPrintable(fx.entry(perm).lastError));
        QCOMPARE(fx.sentCopies(), 0);
    }

    void connectionLostAfterTheLastByteIsUncertain()
    {
        Fixture fx;
        const qint64 id = fx.queue(kMessage);
        ScriptedServer server(QLatin1String(kEhloAuth) + QStringLiteral(
            "C: MAIL FROM:<alice@example.test> SIZE=70\nC: RCPT TO:<bob@example.test>\nC: BDAT 70 LAST\n"
            "C: From: alice@example.test\nC: To: bob@example.test\nC: Subject: hi\nC: \nC: hello\n"
            "S: 250 ok\nS: 250 ok\nCLOSE\n"));
        START(server);
        const Flush f = fx.flush(fx.account(server));
        QVERIFY(!f.status.ok());
        QCOMPARE(fx.entry(id).state, QStringLiteral("uncertain"));   // never resent on our own
        QVERIFY(fx.entry(id).lastError.contains(QStringLiteral("may have been sent")));
        QVERIFY(fx.outbox->due(QStringLiteral("acct"), QDateTime::currentDateTimeUtc().addDays(1)).value().isEmpty());
    }

    void connectionLostBeforeTheMessageIsRequeued()
    {
        Fixture fx;
        const qint64 id = fx.queue(kMessage);
        // Without pipelining the body only leaves after DATA's 354; the server dies before.
        ScriptedServer server(QStringLiteral(
            "S: 220 x\nC~ EHLO \\S+\nS: 250-x\nS: 250 AUTH PLAIN\nC: AUTH PLAIN AGFsaWNlAHNlY3JldA==\nS: 235 ok\n"
            "C: MAIL FROM:<alice@example.test>\nS: 250 ok\nC: RCPT TO:<bob@example.test>\nCLOSE\n"));
        START(server);
        QVERIFY(!fx.flush(fx.account(server)).status.ok());
        QCOMPARE(fx.entry(id).state, QStringLiteral("queued"));
        QCOMPARE(fx.entry(id).attempts, 1);
    }

    void heloFallbackOnlyWithoutTls()
    {
        Fixture fx;
        fx.queue(kMessage);
        ScriptedServer starttls(QStringLiteral("S: 220 x\nC~ EHLO \\S+\nS: 502 5.5.2 What?\nC-CLOSE\n"));
        START(starttls);
        const Flush f = fx.flush(fx.account(starttls, QStringLiteral("smtp")));
        QVERIFY(!f.status.ok());
        QVERIFY(f.status.error().message.contains(QStringLiteral("EHLO refused")));
        FINISHED(starttls);
    }

    void heloFallbackNeverSkipsAuthentication()
    {
        Fixture fx;
        const qint64 id = fx.queue(kMessage);
        ScriptedServer server(QStringLiteral("S: 220 x\nC~ EHLO \\S+\nS: 502 5.5.2 What?\nC~ HELO \\S+\nS: 250 x\nC-CLOSE\n"));
        START(server);
        const Flush f = fx.flush(fx.account(server));   // smtp+insecure on loopback: HELO is allowed
        QVERIFY(!f.status.ok());
        QVERIFY2(f.status.error().message.contains(QStringLiteral("no authentication mechanism")), qPrintable(f.status.error().message));
        FINISHED(server);
        QCOMPARE(fx.entry(id).state, QStringLiteral("queued"));
    }

    void offlineTheMessageWaitsInTheOutbox()
    {
        Fixture fx;
        const qint64 id = fx.queue(kMessage);
        quint16 deadPort = 0;
        {
            QTcpServer probe;   // a port that was free a moment ago and has no listener now
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            deadPort = probe.serverPort();
        }
        store::AccountConfig a;
        a.name = QStringLiteral("acct");
        a.smtp = net::ServerUrl::parse(QStringLiteral("smtp+insecure://alice@127.0.0.1:%1").arg(deadPort), net::Protocol::Smtp).value();
        const Flush f = fx.flush(a);
        QVERIFY(!f.status.ok());
        QCOMPARE(f.status.error().code, Error::Code::Network);
        const auto e = fx.entry(id);
        QCOMPARE(e.state, QStringLiteral("queued"));   // not lost, not failed: sent when the network is back
        QCOMPARE(e.attempts, 0);
        QVERIFY(!e.lastError.isEmpty());
        QCOMPARE(fx.outbox->due(QStringLiteral("acct"), QDateTime::currentDateTimeUtc()).value().size(), 1);
    }

    void wrongPassword()
    {
        Fixture fx;
        const qint64 id = fx.queue(kMessage);
        ScriptedServer server(QStringLiteral(
            "S: 220 x\nC~ EHLO \\S+\nS: 250-x\nS: 250-ENHANCEDSTATUSCODES\nS: 250 AUTH PLAIN\n"
            "C: AUTH PLAIN AGFsaWNlAHNlY3JldA==\nS: 535 5.7.8 Error: authentication failed\nC-CLOSE\n"));
        START(server);
        const Flush f = fx.flush(fx.account(server));
        QVERIFY(!f.status.ok());
        QVERIFY2(f.status.error().message.contains(QStringLiteral("user name or password is wrong")), qPrintable(f.status.error().message));
        QCOMPARE(fx.entry(id).state, QStringLiteral("queued"));
    }

    void oauthTokensGoOnlyToOAuthMechanisms_data()
    {
        QTest::addColumn<QString>("offered");
        QTest::addColumn<QString>("expected");
        // base64("user=alice\1auth=Bearer secret\1\1") and RFC 7628's gs2 form.
        QTest::newRow("XOAUTH2") << "PLAIN XOAUTH2" << "AUTH XOAUTH2 dXNlcj1hbGljZQFhdXRoPUJlYXJlciBzZWNyZXQBAQ==";
        QTest::newRow("OAUTHBEARER preferred") << "PLAIN XOAUTH2 OAUTHBEARER" << "AUTH OAUTHBEARER ~.+";
    }
    void oauthTokensGoOnlyToOAuthMechanisms()
    {
        QFETCH(QString, offered);
        QFETCH(QString, expected);
        Fixture fx;
        fx.queue(kMessage);
        const QString expect = expected.startsWith(QLatin1String("AUTH OAUTHBEARER ~"))
                                   ? QStringLiteral("C~ AUTH OAUTHBEARER [A-Za-z0-9+/=]+\n") : QStringLiteral("C: %1\n").arg(expected);
        ScriptedServer server(QStringLiteral("S: 220 x\nC~ EHLO \\S+\nS: 250-x\nS: 250 AUTH %1\n").arg(offered) + expect +
                              QStringLiteral("S: 535 5.7.8 token expired\nC-CLOSE\n"));
        START(server);
        const Flush f = fx.flush(fx.account(server), true);
        QVERIFY(!f.status.ok());
        QVERIFY2(f.status.error().message.contains(QStringLiteral("token expired")), qPrintable(f.status.error().message));
        FINISHED(server);
    }

    void noAuthenticationOfferedIsRefused()
    {
        // A server that lets us skip authentication must not get our mail unauthenticated.
        Fixture fx;
        const qint64 id = fx.queue(kMessage);
        ScriptedServer server(QStringLiteral("S: 220 x\nC~ EHLO \\S+\nS: 250-x\nS: 250 PIPELINING\nC-CLOSE\n"));
        START(server);
        const Flush f = fx.flush(fx.account(server));
        QVERIFY(!f.status.ok());
        QVERIFY2(f.status.error().message.contains(QStringLiteral("no authentication mechanism")), qPrintable(f.status.error().message));
        FINISHED(server);
        QCOMPARE(fx.entry(id).state, QStringLiteral("queued"));
    }

    void deliveryStatusNotificationsWhenAsked()
    {
        Fixture fx;
        const qint64 id = fx.outbox->enqueue(QStringLiteral("acct"), kMessage, "alice@example.test", {"bob@example.test"}, {}, true).value();
        ScriptedServer server(QStringLiteral(
            "S: 220 x\nC~ EHLO \\S+\nS: 250-x\nS: 250-PIPELINING\nS: 250-DSN\nS: 250 AUTH PLAIN\n"
            "C: AUTH PLAIN AGFsaWNlAHNlY3JldA==\nS: 235 ok\n"
            "C: MAIL FROM:<alice@example.test> RET=HDRS\nC: RCPT TO:<bob@example.test> NOTIFY=FAILURE,DELAY\nC: DATA\n"
            "S: 250 ok\nS: 250 ok\nS: 354 go\n"
            "C: From: alice@example.test\nC: To: bob@example.test\nC: Subject: hi\nC: \nC: hello\nC: .\n"
            "S: 250 ok\nC: QUIT\nS: 221 bye\nCLOSE\n"));
        START(server);
        QVERIFY(fx.flush(fx.account(server)).status.ok());
        FINISHED(server);
        QCOMPARE(fx.entry(id).state, QStringLiteral("sent"));
    }

    void interruptedSubmissionBecomesUncertainAtStartup()
    {
        Fixture fx;
        const qint64 id = fx.queue(kMessage);
        QVERIFY(fx.outbox->markSubmitting(id).ok());   // as if Tern was killed here
        ScriptedServer server(QStringLiteral("S: 220 x\n"));   // never contacted: nothing is due
        START(server);
        const Flush f = fx.flush(fx.account(server));
        QVERIFY(f.status.ok());
        QCOMPARE(f.summary.uncertain, 1);
        QCOMPARE(fx.entry(id).state, QStringLiteral("uncertain"));
        QCOMPARE(server.connectionsAccepted(), 0);
    }
};

QTEST_GUILESS_MAIN(TestSmtp)
#include "tst_smtp.moc"
