// New-mail notifications: one summary per round of syncs, of the unread mail
// that arrived in Inboxes (not other folders, not mail already read), none
// when switched off — through a recording sink, as the desktop's would be.
// With a session bus (dbus-run-session), the real D-Bus call is seen too.
#include "DesktopSettings.h"
#include "MailWebView.h"
#include "MainWindow.h"
#include "NewMailNotifier.h"
#include "store/AccountConfig.h"
#include "store/Database.h"
#include "store/MessageStore.h"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <unistd.h>

using namespace tern;

namespace {
struct Shown {
    QString title, body;
};

class RecordingSink : public ui::NotificationSink {
public:
    explicit RecordingSink(QList<Shown> *out) : m_out(out) {}
    void notify(const QString &title, const QString &body) override { m_out->append({title, body}); }
private:
    QList<Shown> *m_out;
};

void addAccount(const store::Profile &p, const QString &name)
{
    store::AccountConfig a;
    a.name = name;
    a.imap = net::ServerUrl::parse(QStringLiteral("imaps://%1@127.0.0.1:993").arg(name), net::Protocol::Imap).value();
    a.smtp = net::ServerUrl::parse(QStringLiteral("smtps://%1@127.0.0.1:465").arg(name), net::Protocol::Smtp).value();
    QVERIFY(p.ensureExists().ok());
    QVERIFY(store::AccountStore(p.accountsFile()).add(a).ok());
}

void deliver(store::Database &db, const QString &account, const QString &folder, const QByteArray &from, const QByteArray &subject,
             const QString &flags = {})
{
    QVERIFY(store::MessageStore(db).insert(account, folder, "From: " + from + "\r\nSubject: " + subject + "\r\n\r\nx\r\n", flags).ok());
}
} // namespace

class TestNotifications : public QObject {
    Q_OBJECT
private slots:
    void oneSummaryPerRound()
    {
        QTemporaryDir dir;
        auto db = store::Database::open(dir.filePath(QStringLiteral("cache.sqlite")));
        QVERIFY(db.ok());
        store::Database *cache = db.value().get();
        deliver(*cache, QStringLiteral("work"), QStringLiteral("INBOX"), "old@x", "before the round");
        QList<Shown> shown;
        ui::NewMailNotifier n([cache] { return cache; }, dir.path());
        n.setSink(std::make_unique<RecordingSink>(&shown));

        n.setSyncing(true);
        deliver(*cache, QStringLiteral("work"), QStringLiteral("INBOX"), "\"Ann Lee\" <ann@x>", "=?UTF-8?Q?Caf=C3=A9?=");
        deliver(*cache, QStringLiteral("work"), QStringLiteral("INBOX"), "bob@x", "second");
        deliver(*cache, QStringLiteral("home"), QStringLiteral("INBOX"), "mum@x", "dinner");
        deliver(*cache, QStringLiteral("home"), QStringLiteral("INBOX"), "me@x", "read elsewhere", QStringLiteral("\\Seen"));
        deliver(*cache, QStringLiteral("work"), QStringLiteral("Archive"), "list@x", "not an inbox");
        deliver(*cache, QStringLiteral("work"), QStringLiteral("Sent"), "me@x", "my own");
        QVERIFY(shown.isEmpty());   // nothing while syncs still run
        n.setSyncing(false);
        QCOMPARE(shown.size(), 1);
        QCOMPARE(shown.at(0).title, QStringLiteral("3 new messages"));
        QVERIFY2(shown.at(0).body.contains(QLatin1String("home: 1, work: 2")), qPrintable(shown.at(0).body));
        QVERIFY2(shown.at(0).body.contains(QStringLiteral("Ann Lee: Café")), qPrintable(shown.at(0).body));
        QVERIFY(!shown.at(0).body.contains(QLatin1String("before the round")));
        QVERIFY(!shown.at(0).body.contains(QLatin1String("not an inbox")));

        // A round that brings nothing says nothing.
        n.setSyncing(true);
        n.setSyncing(false);
        QCOMPARE(shown.size(), 1);

        // Many messages: still one notification, the rest counted.
        n.setSyncing(true);
        for (int i = 0; i < 40; ++i)
            deliver(*cache, QStringLiteral("home"), QStringLiteral("INBOX"), "shop@x", "offer " + QByteArray::number(i));
        n.setSyncing(false);
        QCOMPARE(shown.size(), 2);
        QCOMPARE(shown.at(1).title, QStringLiteral("40 new messages in home"));
        QVERIFY2(shown.at(1).body.contains(QLatin1String("and 37 more")), qPrintable(shown.at(1).body));

        // Switched off: silence.
        ui::DesktopSettings(dir.path()).setNotifications(false);
        n.setSyncing(true);
        deliver(*cache, QStringLiteral("home"), QStringLiteral("INBOX"), "mum@x", "again");
        n.setSyncing(false);
        QCOMPARE(shown.size(), 2);
    }

