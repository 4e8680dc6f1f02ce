// Proves the rig the integration tests stand on: mail submitted with SMTP AUTH
// through the demo Postfix to list@example.test reaches every list member,
// and each reads it back over IMAP and POP3 — on TLS (implicit and STARTTLS),
// with the server certificate verified against the test CA.
#include "LineClient.h"
#include "MailSystem.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QRandomGenerator>
#include <QTest>
#include <QThread>

using namespace tern::test;

namespace {
const QStringList kMembers = {QStringLiteral("alice"), QStringLiteral("bob"), QStringLiteral("carol")};

bool isFinalSmtpLine(const QByteArray &l) { return l.size() >= 4 && l.at(3) == ' '; }
bool isTagged(const QByteArray &l, const char *tag) { return l.startsWith(QByteArray(tag) + ' '); }
} // namespace

class TestMailRig : public QObject {
    Q_OBJECT
    MailSystem m_mail;
    QString m_token;
    QByteArray m_idStartTls, m_idImplicit;

    // SMTP reply: lines until the one whose 4th byte is a space; returns its code.
    int reply(LineClient &c, QList<QByteArray> *lines = nullptr)
    {
        const auto got = c.readUntil(isFinalSmtpLine);
        if (lines)
            *lines = got;
        return got.isEmpty() || !isFinalSmtpLine(got.last()) ? -1 : got.last().left(3).toInt();
    }

    void submit(bool implicitTls, const QByteArray &messageId, const QString &subject)
    {
        LineClient c(m_mail.caFile);
        const quint16 port = implicitTls ? m_mail.smtpsPort : m_mail.submissionPort;
        QVERIFY2(implicitTls ? c.connectTls(m_mail.host, port) : c.connectPlain(m_mail.host, port), qPrintable(c.error()));
        QCOMPARE(reply(c), 220);
        QList<QByteArray> ehlo;
        QVERIFY(c.writeLine("EHLO client.example.test"));
        QCOMPARE(reply(c, &ehlo), 250);
        if (!implicitTls) {
            QVERIFY2(ehlo.join('\n').contains("STARTTLS"), ehlo.join('\n').constData());
            // Credentials are never offered over plaintext.
            QVERIFY(!ehlo.join('\n').contains("AUTH"));
            QVERIFY(c.writeLine("STARTTLS"));
            QCOMPARE(reply(c), 220);
            QVERIFY2(c.startTls(), qPrintable(c.error()));
            QVERIFY(c.writeLine("EHLO client.example.test"));
            QCOMPARE(reply(c, &ehlo), 250);
        }
        QVERIFY2(ehlo.join('\n').contains("AUTH PLAIN"), ehlo.join('\n').constData());
        QVERIFY(c.writeLine("AUTH PLAIN " + saslPlain(QStringLiteral("alice"), m_mail.passwords.value(QStringLiteral("alice")))));
        QCOMPARE(reply(c), 235);
        QVERIFY(c.writeLine("MAIL FROM:<alice@example.test>"));
        QCOMPARE(reply(c), 250);
        QVERIFY(c.writeLine("RCPT TO:<list@example.test>"));
        QCOMPARE(reply(c), 250);
        QVERIFY(c.writeLine("DATA"));
        QCOMPARE(reply(c), 354);
        const QByteArray msg = "From: Alice <alice@example.test>\r\n"
                               "To: list@example.test\r\n"
                               "Subject: " + subject.toUtf8() + "\r\n"
                               "Message-ID: " + messageId + "\r\n"
                               "Date: " + QDateTime::currentDateTimeUtc().toString(Qt::RFC2822Date).toUtf8() + "\r\n"
                               "\r\n"
                               "Hello list, this is the rig test.\r\n"
                               "..a line that began with a dot (dot-stuffed)\r\n"
                               ".\r\n";
        QVERIFY(c.writeRaw(msg));
        QCOMPARE(reply(c), 250);
        QVERIFY(c.writeLine("QUIT"));
        QCOMPARE(reply(c), 221);
    }

