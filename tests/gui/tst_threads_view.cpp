// Conversations and mailing lists in the window: View > Threads (kept),
// replies indented under their parent, collapsed threads with their unread
// count, a 100,000-message folder; the list line in the viewer, and
// unsubscribing that sends nothing until the user confirms.
#include "TestProfile.h"
#include "HttpsCapture.h"
#include "ListBar.h"
#include "MainWindow.h"
#include "MessageView.h"
#include "ScriptedServer.h"
#include "TestPaths.h"
#include "ThreadListModel.h"
#include "lists/ListMutes.h"
#include "store/AccountConfig.h"
#include "store/Database.h"
#include "store/MessageStore.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>
#include <unistd.h>

using namespace tern;

namespace {

QByteArray message(const char *id, const char *subject, const char *refs = nullptr)
{
    QByteArray raw = QByteArray("From: someone@example.test\r\nMessage-ID: <") + id + "@x>\r\nSubject: " + subject + "\r\n";
    if (refs)
        raw += QByteArray("References: ") + refs + "\r\n";
    return raw + "\r\nText of " + id + ".\r\n";
}

QString screenshotDir()
{
    const QString dir = qEnvironmentVariable("TERN_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        QDir().mkpath(dir);
    return dir;
}

QModelIndex findSubject(QAbstractItemModel *m, const QString &subject, const QModelIndex &parent = {})
{
    for (int r = 0; r < m->rowCount(parent); ++r) {
        const QModelIndex i = m->index(r, 1, parent);
        if (i.data().toString().startsWith(subject))
            return i;
        if (const QModelIndex c = findSubject(m, subject, m->index(r, 0, parent)); c.isValid())
            return c;
    }
    return {};
}

} // namespace

class TestThreadsView : public QObject {
    Q_OBJECT
private slots:
    void threadsIndentedCollapsibleAndKept()
    {
        QTemporaryDir dir;
        const auto profile = store::Profile::resolve(dir.path());
        test::addLoopbackAccount(profile, QStringLiteral("home"));
        {
            auto db = store::Database::open(profile.cacheDir() + QStringLiteral("/cache.sqlite"));
            QVERIFY(db.ok());
            store::MessageStore m(*db.value());
            const QDateTime t0 = QDateTime::currentDateTimeUtc().addSecs(-3600);
            const QString inbox = QStringLiteral("INBOX"), home = QStringLiteral("home");
            // The second reply arrives before the message it answers.
            QVERIFY(m.insert(home, inbox, message("r2", "Re: Trip", "<root@x> <r1@x>"), {}, t0.addSecs(30)).ok());
            QVERIFY(m.insert(home, inbox, message("root", "Trip"), QStringLiteral("\\Seen"), t0).ok());
            QVERIFY(m.insert(home, inbox, message("r1", "Re: Trip", "<root@x>"), {}, t0.addSecs(20)).ok());
            QVERIFY(m.insert(home, inbox, message("solo", "Alone"), QStringLiteral("\\Seen"), t0.addSecs(10)).ok());
        }
        {
            ui::MainWindow w(profile);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            auto *list = w.findChild<QTreeView *>(QStringLiteral("messageList"));
            QTRY_COMPARE(list->model()->rowCount(), 4);   // flat at first
            QAction *threads = w.action(QStringLiteral("threadView"));
            QVERIFY(threads);
            QVERIFY(!threads->isChecked());
            threads->trigger();
            QVERIFY(qobject_cast<ui::ThreadListModel *>(list->model()));
            QAbstractItemModel *m = list->model();
            QCOMPARE(m->rowCount(), 2);   // two conversations, newest activity first
            const QModelIndex trip = m->index(0, 1);
            // Collapsed: the thread says how many of its messages are unread, and is bold.
            QCOMPARE(trip.data().toString(), QStringLiteral("Trip (2 unread)"));
            QVERIFY(trip.data(Qt::FontRole).value<QFont>().bold());
            QCOMPARE(m->index(1, 1).data().toString(), QStringLiteral("Alone"));
            QCOMPARE(m->rowCount(m->index(0, 0)), 1);
            list->expandAll();
            QCOMPARE(trip.data().toString(), QStringLiteral("Trip"));   // open: each row speaks for itself
            QVERIFY(!trip.data(Qt::FontRole).value<QFont>().bold());
            const QModelIndex r1 = m->index(0, 1, m->index(0, 0));
            QCOMPARE(r1.data().toString(), QStringLiteral("Re: Trip"));
            const QModelIndex r2 = m->index(0, 1, r1.siblingAtColumn(0));
            QVERIFY(r2.isValid());
            // Indented: each reply starts further right than its parent.
            QVERIFY(list->visualRect(r1.siblingAtColumn(0)).left() > list->visualRect(trip.siblingAtColumn(0)).left());
            QVERIFY(list->visualRect(r2.siblingAtColumn(0)).left() > list->visualRect(r1.siblingAtColumn(0)).left());
            if (const QString out = screenshotDir(); !out.isEmpty())
                QVERIFY(w.grab().save(out + QStringLiteral("/threads-expanded.png")));
            // Reading a reply: shown, marked read, the collapsed thread's count follows.
            QSignalSpy loaded(w.viewer(), &ui::MessageView::documentLoaded);
            list->setCurrentIndex(r2.siblingAtColumn(0));
            QVERIFY(loaded.wait(20000));
            QVERIFY(w.viewer()->rendered().text.contains(QLatin1String("Text of r2.")));
            QVERIFY(!r2.data(Qt::FontRole).value<QFont>().bold());
            list->collapse(m->index(0, 0));
            QCOMPARE(m->index(0, 1).data().toString(), QStringLiteral("Trip (1 unread)"));
            // N finds the unread one inside the collapsed thread and opens the way to it.
            list->setCurrentIndex(m->index(1, 0));
            list->setCurrentIndex(m->index(0, 0));
            QVERIFY(w.nextUnread());
            QCOMPARE(list->currentIndex().siblingAtColumn(1).data().toString(), QStringLiteral("Re: Trip"));
            QVERIFY(list->isExpanded(m->index(0, 0)));
        }
        // Kept: the next window opens threaded.
        ui::MainWindow again(profile);
        QVERIFY(again.action(QStringLiteral("threadView"))->isChecked());
        auto *list = again.findChild<QTreeView *>(QStringLiteral("messageList"));
        QTRY_COMPARE(list->model()->rowCount(), 2);
        again.action(QStringLiteral("threadView"))->trigger();   // and off again: the flat list
        QTRY_COMPARE(list->model()->rowCount(), 4);
        QVERIFY(!qobject_cast<ui::ThreadListModel *>(list->model()));
    }

