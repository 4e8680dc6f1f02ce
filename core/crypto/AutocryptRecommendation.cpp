#include "crypto/AutocryptRecommendation.h"

namespace tern::crypto {

QString recommendationName(Recommendation r)
{
    switch (r) {
    case Recommendation::Disable: return QStringLiteral("disable");
    case Recommendation::Discourage: return QStringLiteral("discourage");
    case Recommendation::Available: return QStringLiteral("available");
    case Recommendation::Encrypt: return QStringLiteral("encrypt");
    }
    return {};
}

Recommendation preliminaryRecommendation(const RecipientState &r)
{
    if (r.keyringKey)
        return Recommendation::Available;
    if (!r.autocryptKey)
        return Recommendation::Disable;
    // §2.4: "autocrypt_timestamp more than 35 days older than last_seen".
    if (r.autocryptTimestamp.isValid() && r.lastSeen.isValid() && r.autocryptTimestamp.addDays(35) < r.lastSeen)
        return Recommendation::Discourage;
    return Recommendation::Available;
}

Recommendation recommendEncryption(const QList<RecipientState> &recipients, bool ownPreferMutual, bool replyToEncrypted)
{
    if (recipients.isEmpty())
        return Recommendation::Disable;
    bool discourage = false, allWant = true;
    for (const RecipientState &r : recipients) {
        const Recommendation p = preliminaryRecommendation(r);
        if (p == Recommendation::Disable)
            return Recommendation::Disable;
        discourage = discourage || p == Recommendation::Discourage;
        allWant = allWant && (r.keyringKey || (ownPreferMutual && r.preferMutual && p == Recommendation::Available));
    }
    if (replyToEncrypted)
        return Recommendation::Encrypt;   // §2.4: a reply to an encrypted message stays encrypted
    if (allWant)
        return Recommendation::Encrypt;
    return discourage ? Recommendation::Discourage : Recommendation::Available;
}

} // namespace tern::crypto
