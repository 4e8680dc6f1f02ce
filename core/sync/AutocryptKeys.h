#pragma once
// Autocrypt peers' keys (store/AutocryptPeers) meeting the user's keyring
// (crypto/): the one place both are known. A peer's key enters the keyring
// only through acceptAutocryptKey(), called on the user's explicit word.
#include "store/AutocryptPeers.h"

namespace tern::sync {

// Imports the public key that `addr`'s mail announced to `account` into the
// user's GnuPG keyring, unchanged in trust (never certified), and records it
// as accepted. Returns its fingerprint.
Result<QString> acceptAutocryptKey(store::Database &db, const QString &account, const QString &addr);

} // namespace tern::sync
