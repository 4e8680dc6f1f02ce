#include "GnupgHome.h"

#include <QFile>
#include <QProcess>

namespace tern::test {

GnupgHome::GnupgHome()
    // Short path: gpg-agent's socket must fit in a sockaddr_un.
    : m_dir(QStringLiteral("/tmp/tern-gpg-XXXXXX"))
{
    m_hadPrevious = qEnvironmentVariableIsSet("GNUPGHOME");
    m_previous = qgetenv("GNUPGHOME");
    if (!m_dir.isValid())
        return;
    QFile::setPermissions(m_dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    qputenv("GNUPGHOME", QFile::encodeName(m_dir.path()));
}

GnupgHome::~GnupgHome()
{
    if (m_dir.isValid())
        QProcess::execute(QStringLiteral("gpgconf"), {QStringLiteral("--homedir"), m_dir.path(),
                                                      QStringLiteral("--kill"), QStringLiteral("all")});
    if (m_hadPrevious)
        qputenv("GNUPGHOME", m_previous);
    else
        qunsetenv("GNUPGHOME");
}

int GnupgHome::gpg(const QStringList &args, QByteArray *out)
{
    QProcess p;
    p.start(QStringLiteral("gpg"), QStringList{QStringLiteral("--homedir"), m_dir.path(), QStringLiteral("--batch")} + args);
    if (!p.waitForFinished(120000)) {
        m_error = QStringLiteral("gpg did not finish: %1").arg(p.errorString());
        p.kill();
        return -1;
    }
    if (out)
        *out = p.readAllStandardOutput();
    if (p.exitCode() != 0)
        m_error = QString::fromUtf8(p.readAllStandardError());
    return p.exitCode();
}

QString GnupgHome::generateKey(const QString &userId)
{
    if (gpg({QStringLiteral("--pinentry-mode"), QStringLiteral("loopback"), QStringLiteral("--passphrase"),
             QString(), QStringLiteral("--quick-gen-key"), userId, QStringLiteral("default"),
             QStringLiteral("default"), QStringLiteral("never")}) != 0)
        return {};
    QByteArray listing;
    if (gpg({QStringLiteral("--with-colons"), QStringLiteral("--list-secret-keys"), userId}, &listing) != 0)
        return {};
    for (const QByteArray &line : listing.split('\n'))
        if (line.startsWith("fpr:"))
            return QString::fromLatin1(line.split(':').value(9));
    m_error = QStringLiteral("no fingerprint in gpg's listing");
    return {};
}

} // namespace tern::test
