// libternkeyring.so: the desktop keyring through QtKeychain and D-Bus, in a
// module that store::Keyring loads on first use. Most commands never need it
// (a password from the environment, or no password at all), and linking it
// into every process cost each start some 5 ms of loading QtKeychain, QtDBus,
// libdbus and libsystemd (`tern sync` has a 100 ms budget for a no-change sync).
#include "store/KeyringModule.h"

#include <qt6keychain/keychain.h>

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QEventLoop>
#include <QLoggingCategory>
#include <QTimer>

Q_LOGGING_CATEGORY(lcKeyring, "tern.store.keyring")

namespace tern::store {

namespace {

// The D-Bus names QtKeychain may talk to on Linux: the Secret Service API, and
// KWallet (which KDE sessions prefer).
const char *const kKeyringServices[] = {"org.freedesktop.secrets", "org.kde.kwalletd6", "org.kde.kwalletd5",
                                        "org.kde.kwalletd"};

QString noService(const QString &why)
{
    return QStringLiteral("no keyring service is running (Secret Service over D-Bus): %1").arg(why);
}

struct JobOutcome {
    bool finished = false;
    QKeychain::Error error = QKeychain::NoError;
    QString errorString;
    QString text;   // a read job's secret
};

// Runs one QtKeychain job to its end, or until `timeout`. A job that outlives
// the timeout is left to finish on its own: it deletes itself then (deleting it
// now would leave the keyring library a dangling callback).
JobOutcome runJob(QKeychain::Job *job, std::chrono::milliseconds timeout)
{
    JobOutcome o;
    QEventLoop loop;
    QObject::connect(job, &QKeychain::Job::finished, &loop, [&](QKeychain::Job *j) {
        o.finished = true;
        o.error = j->error();
        o.errorString = j->errorString();
        if (auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(j))
            o.text = read->textData();
        loop.quit();
    });
    QTimer::singleShot(timeout, &loop, &QEventLoop::quit);
    job->setAutoDelete(true);
    job->start();   // queued: `finished` comes from the loop below
    if (!o.finished)
        loop.exec();
    return o;
}

// `doing`: "reading", "storing", "removing"; `entry`: service/key.
Error errorOf(const JobOutcome &o, const char *doing, const QString &entry, std::chrono::milliseconds timeout)
{
    const QString what = QLatin1String(doing) + QLatin1Char(' ') + entry;
    if (!o.finished)
        return Error::io(QStringLiteral("the keyring did not answer within %1 s while %2 (is it waiting to be unlocked?)")
                             .arg(std::chrono::duration_cast<std::chrono::seconds>(timeout).count())
                             .arg(what));
    qCDebug(lcKeyring) << "keyring job failed:" << int(o.error) << o.errorString;
    switch (o.error) {
    case QKeychain::EntryNotFound:
        return Error::notFound(QStringLiteral("the keyring has no entry %1").arg(entry));
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return Error::security(QStringLiteral("the keyring refused access while %1 (%2); is it locked?").arg(what, o.errorString));
    case QKeychain::NoBackendAvailable:
        return Error::io(noService(o.errorString));
    default:
        return Error::io(QStringLiteral("the keyring failed while %1: %2").arg(what, o.errorString));
    }
}

// Asked first so that a machine without a keyring gets a plain answer at once,
// not whatever a keyring library makes of a missing bus.
Status serviceReachable()
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) {
        const QString why = qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")
                                ? QStringLiteral("there is no D-Bus session bus ($DBUS_SESSION_BUS_ADDRESS is not set)")
                                : QStringLiteral("the D-Bus session bus is unreachable (%1)").arg(bus.lastError().message());
        return Error::io(noService(why));
    }
    QDBusConnectionInterface *names = bus.interface();
    const QStringList running = names->registeredServiceNames().value();
    const QStringList startable = names->activatableServiceNames().value();
    for (const char *name : kKeyringServices)
        if (running.contains(QLatin1String(name)) || startable.contains(QLatin1String(name)))
            return success();
    return Error::io(noService(QStringLiteral("nothing on the D-Bus session bus provides org.freedesktop.secrets or KWallet")));
}

Result<QString> read(const QString &service, const QString &key, std::chrono::milliseconds timeout)
{
    if (auto s = serviceReachable(); !s)
        return s.error();
    auto *job = new QKeychain::ReadPasswordJob(service);
    job->setKey(key);
    const JobOutcome o = runJob(job, timeout);
    if (!o.finished || o.error != QKeychain::NoError)
        return errorOf(o, "reading", service + QLatin1Char('/') + key, timeout);
    return o.text;
}

Status write(const QString &service, const QString &key, const QString &secret, std::chrono::milliseconds timeout)
{
    if (auto s = serviceReachable(); !s)
        return s.error();
    auto *job = new QKeychain::WritePasswordJob(service);
    job->setKey(key);
    job->setTextData(secret);
    const JobOutcome o = runJob(job, timeout);
    if (!o.finished || o.error != QKeychain::NoError)
        return errorOf(o, "storing", service + QLatin1Char('/') + key, timeout);
    return success();
}

Status forget(const QString &service, const QString &key, std::chrono::milliseconds timeout)
{
    if (auto s = serviceReachable(); !s)
        return s.error();
    auto *job = new QKeychain::DeletePasswordJob(service);
    job->setKey(key);
    const JobOutcome o = runJob(job, timeout);
    if (o.finished && o.error == QKeychain::EntryNotFound)
        return success();
    if (!o.finished || o.error != QKeychain::NoError)
        return errorOf(o, "removing", service + QLatin1Char('/') + key, timeout);
    return success();
}

} // namespace

} // namespace tern::store

extern "C" Q_DECL_EXPORT void ternKeyringRun(const tern::store::KeyringRequest &request, tern::Result<QString> *reply)
{
    using namespace tern::store;
    switch (request.op) {
    case KeyringRequest::Read:
        *reply = read(request.service, request.key, request.timeout);
        return;
    case KeyringRequest::Write:
        if (const tern::Status s = write(request.service, request.key, request.secret, request.timeout); !s)
            *reply = s.error();
        else
            *reply = QString();
        return;
    case KeyringRequest::Forget:
        if (const tern::Status s = forget(request.service, request.key, request.timeout); !s)
            *reply = s.error();
        else
            *reply = QString();
        return;
    }
}
