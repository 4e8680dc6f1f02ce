// The tern executable's command line, as a user meets it.
#include "TernProcess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
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
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
