// Writing signed and encrypted mail, and listing keys (issue #6, points 1, 4,
// 5): `tern compose --sign/--encrypt` puts PGP/MIME (RFC 3156) on the wire with
// keys chosen from the sender's keyring, refuses by name a recipient without a
// valid key, encrypts to the sender too; the recipient's Tern (another GnuPG
// home) reads it back with its verdict. `tern keys` shows what gpg knows.
#include "GnupgHome.h"
#include "TernProcess.h"

#include "crypto/KeyStore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using tern::test::GnupgHome;
using tern::test::runTern;

class TestCryptoCompose : public QObject {
    Q_OBJECT
    std::unique_ptr<GnupgHome> m_alice, m_bob;
    QString m_aliceFpr, m_bobFpr;
    QTemporaryDir m_dir;
    const QString m_longLine = QStringLiteral("This sentence is long enough that the flowed encoder has to wrap it at least once, maybe twice.");

    QProcessEnvironment envOf(const GnupgHome &home)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("GNUPGHOME"), home.path());
        return env;
    }

    // `other` learns `home`'s key for `address`, and certifies it when asked.
    void introduce(GnupgHome &home, const QString &address, GnupgHome &other, const QString &fpr, bool certify)
    {
        QByteArray key;
        QCOMPARE(home.gpg({QStringLiteral("--armor"), QStringLiteral("--export"), address}, &key), 0);
        const QString file = m_dir.filePath(address + QStringLiteral(".asc"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write(key) == key.size());
        f.close();
        QCOMPARE(other.gpg({QStringLiteral("--import"), file}), 0);
        if (certify)
            QVERIFY2(other.gpg({QStringLiteral("--pinentry-mode"), QStringLiteral("loopback"), QStringLiteral("--passphrase"), QString(),
                                QStringLiteral("--quick-lsign-key"), fpr}) == 0, qPrintable(other.lastError()));
    }

    QString write(const QString &name, const QString &text)
    {
        QFile f(m_dir.filePath(name));
        f.open(QIODevice::WriteOnly);
        f.write(text.toUtf8());
        return f.fileName();
    }

    QJsonObject renderAs(const GnupgHome &home, const QString &file)
    {
        const auto r = runTern({QStringLiteral("render"), QStringLiteral("--json"), file}, envOf(home));
        return r.code == 0 ? QJsonDocument::fromJson(r.out.toUtf8()).object() : QJsonObject();
    }

    QStringList composeArgs(const QStringList &extra)
    {
        return QStringList{QStringLiteral("compose"), QStringLiteral("--from"), QStringLiteral("Alice <alice@example.test>"),
                           QStringLiteral("--subject"), QStringLiteral("The merger"), QStringLiteral("--body-file"),
                           write(QStringLiteral("body.txt"), QStringLiteral("We buy ACME on Friday.\n"))} + extra;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_bob = std::make_unique<GnupgHome>();
        m_alice = std::make_unique<GnupgHome>();
        m_aliceFpr = m_alice->generateKey(QStringLiteral("Alice <alice@example.test>"));
        m_bobFpr = m_bob->generateKey(QStringLiteral("Bob <bob@example.test>"));
        QVERIFY2(!m_aliceFpr.isEmpty() && !m_bobFpr.isEmpty(), qPrintable(m_alice->lastError() + m_bob->lastError()));
        introduce(*m_alice, QStringLiteral("alice@example.test"), *m_bob, m_aliceFpr, true);
        introduce(*m_bob, QStringLiteral("bob@example.test"), *m_alice, m_bobFpr, false);   // alice has bob's key but has not certified it yet
    }

    void keysListsValidityTrustAndUserIds()
    {
        const auto r = runTern({QStringLiteral("keys"), QStringLiteral("--json")}, envOf(*m_alice));
        QCOMPARE(r.code, 0);
        const QJsonArray keys = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(keys.size(), 2);
        QHash<QString, QJsonObject> byFpr;
        for (const auto &k : keys)
            byFpr.insert(k.toObject().value(QStringLiteral("fingerprint")).toString(), k.toObject());
        const QJsonObject alice = byFpr.value(m_aliceFpr), bob = byFpr.value(m_bobFpr);
        QCOMPARE(alice.value(QStringLiteral("ownerTrust")).toString(), QStringLiteral("ultimate"));
        QCOMPARE(alice.value(QStringLiteral("userIds")).toArray().first().toObject().value(QStringLiteral("validity")).toString(), QStringLiteral("ultimate"));
        QCOMPARE(alice.value(QStringLiteral("userIds")).toArray().first().toObject().value(QStringLiteral("id")).toString(), QStringLiteral("Alice <alice@example.test>"));
        QCOMPARE(bob.value(QStringLiteral("userIds")).toArray().first().toObject().value(QStringLiteral("validity")).toString(), QStringLiteral("unknown"));
        QCOMPARE(bob.value(QStringLiteral("userIds")).toArray().first().toObject().value(QStringLiteral("address")).toString(), QStringLiteral("bob@example.test"));
        QCOMPARE(bob.value(QStringLiteral("expires")).toString(), QString());
        // --secret: only the keys this home can sign with.
        const auto secret = runTern({QStringLiteral("keys"), QStringLiteral("--secret")}, envOf(*m_alice));
        QCOMPARE(secret.code, 0);
        QVERIFY2(secret.out.contains(m_aliceFpr) && !secret.out.contains(m_bobFpr), qPrintable(secret.out));
    }

    void encryptingToARecipientWithoutAValidKeyFailsNamingThem()
    {
        // bob's key is there but uncertified; carol has none: neither is used silently.
        const auto r = runTern(composeArgs({QStringLiteral("--to"), QStringLiteral("bob@example.test"), QStringLiteral("--cc"),
                                            QStringLiteral("carol@example.test"), QStringLiteral("--encrypt")}), envOf(*m_alice));
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QLatin1String("bob@example.test")) && r.err.contains(QLatin1String("carol@example.test")), qPrintable(r.err));
        QVERIFY(!r.out.contains(QLatin1String("ACME")));
    }

    void signedAndEncryptedRoundTrip()
    {
        QVERIFY2(m_alice->gpg({QStringLiteral("--pinentry-mode"), QStringLiteral("loopback"), QStringLiteral("--passphrase"), QString(),
                               QStringLiteral("--quick-lsign-key"), m_bobFpr}) == 0, qPrintable(m_alice->lastError()));
        const auto r = runTern(composeArgs({QStringLiteral("--to"), QStringLiteral("Bob <bob@example.test>"), QStringLiteral("--sign"),
                                            QStringLiteral("--encrypt")}), envOf(*m_alice));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        // On the wire: RFC 3156 §4, nothing readable, the Subject hidden.
        QVERIFY2(r.out.contains(QLatin1String("Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"")), qPrintable(r.out));
        QVERIFY(r.out.contains(QLatin1String("\r\nVersion: 1\r\n")));
        QVERIFY(r.out.contains(QLatin1String("-----BEGIN PGP MESSAGE-----")));
        QVERIFY(!r.out.contains(QLatin1String("ACME")));
        QVERIFY(!r.out.contains(QLatin1String("merger")));
        QVERIFY(r.out.contains(QLatin1String("\r\nSubject: ...\r\n")));
        const QString file = write(QStringLiteral("sent.eml"), r.out);
        // Bob reads it: decrypted, signed by alice, the real Subject.
        const QJsonObject bob = renderAs(*m_bob, file);
        const QJsonObject sec = bob.value(QStringLiteral("security")).toObject();
        QCOMPARE(sec.value(QStringLiteral("decryption")).toString(), QStringLiteral("decrypted"));
        QCOMPARE(sec.value(QStringLiteral("signature")).toString(), QStringLiteral("valid"));
        QVERIFY(bob.value(QStringLiteral("text")).toString().contains(QLatin1String("We buy ACME on Friday.")));
        QCOMPARE(sec.value(QStringLiteral("protectedSubject")).toString(), QStringLiteral("The merger"));
        // Alice can read her own sent copy: encrypted to herself too.
        const QJsonObject self = renderAs(*m_alice, file);
        QCOMPARE(self.value(QStringLiteral("security")).toObject().value(QStringLiteral("decryption")).toString(), QStringLiteral("decrypted"));
        // A home with neither key cannot.
        GnupgHome stranger;
        const QJsonObject none = renderAs(stranger, file);
        QCOMPARE(none.value(QStringLiteral("security")).toObject().value(QStringLiteral("decryption")).toString(), QStringLiteral("no-secret-key"));
        QVERIFY(!none.value(QStringLiteral("text")).toString().contains(QLatin1String("ACME")));
    }

    void replyToEncryptedQuotesTheDecryptedTextAndIsEncrypted()
    {
        QVERIFY(QFile::exists(m_dir.filePath(QStringLiteral("sent.eml"))));
        const auto r = runTern({QStringLiteral("compose"), QStringLiteral("--from"), QStringLiteral("Bob <bob@example.test>"), QStringLiteral("--reply"),
                                m_dir.filePath(QStringLiteral("sent.eml")), QStringLiteral("--body-file"), write(QStringLiteral("answer.txt"), QStringLiteral("Agreed.\n"))},
                               envOf(*m_bob));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QLatin1String("multipart/encrypted")), "a reply to encrypted mail went out in clear");
        QVERIFY(!r.out.contains(QLatin1String("ACME")));
        const QJsonObject alice = renderAs(*m_alice, write(QStringLiteral("reply.eml"), r.out));
        QCOMPARE(alice.value(QStringLiteral("security")).toObject().value(QStringLiteral("decryption")).toString(), QStringLiteral("decrypted"));
        QVERIFY2(alice.value(QStringLiteral("text")).toString().contains(QLatin1String("> We buy ACME on Friday.")), qPrintable(alice.value(QStringLiteral("text")).toString()));
        QCOMPARE(alice.value(QStringLiteral("security")).toObject().value(QStringLiteral("protectedSubject")).toString(), QStringLiteral("Re: The merger"));
    }

    void replyToAnAttackerWrappingStolenCiphertextQuotesNothingDecrypted()
    {
        // "Re: What's up Johnny": mallory wraps the ciphertext alice sent bob in his own mail and hopes bob's reply quotes it decrypted.
        const QByteArray sent = [this] { QFile f(m_dir.filePath(QStringLiteral("sent.eml"))); f.open(QIODevice::ReadOnly); return f.readAll(); }();
        const qsizetype body = sent.indexOf("\r\n\r\n");
        const QByteArray contentType = sent.mid(sent.indexOf("Content-Type: multipart/encrypted"), body - sent.indexOf("Content-Type: multipart/encrypted"));
        const QString attack = write(QStringLiteral("mallory.eml"),
                                     QString::fromUtf8("From: Mallory <mallory@example.test>\r\nTo: Bob <bob@example.test>\r\nSubject: Quick question\r\n"
                                                       "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"m\"\r\n\r\n--m\r\n"
                                                       "Content-Type: text/plain\r\n\r\nWhat do you think?\r\n--m\r\n" + contentType + "\r\n" +
                                                       sent.mid(body + 4) + "\r\n--m--\r\n"));
        const auto r = runTern({QStringLiteral("compose"), QStringLiteral("--from"), QStringLiteral("Bob <bob@example.test>"), QStringLiteral("--reply"), attack,
                                QStringLiteral("--body-file"), write(QStringLiteral("answer2.txt"), QStringLiteral("No idea.\n"))}, envOf(*m_bob));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QLatin1String("> What do you think?")), qPrintable(r.out));
        QVERIFY2(!r.out.contains(QLatin1String("ACME")), qPrintable(r.out));
    }

    void keyChoiceFollowsTheKeyringAsItChanges()
    {
        // Key listings are reused within a process while the home's files are unchanged: a key imported
        // and certified a moment later must be used, one that is not yet certified must not.
        GnupgHome home;   // GNUPGHOME for this process while it lives
        QVERIFY(!home.generateKey(QStringLiteral("Dave <dave@example.test>")).isEmpty());
        QCOMPARE(tern::crypto::keysForRecipients(tern::crypto::Protocol::OpenPgp, {QStringLiteral("erin@example.test")}).missing.size(), 1);
        QString erinFpr;
        {
            GnupgHome other;
            erinFpr = other.generateKey(QStringLiteral("Erin <erin@example.test>"));
            QByteArray key;
            QCOMPARE(other.gpg({QStringLiteral("--armor"), QStringLiteral("--export"), QStringLiteral("erin@example.test")}, &key), 0);
            QFile f(m_dir.filePath(QStringLiteral("erin.asc")));
            QVERIFY(f.open(QIODevice::WriteOnly) && f.write(key) == key.size());
        }
        QCOMPARE(home.gpg({QStringLiteral("--import"), m_dir.filePath(QStringLiteral("erin.asc"))}), 0);
        QCOMPARE(tern::crypto::keysForRecipients(tern::crypto::Protocol::OpenPgp, {QStringLiteral("erin@example.test")}).missing.size(), 1);
        QVERIFY(home.gpg({QStringLiteral("--pinentry-mode"), QStringLiteral("loopback"), QStringLiteral("--passphrase"), QString(),
                          QStringLiteral("--quick-lsign-key"), erinFpr}) == 0);
        const auto chosen = tern::crypto::keysForRecipients(tern::crypto::Protocol::OpenPgp, {QStringLiteral("erin@example.test")});
        QVERIFY(chosen.missing.isEmpty());
        QCOMPARE(chosen.fingerprints, QStringList{erinFpr});
    }

    void signedOnlyVerifiesAndBreaksWhenChanged()
    {
        // Flowed text wraps with a space at each line's end; "From " at a line's start is rewritten by some relays.
        const QString body = QStringLiteral("We buy ACME on Friday. ") + m_longLine + QStringLiteral("\nFrom here on it is secret.\n");
        const auto r = runTern({QStringLiteral("compose"), QStringLiteral("--from"), QStringLiteral("Alice <alice@example.test>"), QStringLiteral("--subject"),
                                QStringLiteral("Signed"), QStringLiteral("--body-file"), write(QStringLiteral("long.txt"), body), QStringLiteral("--attach"),
                                write(QStringLiteral("notes.txt"), QStringLiteral("trailing space \nthere\n")), QStringLiteral("--to"),
                                QStringLiteral("bob@example.test"), QStringLiteral("--sign")}, envOf(*m_alice));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QLatin1String("Content-Type: multipart/signed; micalg=pgp-sha")), qPrintable(r.out));
        QVERIFY(r.out.contains(QLatin1String("protocol=\"application/pgp-signature\"")));
        const QJsonObject good = renderAs(*m_bob, write(QStringLiteral("signed.eml"), r.out));
        QCOMPARE(good.value(QStringLiteral("security")).toObject().value(QStringLiteral("signature")).toString(), QStringLiteral("valid"));
        QVERIFY(good.value(QStringLiteral("text")).toString().contains(QLatin1String("ACME")));
        // A relay that strips white space at line ends, as some do, leaves the signature intact (RFC 3156 §3).
        QString stripped;
        for (const QString &line : r.out.split(QStringLiteral("\r\n")))
            stripped += line.trimmed().isEmpty() ? QStringLiteral("\r\n") : QString(line).remove(QRegularExpression(QStringLiteral("[ \t]+$"))) + QStringLiteral("\r\n");
        const QJsonObject relayed = renderAs(*m_bob, write(QStringLiteral("relayed.eml"), stripped));
        QCOMPARE(relayed.value(QStringLiteral("security")).toObject().value(QStringLiteral("signature")).toString(), QStringLiteral("valid"));
        QVERIFY2(relayed.value(QStringLiteral("text")).toString().contains(m_longLine), qPrintable(relayed.value(QStringLiteral("text")).toString()));
        QString changed = r.out;
        changed.replace(QLatin1String("Friday"), QLatin1String("Monday"));
        const QJsonObject bad = renderAs(*m_bob, write(QStringLiteral("changed.eml"), changed));
        QCOMPARE(bad.value(QStringLiteral("security")).toObject().value(QStringLiteral("signature")).toString(), QStringLiteral("bad"));
    }
};

QTEST_GUILESS_MAIN(TestCryptoCompose)
#include "tst_crypto_compose.moc"
