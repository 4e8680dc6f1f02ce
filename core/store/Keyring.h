#pragma once
// Secrets in the desktop keyring: the Secret Service over D-Bus (GNOME Keyring,
// KeePassXC, ...) or KWallet, through QtKeychain, in a module loaded on first
// use (store/KeyringModule.cpp): a process that never asks the keyring never
// loads QtKeychain and D-Bus.
//
// QtKeychain's jobs are asynchronous; each call here runs one job in a local
// QEventLoop and returns when it finishes, so it suits the command line and a
// worker thread (the thread needs an event dispatcher that runs GLib sources,
// Qt's default on Linux). A GUI thread must not call it: an unlock prompt may
// keep it waiting for the user.
#include "common/Error.h"
#include <QString>
#include <chrono>

namespace tern::store {

class Profile;

class Keyring {
public:
    // `service` names the application's entries ("tern"); `timeout` bounds each
    // call, long enough for the user to answer an unlock prompt.
    explicit Keyring(QString service = QStringLiteral("tern"),
                     std::chrono::milliseconds timeout = std::chrono::seconds(60));

    // The secret stored under `key`. Error codes: NotFound (no such entry),
    // Io (no keyring service is reachable, or it failed), Security (the user or
    // the keyring refused access).
    Result<QString> read(const QString &key) const;
    Status write(const QString &key, const QString &secret) const;
    // Removes the entry; removing one that is not there succeeds.
    Status forget(const QString &key) const;

    QString service() const { return m_service; }

private:
    QString m_service;
    std::chrono::milliseconds m_timeout;
};

// The keyring key of an account's password: its name in the default profile,
// NAME@DIR in a profile given with --profile DIR, so that a throw-away profile
// never overwrites the password of an everyday account of the same name.
QString accountKeyringKey(const Profile &profile, const QString &accountName);

} // namespace tern::store
