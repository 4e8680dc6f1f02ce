#pragma once
// The user's keys and certificates, read through GPGME from their own GnuPG
// home (GNUPGHOME respected): what `tern keys` lists and how recipients' keys
// are chosen. Nothing here changes a key or its trust: a key that is not
// valid for an address is never used for it (issue #6: never trust silently).
#include "common/Error.h"
#include "crypto/GpgOperations.h"
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QStringList>

namespace tern::crypto {

struct UserIdInfo {
    QString id;            // as written by the key's owner
    QString address;       // lowercase, or empty
    QString validity;      // "unknown", "undefined", "never", "marginal", "full", "ultimate"
    bool revoked = false;
};

struct KeyInfo {
    Protocol protocol = Protocol::OpenPgp;
    QString fingerprint;
    QList<UserIdInfo> userIds;
    QString ownerTrust;    // OpenPGP: "unknown", "undefined", "never", "marginal", "full", "ultimate"
    QDateTime created, expires;   // expires invalid: never
    bool secret = false, revoked = false, expired = false, disabled = false, invalid = false;
    bool canEncrypt = false, canSign = false;
};
QJsonObject toJson(const KeyInfo &k);

// Keys matching `pattern` (all when empty); with `secretOnly`, those with a secret key here.
Result<QList<KeyInfo>> listKeys(Protocol protocol, const QString &pattern = {}, bool secretOnly = false);
// Keys matching any of `patterns`, in one gpg run (each run costs tens of milliseconds).
Result<QList<KeyInfo>> listKeys(Protocol protocol, const QStringList &patterns, bool secretOnly);

// For each address, the key to encrypt to: not revoked, expired or disabled,
// able to encrypt, with a user ID of exactly that address whose validity is
// full or ultimate (or marginal). `missing` names the addresses without one.
// `accepted` (lowercase address -> fingerprint) adds, for an address without
// such a key, the key the user accepted for it by name (an Autocrypt key they
// imported on their word, store/AutocryptPeers): in the keyring, not revoked,
// expired or disabled, able to encrypt; its user IDs need not be valid.
struct RecipientKeys {
    QStringList fingerprints;
    QStringList missing;
    QHash<QString, QString> byAddress;   // lowercase address -> the fingerprint chosen for it
    QStringList fingerprintsFor(const QStringList &addresses) const;
};
RecipientKeys keysForRecipients(Protocol protocol, const QStringList &addresses, const QHash<QString, QString> &accepted = {});

// The secret key to sign as `address`.
Result<QString> signingKeyFor(Protocol protocol, const QString &address);

} // namespace tern::crypto