    // The window: two accounts' engines run at once (a stand-in engine that waits
    // for the test to deliver mail); one notification when both have finished.
    void theWindowNotifiesOnceWhenItsSyncsEnd()
    {
        QTemporaryDir dir;
        const auto profile = store::Profile::resolve(dir.path());
        addAccount(profile, QStringLiteral("work"));
        addAccount(profile, QStringLiteral("home"));
        {
            auto db = store::Database::open(profile.cacheDir() + QStringLiteral("/cache.sqlite"));
            QVERIFY(db.ok());
            deliver(*db.value(), QStringLiteral("work"), QStringLiteral("INBOX"), "old@x", "old");
        }
        const QString engine = dir.filePath(QStringLiteral("engine.sh"));
        {
            QFile f(engine);
            QVERIFY(f.open(QIODevice::WriteOnly));
            // Arguments: --profile DIR sync ACCOUNT --verbose
            f.write("#!/bin/sh\ntouch \"$2/started-$4\"\nwhile [ ! -f \"$2/go\" ]; do sleep 0.05; done\necho \"$4: done\"\n");
            f.close();
            QVERIFY(f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
        }
        QList<Shown> shown;
        ui::MainWindow w(profile);
        w.notifier()->setSink(std::make_unique<RecordingSink>(&shown));
        w.setEngineProgram(engine);
        w.syncAll();
        QTRY_VERIFY(QFile::exists(dir.filePath(QStringLiteral("started-work"))) && QFile::exists(dir.filePath(QStringLiteral("started-home"))));
        {
            auto db = store::Database::open(profile.cacheDir() + QStringLiteral("/cache.sqlite"));
            QVERIFY(db.ok());
            deliver(*db.value(), QStringLiteral("work"), QStringLiteral("INBOX"), "ann@x", "hello work");
            deliver(*db.value(), QStringLiteral("home"), QStringLiteral("INBOX"), "mum@x", "hello home");
        }
        QFile go(dir.filePath(QStringLiteral("go")));
        QVERIFY(go.open(QIODevice::WriteOnly));
        go.close();
        QTRY_COMPARE(shown.size(), 1);
        QCOMPARE(shown.at(0).title, QStringLiteral("2 new messages"));
        QTest::qWait(300);
        QCOMPARE(shown.size(), 1);   // one for the round, not one per account
    }

    // Against a real session bus when there is one: the Notify call as a
    // notification daemon receives it (dbus-monitor).
    void desktopSinkCallsTheNotificationService()
    {
        QDBusConnection bus = QDBusConnection::sessionBus();
        if (!bus.isConnected())
            QSKIP("no session bus (run under dbus-run-session to check the D-Bus call)");
        QProcess monitor;
        monitor.start(QStringLiteral("dbus-monitor"), {QStringLiteral("interface='org.freedesktop.Notifications',member='Notify'")});
        if (!monitor.waitForStarted(5000))
            QSKIP("dbus-monitor is not installed");
        QTest::qWait(500);
        ui::DesktopNotificationSink sink;
        sink.notify(QStringLiteral("2 new messages"), QStringLiteral("ann: <hello>"));
        QByteArray seen;
        QTRY_VERIFY_WITH_TIMEOUT((seen += monitor.readAllStandardOutput()).contains("ann: &lt;hello&gt;"), 10000);
        QVERIFY(seen.contains("string \"2 new messages\""));
        QVERIFY(seen.contains("string \"Tern\""));
        monitor.terminate();
        monitor.waitForFinished(3000);
    }
};

int main(int argc, char **argv)
{
    if (::geteuid() == 0)
        qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    ui::registerMailSchemes();
    QApplication app(argc, argv);
    TestNotifications t;
    return QTest::qExec(&t, argc, argv);
}
#include "tst_notifications.moc"
