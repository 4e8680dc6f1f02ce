// The scripted fake server is what every protocol test stands on, so it is
// tested itself: it must pass a correct client, catch a wrong one, speak TLS
// that verifies against the test CA, and deliver hostile bytes verbatim.
#include "ScriptedServer.h"

#include <QSslConfiguration>
#include <QSslSocket>
#include <QTest>

using tern::test::ScriptedServer;

namespace {
// An asynchronous client in the test's own thread (the server shares it).
struct Client {
    QSslSocket socket;
    QByteArray received;
    Client()
    {
        QObject::connect(&socket, &QSslSocket::readyRead, [this] { received += socket.readAll(); });
    }
    void trustTestCa()
    {
        QSslConfiguration c = QSslConfiguration::defaultConfiguration();
        c.setCaCertificates(QSslCertificate::fromPath(ScriptedServer::caFile()));
        c.setPeerVerifyMode(QSslSocket::VerifyPeer);
        socket.setSslConfiguration(c);
    }
};
} // namespace

class TestScriptedServer : public QObject {
    Q_OBJECT
private slots:
    void plainDialogue()
    {
        ScriptedServer server(QStringLiteral("S: * OK hello\nC: a1 NOOP\nS: a1 OK done\nC-CLOSE\n"));
        QVERIFY2(server.start(), qPrintable(server.failure()));
        QVERIFY(server.serverPort() != 0);
        Client c;
        c.socket.connectToHost(QStringLiteral("127.0.0.1"), server.serverPort());
        QTRY_VERIFY(c.received.contains("* OK hello\r\n"));
        c.socket.write("a1 NOOP\r\n");
        QTRY_VERIFY(c.received.contains("a1 OK done\r\n"));
        QVERIFY(!server.finished());   // still waiting for the client to close
        c.socket.disconnectFromHost();
        QTRY_VERIFY(server.finished());
        QVERIFY(server.failure().isEmpty());
    }

    void wrongClientLineIsCaught()
    {
        ScriptedServer server(QStringLiteral("S: * OK hello\nC: a1 LOGIN alice secret\nS: a1 OK\n"));
        QVERIFY(server.start());
        Client c;
        c.socket.connectToHost(QStringLiteral("127.0.0.1"), server.serverPort());
        QTRY_VERIFY(c.received.contains("* OK hello"));
        c.socket.write("a1 LOGIN alice wrong\r\n");
        QTRY_VERIFY(!server.failure().isEmpty());
        QVERIFY(server.failure().contains(QStringLiteral("line 2")));
        QVERIFY(server.failure().contains(QStringLiteral("a1 LOGIN alice wrong")));
        QTRY_COMPARE(c.socket.state(), QAbstractSocket::UnconnectedState);   // aborted
        QVERIFY(!c.received.contains("a1 OK"));
        QVERIFY(!server.finished());
    }

    void regexLines()
    {
        ScriptedServer server(QStringLiteral("C~ [A-Z][0-9]+ CAPABILITY\nS: ok\n"));
        QVERIFY(server.start());
        Client c;
        c.socket.connectToHost(QStringLiteral("127.0.0.1"), server.serverPort());
        QTRY_COMPARE(c.socket.state(), QAbstractSocket::ConnectedState);
        c.socket.write("T42 CAPABILITY\r\n");
        QTRY_VERIFY(server.finished());
    }

