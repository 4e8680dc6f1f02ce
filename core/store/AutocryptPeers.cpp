#include "store/AutocryptPeers.h"

#include "mime/Addresses.h"
#include "mime/MailDate.h"
#include "store/MessageStore.h"

#include <QCryptographicHash>

namespace tern::store {

namespace {

// One header value: "addr=…; [prefer-encrypt=mutual;] [_x=…;] keydata=…" (§2.1).
std::optional<AutocryptHeader> parseOne(const QByteArray &value)
{
    if (value.size() > kMaxAutocryptField)
        return std::nullopt;
    AutocryptHeader h;
    bool haveAddr = false, haveKey = false;
    for (const QByteArray &piece : value.split(';')) {
        const QByteArray attr = piece.trimmed();
        if (attr.isEmpty())
            continue;
        const qsizetype eq = attr.indexOf('=');
        if (eq <= 0)
            return std::nullopt;
        const QByteArray name = attr.left(eq).trimmed().toLower();
        const QByteArray v = attr.mid(eq + 1).trimmed();
        if (name == "addr") {
            if (haveAddr)
                return std::nullopt;
            haveAddr = true;
            h.addr = QString::fromUtf8(v).toLower();
        } else if (name == "prefer-encrypt") {
            h.preferMutual = v == "mutual";   // any other value: no preference (§2.1)
        } else if (name == "keydata") {
            if (haveKey)
                return std::nullopt;
            haveKey = true;
            QByteArray compact;   // base64 with folding whitespace (§2.1: ignore it)
            compact.reserve(v.size());
            for (char c : v)
                if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
                    compact += c;
            if (compact.size() > kMaxAutocryptKey * 4 / 3 + 4)
                return std::nullopt;
            auto decoded = QByteArray::fromBase64Encoding(compact, QByteArray::AbortOnBase64DecodingErrors);
            if (!decoded)
                return std::nullopt;
            h.keydata = *decoded;
        } else if (!name.startsWith('_')) {
            return std::nullopt;   // an unknown critical attribute: the whole header is invalid (§2.1)
        }
    }
    if (!haveAddr || !haveKey || h.addr.isEmpty() || h.keydata.isEmpty() || h.keydata.size() > kMaxAutocryptKey)
        return std::nullopt;
    h.fingerprint = openPgpV4Fingerprint(h.keydata);
    if (h.fingerprint.isEmpty())
        return std::nullopt;
    return h;
}

QDateTime fromSecs(const QVariant &v)
{
    return v.isNull() ? QDateTime() : QDateTime::fromSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}

AutocryptPeer peerFrom(const QSqlQuery &q)
{
    AutocryptPeer p;
    p.account = q.value(0).toString();
    p.addr = q.value(1).toString();
    p.lastSeen = fromSecs(q.value(2));
    p.autocryptTimestamp = fromSecs(q.value(3));
    p.keydata = q.value(4).toByteArray();
    p.fingerprint = q.value(5).toString();
    p.preferMutual = q.value(6).toBool();
    p.acceptedFingerprint = q.value(7).toString();
    return p;
}

const char kColumns[] = "account, addr, last_seen, autocrypt_timestamp, keydata, fingerprint, prefer_mutual, accepted_fingerprint";

} // namespace

QString openPgpV4Fingerprint(const QByteArray &keydata)
{
    // RFC 4880 §4.2: the packet header, old or new format.
    if (keydata.size() < 2)
        return {};
    const auto tagByte = quint8(keydata.at(0));
    if (!(tagByte & 0x80))
        return {};
    qsizetype at = 1, length = -1;
    int tag = 0;
    auto byte = [&keydata](qsizetype i) { return i < keydata.size() ? qint64(quint8(keydata.at(i))) : qint64(-1); };
    if (tagByte & 0x40) {   // new format
        tag = tagByte & 0x3f;
        const qint64 first = byte(at++);
        if (first < 0)
            return {};
        if (first < 192) {
            length = first;
        } else if (first < 224) {
            const qint64 second = byte(at++);
            if (second < 0)
                return {};
            length = ((first - 192) << 8) + second + 192;
        } else if (first == 255) {
            qint64 n = 0;
            for (int i = 0; i < 4; ++i) {
                const qint64 b = byte(at++);
                if (b < 0)
                    return {};
                n = (n << 8) | b;
            }
            length = n;
        } else {
            return {};   // partial lengths never occur in a key packet
        }
    } else {                // old format
        tag = (tagByte >> 2) & 0x0f;
        const int lengthType = tagByte & 0x03;
        if (lengthType == 3)
            return {};
        const int octets = 1 << lengthType;
        qint64 n = 0;
        for (int i = 0; i < octets; ++i) {
            const qint64 b = byte(at++);
            if (b < 0)
                return {};
            n = (n << 8) | b;
        }
        length = n;
    }
    // Tag 6: public key; its body starts with version 4 (RFC 4880 §5.5.2).
    if (tag != 6 || length < 6 || length > 0xffff || at + length > keydata.size() || byte(at) != 4)
        return {};
    const QByteArray body = keydata.mid(at, length);
    QByteArray hashed;
    hashed += char(0x99);
    hashed += char((length >> 8) & 0xff);
    hashed += char(length & 0xff);
    hashed += body;
    return QString::fromLatin1(QCryptographicHash::hash(hashed, QCryptographicHash::Sha1).toHex().toUpper());
}

QString singleAddress(const QString &fromField)
{
    const QList<mime::Mailbox> boxes = mime::parseMailboxes(fromField.toUtf8());
    if (boxes.size() != 1)
        return {};
    return QString::fromUtf8(boxes.first().address).trimmed().toLower();
}

std::optional<AutocryptHeader> parseAutocryptHeaders(const QList<QByteArray> &fields, const QString &fromAddress)
{
    const QString from = fromAddress.trimmed().toLower();
    if (from.isEmpty())
        return std::nullopt;
    std::optional<AutocryptHeader> found;
    int valid = 0;
    for (int i = 0; i < fields.size() && i < kMaxAutocryptFields; ++i) {
        auto h = parseOne(fields.at(i));
        if (!h || h->addr != from)   // §2.3: addr must match From, else the header is invalid
            continue;
        if (++valid > 1)
            return std::nullopt;     // §2.3: more than one valid header: all are discarded
        found = std::move(h);
    }
    if (fields.size() > kMaxAutocryptFields)
        return std::nullopt;
    return found;
}

Status AutocryptPeers::observe(const QString &account, const HeaderSummary &h, const QDateTime &now)
{
    if (m_knownAccount != account || account.isEmpty()) {
        auto q = m_db.exec(QStringLiteral("SELECT addr FROM autocrypt_peers WHERE account = ?"), {account});
        if (!q)
            return q.error();
        m_peers.clear();
        while (q.value().next())
            m_peers.insert(q.value().value(0).toString());
        m_knownAccount = account;
    }
    if (h.autocrypt.isEmpty() && m_peers.isEmpty())
        return success();
    // §2.3: reports (bounces, read receipts) are not from the peer's MUA.
    if (h.contentType.trimmed().startsWith(QLatin1String("multipart/report"), Qt::CaseInsensitive))
        return success();
    if (h.from.isEmpty())
        return success();
    const QString from = singleAddress(h.from);
    if (from.isEmpty() || from == m_ownAddress || (h.autocrypt.isEmpty() && !m_peers.contains(from)))
        return success();
    // The effective date: the Date field, never later than now (§2.3).
    QDateTime effective = mime::parseMailDate(h.date);
    if (!effective.isValid() || effective > now)
        effective = now;
    const qint64 date = effective.toSecsSinceEpoch();
    const auto header = h.autocrypt.isEmpty() ? std::nullopt : parseAutocryptHeaders(h.autocrypt, from);
    if (!header) {
        // Only a peer we know: last_seen tells the recommendation its key may be stale (§2.4).
        auto u = m_db.exec(QStringLiteral("UPDATE autocrypt_peers SET last_seen = ? WHERE account = ? AND addr = ? "
                                          "AND last_seen < ? AND autocrypt_timestamp <= ?"), {date, account, from, date, date});
        return u ? success() : Status(u.error());
    }
    auto known = m_db.exec(QStringLiteral("SELECT 1 FROM autocrypt_peers WHERE account = ? AND addr = ?"), {account, from});
    if (!known)
        return known.error();
    const bool isNew = !known.value().next();
    known.value().finish();
    // Older than what we know already: nothing changes (§2.3 step 1).
    auto u = m_db.exec(QStringLiteral(
        "INSERT INTO autocrypt_peers (account, addr, last_seen, autocrypt_timestamp, keydata, fingerprint, prefer_mutual) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account, addr) DO UPDATE SET "
        "last_seen = max(last_seen, excluded.last_seen), autocrypt_timestamp = excluded.autocrypt_timestamp, "
        "keydata = excluded.keydata, fingerprint = excluded.fingerprint, prefer_mutual = excluded.prefer_mutual "
        "WHERE excluded.autocrypt_timestamp >= autocrypt_peers.autocrypt_timestamp"),
        {account, from, date, date, header->keydata, header->fingerprint, header->preferMutual ? 1 : 0});
    if (!u)
        return u.error();
    m_peers.insert(from);
    if (isNew) {
        // Bounded: past the limit, the peers seen longest ago go (never one the user accepted).
        auto d = m_db.exec(QStringLiteral(
            "DELETE FROM autocrypt_peers WHERE account = ? AND accepted_fingerprint IS NULL AND addr IN ("
            "SELECT addr FROM autocrypt_peers WHERE account = ? AND accepted_fingerprint IS NULL "
            "ORDER BY last_seen DESC LIMIT -1 OFFSET ?)"), {account, account, kMaxAutocryptPeers});
        if (!d)
            return d.error();
    }
    return success();
}

Result<QList<AutocryptPeer>> AutocryptPeers::list(const QString &account)
{
    auto q = account.isEmpty()
        ? m_db.exec(QStringLiteral("SELECT %1 FROM autocrypt_peers ORDER BY account, addr").arg(QLatin1String(kColumns)))
        : m_db.exec(QStringLiteral("SELECT %1 FROM autocrypt_peers WHERE account = ? ORDER BY addr").arg(QLatin1String(kColumns)), {account});
    if (!q)
        return q.error();
    QList<AutocryptPeer> out;
    while (q.value().next())
        out << peerFrom(q.value());
    return out;
}

Result<std::optional<AutocryptPeer>> AutocryptPeers::find(const QString &account, const QString &addr)
{
    auto q = m_db.exec(QStringLiteral("SELECT %1 FROM autocrypt_peers WHERE account = ? AND addr = ?").arg(QLatin1String(kColumns)),
                       {account, addr.trimmed().toLower()});
    if (!q)
        return q.error();
    if (!q.value().next())
        return std::optional<AutocryptPeer>();
    return std::optional<AutocryptPeer>(peerFrom(q.value()));
}

Status AutocryptPeers::markAccepted(const QString &account, const QString &addr, const QString &fingerprint)
{
    auto u = m_db.exec(QStringLiteral("UPDATE autocrypt_peers SET accepted_fingerprint = ? WHERE account = ? AND addr = ?"),
                       {fingerprint, account, addr.trimmed().toLower()});
    if (!u)
        return u.error();
    if (u.value().numRowsAffected() != 1)
        return Error::notFound(QStringLiteral("no Autocrypt key of %1 for account %2").arg(addr, account));
    return success();
}

} // namespace tern::store
