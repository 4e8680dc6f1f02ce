// The key manager's core (issue #6, point 1) through `tern keys`: generate a
// key pair, export its public key armored, import it elsewhere only after
// showing what would come in, never trusting it or replacing a key silently,
// and refusing secret keys from data that is not a file the user chose.
#include "GnupgHome.h"
#include "TernProcess.h"

#include "crypto/KeyManagement.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using tern::test::GnupgHome;
using tern::test::runTern;

namespace {
QProcessEnvironment envOf(const GnupgHome &home)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("GNUPGHOME"), home.path());
    return env;
}
} // namespace

class TestCryptoKeys : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &bytes)
    {
        QFile f(m_dir.filePath(name));
        f.open(QIODevice::WriteOnly | QIODevice::Truncate);
        f.write(bytes);
        return f.fileName();
    }

    QJsonArray keys(const GnupgHome &home)
    {
        const auto r = runTern({QStringLiteral("keys"), QStringLiteral("--json")}, envOf(home));
        return r.code == 0 ? QJsonDocument::fromJson(r.out.toUtf8()).array() : QJsonArray{QStringLiteral("tern keys failed")};
    }

private slots:
    void generateExportPreviewImport()
    {
        GnupgHome dave, erin;
        // Generate: a key pair able to sign and encrypt, listed with its secret key.
        const auto made = runTern({QStringLiteral("keys"), QStringLiteral("--generate"), QStringLiteral("Dave <dave@example.test>"),
                                   QStringLiteral("--no-passphrase")}, envOf(dave));
        QVERIFY2(made.code == 0, qPrintable(made.err));
        const QString fpr = made.out.trimmed();
        QCOMPARE(fpr.size(), 40);
        const QJsonArray daves = keys(dave);
        QCOMPARE(daves.size(), 1);
        const QJsonObject k = daves.first().toObject();
        QCOMPARE(k.value(QStringLiteral("fingerprint")).toString(), fpr);
        QVERIFY(k.value(QStringLiteral("secret")).toBool() && k.value(QStringLiteral("canEncrypt")).toBool() && k.value(QStringLiteral("canSign")).toBool());
        QCOMPARE(k.value(QStringLiteral("userIds")).toArray().first().toObject().value(QStringLiteral("id")).toString(), QStringLiteral("Dave <dave@example.test>"));
        // A user ID that is not "Name <address>" is refused.
        QCOMPARE(runTern({QStringLiteral("keys"), QStringLiteral("--generate"), QStringLiteral("no address")}, envOf(dave)).code, 2);

        // Export: the public key armored, nothing secret.
        const auto exported = runTern({QStringLiteral("keys"), QStringLiteral("--export"), fpr}, envOf(dave));
        QVERIFY2(exported.code == 0, qPrintable(exported.err));
        QVERIFY(exported.out.startsWith(QLatin1String("-----BEGIN PGP PUBLIC KEY BLOCK-----")));
        QVERIFY(!exported.out.contains(QLatin1String("PRIVATE")));
        const QString file = write(QStringLiteral("dave.asc"), exported.out.toUtf8());

        // Import without --yes: what would come in is shown, nothing changes.
        const auto preview = runTern({QStringLiteral("keys"), QStringLiteral("--import"), file}, envOf(erin));
        QVERIFY2(preview.code == 0, qPrintable(preview.err));
        QVERIFY2(preview.out.contains(fpr + QStringLiteral("  new key")) && preview.out.contains(QLatin1String("Dave <dave@example.test>")) &&
                     preview.out.contains(QLatin1String("nothing imported")), qPrintable(preview.out));
        QCOMPARE(keys(erin).size(), 0);
        // With --yes: imported, and neither trusted nor valid for dave's address (never silently).
        const auto imported = runTern({QStringLiteral("keys"), QStringLiteral("--import"), file, QStringLiteral("--yes")}, envOf(erin));
        QVERIFY2(imported.code == 0 && imported.out.contains(QLatin1String("imported 1 new")), qPrintable(imported.out + imported.err));
        const QJsonArray erins = keys(erin);
        QCOMPARE(erins.size(), 1);
        QCOMPARE(erins.first().toObject().value(QStringLiteral("ownerTrust")).toString(), QStringLiteral("unknown"));
        QCOMPARE(erins.first().toObject().value(QStringLiteral("userIds")).toArray().first().toObject().value(QStringLiteral("validity")).toString(),
                 QStringLiteral("unknown"));
        QVERIFY(!erins.first().toObject().value(QStringLiteral("secret")).toBool());

        // Dave adds a user ID: the preview calls it an update of a key erin has, and names the new user ID.
        QCOMPARE(dave.gpg({QStringLiteral("--pinentry-mode"), QStringLiteral("loopback"), QStringLiteral("--passphrase"), QString(),
                           QStringLiteral("--quick-add-uid"), fpr, QStringLiteral("Dave at work <dave@work.example>")}), 0);
        QByteArray again;
        QCOMPARE(dave.gpg({QStringLiteral("--armor"), QStringLiteral("--export"), fpr}, &again), 0);
        const auto update = runTern({QStringLiteral("keys"), QStringLiteral("--import"), write(QStringLiteral("dave2.asc"), again)}, envOf(erin));
        QVERIFY2(update.out.contains(fpr + QStringLiteral("  update of a key you have")) &&
                     update.out.contains(QLatin1String("Dave at work <dave@work.example> (new user ID)")) &&
                     !update.out.contains(QLatin1String("Dave <dave@example.test> (new user ID)")), qPrintable(update.out));
    }

    void secretKeysAndHostileDataAreRefused()
    {
        GnupgHome home;   // GNUPGHOME for this process
        const QString fpr = home.generateKey(QStringLiteral("Frank <frank@example.test>"));
        QVERIFY(!fpr.isEmpty());
        QByteArray secret;
        QCOMPARE(home.gpg({QStringLiteral("--pinentry-mode"), QStringLiteral("loopback"), QStringLiteral("--passphrase"), QString(), QStringLiteral("--armor"),
                           QStringLiteral("--export-secret-keys"), fpr}, &secret), 0);
        GnupgHome other;   // now the process's GNUPGHOME
        // From mail or the clipboard (allowSecret false): refused; the preview says a secret key is inside.
        const auto refused = tern::crypto::importKeys(tern::crypto::Protocol::OpenPgp, secret);
        QVERIFY(!refused);
        QVERIFY(refused.error().message.contains(QLatin1String("secret key")));
        const auto seen = tern::crypto::inspectKeyData(tern::crypto::Protocol::OpenPgp, secret);
        QVERIFY(seen && seen.value().size() == 1 && seen.value().first().secret && !seen.value().first().present);
        QByteArray listing;
        other.gpg({QStringLiteral("--list-secret-keys")}, &listing);
        QVERIFY(listing.isEmpty());
        // Noise, an empty armor, oversized data: an error each, nothing imported.
        QVERIFY(!tern::crypto::inspectKeyData(tern::crypto::Protocol::OpenPgp, QByteArray(4096, 'x')));
        QVERIFY(!tern::crypto::inspectKeyData(tern::crypto::Protocol::OpenPgp, "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n-----END PGP PUBLIC KEY BLOCK-----\n"));
        QVERIFY(!tern::crypto::importKeys(tern::crypto::Protocol::OpenPgp, QByteArray(tern::crypto::kMaxKeyData + 1, '\x99')));
        QVERIFY(!tern::crypto::importKeys(tern::crypto::Protocol::OpenPgp, QByteArray(4096, 'x')));
        QByteArray pub;
        other.gpg({QStringLiteral("--list-keys")}, &pub);
        QVERIFY(pub.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCryptoKeys)
#include "tst_crypto_keys.moc"