    void largeFolderOpensThreaded()
    {
        QTemporaryDir dir;
        const auto profile = store::Profile::resolve(dir.path());
        test::addLoopbackAccount(profile, QStringLiteral("big"));
        const int count = 100000;
        {
            auto db = store::Database::open(profile.cacheDir() + QStringLiteral("/cache.sqlite"));
            QVERIFY(db.ok());
            store::MessageStore m(*db.value());
            QVERIFY(m.ensureMailbox(QStringLiteral("big"), QStringLiteral("INBOX")).ok());
            store::Transaction t(*db.value());
            QSqlQuery q(db.value()->db());
            QVERIFY(q.prepare(QStringLiteral("INSERT INTO messages (mailbox_id, flags, size, received_at, subject, from_header, message_id, refs) "
                                             "VALUES ((SELECT id FROM mailboxes WHERE name = 'INBOX'), ?, 100, ?, ?, 'a@x', ?, ?)")));
            // Threads of up to 8 messages, each reply naming the whole chain above it.
            for (int i = 0; i < count; ++i) {
                const int root = i - i % 8;
                QString refs;
                for (int k = root; k < i; ++k)
                    refs += QStringLiteral("<m%1@x> ").arg(k);
                q.addBindValue(i % 3 ? QStringLiteral("\\Seen") : QStringLiteral(""));
                q.addBindValue(1000000 + i);
                q.addBindValue(QStringLiteral("Topic %1").arg(root));
                q.addBindValue(QStringLiteral("<m%1@x>").arg(i));
                q.addBindValue(refs);
                QVERIFY(q.exec());
            }
            q.finish();
            QVERIFY(t.commit().ok());
        }
        ui::MainWindow w(profile);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto *list = w.findChild<QTreeView *>(QStringLiteral("messageList"));
        QTRY_VERIFY(list->model()->rowCount() > 0);
        QElapsedTimer timer;
        timer.start();
        w.action(QStringLiteral("threadView"))->trigger();
        QCoreApplication::processEvents();
        const qint64 open = timer.elapsed();
        auto *model = qobject_cast<ui::ThreadListModel *>(list->model());
        QVERIFY(model);
        QCOMPARE(model->threadCount(), count / 8);
        QCOMPARE(list->model()->index(0, 1).data().toString(), QStringLiteral("Topic %1 (%2 unread)").arg(count - 8).arg(3));
        // Reports, never asserts, the time (a busy machine is no failure).
        qInfo("100,000 messages, 12,500 threads: thread view shown in %lld ms", open);
        timer.restart();
        list->scrollToBottom();
        QCoreApplication::processEvents();
        qInfo("scrolled to the end in %lld ms", timer.elapsed());
    }

