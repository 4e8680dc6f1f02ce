// COMPRESS=DEFLATE (RFC 4978) at the transport: SocketTransport against a
// scripted server that compresses with its own zlib code, on plain loopback
// and on implicit TLS. What a user would lose: mail garbled or cut short after
// compression starts, or the client eaten alive by a decompression bomb.
#include "ScriptedServer.h"

#include "net/SocketTransport.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTest>

using namespace tern;
using tern::test::ScriptedServer;

#define START(server) QVERIFY2((server).start(), qPrintable((server).failure()))
#define FINISHED(server) QTRY_VERIFY2_WITH_TIMEOUT((server).finished(), qPrintable((server).failure() + QStringLiteral("\n") + QString::fromUtf8((server).transcript().right(800))), 20000)

namespace {
constexpr qsizetype MiB = 1024 * 1024;

const QByteArray kGreeting = "* OK [CAPABILITY IMAP4rev1 COMPRESS=DEFLATE] hi\r\n";
// After the OK the server says nothing until the client's next (compressed)
// command, as real servers do: bytes right behind the OK would reach the
// consumer before it could call startDeflate().
const QString kUntilDeflate = QStringLiteral(
    "S: * OK [CAPABILITY IMAP4rev1 COMPRESS=DEFLATE] hi\n"
    "C: t1 COMPRESS DEFLATE\n"
    "S: t1 OK DEFLATE active\n"
    "DEFLATE\n"
    "C: t2 NOOP\n");

// One client connection and everything it heard. With `take` false it never
// calls takeAll(), like a consumer that stopped reading.
struct Client {
    QObject owner;
    net::SocketTransport *transport = nullptr;
    QByteArray received;
    qsizetype total = 0;
    qsizetype largestTake = 0;
    bool keep = true;   // keep what is taken in `received`
    bool take = true;
    bool opened = false;
    bool failed = false;
    bool closed = false;
    Error error;

    Client(const ScriptedServer &server, bool tls)
    {
        const auto url = net::ServerUrl::parse(QStringLiteral("%1://alice@127.0.0.1:%2")
                                                   .arg(tls ? QStringLiteral("imaps") : QStringLiteral("imap+insecure"))
                                                   .arg(server.serverPort()),
                                               net::Protocol::Imap).value();
        transport = new net::SocketTransport(url, net::TlsPolicy{ScriptedServer::caFile(), {}}, &owner);
        QObject::connect(transport, &net::Transport::opened, &owner, [this] { opened = true; });
        QObject::connect(transport, &net::Transport::closed, &owner, [this] { closed = true; });
        QObject::connect(transport, &net::Transport::failed, &owner, [this](const Error &e) {
            failed = true;
            error = e;
        });
        QObject::connect(transport, &net::Transport::dataReady, &owner, [this] {
            if (!take)
                return;
            const QByteArray got = transport->takeAll();
            total += got.size();
            largestTake = qMax(largestTake, got.size());
            if (keep)
                received += got;
        });
        transport->open();
    }
};

// Several MB that compress like real mail (base64 of random bytes), seeded.
QByteArray payload(qsizetype rawBytes, quint32 seed)
{
    QRandomGenerator rng(seed);
    QByteArray raw(rawBytes, Qt::Uninitialized);
    for (char &c : raw)
        c = char(rng.bounded(256));
    return raw.toBase64();
}

// The process's peak resident memory in KiB, after resetting it where the
// kernel allows (Linux clear_refs "5"); -1 where there is no /proc.
qint64 peakRssKiB(bool reset)
{
    if (reset) {
        QFile clear(QStringLiteral("/proc/self/clear_refs"));
        if (clear.open(QIODevice::WriteOnly))
            clear.write("5");
    }
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

// A transport that is not a socket: the seam's default must refuse.
class NoCompressionTransport : public net::Transport {
public:
    void open() override {}
    void send(const QByteArray &) override {}
    QByteArray takeAll() override { return {}; }
    void startTls() override {}
    bool isEncrypted() const override { return false; }
    void close() override {}
    void abort() override {}
    QString peer() const override { return QStringLiteral("fake:1"); }
};
} // namespace

class TestDeflate : public QObject {
    Q_OBJECT
private:
    // Greeting, COMPRESS, its OK, compression on, a first compressed command:
    // the common start (kUntilDeflate). Check QTest::currentTestFailed() after.
    static void negotiate(Client &c)
    {
        QTRY_COMPARE_WITH_TIMEOUT(c.received, kGreeting, 10000);
        c.transport->send("t1 COMPRESS DEFLATE\r\n");
        QTRY_COMPARE_WITH_TIMEOUT(c.received, kGreeting + "t1 OK DEFLATE active\r\n", 10000);
        const Status s = c.transport->startDeflate();
        QVERIFY2(s.ok(), qPrintable(s.error().message));
        QVERIFY(c.transport->isCompressed());
        c.received.clear();
        c.total = 0;
        c.largestTake = 0;
        c.transport->send("t2 NOOP\r\n");   // the server reads it only if it was flushed
    }

