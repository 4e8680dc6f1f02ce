// Writing protected mail beyond PGP/MIME to the visible recipients (issue #6,
// point 4): S/MIME signing and encryption with certificates gpgsm makes at
// test time, read back by the recipient's Tern in another GnuPG home; blind
// copies that no other reader's ciphertext names; drafts stored encrypted to
// their writer in the Drafts folder and the offline journal.
#include "GnupgHome.h"
#include "TernProcess.h"

#include "crypto/PgpMimeWriter.h"
#include "store/Database.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using tern::test::GnupgHome;
using tern::test::runTern;

namespace {

QProcessEnvironment envOf(const QString &home)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("GNUPGHOME"), home);
    return env;
}

// A tool run against `home`; its stdout, or empty on failure (the reason in *error).
QByteArray run(const QString &tool, const QString &home, const QStringList &args, const QByteArray &input = {}, QString *error = nullptr)
{
    // The input as a file: gpgsm takes its parameters only so.
    QTemporaryDir dir;
    QStringList files;
    if (!input.isEmpty()) {
        QFile f(dir.filePath(QStringLiteral("input")));
        if (!f.open(QIODevice::WriteOnly) || f.write(input) != input.size())
            return {};
        files << f.fileName();
    }
    QProcess p;
    p.setStandardInputFile(QProcess::nullDevice());
    p.start(tool, QStringList{QStringLiteral("--homedir"), home, QStringLiteral("--batch"), QStringLiteral("--pinentry-mode"), QStringLiteral("loopback"),
                              QStringLiteral("--passphrase"), QString()} + args + files);
    if (!p.waitForFinished(120000) || p.exitCode() != 0) {
        if (error)
            *error = QString::fromUtf8(p.readAllStandardError());
        return {};
    }
    return p.readAllStandardOutput();
}

QString fingerprintIn(const QByteArray &colons)
{
    for (const QByteArray &line : colons.split('\n'))
        if (line.startsWith("fpr:"))
            return QString::fromLatin1(line.split(':').value(9));
    return {};
}

// The key IDs a reader of this OpenPGP ciphertext sees (one per public-key encrypted session key packet).
QStringList keyIdsNamedBy(const QByteArray &armored)
{
    QProcess p;
    GnupgHome empty;   // no secret key: gpg lists the packets and cannot decrypt
    p.start(QStringLiteral("gpg"), {QStringLiteral("--homedir"), empty.path(), QStringLiteral("--batch"), QStringLiteral("--list-packets")});
    p.write(armored);
    p.closeWriteChannel();
    p.waitForFinished(60000);
    QStringList ids;
    for (const QByteArray &line : (p.readAllStandardOutput() + p.readAllStandardError()).split('\n'))
        if (const qsizetype at = line.indexOf("keyid "); line.contains("pubkey enc packet") && at >= 0)
            ids << QString::fromLatin1(line.mid(at + 6, 16)).toUpper();
    return ids;
}

QByteArray armoredBlock(const QByteArray &message)
{
    const qsizetype a = message.indexOf("-----BEGIN PGP MESSAGE-----"), b = message.indexOf("-----END PGP MESSAGE-----");
    return a < 0 || b < 0 ? QByteArray() : message.mid(a, b - a + 25);
}

} // namespace

class TestCryptoWriting : public QObject {
    Q_OBJECT
    std::unique_ptr<GnupgHome> m_alice, m_bob;
    QTemporaryDir m_dir;
    QString m_aliceCert, m_bobCert;

    // A self-signed S/MIME certificate with its key in `home`, trusted there as a root.
    QString makeCertificate(const QString &home, const QByteArray &cn, const QByteArray &email, QByteArray *der)
    {
        QFile conf(home + QStringLiteral("/gpgsm.conf"));
        if (!conf.exists() && conf.open(QIODevice::WriteOnly))
            conf.write("disable-crl-checks\n");   // no CRL for a certificate made a second ago
        conf.close();
        QString error;
        *der = run(QStringLiteral("gpgsm"), home, {QStringLiteral("--gen-key")},
                   "Key-Type: RSA\nKey-Length: 2048\nKey-Usage: sign, encrypt\nSerial: random\nName-DN: CN=" + cn + ",O=Tern Test\nName-Email: " + email + "\n%commit\n",
                   &error);
        if (der->isEmpty()) {
            qWarning("gpgsm --gen-key: %s", qPrintable(error));
            return {};
        }
        return importCertificate(home, *der, email);
    }