    void implicitTlsVerifiesAgainstTestCa()
    {
        ScriptedServer server(QStringLiteral("S: * OK secure\n"), ScriptedServer::Tls::Implicit);
        QVERIFY(server.start());
        Client c;
        c.trustTestCa();
        c.socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), server.serverPort());
        QTRY_VERIFY(c.socket.isEncrypted());
        QVERIFY(c.socket.sslHandshakeErrors().isEmpty());
        QTRY_VERIFY(c.received.contains("* OK secure"));
        QVERIFY(server.finished());
    }

    void implicitTlsUntrustedWithoutTheCa()
    {
        ScriptedServer server(QStringLiteral("S: * OK secure\n"), ScriptedServer::Tls::Implicit);
        QVERIFY(server.start());
        Client c;   // system CAs only: the test CA is unknown, so the handshake must fail
        bool sawErrors = false;
        QObject::connect(&c.socket, &QSslSocket::sslErrors, [&](const QList<QSslError> &) { sawErrors = true; });
        c.socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), server.serverPort());
        QTRY_VERIFY(sawErrors);
        QTRY_COMPARE(c.socket.state(), QAbstractSocket::UnconnectedState);
        QVERIFY(!c.received.contains("secure"));
    }

    void startTlsMidDialogue()
    {
        ScriptedServer server(QStringLiteral("S: * OK\nC: a STARTTLS\nS: a OK begin\nTLS\nC: b NOOP\nS: b OK\n"));
        QVERIFY(server.start());
        Client c;
        c.trustTestCa();
        c.socket.connectToHost(QStringLiteral("127.0.0.1"), server.serverPort());
        QTRY_VERIFY(c.received.contains("* OK\r\n"));
        c.socket.write("a STARTTLS\r\n");
        QTRY_VERIFY(c.received.contains("a OK begin\r\n"));
        c.socket.startClientEncryption();
        QTRY_VERIFY(c.socket.isEncrypted());
        c.socket.write("b NOOP\r\n");
        QTRY_VERIFY(c.received.contains("b OK\r\n"));
        QVERIFY(server.finished());
    }

    void hostileBytesVerbatim()
    {
        // A STARTTLS reply with an injected line behind it, NUL and bare CR/LF.
        ScriptedServer server(QStringLiteral("S-RAW: a OK begin\\r\\n* OK injected\\r\\n\\x00\\rbare\\n\nS-FILL: 300000\nCLOSE\n"));
        QVERIFY(server.start());
        Client c;
        c.socket.connectToHost(QStringLiteral("127.0.0.1"), server.serverPort());
        const QByteArray expectedHead = QByteArray("a OK begin\r\n* OK injected\r\n") + '\0' + "\rbare\n";
        QTRY_VERIFY_WITH_TIMEOUT(c.received.size() >= expectedHead.size() + 300000, 10000);
        QCOMPARE(c.received.left(expectedHead.size()), expectedHead);
        QCOMPARE(c.received.size(), expectedHead.size() + 300000);
        QCOMPARE(c.received.count('x'), 300000);
        QTRY_COMPARE(c.socket.state(), QAbstractSocket::UnconnectedState);
        QVERIFY(server.finished());
    }

    void reconnectWithAccept()
    {
        ScriptedServer server(QStringLiteral("S: first\nCLOSE\nACCEPT\nS: second\n"));
        QVERIFY(server.start());
        Client a;
        a.socket.connectToHost(QStringLiteral("127.0.0.1"), server.serverPort());
        QTRY_VERIFY(a.received.contains("first"));
        QTRY_COMPARE(a.socket.state(), QAbstractSocket::UnconnectedState);
        Client b;
        b.socket.connectToHost(QStringLiteral("127.0.0.1"), server.serverPort());
        QTRY_VERIFY(b.received.contains("second"));
        QCOMPARE(server.connectionsAccepted(), 2);
        QVERIFY(server.finished());
    }

    void badScenarioIsReported()
    {
        ScriptedServer server(QStringLiteral("S: ok\nX: what\n"));
        QVERIFY(!server.start());
        QVERIFY(server.failure().contains(QStringLiteral("line 2")));
    }

    void twoServersTwoPorts()
    {
        ScriptedServer a(QStringLiteral("S: a\n")), b(QStringLiteral("S: b\n"));
        QVERIFY(a.start());
        QVERIFY(b.start());
        QVERIFY(a.serverPort() != b.serverPort());
    }
};

QTEST_GUILESS_MAIN(TestScriptedServer)
#include "tst_scripted_server.moc"
