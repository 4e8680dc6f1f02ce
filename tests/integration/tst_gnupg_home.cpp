// The throw-away GnuPG home: real gpg makes a key in it, nothing leaks out,
// and the agent is gone afterwards.
#include "GnupgHome.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QTest>

using tern::test::GnupgHome;

class TestGnupgHome : public QObject {
    Q_OBJECT
private slots:
    void keyLivesAndDiesWithTheHome()
    {
        const QByteArray before = qgetenv("GNUPGHOME");
        QString path;
        {
            GnupgHome home;
            QVERIFY(home.isValid());
            path = home.path();
            QCOMPARE(qgetenv("GNUPGHOME"), QFile::encodeName(path));
            QCOMPARE(QFileInfo(path).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
            const QString fpr = home.generateKey(QStringLiteral("Alice <alice@example.test>"));
            QVERIFY2(fpr.size() == 40, qPrintable(home.lastError()));
            QByteArray listing;
            QCOMPARE(home.gpg({QStringLiteral("--with-colons"), QStringLiteral("--list-keys"), QStringLiteral("alice@example.test")}, &listing), 0);
            QVERIFY(listing.contains(fpr.toLatin1()));
            // A second home does not see the first one's key.
            {
                GnupgHome other;
                QByteArray none;
                QVERIFY(other.gpg({QStringLiteral("--list-keys"), QStringLiteral("alice@example.test")}, &none) != 0);
            }
        }
        QVERIFY(!QFileInfo::exists(path));
        QCOMPARE(qgetenv("GNUPGHOME"), before);
        // No agent left serving that home.
        QProcess pgrep;
        pgrep.start(QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("ps -eo args | grep -F -- '%1' | grep -v grep").arg(path)});
        QVERIFY(pgrep.waitForFinished());
        QVERIFY2(pgrep.readAllStandardOutput().trimmed().isEmpty(), "gpg-agent still running");
    }
};

QTEST_GUILESS_MAIN(TestGnupgHome)
#include "tst_gnupg_home.moc"
