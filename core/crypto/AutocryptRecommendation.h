#pragma once
// Whether to encrypt a message being written: Autocrypt Level 1 §2.4
// ("Provide a recommendation for message encryption"), widened to keys the
// user has in their GnuPG keyring. Pure: the caller gathers what is known of
// each recipient (KeyStore, store/AutocryptPeers).
#include <QDateTime>
#include <QList>
#include <QString>

namespace tern::crypto {

enum class Recommendation {
    Disable,      // cannot encrypt: a recipient has no key
    Discourage,   // possible, but a recipient's key may be stale (they wrote since without it)
    Available,    // possible; off by default
    Encrypt,      // on by default
};
QString recommendationName(Recommendation r);   // "disable", "discourage", "available", "encrypt"

struct RecipientState {
    QString address;
    // A key of theirs valid in the user's keyring (KeyStore's rules: a user ID
    // of this address the user's keyring finds valid). The user established
    // it themself: it counts as the wish to encrypt, like mutual below.
    bool keyringKey = false;
    // What their mail announced (Autocrypt), whether or not it is imported yet.
    bool autocryptKey = false;
    bool preferMutual = false;
    QDateTime lastSeen, autocryptTimestamp;
};

// §2.4 "preliminary recommendation": disable without a key; discourage when
// the Autocrypt key is more than 35 days older than the last mail seen from
// them; available otherwise.
Recommendation preliminaryRecommendation(const RecipientState &r);

// §2.4 final recommendation for all recipients: disable when any is
// disabled (or there is none); encrypt for a reply to encrypted mail, or when
// every recipient is available and either has a keyring key or prefers
// encryption (mutual) as the sender does (`ownPreferMutual`); else discourage
// when any is discouraged; else available.
Recommendation recommendEncryption(const QList<RecipientState> &recipients, bool ownPreferMutual, bool replyToEncrypted);

} // namespace tern::crypto
