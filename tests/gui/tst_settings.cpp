// Edit > Settings as a user meets it: what is changed there is kept in the
// profile and seen where it matters — the composer's From name and signature,
// the Unified Inbox, the sync policy the engine reads, the remote-content
// senders, notifications — and removing an account takes it out of the
// window, the accounts file and the cache.
#include "TestProfile.h"
#include "ComposerWindow.h"
#include "DesktopSettings.h"
#include "FolderTree.h"
#include "MainWindow.h"
#include "MessageView.h"
#include "SettingsDialog.h"
#include "store/AccountConfig.h"
#include "store/Database.h"
#include "store/MessageStore.h"
#include "store/SyncPolicy.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <unistd.h>

using namespace tern;

class TestSettings : public QObject {
    Q_OBJECT
private slots:
    void changesAreKeptAndUsed()
    {
        QTemporaryDir dir;
        const auto profile = store::Profile::resolve(dir.path());
        test::addLoopbackAccount(profile, QStringLiteral("work"), true);
        test::addLoopbackAccount(profile, QStringLiteral("home"), true);
        {
            auto db = store::Database::open(profile.cacheDir() + QStringLiteral("/cache.sqlite"));
            QVERIFY(db.ok());
            store::MessageStore m(*db.value());
            QVERIFY(m.insert(QStringLiteral("work"), QStringLiteral("INBOX"), "From: a@x\r\nSubject: w\r\n\r\n.\r\n").ok());
            QVERIFY(m.insert(QStringLiteral("home"), QStringLiteral("INBOX"), "From: b@x\r\nSubject: h\r\n\r\n.\r\n").ok());
        }
        ui::ViewerSettings viewer(profile.configDir() + QStringLiteral("/viewer.ini"));
        viewer.allowRemoteFor(QStringLiteral("news@shop.example"));
        viewer.allowRemoteFor(QStringLiteral("friend@example.org"));

        ui::MainWindow w(profile);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.findChild<ui::FolderTree *>(QStringLiteral("folderTree"))->unifiedInbox());
        QAction *settingsAction = w.action(QStringLiteral("settings"));
        QVERIFY(settingsAction);
        QCOMPARE(settingsAction->shortcut(), QKeySequence(QKeySequence::Preferences));
        ui::SettingsDialog *d = w.openSettings();
        QVERIFY(d);
        QCOMPARE(d->findChild<QTabWidget *>(QStringLiteral("settingsTabs"))->count(), 4);
        auto *accounts = d->findChild<QListWidget *>(QStringLiteral("accountList"));
        QCOMPARE(accounts->count(), 2);

        const auto rowOf = [accounts](const char *name) { return accounts->row(accounts->findItems(QLatin1String(name), Qt::MatchExactly).value(0)); };
        // work: a name, a signature, headers only.
        accounts->setCurrentRow(rowOf("work"));
        QCOMPARE(accounts->currentItem()->text(), QStringLiteral("work"));
        d->findChild<QLineEdit *>(QStringLiteral("displayName"))->setText(QStringLiteral("Ann Example"));
        d->findChild<QPlainTextEdit *>(QStringLiteral("signature"))->setPlainText(QStringLiteral("Ann\nExample Ltd"));
        auto *policy = d->findChild<QComboBox *>(QStringLiteral("syncPolicy"));
        policy->setCurrentIndex(policy->findData(QStringLiteral("headers")));
        // home: the last 14 days, out of the Unified Inbox.
        accounts->setCurrentRow(rowOf("home"));
        QCOMPARE(d->findChild<QLineEdit *>(QStringLiteral("displayName"))->text(), QString());   // each account its own
        policy->setCurrentIndex(policy->findData(QStringLiteral("days")));
        d->findChild<QSpinBox *>(QStringLiteral("syncDays"))->setValue(14);
        d->findChild<QCheckBox *>(QStringLiteral("inUnifiedInbox"))->setChecked(false);
        // Back to work: what was typed there is still there.
        accounts->setCurrentRow(rowOf("work"));
        QCOMPARE(d->findChild<QLineEdit *>(QStringLiteral("displayName"))->text(), QStringLiteral("Ann Example"));
        // Display, privacy, notifications.
        d->findChild<QCheckBox *>(QStringLiteral("preferPlain"))->setChecked(true);
        auto *senders = d->findChild<QListWidget *>(QStringLiteral("remoteSenders"));
        QCOMPARE(senders->count(), 2);
        senders->setCurrentRow(senders->row(senders->findItems(QStringLiteral("news@shop.example"), Qt::MatchExactly).value(0)));
        d->findChild<QPushButton *>(QStringLiteral("removeSender"))->click();
        QCOMPARE(senders->count(), 1);
        d->findChild<QCheckBox *>(QStringLiteral("notifyNewMail"))->setChecked(false);
        d->accept();

