// Mail grouped by mailing list in the window: the folder pane's "Mailing Lists"
// (each list once, whatever its messages called it, with its unread count; a
// list's mail from every folder and account, and no look-alike list's), the
// List column from the header's menu (kept), and View > Join Threads by Subject
// (off by default, kept).
#include "TestProfile.h"
#include "FolderTree.h"
#include "MainWindow.h"
#include "store/AccountConfig.h"
#include "store/Database.h"
#include "store/MessageStore.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>
#include <QTreeWidget>

using namespace tern;

namespace {

QByteArray message(const char *id, const char *subject, const char *listId)
{
    QByteArray raw = QByteArray("From: someone@example.test\r\nMessage-ID: <") + id + "@x>\r\nSubject: " + subject + "\r\n";
    if (listId)
        raw += QByteArray("List-Id: ") + listId + "\r\n";
    return raw + "\r\nText of " + id + ".\r\n";
}

QStringList column(QAbstractItemModel *m, int c)
{
    QStringList out;
    for (int r = 0; r < m->rowCount(); ++r)
        out << m->index(r, c).data().toString();
    out.sort();
    return out;
}

QTreeWidgetItem *child(QTreeWidget *tree, const QString &top, const QString &prefix)
{
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
        if (tree->topLevelItem(i)->text(0) == top)
            for (int c = 0; c < tree->topLevelItem(i)->childCount(); ++c)
                if (tree->topLevelItem(i)->child(c)->text(0).startsWith(prefix))
                    return tree->topLevelItem(i)->child(c);
    return nullptr;
}

} // namespace