    void listLineAndUnsubscribeOnlyAfterConfirming()
    {
        test::HttpsCapture server;
        QVERIFY(server.start());
        QTemporaryDir dir;
        const auto profile = store::Profile::resolve(dir.path());
        test::addLoopbackAccount(profile, QStringLiteral("home"));
        {
            QFile f(QStringLiteral(TERN_TEST_DATA_DIR "/lists/googlegroups.eml"));
            QVERIFY(f.open(QIODevice::ReadOnly));
            QByteArray raw = f.readAll();
            // The one-click address points at the local test server.
            raw.replace("<https://groups.google.com/group/golang-nuts/subscribe>",
                        "<https://localhost:" + QByteArray::number(server.port()) + "/unsub/tok123>");
            auto db = store::Database::open(profile.cacheDir() + QStringLiteral("/cache.sqlite"));
            QVERIFY(db.ok());
            QVERIFY(store::MessageStore(*db.value()).insert(QStringLiteral("home"), QStringLiteral("INBOX"), raw).ok());
        }
        ui::MainWindow w(profile);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto *list = w.findChild<QTreeView *>(QStringLiteral("messageList"));
        QTRY_COMPARE(list->model()->rowCount(), 1);
        QSignalSpy loaded(w.viewer(), &ui::MessageView::documentLoaded);
        list->setCurrentIndex(list->model()->index(0, 0));
        QVERIFY(loaded.wait(20000));
        ui::ListBar *bar = w.viewer()->listBar();
        QVERIFY(bar->isVisible());
        QCOMPARE(bar->findChild<QLabel *>(QStringLiteral("listName"))->text(),
                 QStringLiteral("Mailing list: <b>golang-nuts.googlegroups.com</b>"));
        QVERIFY(bar->findChild<QToolButton *>(QStringLiteral("listArchive"))->isVisible());
        // Archive opens through the desktop on click; Help's first link too.
        QList<QUrl> opened;
        bar->setUrlOpener([&](const QUrl &u) { opened << u; });
        bar->findChild<QToolButton *>(QStringLiteral("listArchive"))->click();
        QCOMPARE(opened, QList<QUrl>{QUrl(QStringLiteral("https://groups.google.com/group/golang-nuts/"))});
        bar->setCaCertificates(QSslCertificate::fromPath(test::ScriptedServer::caFile()));
        if (const QString out = screenshotDir(); !out.isEmpty())
            QVERIFY(w.grab().save(out + QStringLiteral("/list-bar.png")));

        // Unsubscribe: a dialog naming the address; Cancel sends nothing.
        bar->findChild<QToolButton *>(QStringLiteral("listUnsubscribe"))->click();
        auto *box = bar->findChild<QMessageBox *>(QStringLiteral("unsubscribeConfirm"));
        QVERIFY(box);
        QTRY_VERIFY(box->isVisible());
        QVERIFY2(box->informativeText().contains(QStringLiteral("<b>localhost</b>")), qPrintable(box->informativeText()));
        QVERIFY(box->informativeText().contains(QStringLiteral("/unsub/tok123")));
        if (const QString out = screenshotDir(); !out.isEmpty())
            QVERIFY(box->grab().save(out + QStringLiteral("/unsubscribe-confirm.png")));
        box->button(QMessageBox::Cancel)->click();
        QTest::qWait(500);
        QCOMPARE(server.connections(), 0);
        QCOMPARE(server.requests().size(), 0);
        // Confirmed: exactly one POST with the RFC 8058 body.
        QSignalSpy done(bar, &ui::ListBar::unsubscribeFinished);
        bar->findChild<QToolButton *>(QStringLiteral("listUnsubscribe"))->click();
        box = bar->findChild<QMessageBox *>(QStringLiteral("unsubscribeConfirm"));
        QVERIFY(box);
        box->findChild<QPushButton *>(QStringLiteral("confirmUnsubscribe"))->click();
        QVERIFY(done.wait(20000));
        QVERIFY2(done.at(0).at(0).toBool(), qPrintable(done.at(0).at(1).toString()));
        QCOMPARE(server.requests().size(), 1);
        QVERIFY(server.requests().at(0).startsWith("POST /unsub/tok123 HTTP/1.1\r\n"));
        QVERIFY(server.requests().at(0).endsWith("\r\n\r\nList-Unsubscribe=One-Click"));

        // Mute: kept in the cache for the engine that fetches mail.
        auto *mute = bar->findChild<QToolButton *>(QStringLiteral("listMute"));
        QVERIFY(mute->isVisible());
        mute->click();
        auto db = store::Database::open(profile.cacheDir() + QStringLiteral("/cache.sqlite"));
        QVERIFY(db.ok());
        QVERIFY(lists::ListMutes(*db.value()).isMuted(QStringLiteral("golang-nuts.googlegroups.com")));
    }
};

int main(int argc, char **argv)
{
    if (::geteuid() == 0)
        qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    QApplication app(argc, argv);
    TestThreadsView t;
    return QTest::qExec(&t, argc, argv);
}
#include "tst_threads_view.moc"
