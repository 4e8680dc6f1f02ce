// New-mail notifications: one summary per round of syncs, of the unread mail
// that arrived in Inboxes (not other folders, not mail already read), none
// when switched off — through a recording sink, as the desktop's would be.
// With a session bus (dbus-run-session), the real D-Bus call is seen too.
#include "TestProfile.h"
#include "DesktopSettings.h"
#include "MainWindow.h"
#include "NewMailNotifier.h"
#include "store/AccountConfig.h"
#include "store/Database.h"
#include "store/MessageStore.h"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QMutex>
#include <QThread>
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

// org.freedesktop.Notifications as a desktop serves it, on its own connection and thread.
class FakeNotificationDaemon : public QObject {
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")
public:
    static constexpr uint kId = 42;
    bool registerOnBus()
    {
        m_bus = std::make_unique<QDBusConnection>(QDBusConnection::connectToBus(QDBusConnection::SessionBus, QStringLiteral("fake-daemon")));
        return m_bus->isConnected() && m_bus->registerObject(QStringLiteral("/org/freedesktop/Notifications"), this, QDBusConnection::ExportAllSlots)
               && m_bus->registerService(QStringLiteral("org.freedesktop.Notifications"));
    }
    ~FakeNotificationDaemon() override
    {
        if (m_bus)
            QDBusConnection::disconnectFromBus(QStringLiteral("fake-daemon"));
    }
    QList<QVariantList> calls() const
    {
        QMutexLocker lock(&m_mutex);
        return m_calls;
    }
public slots:
    uint Notify(const QString &app, uint replaces, const QString &icon, const QString &summary, const QString &body,
                const QStringList &actions, const QVariantMap &hints, int timeout)
    {
        QMutexLocker lock(&m_mutex);
        m_calls.append({app, replaces, icon, summary, body, actions, hints, timeout});
        return kId;
    }
private:
    std::unique_ptr<QDBusConnection> m_bus;
    mutable QMutex m_mutex;
    QList<QVariantList> m_calls;
};

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
        test::addLoopbackAccount(profile, QStringLiteral("work"));
        test::addLoopbackAccount(profile, QStringLiteral("home"));
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

    // Through a real session bus (ctest runs this under dbus-run-session): the
    // Notify call as a notification daemon receives it, and the next one
    // replacing it instead of stacking up.
    void desktopSinkCallsTheNotificationService()
    {
        if (!QDBusConnection::sessionBus().isConnected())
            QSKIP("no session bus (tst_notifications_dbus runs this under dbus-run-session)");
        QThread thread;
        auto *daemon = new FakeNotificationDaemon;
        daemon->moveToThread(&thread);
        thread.start();
        bool registered = false;
        QMetaObject::invokeMethod(daemon, [daemon, &registered] { registered = daemon->registerOnBus(); }, Qt::BlockingQueuedConnection);
        QVERIFY(registered);
        ui::DesktopNotificationSink sink;
        sink.notify(QStringLiteral("2 new messages"), QStringLiteral("ann: <hello>"));
        sink.notify(QStringLiteral("3 new messages"), QStringLiteral("bob: hi"));
        const QList<QVariantList> calls = daemon->calls();
        QMetaObject::invokeMethod(daemon, &QObject::deleteLater);
        thread.quit();
        thread.wait();
        QCOMPARE(calls.size(), 2);
        QCOMPARE(calls.at(0).at(0).toString(), QStringLiteral("Tern"));        // app_name
        QCOMPARE(calls.at(0).at(1).toUInt(), 0u);                             // replaces nothing
        QCOMPARE(calls.at(0).at(3).toString(), QStringLiteral("2 new messages"));
        QCOMPARE(calls.at(0).at(4).toString(), QStringLiteral("ann: &lt;hello&gt;"));   // body markup escaped
        QCOMPARE(calls.at(1).at(1).toUInt(), FakeNotificationDaemon::kId);   // replaces the first
    }
};

int main(int argc, char **argv)
{
    if (::geteuid() == 0)
        qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    QApplication app(argc, argv);
    TestNotifications t;
    return QTest::qExec(&t, argc, argv);
}
#include "tst_notifications.moc"
