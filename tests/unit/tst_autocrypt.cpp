// Autocrypt Level 1, receiving (issue #6, point 4; autocrypt.org/level1.html):
// an incoming message's Autocrypt header becomes a peer key in the cache and
// not in the user's keyring; tern keys --accept-autocrypt imports it only with
// --yes and trusts nothing; forged, malformed, duplicated and oversized headers
// teach nothing; the peer state follows §2.3 (effective dates, last_seen,
// reports ignored). The recommendation of §2.4, and encryption to a key the
// user accepted that their keyring does not find valid.
#include "GnupgHome.h"
#include "TernProcess.h"

#include "crypto/AutocryptRecommendation.h"
#include "crypto/PgpMimeWriter.h"
#include "store/AutocryptPeers.h"
#include "store/Database.h"
#include "store/MessageStore.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace tern;
using tern::test::GnupgHome;
using tern::test::runTern;

namespace {

QProcessEnvironment envOf(const GnupgHome &home)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("GNUPGHOME"), home.path());
    return env;
}

// A hand-made v4 public key packet (new format, tag 6): enough for the header's
// checks, which never run gpg. `seed` makes keys differ.
QByteArray fakeKey(char seed)
{
    QByteArray body;
    body += char(4);                          // version
    body += QByteArray("\x5f\x00\x00\x00", 4); // creation time
    body += char(22);                         // EdDSA
    body += QByteArray(32, seed);
    return char(0xC6) + QByteArray(1, char(body.size())) + body;
}

QByteArray header(const QString &addr, const QByteArray &key, const QByteArray &extra = {})
{
    QByteArray b64 = key.toBase64();
    for (qsizetype at = 60; at < b64.size(); at += 62)
        b64.insert(at, "\r\n ");   // folded as senders fold it
    return "addr=" + addr.toUtf8() + "; " + extra + "keydata=" + b64;
}

QByteArray message(const QString &from, const QByteArray &date, const QList<QByteArray> &autocrypt, const QByteArray &contentType = "text/plain")
{
    QByteArray m = "From: " + from.toUtf8() + "\r\nTo: alice@example.test\r\nSubject: hi\r\nDate: " + date + "\r\n";
    for (const QByteArray &a : autocrypt)
        m += "Autocrypt: " + a + "\r\n";
    return m + "Content-Type: " + contentType + "\r\n\r\nhello\r\n";
}

} // namespace

class TestAutocrypt : public QObject {
    Q_OBJECT

    static std::optional<store::AutocryptHeader> parse(const QList<QByteArray> &values, const QString &from = QStringLiteral("bob@example.test"))
    {
        return store::parseAutocryptHeaders(values, from);
    }

private slots:
    void headerRules()
    {
        const QByteArray key = fakeKey('k');
        const QString fpr = store::openPgpV4Fingerprint(key);
        QCOMPARE(fpr.size(), 40);
        // Valid; folded base64; addr compared without case; prefer-encrypt read.
        auto h = parse({header(QStringLiteral("Bob@Example.test"), key, "prefer-encrypt=mutual; ")});
        QVERIFY(h);
        QCOMPARE(h->addr, QStringLiteral("bob@example.test"));
        QVERIFY(h->preferMutual);
        QCOMPARE(h->keydata, key);
        QCOMPARE(h->fingerprint, fpr);
        QVERIFY(!parse({header(QStringLiteral("bob@example.test"), key, "prefer-encrypt=maybe; ")})->preferMutual);
        // addr must be the From address: a header naming someone else is ignored.
        QVERIFY(!parse({header(QStringLiteral("bob@example.test"), key)}, QStringLiteral("mallory@example.test")));
        // An unknown critical attribute invalidates the header; a non-critical one (_x) does not.
        QVERIFY(!parse({header(QStringLiteral("bob@example.test"), key, "type=2; ")}));
        QVERIFY(parse({header(QStringLiteral("bob@example.test"), key, "_comment=x; ")}));
        // Two valid headers: none. One valid beside an invalid one: that one.
        QVERIFY(!parse({header(QStringLiteral("bob@example.test"), key), header(QStringLiteral("bob@example.test"), fakeKey('j'))}));
        QVERIFY(parse({header(QStringLiteral("bob@example.test"), key), header(QStringLiteral("eve@example.test"), fakeKey('j'))}));
        // Missing parts, broken base64, a non-key, a key too large.
        QVERIFY(!parse({"addr=bob@example.test"}));
        QVERIFY(!parse({"keydata=" + key.toBase64()}));
        QVERIFY(!parse({"addr=bob@example.test; keydata=!!notbase64!!"}));
        QVERIFY(!parse({header(QStringLiteral("bob@example.test"), QByteArray("plain text, not a key packet"))}));
        QByteArray huge = key;
        huge += QByteArray(store::kMaxAutocryptKey, 'x');
        QVERIFY(!parse({header(QStringLiteral("bob@example.test"), huge)}));
        // Too many Autocrypt fields: none is read.
        QList<QByteArray> many;
        for (int i = 0; i <= store::kMaxAutocryptFields; ++i)
            many << "_junk=1";
        many << header(QStringLiteral("bob@example.test"), key);
        QVERIFY(!parse(many));
    }

