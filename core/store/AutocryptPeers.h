#pragma once
// Autocrypt Level 1 (autocrypt.org/level1.html), the receiving side: what the
// cache learns from the Autocrypt header of incoming mail (§2.3 "Updating
// Autocrypt Peer State"), per account and peer address. The key bytes stay
// here, in the cache, apart from the user's GnuPG keyring: only an explicit
// accept (tern keys --accept-autocrypt, the composer's question) imports one,
// and nothing ever certifies or trusts it.
#include "store/Database.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QSet>
#include <QString>

#include <optional>

namespace tern::store {

struct HeaderSummary;

// Bounds (the header arrives from anyone): a header field longer than
// kMaxAutocryptField is not read at all, keydata larger than kMaxAutocryptKey
// decoded is refused, at most kMaxAutocryptFields fields are looked at, and an
// account keeps at most kMaxAutocryptPeers peers (the least recently seen go).
constexpr qsizetype kMaxAutocryptField = 48 * 1024;
constexpr qsizetype kMaxAutocryptKey = 32 * 1024;
constexpr int kMaxAutocryptFields = 8;
constexpr int kMaxAutocryptPeers = 5000;

struct AutocryptHeader {
    QString addr;              // lowercase
    bool preferMutual = false; // prefer-encrypt=mutual; anything else is "nopreference"
    QByteArray keydata;        // binary OpenPGP transferable public key
    QString fingerprint;       // of its primary key (v4), uppercase hex
};

// The one valid Autocrypt header among `fields` (values, unfolded) for a
// message from `fromAddress`, §2.1/§2.3: addr must equal the From address
// (case-insensitively); an unknown critical attribute (one not starting with
// '_') makes a header invalid; keydata must decode to a v4 OpenPGP public key;
// and more than one valid header means none.
std::optional<AutocryptHeader> parseAutocryptHeaders(const QList<QByteArray> &fields, const QString &fromAddress);

// The fingerprint of the first packet of `keydata` when it is a v4 public key
// packet (RFC 4880 §12.2: SHA-1 over 0x99, the two-octet length, the body).
QString openPgpV4Fingerprint(const QByteArray &keydata);

// The plain address of a From field ("Name <a@b>" or "a@b"), lowercase;
// empty unless there is exactly one address.
QString singleAddress(const QString &fromField);

struct AutocryptPeer {
    QString account, addr;
    QDateTime lastSeen, autocryptTimestamp;
    QByteArray keydata;
    QString fingerprint;
    bool preferMutual = false;
    QString acceptedFingerprint;   // the key the user imported into their keyring, if any
};

class AutocryptPeers {
public:
    explicit AutocryptPeers(Database &db) : m_db(db) {}

    // §2.3 for one incoming message (the caller owns the transaction). A
    // message without a valid header only moves last_seen of a known peer;
    // multipart/report (bounces, receipts) and mail without a single From
    // address teach nothing, nor mail from the account's own address (see
    // setOwnAddress: the user's key is in their keyring, not in a peer's
    // header). One object may observe a whole batch.
    Status observe(const QString &account, const HeaderSummary &h, const QDateTime &now = QDateTime::currentDateTimeUtc());

    void setOwnAddress(const QString &address) { m_ownAddress = address.trimmed().toLower(); }

    Result<QList<AutocryptPeer>> list(const QString &account = {});
    Result<std::optional<AutocryptPeer>> find(const QString &account, const QString &addr);
    // The user imported this peer's key `fingerprint` into their keyring.
    Status markAccepted(const QString &account, const QString &addr, const QString &fingerprint);

private:
    Database &m_db;
    QString m_ownAddress;
    // The account's peers, read once per object: mail without a header from
    // anyone else then costs no statement (a batch is mostly such mail).
    QString m_knownAccount;
    QSet<QString> m_peers;
};

} // namespace tern::store
