// mailto: links (RFC 6068) as a desktop hands them over: the fields a new
// message starts with, and nothing a web page should not be able to set.
#include "mime/Mailto.h"

#include <QTest>

using namespace tern::mime;

class TestMailto : public QObject {
    Q_OBJECT
private slots:
    void addressesSubjectAndBody()
    {
        const auto f = parseMailto(QStringLiteral("mailto:alice@example.test,bob@example.test?cc=carol@example.test"
                                                  "&subject=Hello%20there&body=line%201%0D%0Aline%202&bcc=dave@example.test"));
        QVERIFY(f.ok());
        QCOMPARE(f.value().to.size(), 2);
        QCOMPARE(f.value().to.at(1).address, QStringLiteral("bob@example.test"));
        QCOMPARE(f.value().cc.at(0).address, QStringLiteral("carol@example.test"));
        QCOMPARE(f.value().bcc.at(0).address, QStringLiteral("dave@example.test"));
        QCOMPARE(f.value().subject, QStringLiteral("Hello there"));
        QCOMPARE(f.value().body, QStringLiteral("line 1\nline 2"));
    }

    void rfc6068Examples()
    {
        // §6.1/6.2: a to field in the query, percent-encoded '?' and '&' in values, UTF-8.
        auto f = parseMailto(QStringLiteral("mailto:?to=joe@example.com&cc=bob@example.com&body=hello"));
        QVERIFY(f.ok());
        QCOMPARE(f.value().to.at(0).address, QStringLiteral("joe@example.com"));
        QCOMPARE(f.value().body, QStringLiteral("hello"));
        f = parseMailto(QStringLiteral("mailto:infobot@example.com?subject=current-issue%3F%26x"));
        QCOMPARE(f.value().subject, QStringLiteral("current-issue?&x"));
        f = parseMailto(QStringLiteral("mailto:user@example.org?subject=caf%C3%A9&body=a+b"));
        QCOMPARE(f.value().subject, QStringLiteral("café"));
        QCOMPARE(f.value().body, QStringLiteral("a+b"));   // '+' is not a space in mailto:
        f = parseMailto(QStringLiteral("mailto:list@example.org?In-Reply-To=%3C3469A91.D10AF4C@example.com%3E"));
        QCOMPARE(f.value().inReplyTo, QByteArray("<3469A91.D10AF4C@example.com>"));
    }

    void dangerousFieldsAreIgnored()
    {
        const auto f = parseMailto(QStringLiteral("mailto:a@example.test?attach=/etc/passwd&attachment=file:///home/u/.ssh/id_rsa"
                                                  "&from=ceo@example.test&X-Mailer=evil&subject=hi%0D%0ABcc:%20spy@evil.test"));
        QVERIFY(f.ok());
        QCOMPARE(f.value().ignored, (QStringList{QStringLiteral("attach"), QStringLiteral("attachment"), QStringLiteral("from"),
                                                 QStringLiteral("x-mailer")}));
        QCOMPARE(f.value().subject, QStringLiteral("hi Bcc: spy@evil.test"));   // one line: no header smuggled
        QVERIFY(f.value().bcc.isEmpty());
    }

    void badInput()
    {
        QVERIFY(!parseMailto(QStringLiteral("http://example.test")).ok());
        QVERIFY(!parseMailto(QStringLiteral("mailto:") + QString(70000, QLatin1Char('a'))).ok());
        QString many = QStringLiteral("mailto:a@example.test?");
        for (int i = 0; i < 100; ++i)
            many += QStringLiteral("x%1=1&").arg(i);
        QVERIFY(!parseMailto(many).ok());
        QVERIFY(parseMailto(QStringLiteral("mailto:")).ok());   // an empty new message
    }
};

QTEST_GUILESS_MAIN(TestMailto)
#include "tst_mailto.moc"
