// S/MIME reading (issue #6, points 2, 6): a certificate made at test time by
// gpgsm (self-signed, trusted in a throw-away home, CRL checks off), mail
// signed (multipart/signed and opaque signed-data) and encrypted (enveloped
// data) by gpgsm itself, and the verdict a reader gets from Tern for each.
#include "GnupgHome.h"

#include "crypto/ProtectedMessage.h"
#include "mime/MimeTree.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using tern::test::GnupgHome;

namespace {

const QByteArray kEntity = "Content-Type: text/plain; charset=utf-8\r\n\r\nThe S/MIME budget is 100 EUR.\r\n";

QByteArray base64Lines(const QByteArray &der)
{
    QByteArray out;
    const QByteArray b = der.toBase64();
    for (qsizetype i = 0; i < b.size(); i += 76)
        out += b.mid(i, 76) + "\r\n";
    return out;
}

QByteArray header(const QByteArray &from, const QByteArray &subject)
{
    return "From: " + from + "\r\nTo: Bob <bob@example.test>\r\nSubject: " + subject + "\r\nMIME-Version: 1.0\r\n";
}

} // namespace

class TestCryptoSmime : public QObject {
    Q_OBJECT
    GnupgHome m_home;
    QTemporaryDir m_dir;

    // gpgsm on `input`; its DER output.
    QByteArray gpgsm(const QStringList &args, const QByteArray &input)
    {
        const QString in = m_dir.filePath(QStringLiteral("in")), out = m_dir.filePath(QStringLiteral("out"));
        QFile f(in);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(input) != input.size())
            return {};
        f.close();
        QFile::remove(out);
        QProcess p;
        p.setStandardInputFile(QProcess::nullDevice());   // the empty passphrase is read from stdin when asked
        p.start(QStringLiteral("gpgsm"), QStringList{QStringLiteral("--homedir"), m_home.path(), QStringLiteral("--batch"), QStringLiteral("--pinentry-mode"),
                                                     QStringLiteral("loopback"), QStringLiteral("--passphrase"), QString(), QStringLiteral("--output"), out} +
                                             args + QStringList{in});
        if (!p.waitForFinished(60000) || p.exitCode() != 0) {
            qWarning("gpgsm: %s", p.readAllStandardError().constData());
            return {};
        }
        QFile o(out);
        return o.open(QIODevice::ReadOnly) ? o.readAll() : QByteArray();
    }

    tern::mime::Rendered render(const QByteArray &raw)
    {
        auto parsed = tern::mime::parseMessage(raw);
        return parsed ? tern::crypto::renderProtected(parsed.value()) : tern::mime::Rendered{};
    }

    QByteArray detachedSigned(const QByteArray &from, const QByteArray &entity)
    {
        const QByteArray sig = gpgsm({QStringLiteral("--local-user"), QStringLiteral("alice@example.test"), QStringLiteral("--detach-sign")}, entity);
        if (sig.isEmpty())
            return {};
        return header(from, "Signed with S/MIME") +
               "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; micalg=sha-256; boundary=\"b\"\r\n\r\n"
               "--b\r\n" + entity + "\r\n--b\r\nContent-Type: application/pkcs7-signature; name=\"smime.p7s\"\r\n"
               "Content-Transfer-Encoding: base64\r\n\r\n" + base64Lines(sig) + "--b--\r\n";
    }

    QByteArray pkcs7Mime(const QByteArray &type, const QByteArray &der, const QByteArray &subject)
    {
        return header("Alice <alice@example.test>", subject) + "Content-Type: application/pkcs7-mime; smime-type=" + type +
               "; name=\"smime.p7m\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64Lines(der);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid() && m_home.isValid());
        QFile conf(m_home.path() + QStringLiteral("/gpgsm.conf"));
        QVERIFY(conf.open(QIODevice::WriteOnly));
        conf.write("disable-crl-checks\n");   // no CRL for a certificate made a second ago
        conf.close();
        const QByteArray cert = gpgsm({QStringLiteral("--gen-key")}, "Key-Type: RSA\nKey-Length: 2048\nKey-Usage: sign, encrypt\nSerial: random\n"
                                                                      "Name-DN: CN=Alice,O=Tern Test\nName-Email: alice@example.test\n%commit\n");
        QVERIFY2(!cert.isEmpty(), "gpgsm could not make a certificate");
        gpgsm({QStringLiteral("--import")}, cert);
        QProcess list;
        list.start(QStringLiteral("gpgsm"), {QStringLiteral("--homedir"), m_home.path(), QStringLiteral("--with-colons"), QStringLiteral("--list-keys"),
                                              QStringLiteral("alice@example.test")});
        QVERIFY(list.waitForFinished(60000));
        const QByteArray listing = list.readAllStandardOutput();
        const QByteArray fpr = listing.mid(listing.indexOf("\nfpr:")).split(':').value(9);
        QVERIFY2(fpr.size() == 40, listing.constData());
        // The reader trusts alice's self-signed certificate as a root.
        QFile trust(m_home.path() + QStringLiteral("/trustlist.txt"));
        QVERIFY(trust.open(QIODevice::WriteOnly));
        trust.write(fpr + " S relax\n");
    }

    void detachedSignatureIsValid()
    {
        const tern::mime::Rendered r = render(detachedSigned("Alice <alice@example.test>", kEntity));
        QCOMPARE(r.security.signatureVerdict(), QStringLiteral("valid"));
        QCOMPARE(r.security.form, QByteArray("smime-detached"));
        QVERIFY(r.security.signatures.first().addresses.contains(QStringLiteral("alice@example.test")));
        QVERIFY(r.text.contains(QLatin1String("100 EUR")));
    }

    void changedTextIsBad()
    {
        const QByteArray mail = detachedSigned("Alice <alice@example.test>", kEntity).replace("100 EUR", "900 EUR");
        QCOMPARE(render(mail).security.signatureVerdict(), QStringLiteral("bad"));
    }

    void certificateOfAnotherAddressIsAMismatch()
    {
        const tern::mime::Rendered r = render(detachedSigned("Bob <bob@example.test>", kEntity));
        QCOMPARE(r.security.signatureVerdict(), QStringLiteral("mismatch"));
    }

    void opaqueSignedDataIsValid()
    {
        const QByteArray der = gpgsm({QStringLiteral("--local-user"), QStringLiteral("alice@example.test"), QStringLiteral("--sign")}, kEntity);
        QVERIFY(!der.isEmpty());
        const tern::mime::Rendered r = render(pkcs7Mime("signed-data", der, "Opaque"));
        QCOMPARE(r.security.signatureVerdict(), QStringLiteral("valid"));
        QCOMPARE(r.security.form, QByteArray("smime-opaque"));
        QVERIFY2(r.text.contains(QLatin1String("100 EUR")), qPrintable(r.text));
    }

    void envelopedDataDecryptsAndSignedInsideVerifies()
    {
        // Sign, then encrypt (RFC 8551 §3.7): the signed entity inside the enveloped data.
        const QByteArray sig = gpgsm({QStringLiteral("--local-user"), QStringLiteral("alice@example.test"), QStringLiteral("--detach-sign")}, kEntity);
        const QByteArray inner = "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; micalg=sha-256; boundary=\"i\"\r\n"
                                 "Subject: The real S/MIME subject\r\n\r\n--i\r\n" + kEntity + "\r\n--i\r\n"
                                 "Content-Type: application/pkcs7-signature\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64Lines(sig) + "--i--\r\n";
        const QByteArray der = gpgsm({QStringLiteral("--recipient"), QStringLiteral("alice@example.test"), QStringLiteral("--encrypt")}, inner);
        QVERIFY(!der.isEmpty());
        const tern::mime::Rendered r = render(pkcs7Mime("enveloped-data", der, "..."));
        QCOMPARE(r.security.decryption, QByteArray("decrypted"));
        QCOMPARE(r.security.form, QByteArray("smime-enveloped"));
        QCOMPARE(r.security.signatureVerdict(), QStringLiteral("valid"));
        QVERIFY(r.security.remoteContentForbidden);
        QCOMPARE(r.security.protectedSubject, QStringLiteral("The real S/MIME subject"));
        QVERIFY2(r.text.contains(QLatin1String("100 EUR")), qPrintable(r.text));
        // Without the key: not decrypted, nothing shown.
        GnupgHome empty;
        const tern::mime::Rendered none = render(pkcs7Mime("enveloped-data", der, "..."));
        QVERIFY(none.security.decryption != "decrypted");
        QVERIFY(!none.text.contains(QLatin1String("100 EUR")));
    }
};

QTEST_GUILESS_MAIN(TestCryptoSmime)
#include "tst_crypto_smime.moc"
