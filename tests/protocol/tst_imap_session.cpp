// The IMAP connection against scripted servers: STARTTLS strictness (the
// published STARTTLS attacks), login, APPEND's literal, and saving Sent
// copies without duplicates.
#include "ScriptedServer.h"

#include "imap/ImapSession.h"
#include "net/EarlyConnect.h"
#include "net/SocketTransport.h"
#include "store/OutboxStore.h"
#include "sync/SentCopyUploader.h"

#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <optional>

using namespace tern;
using tern::test::ScriptedServer;

#define START(server) QVERIFY2((server).start(), qPrintable((server).failure()))
#define FINISHED(server) QTRY_VERIFY2_WITH_TIMEOUT((server).finished(), qPrintable((server).failure() + QStringLiteral("\n") + QString::fromUtf8((server).transcript().right(800))), 10000)

namespace {
struct Outcome {
    bool authenticated = false;
    Error error;
    bool failed = false;
};

// Connects a session to `server` and waits for authenticated() or failed().
Outcome connectTo(const ScriptedServer &server, const QString &scheme, imap::ImapSession **keep = nullptr, QObject *owner = nullptr)
{
    const auto url = net::ServerUrl::parse(QStringLiteral("%1://alice@127.0.0.1:%2").arg(scheme).arg(server.serverPort()),
                                           net::Protocol::Imap).value();
    auto *parent = owner ? owner : new QObject;
    auto *transport = new net::SocketTransport(url, net::TlsPolicy{ScriptedServer::caFile(), {}}, parent);
    net::Credentials c;
    c.user = QStringLiteral("alice");
    c.secret = QStringLiteral("se\"cret");
    auto *session = new imap::ImapSession(transport, url, c, parent);
    Outcome o;
    QObject guard;   // the lambdas below must not outlive `o`
    QObject::connect(session, &imap::ImapSession::authenticated, &guard, [&o] { o.authenticated = true; });
    QObject::connect(session, &imap::ImapSession::failed, &guard, [&o](const Error &e) { o.failed = true; o.error = e; });
    session->start();
    (void)QTest::qWaitFor([&] { return o.authenticated || o.failed; }, 10000);
    if (keep)
        *keep = session;
    if (!owner)
        delete parent;
    return o;
}
} // namespace

