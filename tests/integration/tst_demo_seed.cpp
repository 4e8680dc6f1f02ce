// mail-system.sh seed: N varied, deterministic messages that Dovecot serves.
#include "LineClient.h"
#include "MailSystem.h"

#include <QCryptographicHash>
#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace tern::test;

namespace {
QByteArray runSeed(const QString &outDir, int count)
{
    QProcess p;
    p.start(qEnvironmentVariable("TERN_DEMO_SEED"),
            {QStringLiteral("--user"), QStringLiteral("bob"), QStringLiteral("--domain"), QStringLiteral("example.test"),
             QStringLiteral("--count"), QString::number(count), QStringLiteral("--out"), outDir});
    if (!p.waitForFinished(60000) || p.exitCode() != 0)
        return {};
    QCryptographicHash h(QCryptographicHash::Sha256);
    QDir dir(outDir);
    for (const QString &f : dir.entryList(QDir::Files, QDir::Name)) {
        QFile file(dir.filePath(f));
        file.open(QIODevice::ReadOnly);
        h.addData(f.toUtf8());
        h.addData(file.readAll());
    }
    return h.result();
}
} // namespace

class TestDemoSeed : public QObject {
    Q_OBJECT
    MailSystem m_mail;

private slots:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("TERN_MAIL_SYSTEM_DIR"))
            QSKIP("TERN_MAIL_SYSTEM_DIR is not set: run through ctest");
        QString why;
        QVERIFY2(MailSystem::load(m_mail, why), qPrintable(why));
    }

    void deterministicAndVaried()
    {
        QTemporaryDir a, b;
        const QByteArray ha = runSeed(a.path(), 240), hb = runSeed(b.path(), 240);
        QVERIFY(!ha.isEmpty());
        QCOMPARE(ha, hb);
        QByteArray all;
        for (const QString &f : QDir(a.path()).entryList(QDir::Files)) {
            QFile file(QDir(a.path()).filePath(f));
            QVERIFY(file.open(QIODevice::ReadOnly));
            all += file.readAll();
        }
        // Each shape the demo promises is present.
        for (const char *needle : {"text/html", "https://images.example.net/", "Content-Disposition: attachment",
                                   "filename*=utf-8''", "charset=koi8-r", "=?ISO-2022-JP?B?", "=?ISO-8859-1?Q?",
                                   "=?UTF-8?B?", "List-Id:", "List-Unsubscribe-Post:", "In-Reply-To:", "References:",
                                   "cid:logo", "multipart/alternative", "multipart/related"})
            QVERIFY2(all.contains(needle), needle);
    }

    void seededFolderServedOverImap()
    {
        QProcess p;
        p.start(qEnvironmentVariable("TERN_MAIL_SYSTEM_SCRIPT"),
                {QStringLiteral("seed"), m_mail.dir, QStringLiteral("--user"), QStringLiteral("bob"),
                 QStringLiteral("--count"), QStringLiteral("500"), QStringLiteral("--folder"), QStringLiteral("SeedTest")});
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());

        LineClient c(m_mail.caFile);
        QVERIFY2(c.connectTls(m_mail.host, m_mail.imapsPort), qPrintable(c.error()));
        QVERIFY(c.readLine().startsWith("* OK"));
        c.writeLine("a LOGIN bob \"" + m_mail.passwords.value(QStringLiteral("bob")).toUtf8() + "\"");
        QVERIFY(lastOf(c.readUntil([](const QByteArray &l) { return l.startsWith("a "); })).startsWith("a OK"));
        c.writeLine("b STATUS SeedTest (MESSAGES UNSEEN)");
        const auto lines = c.readUntil([](const QByteArray &l) { return l.startsWith("b "); });
        const QByteArray status = lines.join('\n');
        QVERIFY2(status.contains("MESSAGES 500"), status.constData());
        // Every third message is unread (i % 3 == 0): 167 of 500.
        QVERIFY2(status.contains("UNSEEN 167"), status.constData());
        c.writeLine("c LIST \"\" SeedTest");
        const auto list = c.readUntil([](const QByteArray &l) { return l.startsWith("c "); });
        QVERIFY(list.join('\n').contains("SeedTest"));
    }
};

QTEST_GUILESS_MAIN(TestDemoSeed)
#include "tst_demo_seed.moc"