    // `der` imported into `home` and trusted as a root there (what a user does for a peer's self-signed certificate).
    QString importCertificate(const QString &home, const QByteArray &der, const QByteArray &email)
    {
        run(QStringLiteral("gpgsm"), home, {QStringLiteral("--import")}, der);
        const QString fpr = fingerprintIn(run(QStringLiteral("gpgsm"), home, {QStringLiteral("--with-colons"), QStringLiteral("--list-keys"),
                                                                               QStringLiteral("<%1>").arg(QString::fromLatin1(email))}));
        QFile trust(home + QStringLiteral("/trustlist.txt"));
        if (!fpr.isEmpty() && trust.open(QIODevice::Append))
            trust.write(fpr.toLatin1() + " S relax\n");
        trust.close();
        // gpg-agent keeps the trust list it read: tell it to read it again.
        QProcess::execute(QStringLiteral("gpgconf"), {QStringLiteral("--homedir"), home, QStringLiteral("--reload"), QStringLiteral("gpg-agent")});
        return fpr;
    }

    QString write(const QString &name, const QByteArray &bytes)
    {
        QFile f(m_dir.filePath(name));
        f.open(QIODevice::WriteOnly | QIODevice::Truncate);
        f.write(bytes);
        return f.fileName();
    }

    QJsonObject renderAs(const QString &home, const QString &file)
    {
        const auto r = runTern({QStringLiteral("render"), QStringLiteral("--json"), file}, envOf(home));
        return r.code == 0 ? QJsonDocument::fromJson(r.out.toUtf8()).object() : QJsonObject();
    }

    tern::test::TernRun compose(const QStringList &extra)
    {
        return runTern(QStringList{QStringLiteral("compose"), QStringLiteral("--from"), QStringLiteral("Alice <alice@example.test>"), QStringLiteral("--subject"),
                                   QStringLiteral("Budget 2027"), QStringLiteral("--body-file"),
                                   write(QStringLiteral("body.txt"), "The S/MIME budget is 100 EUR.\nTrailing space here \n")} + extra,
                       envOf(m_alice->path()));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_bob = std::make_unique<GnupgHome>();
        m_alice = std::make_unique<GnupgHome>();
        QByteArray aliceDer, bobDer;
        m_aliceCert = makeCertificate(m_alice->path(), "Alice", "alice@example.test", &aliceDer);
        m_bobCert = makeCertificate(m_bob->path(), "Bob", "bob@example.test", &bobDer);
        QVERIFY2(!m_aliceCert.isEmpty() && !m_bobCert.isEmpty(), "gpgsm could not make the certificates");
        // Each trusts the other's certificate, as after exchanging signed mail.
        QCOMPARE(importCertificate(m_bob->path(), aliceDer, "alice@example.test"), m_aliceCert);
        QCOMPARE(importCertificate(m_alice->path(), bobDer, "bob@example.test"), m_bobCert);
    }

