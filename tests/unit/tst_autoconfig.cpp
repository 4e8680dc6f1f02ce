// Account autoconfiguration (issue #7, point 5): the autoconfig XML parser
// with good and hostile files, the bundled ISP database, the guessing order,
// RFC 6186 SRV answers from a fake resolver, the autoconfig file fetched from
// a local HTTPS server (bounded in size and time, HTTPS only), guessing
// against scripted loopback servers, and `tern account detect`.
#include "HttpsFileServer.h"
#include "ScriptedServer.h"
#include "TestPaths.h"

#include "autoconfig/AccountDiscovery.h"
#include "autoconfig/ConfigXml.h"
#include "autoconfig/ConnectionCheck.h"
#include "autoconfig/IspDatabase.h"
#include "autoconfig/ServerProbe.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpServer>
#include <QTest>
#include <QTimer>
#include <QElapsedTimer>

using namespace tern;
using namespace tern::autoconfig;
using tern::test::ScriptedServer;
using HttpsServer = tern::test::HttpsFileServer;

namespace {

const QString kAddress = QStringLiteral("alice@example.test");

QByteArray goodXml(const QByteArray &host = "mail.example.test")
{
    return "<?xml version=\"1.0\"?>\n<clientConfig version=\"1.1\">\n"
           " <emailProvider id=\"example.test\">\n  <domain>example.test</domain>\n  <displayName>Example</displayName>\n"
           "  <incomingServer type=\"imap\"><hostname>" + host + "</hostname><port>993</port><socketType>SSL</socketType>"
           "<username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication></incomingServer>\n"
           "  <incomingServer type=\"pop3\"><hostname>pop.%EMAILDOMAIN%</hostname><port>110</port><socketType>STARTTLS</socketType>"
           "<username>%EMAILADDRESS%</username><authentication>password-encrypted</authentication></incomingServer>\n"
           "  <outgoingServer type=\"smtp\"><hostname>" + host + "</hostname><port>587</port><socketType>STARTTLS</socketType>"
           "<username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>\n"
           " </emailProvider>\n</clientConfig>\n";
}

QStringList urls(const QList<FoundServer> &list)
{
    QStringList out;
    for (const auto &s : list)
        out << s.url.toString();
    return out;
}

// Answers SRV lookups from a table, later (as DNS does).
class FakeResolver : public SrvResolver {
public:
    QHash<QString, Result<QList<SrvRecord>>> answers;
    QStringList asked;
    void lookup(const QString &name, QObject *context, Done done) override
    {
        asked << name;
        const Result<QList<SrvRecord>> r = answers.value(name, QList<SrvRecord>{});
        QTimer::singleShot(10, context, [done, r] { done(r); });
    }
};

Discovery discover(const DiscoveryOptions &options, const QString &address = kAddress, int timeoutMs = 20000)
{
    AccountDiscovery d(options);
    QSignalSpy done(&d, &AccountDiscovery::finished);
    d.start(address);
    if (!done.wait(timeoutMs))
        return Discovery{{}, {}, {QStringLiteral("TIMED OUT")}};
    return done.constFirst().constFirst().value<Discovery>();
}

DiscoveryOptions offline()
{
    DiscoveryOptions o;
    o.srv = false;
    o.autoconfigUrls.clear();
    o.useIspDatabase = false;
    o.guess = false;
    return o;
}

} // namespace

