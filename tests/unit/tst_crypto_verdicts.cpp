// What a reader is told about signed and encrypted mail (issue #6, points 2, 3,
// 6): every mail of tests/data/crypto, signed or encrypted by gpg itself with
// keys made for this run, rendered as the viewer and `tern render` do, must
// show its expected verdict — no spoofing case a valid signature, no
// exfiltration case decrypted text — and so must the attack mails of
// "Johnny, you are fired" (../shared/corpora/johnny-you-are-fired) where present.
#include "GnupgHome.h"
#include "TernProcess.h"
#include "TestPaths.h"

#include "crypto/CryptoWorker.h"
#include "crypto/ProtectedMessage.h"
#include "mime/MimeTree.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using tern::test::GnupgHome;

namespace {

const QString kDataDir = QStringLiteral(TERN_TEST_DATA_DIR "/crypto");
const QString kCorpus = QStringLiteral(TERN_SHARED_DIR "/corpora/johnny-you-are-fired");
const QString kSecret = QStringLiteral("SECRET-7351");

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QByteArray crlf(const QByteArray &in)
{
    QByteArray out = in;
    out.replace("\r\n", "\n");
    out.replace("\n", "\r\n");
    return out;
}

} // namespace

class TestCryptoVerdicts : public QObject {
    Q_OBJECT
    std::unique_ptr<GnupgHome> m_reader;   // bob's home: alice, bob and mallory are his own keys here
    std::unique_ptr<GnupgHome> m_elsewhere;   // keys the reader does not have (stranger) or has not certified (carol)
    QTemporaryDir m_built;
    QString m_error;

    GnupgHome &homeOf(const QString &key) { return key == QLatin1String("stranger") || key == QLatin1String("carol") ? *m_elsewhere : *m_reader; }