    void smimeSignedVerifiesForTheRecipientAndBreaksWhenChanged()
    {
        const auto r = compose({QStringLiteral("--to"), QStringLiteral("Bob <bob@example.test>"), QStringLiteral("--sign"), QStringLiteral("--smime")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        // RFC 8551 §3.5.3: multipart/signed, a base64 DER signature, the text readable.
        QVERIFY2(r.out.contains(QLatin1String("Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; micalg=sha-256")), qPrintable(r.out));
        QVERIFY(r.out.contains(QLatin1String("Content-Type: application/pkcs7-signature; name=\"smime.p7s\"")));
        QVERIFY(r.out.contains(QLatin1String("100 EUR")));
        const QJsonObject bob = renderAs(m_bob->path(), write(QStringLiteral("smime-signed.eml"), r.out.toUtf8()));
        const QJsonObject sec = bob.value(QStringLiteral("security")).toObject();
        QCOMPARE(sec.value(QStringLiteral("signature")).toString(), QStringLiteral("valid"));
        QCOMPARE(sec.value(QStringLiteral("form")).toString(), QStringLiteral("smime-detached"));
        QVERIFY(bob.value(QStringLiteral("text")).toString().contains(QLatin1String("100 EUR")));
        QString changed = r.out;
        changed.replace(QLatin1String("100 EUR"), QLatin1String("900 EUR"));
        const QJsonObject bad = renderAs(m_bob->path(), write(QStringLiteral("smime-changed.eml"), changed.toUtf8()));
        QCOMPARE(bad.value(QStringLiteral("security")).toObject().value(QStringLiteral("signature")).toString(), QStringLiteral("bad"));
    }

    void smimeSignedAndEncryptedRoundTrip()
    {
        const auto r = compose({QStringLiteral("--to"), QStringLiteral("Bob <bob@example.test>"), QStringLiteral("--sign"), QStringLiteral("--encrypt"),
                                QStringLiteral("--smime")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QLatin1String("Content-Type: application/pkcs7-mime; smime-type=enveloped-data")), qPrintable(r.out));
        QVERIFY(!r.out.contains(QLatin1String("100 EUR")));
        QVERIFY(!r.out.contains(QLatin1String("Budget")));
        QVERIFY(r.out.contains(QLatin1String("\r\nSubject: ...\r\n")));
        const QString file = write(QStringLiteral("smime-sealed.eml"), r.out.toUtf8());
        // Bob decrypts, alice's signature inside is valid, the real Subject is shown.
        const QJsonObject bob = renderAs(m_bob->path(), file);
        const QJsonObject sec = bob.value(QStringLiteral("security")).toObject();
        QCOMPARE(sec.value(QStringLiteral("decryption")).toString(), QStringLiteral("decrypted"));
        QCOMPARE(sec.value(QStringLiteral("signature")).toString(), QStringLiteral("valid"));
        QCOMPARE(sec.value(QStringLiteral("protectedSubject")).toString(), QStringLiteral("Budget 2027"));
        QVERIFY(bob.value(QStringLiteral("text")).toString().contains(QLatin1String("100 EUR")));
        // Encrypted to self: alice reads her sent copy; a stranger reads nothing.
        QCOMPARE(renderAs(m_alice->path(), file).value(QStringLiteral("security")).toObject().value(QStringLiteral("decryption")).toString(),
                 QStringLiteral("decrypted"));
        GnupgHome stranger;
        const QJsonObject none = renderAs(stranger.path(), file);
        QVERIFY(none.value(QStringLiteral("security")).toObject().value(QStringLiteral("decryption")).toString() != QLatin1String("decrypted"));
        QVERIFY(!none.value(QStringLiteral("text")).toString().contains(QLatin1String("100 EUR")));
    }

    void smimeRecipientWithoutCertificateIsRefusedByName()
    {
        const auto r = compose({QStringLiteral("--to"), QStringLiteral("Bob <bob@example.test>"), QStringLiteral("--cc"), QStringLiteral("carol@example.test"),
                                QStringLiteral("--encrypt"), QStringLiteral("--smime")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QLatin1String("carol@example.test")) && r.err.contains(QLatin1String("S/MIME certificate")), qPrintable(r.err));
        QVERIFY2(!r.err.contains(QLatin1String("bob@example.test")), qPrintable(r.err));
        QVERIFY(!r.out.contains(QLatin1String("100 EUR")));
        QByteArray message = "From: alice@example.test\r\nTo: bob@example.test, carol@example.test\r\nSubject: x\r\n\r\nx\r\n";
        qputenv("GNUPGHOME", QFile::encodeName(m_alice->path()));
        QCOMPARE(tern::crypto::recipientsWithoutKeys(message, tern::crypto::Protocol::Cms), QStringList{QStringLiteral("carol@example.test")});
    }

    void blindCopiesAreEncryptedApart()
    {
        // OpenPGP keys for alice (the sender), bob (To) and carol (Bcc), all valid in one home.
        GnupgHome home;
        QMap<QString, QString> fpr;
        for (const QString &who : {QStringLiteral("alice"), QStringLiteral("bob"), QStringLiteral("carol")})
            fpr[who] = home.generateKey(QStringLiteral("%1 <%2@example.test>").arg(who, who));
        QVERIFY2(!fpr.values().contains(QString()), qPrintable(home.lastError()));
        // The encryption subkey's ID is what a ciphertext names.
        QMap<QString, QString> subkey;
        for (auto it = fpr.cbegin(); it != fpr.cend(); ++it) {
            QByteArray colons;
            home.gpg({QStringLiteral("--with-colons"), QStringLiteral("--list-keys"), it.value()}, &colons);
            for (const QByteArray &line : colons.split('\n'))
                if (line.startsWith("sub:"))
                    subkey[it.key()] = QString::fromLatin1(line.split(':').value(4));
        }
        const QByteArray message = "From: Alice <alice@example.test>\r\nTo: Bob <bob@example.test>\r\nBcc: carol@example.test\r\n"
                                   "Subject: Offer\r\nMessage-ID: <offer@example.test>\r\nContent-Type: text/plain\r\n\r\nWe offer 5 M.\r\n";
        auto copies = tern::crypto::protectForSending(message, {true, true, tern::crypto::Protocol::OpenPgp, {}});
        QVERIFY2(copies, copies ? "" : qPrintable(copies.error().message));
        QCOMPARE(copies.value().size(), 2);
        const auto &visible = copies.value().at(0), &blind = copies.value().at(1);
        QCOMPARE(visible.recipients, QList<QByteArray>{"bob@example.test"});
        QCOMPARE(blind.recipients, QList<QByteArray>{"carol@example.test"});
        QVERIFY(visible.keepInSent && !blind.keepInSent);
        for (const auto &c : copies.value()) {
            QVERIFY2(!c.bytes.contains("Bcc:") && !c.bytes.contains("carol") && !c.bytes.contains("5 M"), c.bytes.constData());
            QVERIFY(c.bytes.contains("Message-ID: <offer@example.test>"));
        }
        // Bob (and anyone he shows it to) sees his key and alice's named, never carol's.
        QStringList named = keyIdsNamedBy(armoredBlock(visible.bytes));
        named.sort();
        QStringList expected{subkey.value(QStringLiteral("alice")), subkey.value(QStringLiteral("bob"))};
        expected.sort();
        QCOMPARE(named, expected);
        named = keyIdsNamedBy(armoredBlock(blind.bytes));
        named.sort();
        expected = QStringList{subkey.value(QStringLiteral("alice")), subkey.value(QStringLiteral("carol"))};
        expected.sort();
        QCOMPARE(named, expected);
        // Unencrypted or signed only: one copy to all three, no Bcc field.
        auto plain = tern::crypto::protectForSending(message, {true, false, tern::crypto::Protocol::OpenPgp, {}});
        QVERIFY(plain);
        QCOMPARE(plain.value().size(), 1);
        QCOMPARE(plain.value().first().recipients, (QList<QByteArray>{"bob@example.test", "carol@example.test"}));
        QVERIFY(!plain.value().first().bytes.contains("Bcc:") && !plain.value().first().bytes.contains("carol"));
        // A missing key anywhere (here a Bcc recipient's) stops everything: nothing is encrypted to the others.
        const QByteArray toDave = QByteArray(message).replace("Bcc: carol@example.test", "Bcc: dave@example.test");
        auto refused = tern::crypto::protectForSending(toDave, {false, true, tern::crypto::Protocol::OpenPgp, {}});
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QLatin1String("dave@example.test")), qPrintable(refused.error().message));
    }

