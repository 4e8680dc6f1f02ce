// The main window as a user first sees it: the profile's accounts in the
// folder pane, and `tern --screenshot` producing a real picture of it.
#include "TestProfile.h"
#include "AccountSync.h"
#include "MainWindow.h"
#include "MessageView.h"
#include "TestPaths.h"
#include "store/AccountConfig.h"
#include "store/Database.h"
#include "store/MessageStore.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QProcess>
#include <QProgressBar>
#include <QSet>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QTreeWidget>
#include <unistd.h>

using namespace tern;

namespace {
// Whether a library of that name is mapped into this process.
bool isMapped(const char *name)
{
    QFile maps(QStringLiteral("/proc/self/maps"));
    return maps.open(QIODevice::ReadOnly) && maps.readAll().contains(name);
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void showsTheProfilesAccounts()
    {
        QTemporaryDir dir;
        const auto profile = store::Profile::resolve(dir.path());
        test::addLoopbackAccount(profile, QStringLiteral("work"));
        test::addLoopbackAccount(profile, QStringLiteral("home"));
        ui::MainWindow w(profile);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto *tree = w.findChild<QTreeWidget *>(QStringLiteral("folderTree"));
        QVERIFY(tree);
        QCOMPARE(tree->topLevelItemCount(), 2);
        QSet<QString> names;
        for (int i = 0; i < 2; ++i) {
            names << tree->topLevelItem(i)->text(0);
            QCOMPARE(tree->topLevelItem(i)->childCount(), 0);   // nothing synchronised yet
        }
        QCOMPARE(names, (QSet<QString>{QStringLiteral("work"), QStringLiteral("home")}));
        QVERIFY2(w.statusBar()->currentMessage().contains(QStringLiteral("tern sync")), qPrintable(w.statusBar()->currentMessage()));
    }

    // The activity panel lists each task (an account's sync) with its progress
    // and its state, as the engine reports them.
    void activityPanelShowsEachTaskWithItsProgress()
    {
        QTemporaryDir dir;
        const auto profile = store::Profile::resolve(dir.path());
        test::addLoopbackAccount(profile, QStringLiteral("work"));
        test::addLoopbackAccount(profile, QStringLiteral("home"));
        ui::MainWindow w(profile);
        auto *tasks = w.findChild<QTreeWidget *>(QStringLiteral("activityTasks"));
        QVERIFY(tasks);
        QCOMPARE(tasks->topLevelItemCount(), 2);
        QTreeWidgetItem *work = nullptr;
        for (int i = 0; i < tasks->topLevelItemCount(); ++i)
            if (tasks->topLevelItem(i)->text(0) == QStringLiteral("Synchronise work"))
                work = tasks->topLevelItem(i);
        QVERIFY(work);
        QCOMPARE(work->text(2), QStringLiteral("work: not checked yet"));
        ui::AccountSync *sync = nullptr;
        for (ui::AccountSync *s : w.findChildren<ui::AccountSync *>())
            if (s->account() == QStringLiteral("work"))
                sync = s;
        QVERIFY(sync);
        emit sync->progress(QStringLiteral("Archive"), 3, 6);
        auto *bar = qobject_cast<QProgressBar *>(tasks->itemWidget(work, 1));
        QVERIFY(bar);
        QCOMPARE(bar->maximum(), 6);
        QCOMPARE(bar->value(), 3);
        QCOMPARE(work->text(2), QStringLiteral("Archive (folder 3 of 6)"));
        sync->setOffline(true);
        QCOMPARE(work->text(2), QStringLiteral("work: offline"));
        const QString shots = qEnvironmentVariable("TERN_SCREENSHOT_DIR");
        if (!shots.isEmpty() && QDir().mkpath(shots)) {
            w.findChild<QWidget *>(QStringLiteral("activityPanel"))->show();
            w.resize(1000, 700);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            QVERIFY(w.grab().save(shots + QStringLiteral("/activity-panel.png")));
        }
    }

    void showsCachedFoldersAndMessages()
    {
        QTemporaryDir dir;
        const auto profile = store::Profile::resolve(dir.path());
        test::addLoopbackAccount(profile, QStringLiteral("work"));
        {
            auto db = store::Database::open(profile.cacheDir() + QStringLiteral("/cache.sqlite"));
            QVERIFY(db.ok());
            store::MessageStore m(*db.value());
            QVERIFY(m.insert(QStringLiteral("work"), QStringLiteral("Archive"), "From: a@x\r\nSubject: old\r\n\r\n", QStringLiteral("\\Seen")).ok());
            QVERIFY(m.insert(QStringLiteral("work"), QStringLiteral("INBOX"),
                             "From: =?UTF-8?Q?Jos=C3=A9?= <j@x>\r\nSubject: =?UTF-8?B?Q2Fmw6kg4piV?=\r\n\r\nHot coffee.\r\n").ok());
            QVERIFY(m.insert(QStringLiteral("work"), QStringLiteral("INBOX"), "From: b@x\r\nSubject: read one\r\n\r\n", QStringLiteral("\\Seen")).ok());
        }
        ui::MainWindow w(profile);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto *tree = w.findChild<QTreeWidget *>(QStringLiteral("folderTree"));
        QTreeWidgetItem *account = tree->topLevelItem(0);
        QCOMPARE(account->childCount(), 2);
        QCOMPARE(account->child(0)->text(0), QStringLiteral("Inbox (1)"));   // Inbox first (its name translated), with its unread count
        QCOMPARE(account->child(1)->text(0), QStringLiteral("Archive"));
        tree->setCurrentItem(account->child(0));
        auto *list = w.findChild<QTreeView *>(QStringLiteral("messageList"));
        QTRY_COMPARE(list->model()->rowCount(), 2);
        QStringList subjects;
        for (int r = 0; r < 2; ++r)
            subjects << list->model()->index(r, 1).data().toString();
        QVERIFY2(subjects.contains(QStringLiteral("Café ☕")), qPrintable(subjects.join(QLatin1Char('|'))));   // decoded for display
        const int unreadRow = subjects.indexOf(QStringLiteral("Café ☕"));
        QVERIFY(list->model()->index(unreadRow, 1).data(Qt::FontRole).value<QFont>().bold());
        QVERIFY(!list->model()->index(1 - unreadRow, 1).data(Qt::FontRole).value<QFont>().bold());
        QCOMPARE(list->model()->index(unreadRow, 0).data().toString(), QStringLiteral("José <j@x>"));

        // QtWebEngine (libternweb.so) is loaded by the first message shown, not
        // with the window: a start maps neither.
        QVERIFY(!isMapped("/libternweb.so"));
        QVERIFY(!isMapped("/libQt6WebEngineCore.so"));

        // Selecting a message shows it in the viewer.
        auto *viewer = w.viewer();
        QSignalSpy loaded(viewer, &ui::MessageView::documentLoaded);
        list->setCurrentIndex(list->model()->index(unreadRow, 0));
        QVERIFY(loaded.wait(20000));
        QVERIFY(isMapped("/libternweb.so"));
        QVERIFY(viewer->bodyWidget() && viewer->bodyWidget()->isVisible());
        QVERIFY2(viewer->rendered().text.contains(QLatin1String("Hot coffee.")), qPrintable(viewer->rendered().text));
        const QString headers = viewer->findChild<QLabel *>(QStringLiteral("viewerHeaders"))->text();
        QVERIFY2(headers.contains(QStringLiteral("Café ☕")), qPrintable(headers));
        // Read once shown: the row is no longer bold and the folder has no unread count.
        QVERIFY(!list->model()->index(list->currentIndex().row(), 1).data(Qt::FontRole).value<QFont>().bold());
        QCOMPARE(tree->topLevelItem(0)->child(0)->text(0), QStringLiteral("Inbox"));
        const QString outDir = qEnvironmentVariable("TERN_SCREENSHOT_DIR");
        if (!outDir.isEmpty()) {
            QDir().mkpath(outDir);
            QTest::qWait(300);
            QVERIFY(w.grab().save(outDir + QStringLiteral("/main-window-message.png")));
        }
    }

    void quickFilterSortAndNextUnread()
    {
        QTemporaryDir dir;
        const auto profile = store::Profile::resolve(dir.path());
        test::addLoopbackAccount(profile, QStringLiteral("work"));
        {
            auto db = store::Database::open(profile.cacheDir() + QStringLiteral("/cache.sqlite"));
            QVERIFY(db.ok());
            store::MessageStore m(*db.value());
            const QDateTime t0 = QDateTime::currentDateTimeUtc();
            QVERIFY(m.insert(QStringLiteral("work"), QStringLiteral("INBOX"), "From: ann@x\r\nSubject: alpha 100%\r\n\r\n" + QByteArray(5000, 'a') + "\r\n", QStringLiteral("\\Seen"), t0.addSecs(-30)).ok());
            QVERIFY(m.insert(QStringLiteral("work"), QStringLiteral("INBOX"), "From: bea@x\r\nSubject: beta\r\n\r\nb\r\n", QString(), t0.addSecs(-20)).ok());
            QVERIFY(m.insert(QStringLiteral("work"), QStringLiteral("INBOX"), "From: cid@x\r\nSubject: gamma\r\n\r\nc\r\n", QStringLiteral("\\Seen"), t0.addSecs(-10)).ok());
        }
        ui::MainWindow w(profile);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.setEngineProgram(QStringLiteral(TERN_BIN_DIR "/tern"));   // `tern index` for the search box
        auto *list = w.findChild<QTreeView *>(QStringLiteral("messageList"));
        QTRY_COMPARE(list->model()->rowCount(), 3);
        QCOMPARE(list->model()->index(0, 1).data().toString(), QStringLiteral("gamma"));   // newest first

        // The search box: '%' is punctuation, not a wildcard (the window indexes the folder first).
        auto *filter = w.findChild<QLineEdit *>(QStringLiteral("quickFilter"));
        filter->setText(QStringLiteral("100%"));
        QTRY_COMPARE_WITH_TIMEOUT(list->model()->rowCount(), 1, 30000);
        QCOMPARE(list->model()->index(0, 1).data().toString(), QStringLiteral("alpha 100%"));
        filter->setText(QStringLiteral("bea@"));
        QTRY_COMPARE(list->model()->rowCount(), 1);
        filter->clear();
        QTRY_COMPARE(list->model()->rowCount(), 3);

        // Sorting is the database's: by size, largest first.
        list->sortByColumn(3, Qt::DescendingOrder);
        QTRY_COMPARE(list->model()->index(0, 1).data().toString(), QStringLiteral("alpha 100%"));
        list->sortByColumn(2, Qt::DescendingOrder);
        QTRY_COMPARE(list->model()->index(0, 1).data().toString(), QStringLiteral("gamma"));

        // N goes to the next unread message.
        list->setCurrentIndex(list->model()->index(0, 0));
        QVERIFY(w.nextUnread());
        QCOMPARE(list->model()->index(list->currentIndex().row(), 1).data().toString(), QStringLiteral("beta"));
        QVERIFY(!w.nextUnread());   // none below: it was just read
    }

    void emptyProfileSaysHowToAddAnAccount()
    {
        QTemporaryDir dir;
        ui::MainWindow w(store::Profile::resolve(dir.path()));
        QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("tern account add")));
    }

    void screenshotCommandWritesThePaintedWindow()
    {
        QTemporaryDir dir;
        const auto profile = store::Profile::resolve(dir.filePath(QStringLiteral("profile")));
        test::addLoopbackAccount(profile, QStringLiteral("demo"));
        const QString outDir = qEnvironmentVariable("TERN_SCREENSHOT_DIR", dir.path());
        QDir().mkpath(outDir);
        const QString png = outDir + QStringLiteral("/main-window.png");
        QFile::remove(png);
        QProcess p;
        p.start(QStringLiteral(TERN_BIN_DIR "/tern"), {QStringLiteral("--profile"), dir.filePath(QStringLiteral("profile")),
                                                      QStringLiteral("--screenshot"), png});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        QImage img(png);
        QVERIFY2(!img.isNull(), qPrintable(png));
        QVERIFY(img.width() >= 800 && img.height() >= 500);
        // A painted window has text and frames: many distinct colours, not one flat fill.
        QSet<QRgb> colours;
        for (int y = 0; y < img.height(); y += 3)
            for (int x = 0; x < img.width(); x += 3)
                colours.insert(img.pixel(x, y));
        QVERIFY2(colours.size() > 8, qPrintable(QString::number(colours.size())));
    }

    void screenshotToAnUnwritablePathFails()
    {
        QTemporaryDir dir;
        QProcess p;
        p.start(QStringLiteral(TERN_BIN_DIR "/tern"), {QStringLiteral("--profile"), dir.path(), QStringLiteral("--screenshot"),
                                                      QStringLiteral("/nonexistent-dir/x.png")});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 1);
        QVERIFY(p.readAllStandardError().contains("cannot write screenshot"));
    }
};

int main(int argc, char **argv)
{
    if (::geteuid() == 0)
        qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    QApplication app(argc, argv);
    TestMainWindow t;
    return QTest::qExec(&t, argc, argv);
}
#include "tst_main_window.moc"
