// The tern executable's command line, as a user meets it.
#include "TernProcess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using tern::test::TernRun;
using Run = TernRun;

static Run ternCli(const QStringList &args, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    return tern::test::runTern(args, env, 30000);
}

class TestCli : public QObject {
    Q_OBJECT
private slots:
    void helpAndVersion()
    {
        const Run help = ternCli({QStringLiteral("--help")});
        QCOMPARE(help.code, 0);
        QVERIFY(help.out.contains(QStringLiteral("--profile DIR")));
        QVERIFY(help.out.contains(QStringLiteral("--screenshot FILE")));
        QVERIFY(help.out.contains(QStringLiteral("account")));
        const Run version = ternCli({QStringLiteral("--version")});
        QCOMPARE(version.code, 0);
        QVERIFY(version.out.startsWith(QStringLiteral("tern ")));
    }

    void unknownOptionsAndSubcommandsFail_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("option") << QStringList{QStringLiteral("--frobnicate")} << "unknown option '--frobnicate'";
        QTest::newRow("subcommand") << QStringList{QStringLiteral("frobnicate")} << "unknown subcommand 'frobnicate'";
        QTest::newRow("profile without value") << QStringList{QStringLiteral("--profile")} << "needs a value";
        QTest::newRow("screenshot with subcommand") << QStringList{QStringLiteral("--screenshot"), QStringLiteral("x.png"), QStringLiteral("account"), QStringLiteral("list")} << "--screenshot is for the GUI";
        QTest::newRow("account verb") << QStringList{QStringLiteral("account"), QStringLiteral("explode")} << "unknown verb";
    }
    void unknownOptionsAndSubcommandsFail()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = ternCli(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }

    void noDisplayNamesXvfb()
    {
        auto env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        QTemporaryDir dir;
        const Run r = ternCli({QStringLiteral("--profile"), dir.path()}, env);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("xvfb-run make run")), qPrintable(r.err));
    }

    void accountAddListRoundTrip()
    {
        QTemporaryDir dir;
        const QString profile = dir.filePath(QStringLiteral("p"));
        Run r = ternCli({QStringLiteral("--profile"), profile, QStringLiteral("account"), QStringLiteral("add"),
                      QStringLiteral("demo"), QStringLiteral("--imap"), QStringLiteral("imaps://alice@127.0.0.1:9993"),
                      QStringLiteral("--smtp"), QStringLiteral("smtp://alice@127.0.0.1:9587"),
                      QStringLiteral("--mode"), QStringLiteral("online")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        // --profile after the subcommand works as well.
        r = ternCli({QStringLiteral("account"), QStringLiteral("list"), QStringLiteral("--json"), QStringLiteral("--profile"), profile});
        QCOMPARE(r.code, 0);
        const QJsonArray arr = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(arr.size(), 1);
        QCOMPARE(arr.at(0).toObject().value(QStringLiteral("imap")).toString(), QStringLiteral("imaps://alice@127.0.0.1:9993"));
        QCOMPARE(arr.at(0).toObject().value(QStringLiteral("mode")).toString(), QStringLiteral("online"));
    }

    void insecureRemoteRefused()
    {
        QTemporaryDir dir;
        const Run r = ternCli({QStringLiteral("--profile"), dir.path(), QStringLiteral("account"), QStringLiteral("add"),
                            QStringLiteral("x"), QStringLiteral("--imap"), QStringLiteral("imap+insecure://a@mail.example.org"),
                            QStringLiteral("--smtp"), QStringLiteral("smtps://a@mail.example.org")});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(QStringLiteral("plaintext is refused")));
        const Run list = ternCli({QStringLiteral("--profile"), dir.path(), QStringLiteral("account"), QStringLiteral("list")});
        QCOMPARE(list.code, 0);
        QVERIFY(list.out.isEmpty());
    }

    void renderShowsWhatTheViewerShows()
    {
        const QString demo = QStringLiteral(TERN_SOURCE_DIR "/resources/demo/");
        const Run spoof = ternCli({QStringLiteral("render"), demo + QStringLiteral("07-spoofed-sender.eml")});
        QCOMPARE(spoof.code, 0);
        QVERIFY2(spoof.out.contains(QStringLiteral("! the name shows the address support@bank.example, but the message is from billing@attacker.example")),
                 qPrintable(spoof.out));
        QVERIFY(spoof.out.contains(QStringLiteral("invoice<U+202E>fdp.exe")));
        const Run news = ternCli({QStringLiteral("render"), demo + QStringLiteral("02-newsletter.eml"), QStringLiteral("--json")});
        QCOMPARE(news.code, 0);
        const QJsonObject o = QJsonDocument::fromJson(news.out.toUtf8()).object();
        QVERIFY(o.value(QStringLiteral("html")).toBool());
        QVERIFY(o.value(QStringLiteral("blocked")).toArray().contains(QStringLiteral("http://tracker.newsletter.example/open.gif?u=alice")));
        QCOMPARE(o.value(QStringLiteral("tree")).toObject().value(QStringLiteral("type")).toString(), QStringLiteral("multipart/alternative"));
        QCOMPARE(o.value(QStringLiteral("tree")).toObject().value(QStringLiteral("parts")).toArray().size(), 2);
        // The route: oldest hop first, each with its delay; a clock behind the previous hop's flagged.
        const Run route = ternCli({QStringLiteral("render"), demo + QStringLiteral("08-delayed-route.eml"), QStringLiteral("--json")});
        const QJsonArray hops = QJsonDocument::fromJson(route.out.toUtf8()).object().value(QStringLiteral("route")).toArray();
        QCOMPARE(hops.size(), 3);
        QCOMPARE(hops.at(1).toObject().value(QStringLiteral("skew")).toBool(), true);
        QCOMPARE(hops.at(2).toObject().value(QStringLiteral("delaySeconds")).toInt(), 2100);
        QVERIFY(spoof.out.contains(QStringLiteral("saved as \"invoicefdp.exe\"")));
        // Unreadable input: a clear message and a non-zero exit, never a crash.
        QTemporaryDir dir;
        const Run missing = ternCli({QStringLiteral("render"), dir.filePath(QStringLiteral("nope.eml"))});
        QCOMPARE(missing.code, 2);
        QVERIFY(missing.err.contains(QStringLiteral("cannot read")));
        QFile empty(dir.filePath(QStringLiteral("empty.eml")));
        QVERIFY(empty.open(QIODevice::WriteOnly));
        empty.close();
        const Run none = ternCli({QStringLiteral("render"), empty.fileName()});
        QCOMPARE(none.code, 1);
        QVERIFY(none.err.contains(QStringLiteral("not a message")));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