    void sendQueuesOneCopyPerBlindRecipientAndKeepsOneInSent()
    {
        // tern send --encrypt --later: what waits in the outbox.
        GnupgHome home;
        for (const QString &who : {QStringLiteral("alice"), QStringLiteral("bob"), QStringLiteral("carol")})
            QVERIFY(!home.generateKey(QStringLiteral("%1 <%2@example.test>").arg(who, who)).isEmpty());
        const QString profile = m_dir.filePath(QStringLiteral("profile-send"));
        const auto env = envOf(home.path());
        const auto added = runTern({QStringLiteral("--profile"), profile, QStringLiteral("account"), QStringLiteral("add"), QStringLiteral("alice"),
                                    QStringLiteral("--pop3"), QStringLiteral("pop3+insecure://alice@127.0.0.1:9"), QStringLiteral("--smtp"),
                                    QStringLiteral("smtp+insecure://alice@127.0.0.1:9"), QStringLiteral("--address"), QStringLiteral("alice@example.test")},
                                   env);
        QVERIFY2(added.code == 0, qPrintable(added.err));
        const QString file = write(QStringLiteral("bcc.eml"), "From: Alice <alice@example.test>\r\nTo: bob@example.test\r\nBcc: carol@example.test\r\n"
                                                               "Subject: Offer\r\nMessage-ID: <o2@example.test>\r\n\r\nWe offer 5 M.\r\n");
        const auto sent = runTern({QStringLiteral("--profile"), profile, QStringLiteral("send"), QStringLiteral("alice"), file, QStringLiteral("--encrypt"),
                                   QStringLiteral("--later")}, env);
        QVERIFY2(sent.code == 0, qPrintable(sent.err));
        auto db = tern::store::Database::open(profile + QStringLiteral("/cache/cache.sqlite"));
        QVERIFY(db);
        auto q = db.value()->exec(QStringLiteral("SELECT rcpts, raw, sent_copy FROM outbox ORDER BY id"));
        QVERIFY(q);
        QStringList rows;
        while (q.value().next()) {
            const QByteArray raw = q.value().value(1).toByteArray();
            QVERIFY2(!raw.contains("5 M") && !raw.contains("Bcc") && raw.contains("multipart/encrypted"), raw.constData());
            rows << q.value().value(0).toString().simplified() + QLatin1Char(' ') + q.value().value(2).toString();
        }
        QCOMPARE(rows, (QStringList{QStringLiteral("bob@example.test local"), QStringLiteral("carol@example.test skip")}));
    }

