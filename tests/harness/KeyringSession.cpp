#include "KeyringSession.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>

namespace tern::test {

const QString KeyringSession::kKeyringPassword = QStringLiteral("unlock-me");

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

QString KeyringSession::start(const QString &root, bool withSecretService)
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

KeyringSession::~KeyringSession()
{
    if (m_session.state() == QProcess::NotRunning)
        return;
    m_session.closeWriteChannel();
    if (!m_session.waitForFinished(10000)) {
        m_session.kill();
        m_session.waitForFinished();
    }
}

QProcessEnvironment KeyringSession::environment() const
{
    QProcessEnvironment env = isolatedEnvironment(m_root);
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), m_address);
    return env;
}

} // namespace tern::test