class TestImapSession : public QObject {
    Q_OBJECT
private slots:
    void startTlsStrictness_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QString>("reason");
        QTest::newRow("STARTTLS not offered") << "S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hi\nC-CLOSE\n" << "does not offer STARTTLS";
        QTest::newRow("STARTTLS refused") << "S: * OK [CAPABILITY IMAP4rev1 STARTTLS] hi\nC: t1 STARTTLS\nS: t1 NO not today\nC-CLOSE\n" << "refused STARTTLS";
        QTest::newRow("STARTTLS BAD") << "S: * OK [CAPABILITY IMAP4rev1 STARTTLS] hi\nC: t1 STARTTLS\nS: t1 BAD what\nC-CLOSE\n" << "refused STARTTLS";
        QTest::newRow("PREAUTH instead of STARTTLS") << "S: * PREAUTH [CAPABILITY IMAP4rev1 STARTTLS] logged in already\nC-CLOSE\n" << "PREAUTH";
        QTest::newRow("response injection") << "S: * OK [CAPABILITY IMAP4rev1 STARTTLS] hi\nC: t1 STARTTLS\n"
                                               "S-RAW: t1 OK begin TLS\\r\\n* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] injected\\r\\n\nC-CLOSE\n" << "injection";
        QTest::newRow("capabilities asked, no STARTTLS") << "S: * OK hi\nC: t1 CAPABILITY\nS: * CAPABILITY IMAP4rev1 IDLE\nS: t1 OK\nC-CLOSE\n" << "does not offer STARTTLS";
    }
    void startTlsStrictness()
    {
        QFETCH(QString, scenario);
        QFETCH(QString, reason);
        ScriptedServer server(scenario);
        START(server);
        const Outcome o = connectTo(server, QStringLiteral("imap"));
        QVERIFY(o.failed);
        QVERIFY(!o.authenticated);
        QCOMPARE(o.error.code, Error::Code::Security);
        QVERIFY2(o.error.message.contains(reason), qPrintable(o.error.message));
        FINISHED(server);   // nothing after the refusal: no credentials in plaintext
        QVERIFY(!server.transcript().contains("LOGIN"));
    }

    void startTlsThenForgetCapabilitiesThenLogin()
    {
        ScriptedServer server(QStringLiteral(
            "S: * OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] hi\nC: t1 STARTTLS\nS: t1 OK begin\nTLS\n"
            // After TLS the client must ask again: the pre-TLS list said LOGINDISABLED.
            "C: t2 CAPABILITY\nS: * CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN\nS: t2 OK\n"
            "C: t3 AUTHENTICATE PLAIN AGFsaWNlAHNlImNyZXQ=\nS: t3 OK [CAPABILITY IMAP4rev1 MOVE] Logged in\n"));
        START(server);
        const Outcome o = connectTo(server, QStringLiteral("imap"));
        QVERIFY2(o.authenticated, qPrintable(o.error.message));
        FINISHED(server);
    }

    void loginQuotesItsArguments()
    {
        ScriptedServer server(QStringLiteral(
            "S: * OK [CAPABILITY IMAP4rev1] hi\nC: t1 LOGIN \"alice\" \"se\\\"cret\"\nS: t1 OK done\nC: t2 CAPABILITY\n"
            "S: * CAPABILITY IMAP4rev1\nS: t2 OK\n"),
                              ScriptedServer::Tls::Implicit);
        START(server);
        const Outcome o = connectTo(server, QStringLiteral("imaps"));
        QVERIFY2(o.authenticated, qPrintable(o.error.message));
        FINISHED(server);
    }

    void appendWaitsForTheContinuation()
    {
        ScriptedServer server(QStringLiteral(
            "S: * PREAUTH [CAPABILITY IMAP4rev1] ok\n"
            "C: t1 APPEND \"Sent\" (\\Seen) {10}\n"
            "S: + go ahead\n"
            "C: Subject: x\n"
            "S: t1 OK [APPENDUID 1 1] done\n"),
                              ScriptedServer::Tls::Implicit);
        START(server);
        QObject owner;
        imap::ImapSession *session = nullptr;
        QVERIFY(connectTo(server, QStringLiteral("imaps"), &session, &owner).authenticated);
        bool ok = false;
        session->append("Sent", "\\Seen", "Subject: x", [&](const imap::CommandResult &r) { ok = r.ok(); });
        QTRY_VERIFY(ok);
        FINISHED(server);
        // The literal left only after the server's "+" (a synchronizing literal, no LITERAL+).
        const QByteArray t = server.transcript();
        QVERIFY2(t.indexOf("S> + go ahead") >= 0 && t.indexOf("S> + go ahead") < t.indexOf("Subject: x"), t.constData());
    }

    // A streamed command's data reaches untaggedData() only; a plain command still
    // gets its own in the result (the sync streams its big FETCHes this way).
    void streamedCommandsKeepNoData()
    {
        ScriptedServer server(QStringLiteral(
            "S: * PREAUTH [CAPABILITY IMAP4rev1] ok\n"
            "C: t1 UID FETCH 1:* (FLAGS)\n"
            "S: * 1 FETCH (UID 1 FLAGS ())\nS: * 2 FETCH (UID 2 FLAGS (\\Seen))\nS: t1 OK done\n"
            "C: t2 UID FETCH 1:* (FLAGS)\n"
            "S: * 1 FETCH (UID 1 FLAGS ())\nS: t2 OK done\n"),
                              ScriptedServer::Tls::Implicit);
        START(server);
        QObject owner;
        imap::ImapSession *session = nullptr;
        QVERIFY(connectTo(server, QStringLiteral("imaps"), &session, &owner).authenticated);
        int seen = 0;
        QObject::connect(session, &imap::ImapSession::untaggedData, &owner, [&](const imap::Response &r) { seen += r.isStatus("FETCH"); });
        std::optional<imap::CommandResult> streamed, plain;
        session->commandStreamed("UID FETCH 1:* (FLAGS)", [&](const imap::CommandResult &r) { streamed = r; });
        session->command("UID FETCH 1:* (FLAGS)", [&](const imap::CommandResult &r) { plain = r; });
        QTRY_VERIFY(streamed && plain);
        QVERIFY(streamed->ok() && plain->ok());
        QCOMPARE(seen, 3);
        QCOMPARE(streamed->untagged.size(), 0);
        QCOMPARE(plain->untagged.size(), 1);
        FINISHED(server);
    }

    // A connection begun before the TLS library loads (net/EarlyConnect) carries the
    // session: one connection, the handshake on it, the certificate checked as ever.
    void earlyConnectionCarriesTheSession_data()
    {
        QTest::addColumn<bool>("trusted");
        QTest::newRow("our CA") << true;
        QTest::newRow("no CA for this server") << false;
    }

    void earlyConnectionCarriesTheSession()
    {
        QFETCH(bool, trusted);
        ScriptedServer server(QStringLiteral("S: * PREAUTH [CAPABILITY IMAP4rev1] ok\nC: t1 NOOP\nS: t1 OK done\n"),
                              ScriptedServer::Tls::Implicit);
        START(server);
        const auto url = net::ServerUrl::parse(QStringLiteral("imaps://alice@127.0.0.1:%1").arg(server.serverPort()), net::Protocol::Imap).value();
        auto early = net::EarlyConnect::start(url.host, url.port);
        QVERIFY(early.isStarted());
        QObject owner;
        auto *transport = new net::SocketTransport(url, net::TlsPolicy{trusted ? ScriptedServer::caFile() : QString(), {}}, &owner);
        transport->adopt(std::move(early));
        auto *session = new imap::ImapSession(transport, url, net::Credentials{}, &owner);
        bool authenticated = false, failed = false, done = false;
        Error error;
        QObject::connect(session, &imap::ImapSession::authenticated, &owner, [&] {
            authenticated = true;
            session->command("NOOP", [&](const imap::CommandResult &r) { done = r.ok(); });
        });
        QObject::connect(session, &imap::ImapSession::failed, &owner, [&](const Error &e) { failed = true; error = e; });
        session->start();
        QTRY_VERIFY_WITH_TIMEOUT(done || failed, 10000);
        // Qt knows no peer name for a socket it was handed: the early connection was used.
        QVERIFY(transport->socket().peerName().isEmpty());
        QCOMPARE(server.connectionsAccepted(), 1);
        if (trusted) {
            QVERIFY2(authenticated && done, qPrintable(error.message));
            FINISHED(server);
        } else {
            QVERIFY(failed && !authenticated);
            QCOMPARE(error.code, Error::Code::Security);
        }
    }

    // No name is looked up for it, only loopback is tried, and a refused one is never handed over.
    void earlyConnectTakesOnlyAnUpConnection()
    {
        QVERIFY(!net::EarlyConnect::start(QStringLiteral("imap.example.org"), 993).isStarted());
        QVERIFY(!net::EarlyConnect::start(QStringLiteral("localhost"), 993).isStarted());
        QVERIFY(!net::EarlyConnect::start(QStringLiteral("192.0.2.7"), 993).isStarted());   // not loopback
        QVERIFY(!net::EarlyConnect::start(QStringLiteral("127.0.0.1"), 0).isStarted());
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 port = closed.serverPort();
        closed.close();   // nobody listens there now
        auto refused = net::EarlyConnect::start(QStringLiteral("127.0.0.1"), port);
        QTest::qWait(50);
        QCOMPARE(refused.takeIfConnected(), qintptr(-1));
        QCOMPARE(refused.takeIfConnected(), qintptr(-1));   // and it is gone
    }

    void garbageAfterTaggedOkDropsTheConnection()
    {
        ScriptedServer server(QStringLiteral("S: * PREAUTH [CAPABILITY IMAP4rev1] ok\nC: t1 NOOP\nS: t1 OK done\nS: )))garbage((( \"\nC-CLOSE\n"),
                              ScriptedServer::Tls::Implicit);
        START(server);
        QObject owner;
        imap::ImapSession *session = nullptr;
        QVERIFY(connectTo(server, QStringLiteral("imaps"), &session, &owner).authenticated);
        Error error;
        bool failed = false, done = false;
        QObject::connect(session, &imap::ImapSession::failed, [&](const Error &e) { failed = true; error = e; });
        session->command("NOOP", [&](const imap::CommandResult &r) { done = r.ok(); });
        QTRY_VERIFY(failed);
        QVERIFY(done);   // the command itself completed before the garbage
        FINISHED(server);
    }

    void sentCopiesAreAppendedOnce()
    {
        QTemporaryDir dir;
        auto db = std::move(store::Database::open(dir.filePath(QStringLiteral("c.sqlite"))).value());
        store::OutboxStore outbox(*db);
        const QByteArray raw = "Message-ID: <a@x>\r\nSubject: s\r\n\r\nhi\r\n";   // 37 bytes
        const qint64 fresh = outbox.enqueue(QStringLiteral("acct"), raw, "a@x", {"b@x"}, QStringLiteral("<a@x>")).value();
        const qint64 already = outbox.enqueue(QStringLiteral("acct"), raw, "a@x", {"b@x"}, QStringLiteral("<dup@x>")).value();
        for (qint64 id : {fresh, already}) {
            auto e = outbox.list(QStringLiteral("acct"), true).value().at(int(id - 1));
            QVERIFY(outbox.markSent(e, {}, QDateTime::currentDateTimeUtc(), false).ok());
        }
        ScriptedServer server(QStringLiteral(
            "S: * PREAUTH [CAPABILITY IMAP4rev1 SPECIAL-USE LITERAL+] ok\n"
            "C: t1 LIST (SPECIAL-USE) \"\" \"*\"\nS: * LIST (\\Sent) \"/\" \"Sent Messages\"\nS: t1 OK\n"
            "C: t2 EXAMINE \"Sent Messages\"\nS: * 1 EXISTS\nS: t2 OK\n"
            "C: t3 UID SEARCH HEADER Message-ID \"<a@x>\"\nS: * SEARCH\nS: t3 OK\n"
            "C: t4 APPEND \"Sent Messages\" (\\Seen) {37+}\n"
            "C: Message-ID: <a@x>\nC: Subject: s\nC: \nC: hi\nC: \n"
            "S: t4 OK appended\n"
            // The second was appended before a crash: found by Message-ID, not appended again.
            "C: t5 UID SEARCH HEADER Message-ID \"<dup@x>\"\nS: * SEARCH 1\nS: t5 OK\n"
            "C: t6 LOGOUT\nS: * BYE\nS: t6 OK\nCLOSE\n"),
                              ScriptedServer::Tls::Implicit);
        START(server);
        store::AccountConfig a;
        a.name = QStringLiteral("acct");
        a.imap = net::ServerUrl::parse(QStringLiteral("imaps://alice@127.0.0.1:%1").arg(server.serverPort()), net::Protocol::Imap).value();
        a.caFile = ScriptedServer::caFile();
        net::Credentials c;
        c.user = QStringLiteral("alice");
        sync::SentCopyUploader up(*db, a, c);
        bool done = false;
        int appended = -1;
        QObject::connect(&up, &sync::SentCopyUploader::finished, [&](const Status &s, int n) {
            done = s.ok();
            appended = n;
        });
        up.run();
        QTRY_VERIFY(done);
        QCOMPARE(appended, 1);
        FINISHED(server);
        QVERIFY(outbox.pendingSentCopies(QStringLiteral("acct")).value().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestImapSession)
#include "tst_imap_session.moc"
