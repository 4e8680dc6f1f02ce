// What a start of the tern executable loads: only what the command needs, and
// never a library from the directory it was started in.
#include "TestPaths.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestStartup : public QObject {
    Q_OBJECT

    static QString tern() { return QStringLiteral(TERN_BIN_DIR "/tern"); }

    // Runs tern in `dir` with `env` added; returns exit code, stdout and stderr.
    static std::tuple<int, QString, QString> run(const QStringList &args, const QString &dir,
                                                 const QStringList &env = {})
    {
        QProcess p;
        p.setWorkingDirectory(dir);
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        for (const QString &kv : env)
            e.insert(kv.section(QLatin1Char('='), 0, 0), kv.section(QLatin1Char('='), 1));
        p.setProcessEnvironment(e);
        p.start(tern(), args);
        if (!p.waitForFinished(60000)) {
            p.kill();
            p.waitForFinished();
            return {-1, {}, {}};
        }
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromLocal8Bit(p.readAllStandardOutput()),
                QString::fromLocal8Bit(p.readAllStandardError())};
    }

private slots:
    // A library planted in the working directory (a download folder, a mail
    // attachment saved next to where tern is started) is never loaded: the
    // build tree's executable had empty RUNPATH entries, which the loader reads
    // as the working directory.
    void aLibraryInTheWorkingDirectoryIsNotLoaded()
    {
        QTemporaryDir dir;
        for (const char *name : {"libQt6Core.so.6", "libQt6Network.so.6", "libQt6Sql.so.6", "libz.so.1", "libc.so.6"}) {
            QFile f(dir.filePath(QLatin1String(name)));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("not a library: the loader would fail on this file if it ever opened it\n");
        }
        const auto [code, out, err] = run({QStringLiteral("--version")}, dir.path());
        QVERIFY2(code == 0, qPrintable(err));
        QVERIFY(out.startsWith(QLatin1String("tern ")));
        QVERIFY2(!err.contains(QLatin1String("ELF")), qPrintable(err));
    }

    // A command that needs no password never loads the keyring's libraries
    // (QtKeychain, D-Bus): they cost every start of `tern sync` some 5 ms.
    void theKeyringIsLoadedOnlyWhenAsked()
    {
        QTemporaryDir profile;
        const auto [code, out, err] = run({QStringLiteral("--profile"), profile.path(), QStringLiteral("folders")}, profile.path(),
                                          {QStringLiteral("LD_DEBUG=files")});
        QVERIFY2(code == 0, qPrintable(err.right(2000)));
        QVERIFY2(err.contains(QLatin1String("libQt6Sql.so")), "LD_DEBUG=files reports the libraries loaded");
        QVERIFY2(!err.contains(QLatin1String("libqt6keychain")), qPrintable(err.right(2000)));
        QVERIFY2(!err.contains(QLatin1String("libQt6DBus")), qPrintable(err.right(2000)));
        // Asked for a password from the keyring (no keyring in this environment:
        // no session bus), tern loads its keyring module and says why it has none.
        QVERIFY(QFile::exists(QStringLiteral(TERN_BIN_DIR "/libternkeyring.so")));
        const auto [code2, out2, err2] = run({QStringLiteral("--profile"), profile.path(), QStringLiteral("account"), QStringLiteral("add"),
                                              QStringLiteral("k"), QStringLiteral("--imap"), QStringLiteral("imaps://u@127.0.0.1:1"),
                                              QStringLiteral("--smtp"), QStringLiteral("smtps://u@127.0.0.1:1")},
                                             profile.path(), {QStringLiteral("DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/bus")});
        Q_UNUSED(out2);
        const auto [code3, out3, err3] = run({QStringLiteral("--profile"), profile.path(), QStringLiteral("sync"), QStringLiteral("k")},
                                             profile.path(),
                                             {QStringLiteral("DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/bus"), QStringLiteral("LD_DEBUG=files")});
        QVERIFY2(code3 != 0, qPrintable(out3));
        QVERIFY2(err3.contains(QLatin1String("libternkeyring.so")), qPrintable(err3.right(2000)));
        QVERIFY2(err3.contains(QLatin1String("keyring")), qPrintable(err3.right(2000)));
        QVERIFY2(!err3.contains(QLatin1String("cannot be loaded")), qPrintable(err3.right(2000)));
        Q_UNUSED(code2);
        Q_UNUSED(err2);
    }
};

QTEST_GUILESS_MAIN(TestStartup)
#include "tst_startup.moc"
