#include "sync/AutocryptKeys.h"

#include "crypto/KeyManagement.h"
#include "crypto/KeyStore.h"

namespace tern::sync {

Result<QString> importAutocryptKey(const store::AutocryptPeer &p)
{
    // What would come in first: exactly the key the cache names, nothing secret.
    auto seen = crypto::inspectKeyData(crypto::Protocol::OpenPgp, p.keydata);
    if (!seen)
        return seen.error();
    if (seen.value().size() != 1 || seen.value().first().key.fingerprint != p.fingerprint || seen.value().first().secret)
        return Error::invalid(QStringLiteral("the Autocrypt key data of %1 is not the one key %2").arg(p.addr, p.fingerprint));
    auto done = crypto::importKeys(crypto::Protocol::OpenPgp, p.keydata, false);
    if (!done)
        return done.error();
    return p.fingerprint;
}

Result<QString> acceptAutocryptKey(store::Database &db, const QString &account, const QString &addr)
{
    store::AutocryptPeers peers(db);
    auto peer = peers.find(account, addr);
    if (!peer)
        return peer.error();
    if (!peer.value())
        return Error::notFound(QStringLiteral("no Autocrypt key of %1 for account %2").arg(addr, account));
    auto fpr = importAutocryptKey(*peer.value());
    if (!fpr)
        return fpr;
    if (auto m = peers.markAccepted(account, addr, fpr.value()); !m)
        return m.error();
    return fpr;
}

QHash<QString, store::AutocryptPeer> autocryptPeersFor(store::Database &db, const QString &account, const QStringList &addresses)
{
    QHash<QString, store::AutocryptPeer> out;
    store::AutocryptPeers peers(db);
    for (const QString &a : addresses) {
        auto p = peers.find(account, a);
        if (p && p.value())
            out.insert(a.toLower(), *p.value());
    }
    return out;
}

QHash<QString, QString> acceptedKeysOf(const QHash<QString, store::AutocryptPeer> &peers)
{
    QHash<QString, QString> out;
    for (auto it = peers.cbegin(); it != peers.cend(); ++it)
        if (!it->acceptedFingerprint.isEmpty())
            out.insert(it.key(), it->acceptedFingerprint);
    return out;
}

crypto::Recommendation recommendationFor(const QStringList &addresses, const QHash<QString, store::AutocryptPeer> &peers,
                                         bool ownPreferMutual, bool replyToEncrypted, QList<crypto::RecipientState> *states)
{
    // Keys valid in the keyring by the user's own means (not an accepted Autocrypt key: that one stays an Autocrypt key).
    const crypto::RecipientKeys keyring = addresses.isEmpty() ? crypto::RecipientKeys{}
                                                              : crypto::keysForRecipients(crypto::Protocol::OpenPgp, addresses);
    QList<crypto::RecipientState> all;
    for (const QString &a : addresses) {
        crypto::RecipientState r;
        r.address = a.toLower();
        r.keyringKey = keyring.byAddress.contains(r.address);
        if (const auto it = peers.constFind(r.address); it != peers.cend()) {
            r.autocryptKey = true;
            r.preferMutual = it->preferMutual;
            r.lastSeen = it->lastSeen;
            r.autocryptTimestamp = it->autocryptTimestamp;
        }
        all << r;
    }
    if (states)
        *states = all;
    return crypto::recommendEncryption(all, ownPreferMutual, replyToEncrypted);
}

} // namespace tern::sync
