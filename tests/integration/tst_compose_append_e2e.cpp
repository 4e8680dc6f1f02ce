// What the composer builds, the demo Dovecot takes: a message with non-ASCII
// display names and subject, format=flowed text and attachments (RFC 2231
// names, binary bytes) is APPENDed over IMAPS and fetched back byte for byte,
// and it still parses into what was written. The same for a message whose
// address is UTF-8 (RFC 6532).
#include "LineClient.h"
#include "MailSystem.h"

#include "mime/Addresses.h"
#include "mime/Composer.h"
#include "mime/MimeTree.h"

#include <QDeadlineTimer>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>

using namespace tern;
using namespace tern::mime;
using namespace tern::test;

namespace {
bool tagged(const QByteArray &line, const QByteArray &tag) { return line.startsWith(tag + ' '); }
} // namespace

class TestComposeAppendE2e : public QObject {
    Q_OBJECT
    MailSystem m_mail;
    QByteArray m_folder;

    // Logged in as alice, with the test folder selected.
    bool open(LineClient &c)
    {
        if (!c.connectTls(m_mail.host, m_mail.imapsPort))
            return false;
        c.readLine();
        c.writeLine("a LOGIN alice \"" + m_mail.passwords.value(QStringLiteral("alice")).toUtf8() + '"');
        if (!lastOf(c.readUntil([](const QByteArray &l) { return tagged(l, "a"); })).startsWith("a OK"))
            return false;
        c.writeLine("b SELECT " + m_folder);
        return lastOf(c.readUntil([](const QByteArray &l) { return tagged(l, "b"); })).startsWith("b OK");
    }

    // APPENDs `message`, returns its UID (RFC 4315 APPENDUID), or 0 with the server's reply in `reply`.
    quint32 append(LineClient &c, const QByteArray &message, QByteArray &reply)
    {
        c.writeLine("c APPEND " + m_folder + " (\\Seen) {" + QByteArray::number(message.size()) + "+}");   // RFC 7888 LITERAL+
        c.writeRaw(message + "\r\n");
        reply = lastOf(c.readUntil([](const QByteArray &l) { return tagged(l, "c"); }, 60000));
        const auto m = QRegularExpression(QStringLiteral("^c OK \\[APPENDUID \\d+ (\\d+)\\]")).match(QString::fromLatin1(reply));
        return m.hasMatch() ? m.captured(1).toUInt() : 0;
    }

