// The route panel and `tern render --json`: Received: fields as Postfix, Exim,
// Sendmail, Exchange/Outlook.com, Gmail, qmail and Dovecot write them, turned
// into hops oldest first with delays and clock skew; dates in every form the
// RFCs allowed once; and garbage that must cost nothing but an empty field.
#include "mime/MailDate.h"
#include "mime/Route.h"

#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace tern::mime;

namespace {
QDateTime utc(int y, int mo, int d, int h, int mi, int s)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s), Qt::UTC);
}
} // namespace

class TestRoute : public QObject {
    Q_OBJECT

private slots:
    void realWorld_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("fromHost");
        QTest::addColumn<QString>("fromIp");
        QTest::addColumn<QString>("helo");
        QTest::addColumn<QString>("by");
        QTest::addColumn<QString>("with");
        QTest::addColumn<QString>("tls");
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("recipient");
        QTest::addColumn<QDateTime>("time");

        QTest::newRow("postfix-tls")
            << QByteArray("from mail.example.org (mail.example.org [192.0.2.1])\t(using TLSv1.3 with cipher "
                          "TLS_AES_256_GCM_SHA384 (256/256 bits)\t key-exchange X25519 server-signature RSA-PSS (2048 "
                          "bits) server-digest SHA256)\t(No client certificate requested)\tby mx.example.net (Postfix) "
                          "with ESMTPS id 4TvXyZ1abcz9sWq\tfor <user@example.net>; Tue, 12 Mar 2024 10:00:00 +0000 (UTC)")
            << "mail.example.org" << "mail.example.org" << "192.0.2.1" << ""
            << "mx.example.net" << "ESMTPS"
            << "using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 "
               "server-signature RSA-PSS (2048 bits) server-digest SHA256"
            << "4TvXyZ1abcz9sWq" << "user@example.net" << utc(2024, 3, 12, 10, 0, 0);
        QTest::newRow("postfix-unknown-ipv6")
            << QByteArray("from [192.0.2.5] (unknown [IPv6:2001:db8::25])\tby mx.example.net (Postfix) with ESMTP id "
                          "ABC123; Tue, 12 Mar 2024 11:00:00 +0100 (CET)")
            << "[192.0.2.5]" << "" << "2001:db8::25" << "" << "mx.example.net" << "ESMTP" << "" << "ABC123" << ""
            << utc(2024, 3, 12, 10, 0, 0);
        QTest::newRow("postfix-local")
            << QByteArray("by mx.example.net (Postfix, from userid 1000) id 4TvXyZ; Tue, 12 Mar 2024 10:00:00 +0000 (UTC)")
            << "" << "" << "" << "" << "mx.example.net" << "" << "" << "4TvXyZ" << "" << utc(2024, 3, 12, 10, 0, 0);
        QTest::newRow("exim-4.96")
            << QByteArray("from mail.example.org ([192.0.2.1]:54321 helo=smtp.example.org)\tby mx.example.net with "
                          "esmtps  (TLS1.3) tls TLS_AES_256_GCM_SHA384\t(Exim 4.96)\t(envelope-from <a@example.org>)\t"
                          "id 1rXyZa-000123-AB\tfor user@example.net;\tTue, 12 Mar 2024 10:00:00 +0000")
            << "mail.example.org" << "" << "192.0.2.1" << "smtp.example.org" << "mx.example.net" << "ESMTPS"
            << "TLS1.3 TLS_AES_256_GCM_SHA384" << "1rXyZa-000123-AB" << "user@example.net" << utc(2024, 3, 12, 10, 0, 0);
        QTest::newRow("exim-ip-first")
            << QByteArray("from [192.0.2.9] (port=40000 helo=laptop)\tby mx.example.net with esmtpsa "
                          "(TLS1.2:ECDHE_RSA_AES_256_GCM_SHA384:256)\t(Exim 4.89) (envelope-from <a@example.org>) id "
                          "1hABCD-0001xy-QR; Mon, 03 Jun 2019 08:15:02 -0400")
            << "[192.0.2.9]" << "" << "192.0.2.9" << "laptop" << "mx.example.net" << "ESMTPSA"
            << "TLS1.2:ECDHE_RSA_AES_256_GCM_SHA384:256" << "1hABCD-0001xy-QR" << "" << utc(2019, 6, 3, 12, 15, 2);
        QTest::newRow("sendmail")
            << QByteArray("from mail.example.org (user@mail.example.org [192.0.2.1] (may be forged))\tby "
                          "mx.example.net (8.15.2/8.15.2) with ESMTPS id 42CA0000012345\t(version=TLSv1.3 "
                          "cipher=TLS_AES_256_GCM_SHA384 bits=256 verify=NOT)\tfor <user@example.net>; Tue, 12 Mar "
                          "2024 06:00:00 -0400")
            << "mail.example.org" << "mail.example.org" << "192.0.2.1" << "" << "mx.example.net" << "ESMTPS"
            << "version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 bits=256 verify=NOT" << "42CA0000012345"
            << "user@example.net" << utc(2024, 3, 12, 10, 0, 0);
        QTest::newRow("sendmail-submit")
            << QByteArray("(from user@localhost)\tby host.example.net (8.15.2/8.15.2/Submit) id 42CA00001; Tue, 12 Mar "
                          "2024 10:00:00 GMT")
            << "" << "" << "" << "" << "host.example.net" << "" << "" << "42CA00001" << "" << utc(2024, 3, 12, 10, 0, 0);
        QTest::newRow("exchange-online")
            << QByteArray("from AM6PR01MB1234.eurprd01.prod.exchangelabs.com (2603:10a6:20b:1::12) by "
                          "AM6PR01MB5678.eurprd01.prod.exchangelabs.com (2603:10a6:20b:2::13) with Microsoft SMTP "
                          "Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.7386.16; "
                          "Tue, 12 Mar 2024 10:00:00 +0000")
            << "AM6PR01MB1234.eurprd01.prod.exchangelabs.com" << "" << "2603:10a6:20b:1::12" << ""
            << "AM6PR01MB5678.eurprd01.prod.exchangelabs.com" << "Microsoft SMTP Server"
            << "version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384" << "15.20.7386.16" << ""
            << utc(2024, 3, 12, 10, 0, 0);
        QTest::newRow("exchange-mapi")
            << QByteArray("from AM0PR01MB1234.eurprd01.prod.exchangelabs.com ([fe80::1234:5678:9abc:def0]) by "
                          "AM0PR01MB1234.eurprd01.prod.exchangelabs.com ([fe80::1234:5678:9abc:def0%6]) with mapi id "
                          "15.20.7386.016; Tue, 12 Mar 2024 10:00:00 +0000")
            << "AM0PR01MB1234.eurprd01.prod.exchangelabs.com" << "" << "fe80::1234:5678:9abc:def0" << ""
            << "AM0PR01MB1234.eurprd01.prod.exchangelabs.com" << "MAPI" << "" << "15.20.7386.016" << ""
            << utc(2024, 3, 12, 10, 0, 0);
        QTest::newRow("outlook-inbound")
            << QByteArray("from EUR01-HE1-obe.outbound.protection.outlook.com "
                          "(mail-he1eur01on2101.outbound.protection.outlook.com [40.107.13.101]) by mx.example.net "
                          "(Postfix) with ESMTPS id 4Tv; Tue, 12 Mar 2024 10:00:00 +0000 (UTC)")
            << "EUR01-HE1-obe.outbound.protection.outlook.com" << "mail-he1eur01on2101.outbound.protection.outlook.com"
            << "40.107.13.101" << "" << "mx.example.net" << "ESMTPS" << "" << "4Tv" << "" << utc(2024, 3, 12, 10, 0, 0);
        QTest::newRow("gmail-mx")
            << QByteArray("from mail-sor-f41.google.com (mail-sor-f41.google.com. [209.85.220.41])\t        by "
                          "mx.google.com with SMTPS id a640c23a62f3a-a45d1b2c3d4sor1234567.12.2024.03.12.03.00.00\t"
                          "        for <user@gmail.com>\t        (Google Transport Security);\t        Tue, 12 Mar "
                          "2024 03:00:00 -0700 (PDT)")
            << "mail-sor-f41.google.com" << "mail-sor-f41.google.com" << "209.85.220.41" << "" << "mx.google.com"
            << "SMTPS" << "Google Transport Security" << "a640c23a62f3a-a45d1b2c3d4sor1234567.12.2024.03.12.03.00.00"
            << "user@gmail.com" << utc(2024, 3, 12, 10, 0, 0);
        QTest::newRow("gmail-internal")
            << QByteArray("by 2002:a05:6a10:8c4b:b0:4c1:2f3a:1b2c with SMTP id x12csp1234567pxa;        Tue, 12 Mar "
                          "2024 03:00:01 -0700 (PDT)")
            << "" << "" << "" << "" << "2002:a05:6a10:8c4b:b0:4c1:2f3a:1b2c" << "SMTP" << "" << "x12csp1234567pxa" << ""
            << utc(2024, 3, 12, 10, 0, 1);
        QTest::newRow("gmail-submission")
            << QByteArray("from [192.168.1.10] ([203.0.113.5])        by smtp.gmail.com with ESMTPSA id "
                          "x12-20020a05600c4b0c00b004131f7c7d2esm1234567wmp.1.2024.03.12.03.00.00        for "
                          "<user@example.net>        (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256);       "
                          " Tue, 12 Mar 2024 03:00:00 -0700 (PDT)")
            << "[192.168.1.10]" << "" << "203.0.113.5" << "" << "smtp.gmail.com" << "ESMTPSA"
            << "version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256"
            << "x12-20020a05600c4b0c00b004131f7c7d2esm1234567wmp.1.2024.03.12.03.00.00" << "user@example.net"
            << utc(2024, 3, 12, 10, 0, 0);
        QTest::newRow("qmail-invoked")
            << QByteArray("(qmail 1234 invoked by uid 89); 12 Mar 2024 10:00:00 -0000")
            << "" << "" << "" << "" << "" << "" << "" << "" << "" << utc(2024, 3, 12, 10, 0, 0);
        QTest::newRow("qmail-helo")
            << QByteArray("from unknown (HELO mail.example.org) (user@192.0.2.1)\t  by mx.example.net with ESMTPA; 12 "
                          "Mar 2024 10:00:00 -0000")
            << "unknown" << "" << "192.0.2.1" << "mail.example.org" << "mx.example.net" << "ESMTPA" << "" << "" << ""
            << utc(2024, 3, 12, 10, 0, 0);
        QTest::newRow("dovecot-lmtp")
            << QByteArray("from mx.example.net ([192.0.2.2])\tby imap.example.net with LMTP\tid +AbCdEf/GmVzUwAAyF8dUA\t"
                          "(envelope-from <a@example.org>)\tfor <user@example.net>; Tue, 12 Mar 2024 10:00:01 +0000")
            << "mx.example.net" << "" << "192.0.2.2" << "" << "imap.example.net" << "LMTP" << ""
            << "+AbCdEf/GmVzUwAAyF8dUA" << "user@example.net" << utc(2024, 3, 12, 10, 0, 1);
        QTest::newRow("keywords-as-values")
            << QByteArray("from by by for with id id with for from; 1 Jan 2000 00:00:00 +0000")
            << "by" << "" << "" << "" << "for" << "ID" << "" << "with" << "from" << utc(2000, 1, 1, 0, 0, 0);
        QTest::newRow("no-date")
            << QByteArray("from a.example (a.example [192.0.2.7]) by b.example with SMTP")
            << "a.example" << "a.example" << "192.0.2.7" << "" << "b.example" << "SMTP" << "" << "" << "" << QDateTime();
    }
    void realWorld()
    {
        QFETCH(QByteArray, value);
        const RouteHop hop = parseReceived(value);
        QFETCH(QString, from);
        QFETCH(QString, fromHost);
        QFETCH(QString, fromIp);
        QFETCH(QString, helo);
        QFETCH(QString, by);
        QFETCH(QString, with);
        QFETCH(QString, tls);
        QFETCH(QString, id);
        QFETCH(QString, recipient);
        QCOMPARE(hop.from, from);
        QCOMPARE(hop.fromHost, fromHost);
        QCOMPARE(hop.fromIp, fromIp);
        QCOMPARE(hop.helo, helo);
        QCOMPARE(hop.by, by);
        QCOMPARE(hop.with, with);
        QCOMPARE(hop.tls, tls);
        QCOMPARE(hop.id, id);
        QCOMPARE(hop.recipient, recipient);
        QFETCH(QDateTime, time);
        QCOMPARE(hop.time, time);
    }

    void dates_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QDateTime>("expected");
        const QDateTime noon = utc(2024, 3, 12, 12, 0, 0);
        QTest::newRow("rfc5322") << "Tue, 12 Mar 2024 12:00:00 +0000" << noon;
        QTest::newRow("no-weekday") << "12 Mar 2024 12:00:00 -0000" << noon;
        QTest::newRow("east") << "Tue, 12 Mar 2024 17:30:00 +0530" << noon;
        QTest::newRow("west-colon") << "Tue, 12 Mar 2024 05:00:00 -07:00" << noon;
        QTest::newRow("comment") << "Tue, 12 Mar 2024 05:00:00 -0700 (PDT)" << noon;
        QTest::newRow("gmt") << "Tue, 12 Mar 2024 12:00:00 GMT" << noon;
        QTest::newRow("ut") << "Tue, 12 Mar 2024 12:00:00 UT" << noon;
        QTest::newRow("est") << "Tue, 12 Mar 2024 07:00:00 EST" << noon;
        QTest::newRow("edt") << "Tue, 12 Mar 2024 08:00:00 EDT" << noon;
        QTest::newRow("pst") << "Tue, 12 Mar 2024 04:00:00 PST" << noon;
        QTest::newRow("military-is-utc") << "Tue, 12 Mar 2024 12:00:00 A" << noon;
        QTest::newRow("unknown-zone-is-utc") << "Tue, 12 Mar 2024 12:00:00 CEST" << noon;
        QTest::newRow("no-zone") << "Tue, 12 Mar 2024 12:00:00" << noon;
        QTest::newRow("no-seconds") << "Tue, 12 Mar 2024 12:00 +0000" << noon;
        QTest::newRow("fraction") << "Tue, 12 Mar 2024 12:00:00.123 +0000" << noon;
        QTest::newRow("two-digit-year") << "Tue, 12 Mar 24 12:00:00 +0000" << noon;
        QTest::newRow("two-digit-year-1900s") << "Fri, 12 Mar 99 12:00:00 +0000" << utc(1999, 3, 12, 12, 0, 0);
        QTest::newRow("three-digit-year") << "12 Mar 124 12:00:00 +0000" << noon;
        QTest::newRow("asctime") << "Tue Mar 12 12:00:00 2024" << noon;
        QTest::newRow("dashes") << "12-Mar-2024 13:00:00 +0100" << noon;
        QTest::newRow("full-names") << "Tuesday, 12 March 2024 12:00:00 +0000" << noon;
        QTest::newRow("no-comma-spaces") << "Tue,12 Mar 2024 12:00:00 +0000" << noon;
        QTest::newRow("leap-second") << "31 Dec 2016 23:59:60 +0000" << utc(2016, 12, 31, 23, 59, 59);
        QTest::newRow("across-midnight") << "1 Jan 2024 01:00:00 +0200" << utc(2023, 12, 31, 23, 0, 0);
        QTest::newRow("feb-30") << "30 Feb 2024 12:00:00 +0000" << QDateTime();
        QTest::newRow("hour-25") << "12 Mar 2024 25:00:00 +0000" << QDateTime();
        QTest::newRow("minute-60") << "12 Mar 2024 12:60:00 +0000" << QDateTime();
        QTest::newRow("zone-out-of-range") << "12 Mar 2024 12:00:00 +9900" << QDateTime();
        QTest::newRow("no-month") << "12 2024 12:00:00 +0000" << QDateTime();
        QTest::newRow("no-time") << "12 Mar 2024" << QDateTime();
        QTest::newRow("empty") << "" << QDateTime();
        QTest::newRow("garbage") << "::::;;;(((" << QDateTime();
        QTest::newRow("huge-number") << "99999999999 Mar 2024 12:00:00" << QDateTime();
    }
    void dates()
    {
        QFETCH(QString, text);
        QFETCH(QDateTime, expected);
        const QDateTime got = parseMailDate(text);
        QCOMPARE(got.isValid(), expected.isValid());
        if (expected.isValid()) {
            QCOMPARE(got, expected);
            QCOMPARE(got.timeSpec(), Qt::UTC);
        }
    }

    // The header lists the newest first; the panel shows the oldest first with
    // the delay each hop added, and flags a clock that runs behind.
    void orderDelaysAndSkew()
    {
        const QList<QByteArray> received = {
            "from mx.example.net ([192.0.2.2]) by imap.example.net with LMTP id d; Tue, 12 Mar 2024 10:00:07 +0000",
            "from relay.example.org (relay.example.org [192.0.2.3]) by mx.example.net (Postfix) with ESMTPS id c; "
            "Tue, 12 Mar 2024 09:59:50 +0000",
            "from laptop (unknown [198.51.100.4]) by relay.example.org with ESMTPSA id b; Tue, 12 Mar 2024 "
            "11:00:00 +0100",
            "by laptop with SMTP id a; Tue, 12 Mar 2024 09:59:58 +0000",
        };
        const MessageRoute route = parseRoute(received);
        QCOMPARE(route.omitted, 0);
        QCOMPARE(route.hops.size(), 4);
        QCOMPARE(route.hops[0].id, QStringLiteral("a"));
        QCOMPARE(route.hops[3].id, QStringLiteral("d"));
        QVERIFY(!route.hops[0].delaySeconds);
        QVERIFY(!route.hops[0].skew);
        QCOMPARE(route.hops[1].delaySeconds, std::optional<qint64>(2));
        QVERIFY(!route.hops[1].skew);
        QCOMPARE(route.hops[2].delaySeconds, std::optional<qint64>(-10));   // mx's clock is behind relay's
        QVERIFY(route.hops[2].skew);
        QCOMPARE(route.hops[3].delaySeconds, std::optional<qint64>(17));
        QVERIFY(!route.hops[3].skew);
    }

    void unknownTimeBreaksTheChain()
    {
        const MessageRoute route = parseRoute({"by c; 12 Mar 2024 10:00:10 +0000", "by b; yesterday",
                                               "by a; 12 Mar 2024 10:00:00 +0000"});
        QCOMPARE(route.hops.size(), 3);
        QVERIFY(!route.hops[1].time.isValid());
        QVERIFY(!route.hops[1].delaySeconds);
        QVERIFY(!route.hops[2].delaySeconds);
        QVERIFY(!route.hops[2].skew);
    }

    void json()
    {
        const MessageRoute route = parseRoute(
            {"from b.example (b.example [192.0.2.8]) by c.example with ESMTPS (version=TLS1_3 cipher=X) id 7 for "
             "<u@c.example>; Tue, 12 Mar 2024 09:00:00 -0100",
             "by b.example; garbage"});
        const QJsonArray array = routeToJson(route);
        QCOMPARE(array.size(), 2);
        const QJsonObject first = array.at(0).toObject();
        QCOMPARE(first.value(QStringLiteral("by")).toString(), QStringLiteral("b.example"));
        QVERIFY(first.value(QStringLiteral("from")).isNull());
        QVERIFY(first.value(QStringLiteral("time")).isNull());
        QVERIFY(first.value(QStringLiteral("delaySeconds")).isNull());
        QCOMPARE(first.value(QStringLiteral("skew")), QJsonValue(false));
        const QJsonObject second = array.at(1).toObject();
        const QStringList keys = QStringLiteral("from fromHost fromIp helo by with tls id for time delaySeconds skew")
                                     .split(u' ');
        QCOMPARE(second.keys().size(), keys.size());
        for (const QString &k : keys)
            QVERIFY2(second.contains(k), qPrintable(k));
        QCOMPARE(second.value(QStringLiteral("from")).toString(), QStringLiteral("b.example"));
        QCOMPARE(second.value(QStringLiteral("fromIp")).toString(), QStringLiteral("192.0.2.8"));
        QCOMPARE(second.value(QStringLiteral("with")).toString(), QStringLiteral("ESMTPS"));
        QCOMPARE(second.value(QStringLiteral("tls")).toString(), QStringLiteral("version=TLS1_3 cipher=X"));
        QCOMPARE(second.value(QStringLiteral("for")).toString(), QStringLiteral("u@c.example"));
        QCOMPARE(second.value(QStringLiteral("time")).toString(), QStringLiteral("2024-03-12T10:00:00Z"));
        QVERIFY(second.value(QStringLiteral("delaySeconds")).isNull());   // the hop before has no time
        QVERIFY(second.value(QStringLiteral("helo")).isNull());

        const QJsonArray timed = routeToJson(parseRoute({"by b; 12 Mar 2024 10:00:00 +0000", "by a; 12 Mar 2024 10:01:00 +0000"}));
        QCOMPARE(timed.at(1).toObject().value(QStringLiteral("delaySeconds")), QJsonValue(-60));
        QCOMPARE(timed.at(1).toObject().value(QStringLiteral("skew")), QJsonValue(true));
    }

    // A host name cannot turn the panel around or hide text in it.
    void invisibleCharactersShown()
    {
        const RouteHop hop = parseReceived(QStringLiteral("from evil\u202Egro.elpmaxe (x [192.0.2.1]) by mx\u200B.example "
                                                          "with SMTP; 12 Mar 2024 10:00:00 +0000")
                                               .toUtf8());
        QCOMPARE(hop.from, QStringLiteral("evil<U+202E>gro.elpmaxe"));
        QCOMPARE(hop.by, QStringLiteral("mx<U+200B>.example"));
        const RouteHop nul = parseReceived(QByteArray("from a\0b by c; 12 Mar 2024 10:00:00 +0000", 41));
        QCOMPARE(nul.from, QStringLiteral("a<U+0000>b"));
    }

    // Past 100 fields the newest are kept (the receiving side wrote them);
    // the sender's oldest are counted, not parsed.
    void boundedHops()
    {
        QList<QByteArray> received;
        for (int i = 149; i >= 0; --i)   // newest first: hop 149 on top
            received.append("by hop" + QByteArray::number(i) + "; 12 Mar 2024 10:00:00 +0000");
        const MessageRoute route = parseRoute(received);
        QCOMPARE(route.hops.size(), kMaxRouteHops);
        QCOMPARE(route.omitted, 50);
        QCOMPARE(route.hops.first().by, QStringLiteral("hop50"));
        QCOMPARE(route.hops.last().by, QStringLiteral("hop149"));
    }

    void boundedValue()
    {
        const QByteArray huge = "from " + QByteArray(20000, 'a') + " by b; 12 Mar 2024 10:00:00 +0000";
        const RouteHop hop = parseReceived(huge);
        QVERIFY(hop.from.size() <= kMaxReceivedBytes);
        QVERIFY(hop.by.isEmpty());           // past the 8 KB read
        QVERIFY(!hop.time.isValid());
        const RouteHop deep = parseReceived(QByteArray(10000, '(') + "; 12 Mar 2024 10:00:00 +0000");
        QVERIFY(deep.by.isEmpty());
    }

    // Random bytes and random pieces of real stamps: no crash, no field larger
    // than the value, never more than the hop limit (run under ASan in CI).
    void fuzz()
    {
        QRandomGenerator rng(20240312);
        const QList<QByteArray> pieces = {"from", "by", "with", "id", "for", "via", "tls", "(", ")", "[", "]", "<",
                                          ">", ";", "\"", "\\", " ", "\t", "helo=", "HELO", "IPv6:", "192.0.2.1",
                                          "::1", "2001:db8::", "+0000", "-0700", "GMT", "12", "Mar", "2024",
                                          "10:00:00", ":", ",", "\xe2\x80\xae", "\xff", "\0", "using TLS",
                                          "version=TLS1_3", "@", "."};
        for (int round = 0; round < 3000; ++round) {
            QList<QByteArray> received;
            const int fields = int(rng.bounded(5));
            for (int f = 0; f < fields; ++f) {
                QByteArray value;
                const int length = int(rng.bounded(round % 50 == 0 ? 12000 : 300));
                if (rng.bounded(2)) {
                    value.resize(length);
                    for (char &c : value)
                        c = char(rng.bounded(256));
                } else {
                    while (value.size() < length)
                        value += pieces.at(rng.bounded(pieces.size()));
                }
                received.append(value);
            }
            const MessageRoute route = parseRoute(received);
            QVERIFY(route.hops.size() <= kMaxRouteHops);
            for (const RouteHop &hop : route.hops) {
                for (const QString *s : {&hop.from, &hop.fromHost, &hop.fromIp, &hop.helo, &hop.by, &hop.with,
                                         &hop.tls, &hop.id, &hop.recipient})
                    QVERIFY(s->size() <= 8 * kMaxReceivedBytes);   // escapes grow at most 8 times
                QVERIFY(!hop.time.isValid() || hop.time.timeSpec() == Qt::UTC);
            }
            routeToJson(route);
            parseMailDate(QString::fromLatin1(received.value(0)));
        }
    }
};

QTEST_GUILESS_MAIN(TestRoute)
#include "tst_route.moc"