    // Logs in over IMAP and waits (bounded) until the message is in INBOX; returns it.
    QByteArray imapFetch(const QString &user, const QByteArray &messageId, bool implicitTls)
    {
        LineClient c(m_mail.caFile);
        if (implicitTls) {
            if (!c.connectTls(m_mail.host, m_mail.imapsPort))
                return "connect: " + c.error().toUtf8();
        } else {
            if (!c.connectPlain(m_mail.host, m_mail.imapPort))
                return "connect: " + c.error().toUtf8();
        }
        if (!c.readLine().startsWith("* OK"))
            return "no greeting";
        if (!implicitTls) {
            c.writeLine("s STARTTLS");
            if (!lastOf(c.readUntil([](const QByteArray &l) { return isTagged(l, "s"); })).startsWith("s OK"))
                return "STARTTLS refused";
            if (!c.startTls())
                return c.error().toUtf8();
        }
        c.writeLine("a LOGIN " + user.toUtf8() + " \"" + m_mail.passwords.value(user).toUtf8() + "\"");
        if (!lastOf(c.readUntil([](const QByteArray &l) { return isTagged(l, "a"); })).startsWith("a OK"))
            return "LOGIN failed";
        c.writeLine("b SELECT INBOX");
        c.readUntil([](const QByteArray &l) { return isTagged(l, "b"); });
        // Delivery is asynchronous (Postfix queue -> LMTP): wait on the condition, bounded.
        QByteArray uid;
        QDeadlineTimer deadline(60000);
        for (int n = 0; uid.isEmpty() && !deadline.hasExpired(); ++n) {
            const QByteArray tag = "c" + QByteArray::number(n);
            c.writeLine(tag + " UID SEARCH HEADER Message-ID \"" + messageId + "\"");
            const auto lines = c.readUntil([&](const QByteArray &l) { return l.startsWith(tag + ' '); });
            for (const QByteArray &l : lines)
                if (l.startsWith("* SEARCH ") && l.size() > 9)
                    uid = l.mid(9).split(' ').first();
            if (uid.isEmpty())
                QThread::msleep(200);
        }
        if (uid.isEmpty())
            return "not delivered within 60 s";
        c.writeLine("d UID FETCH " + uid + " BODY.PEEK[]");
        const auto lines = c.readUntil([](const QByteArray &l) { return isTagged(l, "d"); });
        c.writeLine("z LOGOUT");
        return lines.join("\r\n");
    }

    QByteArray pop3Find(const QString &user, const QByteArray &messageId, bool implicitTls)
    {
        LineClient c(m_mail.caFile);
        if (implicitTls ? !c.connectTls(m_mail.host, m_mail.pop3sPort) : !c.connectPlain(m_mail.host, m_mail.pop3Port))
            return "connect: " + c.error().toUtf8();
        if (!c.readLine().startsWith("+OK"))
            return "no greeting";
        if (!implicitTls) {
            c.writeLine("STLS");
            if (!c.readLine().startsWith("+OK") || !c.startTls())
                return "STLS failed: " + c.error().toUtf8();
        }
        c.writeLine("USER " + user.toUtf8());
        if (!c.readLine().startsWith("+OK"))
            return "USER refused";
        c.writeLine("PASS " + m_mail.passwords.value(user).toUtf8());
        if (!c.readLine().startsWith("+OK"))
            return "PASS refused";
        c.writeLine("STAT");
        const QList<QByteArray> stat = c.readLine().split(' ');
        const int count = stat.value(1).toInt();
        // Newest first: the rig's messages are the last ones delivered.
        for (int n = count; n >= 1; --n) {
            c.writeLine("RETR " + QByteArray::number(n));
            if (!c.readLine().startsWith("+OK"))
                return "RETR failed";
            const auto lines = c.readUntil([](const QByteArray &l) { return l == "."; });
            const QByteArray text = lines.join("\r\n");
            if (text.contains("Message-ID: " + messageId)) {
                c.writeLine("QUIT");
                return text;
            }
        }
        return "not found among " + QByteArray::number(count) + " messages";
    }

private slots:
    void initTestCase()
    {
        QString why;
        if (qEnvironmentVariableIsEmpty("TERN_MAIL_SYSTEM_DIR"))
            QSKIP("TERN_MAIL_SYSTEM_DIR is not set: run through ctest, whose fixture starts the demo mail system");
        QVERIFY2(MailSystem::load(m_mail, why), qPrintable(why));
        m_token = QStringLiteral("rig-%1-%2").arg(QDateTime::currentMSecsSinceEpoch()).arg(QRandomGenerator::global()->generate());
        m_idStartTls = "<" + m_token.toUtf8() + ".starttls@example.test>";
        m_idImplicit = "<" + m_token.toUtf8() + ".smtps@example.test>";
    }