    // gpg with a file as input; the output (armored) in `out`.
    bool gpgOn(GnupgHome &home, QStringList args, const QByteArray &input, QByteArray &out)
    {
        const QString in = m_built.filePath(QStringLiteral("input.tmp"));
        QFile f(in);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(input) != input.size())
            return false;
        f.close();
        args = QStringList{QStringLiteral("--pinentry-mode"), QStringLiteral("loopback"), QStringLiteral("--passphrase"), QString(),
                           QStringLiteral("--yes"), QStringLiteral("--armor"), QStringLiteral("--output"), QStringLiteral("-")} + args + QStringList{in};
        if (home.gpg(args, &out) != 0) {
            m_error = home.lastError();
            return false;
        }
        return true;
    }

    // A template with its signatures and ciphertexts made (tests/data/crypto/README.md).
    QByteArray build(QByteArray tpl)
    {
        static const QRegularExpression made(QStringLiteral("\\{\\{(clearsign|encrypt-nomdc-aes|encrypt-nomdc|encrypt):([a-z]+):([a-z.-]+)(?::([a-z]+))?\\}\\}"));
        for (auto m = made.match(QString::fromUtf8(tpl)); m.hasMatch(); m = made.match(QString::fromUtf8(tpl))) {
            const QString op = m.captured(1), key = m.captured(2), signer = m.captured(4);
            const QByteArray entity = build(readFile(kDataDir + QStringLiteral("/entities/") + m.captured(3)));
            QByteArray out;
            bool ok = false;
            if (op == QLatin1String("clearsign"))
                ok = gpgOn(homeOf(key), {QStringLiteral("--local-user"), key + QStringLiteral("@example.test"), QStringLiteral("--clearsign")}, entity, out);
            else if (op.startsWith(QLatin1String("encrypt-nomdc")))   // no MDC: CAST5 is the legacy cipher gpg names as such
                ok = gpgOn(homeOf(key), {QStringLiteral("--rfc2440"), QStringLiteral("--cipher-algo"), op.endsWith(QLatin1String("aes")) ? QStringLiteral("AES256") : QStringLiteral("CAST5"),
                                         QStringLiteral("--trust-model"), QStringLiteral("always"),
                                         QStringLiteral("--recipient"), key + QStringLiteral("@example.test"), QStringLiteral("--encrypt")}, crlf(entity), out);
            else
                ok = gpgOn(homeOf(key), QStringList{QStringLiteral("--recipient"), key + QStringLiteral("@example.test"), QStringLiteral("--encrypt")} +
                                            (signer.isEmpty() ? QStringList{} : QStringList{QStringLiteral("--local-user"), signer + QStringLiteral("@example.test"), QStringLiteral("--sign")}),
                           crlf(entity), out);
            if (!ok)
                return {};
            tpl.replace(m.captured(0).toUtf8(), out.trimmed());
        }
        // Detached signatures: over the exact bytes of the signed part, in CRLF (RFC 3156 §5).
        static const QRegularExpression sign(QStringLiteral("\\{\\{sign:([a-z]+)(:tamper)?\\}\\}"));
        for (auto m = sign.match(QString::fromUtf8(tpl)); m.hasMatch(); m = sign.match(QString::fromUtf8(tpl))) {
            auto parsed = tern::mime::parseMessage(tpl);
            if (!parsed)
                return {};
            QByteArray signedBytes;
            std::function<void(const tern::mime::MimePart &)> find = [&](const tern::mime::MimePart &p) {
                if (p.isMultipart() && p.subtype == "signed" && p.children.size() == 2 && p.children.at(1).content.contains(m.captured(0).toUtf8()))
                    signedBytes = p.children.at(0).raw;
                for (const auto &c : p.children)
                    find(c);
            };
            find(parsed.value().root);
            QByteArray sig;
            if (signedBytes.isEmpty() || !gpgOn(homeOf(m.captured(1)), {QStringLiteral("--local-user"), m.captured(1) + QStringLiteral("@example.test"), QStringLiteral("--detach-sign")},
                                                crlf(signedBytes), sig))
                return {};
            tpl.replace(m.captured(0).toUtf8(), sig.trimmed());
            if (!m.captured(2).isEmpty())
                tpl.replace("TAMPER_ME", "900");
        }
        return tpl;
    }

    QString fingerprintOf(const QString &address)
    {
        QByteArray listing;
        if (m_reader->gpg({QStringLiteral("--with-colons"), QStringLiteral("--list-keys"), address}, &listing) != 0)
            return {};
        return QString::fromLatin1(listing.mid(listing.indexOf("\nfpr:")).split(':').value(9));
    }

    tern::mime::Rendered renderFile(const QString &path, bool allowRemote = false)
    {
        const QByteArray raw = readFile(path);
        auto parsed = tern::mime::parseMessage(raw);
        if (!parsed)
            return {};
        tern::mime::RenderOptions o;
        o.allowRemote = allowRemote;
        return tern::crypto::renderProtected(parsed.value(), o);
    }

    QString subjectOf(const tern::mime::Rendered &r)
    {
        for (const auto &h : r.headers)
            if (h.field == "Subject")
                return h.text;
        return {};
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_built.isValid());
        m_reader = std::make_unique<GnupgHome>();
        for (const char *who : {"Alice <alice@example.test>", "Bob <bob@example.test>", "Mallory <mallory@example.test>",
                                "Revoked <revoked@example.test>"})
            QVERIFY2(!m_reader->generateKey(QString::fromLatin1(who)).isEmpty(), qPrintable(m_reader->lastError()));
        // A key that expired in 2020, made (and used) as if it were then.
        QCOMPARE(m_reader->gpg({QStringLiteral("--faked-system-time"), QStringLiteral("20200101T000000"), QStringLiteral("--pinentry-mode"),
                                QStringLiteral("loopback"), QStringLiteral("--passphrase"), QString(), QStringLiteral("--quick-gen-key"),
                                QStringLiteral("Expiring <expiring@example.test>"), QStringLiteral("default"), QStringLiteral("default"), QStringLiteral("1d")}), 0);
        {
            m_elsewhere = std::make_unique<GnupgHome>();
            QVERIFY2(!m_elsewhere->generateKey(QStringLiteral("Stranger <stranger@example.test>")).isEmpty(), qPrintable(m_elsewhere->lastError()));
            QVERIFY2(!m_elsewhere->generateKey(QStringLiteral("Carol <carol@example.test>")).isEmpty(), qPrintable(m_elsewhere->lastError()));
            QByteArray carol;
            QCOMPARE(m_elsewhere->gpg({QStringLiteral("--armor"), QStringLiteral("--export"), QStringLiteral("carol@example.test")}, &carol), 0);
            QFile f(m_built.filePath(QStringLiteral("carol.asc")));
            QVERIFY(f.open(QIODevice::WriteOnly) && f.write(carol) == carol.size());
        }
        QCOMPARE(m_reader->gpg({QStringLiteral("--import"), m_built.filePath(QStringLiteral("carol.asc"))}), 0);

        for (const QString &name : QDir(kDataDir).entryList({QStringLiteral("*.eml")}, QDir::Files)) {
            QByteArray mail;
            if (name == QLatin1String("expired-key.eml")) {   // signed while the key was valid
                QByteArray sig;
                const QByteArray tpl = readFile(kDataDir + QLatin1Char('/') + name);
                auto parsed = tern::mime::parseMessage(tpl);
                QVERIFY(parsed && parsed.value().root.children.size() == 2);
                QVERIFY2(gpgOn(*m_reader, {QStringLiteral("--faked-system-time"), QStringLiteral("20200101T060000"), QStringLiteral("--local-user"),
                                           QStringLiteral("expiring@example.test"), QStringLiteral("--detach-sign")},
                               crlf(parsed.value().root.children.at(0).raw), sig), qPrintable(m_error));
                mail = QByteArray(tpl).replace("{{sign:expiring}}", sig.trimmed());
            } else {
                mail = build(readFile(kDataDir + QLatin1Char('/') + name));
            }
            QVERIFY2(!mail.isEmpty(), qPrintable(name + QStringLiteral(": ") + m_error));
            QFile out(m_built.filePath(name));
            QVERIFY(out.open(QIODevice::WriteOnly) && out.write(mail) == mail.size());
        }
        // Revoked after it signed: gpg's own revocation certificate, armed by removing its guard colon.
        const QString fpr = fingerprintOf(QStringLiteral("revoked@example.test"));
        QByteArray rev = readFile(m_reader->path() + QStringLiteral("/openpgp-revocs.d/") + fpr + QStringLiteral(".rev"));
        QVERIFY2(!rev.isEmpty(), qPrintable(fpr));
        rev.replace(":-----BEGIN PGP PUBLIC KEY BLOCK-----", "-----BEGIN PGP PUBLIC KEY BLOCK-----");
        QFile revFile(m_built.filePath(QStringLiteral("revoke.asc")));
        QVERIFY(revFile.open(QIODevice::WriteOnly) && revFile.write(rev) == rev.size());
        revFile.close();
        QCOMPARE(m_reader->gpg({QStringLiteral("--import"), revFile.fileName()}), 0);
        m_elsewhere.reset();   // the reader's home is GNUPGHOME from here on
        QCOMPARE(qgetenv("GNUPGHOME"), QFile::encodeName(m_reader->path()));
    }

    void verdicts_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("signature");    // MessageSecurity::signatureVerdict()
        QTest::addColumn<QString>("decryption");   // empty: not attempted
        QTest::addColumn<QString>("textHas");
        QTest::addColumn<QString>("textLacks");
        QTest::addColumn<bool>("nested");          // a protected part shown as an attachment
        QTest::newRow("good PGP/MIME") << "good-pgp-mime.eml" << "valid" << "" << "100 EUR" << "" << false;
        QTest::newRow("good inline PGP") << "good-pgp-inline.eml" << "valid" << "" << "100 EUR" << "BEGIN PGP" << false;
        QTest::newRow("signed by another key than From") << "signed-by-other-key.eml" << "mismatch" << "" << "900 EUR" << "" << false;
        QTest::newRow("signed part inside unsigned mixed") << "signed-part-in-mixed.eml" << "none" << "" << "fired" << "promoted" << true;
        QTest::newRow("unsigned wrapping of a signed forward") << "unsigned-forward-of-signed.eml" << "none" << "" << "I approve" << "100 EUR" << true;
        QTest::newRow("tampered after signing") << "tampered-pgp-mime.eml" << "bad" << "" << "900" << "" << false;
        QTest::newRow("unknown key") << "unknown-key.eml" << "unknown-key" << "" << "Signed by stranger" << "" << false;
        QTest::newRow("key not certified") << "not-trusted.eml" << "not-trusted" << "" << "Signed by carol" << "" << false;
        QTest::newRow("expired key") << "expired-key.eml" << "expired" << "" << "Signed by expiring" << "" << false;
        QTest::newRow("revoked key") << "revoked-key.eml" << "revoked" << "" << "Signed by revoked" << "" << false;
        QTest::newRow("signed and encrypted") << "encrypted-signed.eml" << "valid" << "decrypted" << kSecret << "" << false;
        QTest::newRow("signed inside encryption") << "encrypted-then-signed-inside.eml" << "valid" << "decrypted" << kSecret << "" << false;
        QTest::newRow("inline encrypted and signed") << "inline-encrypted.eml" << "valid" << "decrypted" << "<b>SECRET-7351</b>" << "" << false;
        QTest::newRow("EFAIL: encrypted part between attacker HTML") << "efail-direct.eml" << "none" << "" << "" << kSecret << true;
        QTest::newRow("EFAIL: no MDC") << "efail-no-mdc.eml" << "none" << "refused-no-integrity" << "" << kSecret << false;
        QTest::newRow("EFAIL: no MDC, AES") << "efail-no-mdc-aes.eml" << "none" << "failed" << "" << kSecret << false;
        QTest::newRow("encrypted inside encrypted: one layer only") << "encrypted-twice.eml" << "none" << "decrypted" << "" << kSecret << false;
        QTest::newRow("inline encrypted block inside other text") << "inline-encrypted-in-text.eml" << "none" << "" << "Click" << kSecret << true;
    }

    void verdicts()
    {
        QFETCH(QString, file);
        QFETCH(QString, signature);
        QFETCH(QString, decryption);
        QFETCH(QString, textHas);
        QFETCH(QString, textLacks);
        QFETCH(bool, nested);
        const tern::mime::Rendered r = renderFile(m_built.filePath(file));
        const auto &s = r.security;
        QVERIFY2(s.signatureVerdict() == signature,
                 qPrintable(QStringLiteral("%1, warnings: %2").arg(s.signatureVerdict(), s.warnings.join(QStringLiteral("; ")))));
        QCOMPARE(QString::fromLatin1(s.decryption), decryption);
        if (!textHas.isEmpty())
            QVERIFY2(r.text.contains(textHas), qPrintable(r.text));
        if (!textLacks.isEmpty()) {
            QVERIFY2(!r.text.contains(textLacks), qPrintable(r.text));
            QVERIFY2(!r.html.contains(textLacks), qPrintable(r.html));
        }
        QCOMPARE(!s.nestedSections.isEmpty(), nested);
        if (signature == QLatin1String("mismatch"))
            QVERIFY2(s.warnings.join(QLatin1Char(' ')).contains(QLatin1String("mallory@example.test")), qPrintable(s.warnings.join(QLatin1Char(' '))));
        if (signature == QLatin1String("valid")) {
            QCOMPARE(s.signatures.size(), 1);
            QVERIFY(s.signatures.first().matchesFrom);
            QVERIFY(s.signatures.first().userIds.contains(QStringLiteral("Alice <alice@example.test>")));
        }
    }

    void decryptedMessageShowsProtectedSubjectAndNeverLoadsRemoteContent()
    {
        // The user allowed remote content for this sender; a decrypted message still loads none.
        const tern::mime::Rendered r = renderFile(m_built.filePath(QStringLiteral("encrypted-signed.eml")), true);
        QCOMPARE(r.security.decryption, QByteArray("decrypted"));
        QVERIFY(r.security.remoteContentForbidden);
        QCOMPARE(subjectOf(r), QStringLiteral("The real subject"));
        QVERIFY2(r.blocked.contains(QStringLiteral("https://tracker.example.net/open.png")), qPrintable(r.blocked.join(QLatin1Char(' '))));
        QVERIFY2(!r.html.contains(QLatin1String("https: http:")), "the document's policy lets remote content in");
        // The inline plaintext is text, never HTML.
        const tern::mime::Rendered inl = renderFile(m_built.filePath(QStringLiteral("inline-encrypted.eml")), true);
        QVERIFY(!inl.fromHtml);
        QVERIFY2(inl.html.contains(QLatin1String("&lt;b&gt;SECRET-7351")), qPrintable(inl.html));
    }

    void efailLeavesNothingToExfiltrate()
    {
        const tern::mime::Rendered r = renderFile(m_built.filePath(QStringLiteral("efail-direct.eml")), true);
        QVERIFY(!r.security.encrypted);
        QVERIFY(!r.html.contains(kSecret));
        // The encrypted part is one attachment, as sent: nothing decrypted leaves with it.
        QCOMPARE(r.attachments.size(), 1);
        QCOMPARE(r.attachments.first().mimeType, QByteArray("multipart/encrypted"));
    }

    void compressionBombIsRefusedNotInflated()
    {
        // 100 MB of one letter compress to about 100 KB; shown whole, a few such mails fill the memory.
        const QByteArray entity = "Content-Type: text/plain\r\n\r\n" + QByteArray(100 << 20, 'A');
        QByteArray cipher;
        QVERIFY2(gpgOn(*m_reader, {QStringLiteral("--compress-algo"), QStringLiteral("zlib"), QStringLiteral("-z"), QStringLiteral("9"),
                                   QStringLiteral("--recipient"), QStringLiteral("bob@example.test"), QStringLiteral("--encrypt")}, entity, cipher),
                 qPrintable(m_error));
        QVERIFY2(cipher.size() < 2 << 20, qPrintable(QString::number(cipher.size())));
        const QByteArray mail = "From: Alice <alice@example.test>\r\nSubject: bomb\r\nMIME-Version: 1.0\r\n"
                                "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=\"e\"\r\n\r\n"
                                "--e\r\nContent-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n--e\r\n"
                                "Content-Type: application/octet-stream\r\n\r\n" + cipher + "\r\n--e--\r\n";
        auto parsed = tern::mime::parseMessage(mail);
        QVERIFY(parsed.ok());
        QElapsedTimer clock;
        clock.start();
        const tern::mime::Rendered r = tern::crypto::renderProtected(parsed.value());
        QCOMPARE(r.security.decryption, QByteArray("too-large"));
        QVERIFY(r.text.size() < 1000);
        QVERIFY2(clock.elapsed() < 60000, qPrintable(QString::number(clock.elapsed())));
    }

    void hostileStructuresEndQuicklyWithAVerdict_data()
    {
        QTest::addColumn<QByteArray>("mail");
        const QByteArray head = "From: Mallory <mallory@example.test>\r\nSubject: x\r\nMIME-Version: 1.0\r\n";
        QByteArray noise(4 << 20, '\0');
        for (qsizetype i = 0; i < noise.size(); ++i)
            noise[i] = char(QRandomGenerator::global()->bounded(256));
        const QByteArray noise64 = noise.toBase64();
        QTest::newRow("4 MB of noise as enveloped data") << head + "Content-Type: application/pkcs7-mime; smime-type=enveloped-data\r\n"
                                                                   "Content-Transfer-Encoding: base64\r\n\r\n" + noise64;
        QTest::newRow("4 MB of noise as signed data") << head + "Content-Type: application/pkcs7-mime; smime-type=signed-data\r\n"
                                                                 "Content-Transfer-Encoding: base64\r\n\r\n" + noise64;
        QTest::newRow("noise as an OpenPGP signature") << head + "Content-Type: multipart/signed; protocol=\"application/pgp-signature\"; boundary=b\r\n\r\n"
                                                                 "--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b\r\nContent-Type: application/pgp-signature\r\n"
                                                                 "Content-Transfer-Encoding: base64\r\n\r\n" + noise64.left(1 << 20) + "\r\n--b--\r\n";
        QTest::newRow("armor with noise inside") << head + "Content-Type: text/plain\r\n\r\n-----BEGIN PGP MESSAGE-----\r\n\r\n" + noise64.left(1 << 20) +
                                                       "\r\n-----END PGP MESSAGE-----\r\n";
        QTest::newRow("multipart/signed with one part") << head + "Content-Type: multipart/signed; protocol=\"application/pgp-signature\"; boundary=b\r\n\r\n"
                                                                  "--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b--\r\n";
        QTest::newRow("signed with an unknown protocol") << head + "Content-Type: multipart/signed; protocol=\"application/x-mallory\"; boundary=b\r\n\r\n"
                                                                   "--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b\r\nContent-Type: application/x-mallory\r\n\r\nsig\r\n--b--\r\n";
    }

    void hostileStructuresEndQuicklyWithAVerdict()
    {
        QFETCH(QByteArray, mail);
        auto parsed = tern::mime::parseMessage(mail);
        QVERIFY(parsed.ok());
        QElapsedTimer clock;
        clock.start();
        const tern::mime::Rendered r = tern::crypto::renderProtected(parsed.value());
        QVERIFY2(clock.elapsed() < 30000, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(r.security.signatureVerdict() != QLatin1String("valid"));
        QVERIFY(r.security.decryption != "decrypted");
    }

    void commandLineReportsTheVerdict()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("GNUPGHOME"), m_reader->path());
        const auto good = tern::test::runTern({QStringLiteral("render"), QStringLiteral("--json"), m_built.filePath(QStringLiteral("good-pgp-mime.eml"))}, env);
        QCOMPARE(good.code, 0);
        const QJsonObject sec = QJsonDocument::fromJson(good.out.toUtf8()).object().value(QStringLiteral("security")).toObject();
        QCOMPARE(sec.value(QStringLiteral("signature")).toString(), QStringLiteral("valid"));
        QCOMPARE(sec.value(QStringLiteral("signatures")).toArray().first().toObject().value(QStringLiteral("addresses")).toArray().first().toString(),
                 QStringLiteral("alice@example.test"));
        const auto spoof = tern::test::runTern({QStringLiteral("render"), m_built.filePath(QStringLiteral("signed-by-other-key.eml"))}, env);
        QCOMPARE(spoof.code, 0);
        QVERIFY2(spoof.out.startsWith(QLatin1String("Signature: mismatch")), qPrintable(spoof.out));
        QVERIFY2(spoof.out.contains(QLatin1String("signed by mallory@example.test, not by the sender alice@example.test")), qPrintable(spoof.out));
    }

    void workerRendersOffTheCallingThread()
    {
        const QByteArray raw = readFile(m_built.filePath(QStringLiteral("encrypted-signed.eml")));
        QFuture<tern::mime::Rendered> f = tern::crypto::renderProtectedAsync(raw);
        QVERIFY2(!f.isFinished(), "the call waited for gpg");   // gpg takes far longer than returning a future
        QTRY_VERIFY_WITH_TIMEOUT(f.isFinished(), 60000);
        QCOMPARE(f.result().security.signatureVerdict(), QStringLiteral("valid"));
        QVERIFY(f.result().text.contains(kSecret));
    }

    void johnnyYouAreFiredCorpus()
    {
        if (!QFileInfo::exists(kCorpus))
            QSKIP(qPrintable(QStringLiteral("corpus absent: %1").arg(kCorpus)));
        // The reader certifies the manager's and eve's keys: the baselines verify as valid, so an attack that did too would show.
        for (const QString &k : QDir(kCorpus + QStringLiteral("/assets/public-keys")).entryList({QStringLiteral("*.asc")}, QDir::Files)) {
            QCOMPARE(m_reader->gpg({QStringLiteral("--import"), kCorpus + QStringLiteral("/assets/public-keys/") + k}), 0);
            const QString fpr = fingerprintOf(k.chopped(4) == QLatin1String("eve@bigcorporation") ? QStringLiteral("eve@bigcorporation.de")
                                                                                                    : QStringLiteral("manager@bigcorporation.de"));
            QCOMPARE(fpr.size(), 40);
            QVERIFY2(m_reader->gpg({QStringLiteral("--pinentry-mode"), QStringLiteral("loopback"), QStringLiteral("--passphrase"), QString(),
                                    QStringLiteral("--default-key"), QStringLiteral("bob@example.test"), QStringLiteral("--quick-lsign-key"), fpr}) == 0,
                     qPrintable(m_reader->lastError()));
        }
        int attacks = 0;
        for (const QString &dir : {QStringLiteral("03-mime"), QStringLiteral("05-ui")}) {
            QDirIterator it(kCorpus + QLatin1Char('/') + dir, {QStringLiteral("*pgp*.eml"), QStringLiteral("*generic*.eml")}, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString f = it.next();
                const tern::mime::Rendered r = renderFile(f);
                QVERIFY2(r.security.signatureVerdict() != QLatin1String("valid"), qPrintable(f));
                ++attacks;
            }
        }
        QVERIFY(attacks >= 9);
        for (const QString &f : {QStringLiteral("manager-pgp-mime.eml"), QStringLiteral("manager-pgp-inline.eml")}) {
            const tern::mime::Rendered r = renderFile(kCorpus + QStringLiteral("/assets/valid-signed/") + f);
            QVERIFY2(r.security.signatureVerdict() == QLatin1String("valid"), qPrintable(f + QLatin1Char(' ') + r.security.signatureVerdict()));
            QVERIFY(r.text.contains(QLatin1String("promoted")));
        }
    }

    void johnnyYouAreFiredSmimeCorpus()
    {
        const QString root = QStringLiteral("/etc/ssl/certs/GlobalSign_Root_CA_-_R3.pem");
        if (!QFileInfo::exists(kCorpus))
            QSKIP(qPrintable(QStringLiteral("corpus absent: %1").arg(kCorpus)));
        if (!QFileInfo::exists(root))
            QSKIP("the GlobalSign root R3 is not in the system store (ca-certificates)");
        // The certificates expired in 2022: gpgsm is told it is March 2019, offline (SOURCE.md of the corpus).
        GnupgHome smime;
        QFile conf(smime.path() + QStringLiteral("/gpgsm.conf"));
        QVERIFY(conf.open(QIODevice::WriteOnly));
        conf.write("faked-system-time 20190301T000000\ndisable-crl-checks\ndisable-policy-checks\n");
        conf.close();
        QProcess gpgsm;
        gpgsm.start(QStringLiteral("gpgsm"), QStringList{QStringLiteral("--homedir"), smime.path(), QStringLiteral("--batch"), QStringLiteral("--import"), root} +
                                                 QDir(kCorpus + QStringLiteral("/assets/certificates")).entryList({QStringLiteral("*.crt")}, QDir::Files).replaceInStrings(QRegularExpression(QStringLiteral("^")), kCorpus + QStringLiteral("/assets/certificates/")));
        QVERIFY(gpgsm.waitForFinished(60000));
        QCOMPARE(gpgsm.exitCode(), 0);
        gpgsm.start(QStringLiteral("gpgsm"), {QStringLiteral("--homedir"), smime.path(), QStringLiteral("--with-colons"), QStringLiteral("--list-keys"), QStringLiteral("GlobalSign Root CA - R3")});
        QVERIFY(gpgsm.waitForFinished(60000));
        const QByteArray listing = gpgsm.readAllStandardOutput();
        const QByteArray fpr = listing.mid(listing.indexOf("\nfpr:")).split(':').value(9);
        QCOMPARE(fpr.size(), 40);
        QFile trust(smime.path() + QStringLiteral("/trustlist.txt"));
        QVERIFY(trust.open(QIODevice::WriteOnly));
        trust.write(fpr + " S\n");
        trust.close();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("GNUPGHOME"), smime.path());
        auto verdict = [&env](const QString &file) {
            const auto r = tern::test::runTern({QStringLiteral("render"), QStringLiteral("--json"), file}, env, 60000);
            return r.code == 0 ? QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("security")).toObject() : QJsonObject{{QStringLiteral("crashed"), r.code}};
        };
        // Baselines first: without them every "not valid" below would prove nothing.
        for (const QString &f : {QStringLiteral("assets/valid-signed/manager-smime.eml"), QStringLiteral("01-cms/valid_email_from_manager.eml")}) {
            const QJsonObject s = verdict(kCorpus + QLatin1Char('/') + f);
            QVERIFY2(s.value(QStringLiteral("signature")).toString() == QLatin1String("valid"), qPrintable(f + QLatin1Char(' ') + QString::fromUtf8(QJsonDocument(s).toJson())));
        }
        int attacks = 0;
        QDirIterator it(kCorpus, {QStringLiteral("*.eml")}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString f = it.next();
            if (f.contains(QLatin1String("/assets/")) || f.endsWith(QLatin1String("valid_email_from_manager.eml")) || !(f.contains(QLatin1String("smime")) || f.contains(QLatin1String("/01-cms/"))))
                continue;
            const QJsonObject s = verdict(f);
            QVERIFY2(!s.contains(QStringLiteral("crashed")), qPrintable(f));
            QVERIFY2(s.value(QStringLiteral("signature")).toString() != QLatin1String("valid"), qPrintable(f));
            ++attacks;
        }
        QVERIFY2(attacks >= 10, qPrintable(QString::number(attacks)));
    }
};

QTEST_GUILESS_MAIN(TestCryptoVerdicts)
#include "tst_crypto_verdicts.moc"