    void peerStateFollowsTheSpec()
    {
        QTemporaryDir dir;
        auto db = store::Database::open(dir.filePath(QStringLiteral("c.sqlite")));
        QVERIFY(db.ok());
        store::MessageStore messages(*db.value());
        store::AutocryptPeers peers(*db.value());
        const QString bob = QStringLiteral("Bob <bob@example.test>");
        const QByteArray k1 = fakeKey('1'), k2 = fakeKey('2'), k3 = fakeKey('3');
        auto peer = [&] { return peers.find(QStringLiteral("acct"), QStringLiteral("bob@example.test")).value(); };

        QVERIFY(messages.insert(QStringLiteral("acct"), QStringLiteral("INBOX"),
                                message(bob, "Mon, 02 Mar 2026 10:00:00 +0000", {header(QStringLiteral("bob@example.test"), k2)})).ok());
        QVERIFY(peer());
        QCOMPARE(peer()->fingerprint, store::openPgpV4Fingerprint(k2));
        QVERIFY(!peer()->preferMutual);
        QCOMPARE(peer()->autocryptTimestamp, QDateTime(QDate(2026, 3, 2), QTime(10, 0), Qt::UTC));
        // An older message with another key changes nothing (§2.3: effective date before autocrypt_timestamp).
        QVERIFY(messages.insert(QStringLiteral("acct"), QStringLiteral("INBOX"),
                                message(bob, "Sun, 01 Feb 2026 10:00:00 +0000", {header(QStringLiteral("bob@example.test"), k1)})).ok());
        QCOMPARE(peer()->fingerprint, store::openPgpV4Fingerprint(k2));
        // A newer message without the header moves last_seen only.
        QVERIFY(messages.insert(QStringLiteral("acct"), QStringLiteral("INBOX"), message(bob, "Fri, 10 Apr 2026 10:00:00 +0000", {})).ok());
        QCOMPARE(peer()->lastSeen, QDateTime(QDate(2026, 4, 10), QTime(10, 0), Qt::UTC));
        QCOMPARE(peer()->fingerprint, store::openPgpV4Fingerprint(k2));
        // A bounce (multipart/report) carrying a header teaches nothing.
        QVERIFY(messages.insert(QStringLiteral("acct"), QStringLiteral("INBOX"),
                                message(bob, "Sat, 11 Apr 2026 10:00:00 +0000", {header(QStringLiteral("bob@example.test"), k3)},
                                        "multipart/report; report-type=delivery-status; boundary=x")).ok());
        QCOMPARE(peer()->fingerprint, store::openPgpV4Fingerprint(k2));
        // A newer header replaces key and preference; a date in the future counts as now.
        QVERIFY(messages.insert(QStringLiteral("acct"), QStringLiteral("INBOX"),
                                message(bob, "Thu, 01 Jan 2099 10:00:00 +0000", {header(QStringLiteral("bob@example.test"), k3, "prefer-encrypt=mutual; ")})).ok());
        QCOMPARE(peer()->fingerprint, store::openPgpV4Fingerprint(k3));
        QVERIFY(peer()->preferMutual);
        QVERIFY(peer()->autocryptTimestamp <= QDateTime::currentDateTimeUtc());
        // Per account: another account has learnt nothing.
        QVERIFY(!peers.find(QStringLiteral("other"), QStringLiteral("bob@example.test")).value());
        // A draft (our own mail) is not a peer's word; a From with two addresses neither.
        QVERIFY(messages.insert(QStringLiteral("acct"), QStringLiteral("Drafts"),
                                message(QStringLiteral("carol@example.test"), "Fri, 10 Apr 2026 10:00:00 +0000",
                                        {header(QStringLiteral("carol@example.test"), k1)}), QStringLiteral("\\Draft")).ok());
        QVERIFY(messages.insert(QStringLiteral("acct"), QStringLiteral("INBOX"),
                                message(QStringLiteral("dan@example.test, carol@example.test"), "Fri, 10 Apr 2026 10:00:00 +0000",
                                        {header(QStringLiteral("dan@example.test"), k1)})).ok());
        QCOMPARE(peers.list(QStringLiteral("acct")).value().size(), 1);
        // The account's own mail (its Sent folder) is not a peer's either.
        store::AutocryptPeers own(*db.value());
        own.setOwnAddress(QStringLiteral("Me@Example.test"));
        store::HeaderSummary mine = store::HeaderSummary::parse(message(QStringLiteral("Me <me@example.test>"), "Fri, 10 Apr 2026 10:00:00 +0000",
                                                                        {header(QStringLiteral("me@example.test"), k1)}));
        QVERIFY(own.observe(QStringLiteral("acct"), mine).ok());
        QVERIFY(!own.find(QStringLiteral("acct"), QStringLiteral("me@example.test")).value());
        QVERIFY(peers.observe(QStringLiteral("acct"), mine).ok());   // the same message, the address not known as ours: learnt
        QVERIFY(peers.find(QStringLiteral("acct"), QStringLiteral("me@example.test")).value());
    }