    // The message's bytes as the server keeps them (UID FETCH BODY.PEEK[]), and its RFC822.SIZE.
    QByteArray fetch(LineClient &c, quint32 uid, qint64 &size)
    {
        c.writeLine("d UID FETCH " + QByteArray::number(uid) + " (RFC822.SIZE BODY.PEEK[])");
        const QByteArray first = lastOf(c.readUntil([](const QByteArray &l) { return (l.contains(" FETCH ") && l.endsWith('}')) || tagged(l, "d"); }));
        const auto m = QRegularExpression(QStringLiteral("RFC822\\.SIZE (\\d+).*\\{(\\d+)\\}$")).match(QString::fromLatin1(first));
        if (!m.hasMatch())
            return {};
        size = m.captured(1).toLongLong();
        const qint64 literal = m.captured(2).toLongLong();
        QDeadlineTimer deadline(30000);
        while (c.socket().bytesAvailable() < literal && !deadline.hasExpired())
            c.socket().waitForReadyRead(1000);
        const QByteArray bytes = c.socket().read(literal);
        c.readUntil([](const QByteArray &l) { return tagged(l, "d"); });
        return bytes;
    }

private slots:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("TERN_MAIL_SYSTEM_DIR"))
            QSKIP("TERN_MAIL_SYSTEM_DIR is not set: run through ctest, whose fixture starts the demo mail system");
        QString why;
        QVERIFY2(MailSystem::load(m_mail, why), qPrintable(why));
        m_folder = "Composed" + QByteArray::number(QRandomGenerator::global()->bounded(1000000));
        LineClient c(m_mail.caFile);
        QVERIFY2(c.connectTls(m_mail.host, m_mail.imapsPort), qPrintable(c.error()));
        c.readLine();
        c.writeLine("a LOGIN alice \"" + m_mail.passwords.value(QStringLiteral("alice")).toUtf8() + '"');
        QVERIFY(lastOf(c.readUntil([](const QByteArray &l) { return tagged(l, "a"); })).startsWith("a OK"));
        c.writeLine("b CREATE " + m_folder);
        const QByteArray created = lastOf(c.readUntil([](const QByteArray &l) { return tagged(l, "b"); }));
        QVERIFY2(created.startsWith("b OK"), created.constData());
    }

    void appendedAndFetchedByteIdentical_data()
    {
        QTest::addColumn<QString>("toAddress");
        QTest::addColumn<bool>("smtpUtf8");
        QTest::newRow("ascii addresses") << QStringLiteral("bob@example.test") << false;
        QTest::newRow("utf-8 address") << QStringLiteral("bøb@exämple.test") << true;
    }

    void appendedAndFetchedByteIdentical()
    {
        QFETCH(QString, toAddress);
        QFETCH(bool, smtpUtf8);
        QByteArray binary;
        for (int i = 0; i < 70000; ++i)
            binary += char(QRandomGenerator::global()->bounded(256));
        const QString subject = QStringLiteral("Grüße aus Köln — ein Betreff, der über achtundsiebzig Spalten hinausgeht: 日本語のテキスト");
        const QString fileName = QStringLiteral("Prüfbericht – März 日本.bin");
        Draft d;
        d.from = {QStringLiteral("Ålice Ëxample"), QStringLiteral("alice@example.test")};
        d.to = {{QStringLiteral("Bøb, the \"Builder\""), toAddress}};
        d.cc = {{QStringLiteral("Кэрол"), QStringLiteral("carol@example.test")}};
        d.subject = subject;
        d.body = QStringLiteral("Hallo Bob,\n\nein Absatz mit Umlauten (äöü), lang genug, dass er über die Grenze von achtundsiebzig "
                                "Spalten hinausgeht und weich umgebrochen wird.\nFrom the start.\n-- \nÅlice\n");
        d.attachments = {DraftAttachment{QString(), binary, fileName, {}},
                         DraftAttachment{QString(), "notes: ü\n", QStringLiteral("notes.txt"), {}}};
        auto composed = composeMessage(d);
        QVERIFY2(composed, qPrintable(composed.error().message));
        const QByteArray message = composed.value().bytes;
        QCOMPARE(composed.value().needsSmtpUtf8, smtpUtf8);

        LineClient c(m_mail.caFile);
        QVERIFY2(open(c), qPrintable(c.error()));
        QByteArray reply;
        const quint32 uid = append(c, message, reply);
        QVERIFY2(uid > 0, reply.constData());   // Dovecot said OK to the APPEND
        qint64 size = -1;
        const QByteArray back = fetch(c, uid, size);
        QCOMPARE(size, qint64(message.size()));
        QVERIFY2(back == message, qPrintable(QStringLiteral("fetched %1 bytes, appended %2").arg(back.size()).arg(message.size())));
        c.writeLine("z LOGOUT");

        // What came back parses into what was written.
        auto parsed = parseMessage(back);
        QVERIFY(parsed);
        QCOMPARE(decodeHeaderText(parsed.value().header("Subject")), subject);
        QCOMPARE(parseDraftAddresses(QString::fromUtf8(parsed.value().header("To"))).value(), d.to);
        QCOMPARE(parseDraftAddresses(QString::fromUtf8(parsed.value().header("Cc"))).value(), d.cc);
        QCOMPARE(parseDraftAddresses(QString::fromUtf8(parsed.value().header("From"))).value().value(0), d.from);
        const MimePart *attachment = parsed.value().root.find("2");
        QVERIFY(attachment);
        QCOMPARE(attachment->filename, fileName);
        QCOMPARE(attachment->content, binary);
    }

    void cleanupTestCase()
    {
        if (m_folder.isEmpty())
            return;
        LineClient c(m_mail.caFile);
        if (!c.connectTls(m_mail.host, m_mail.imapsPort))
            return;
        c.readLine();
        c.writeLine("a LOGIN alice \"" + m_mail.passwords.value(QStringLiteral("alice")).toUtf8() + '"');
        c.readUntil([](const QByteArray &l) { return tagged(l, "a"); });
        c.writeLine("b DELETE " + m_folder);
        c.readUntil([](const QByteArray &l) { return tagged(l, "b"); });
        c.writeLine("z LOGOUT");
    }
};

QTEST_GUILESS_MAIN(TestComposeAppendE2e)
#include "tst_compose_append_e2e.moc"
