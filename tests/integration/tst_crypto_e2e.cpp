// OpenPGP end to end (issue #6, point 6): alice signs and encrypts to bob with
// `tern send --sign --encrypt` (her own gpg-agent and GnuPG home), the mail
// goes through the demo Postfix and Dovecot, bob's Tern downloads it (POP3)
// and, with his own home, decrypts it and verifies alice's signature. What
// travelled holds neither the text nor the Subject.
#include "GnupgHome.h"
#include "MailSystem.h"
#include "TernProcess.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace tern::test;

class TestCryptoE2e : public QObject {
    Q_OBJECT
    MailSystem m_mail;
    QTemporaryDir m_dir;
    QString m_profile;
    std::unique_ptr<GnupgHome> m_bob, m_alice;
    QString m_aliceFpr, m_bobFpr;

    QProcessEnvironment env(const GnupgHome &home)
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        for (auto it = m_mail.passwords.cbegin(); it != m_mail.passwords.cend(); ++it)
            e.insert(it.key().toUpper() + QStringLiteral("_PASSWORD"), it.value());
        e.insert(QStringLiteral("GNUPGHOME"), home.path());
        return e;
    }

    TernRun tern(const GnupgHome &home, const QStringList &args)
    {
        return runTern(QStringList{QStringLiteral("--profile"), m_profile} + args, env(home));
    }

    void exchange(GnupgHome &from, const QString &address, GnupgHome &to, const QString &fpr)
    {
        QByteArray key;
        QCOMPARE(from.gpg({QStringLiteral("--armor"), QStringLiteral("--export"), address}, &key), 0);
        const QString file = m_dir.filePath(address + QStringLiteral(".asc"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write(key) == key.size());
        f.close();
        QCOMPARE(to.gpg({QStringLiteral("--import"), file}), 0);
        QVERIFY2(to.gpg({QStringLiteral("--pinentry-mode"), QStringLiteral("loopback"), QStringLiteral("--passphrase"), QString(),
                         QStringLiteral("--quick-lsign-key"), fpr}) == 0, qPrintable(to.lastError()));
    }

private slots:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("TERN_MAIL_SYSTEM_DIR"))
            QSKIP("TERN_MAIL_SYSTEM_DIR is not set: run through ctest, whose fixture starts the demo mail system");
        QString why;
        QVERIFY2(MailSystem::load(m_mail, why), qPrintable(why));
        m_profile = m_dir.filePath(QStringLiteral("profile"));
        m_bob = std::make_unique<GnupgHome>();
        m_alice = std::make_unique<GnupgHome>();
        m_aliceFpr = m_alice->generateKey(QStringLiteral("Alice <alice@example.test>"));
        m_bobFpr = m_bob->generateKey(QStringLiteral("Bob <bob@example.test>"));
        QVERIFY(!m_aliceFpr.isEmpty() && !m_bobFpr.isEmpty());
        exchange(*m_alice, QStringLiteral("alice@example.test"), *m_bob, m_aliceFpr);
        exchange(*m_bob, QStringLiteral("bob@example.test"), *m_alice, m_bobFpr);
        const QString h = QStringLiteral("127.0.0.1");
        for (const QString &user : {QStringLiteral("alice"), QStringLiteral("bob")}) {
            const TernRun r = tern(*m_alice, {QStringLiteral("account"), QStringLiteral("add"), user, QStringLiteral("--address"),
                                              user + QStringLiteral("@example.test"), QStringLiteral("--ca-file"), m_mail.caFile,
                                              QStringLiteral("--password-env"), user.toUpper() + QStringLiteral("_PASSWORD"),
                                              QStringLiteral("--pop3"), QStringLiteral("pop3s://%1@%2:%3").arg(user, h).arg(m_mail.pop3sPort),
                                              QStringLiteral("--smtp"), QStringLiteral("smtps://%1@%2:%3").arg(user, h).arg(m_mail.smtpsPort)});
            QVERIFY2(r.code == 0, qPrintable(r.err));
        }
    }

    void aliceSignsAndEncryptsBobDecryptsAndVerifies()
    {
        const QString token = QStringLiteral("crypto-e2e-%1").arg(QRandomGenerator::global()->generate());
        const QString file = m_dir.filePath(QStringLiteral("plain.eml"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("From: Alice <alice@example.test>\r\nTo: Bob <bob@example.test>\r\nSubject: Merger " + token.toUtf8() +
                "\r\nMessage-ID: <" + token.toUtf8() + "@example.test>\r\nDate: Mon, 23 Nov 2026 10:00:00 +0000\r\n"
                "Content-Type: text/plain; charset=utf-8\r\n\r\nWe buy ACME on Friday.\r\n");
        f.close();
        const TernRun sent = tern(*m_alice, {QStringLiteral("send"), QStringLiteral("alice"), file, QStringLiteral("--sign"), QStringLiteral("--encrypt")});
        QVERIFY2(sent.code == 0, qPrintable(sent.err));

        // Bob's Tern downloads it.
        QJsonObject mine;
        QDeadlineTimer deadline(60000);
        while (mine.isEmpty() && !deadline.hasExpired()) {
            const TernRun sync = tern(*m_bob, {QStringLiteral("sync"), QStringLiteral("bob")});
            QVERIFY2(sync.code == 0, qPrintable(sync.err));
            const TernRun list = tern(*m_bob, {QStringLiteral("list"), QStringLiteral("bob"), QStringLiteral("INBOX"), QStringLiteral("--json")});
            for (const auto &m : QJsonDocument::fromJson(list.out.toUtf8()).array())
                if (m.toObject().value(QStringLiteral("messageId")).toString().contains(token))
                    mine = m.toObject();
            if (mine.isEmpty())
                QTest::qWait(500);
        }
        QVERIFY2(!mine.isEmpty(), "the mail did not arrive in bob's INBOX");
        QCOMPARE(mine.value(QStringLiteral("subject")).toString(), QStringLiteral("..."));   // the Subject travelled inside
        const TernRun show = tern(*m_bob, {QStringLiteral("show"), QStringLiteral("bob"), QStringLiteral("INBOX"),
                                           QString::number(mine.value(QStringLiteral("id")).toInteger())});
        QCOMPARE(show.code, 0);
        QVERIFY(show.out.contains(QLatin1String("multipart/encrypted")));
        QVERIFY(show.out.contains(QLatin1String("Received:")));   // it did go through Postfix
        QVERIFY(!show.out.contains(QLatin1String("ACME")));
        QVERIFY(!show.out.contains(QLatin1String("Merger")));
        const QString received = m_dir.filePath(QStringLiteral("received.eml"));
        QFile r(received);
        QVERIFY(r.open(QIODevice::WriteOnly) && r.write(show.out.toUtf8()) > 0);
        r.close();

        const TernRun render = tern(*m_bob, {QStringLiteral("render"), QStringLiteral("--json"), received});
        QCOMPARE(render.code, 0);
        const QJsonObject o = QJsonDocument::fromJson(render.out.toUtf8()).object();
        const QJsonObject sec = o.value(QStringLiteral("security")).toObject();
        QCOMPARE(sec.value(QStringLiteral("decryption")).toString(), QStringLiteral("decrypted"));
        QCOMPARE(sec.value(QStringLiteral("signature")).toString(), QStringLiteral("valid"));
        QCOMPARE(sec.value(QStringLiteral("signatures")).toArray().first().toObject().value(QStringLiteral("fingerprint")).toString(), m_aliceFpr);
        QVERIFY(o.value(QStringLiteral("text")).toString().contains(QLatin1String("We buy ACME on Friday.")));
        QCOMPARE(sec.value(QStringLiteral("protectedSubject")).toString(), QStringLiteral("Merger ") + token);
    }
};

QTEST_GUILESS_MAIN(TestCryptoE2e)
#include "tst_crypto_e2e.moc"