    void autocryptHeaderCarriesTheSendersKey()
    {
        // Autocrypt Level 1 §2.1: outside any encryption, one per message, only from an identity with a key.
        GnupgHome home;
        const QString fpr = home.generateKey(QStringLiteral("Alice <alice@example.test>"));
        QVERIFY(!fpr.isEmpty());
        const QByteArray message = "From: Alice <Alice@example.test>\r\nTo: bob@example.test\r\nAutocrypt: addr=alice@example.test; keydata=Zm9v\r\n"
                                   "Subject: Hi\r\n\r\nHello\r\n";
        auto copies = tern::crypto::protectForSending(message, {});
        QVERIFY(copies && copies.value().size() == 1);
        const QByteArray raw = copies.value().first().bytes;
        QCOMPARE(raw.count("Autocrypt:"), 1);
        const qsizetype at = raw.indexOf("Autocrypt: addr=alice@example.test; prefer-encrypt=mutual; keydata=");
        QVERIFY2(at >= 0 && at < raw.indexOf("\r\n\r\n"), raw.constData());
        QByteArray value = raw.mid(at, raw.indexOf("\r\n\r\n") - at);
        value = value.left(value.indexOf("\r\nTo:") >= 0 ? value.indexOf("\r\nTo:") : value.size());   // the header's own (folded) lines
        for (const QByteArray &line : value.split('\n'))
            QVERIFY2(line.size() <= 79, line.constData());
        QByteArray keydata = value.mid(value.indexOf("keydata=") + 8);
        keydata.replace("\r\n ", "");
        keydata = keydata.left(keydata.indexOf("\r\n") >= 0 ? keydata.indexOf("\r\n") : keydata.size());
        // What a reader's client takes from it: alice's key.
        QString err;
        const QByteArray shown = run(QStringLiteral("gpg"), home.path(), {QStringLiteral("--with-colons"), QStringLiteral("--show-keys")},
                                     QByteArray::fromBase64(keydata), &err);
        QVERIFY2(shown.contains("fpr:::::::::" + fpr.toLatin1() + ":"), qPrintable(err + QString::fromLatin1(shown)));
        QVERIFY(!shown.contains("sec:"));
        // From an address without a key: nothing announced (the message's own field left as written).
        const QByteArray fromDave = QByteArray(message).replace("From: Alice <Alice@example.test>", "From: dave@example.test");
        auto plain = tern::crypto::protectForSending(fromDave, {});
        QVERIFY(plain);
        QCOMPARE(plain.value().first().bytes.count("Autocrypt:"), 1);
        QVERIFY(plain.value().first().bytes.contains("keydata=Zm9v\r\n") && !plain.value().first().bytes.contains(keydata.left(40)));
    }

