#pragma once
// Changing the user's keyring, only ever on the user's word: import (after
// showing what would come in), export a public key, make a key pair. Nothing
// here sets owner trust or certifies a key, and an import adds to a key the
// keyring has (gpg merges new user IDs, subkeys and signatures) but never
// replaces it: what the preview calls an update is what happens.
#include "common/Error.h"
#include "crypto/KeyStore.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

namespace tern::crypto {

constexpr qint64 kMaxKeyData = 8LL << 20;   // a key file, an attachment, the clipboard

// One key found in data offered for import.
struct ImportCandidate {
    KeyInfo key;                 // as the data describes it (validity unknown: it is not in the keyring)
    bool present = false;        // the keyring has a key with this fingerprint: an import would merge into it
    QStringList newUserIds;      // user IDs the keyring's copy does not have
    bool secret = false;         // the data holds the secret key too
};

// What importing `data` (armored or binary) would bring, without changing anything.
Result<QList<ImportCandidate>> inspectKeyData(Protocol protocol, const QByteArray &data);

struct ImportSummary {
    int considered = 0, imported = 0, unchanged = 0;
    int newUserIds = 0, newSubkeys = 0, newSignatures = 0, newRevocations = 0;
    QStringList fingerprints;    // of the keys added or changed
};
// Imports the public keys in `data`. Data holding a secret key is refused
// unless `allowSecret` (a key file the user picked, never mail or the clipboard).
Result<ImportSummary> importKeys(Protocol protocol, const QByteArray &data, bool allowSecret = false);

// The public key (certificate) `fingerprint`, ASCII-armored (PEM for S/MIME).
Result<QByteArray> exportPublicKey(Protocol protocol, const QString &fingerprint);

// A new OpenPGP key pair for `userId` ("Name <addr>") with gpg's default
// algorithms and expiry; gpg-agent asks for its passphrase (pinentry) unless
// `withoutPassphrase`. Returns its fingerprint.
Result<QString> generateKeyPair(const QString &userId, bool withoutPassphrase = false);

} // namespace tern::crypto
