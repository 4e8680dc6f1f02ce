// Account server URLs: what is accepted, what is refused and why.
#include "net/ServerUrl.h"

#include <QTest>

using namespace tern::net;

class TestServerUrl : public QObject {
    Q_OBJECT
private slots:
    void accepted_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("protocol");
        QTest::addColumn<int>("security");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("user");
        QTest::newRow("imaps default port") << "imaps://alice@mail.example.org" << int(Protocol::Imap) << int(Security::ImplicitTls) << "mail.example.org" << 993 << "alice";
        QTest::newRow("imap is STARTTLS") << "imap://bob@mail.example.org" << int(Protocol::Imap) << int(Security::StartTls) << "mail.example.org" << 143 << "bob";
        QTest::newRow("explicit port") << "imaps://a@127.0.0.1:41797" << int(Protocol::Imap) << int(Security::ImplicitTls) << "127.0.0.1" << 41797 << "a";
        QTest::newRow("insecure on loopback") << "imap+insecure://a@127.0.0.1:1143" << int(Protocol::Imap) << int(Security::Plaintext) << "127.0.0.1" << 1143 << "a";
        QTest::newRow("insecure on localhost") << "pop3+insecure://a@localhost" << int(Protocol::Pop3) << int(Security::Plaintext) << "localhost" << 110 << "a";
        QTest::newRow("insecure on ::1") << "smtp+insecure://a@[::1]:2525" << int(Protocol::Smtp) << int(Security::Plaintext) << "::1" << 2525 << "a";
        QTest::newRow("pop3s") << "pop3s://carol@pop.example.org" << int(Protocol::Pop3) << int(Security::ImplicitTls) << "pop.example.org" << 995 << "carol";
        QTest::newRow("smtps 465") << "smtps://carol@smtp.example.org" << int(Protocol::Smtp) << int(Security::ImplicitTls) << "smtp.example.org" << 465 << "carol";
        QTest::newRow("smtp 587") << "smtp://carol@smtp.example.org" << int(Protocol::Smtp) << int(Security::StartTls) << "smtp.example.org" << 587 << "carol";
        QTest::newRow("user with @ escaped") << "imaps://alice%40example.test@h.example" << int(Protocol::Imap) << int(Security::ImplicitTls) << "h.example" << 993 << "alice@example.test";
        QTest::newRow("scheme case") << "IMAPS://a@h.example" << int(Protocol::Imap) << int(Security::ImplicitTls) << "h.example" << 993 << "a";
    }
    void accepted()
    {
        QFETCH(QString, text);
        QFETCH(int, protocol);
        auto url = ServerUrl::parse(text, Protocol(protocol));
        QVERIFY2(url.ok(), qPrintable(url.error().message));
        QFETCH(int, security);
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(QString, user);
        QCOMPARE(int(url->protocol), protocol);
        QCOMPARE(int(url->security), security);
        QCOMPARE(url->host, host);
        QCOMPARE(int(url->port), port);
        QCOMPARE(url->user, user);
    }

    void refused_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("protocol");
        QTest::addColumn<QString>("reason");
        QTest::newRow("plaintext to a remote host") << "imap+insecure://a@mail.example.org" << int(Protocol::Imap) << "plaintext is refused";
        QTest::newRow("plaintext to a private address") << "smtp+insecure://a@192.168.1.5" << int(Protocol::Smtp) << "plaintext is refused";
        QTest::newRow("password in URL") << "imaps://a:secret@h.example" << int(Protocol::Imap) << "contains a password";
        QTest::newRow("wrong protocol") << "pop3s://a@h.example" << int(Protocol::Imap) << "is not one of imaps, imap, imap+insecure";
        QTest::newRow("unknown scheme") << "https://h.example" << int(Protocol::Smtp) << "is not one of";
        QTest::newRow("no host") << "imaps://" << int(Protocol::Imap) << "is not a server URL";
        QTest::newRow("garbage") << "not a url" << int(Protocol::Imap) << "is not a server URL";
        QTest::newRow("path") << "imaps://a@h.example/INBOX" << int(Protocol::Imap) << "has a path";
        QTest::newRow("port 0") << "imaps://a@h.example:0" << int(Protocol::Imap) << "port 0";
        QTest::newRow("port too big") << "imaps://a@h.example:70000" << int(Protocol::Imap) << "is not a server URL";
    }
    void refused()
    {
        QFETCH(QString, text);
        QFETCH(int, protocol);
        QFETCH(QString, reason);
        auto url = ServerUrl::parse(text, Protocol(protocol));
        QVERIFY2(!url.ok(), qPrintable(QStringLiteral("accepted: %1").arg(text)));
        QVERIFY2(url.error().message.contains(reason), qPrintable(url.error().message));
        QVERIFY(!url.error().message.contains(QStringLiteral("secret")));   // never echo a password
    }

    void roundTrip()
    {
        for (const char *t : {"imaps://alice@mail.example.org:993", "imap://bob@127.0.0.1:143",
                              "pop3+insecure://c@127.0.0.1:1110", "smtps://d@smtp.example.org:465"}) {
            const QString text = QString::fromLatin1(t);
            const Protocol p = text.startsWith(QLatin1String("imap")) ? Protocol::Imap
                               : text.startsWith(QLatin1String("pop3")) ? Protocol::Pop3 : Protocol::Smtp;
            auto url = ServerUrl::parse(text, p);
            QVERIFY(url.ok());
            QCOMPARE(url->toString(), text);
        }
    }
};

QTEST_GUILESS_MAIN(TestServerUrl)
#include "tst_server_url.moc"
