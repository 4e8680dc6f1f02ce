#include "crypto/KeyDiscovery.h"

#include <gpgme++/context.h>
#include <gpgme++/key.h>
#include <gpgme++/keylistresult.h>

#include <algorithm>
#include <memory>

namespace tern::crypto {

namespace detail {
KeyInfo keyInfo(const GpgME::Key &k, Protocol protocol);   // KeyStore.cpp
}

Result<QList<KeyInfo>> locateKeyByWkd(const QString &addressIn)
{
    const QString address = addressIn.trimmed().toLower();
    // One plain addr-spec: the pattern goes to gpg as it is.
    if (address.size() > 254 || address.count(QLatin1Char('@')) != 1 || address.startsWith(QLatin1Char('@')) ||
        address.endsWith(QLatin1Char('@')) || address.contains(QLatin1Char(' ')) || address.contains(QLatin1Char('<')) ||
        address.contains(QLatin1Char('>')) || address.startsWith(QLatin1Char('-')))
        return Error::invalid(QStringLiteral("not an e-mail address: %1").arg(addressIn));
    initialize();
    std::unique_ptr<GpgME::Context> ctx(GpgME::Context::createForProtocol(GpgME::OpenPGP));
    if (!ctx)
        return Error::invalid(QStringLiteral("GPGME has no OpenPGP engine"));
    // WKD alone (no keyserver, no local hit standing in): gpg --locate-external-keys
    // with --auto-key-locate clear,wkd,nodefault.
    if (const GpgME::Error e = ctx->setFlag("auto-key-locate", "clear,wkd,nodefault"))
        return Error::io(QStringLiteral("cannot ask for WKD: %1").arg(QString::fromUtf8(e.asString())));
    ctx->setKeyListMode(GpgME::LocateExternal | GpgME::Validate);
    const QByteArray pattern = address.toUtf8();
    if (const GpgME::Error e = ctx->startKeyListing(pattern.constData(), false))
        return Error::io(QStringLiteral("key lookup failed: %1").arg(QString::fromUtf8(e.asString())));
    QList<KeyInfo> out;
    for (int i = 0; i < 16; ++i) {
        GpgME::Error e;
        const GpgME::Key k = ctx->nextKey(e);
        if (e || k.isNull())
            break;
        // Only a key for this address: gpg may list another it already had.
        const KeyInfo info = detail::keyInfo(k, Protocol::OpenPgp);
        if (std::any_of(info.userIds.cbegin(), info.userIds.cend(), [&address](const UserIdInfo &u) { return u.address == address; }))
            out << info;
    }
    const GpgME::KeyListResult done = ctx->endKeyListing();
    if (out.isEmpty()) {
        const GpgME::Error e = done.error();
        return Error::notFound(e && e.code() != GPG_ERR_EOF
                                   ? QStringLiteral("no key for %1 from its Web Key Directory: %2").arg(address, QString::fromUtf8(e.asString()))
                                   : QStringLiteral("no key for %1 in its Web Key Directory").arg(address));
    }
    return out;
}

} // namespace tern::crypto
