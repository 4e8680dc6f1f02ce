#pragma once
// Key discovery by Web Key Directory (WKD, draft-koch-openpgp-webkey-service)
// through GPGME's locate-key: gpg asks dirmngr, which fetches
// https://openpgpkey.DOMAIN/.well-known/openpgpkey/DOMAIN/hu/HASH (the
// advanced method) or https://DOMAIN/.well-known/openpgpkey/hu/HASH (direct),
// over TLS checked against the system's certificate authorities, with
// dirmngr's own proxy settings. What it finds, gpg imports into the user's
// keyring, without any trust or certification. Only on the user's request
// (tern keys --locate, the key manager's Find Key for Address…): a lookup
// tells the address's domain that someone writes to it.
#include "common/Error.h"
#include "crypto/KeyStore.h"

namespace tern::crypto {

// The keys found for `address` (imported into the keyring; their validity as the
// keyring sees it). NotFound when the directory has none.
Result<QList<KeyInfo>> locateKeyByWkd(const QString &address);

} // namespace tern::crypto
