#pragma once
// A desktop keyring of a test's own: a private D-Bus session bus
// (dbus-run-session) with GNOME Keyring as the Secret Service, its login
// keyring created and unlocked with a known password in a throw-away HOME, so
// a test never sees (or writes to) the desktop's keyring.
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>

namespace tern::test {

// A process environment cut off from the user's desktop: a throw-away HOME and
// XDG directories under `root`, no session bus, no display (nothing can prompt).
QProcessEnvironment isolatedEnvironment(const QString &root);

// The session lives as long as this object: closing the session's stdin stops
// the keyring daemon and the bus.
class KeyringSession {
public:
    static const QString kKeyringPassword;

    KeyringSession() = default;
    ~KeyringSession();
    KeyringSession(const KeyringSession &) = delete;
    KeyringSession &operator=(const KeyringSession &) = delete;

    // Returns an empty string when running, else why not. Without
    // `withSecretService` the bus can start nothing at all.
    QString start(const QString &root, bool withSecretService);

    // The environment of a process in this session: its bus, and the
    // session's throw-away HOME.
    QProcessEnvironment environment() const;
    QString busAddress() const { return m_address; }

private:
    QString m_root;
    QString m_address;
    QProcess m_session;
};

} // namespace tern::test
