// The search box on the demo profile's mail (resources/demo): the window asks
// `tern index` to index what arrived, then the list shows what the query finds,
// in this folder or in all of them; a bad query says what is wrong; a search
// kept with Save… is a saved search in the folder pane.
#include "FolderTree.h"
#include "MainWindow.h"
#include "TestPaths.h"
#include "store/AccountConfig.h"
#include "store/Database.h"
#include "store/MessageStore.h"

#include <QApplication>
#include <QDir>
#include <QInputDialog>
#include <QLineEdit>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>
#include <unistd.h>

using namespace tern;

namespace {

QStringList subjects(QTreeView *list)
{
    QStringList out;
    QAbstractItemModel *m = list->model();
    while (m->canFetchMore({}))
        m->fetchMore({});
    for (int r = 0; r < m->rowCount(); ++r)
        out << m->index(r, 1).data().toString();
    out.sort();
    return out;
}

} // namespace

class TestSearchGui : public QObject {
    Q_OBJECT
private slots:
    void searchesTheDemoMail()
    {
        QTemporaryDir dir;
        const auto profile = store::Profile::resolve(dir.path());
        QVERIFY(profile.ensureExists().ok());
        store::AccountConfig a;
        a.name = QStringLiteral("demo");
        a.imap = net::ServerUrl::parse(QStringLiteral("imaps://alice@127.0.0.1:1"), net::Protocol::Imap).value();
        QVERIFY(store::AccountStore(profile.accountsFile()).add(a).ok());
        {
            auto db = store::Database::open(profile.cacheDir() + QStringLiteral("/cache.sqlite"));
            QVERIFY(db.ok());
            store::MessageStore ms(*db.value());
            const QDir demo(QStringLiteral(TERN_SOURCE_DIR "/resources/demo"));
            const QStringList files = demo.entryList({QStringLiteral("*.eml")}, QDir::Files, QDir::Name);
            QCOMPARE(files.size(), 8);
            for (const QString &f : files) {
                QFile file(demo.filePath(f));
                QVERIFY(file.open(QIODevice::ReadOnly));
                // The first five in the Inbox, the rest archived.
                const QString folder = f < QStringLiteral("06") ? QStringLiteral("INBOX") : QStringLiteral("Archive");
                QVERIFY(ms.insert(QStringLiteral("demo"), folder, file.readAll()).ok());
            }
        }
        ui::MainWindow w(profile);
        w.setEngineProgram(QStringLiteral(TERN_BIN_DIR "/tern"));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto *tree = w.findChild<QTreeWidget *>(QStringLiteral("folderTree"));
        auto *list = w.findChild<QTreeView *>(QStringLiteral("messageList"));
        auto *box = w.findChild<QLineEdit *>(QStringLiteral("quickFilter"));
        auto *everywhere = w.findChild<QToolButton *>(QStringLiteral("searchEverywhere"));
        QVERIFY(tree && list && box && everywhere);
        QTRY_COMPARE(subjects(list).size(), 5);   // the Inbox, opened first

        // Nothing is indexed yet: the window runs `tern index`, then shows what it found.
        box->setText(QStringLiteral("from:bob"));
        QTRY_COMPARE_WITH_TIMEOUT(subjects(list), (QStringList{QStringLiteral("Quarterly report (PDF attached)"),
                                                               QStringLiteral("Re: [dev] Proposal: turn QRESYNC on by default")}), 30000);
        box->setText(QStringLiteral("qresync -from:bob"));
        QTRY_COMPARE(subjects(list), QStringList{QStringLiteral("[dev] Proposal: turn QRESYNC on by default")});
        box->setText(QStringLiteral("list:dev.lists.example.org"));
        QTRY_COMPARE(subjects(list).size(), 2);

        // has:attachment here, then in all folders (the archived spoof's attachment too).
        box->setText(QStringLiteral("has:attachment"));
        QTRY_COMPARE(subjects(list), QStringList{QStringLiteral("Quarterly report (PDF attached)")});
        everywhere->click();
        QTRY_COMPARE(subjects(list).size(), 2);
        // A word of an encoded subject (ISO-8859-1 in RFC 2047), found in the Archive.
        box->setText(QStringLiteral("grüße"));
        QTRY_COMPARE(subjects(list).size(), 1);
        QVERIFY(subjects(list).first().contains(QStringLiteral("Grüße")));
        everywhere->click();
        QTRY_COMPARE(subjects(list).size(), 0);   // not in the Inbox

        // A query that does not parse: no rows, and the box says why.
        box->setText(QStringLiteral("(report"));
        QTRY_COMPARE(subjects(list).size(), 0);
        QTRY_VERIFY(box->toolTip().contains(QStringLiteral("')'")));
        box->setText(QStringLiteral("report"));
        QTRY_COMPARE(subjects(list).size(), 1);
        QTRY_VERIFY(box->toolTip().isEmpty());

        // Save… keeps the search: a saved search in the folder pane, over every folder.
        box->setText(QStringLiteral("from:example.test"));
        QTimer::singleShot(200, this, [] {
            if (auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget())) {
                dialog->setTextValue(QStringLiteral("Team mail"));
                dialog->accept();
            }
        });
        w.findChild<QToolButton *>(QStringLiteral("saveSearch"))->click();
        QTreeWidgetItem *saved = nullptr;
        QTRY_VERIFY((saved = tree->findItems(QStringLiteral("Team mail"), Qt::MatchRecursive).value(0)));
        QTreeWidgetItem *inbox = nullptr;
        for (QTreeWidgetItem *i : tree->findItems(QStringLiteral("*"), Qt::MatchWildcard | Qt::MatchRecursive))
            if (i->data(0, ui::FolderTree::FolderRole).toString() == QLatin1String("INBOX"))
                inbox = i;
        QVERIFY(inbox);
        box->clear();
        QTRY_COMPARE(subjects(list).size(), 5);
        tree->setCurrentItem(saved);
        QTRY_COMPARE(subjects(list).size(), 3);   // Bob twice and Carol, whatever the folder
        QCOMPARE(box->text(), QStringLiteral("from:example.test"));
        QVERIFY(everywhere->isChecked());
        tree->setCurrentItem(inbox);
        QTRY_COMPARE(subjects(list).size(), 5);   // a folder again: the whole folder
        QVERIFY(box->text().isEmpty());
        QVERIFY(!everywhere->isChecked());
        tree->setCurrentItem(saved);
        QTRY_COMPARE(subjects(list).size(), 3);

        const QString shots = qEnvironmentVariable("TERN_SCREENSHOT_DIR");
        if (!shots.isEmpty()) {
            QDir().mkpath(shots);
            QVERIFY(w.grab().save(shots + QStringLiteral("/search.png")));
        }
    }
};

int main(int argc, char **argv)
{
    if (::geteuid() == 0)
        qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    QApplication app(argc, argv);
    TestSearchGui t;
    return QTest::qExec(&t, argc, argv);
}
#include "tst_search_gui.moc"
