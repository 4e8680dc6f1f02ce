#include "store/Keyring.h"

#include "store/KeyringModule.h"
#include "store/Profile.h"

#include <QFileInfo>
#include <QLibrary>
#include <QMutex>

namespace tern::store {

namespace {

using RunFn = decltype(&ternKeyringRun);

// The module next to the executable (a build tree) or in Tern's library
// directory; loaded once per process, never unloaded.
RunFn module(QString *why)
{
    static QMutex lock;
    static RunFn run = nullptr;
    static QString failure;
    const QMutexLocker locker(&lock);
    if (!run && failure.isEmpty()) {
        QStringList tried;
        const QString here = QFileInfo(QStringLiteral("/proc/self/exe")).canonicalPath();
        for (const QString &dir : {here, QStringLiteral(TERN_MODULE_INSTALL_DIR)}) {
            QLibrary lib(dir + QStringLiteral("/libternkeyring.so"));
            if (lib.load()) {
                run = reinterpret_cast<RunFn>(lib.resolve("ternKeyringRun"));
                if (run)
                    break;
            }
            tried << lib.errorString();
        }
        if (!run)
            failure = QStringLiteral("the keyring module cannot be loaded (%1)").arg(tried.join(QStringLiteral("; ")));
    }
    *why = failure;
    return run;
}

Result<QString> call(KeyringRequest request)
{
    QString why;
    RunFn run = module(&why);
    if (!run)
        return Error::io(why);
    Result<QString> reply = QString();
    run(request, &reply);
    return reply;
}

} // namespace

Keyring::Keyring(QString service, std::chrono::milliseconds timeout)
    : m_service(std::move(service)), m_timeout(timeout)
{
}

Result<QString> Keyring::read(const QString &key) const
{
    return call({KeyringRequest::Read, m_service, key, {}, m_timeout});
}

Status Keyring::write(const QString &key, const QString &secret) const
{
    const auto r = call({KeyringRequest::Write, m_service, key, secret, m_timeout});
    return r ? success() : Status(r.error());
}

Status Keyring::forget(const QString &key) const
{
    const auto r = call({KeyringRequest::Forget, m_service, key, {}, m_timeout});
    return r ? success() : Status(r.error());
}

QString accountKeyringKey(const Profile &profile, const QString &accountName)
{
    if (!profile.isExplicit())
        return accountName;
    // An explicit profile keeps its configuration in DIR/config.
    return accountName + QLatin1Char('@') + QFileInfo(profile.configDir()).absolutePath();
}

} // namespace tern::store