    static void tlsOrNot()
    {
        QTest::addColumn<bool>("tls");
        QTest::newRow("plain loopback") << false;
        QTest::newRow("implicit TLS") << true;
    }

private slots:
    void linesBothWaysArriveIntact_data() { tlsOrNot(); }
    void linesBothWaysArriveIntact()
    {
        QFETCH(bool, tls);
        // Both ways several MB, in one line each: the window, the flushes and
        // the 1 MiB inflate pieces all come into play.
        const QByteArray up = payload(3 * MiB, 1);
        const QByteArray down = payload(3 * MiB, 2) + QByteArray(2 * MiB, 'z');
        ScriptedServer server(kUntilDeflate
                                  + QStringLiteral("S: * 3 EXISTS\nS: t2 OK done\n"
                                                   "C: t3 APPEND INBOX ")
                                  + QString::fromLatin1(up)
                                  + QStringLiteral("\nS: * 1 FETCH ") + QString::fromLatin1(down)
                                  + QStringLiteral("\nS: t3 OK [APPENDUID 7 1] done\nC-CLOSE\n"),
                              tls ? ScriptedServer::Tls::Implicit : ScriptedServer::Tls::None);
        START(server);
        Client c(server, tls);
        negotiate(c);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(c.transport->isEncrypted() == tls);

        QTRY_COMPARE_WITH_TIMEOUT(c.received, QByteArray("* 3 EXISTS\r\nt2 OK done\r\n"), 10000);
        c.received.clear();

        c.transport->send("t3 APPEND INBOX " + up + "\r\n");
        const QByteArray expected = "* 1 FETCH " + down + "\r\nt3 OK [APPENDUID 7 1] done\r\n";
        QTRY_VERIFY_WITH_TIMEOUT(c.received.size() >= expected.size() || c.failed, 20000);
        QVERIFY2(!c.failed, qPrintable(c.error.message));
        QVERIFY(c.received == expected);   // not QCOMPARE: no 8 MB dump on failure
        QVERIFY2(c.largestTake <= net::SocketTransport::kInflateChunk, QByteArray::number(c.largestTake).constData());

        // A second COMPRESS is refused; the compressed stream goes on unharmed.
        const Status again = c.transport->startDeflate();
        QVERIFY(!again.ok());
        QVERIFY2(again.error().message.contains(QStringLiteral("compressed already")), qPrintable(again.error().message));

        c.transport->close();
        FINISHED(server);
        QVERIFY(server.transcript().contains("t3 APPEND INBOX " + up + "\r\n"));
        QVERIFY(!c.failed);
    }

    void corruptStreamFailsTheConnection_data() { tlsOrNot(); }
    void corruptStreamFailsTheConnection()
    {
        QFETCH(bool, tls);
        // 0xff: a block of the reserved type 3, after a good line.
        ScriptedServer server(kUntilDeflate + QStringLiteral("S: * 1 EXISTS\nS-WIRE: \\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\nC-CLOSE\n"),
                              tls ? ScriptedServer::Tls::Implicit : ScriptedServer::Tls::None);
        START(server);
        Client c(server, tls);
        negotiate(c);
        if (QTest::currentTestFailed())
            return;
        QTRY_VERIFY_WITH_TIMEOUT(c.failed, 10000);
        QCOMPARE(c.error.code, Error::Code::Network);
        QVERIFY2(c.error.message.contains(QStringLiteral("corrupt")), qPrintable(c.error.message));
        QCOMPARE(c.received, QByteArray("* 1 EXISTS\r\n"));   // what came before the damage is kept
        QCOMPARE(c.transport->socket().state(), QAbstractSocket::UnconnectedState);   // aborted
        FINISHED(server);
        QVERIFY(!c.closed);
    }

