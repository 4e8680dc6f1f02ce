#pragma once
// A throw-away GnuPG home for a test: a private (0700) temporary directory,
// exported as GNUPGHOME while the object lives; its gpg-agent is stopped
// and the directory removed at the end.
#include <QString>
#include <QTemporaryDir>

namespace tern::test {

class GnupgHome {
public:
    GnupgHome();
    ~GnupgHome();
    GnupgHome(const GnupgHome &) = delete;
    GnupgHome &operator=(const GnupgHome &) = delete;

    bool isValid() const { return m_dir.isValid(); }
    QString path() const { return m_dir.path(); }

    // Makes a key pair with no passphrase for `userId` ("Alice <alice@example.test>").
    // Returns its fingerprint, or an empty string (see lastError()).
    QString generateKey(const QString &userId);
    // Runs gpg with this home; returns its exit code, stdout in `out`.
    int gpg(const QStringList &args, QByteArray *out = nullptr);
    QString lastError() const { return m_error; }

private:
    QTemporaryDir m_dir;
    QByteArray m_previous;
    bool m_hadPrevious = false;
    QString m_error;
};

} // namespace tern::test