    void encryptedDraftIsStoredEncrypted()
    {
        GnupgHome home;
        QVERIFY(!home.generateKey(QStringLiteral("Alice <alice@example.test>")).isEmpty());
        const QString profile = m_dir.filePath(QStringLiteral("profile-draft"));
        const auto env = envOf(home.path());
        const auto added = runTern({QStringLiteral("--profile"), profile, QStringLiteral("account"), QStringLiteral("add"), QStringLiteral("alice"),
                                    QStringLiteral("--imap"), QStringLiteral("imap+insecure://alice@127.0.0.1:9"), QStringLiteral("--smtp"),
                                    QStringLiteral("smtp+insecure://alice@127.0.0.1:9"), QStringLiteral("--address"), QStringLiteral("alice@example.test")},
                                   env);
        QVERIFY2(added.code == 0, qPrintable(added.err));
        const QString file = write(QStringLiteral("draft.eml"), "From: Alice <alice@example.test>\r\nTo: bob@example.test\r\nBcc: carol@example.test\r\n"
                                                                 "Subject: Secret plans\r\nMessage-ID: <d1@example.test>\r\n\r\nHalf written: we buy\r\n");
        const auto saved = runTern({QStringLiteral("--profile"), profile, QStringLiteral("draft"), QStringLiteral("alice"), file, QStringLiteral("--encrypt")}, env);
        QVERIFY2(saved.code == 0 && saved.out.contains(QLatin1String("Drafts")), qPrintable(saved.err + saved.out));
        // In the cache's Drafts folder and in the journal's pending APPEND: only ciphertext.
        auto db = tern::store::Database::open(profile + QStringLiteral("/cache/cache.sqlite"));
        QVERIFY(db);
        auto q = db.value()->exec(QStringLiteral("SELECT b.raw, m.subject, (SELECT COUNT(*) FROM journal j WHERE j.local_id = m.id AND j.op = 'append') "
                                                 "FROM messages m JOIN mailboxes x ON x.id = m.mailbox_id JOIN bodies b ON b.message_id = m.id "
                                                 "WHERE x.name = 'Drafts'"));
        QVERIFY(q && q.value().next());
        const QByteArray raw = q.value().value(0).toByteArray();
        QVERIFY2(raw.contains("multipart/encrypted") && !raw.contains("we buy") && !raw.contains("Secret") && !raw.contains("carol"), raw.constData());
        QCOMPARE(q.value().value(1).toString(), QStringLiteral("..."));
        QCOMPARE(q.value().value(2).toInt(), 1);
        // Its writer reads it back whole, Bcc and Subject from inside.
        const QJsonObject mine = renderAs(home.path(), write(QStringLiteral("stored-draft.eml"), raw));
        QCOMPARE(mine.value(QStringLiteral("security")).toObject().value(QStringLiteral("decryption")).toString(), QStringLiteral("decrypted"));
        QCOMPARE(mine.value(QStringLiteral("security")).toObject().value(QStringLiteral("protectedSubject")).toString(), QStringLiteral("Secret plans"));
        QVERIFY(mine.value(QStringLiteral("text")).toString().contains(QLatin1String("we buy")));
        qputenv("GNUPGHOME", QFile::encodeName(home.path()));
        auto inner = tern::crypto::protectDraft("From: alice@example.test\r\nBcc: carol@example.test\r\nSubject: s\r\n\r\nx\r\n", tern::crypto::Protocol::OpenPgp);
        QVERIFY(inner);
        QString err;
        const QByteArray plain = run(QStringLiteral("gpg"), home.path(), {QStringLiteral("--decrypt")}, armoredBlock(inner.value()), &err);
        QVERIFY2(plain.contains("Bcc: carol@example.test") && plain.contains("Subject: s"), qPrintable(err + QString::fromUtf8(plain)));
        // Without a key of one's own, no draft is stored in clear in its place.
        GnupgHome keyless;
        const auto refused = runTern({QStringLiteral("--profile"), profile, QStringLiteral("draft"), QStringLiteral("alice"), file, QStringLiteral("--encrypt")},
                                     envOf(keyless.path()));
        QCOMPARE(refused.code, 2);
    }
};

QTEST_GUILESS_MAIN(TestCryptoWriting)
#include "tst_crypto_writing.moc"