    void decompressionBombIsRefused_data() { tlsOrNot(); }
    void decompressionBombIsRefused()
    {
        QFETCH(bool, tls);
        // 256 MiB of 'x' is well under 1 MB on the wire. A consumer that stops
        // reading must not make us hold it all.
        const qsizetype bomb = 256 * MiB;
        ScriptedServer server(kUntilDeflate + QStringLiteral("S-FILL: %1\n").arg(bomb),
                              tls ? ScriptedServer::Tls::Implicit : ScriptedServer::Tls::None);
        START(server);
        Client c(server, tls);
        negotiate(c);
        if (QTest::currentTestFailed())
            return;
        c.take = false;
        const qint64 before = peakRssKiB(true);
        QTRY_VERIFY_WITH_TIMEOUT(c.failed, 60000);
        const qint64 after = peakRssKiB(false);
        QCOMPARE(c.error.code, Error::Code::Security);
        QVERIFY2(c.error.message.contains(QStringLiteral("decompression bomb")), qPrintable(c.error.message));
        QCOMPARE(c.transport->socket().state(), QAbstractSocket::UnconnectedState);
        QVERIFY(c.transport->takeAll().isEmpty());   // the refused data is dropped, not kept
        // Held at most the bound (64 MiB) and a piece or two, not the 256 MiB sent.
        qInfo("peak memory grew by %lld MiB", (after - before) / 1024);
#ifndef __SANITIZE_ADDRESS__   // ASan's quarantine keeps freed memory resident
        if (before > 0 && after > 0)
            QVERIFY2(after - before < 192 * 1024, qPrintable(QStringLiteral("peak memory grew by %1 MiB").arg((after - before) / 1024)));
#endif
    }

    void drainingConsumerTakesAHugeStreamInPieces()
    {
        // The same kind of stream to a consumer that takes as it goes: nothing
        // is refused, nothing is lost, no piece is larger than the bound.
        const qsizetype size = 100 * MiB;
        ScriptedServer server(kUntilDeflate + QStringLiteral("S-FILL: %1\nC: t3 LOGOUT\nS: t3 OK bye\nCLOSE\n").arg(size));
        START(server);
        Client c(server, false);
        negotiate(c);
        if (QTest::currentTestFailed())
            return;
        c.keep = false;
        QTRY_VERIFY_WITH_TIMEOUT(c.total >= size || c.failed, 60000);
        QVERIFY2(!c.failed, qPrintable(c.error.message));
        QCOMPARE(c.total, size);
        QVERIFY(c.largestTake <= net::SocketTransport::kInflateChunk);
        c.keep = true;
        c.transport->send("t3 LOGOUT\r\n");
        QTRY_VERIFY_WITH_TIMEOUT(c.closed, 10000);
        QCOMPARE(c.received, QByteArray("t3 OK bye\r\n"));
        FINISHED(server);
    }

    void untakenBytesRefuseCompression_data() { tlsOrNot(); }
    void untakenBytesRefuseCompression()
    {
        QFETCH(bool, tls);
        // Bytes already here might be plaintext or compressed: no way to tell.
        ScriptedServer server(QStringLiteral("S: * OK [CAPABILITY IMAP4rev1 COMPRESS=DEFLATE] hi\nC-CLOSE\n"),
                              tls ? ScriptedServer::Tls::Implicit : ScriptedServer::Tls::None);
        START(server);
        Client c(server, tls);
        c.take = false;
        QTRY_VERIFY_WITH_TIMEOUT(c.transport->socket().bytesAvailable() >= kGreeting.size(), 10000);
        const Status s = c.transport->startDeflate();
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, Error::Code::Security);
        QVERIFY2(s.error().message.contains(QStringLiteral("before compression started")), qPrintable(s.error().message));
        QVERIFY(!c.transport->isCompressed());
        QCOMPARE(c.transport->takeAll(), kGreeting);   // left as it was, uncompressed
        c.transport->close();
        FINISHED(server);
    }

    void compressionNeedsAnOpenSocket()
    {
        const auto url = net::ServerUrl::parse(QStringLiteral("imaps://alice@127.0.0.1:1"), net::Protocol::Imap).value();
        net::SocketTransport transport(url, net::TlsPolicy{});
        const Status s = transport.startDeflate();
        QVERIFY(!s.ok());
        QVERIFY2(s.error().message.contains(QStringLiteral("not open")), qPrintable(s.error().message));
        QVERIFY(!transport.isCompressed());

        NoCompressionTransport fake;
        const Status f = fake.startDeflate();
        QVERIFY(!f.ok());
        QVERIFY2(f.error().message.contains(QStringLiteral("cannot be compressed")), qPrintable(f.error().message));
        QVERIFY(!fake.isCompressed());
    }
};

QTEST_GUILESS_MAIN(TestDeflate)
#include "tst_deflate.moc"