    void recommendation()
    {
        using crypto::Recommendation;
        const QDateTime t0(QDate(2026, 3, 1), QTime(0, 0), Qt::UTC);
        crypto::RecipientState none{QStringLiteral("x@example.test"), false, false, false, {}, {}};
        crypto::RecipientState keyring{QStringLiteral("k@example.test"), true, false, false, {}, {}};
        crypto::RecipientState mutual{QStringLiteral("m@example.test"), false, true, true, t0, t0};
        crypto::RecipientState nopref{QStringLiteral("n@example.test"), false, true, false, t0, t0};
        crypto::RecipientState stale = mutual;   // wrote 36 days after their last Autocrypt header
        stale.lastSeen = t0.addDays(36);
        crypto::RecipientState recent = mutual;  // 34 days: not stale yet
        recent.lastSeen = t0.addDays(34);
        QCOMPARE(crypto::preliminaryRecommendation(none), Recommendation::Disable);
        QCOMPARE(crypto::preliminaryRecommendation(keyring), Recommendation::Available);
        QCOMPARE(crypto::preliminaryRecommendation(mutual), Recommendation::Available);
        QCOMPARE(crypto::preliminaryRecommendation(stale), Recommendation::Discourage);
        QCOMPARE(crypto::preliminaryRecommendation(recent), Recommendation::Available);
        // Final: any recipient without a key disables, even for a reply to encrypted mail.
        QCOMPARE(crypto::recommendEncryption({}, true, false), Recommendation::Disable);
        QCOMPARE(crypto::recommendEncryption({mutual, none}, true, true), Recommendation::Disable);
        // Both sides mutual: encrypt; the sender without mutual: only available.
        QCOMPARE(crypto::recommendEncryption({mutual}, true, false), Recommendation::Encrypt);
        QCOMPARE(crypto::recommendEncryption({mutual}, false, false), Recommendation::Available);
        QCOMPARE(crypto::recommendEncryption({mutual, nopref}, true, false), Recommendation::Available);
        // A key valid in the keyring counts as wanting it; mixed with mutual peers too.
        QCOMPARE(crypto::recommendEncryption({keyring}, false, false), Recommendation::Encrypt);
        QCOMPARE(crypto::recommendEncryption({keyring, mutual}, true, false), Recommendation::Encrypt);
        // A stale key discourages, unless this answers encrypted mail.
        QCOMPARE(crypto::recommendEncryption({stale}, true, false), Recommendation::Discourage);
        QCOMPARE(crypto::recommendEncryption({stale, nopref}, true, false), Recommendation::Discourage);
        QCOMPARE(crypto::recommendEncryption({stale}, true, true), Recommendation::Encrypt);
        QCOMPARE(crypto::recommendEncryption({nopref}, true, true), Recommendation::Encrypt);
        QCOMPARE(crypto::recommendationName(Recommendation::Discourage), QStringLiteral("discourage"));
    }

