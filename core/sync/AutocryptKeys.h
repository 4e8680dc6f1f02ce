#pragma once
// Autocrypt peers' keys (store/AutocryptPeers) meeting the user's keyring
// (crypto/): the one place both are known. A peer's key enters the keyring
// only through importAutocryptKey(), called on the user's explicit word.
#include "crypto/AutocryptRecommendation.h"
#include "store/AutocryptPeers.h"

#include <QHash>
#include <QStringList>

namespace tern::sync {

// Imports the public key that `addr`'s mail announced to `account` into the
// user's GnuPG keyring, unchanged in trust (never certified), and records it
// as accepted. Returns its fingerprint.
Result<QString> acceptAutocryptKey(store::Database &db, const QString &account, const QString &addr);
// The import alone (any thread; gpg runs): exactly the one public key the
// cache names, nothing secret. Record it with AutocryptPeers::markAccepted.
Result<QString> importAutocryptKey(const store::AutocryptPeer &peer);

// What `account`'s cache knows of these addresses (lowercase) as Autocrypt peers.
QHash<QString, store::AutocryptPeer> autocryptPeersFor(store::Database &db, const QString &account, const QStringList &addresses);
// The keys the user accepted among them, as ProtectOptions::acceptedKeys wants them.
QHash<QString, QString> acceptedKeysOf(const QHash<QString, store::AutocryptPeer> &peers);

// Autocrypt's recommendation for writing to `addresses` (any thread: reads
// the keyring through gpg). `states`, when given, receives each recipient's.
crypto::Recommendation recommendationFor(const QStringList &addresses, const QHash<QString, store::AutocryptPeer> &peers,
                                         bool ownPreferMutual, bool replyToEncrypted,
                                         QList<crypto::RecipientState> *states = nullptr);

} // namespace tern::sync
