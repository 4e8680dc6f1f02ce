// Passwords in the desktop keyring, end to end: a private D-Bus session with
// GNOME Keyring as the Secret Service, `tern account password` storing what it
// reads on stdin, secret-tool seeing it, `tern sync` logging in to the demo
// Dovecot with it, and --forget taking it away. Without D-Bus, or with a bus
// but no Secret Service, tern says so at once instead of hanging.
#include "KeyringSession.h"
#include "MailSystem.h"
#include "TernProcess.h"

#include "store/Keyring.h"

#include <QDBusConnection>
#include <QDBusError>
#include <QDBusVirtualObject>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace tern::test;

namespace {

// A keyring that takes every call and never answers.
class SilentKeyring : public QDBusVirtualObject {
public:
    QString introspect(const QString &) const override { return QString(); }
    bool handleMessage(const QDBusMessage &, const QDBusConnection &) override { return true; }
};

} // namespace

class TestKeyringE2e : public QObject {
    Q_OBJECT
    MailSystem m_mail;
    QTemporaryDir m_dir;
    QString m_profile;
    KeyringSession m_session;
    QProcessEnvironment m_env;

    TernRun tern(const QStringList &args, const QProcessEnvironment &env, int timeoutMs = 120000)
    {
        return runTern(QStringList{QStringLiteral("--profile"), m_profile} + args, env, timeoutMs);
    }

    // tern with `input` on its standard input (a pipe, not a terminal).
    TernRun ternWithInput(const QStringList &args, const QByteArray &input, const QProcessEnvironment &env)
    {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(TERN_BIN_DIR "/tern"), QStringList{QStringLiteral("--profile"), m_profile} + args);
        p.write(input);
        p.closeWriteChannel();
        if (!p.waitForFinished(30000))
            p.kill();
        p.waitForFinished();
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError())};
    }

    // What secret-tool (libsecret, not Tern) finds for carol's entry; "" if none.
    QString lookedUp()
    {
        // The key of an account in a --profile DIR profile is NAME@DIR.
        const QString key = QStringLiteral("carol@") + QDir(m_profile).absolutePath();
        QProcess p;
        p.setProcessEnvironment(m_env);
        p.start(QStringLiteral("secret-tool"), {QStringLiteral("lookup"), QStringLiteral("server"), QStringLiteral("tern"),
                                               QStringLiteral("user"), key});
        p.waitForFinished(30000);
        return QString::fromUtf8(p.readAllStandardOutput());
    }

    QString carolPassword() const { return m_mail.passwords.value(QStringLiteral("carol")); }