    void certificateIsVerified()
    {
        // Without the test CA the same server must be refused: verification is really on.
        LineClient untrusting(QStringLiteral("/nonexistent-ca.pem"));
        QVERIFY(!untrusting.connectTls(m_mail.host, m_mail.imapsPort));
        LineClient trusting(m_mail.caFile);
        QVERIFY2(trusting.connectTls(m_mail.host, m_mail.imapsPort), qPrintable(trusting.error()));
        QVERIFY(trusting.socket().sslHandshakeErrors().isEmpty());
    }

    void submitThroughSubmissionPortWithStartTls() { submit(false, m_idStartTls, QStringLiteral("Rig test via STARTTLS ") + m_token); }
    void submitThroughSmtps() { submit(true, m_idImplicit, QStringLiteral("Rig test via SMTPS ") + m_token); }

    void everyMemberReadsItOverImap_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<bool>("implicitTls");
        QTest::addColumn<bool>("viaStartTlsSubmission");
        for (const QString &u : kMembers) {
            const bool implicit = u != QLatin1String("carol");   // carol uses IMAP STARTTLS
            QTest::newRow(qPrintable(u + QStringLiteral(" / submission"))) << u << implicit << true;
            QTest::newRow(qPrintable(u + QStringLiteral(" / smtps"))) << u << implicit << false;
        }
    }
    void everyMemberReadsItOverImap()
    {
        QFETCH(QString, user);
        QFETCH(bool, implicitTls);
        QFETCH(bool, viaStartTlsSubmission);
        const QByteArray id = viaStartTlsSubmission ? m_idStartTls : m_idImplicit;
        const QByteArray got = imapFetch(user, id, implicitTls);
        QVERIFY2(got.contains("Message-ID: " + id), got.left(300).constData());
        QVERIFY(got.contains(m_token.toUtf8()));
        QVERIFY(got.contains("\r\n.a line that began with a dot"));   // unstuffed on delivery
        QVERIFY(got.contains("Return-Path: <alice@example.test>"));   // the envelope sender survived
    }

    void everyMemberReadsItOverPop3_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<bool>("implicitTls");
        for (const QString &u : kMembers)
            QTest::newRow(qPrintable(u)) << u << (u != QLatin1String("carol"));   // carol uses STLS
    }
    void everyMemberReadsItOverPop3()
    {
        QFETCH(QString, user);
        QFETCH(bool, implicitTls);
        for (const QByteArray &id : {m_idStartTls, m_idImplicit}) {
            const QByteArray got = pop3Find(user, id, implicitTls);
            QVERIFY2(got.contains("Message-ID: " + id), got.left(300).constData());
            // POP3 dot-stuffs on the wire (RFC 1939 §3): the client must unstuff.
            QVERIFY(got.contains("\r\n..a line that began with a dot"));
        }
    }
};

QTEST_GUILESS_MAIN(TestMailRig)
#include "tst_mail_rig.moc"