class TestAutoconfig : public QObject {
    Q_OBJECT
private slots:
    void parsesAGoodConfiguration()
    {
        auto r = parseConfigXml(goodXml(), kAddress, Source::Autoconfig, QStringLiteral("here"));
        QVERIFY2(r.ok(), qPrintable(r.error().message));
        QCOMPARE(r.value().size(), 1);
        const ProviderConfig &p = r.value().constFirst();
        QCOMPARE(p.id, QStringLiteral("example.test"));
        QCOMPARE(p.domains, QStringList{QStringLiteral("example.test")});
        QCOMPARE(p.displayName, QStringLiteral("Example"));
        QCOMPARE(urls(p.incoming), (QStringList{QStringLiteral("imaps://alice@mail.example.test:993"),
                                                QStringLiteral("pop3://alice%40example.test@pop.example.test:110")}));
        QCOMPARE(urls(p.outgoing), QStringList{QStringLiteral("smtp://alice%40example.test@mail.example.test:587")});
        QCOMPARE(p.incoming.constFirst().source, Source::Autoconfig);
        QCOMPARE(p.incoming.constFirst().detail, QStringLiteral("here"));
        QVERIFY(p.notes.isEmpty());
        // The URL round-trips through ServerUrl as the account file stores it.
        auto back = net::ServerUrl::parse(p.incoming.at(1).url.toString(), net::Protocol::Pop3);
        QVERIFY(back.ok());
        QCOMPARE(back.value().user, kAddress);
    }

    void leavesOutServersTernCannotUseSafely_data()
    {
        QTest::addColumn<QByteArray>("server");
        QTest::addColumn<QString>("note");
        QTest::newRow("plaintext") << QByteArray("<incomingServer type=\"imap\"><hostname>h.example</hostname><port>143</port><socketType>plain</socketType></incomingServer>") << "without TLS";
        QTest::newRow("port not a number") << QByteArray("<incomingServer type=\"imap\"><hostname>h.example</hostname><port>abc</port><socketType>SSL</socketType></incomingServer>") << "port 'abc'";
        QTest::newRow("port too big") << QByteArray("<incomingServer type=\"imap\"><hostname>h.example</hostname><port>70000</port><socketType>SSL</socketType></incomingServer>") << "port '70000'";
        QTest::newRow("exchange") << QByteArray("<incomingServer type=\"exchange\"><hostname>h.example</hostname><port>443</port><socketType>SSL</socketType></incomingServer>") << "type 'exchange'";
        QTest::newRow("smtp as incoming") << QByteArray("<incomingServer type=\"smtp\"><hostname>h.example</hostname><port>465</port><socketType>SSL</socketType></incomingServer>") << "type 'smtp'";
        QTest::newRow("bad host") << QByteArray("<incomingServer type=\"imap\"><hostname>evil host/x</hostname><port>993</port><socketType>SSL</socketType></incomingServer>") << "valid host name";
        QTest::newRow("oauth only") << QByteArray("<incomingServer type=\"imap\"><hostname>h.example</hostname><port>993</port><socketType>SSL</socketType><authentication>OAuth2</authentication></incomingServer>") << "cannot do";
        QTest::newRow("unknown placeholder") << QByteArray("<incomingServer type=\"imap\"><hostname>h.example</hostname><port>993</port><socketType>SSL</socketType><username>%REALNAME%</username></incomingServer>") << "user name";
    }
    void leavesOutServersTernCannotUseSafely()
    {
        QFETCH(QByteArray, server);
        QFETCH(QString, note);
        const QByteArray xml = "<clientConfig><emailProvider id=\"x\">" + server
                               + "<incomingServer type=\"imap\"><hostname>ok.example</hostname><port>993</port><socketType>SSL</socketType></incomingServer>"
                                 "</emailProvider></clientConfig>";
        auto r = parseConfigXml(xml, kAddress, Source::Autoconfig, QString());
        QVERIFY2(r.ok(), qPrintable(r.error().message));
        const ProviderConfig &p = r.value().constFirst();
        QCOMPARE(urls(p.incoming), QStringList{QStringLiteral("imaps://alice%40example.test@ok.example:993")});   // the good one stays
        QCOMPARE(p.notes.size(), 1);
        QVERIFY2(p.notes.constFirst().contains(note), qPrintable(p.notes.constFirst()));
    }