private slots:
    void initTestCase()
    {
        QStringList missing;
        for (const char *tool : {"dbus-run-session", "dbus-send", "gnome-keyring-daemon", "secret-tool"})
            if (QStandardPaths::findExecutable(QLatin1String(tool)).isEmpty())
                missing << QLatin1String(tool);
        if (!missing.isEmpty())
            QSKIP(qPrintable(QStringLiteral("%1 not installed (Debian: dbus-bin dbus-daemon gnome-keyring libsecret-tools)")
                                 .arg(missing.join(QStringLiteral(", ")))));
        if (qEnvironmentVariableIsEmpty("TERN_MAIL_SYSTEM_DIR"))
            QSKIP("TERN_MAIL_SYSTEM_DIR is not set: run through ctest, whose fixture starts the demo mail system");
        QString why;
        QVERIFY2(MailSystem::load(m_mail, why), qPrintable(why));
        QVERIFY(m_dir.isValid());
        m_profile = m_dir.filePath(QStringLiteral("profile"));
        why = m_session.start(m_dir.filePath(QStringLiteral("session")), true);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        m_env = m_session.environment();

        // No --password-env: the password will come from the keyring.
        const TernRun r = tern({QStringLiteral("account"), QStringLiteral("add"), QStringLiteral("carol"), QStringLiteral("--imap"),
                                QStringLiteral("imaps://carol@127.0.0.1:%1").arg(m_mail.imapsPort), QStringLiteral("--smtp"),
                                QStringLiteral("smtps://carol@127.0.0.1:%1").arg(m_mail.smtpsPort), QStringLiteral("--ca-file"),
                                m_mail.caFile}, m_env);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("tern account password carol")), qPrintable(r.out));
    }

    void withoutAPasswordSyncNamesBothWays()
    {
        const TernRun r = tern({QStringLiteral("sync"), QStringLiteral("carol")}, m_env);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("the keyring has none")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("tern account password carol")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("--password-env")), qPrintable(r.err));
    }

    void theStoredPasswordIsTheOneUsed()
    {
        // A wrong password from the keyring is refused by the server...
        TernRun r = ternWithInput({QStringLiteral("account"), QStringLiteral("password"), QStringLiteral("carol")}, "not-it\n", m_env);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(lookedUp(), QStringLiteral("not-it"));
        r = tern({QStringLiteral("sync"), QStringLiteral("carol")}, m_env);
        QCOMPARE(r.code, 1);
        QVERIFY2(!r.err.contains(QStringLiteral("keyring")), qPrintable(r.err));   // it got that far: the login failed

        // ...and the right one, stored over it, logs in.
        r = ternWithInput({QStringLiteral("account"), QStringLiteral("password"), QStringLiteral("carol")},
                          carolPassword().toUtf8() + "\r\n", m_env);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("stored the password of account carol")), qPrintable(r.out));
        QCOMPARE(lookedUp(), carolPassword());   // the line ending is not part of it
        r = tern({QStringLiteral("sync"), QStringLiteral("carol")}, m_env);
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        const TernRun folders = tern({QStringLiteral("folders"), QStringLiteral("carol")}, m_env);
        QVERIFY2(folders.out.contains(QStringLiteral("INBOX")), qPrintable(folders.out + folders.err));
    }

    void anEmptyLineStoresNothing()
    {
        const TernRun r = ternWithInput({QStringLiteral("account"), QStringLiteral("password"), QStringLiteral("carol")}, "\n", m_env);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("empty password")), qPrintable(r.err));
        QCOMPARE(lookedUp(), carolPassword());
    }

    void forgetTakesItAway()
    {
        TernRun r = tern({QStringLiteral("account"), QStringLiteral("password"), QStringLiteral("carol"), QStringLiteral("--forget")}, m_env);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("removed the password of account carol")), qPrintable(r.out));
        QCOMPARE(lookedUp(), QString());
        r = tern({QStringLiteral("sync"), QStringLiteral("carol")}, m_env);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("carol has no password")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("--password-env")), qPrintable(r.err));
        r = tern({QStringLiteral("account"), QStringLiteral("password"), QStringLiteral("carol"), QStringLiteral("--forget")}, m_env);
        QVERIFY2(r.code == 0 && r.out.contains(QStringLiteral("has no password")), qPrintable(r.out + r.err));
    }

    void anUnknownAccountIsRefused()
    {
        const TernRun r = ternWithInput({QStringLiteral("account"), QStringLiteral("password"), QStringLiteral("nobody")}, "x\n", m_env);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("no account named 'nobody'")), qPrintable(r.err));
    }

    void passwordEnvComesFirstAndTheKeyringBacksItUp()
    {
        TernRun r = tern({QStringLiteral("account"), QStringLiteral("add"), QStringLiteral("carol2"), QStringLiteral("--imap"),
                          QStringLiteral("imaps://carol@127.0.0.1:%1").arg(m_mail.imapsPort), QStringLiteral("--smtp"),
                          QStringLiteral("smtps://carol@127.0.0.1:%1").arg(m_mail.smtpsPort), QStringLiteral("--ca-file"),
                          m_mail.caFile, QStringLiteral("--password-env"), QStringLiteral("CAROL_PW")}, m_env);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = ternWithInput({QStringLiteral("account"), QStringLiteral("password"), QStringLiteral("carol2")}, "not-it\n", m_env);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("while $CAROL_PW is set")), qPrintable(r.out));
        // The variable, when set, wins over the (wrong) keyring entry...
        QProcessEnvironment withVar = m_env;
        withVar.insert(QStringLiteral("CAROL_PW"), carolPassword());
        r = tern({QStringLiteral("sync"), QStringLiteral("carol2")}, withVar);
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        // ...and when it is not set, the keyring answers.
        r = ternWithInput({QStringLiteral("account"), QStringLiteral("password"), QStringLiteral("carol2")},
                          carolPassword().toUtf8() + '\n', m_env);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = tern({QStringLiteral("sync"), QStringLiteral("carol2")}, m_env);
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
    }

    void noDbusSessionIsAClearErrorAtOnce()
    {
        QTemporaryDir elsewhere;
        // No DBUS_SESSION_BUS_ADDRESS, and an XDG_RUNTIME_DIR without a bus socket.
        const QProcessEnvironment env = isolatedEnvironment(elsewhere.path());
        QElapsedTimer t;
        t.start();
        TernRun r = ternWithInput({QStringLiteral("account"), QStringLiteral("password"), QStringLiteral("carol")}, "x\n", env);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("no keyring service is running")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("--password-env")), qPrintable(r.err));
        r = tern({QStringLiteral("sync"), QStringLiteral("carol")}, env, 20000);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("no keyring service is running")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("--password-env")), qPrintable(r.err));
        QVERIFY2(t.elapsed() < 10000, qPrintable(QStringLiteral("took %1 ms").arg(t.elapsed())));
    }

    void aBusWithoutSecretServiceIsAClearErrorAtOnce()
    {
        QTemporaryDir elsewhere;
        KeyringSession bare;
        const QString why = bare.start(elsewhere.path(), false);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        QElapsedTimer t;
        t.start();
        const TernRun r = ternWithInput({QStringLiteral("account"), QStringLiteral("password"), QStringLiteral("carol")}, "x\n",
                                        bare.environment());
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("no keyring service is running")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("org.freedesktop.secrets")), qPrintable(r.err));
        QVERIFY2(t.elapsed() < 5000, qPrintable(QStringLiteral("took %1 ms").arg(t.elapsed())));
    }

    // The last test: it points this process's own session bus at a private one.
    void aKeyringThatNeverAnswersTimesOut()
    {
        QTemporaryDir elsewhere;
        KeyringSession bare;
        const QString why = bare.start(elsewhere.path(), false);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        const QString address = bare.environment().value(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
        qputenv("DBUS_SESSION_BUS_ADDRESS", address.toUtf8());
        for (const char *var : {"XDG_CURRENT_DESKTOP", "DESKTOP_SESSION", "KDE_FULL_SESSION"})
            qunsetenv(var);
        QDBusConnection service = QDBusConnection::connectToBus(address, QStringLiteral("silent-keyring"));
        QVERIFY2(service.isConnected(), qPrintable(service.lastError().message()));
        SilentKeyring silent;
        QVERIFY(service.registerVirtualObject(QStringLiteral("/"), &silent, QDBusConnection::SubPath));
        QVERIFY(service.registerService(QStringLiteral("org.freedesktop.secrets")));

        QElapsedTimer t;
        t.start();
        const auto read = tern::store::Keyring(QStringLiteral("tern"), std::chrono::seconds(2)).read(QStringLiteral("carol"));
        QVERIFY(!read);
        QVERIFY2(read.error().message.contains(QStringLiteral("did not answer within 2 s")), qPrintable(read.error().message));
        QVERIFY2(t.elapsed() < 5000, qPrintable(QStringLiteral("took %1 ms").arg(t.elapsed())));
        service.unregisterObject(QStringLiteral("/"), QDBusConnection::UnregisterTree);
        QDBusConnection::disconnectFromBus(QStringLiteral("silent-keyring"));
    }
};

QTEST_GUILESS_MAIN(TestKeyringE2e)
#include "tst_keyring_e2e.moc"