class TestListsView : public QObject {
    Q_OBJECT
private slots:
    void mailGroupedByList()
    {
        QTemporaryDir dir;
        const auto profile = store::Profile::resolve(dir.path());
        test::addLoopbackAccount(profile, QStringLiteral("home"));
        test::addLoopbackAccount(profile, QStringLiteral("work"));
        {
            auto db = store::Database::open(profile.cacheDir() + QStringLiteral("/cache.sqlite"));
            QVERIFY(db.ok());
            store::MessageStore m(*db.value());
            const QDateTime t0 = QDateTime::currentDateTimeUtc().addSecs(-3600);
            const QString seen = QStringLiteral("\\Seen");
            QVERIFY(m.insert(QStringLiteral("home"), QStringLiteral("INBOX"), message("d1", "Release plan", "Developers <dev.lists.example.org>"), seen, t0).ok());
            QVERIFY(m.insert(QStringLiteral("home"), QStringLiteral("Lists"), message("d2", "Build broken", "=?utf-8?q?Entwickler?= <dev.lists.example.org>"), {}, t0.addSecs(10)).ok());
            QVERIFY(m.insert(QStringLiteral("work"), QStringLiteral("INBOX"), message("d3", "Code freeze", "Developers <DEV.lists.example.org>"), {}, t0.addSecs(20)).ok());
            QVERIFY(m.insert(QStringLiteral("home"), QStringLiteral("INBOX"), message("e1", "Look-alike", "Dev <dev.lists.example.org.evil>"), {}, t0.addSecs(30)).ok());
            QVERIFY(m.insert(QStringLiteral("home"), QStringLiteral("INBOX"), message("p1", "Personal", nullptr), {}, t0.addSecs(40)).ok());
            QVERIFY(m.insert(QStringLiteral("home"), QStringLiteral("INBOX"), message("h1", "Hello", nullptr), seen, t0.addSecs(50)).ok());
            QVERIFY(m.insert(QStringLiteral("home"), QStringLiteral("INBOX"), message("h2", "Re: Hello", nullptr), seen, t0.addSecs(60)).ok());
        }
        {
            ui::MainWindow w(profile);
            w.resize(1200, 700);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            auto *tree = w.findChild<QTreeWidget *>();
            auto *list = w.findChild<QTreeView *>(QStringLiteral("messageList"));
            QVERIFY(tree && list);
            // Each list once, named by its newest message, unread counted.
            QTreeWidgetItem *dev = child(tree, QStringLiteral("Mailing Lists"), QStringLiteral("Developers"));
            QVERIFY(dev);
            QCOMPARE(dev->text(0), QStringLiteral("Developers (2)"));
            QVERIFY(dev->toolTip(0).contains(QStringLiteral("dev.lists.example.org")));
            QVERIFY(child(tree, QStringLiteral("Mailing Lists"), QStringLiteral("Dev (1)")));
            QCOMPARE(tree->findItems(QStringLiteral("Mailing Lists"), Qt::MatchExactly).size(), 1);
            QCOMPARE(tree->findItems(QStringLiteral("Mailing Lists"), Qt::MatchExactly).first()->childCount(), 2);

            // Its mail from every folder and account, not the look-alike's; where each lives is shown.
            tree->setCurrentItem(dev);
            QTRY_COMPARE(list->model()->rowCount(), 3);
            QCOMPARE(column(list->model(), 1), (QStringList{QStringLiteral("Build broken"), QStringLiteral("Code freeze"), QStringLiteral("Release plan")}));
            QCOMPARE(column(list->model(), 10), (QStringList{QStringLiteral("home"), QStringLiteral("home"), QStringLiteral("work")}));
            QCOMPARE(column(list->model(), 11), (QStringList{QStringLiteral("INBOX"), QStringLiteral("INBOX"), QStringLiteral("Lists")}));
            QVERIFY(!list->isColumnHidden(11));
            const QString shots = qEnvironmentVariable("TERN_SCREENSHOT_DIR");
            if (!shots.isEmpty() && QDir().mkpath(shots))
                QVERIFY(w.grab().save(shots + QStringLiteral("/mailing-list.png")));
            // The search box narrows the list's mail.
            auto *filter = w.findChild<QLineEdit *>(QStringLiteral("quickFilter"));
            QVERIFY(filter);
            filter->setText(QStringLiteral("is:unread"));
            QTRY_COMPARE(list->model()->rowCount(), 2);
            filter->clear();
            QTRY_COMPARE(list->model()->rowCount(), 3);

            // Back in a folder: the List column is off until the header's menu turns it on.
            tree->setCurrentItem(tree->findItems(QStringLiteral("home"), Qt::MatchExactly).first()->child(0));
            QTRY_COMPARE(list->model()->rowCount(), 5);
            QVERIFY(list->isColumnHidden(12));
            QVERIFY(list->isColumnHidden(11));
            bool toggled = false;
            QTimer::singleShot(0, this, [&] {
                auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
                QAction *a = menu ? menu->findChild<QAction *>(QStringLiteral("column-12")) : nullptr;
                if (a) {
                    a->trigger();
                    toggled = true;
                }
                if (menu)
                    menu->close();
            });
            list->header()->customContextMenuRequested(QPoint(10, 5));
            QVERIFY(toggled);
            QVERIFY(!list->isColumnHidden(12));
            QStringList names = column(list->model(), 12);
            names.removeAll(QString());
            QCOMPARE(names, (QStringList{QStringLiteral("Dev"), QStringLiteral("Developers")}));

            // Subject grouping: off, the reply without references stands alone; on, it joins.
            QAction *threads = w.action(QStringLiteral("threadView"));
            QAction *bySubject = w.action(QStringLiteral("threadsBySubject"));
            QVERIFY(threads && bySubject);
            QVERIFY(!bySubject->isChecked());
            threads->setChecked(true);
            QCOMPARE(list->model()->rowCount(), 5);
            bySubject->setChecked(true);
            QCOMPARE(list->model()->rowCount(), 4);
        }
        // Both choices kept for the next window.
        ui::MainWindow again(profile);
        QVERIFY(again.action(QStringLiteral("threadsBySubject"))->isChecked());
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        auto *list = again.findChild<QTreeView *>(QStringLiteral("messageList"));
        QVERIFY(!list->isColumnHidden(12));
    }
};

QTEST_MAIN(TestListsView)
#include "tst_lists_view.moc"