    void refusesHostileFiles_data()
    {
        QTest::addColumn<QByteArray>("xml");
        QTest::addColumn<QString>("error");
        QTest::newRow("huge") << ("<clientConfig>" + QByteArray(300 * 1024, ' ') + "</clientConfig>") << "larger than";
        QByteArray deep = "<clientConfig>";
        for (int i = 0; i < 40; ++i) deep += "<a>";
        for (int i = 0; i < 40; ++i) deep += "</a>";
        QTest::newRow("deep") << (deep + "</clientConfig>") << "deeper than";
        QByteArray many = "<clientConfig>";
        for (int i = 0; i < 25000; ++i) many += "<a/>";
        QTest::newRow("many elements") << (many + "</clientConfig>") << "more than 20000 elements";
        QTest::newRow("billion laughs") << QByteArray("<?xml version=\"1.0\"?><!DOCTYPE clientConfig [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
                                                      "<clientConfig><emailProvider><domain>&b;</domain></emailProvider></clientConfig>") << "DTD";
        QTest::newRow("long text") << ("<clientConfig><emailProvider id=\"x\"><incomingServer type=\"imap\"><hostname>" + QByteArray(5000, 'h')
                                       + "</hostname></incomingServer></emailProvider></clientConfig>") << "longer than";
        QTest::newRow("not xml") << QByteArray("<html><body>404</body></html>") << "root element";
        QTest::newRow("broken") << QByteArray("<clientConfig><emailProvider>") << "well-formed";
        QTest::newRow("empty") << QByteArray() << "well-formed";
        QTest::newRow("binary") << QByteArray("\x00\x01\x02\xff", 4) << "well-formed";
    }
    void refusesHostileFiles()
    {
        QFETCH(QByteArray, xml);
        QFETCH(QString, error);
        auto r = parseConfigXml(xml, kAddress, Source::Autoconfig, QString());
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.contains(error), qPrintable(r.error().message));
    }

    void bundledIspDatabase()
    {
        const QStringList domains = ispDatabaseDomains();
        QVERIFY2(domains.size() >= 20, qPrintable(domains.join(QLatin1Char(' '))));
        // Every provider parses completely: IMAP first and an SMTP server, nothing left out.
        for (const QString &d : domains) {
            const auto p = lookupIspDatabase(QStringLiteral("someone@") + d);
            QVERIFY2(p, qPrintable(d));
            QVERIFY2(p->notes.isEmpty(), qPrintable(p->notes.join(QLatin1Char(';'))));
            QVERIFY2(!p->incoming.isEmpty() && p->incoming.constFirst().url.protocol == net::Protocol::Imap, qPrintable(d));
            QVERIFY2(!p->outgoing.isEmpty(), qPrintable(d));
            QCOMPARE(p->incoming.constFirst().source, Source::IspDatabase);
        }
        const auto gmail = lookupIspDatabase(QStringLiteral("Someone@GoogleMail.com"));
        QVERIFY(gmail);
        QCOMPARE(gmail->incoming.constFirst().url.toString(), QStringLiteral("imaps://Someone%40GoogleMail.com@imap.gmail.com:993"));
        QCOMPARE(gmail->outgoing.constFirst().url.toString(), QStringLiteral("smtps://Someone%40GoogleMail.com@smtp.gmail.com:465"));
        QCOMPARE(gmail->incoming.constFirst().detail, QStringLiteral("Gmail"));
        const auto icloud = lookupIspDatabase(QStringLiteral("jane@me.com"));
        QVERIFY(icloud);
        QCOMPARE(icloud->incoming.constFirst().url.user, QStringLiteral("jane"));   // Apple: the local part for IMAP
        QVERIFY(!lookupIspDatabase(QStringLiteral("jane@example.test")));
        QVERIFY(!lookupIspDatabase(QStringLiteral("no-at-sign")));
    }

    void guessingOrder()
    {
        const QString user = kAddress;
        QCOMPARE(urls([&] { QList<FoundServer> l; for (auto &u : guessIncoming(QStringLiteral("example.org"), user)) l << FoundServer{u, Source::Guess, {}}; return l; }()),
                 (QStringList{QStringLiteral("imaps://alice%40example.test@imap.example.org:993"),
                              QStringLiteral("imap://alice%40example.test@imap.example.org:143"),
                              QStringLiteral("imaps://alice%40example.test@mail.example.org:993"),
                              QStringLiteral("imap://alice%40example.test@mail.example.org:143")}));
        QCOMPARE(urls([&] { QList<FoundServer> l; for (auto &u : guessOutgoing(QStringLiteral("example.org"), user)) l << FoundServer{u, Source::Guess, {}}; return l; }()),
                 (QStringList{QStringLiteral("smtps://alice%40example.test@smtp.example.org:465"),
                              QStringLiteral("smtp://alice%40example.test@smtp.example.org:587"),
                              QStringLiteral("smtps://alice%40example.test@mail.example.org:465"),
                              QStringLiteral("smtp://alice%40example.test@mail.example.org:587")}));
    }

    void srvAnswers()
    {
        auto resolver = std::make_shared<FakeResolver>();
        resolver->answers.insert(QStringLiteral("_imaps._tcp.example.test"),
                                 QList<SrvRecord>{{QStringLiteral("backup.example.test"), 993, 20, 0}, {QStringLiteral("imap.example.test"), 9993, 10, 5}});
        resolver->answers.insert(QStringLiteral("_imap._tcp.example.test"), QList<SrvRecord>{{QStringLiteral("."), 0, 0, 0}});
        resolver->answers.insert(QStringLiteral("_pop3s._tcp.example.test"), QList<SrvRecord>{{QStringLiteral("pop.example.test"), 995, 5, 0}});
        resolver->answers.insert(QStringLiteral("_pop3._tcp.example.test"), Error::network(QStringLiteral("no DNS answer for _pop3._tcp.example.test")));
        resolver->answers.insert(QStringLiteral("_submissions._tcp.example.test"), QList<SrvRecord>{{QStringLiteral("."), 0, 0, 0}});
        resolver->answers.insert(QStringLiteral("_submission._tcp.example.test"),
                                 QList<SrvRecord>{{QStringLiteral("smtp.example.test."), 587, 0, 0}, {QStringLiteral("bad host!"), 587, 0, 0}});
        DiscoveryOptions o = offline();
        o.srv = true;
        o.resolver = resolver;
        const Discovery d = discover(o);
        QCOMPARE(resolver->asked.size(), 6);
        // Priority decides across IMAP and POP3 (RFC 6186 §3.4): pop3s at 5 before imaps at 10 and 20.
        QCOMPARE(urls(d.incoming), (QStringList{QStringLiteral("pop3s://alice%40example.test@pop.example.test:995"),
                                               QStringLiteral("imaps://alice%40example.test@imap.example.test:9993"),
                                               QStringLiteral("imaps://alice%40example.test@backup.example.test:993")}));
        QCOMPARE(urls(d.outgoing), QStringList{QStringLiteral("smtp://alice%40example.test@smtp.example.test:587")});
        QCOMPARE(d.incoming.constFirst().source, Source::Srv);
        QCOMPARE(d.incoming.constFirst().detail, QStringLiteral("_pop3s._tcp.example.test"));
        QCOMPARE(d.bestIncoming(net::Protocol::Imap)->url.port, quint16(9993));
        const QString log = d.log.join(QLatin1Char('\n'));
        QVERIFY2(log.contains(QLatin1String("_imap._tcp.example.test: the domain says this service is not offered")), qPrintable(log));
        QVERIFY2(log.contains(QLatin1String("_submissions._tcp.example.test: the domain says this service is not offered")), qPrintable(log));
        QVERIFY2(log.contains(QLatin1String("no DNS answer for _pop3._tcp")), qPrintable(log));
        QVERIFY2(log.contains(QLatin1String("ignored a record with target 'bad host!'")), qPrintable(log));
    }

    void srvBeforeAutoconfigBeforeIspDatabase()
    {
        HttpsServer https;
        https.body = goodXml("imap.gmail.com");
        QVERIFY(https.start());
        auto resolver = std::make_shared<FakeResolver>();
        resolver->answers.insert(QStringLiteral("_imaps._tcp.gmail.com"), QList<SrvRecord>{{QStringLiteral("srv.gmail.com"), 993, 0, 0}});
        DiscoveryOptions o = offline();
        o.srv = true;
        o.resolver = resolver;
        o.useIspDatabase = true;
        o.caFile = ScriptedServer::caFile();
        o.autoconfigUrls = {QStringLiteral("https://127.0.0.1:%1/mail/config-v1.1.xml?emailaddress=%ADDRESS%").arg(https.serverPort())};
        const Discovery d = discover(o, QStringLiteral("bob@gmail.com"));
        // srv, the autoconfig file's IMAP and POP3, the database's IMAP and POP3 (other user names: not the same servers)
        QCOMPARE(d.incoming.size(), 5);
        QCOMPARE(d.incoming.at(0).source, Source::Srv);
        QCOMPARE(d.incoming.at(1).source, Source::Autoconfig);
        QCOMPARE(d.incoming.at(2).source, Source::Autoconfig);
        QCOMPARE(d.incoming.at(3).source, Source::IspDatabase);
        QCOMPARE(d.incoming.at(4).source, Source::IspDatabase);
        QCOMPARE(d.incoming.at(1).url.toString(), QStringLiteral("imaps://bob@imap.gmail.com:993"));
        QCOMPARE(d.incoming.at(3).url.toString(), QStringLiteral("imaps://bob%40gmail.com@imap.gmail.com:993"));
        QCOMPARE(d.outgoing.at(0).source, Source::Autoconfig);   // no SRV for submission
        QCOMPARE(d.outgoing.constLast().source, Source::IspDatabase);
    }

    void autoconfigFromLocalHttps()
    {
        HttpsServer https;
        https.body = goodXml();
        https.statusByPath.insert("/mail/", 404);   // the first place has nothing; the well-known one has it
        QVERIFY(https.start());
        DiscoveryOptions o = offline();
        o.caFile = ScriptedServer::caFile();
        o.autoconfigUrls = {QStringLiteral("https://localhost:%1/mail/config-v1.1.xml?emailaddress=%ADDRESS%").arg(https.serverPort()),
                            QStringLiteral("https://localhost:%1/.well-known/autoconfig/mail/config-v1.1.xml").arg(https.serverPort())};
        const Discovery d = discover(o);
        QVERIFY2(d.complete(), qPrintable(d.log.join(QLatin1Char('\n'))));
        QCOMPARE(https.requests.size(), 2);
        QCOMPARE(https.requests.at(0), QByteArray("GET /mail/config-v1.1.xml?emailaddress=alice%40example.test HTTP/1.1"));
        QCOMPARE(https.requests.at(1), QByteArray("GET /.well-known/autoconfig/mail/config-v1.1.xml HTTP/1.1"));
        QCOMPARE(d.bestIncoming()->url.toString(), QStringLiteral("imaps://alice@mail.example.test:993"));
        QCOMPARE(d.bestIncoming()->source, Source::Autoconfig);
        QCOMPARE(d.bestIncoming()->detail, QStringLiteral("https://localhost:%1/.well-known/autoconfig/mail/config-v1.1.xml").arg(https.serverPort()));
        QVERIFY(d.log.join(QLatin1Char('\n')).contains(QLatin1String("HTTP status 404")));
    }

    void autoconfigBoundedAndHttpsOnly_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<QString>("logged");
        QTest::newRow("too large") << "large" << "larger than 256 KB";
        QTest::newRow("never answers") << "silent" << "";
        QTest::newRow("untrusted certificate") << "no-ca" << "";
        QTest::newRow("plain http") << "http" << "only HTTPS";
        QTest::newRow("hostile xml") << "dtd" << "DTD";
    }
    void autoconfigBoundedAndHttpsOnly()
    {
        QFETCH(QString, mode);
        QFETCH(QString, logged);
        HttpsServer https;
        https.body = mode == QLatin1String("large") ? goodXml() + QByteArray(2 * 1024 * 1024, ' ')
                   : mode == QLatin1String("dtd") ? QByteArray("<!DOCTYPE x [<!ENTITY a \"b\">]><clientConfig/>") : goodXml();
        https.silent = mode == QLatin1String("silent");
        QVERIFY(https.start());
        DiscoveryOptions o = offline();
        o.caFile = mode == QLatin1String("no-ca") ? QString() : ScriptedServer::caFile();
        o.httpTimeoutMs = 1500;
        o.autoconfigUrls = {QStringLiteral("%1://localhost:%2/mail/config-v1.1.xml")
                                .arg(mode == QLatin1String("http") ? QStringLiteral("http") : QStringLiteral("https")).arg(https.serverPort())};
        QElapsedTimer t;
        t.start();
        const Discovery d = discover(o);
        QVERIFY2(t.elapsed() < 10000, "bounded in time");
        QVERIFY2(d.incoming.isEmpty() && d.outgoing.isEmpty(), qPrintable(urls(d.incoming).join(QLatin1Char(' '))));
        QVERIFY2(!d.log.contains(QStringLiteral("TIMED OUT")), "finished");
        QVERIFY2(d.log.join(QLatin1Char('\n')).contains(logged), qPrintable(d.log.join(QLatin1Char('\n'))));
        if (mode == QLatin1String("http"))
            QVERIFY(https.requests.isEmpty());   // nothing asked over plain HTTP
    }

    void guessesAgainstLoopbackServersInOrder()
    {
        // The preferred candidate refuses connections, the next one greets but
        // offers no STARTTLS, the third is good: the third is chosen.
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 deadPort = closed.serverPort();
        closed.close();
        ScriptedServer noStartTls(QStringLiteral("S: * OK [CAPABILITY IMAP4rev1] hi\nC: p1 CAPABILITY\nS: * CAPABILITY IMAP4rev1 AUTH=PLAIN\nS: p1 OK done\nC: p2 LOGOUT\n"));
        ScriptedServer good(QStringLiteral("S: * OK hi\nC: p1 CAPABILITY\nS: * CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED\nS: p1 OK done\nC: p2 LOGOUT\n"));
        ScriptedServer smtp(QStringLiteral("S: 220-mail.example.test ESMTP\nS: 220 ready\nC: QUIT\n"), ScriptedServer::Tls::Implicit);
        QVERIFY(noStartTls.start() && good.start() && smtp.start());
        const auto at = [](net::Protocol p, net::Security s, quint16 port) {
            net::ServerUrl u;
            u.protocol = p;
            u.security = s;
            u.host = QStringLiteral("localhost");
            u.port = port;
            u.user = kAddress;
            return u;
        };
        DiscoveryOptions o = offline();
        o.guess = true;
        o.caFile = ScriptedServer::caFile();
        o.probeTimeoutMs = 3000;
        o.guessIncomingServers = {at(net::Protocol::Imap, net::Security::ImplicitTls, deadPort),
                                  at(net::Protocol::Imap, net::Security::StartTls, noStartTls.serverPort()),
                                  at(net::Protocol::Imap, net::Security::StartTls, good.serverPort())};
        o.guessOutgoingServers = {at(net::Protocol::Smtp, net::Security::ImplicitTls, smtp.serverPort())};
        const Discovery d = discover(o);
        QCOMPARE(urls(d.incoming), QStringList{QStringLiteral("imap://alice%40example.test@localhost:%1").arg(good.serverPort())});
        QCOMPARE(urls(d.outgoing), QStringList{QStringLiteral("smtps://alice%40example.test@localhost:%1").arg(smtp.serverPort())});
        QCOMPARE(d.incoming.constFirst().source, Source::Guess);
        const QString log = d.log.join(QLatin1Char('\n'));
        QVERIFY2(log.contains(QLatin1String("does not offer STARTTLS")), qPrintable(log));
        QTRY_VERIFY2(good.finished(), qPrintable(good.failure()));   // it said goodbye
        QVERIFY(!good.transcript().contains("LOGIN "));   // and never tried a password
    }

    // The live test's problems, each from a server that shows it: the engines'
    // failures sorted into what a user can act on.
    void connectionCheckProblems_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<bool>("withCa");
        QTest::addColumn<int>("problem");
        QTest::newRow("logged in") << "S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR] hi\nC~ t1 AUTHENTICATE PLAIN .*\nS: t1 OK [CAPABILITY IMAP4rev1] done\nC: t2 LOGOUT\nS: * BYE\nS: t2 OK bye\n"
                                   << "imaps" << true << int(Problem::None);
        QTest::newRow("wrong password") << "S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR] hi\nC~ t1 AUTHENTICATE PLAIN .*\nS: t1 NO [AUTHENTICATIONFAILED] Authentication failed.\nC-CLOSE\n"
                                        << "imaps" << true << int(Problem::WrongPassword);
        QTest::newRow("LOGIN refused") << "S: * OK [CAPABILITY IMAP4rev1] hi\nC~ t1 LOGIN .*\nS: t1 NO [AUTHENTICATIONFAILED] no\nC-CLOSE\n"
                                       << "imaps" << true << int(Problem::WrongPassword);
        QTest::newRow("no STARTTLS") << "S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hi\nC-CLOSE\n" << "imap" << true << int(Problem::NoStartTls);
        QTest::newRow("certificate") << "C-CLOSE\n" << "imaps" << false << int(Problem::Certificate);
        QTest::newRow("unreachable") << "" << "imaps" << true << int(Problem::Unreachable);
    }
    void connectionCheckProblems()
    {
        QFETCH(QString, scenario);
        QFETCH(QString, scheme);
        QFETCH(bool, withCa);
        QFETCH(int, problem);
        const bool implicit = scheme == QLatin1String("imaps");
        ScriptedServer server(scenario, implicit ? ScriptedServer::Tls::Implicit : ScriptedServer::Tls::None);
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 deadPort = closed.serverPort();
        closed.close();
        quint16 port = deadPort;
        if (!scenario.isEmpty()) {
            QVERIFY2(server.start(), qPrintable(server.failure()));
            port = server.serverPort();
        }
        store::AccountConfig a;
        a.name = QStringLiteral("t");
        a.address = kAddress;
        a.imap = net::ServerUrl::parse(QStringLiteral("%1://alice@localhost:%2").arg(scheme).arg(port), net::Protocol::Imap).value();
        a.smtp = net::ServerUrl::parse(QStringLiteral("smtps://alice@localhost:%1").arg(deadPort), net::Protocol::Smtp).value();
        a.caFile = withCa ? ScriptedServer::caFile() : QString();
        ConnectionCheck check(a, QStringLiteral("secret"));
        QSignalSpy done(&check, &ConnectionCheck::finished);
        check.start();
        QVERIFY(done.wait(20000));
        const auto outcomes = done.constFirst().constFirst().value<QList<CheckOutcome>>();
        QCOMPARE(outcomes.size(), 2);
        QCOMPARE(outcomes.at(0).server.port, port);
        QVERIFY2(int(outcomes.at(0).problem) == problem,
                 qPrintable(problemName(outcomes.at(0).problem) + QStringLiteral(": ") + outcomes.at(0).message));
        if (problem == int(Problem::Certificate)) {
            QCOMPARE(outcomes.at(0).certificate.subjectDisplayName(), QStringLiteral("localhost"));
            QCOMPARE(outcomes.at(0).certificate.issuerDisplayName(), QStringLiteral("Tern Fake Server Test CA"));
            QVERIFY(!outcomes.at(0).sslErrors.isEmpty());
            QVERIFY(!server.transcript().contains("secret"));
        }
        QCOMPARE(outcomes.at(1).problem, Problem::Unreachable);   // SMTP: nobody on that port
        if (!scenario.isEmpty())
            QTRY_VERIFY2(server.finished(), qPrintable(server.failure()));
    }

    void invalidAddressFinishesAtOnce()
    {
        const Discovery d = discover(offline(), QStringLiteral("not an address"));
        QVERIFY(d.incoming.isEmpty());
        QVERIFY(d.log.join(QLatin1Char('\n')).contains(QLatin1String("is not a mail address")));
    }

    void cancelStopsEverything()
    {
        HttpsServer https;
        https.silent = true;
        QVERIFY(https.start());
        DiscoveryOptions o = offline();
        o.caFile = ScriptedServer::caFile();
        o.autoconfigUrls = {QStringLiteral("https://localhost:%1/x").arg(https.serverPort())};
        AccountDiscovery d(o);
        QSignalSpy done(&d, &AccountDiscovery::finished);
        d.start(kAddress);
        QTRY_COMPARE(https.requests.size(), 1);
        d.cancel();
        QVERIFY(!d.isRunning());
        QTest::qWait(300);
        QCOMPARE(done.size(), 0);
    }

    void detectCommand()
    {
        HttpsServer https;
        https.body = goodXml();
        QVERIFY(https.start());
        QProcess p;
        p.start(QStringLiteral(TERN_BIN_DIR "/tern"),
                {QStringLiteral("account"), QStringLiteral("detect"), kAddress, QStringLiteral("--json"), QStringLiteral("--no-srv"),
                 QStringLiteral("--no-guess"), QStringLiteral("--ca-file"), ScriptedServer::caFile(), QStringLiteral("--autoconfig-url"),
                 QStringLiteral("https://localhost:%1/mail/config-v1.1.xml?emailaddress=%ADDRESS%").arg(https.serverPort())});
        QTRY_VERIFY_WITH_TIMEOUT(p.state() == QProcess::NotRunning, 30000);   // the server answers from this event loop
        QCOMPARE(p.exitCode(), 0);
        const QJsonObject o = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        QCOMPARE(o.value(QLatin1String("address")).toString(), kAddress);
        const QJsonObject in = o.value(QLatin1String("incoming")).toArray().at(0).toObject();
        QCOMPARE(in.value(QLatin1String("url")).toString(), QStringLiteral("imaps://alice@mail.example.test:993"));
        QCOMPARE(in.value(QLatin1String("source")).toString(), QStringLiteral("autoconfig"));
        QCOMPARE(o.value(QLatin1String("outgoing")).toArray().at(0).toObject().value(QLatin1String("url")).toString(),
                 QStringLiteral("smtp://alice%40example.test@mail.example.test:587"));

        // The bundled database, as text, with the command that adds it.
        QProcess q;
        q.start(QStringLiteral(TERN_BIN_DIR "/tern"), {QStringLiteral("account"), QStringLiteral("detect"), QStringLiteral("jo@posteo.de"),
                                                       QStringLiteral("--no-srv"), QStringLiteral("--no-guess"), QStringLiteral("--autoconfig-url"),
                                                       QStringLiteral("https://localhost:%1/none").arg(https.serverPort())});
        QTRY_VERIFY_WITH_TIMEOUT(q.state() == QProcess::NotRunning, 30000);
        const QString text = QString::fromUtf8(q.readAllStandardOutput());
        QCOMPARE(q.exitCode(), 0);
        QVERIFY2(text.contains(QLatin1String("incoming\timaps://jo%40posteo.de@posteo.de:993\tisp-database\tPosteo")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("tern account add NAME --imap imaps://jo%40posteo.de@posteo.de:993 --smtp smtps://jo%40posteo.de@posteo.de:465")), qPrintable(text));

        QProcess bad;
        bad.start(QStringLiteral(TERN_BIN_DIR "/tern"), {QStringLiteral("account"), QStringLiteral("detect"), QStringLiteral("nobody")});
        QVERIFY(bad.waitForFinished(30000));
        QCOMPARE(bad.exitCode(), 2);
    }
};

QTEST_MAIN(TestAutoconfig)
#include "tst_autoconfig.moc"
