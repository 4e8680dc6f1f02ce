#include "store/Profile.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>

namespace tern::store {

Profile Profile::resolve(const QString &explicitDir)
{
    Profile p;
    if (!explicitDir.isEmpty()) {
        const QString root = QDir(explicitDir).absolutePath();
        p.m_configDir = root + QStringLiteral("/config");
        p.m_cacheDir = root + QStringLiteral("/cache");
        p.m_explicit = true;
        p.m_root = root;
        return p;
    }
    p.m_configDir = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
                    + QStringLiteral("/tern");
    p.m_cacheDir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
                   + QStringLiteral("/tern");
    return p;
}

static Status makePrivateDir(const QString &path)
{
    if (!QDir().mkpath(path))
        return Error::io(QStringLiteral("cannot create directory %1").arg(path));
    if (!QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner))
        return Error::io(QStringLiteral("cannot restrict permissions of %1").arg(path));
    return success();
}

Status Profile::ensureExists() const
{
    if (auto s = makePrivateDir(m_configDir); !s)
        return s;
    return makePrivateDir(m_cacheDir);
}

QString Profile::accountsFile() const
{
    return m_configDir + QStringLiteral("/accounts.ini");
}

} // namespace tern::store
