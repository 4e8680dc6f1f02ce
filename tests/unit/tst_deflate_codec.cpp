// The raw deflate codec under COMPRESS=DEFLATE (RFC 4978): what goes in comes
// out, however the network splits it and however small the output pieces; each
// send can be read at once (sync flush); damage is reported after the good bytes.
#include "net/Deflate.h"

#include <QRandomGenerator>
#include <QTest>

#include <zlib.h>

using namespace tern;
using tern::net::Deflater;
using tern::net::Inflater;

namespace {
// Inflates everything `inflater` can give now, in pieces of at most `maxOutput`.
// An error ends it; the pieces before it are kept.
QByteArray drain(Inflater &inflater, qsizetype maxOutput, qsizetype *largest = nullptr, QString *error = nullptr)
{
    QByteArray all;
    while (inflater.hasPendingOutput()) {
        auto piece = inflater.inflate(maxOutput);
        if (!piece) {
            if (error)
                *error = piece.error().message;
            break;
        }
        if (largest)
            *largest = qMax(*largest, piece->size());
        all += piece.value();
        if (piece->isEmpty())
            break;
    }
    return all;
}

// A raw deflate stream that ends (Z_FINISH), made by zlib directly.
QByteArray finishedStream(const QByteArray &plain)
{
    z_stream s{};
    if (deflateInit2(&s, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    QByteArray out(int(deflateBound(&s, uLong(plain.size()))), Qt::Uninitialized);
    s.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(plain.constData()));
    s.avail_in = uInt(plain.size());
    s.next_out = reinterpret_cast<Bytef *>(out.data());
    s.avail_out = uInt(out.size());
    const int rc = deflate(&s, Z_FINISH);
    out.truncate(out.size() - qsizetype(s.avail_out));
    deflateEnd(&s);
    return rc == Z_STREAM_END ? out : QByteArray();
}
} // namespace

class TestDeflateCodec : public QObject {
    Q_OBJECT
private slots:
    void roundTripHoweverSplit_data()
    {
        QTest::addColumn<int>("feedSize");
        QTest::addColumn<int>("maxOutput");
        QTest::newRow("byte by byte, 7-byte pieces") << 1 << 7;
        QTest::newRow("3 bytes, 1-byte pieces") << 3 << 1;
        QTest::newRow("byte by byte, 1 MiB pieces") << 1 << 1024 * 1024;
        QTest::newRow("64 KiB, 1 MiB pieces") << 64 * 1024 << 1024 * 1024;
        QTest::newRow("64 KiB, 1000-byte pieces") << 64 * 1024 << 1000;
    }
    void roundTripHoweverSplit()
    {
        QFETCH(int, feedSize);
        QFETCH(int, maxOutput);
        QRandomGenerator rng(7);
        QList<QByteArray> sends = {"a1 LOGIN alice secret\r\n", "a2 SELECT INBOX\r\n", QByteArray(300 * 1024, 'z') + "\r\n"};
        QByteArray noise(200 * 1024, Qt::Uninitialized);
        for (char &c : noise)
            c = char(rng.bounded(256));
        sends << noise.toBase64() + "\r\n" << QByteArray("a3 LOGOUT\r\n");
        QByteArray plain, wire;
        Deflater deflater;
        QVERIFY(deflater.isValid());
        for (const QByteArray &send : sends) {
            plain += send;
            wire += deflater.compress(send).value();
        }
        QVERIFY(wire.size() < plain.size() / 2);

        Inflater inflater;
        QByteArray got;
        qsizetype largest = 0;
        QString error;
        for (qsizetype pos = 0; pos < wire.size(); pos += feedSize) {
            inflater.feed(wire.mid(pos, feedSize));
            got += drain(inflater, maxOutput, &largest, &error);
            QVERIFY2(error.isEmpty(), qPrintable(error));
        }
        QVERIFY(got == plain);   // not QCOMPARE: no 600 kB dump
        QVERIFY(largest <= maxOutput);
        QVERIFY(!inflater.hasPendingOutput());
    }

    void everySendCanBeReadAtOnce()
    {
        // RFC 4978 §4: the peer must not wait for more data to read a command.
        Deflater deflater;
        Inflater inflater;
        for (const QByteArray &send : {QByteArray("a1 NOOP\r\n"), QByteArray("a2 NOOP\r\n"), QByteArray(70000, 'q')}) {
            inflater.feed(deflater.compress(send).value());
            QCOMPARE(drain(inflater, 1024 * 1024), send);
        }
        QVERIFY(deflater.compress({}).value().isEmpty());   // nothing to send costs nothing
    }

    void outputIsBoundedWhateverTheRatio()
    {
        Deflater deflater;
        const QByteArray wire = deflater.compress(QByteArray(32 * 1024 * 1024, '\0')).value();
        QVERIFY(wire.size() < 64 * 1024);   // the kind of input a bomb is made of
        Inflater inflater;
        inflater.feed(wire);
        qsizetype total = 0;
        int pieces = 0;
        while (inflater.hasPendingOutput()) {
            const QByteArray piece = inflater.inflate(1024 * 1024).value();
            QVERIFY(piece.size() <= 1024 * 1024);
            if (piece.isEmpty())
                break;
            QVERIFY(piece.count('\0') == piece.size());
            total += piece.size();
            ++pieces;
        }
        QCOMPARE(total, qsizetype(32 * 1024 * 1024));
        QCOMPARE(pieces, 32);
    }

    void corruptStreamAfterGoodBytes()
    {
        Deflater deflater;
        Inflater inflater;
        inflater.feed(deflater.compress("* 1 EXISTS\r\n").value() + QByteArray(8, '\xff'));   // block type 3: reserved
        auto first = inflater.inflate(1024);
        QVERIFY(first.ok());
        QCOMPARE(first.value(), QByteArray("* 1 EXISTS\r\n"));
        QVERIFY(inflater.hasPendingOutput());   // the error is still to come
        for (int i = 0; i < 2; ++i) {   // and stays
            auto next = inflater.inflate(1024);
            QVERIFY(!next.ok());
            QVERIFY2(next.error().message.contains(QStringLiteral("corrupt")), qPrintable(next.error().message));
        }
        inflater.feed(deflater.compress("* 2 EXISTS\r\n").value());
        QVERIFY(!inflater.inflate(1024).ok());
    }

    void garbageFromTheStart()
    {
        Inflater inflater;
        inflater.feed("* OK plaintext where deflate was promised\r\n");
        QString error;
        const QByteArray got = drain(inflater, 1024, nullptr, &error);
        QVERIFY2(!error.isEmpty(), got.constData());
    }

    void dataAfterTheEndOfTheStream()
    {
        const QByteArray wire = finishedStream("a1 OK bye\r\n");
        QVERIFY(!wire.isEmpty());
        Inflater inflater;
        inflater.feed(wire);
        QCOMPARE(inflater.inflate(1024).value(), QByteArray("a1 OK bye\r\n"));
        QVERIFY(inflater.inflate(1024).value().isEmpty());   // an end, then nothing: fine
        inflater.feed("more");
        auto after = inflater.inflate(1024);
        QVERIFY(!after.ok());
        QVERIFY2(after.error().message.contains(QStringLiteral("after the end")), qPrintable(after.error().message));
    }
};

QTEST_GUILESS_MAIN(TestDeflateCodec)
#include "tst_deflate_codec.moc"
