// What SMTP puts on the wire: line ends, transparency, addresses, and the
// words a user reads when the server says no.
#include "mime/Addresses.h"
#include "smtp/SmtpSession.h"

#include <QTest>

using namespace tern;

class TestSmtpText : public QObject {
    Q_OBJECT
private slots:
    void canonicalLineEnds_data()
    {
        QTest::addColumn<QByteArray>("in");
        QTest::addColumn<QByteArray>("out");
        QTest::newRow("LF") << QByteArray("a\nb\n") << QByteArray("a\r\nb\r\n");
        QTest::newRow("bare CR") << QByteArray("a\rb") << QByteArray("a\r\nb\r\n");
        QTest::newRow("CRLF kept") << QByteArray("a\r\nb\r\n") << QByteArray("a\r\nb\r\n");
        QTest::newRow("mixed") << QByteArray("a\r\r\nb\n\rc") << QByteArray("a\r\n\r\nb\r\n\r\nc\r\n");
        QTest::newRow("final CRLF added") << QByteArray("x") << QByteArray("x\r\n");
    }
    void canonicalLineEnds()
    {
        QFETCH(QByteArray, in);
        QFETCH(QByteArray, out);
        const QByteArray got = smtp::canonicalLineEnds(in);
        QCOMPARE(got, out);
        // Never a bare CR or LF.
        for (int i = 0; i < got.size(); ++i) {
            if (got[i] == '\n') QVERIFY(i > 0 && got[i - 1] == '\r');
            if (got[i] == '\r') QVERIFY(i + 1 < got.size() && got[i + 1] == '\n');
        }
    }

    void dotStuffing()
    {
        QCOMPARE(smtp::dotStuff(".a\r\nb\r\n..c\r\n.\r\n"), QByteArray("..a\r\nb\r\n...c\r\n..\r\n"));
        QCOMPARE(smtp::dotStuff("a.b\r\n"), QByteArray("a.b\r\n"));
    }

    void addressesWithControlCharactersAreRefused_data()
    {
        QTest::addColumn<QByteArray>("address");
        QTest::newRow("CRLF injection") << QByteArray("bob@example.test>\r\nRCPT TO:<evil@example.net");
        QTest::newRow("LF") << QByteArray("a\n@b");
        QTest::newRow("NUL") << QByteArray("a\0b@c", 5);
        QTest::newRow("bracket") << QByteArray("a>b@c");
        QTest::newRow("space") << QByteArray("a b@c");
    }
    void addressesWithControlCharactersAreRefused()
    {
        QFETCH(QByteArray, address);
        QVERIFY(!smtp::validateAddress(address).ok());
    }

    void explainsEnhancedCodes()
    {
        smtp::Reply r;
        r.code = 550;
        r.enhanced = "5.1.1";
        r.lines = {"<nobody@example.test>: Recipient address rejected: User unknown"};
        const QString text = smtp::explain(r);
        QVERIFY2(text.contains(QStringLiteral("does not exist")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("550 5.1.1")));
        QVERIFY(text.contains(QStringLiteral("User unknown")));
        r.code = 452;
        r.enhanced = "4.2.2";
        QVERIFY(smtp::explain(r).contains(QStringLiteral("temporary")));
    }

    void addressListsThroughGMime()
    {
        QCOMPARE(mime::parseAddressList("Alice <alice@example.test>, \"Doe, John\" <john@example.test>"),
                 (QList<QByteArray>{"alice@example.test", "john@example.test"}));
        QCOMPARE(mime::parseAddressList("team: a@x.example, b@y.example;, c@z.example"),
                 (QList<QByteArray>{"a@x.example", "b@y.example", "c@z.example"}));
        QCOMPARE(mime::parseAddressList("bob@example.test (Bob Example)"), (QList<QByteArray>{"bob@example.test"}));
        QVERIFY(mime::parseAddressList("undisclosed-recipients:;").isEmpty());
    }

    void bccIsRemovedWithItsContinuationLines()
    {
        const QByteArray m = "From: a@x\r\nBcc: secret@x,\r\n  other@x\r\nTo: b@x\r\n\r\nBcc: this is body text\r\n";
        QCOMPARE(mime::headerValues(m, "bcc"), (QList<QByteArray>{"secret@x,   other@x"}));
        const QByteArray stripped = mime::removeHeader(m, "Bcc");
        QCOMPARE(stripped, QByteArray("From: a@x\r\nTo: b@x\r\n\r\nBcc: this is body text\r\n"));
    }
};

QTEST_GUILESS_MAIN(TestSmtpText)
#include "tst_smtp_text.moc"
