// The main window as a user first sees it: the profile's accounts in the
// folder pane, and `tern --screenshot` producing a real picture of it.
#include "MainWindow.h"
#include "TestPaths.h"
#include "store/AccountConfig.h"

#include <QApplication>
#include <QDir>
#include <QImage>
#include <QProcess>
#include <QSet>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace tern;

namespace {
void addAccount(const store::Profile &p, const QString &name)
{
    store::AccountConfig a;
    a.name = name;
    a.imap = net::ServerUrl::parse(QStringLiteral("imaps://%1@127.0.0.1:993").arg(name), net::Protocol::Imap).value();
    a.smtp = net::ServerUrl::parse(QStringLiteral("smtps://%1@127.0.0.1:465").arg(name), net::Protocol::Smtp).value();
    QVERIFY(p.ensureExists().ok());
    QVERIFY(store::AccountStore(p.accountsFile()).add(a).ok());
}
} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void showsTheProfilesAccounts()
    {
        QTemporaryDir dir;
        const auto profile = store::Profile::resolve(dir.path());
        addAccount(profile, QStringLiteral("work"));
        addAccount(profile, QStringLiteral("home"));
        ui::MainWindow w(profile);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto *tree = w.findChild<QTreeWidget *>(QStringLiteral("folderTree"));
        QVERIFY(tree);
        QCOMPARE(tree->topLevelItemCount(), 2);
        QSet<QString> names;
        for (int i = 0; i < 2; ++i) {
            names << tree->topLevelItem(i)->text(0);
            QCOMPARE(tree->topLevelItem(i)->child(0)->text(0), QStringLiteral("Inbox"));
        }
        QCOMPARE(names, (QSet<QString>{QStringLiteral("work"), QStringLiteral("home")}));
        QCOMPARE(w.statusBar()->currentMessage(), QStringLiteral("2 account(s)"));
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
        addAccount(profile, QStringLiteral("demo"));
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

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
