// accounts.ini: what a user adds is what comes back, and bad input loses nothing.
#include "store/AccountConfig.h"
#include "store/Profile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace tern;
using namespace tern::store;

static AccountConfig imapAccount(const QString &name)
{
    AccountConfig a;
    a.name = name;
    a.address = name + QStringLiteral("@example.test");
    a.imap = net::ServerUrl::parse(QStringLiteral("imaps://%1@127.0.0.1:9993").arg(name), net::Protocol::Imap).value();
    a.smtp = net::ServerUrl::parse(QStringLiteral("smtp://%1@127.0.0.1:9587").arg(name), net::Protocol::Smtp).value();
    return a;
}

class TestAccountStore : public QObject {
    Q_OBJECT
private slots:
    void addAndLoad()
    {
        QTemporaryDir dir;
        AccountStore store(dir.filePath(QStringLiteral("accounts.ini")));
        QVERIFY(store.load().ok());
        QCOMPARE(store.load().value().size(), 0);

        AccountConfig work = imapAccount(QStringLiteral("work"));
        work.mode = AccountMode::Online;
        QVERIFY(store.add(work).ok());
        AccountConfig home;
        home.name = QStringLiteral("home");
        home.pop3 = net::ServerUrl::parse(QStringLiteral("pop3s://me@pop.example.org"), net::Protocol::Pop3).value();
        home.smtp = net::ServerUrl::parse(QStringLiteral("smtps://me@smtp.example.org"), net::Protocol::Smtp).value();
        home.mode = AccountMode::Offline;
        QVERIFY(store.add(home).ok());

        const auto loaded = AccountStore(dir.filePath(QStringLiteral("accounts.ini"))).load();
        QVERIFY(loaded.ok());
        QCOMPARE(loaded.value().size(), 2);
        const AccountConfig &w = loaded.value().at(loaded.value().at(0).name == QLatin1String("work") ? 0 : 1);
        QCOMPARE(w.mode, AccountMode::Online);
        QCOMPARE(w.imap->toString(), QStringLiteral("imaps://work@127.0.0.1:9993"));
        QCOMPARE(w.smtp->security, net::Security::StartTls);
        QCOMPARE(w.address, QStringLiteral("work@example.test"));
        QVERIFY(!w.pop3);
    }

    void duplicateNameRefusedAndFileKept()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("accounts.ini"));
        AccountStore store(file);
        QVERIFY(store.add(imapAccount(QStringLiteral("work"))).ok());
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray before = f.readAll();
        f.close();
        auto again = store.add(imapAccount(QStringLiteral("work")));
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, Error::Code::Conflict);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), before);
    }

    void invalidAccounts_data()
    {
        QTest::addColumn<int>("which");
        QTest::newRow("bad name") << 0;
        QTest::newRow("no fetch server") << 1;
        QTest::newRow("imap and pop3") << 2;
        QTest::newRow("imap offline") << 3;
        QTest::newRow("missing CA file") << 4;
    }
    void invalidAccounts()
    {
        QFETCH(int, which);
        AccountConfig a = imapAccount(QStringLiteral("ok"));
        switch (which) {
        case 0: a.name = QStringLiteral("../evil"); break;
        case 1: a.imap.reset(); break;
        case 2: a.pop3 = net::ServerUrl::parse(QStringLiteral("pop3s://x@h.example"), net::Protocol::Pop3).value(); break;
        case 3: a.mode = AccountMode::Offline; break;
        case 4: a.caFile = QStringLiteral("/nonexistent/ca.pem"); break;
        }
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("accounts.ini"));
        QVERIFY(!AccountStore(file).add(a).ok());
        QVERIFY(!QFile::exists(file));
    }

    void corruptFileIsAnErrorNotACrash()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("accounts.ini"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[x]\nmode=sideways\nimap=imaps://a@h\n");
        f.close();
        auto loaded = AccountStore(file).load();
        QVERIFY(!loaded.ok());
        QVERIFY2(loaded.error().message.contains(QStringLiteral("unknown mode")), qPrintable(loaded.error().message));
    }

    void profileDirsArePrivate()
    {
        QTemporaryDir dir;
        const auto p = Profile::resolve(dir.filePath(QStringLiteral("prof")));
        QVERIFY(p.isExplicit());
        QVERIFY(p.ensureExists().ok());
        const auto perms = QFile::permissions(p.configDir());
        QVERIFY(perms & QFileDevice::ReadOwner);
        QVERIFY(!(perms & QFileDevice::ReadOther));
        QVERIFY(!(perms & QFileDevice::ReadGroup));
        QVERIFY(p.accountsFile().startsWith(p.configDir()));
    }
};

QTEST_GUILESS_MAIN(TestAccountStore)
#include "tst_account_store.moc"