    // Encrypting to a key the user accepted (imported, never made valid): only
    // when it is named as accepted, and bob can read the result.
    void encryptsToAnAcceptedKeyOnly()
    {
        GnupgHome bob;
        const QString bobFpr = bob.generateKey(QStringLiteral("Bob <bob@example.test>"));
        QVERIFY(!bobFpr.isEmpty());
        QByteArray bobKey;
        QCOMPARE(bob.gpg({QStringLiteral("--export"), bobFpr}, &bobKey), 0);
        GnupgHome alice;   // GNUPGHOME of this process from here
        QVERIFY(!alice.generateKey(QStringLiteral("Alice <alice@example.test>")).isEmpty());
        QTemporaryDir dir;
        QFile keyFile(dir.filePath(QStringLiteral("bob.gpg")));
        QVERIFY(keyFile.open(QIODevice::WriteOnly) && keyFile.write(bobKey) == bobKey.size());
        keyFile.close();
        QCOMPARE(alice.gpg({QStringLiteral("--import"), keyFile.fileName()}), 0);
        const QByteArray message = "From: alice@example.test\r\nTo: bob@example.test\r\nSubject: s\r\n\r\nsecret words\r\n";
        crypto::ProtectOptions options{false, true, crypto::Protocol::OpenPgp, {}};
        auto refused = crypto::protectForSending(message, options);   // bob's key is there, but not valid
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QLatin1String("bob@example.test")), qPrintable(refused.error().message));
        QCOMPARE(crypto::recipientsWithoutKeys(message, crypto::Protocol::OpenPgp), QStringList{QStringLiteral("bob@example.test")});
        options.acceptedKeys.insert(QStringLiteral("bob@example.test"), bobFpr);
        QCOMPARE(crypto::recipientsWithoutKeys(message, crypto::Protocol::OpenPgp, options.acceptedKeys), QStringList{});
        // Another address's acceptance does not lend bob's key to it.
        QCOMPARE(crypto::recipientsWithoutKeys("From: alice@example.test\r\nTo: carol@example.test\r\n\r\nx\r\n", crypto::Protocol::OpenPgp,
                                               options.acceptedKeys), QStringList{QStringLiteral("carol@example.test")});
        auto sent = crypto::protectForSending(message, options);
        QVERIFY2(sent, sent ? "" : qPrintable(sent.error().message));
        const QByteArray raw = sent.value().first().bytes;
        QVERIFY(!raw.contains("secret words"));
        const qsizetype begin = raw.indexOf("-----BEGIN PGP MESSAGE-----"), end = raw.indexOf("-----END PGP MESSAGE-----");
        QVERIFY(begin > 0 && end > begin);
        QFile cipher(dir.filePath(QStringLiteral("m.asc")));
        QVERIFY(cipher.open(QIODevice::WriteOnly));
        cipher.write(raw.mid(begin, end - begin + 25) + "\n");
        cipher.close();
        QByteArray plain;
        QCOMPARE(bob.gpg({QStringLiteral("--decrypt"), cipher.fileName()}, &plain), 0);
        QVERIFY2(plain.contains("secret words"), plain.constData());
    }

    // What a user sees: bob's mail arrives, his key is listed as an Autocrypt key
    // in the cache and is absent from alice's keyring until she accepts it.
    void incomingKeyStaysOutOfTheKeyringUntilAccepted()
    {
        GnupgHome bob;
        const QString bobFpr = bob.generateKey(QStringLiteral("Bob <bob@example.test>"));
        QVERIFY2(!bobFpr.isEmpty(), qPrintable(bob.lastError()));
        QByteArray bobKey;
        QCOMPARE(bob.gpg({QStringLiteral("--export"), QStringLiteral("--export-options"), QStringLiteral("export-minimal"), bobFpr}, &bobKey), 0);
        GnupgHome alice;   // the user's own keyring

        QTemporaryDir profile;
        {
            QVERIFY(QDir().mkpath(profile.filePath(QStringLiteral("cache"))));
            auto db = store::Database::open(profile.filePath(QStringLiteral("cache/cache.sqlite")));
            QVERIFY(db.ok());
            store::MessageStore messages(*db.value());
            QVERIFY(messages.insert(QStringLiteral("alice"), QStringLiteral("INBOX"),
                                    message(QStringLiteral("Bob <bob@example.test>"), "Mon, 02 Mar 2026 10:00:00 +0000",
                                            {header(QStringLiteral("bob@example.test"), bobKey, "prefer-encrypt=mutual; ")})).ok());
            // Forged: mallory's mail announcing a key for bob's address is ignored.
            QVERIFY(messages.insert(QStringLiteral("alice"), QStringLiteral("INBOX"),
                                    message(QStringLiteral("Mallory <mallory@example.test>"), "Tue, 03 Mar 2026 10:00:00 +0000",
                                            {header(QStringLiteral("bob@example.test"), fakeKey('m'))})).ok());
        }
        const QStringList p{QStringLiteral("--profile"), profile.path()};
        const auto listed = runTern(p + QStringList{QStringLiteral("keys"), QStringLiteral("--autocrypt"), QStringLiteral("--json")}, envOf(alice));
        QVERIFY2(listed.code == 0, qPrintable(listed.err));
        const QJsonArray peers = QJsonDocument::fromJson(listed.out.toUtf8()).array();
        QCOMPARE(peers.size(), 1);
        const QJsonObject b = peers.first().toObject();
        QCOMPARE(b.value(QStringLiteral("address")).toString(), QStringLiteral("bob@example.test"));
        QCOMPARE(b.value(QStringLiteral("fingerprint")).toString(), bobFpr);   // ours, computed without gpg, equals gpg's
        QCOMPARE(b.value(QStringLiteral("preferEncrypt")).toString(), QStringLiteral("mutual"));
        QCOMPARE(b.value(QStringLiteral("accepted")).toBool(), false);

        auto keyring = [&] {
            const auto r = runTern({QStringLiteral("keys"), QStringLiteral("--json")}, envOf(alice));
            return r.code == 0 ? QJsonDocument::fromJson(r.out.toUtf8()).array() : QJsonArray{QStringLiteral("tern keys failed")};
        };
        QCOMPARE(keyring().size(), 0);   // learnt, yet not in the keyring

        // Accepting without --yes says what would come in and changes nothing.
        const auto preview = runTern(p + QStringList{QStringLiteral("keys"), QStringLiteral("--accept-autocrypt"), QStringLiteral("bob@example.test")}, envOf(alice));
        QVERIFY2(preview.code == 0 && preview.out.contains(bobFpr) && preview.out.contains(QLatin1String("nothing imported")), qPrintable(preview.out + preview.err));
        QCOMPARE(keyring().size(), 0);
        // Nothing to accept for mallory (the forged header) or a stranger.
        QCOMPARE(runTern(p + QStringList{QStringLiteral("keys"), QStringLiteral("--accept-autocrypt"), QStringLiteral("mallory@example.test"),
                                        QStringLiteral("--yes")}, envOf(alice)).code, 2);

        const auto accepted = runTern(p + QStringList{QStringLiteral("keys"), QStringLiteral("--accept-autocrypt"), QStringLiteral("bob@example.test"),
                                                     QStringLiteral("--yes")}, envOf(alice));
        QVERIFY2(accepted.code == 0, qPrintable(accepted.err));
        const QJsonArray after = keyring();
        QCOMPARE(after.size(), 1);
        const QJsonObject k = after.first().toObject();
        QCOMPARE(k.value(QStringLiteral("fingerprint")).toString(), bobFpr);
        QVERIFY(!k.value(QStringLiteral("secret")).toBool());
        // Imported, not trusted: neither owner trust nor a valid user ID came with it.
        const QString validity = k.value(QStringLiteral("userIds")).toArray().first().toObject().value(QStringLiteral("validity")).toString();
        QVERIFY2(validity != QLatin1String("full") && validity != QLatin1String("ultimate") && validity != QLatin1String("marginal"), qPrintable(validity));
        const auto relisted = runTern(p + QStringList{QStringLiteral("keys"), QStringLiteral("--autocrypt"), QStringLiteral("--json")}, envOf(alice));
        QVERIFY(QJsonDocument::fromJson(relisted.out.toUtf8()).array().first().toObject().value(QStringLiteral("accepted")).toBool());
    }

    // tern send --encrypt: bob's Autocrypt key is used once accepted, not before.
    void sendEncryptsToAnAcceptedAutocryptKey()
    {
        GnupgHome bob;
        const QString bobFpr = bob.generateKey(QStringLiteral("Bob <bob@example.test>"));
        QVERIFY(!bobFpr.isEmpty());
        QByteArray bobKey;
        QCOMPARE(bob.gpg({QStringLiteral("--export"), bobFpr}, &bobKey), 0);
        GnupgHome alice;
        QVERIFY(!alice.generateKey(QStringLiteral("Alice <alice@example.test>")).isEmpty());
        QTemporaryDir dir;
        const QStringList p{QStringLiteral("--profile"), dir.filePath(QStringLiteral("profile"))};
        const auto added = runTern(p + QStringList{QStringLiteral("account"), QStringLiteral("add"), QStringLiteral("alice"), QStringLiteral("--pop3"),
                                                  QStringLiteral("pop3+insecure://alice@127.0.0.1:9"), QStringLiteral("--smtp"),
                                                  QStringLiteral("smtp+insecure://alice@127.0.0.1:9"), QStringLiteral("--address"), QStringLiteral("alice@example.test")},
                                   envOf(alice));
        QVERIFY2(added.code == 0, qPrintable(added.err));
        const QString cache = dir.filePath(QStringLiteral("profile/cache/cache.sqlite"));
        {
            QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("profile/cache"))));
            auto db = store::Database::open(cache);
            QVERIFY(db.ok());
            QVERIFY(store::MessageStore(*db.value()).insert(QStringLiteral("alice"), QStringLiteral("INBOX"),
                        message(QStringLiteral("Bob <bob@example.test>"), "Mon, 02 Mar 2026 10:00:00 +0000",
                                {header(QStringLiteral("bob@example.test"), bobKey, "prefer-encrypt=mutual; ")})).ok());
        }
        QFile mail(dir.filePath(QStringLiteral("m.eml")));
        QVERIFY(mail.open(QIODevice::WriteOnly));
        mail.write("From: Alice <alice@example.test>\r\nTo: bob@example.test\r\nSubject: s\r\nMessage-ID: <ac1@example.test>\r\n\r\nsecret words\r\n");
        mail.close();
        const QStringList send = p + QStringList{QStringLiteral("send"), QStringLiteral("alice"), mail.fileName(), QStringLiteral("--encrypt"), QStringLiteral("--later")};
        const auto refused = runTern(send, envOf(alice));
        QVERIFY2(refused.code != 0 && refused.err.contains(QLatin1String("bob@example.test")), qPrintable(refused.err));
        QCOMPARE(runTern(p + QStringList{QStringLiteral("keys"), QStringLiteral("--accept-autocrypt"), QStringLiteral("bob@example.test"), QStringLiteral("--yes")},
                         envOf(alice)).code, 0);
        const auto sent = runTern(send, envOf(alice));
        QVERIFY2(sent.code == 0, qPrintable(sent.err));
        auto db = store::Database::open(cache);
        QVERIFY(db.ok());
        auto q = db.value()->exec(QStringLiteral("SELECT raw FROM outbox"));
        QVERIFY(q && q.value().next());
        const QByteArray raw = q.value().value(0).toByteArray();
        QVERIFY2(raw.contains("multipart/encrypted") && !raw.contains("secret words"), raw.constData());
        const qsizetype begin = raw.indexOf("-----BEGIN PGP MESSAGE-----"), end = raw.indexOf("-----END PGP MESSAGE-----");
        QVERIFY(begin > 0 && end > begin);
        QFile cipher(dir.filePath(QStringLiteral("m.asc")));
        QVERIFY(cipher.open(QIODevice::WriteOnly));
        cipher.write(raw.mid(begin, end - begin + 25) + "\n");
        cipher.close();
        QByteArray plain;
        QCOMPARE(bob.gpg({QStringLiteral("--decrypt"), cipher.fileName()}, &plain), 0);
        QVERIFY2(plain.contains("secret words"), plain.constData());
    }
};

QTEST_GUILESS_MAIN(TestAutocrypt)
#include "tst_autocrypt.moc"