        // Kept in the profile…
        const ui::DesktopSettings desktop(profile.configDir());
        QCOMPARE(desktop.displayName(QStringLiteral("work")), QStringLiteral("Ann Example"));
        QVERIFY(!desktop.inUnifiedInbox(QStringLiteral("home")));
        QVERIFY(desktop.inUnifiedInbox(QStringLiteral("work")));
        QVERIFY(!desktop.notifications());
        QVERIFY(viewer.preferPlain());
        QVERIFY(!viewer.remoteAllowedFor(QStringLiteral("news@shop.example")));
        QVERIFY(viewer.remoteAllowedFor(QStringLiteral("friend@example.org")));
        {
            auto db = store::Database::open(profile.cacheDir() + QStringLiteral("/cache.sqlite"));
            store::SyncPolicyStore policies(*db.value());
            for (const auto &a : store::AccountStore(profile.accountsFile()).load().value())
                QCOMPARE(policies.forAccount(a).value().toString(), a.name == QLatin1String("work") ? QStringLiteral("headers") : QStringLiteral("days=14"));
        }
        // …and used: one account left in the Unified Inbox means none is shown; View follows.
        QVERIFY(!w.findChild<ui::FolderTree *>(QStringLiteral("folderTree"))->unifiedInbox());
        QVERIFY(w.action(QStringLiteral("preferPlain"))->isChecked());
        // The composer writes as "Ann Example" with the signature below "-- ".
        ui::ComposerWindow *c = w.compose();
        QVERIFY(c);
        c->setDraft({}, QStringLiteral("work"));
        QCOMPARE(c->draft().from.name, QStringLiteral("Ann Example"));
        QVERIFY2(c->draft().body.contains(QStringLiteral("\n-- \nAnn\nExample Ltd")), qPrintable(c->draft().body));
        c->setDraft(c->draft(), QStringLiteral("work"));   // opened again: the signature once
        QCOMPARE(c->draft().body.count(QStringLiteral("-- \n")), 1);
        c->close();

        // Opened again, the dialog shows what was kept.
        ui::SettingsDialog again(profile, nullptr);
        auto *againAccounts = again.findChild<QListWidget *>(QStringLiteral("accountList"));
        againAccounts->setCurrentRow(againAccounts->row(againAccounts->findItems(QStringLiteral("work"), Qt::MatchExactly).value(0)));
        QCOMPARE(again.findChild<QLineEdit *>(QStringLiteral("displayName"))->text(), QStringLiteral("Ann Example"));
        QVERIFY(!again.findChild<QCheckBox *>(QStringLiteral("notifyNewMail"))->isChecked());
        QCOMPARE(again.findChild<QListWidget *>(QStringLiteral("remoteSenders"))->count(), 1);

        const QString outDir = qEnvironmentVariable("TERN_SCREENSHOT_DIR");
        if (!outDir.isEmpty()) {
            QDir().mkpath(outDir);
            again.show();
            QVERIFY(QTest::qWaitForWindowExposed(&again));
            QVERIFY(again.grab().save(outDir + QStringLiteral("/settings-accounts.png")));
        }
    }

    void removingAnAccount()
    {
        QTemporaryDir dir;
        const auto profile = store::Profile::resolve(dir.path());
        test::addLoopbackAccount(profile, QStringLiteral("work"), true);
        test::addLoopbackAccount(profile, QStringLiteral("old"), true);
        {
            auto db = store::Database::open(profile.cacheDir() + QStringLiteral("/cache.sqlite"));
            QVERIFY(db.ok());
            store::MessageStore m(*db.value());
            QVERIFY(m.insert(QStringLiteral("work"), QStringLiteral("INBOX"), "From: a@x\r\nSubject: keep\r\n\r\n.\r\n").ok());
            QVERIFY(m.insert(QStringLiteral("old"), QStringLiteral("INBOX"), "From: b@x\r\nSubject: gone\r\n\r\n.\r\n").ok());
        }
        ui::MainWindow w(profile);
        auto *tree = w.findChild<ui::FolderTree *>(QStringLiteral("folderTree"));
        QCOMPARE(tree->topLevelItemCount(), 3);   // Unified Inbox, work, old
        ui::SettingsDialog *d = w.openSettings();
        QVERIFY(d->removeAccount(QStringLiteral("old"), false));
        QCOMPARE(d->findChild<QListWidget *>(QStringLiteral("accountList"))->count(), 1);
        d->reject();
        const auto left = store::AccountStore(profile.accountsFile()).load().value();
        QCOMPARE(left.size(), 1);
        QCOMPARE(left.at(0).name, QStringLiteral("work"));
        // The window: no Unified Inbox (one account), no 'old' folders, no status label.
        QCOMPARE(tree->topLevelItemCount(), 1);
        QCOMPARE(tree->topLevelItem(0)->text(0), QStringLiteral("work"));
        QVERIFY(!w.findChild<QObject *>(QStringLiteral("accountState-old")));
        // The cache: its mail is gone, the other account's stays.
        auto db = store::Database::open(profile.cacheDir() + QStringLiteral("/cache.sqlite"));
        auto q = db.value()->exec(QStringLiteral("SELECT subject FROM messages"));
        QStringList subjects;
        while (q.value().next())
            subjects << q.value().value(0).toString();
        QCOMPARE(subjects, QStringList{QStringLiteral("keep")});
    }
};

int main(int argc, char **argv)
{
    if (::geteuid() == 0)
        qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    QApplication app(argc, argv);
    TestSettings t;
    return QTest::qExec(&t, argc, argv);
}
#include "tst_settings.moc"
