#include "sync/AutocryptKeys.h"

#include "crypto/KeyManagement.h"

namespace tern::sync {

Result<QString> acceptAutocryptKey(store::Database &db, const QString &account, const QString &addr)
{
    store::AutocryptPeers peers(db);
    auto peer = peers.find(account, addr);
    if (!peer)
        return peer.error();
    if (!peer.value())
        return Error::notFound(QStringLiteral("no Autocrypt key of %1 for account %2").arg(addr, account));
    const store::AutocryptPeer &p = *peer.value();
    // What would come in first: exactly the key the cache names, nothing secret.
    auto seen = crypto::inspectKeyData(crypto::Protocol::OpenPgp, p.keydata);
    if (!seen)
        return seen.error();
    if (seen.value().size() != 1 || seen.value().first().key.fingerprint != p.fingerprint || seen.value().first().secret)
        return Error::invalid(QStringLiteral("the Autocrypt key data of %1 is not the one key %2").arg(addr, p.fingerprint));
    auto done = crypto::importKeys(crypto::Protocol::OpenPgp, p.keydata, false);
    if (!done)
        return done.error();
    if (auto m = peers.markAccepted(account, addr, p.fingerprint); !m)
        return m.error();
    return p.fingerprint;
}

} // namespace tern::sync
