#include "crypto/KeyStore.h"

#include <gpgme++/context.h>
#include <gpgme++/key.h>
#include <gpgme++/keylistresult.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QMutex>

#include <memory>

namespace tern::crypto {

namespace {

constexpr int kMaxKeys = 10000;

QString validityName(GpgME::UserID::Validity v)
{
    switch (v) {
    case GpgME::UserID::Undefined: return QStringLiteral("undefined");
    case GpgME::UserID::Never: return QStringLiteral("never");
    case GpgME::UserID::Marginal: return QStringLiteral("marginal");
    case GpgME::UserID::Full: return QStringLiteral("full");
    case GpgME::UserID::Ultimate: return QStringLiteral("ultimate");
    case GpgME::UserID::Unknown: break;
    }
    return QStringLiteral("unknown");
}

QString trustName(GpgME::Key::OwnerTrust t)
{
    switch (t) {
    case GpgME::Key::Undefined: return QStringLiteral("undefined");
    case GpgME::Key::Never: return QStringLiteral("never");
    case GpgME::Key::Marginal: return QStringLiteral("marginal");
    case GpgME::Key::Full: return QStringLiteral("full");
    case GpgME::Key::Ultimate: return QStringLiteral("ultimate");
    case GpgME::Key::Unknown: break;
    }
    return QStringLiteral("unknown");
}

} // namespace

namespace detail {
KeyInfo keyInfo(const GpgME::Key &k, Protocol protocol)
{
    KeyInfo i;
    i.protocol = protocol;
    i.fingerprint = QString::fromLatin1(k.primaryFingerprint());
    for (const GpgME::UserID &u : k.userIDs()) {
        UserIdInfo uid;
        uid.id = QString::fromUtf8(u.id() ? u.id() : "");
        uid.address = QString::fromUtf8(u.email() ? u.email() : "").toLower();
        if (uid.address.startsWith(QLatin1Char('<')) && uid.address.endsWith(QLatin1Char('>')))
            uid.address = uid.address.mid(1, uid.address.size() - 2);   // S/MIME writes "<addr>"
        uid.validity = validityName(u.validity());
        uid.revoked = u.isRevoked();
        i.userIds.append(uid);
    }
    i.ownerTrust = protocol == Protocol::OpenPgp ? trustName(k.ownerTrust()) : QString();
    const GpgME::Subkey primary = k.subkey(0);
    if (!primary.isNull()) {
        if (primary.creationTime() > 0)
            i.created = QDateTime::fromSecsSinceEpoch(qint64(primary.creationTime()), Qt::UTC);
        if (!primary.neverExpires())
            i.expires = QDateTime::fromSecsSinceEpoch(qint64(primary.expirationTime()), Qt::UTC);
    }
    i.secret = k.hasSecret();
    i.revoked = k.isRevoked();
    i.expired = k.isExpired();
    i.disabled = k.isDisabled();
    i.invalid = k.isInvalid();
    i.canEncrypt = k.canEncrypt();
    i.canSign = k.canSign();
    return i;
}
} // namespace detail

namespace {
using detail::keyInfo;

bool usableFor(const KeyInfo &k, const QString &address, bool forSigning)
{
    if (k.revoked || k.expired || k.disabled || k.invalid || !(forSigning ? (k.canSign && k.secret) : k.canEncrypt))
        return false;
    for (const UserIdInfo &u : k.userIds)
        if (!u.revoked && u.address == address &&
            (u.validity == QLatin1String("full") || u.validity == QLatin1String("ultimate") || u.validity == QLatin1String("marginal")))
            return true;
    return false;
}

} // namespace

QJsonObject toJson(const KeyInfo &k)
{
    QJsonArray uids;
    for (const UserIdInfo &u : k.userIds)
        uids.append(QJsonObject{{QStringLiteral("id"), u.id}, {QStringLiteral("address"), u.address},
                                {QStringLiteral("validity"), u.validity}, {QStringLiteral("revoked"), u.revoked}});
    QJsonObject o{{QStringLiteral("protocol"), k.protocol == Protocol::Cms ? QStringLiteral("smime") : QStringLiteral("openpgp")},
                  {QStringLiteral("fingerprint"), k.fingerprint},
                  {QStringLiteral("userIds"), uids},
                  {QStringLiteral("created"), k.created.toString(Qt::ISODate)},
                  {QStringLiteral("expires"), k.expires.isValid() ? k.expires.toString(Qt::ISODate) : QString()},
                  {QStringLiteral("secret"), k.secret}, {QStringLiteral("revoked"), k.revoked},
                  {QStringLiteral("expired"), k.expired}, {QStringLiteral("disabled"), k.disabled},
                  {QStringLiteral("invalid"), k.invalid}, {QStringLiteral("canEncrypt"), k.canEncrypt},
                  {QStringLiteral("canSign"), k.canSign}};
    if (!k.ownerTrust.isEmpty())
        o.insert(QStringLiteral("ownerTrust"), k.ownerTrust);
    return o;
}

Result<QList<KeyInfo>> listKeys(Protocol protocol, const QString &pattern, bool secretOnly)
{
    return listKeys(protocol, pattern.isEmpty() ? QStringList{} : QStringList{pattern}, secretOnly);
}

namespace {

Result<QList<KeyInfo>> listKeysUncached(Protocol protocol, const QStringList &patterns, bool secretOnly);

// What the GnuPG home's key files looked like: a listing stays true while none changed.
QByteArray homeStamp()
{
    const QString home = qEnvironmentVariableIsSet("GNUPGHOME") ? qEnvironmentVariable("GNUPGHOME") : QDir::homePath() + QStringLiteral("/.gnupg");
    QByteArray stamp = QFile::encodeName(home);
    for (const char *name : {"pubring.kbx", "pubring.gpg", "trustdb.gpg", "private-keys-v1.d", "trustlist.txt"}) {
        const QFileInfo f(home + QLatin1Char('/') + QLatin1String(name));
        stamp += '|' + QByteArray::number(f.exists() ? f.lastModified().toMSecsSinceEpoch() : -1) + ':' + QByteArray::number(f.size());
    }
    return stamp;
}

} // namespace

Result<QList<KeyInfo>> listKeys(Protocol protocol, const QStringList &patterns, bool secretOnly)
{
    // Sending many messages lists the same keys again and again, a gpg run
    // (~40 ms) each time. A listing is reused while the home's key files are
    // unchanged, for at most a minute (expiry is a matter of time too).
    struct Cached { QByteArray stamp; qint64 at; QList<KeyInfo> keys; };
    static QMutex mutex;
    static QHash<QByteArray, Cached> cache;
    const QByteArray key = QByteArray::number(int(protocol)) + (secretOnly ? "S" : "P") + patterns.join(QLatin1Char('\n')).toUtf8();
    const QByteArray stamp = homeStamp();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    {
        QMutexLocker lock(&mutex);
        const auto it = cache.constFind(key);
        if (it != cache.cend() && it->stamp == stamp && now - it->at < 60000)
            return it->keys;
    }
    auto listed = listKeysUncached(protocol, patterns, secretOnly);
    if (listed) {
        QMutexLocker lock(&mutex);
        if (cache.size() > 256)
            cache.clear();
        cache.insert(key, Cached{stamp, now, listed.value()});
    }
    return listed;
}

namespace {

Result<QList<KeyInfo>> listKeysUncached(Protocol protocol, const QStringList &patterns, bool secretOnly)
{
    initialize();
    std::unique_ptr<GpgME::Context> ctx(GpgME::Context::createForProtocol(protocol == Protocol::Cms ? GpgME::CMS : GpgME::OpenPGP));
    if (!ctx)
        return Error::invalid(QStringLiteral("GPGME has no engine for this protocol"));
    ctx->setOffline(true);
    ctx->setKeyListMode(GpgME::Local | GpgME::Validate | GpgME::WithSecret);   // "secret key here" in a public listing too
    QList<QByteArray> bytes;
    for (const QString &p : patterns)
        bytes << p.toUtf8();
    std::vector<const char *> array;
    for (const QByteArray &b : std::as_const(bytes))
        array.push_back(b.constData());
    array.push_back(nullptr);
    if (const GpgME::Error e = ctx->startKeyListing(array.data(), secretOnly))
        return Error::io(QStringLiteral("cannot list keys: %1").arg(QString::fromUtf8(e.asString())));
    QList<KeyInfo> out;
    while (out.size() < kMaxKeys) {
        GpgME::Error e;
        const GpgME::Key k = ctx->nextKey(e);
        if (e || k.isNull())
            break;
        out.append(keyInfo(k, protocol));
    }
    ctx->endKeyListing();
    if (secretOnly)
        for (KeyInfo &k : out)
            k.secret = true;
    return out;
}

} // namespace

RecipientKeys keysForRecipients(Protocol protocol, const QStringList &addresses, const QHash<QString, QString> &accepted)
{
    RecipientKeys out;
    QStringList patterns;
    for (const QString &a : addresses) {
        patterns << QStringLiteral("<%1>").arg(a.toLower());
        if (protocol == Protocol::OpenPgp && accepted.contains(a.toLower()))
            patterns << accepted.value(a.toLower());
    }
    const auto keys = patterns.isEmpty() ? Result<QList<KeyInfo>>(QList<KeyInfo>{}) : listKeys(protocol, patterns, false);
    for (const QString &a : addresses) {
        QString chosen;
        if (keys)
            for (const KeyInfo &k : keys.value())
                if (chosen.isEmpty() && usableFor(k, a.toLower(), false))
                    chosen = k.fingerprint;
        const QString mine = protocol == Protocol::OpenPgp ? accepted.value(a.toLower()) : QString();
        if (chosen.isEmpty() && !mine.isEmpty() && keys)
            for (const KeyInfo &k : keys.value())
                if (k.fingerprint.compare(mine, Qt::CaseInsensitive) == 0 && !k.revoked && !k.expired && !k.disabled && !k.invalid && k.canEncrypt)
                    chosen = k.fingerprint;
        if (chosen.isEmpty()) {
            out.missing << a;
            continue;
        }
        out.byAddress.insert(a.toLower(), chosen);
        if (!out.fingerprints.contains(chosen))
            out.fingerprints << chosen;
    }
    return out;
}

QStringList RecipientKeys::fingerprintsFor(const QStringList &addresses) const
{
    QStringList out;
    for (const QString &a : addresses) {
        const QString f = byAddress.value(a.toLower());
        if (!f.isEmpty() && !out.contains(f))
            out << f;
    }
    return out;
}

Result<QString> signingKeyFor(Protocol protocol, const QString &address)
{
    const QString pattern = QStringLiteral("<%1>").arg(address.toLower());
    auto secret = listKeys(protocol, pattern, true);
    if (!secret)
        return secret.error();
    // A secret listing does not validate user IDs; the public listing of the same keys does.
    auto pub = secret.value().isEmpty() ? Result<QList<KeyInfo>>(QList<KeyInfo>{}) : listKeys(protocol, pattern, false);
    if (!pub)
        return pub.error();
    for (const KeyInfo &s : secret.value())
        for (KeyInfo p : pub.value())
            if (p.fingerprint == s.fingerprint) {
                p.secret = true;
                if (usableFor(p, address.toLower(), true))
                    return p.fingerprint;
            }
    return Error::notFound(QStringLiteral("no usable secret key to sign as %1").arg(address));
}

} // namespace tern::crypto
