// Passwords in the desktop keyring, end to end: a private D-Bus session with
// GNOME Keyring as the Secret Service, `tern account password` storing what it
// reads on stdin, secret-tool seeing it, `tern sync` logging in to the demo
// Dovecot with it, and --forget taking it away. Without D-Bus, or with a bus
// but no Secret Service, tern says so at once instead of hanging.
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

const QString kKeyringPassword = QStringLiteral("unlock-me");

// A process environment cut off from the user's desktop: a throw-away HOME and
// XDG directories under `root`, no session bus, no display (nothing can prompt).
QProcessEnvironment isolatedEnvironment(const QString &root)
{
    for (const char *dir : {"home", "run"})
        QDir().mkpath(root + QLatin1Char('/') + QLatin1String(dir));
    QFile::setPermissions(root + QStringLiteral("/run"), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *var : {"DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY", "XDG_CURRENT_DESKTOP",
                            "DESKTOP_SESSION", "KDE_FULL_SESSION", "GNOME_KEYRING_CONTROL"})
        env.remove(QLatin1String(var));
    env.insert(QStringLiteral("HOME"), root + QStringLiteral("/home"));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), root + QStringLiteral("/run"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), root + QStringLiteral("/home/.local/share"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), root + QStringLiteral("/home/.config"));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), root + QStringLiteral("/home/.cache"));
    return env;
}

// A D-Bus session bus of our own (dbus-run-session), optionally with
// gnome-keyring-daemon on it, its login keyring created and unlocked with a
// known password in a throw-away HOME. The session lives as long as this
// object: closing the session's stdin stops the keyring daemon and the bus.
class PrivateSession {
public:
    // Returns an empty string when running, else why not.
    QString start(const QString &root, bool withSecretService)
    {
        m_root = root;
        QProcessEnvironment env = isolatedEnvironment(root);
        QStringList args;
        if (!withSecretService) {
            // A session bus that can start nothing: no service files at all.
            QDir().mkpath(root + QStringLiteral("/services"));
            const QString config = root + QStringLiteral("/session.conf");
            QFile f(config);
            if (!f.open(QIODevice::WriteOnly))
                return QStringLiteral("cannot write %1").arg(config);
            f.write("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
                    " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                    "<busconfig><type>session</type><listen>unix:tmpdir=/tmp</listen>\n"
                    "<servicedir>" + QFile::encodeName(root) + "/services</servicedir>\n"
                    "<policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/>"
                    "<allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>\n");
            f.close();
            args << QStringLiteral("--config-file=") + config;
        }
        // gnome-keyring-daemon --unlock reads the login keyring's password on
        // stdin and creates that keyring unlocked (--start would refuse
        // --unlock). In the foreground it stays a child of this script, which
        // waits until it owns org.freedesktop.secrets, prints the bus address,
        // and stops it once its stdin closes: when the test ends, even by a crash.
        const QString script = withSecretService
            ? QStringLiteral(
                  "printf %s \"$KEYRING_PASSWORD\" | gnome-keyring-daemon --foreground --unlock --components=secrets "
                  ">\"$HOME/keyring.out\" 2>&1 &\n"
                  "keyring=$!\n"
                  "i=0\n"
                  "until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus "
                  "org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; do\n"
                  "  i=$((i+1)); if [ $i -ge 200 ] || ! kill -0 $keyring 2>/dev/null; then kill $keyring; exit 1; fi; sleep 0.1\n"
                  "done\n"
                  "echo \"bus=$DBUS_SESSION_BUS_ADDRESS\"\n"
                  "cat >/dev/null\n"
                  "kill $keyring; wait $keyring\n")
            : QStringLiteral("echo \"bus=$DBUS_SESSION_BUS_ADDRESS\"; exec cat >/dev/null");
        args << QStringLiteral("--") << QStringLiteral("sh") << QStringLiteral("-c") << script;
        env.insert(QStringLiteral("KEYRING_PASSWORD"), kKeyringPassword);
        m_session.setProcessEnvironment(env);
        m_session.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_session.start(QStringLiteral("dbus-run-session"), args);
        if (!m_session.waitForStarted(10000))
            return QStringLiteral("dbus-run-session did not start: %1").arg(m_session.errorString());
        QElapsedTimer t;
        t.start();
        while (!m_session.canReadLine() && m_session.state() == QProcess::Running && t.elapsed() < 30000)
            m_session.waitForReadyRead(1000);
        const QByteArray line = m_session.readLine().trimmed();
        if (!line.startsWith("bus=")) {
            QFile log(root + QStringLiteral("/home/keyring.out"));
            log.open(QIODevice::ReadOnly);
            return QStringLiteral("the private D-Bus session did not start (%1; gnome-keyring-daemon said: %2)")
                .arg(QString::fromUtf8(line), QString::fromUtf8(log.readAll()));
        }
        m_address = QString::fromUtf8(line.mid(4));
        return QString();
    }

    ~PrivateSession()
    {
        if (m_session.state() == QProcess::NotRunning)
            return;
        m_session.closeWriteChannel();
        if (!m_session.waitForFinished(10000)) {
            m_session.kill();
            m_session.waitForFinished();
        }
    }

    // The environment of a process in this session: its bus, and the
    // session's throw-away HOME.
    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = isolatedEnvironment(m_root);
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), m_address);
        return env;
    }

private:
    QString m_root;
    QString m_address;
    QProcess m_session;
};

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
    PrivateSession m_session;
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
        PrivateSession bare;
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
        PrivateSession bare;
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
