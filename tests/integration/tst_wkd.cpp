// Key discovery by Web Key Directory (issue #6, point 4): `tern keys --locate`
// through GPGME's locate-key, gpg and its dirmngr, against a local HTTPS
// server with a certificate from a test CA made here.
//
// How dirmngr (GnuPG 2.2.40) is brought to it without touching the machine:
// - the address's domain (example.test) is reached through dirmngr's
//   `http-proxy` (dirmngr.conf of the throw-away home): for an https URL
//   dirmngr sends CONNECT example.test:443 to the proxy, then speaks TLS
//   through it (dirmngr/http.c). The "proxy" here is the WKD server itself:
//   it answers the CONNECT and then serves TLS as example.test. No DNS record
//   exists for the domain, so dirmngr takes WKD's direct method.
// - dirmngr checks a WKD server only against the system's CAs
//   (ks_http_fetch: HTTP_FLAG_TRUST_SYS, i.e. GnuTLS's system trust, which on
//   Debian is the file /etc/ssl/certs/ca-certificates.crt; `hkp-cacert` is not
//   used for WKD). So tern runs in a private mount namespace (unshare -m, or
//   unshare -Urm when not root) where that path shows the test CA: the real
//   file is untouched and other processes see nothing. (p11-kit's per-user
//   trust configuration would do too, but p11-kit ignores it for root.)
// Without unshare or a bind mount the test is skipped with that reason.
#include "GnupgHome.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using tern::test::GnupgHome;

namespace {

const char kSystemBundle[] = "/etc/ssl/certs/ca-certificates.crt";

// z-base-32 (RFC 6189 §5.1.6) of SHA-1 of the local part: WKD's "hu" name, written here apart from gpg's.
QString wkdHash(const QByteArray &localPart)
{
    const QByteArray digest = QCryptographicHash::hash(localPart.toLower(), QCryptographicHash::Sha1);
    const char alphabet[] = "ybndrfg8ejkmcpqxot1uwisza345h769";
    QString out;
    quint64 buffer = 0;
    int bits = 0;
    for (char c : digest) {
        buffer = (buffer << 8) | quint8(c);
        bits += 8;
        while (bits >= 5) {
            out += QLatin1Char(alphabet[(buffer >> (bits - 5)) & 31]);
            bits -= 5;
        }
    }
    return out;
}

// The WKD server, reached as dirmngr's HTTP proxy: CONNECT, then TLS as the
// requested host, then one GET answered from `keys` (path -> binary key) or 404.
class WkdServer : public QTcpServer {
public:
    QSslCertificate cert;
    QSslKey key;
    QHash<QString, QByteArray> keys;
    QStringList connects, gets;

protected:
    void incomingConnection(qintptr fd) override
    {
        auto *s = new QSslSocket(this);
        if (!s->setSocketDescriptor(fd)) {
            delete s;
            return;
        }
        auto *buffer = new QByteArray;
        connect(s, &QObject::destroyed, s, [buffer] { delete buffer; });
        connect(s, &QSslSocket::disconnected, s, &QObject::deleteLater);
        connect(s, &QSslSocket::readyRead, s, [this, s, buffer] {
            *buffer += s->readAll();
            const qsizetype end = buffer->indexOf("\r\n\r\n");
            if (end < 0)
                return;
            const QString line = QString::fromLatin1(buffer->left(buffer->indexOf("\r\n")));
            buffer->clear();
            if (!s->isEncrypted()) {
                connects << line;
                s->write("HTTP/1.0 200 Connection established\r\n\r\n");
                s->flush();
                s->setLocalCertificate(cert);
                s->setPrivateKey(key);
                s->startServerEncryption();
                return;
            }
            gets << line;
            const QString path = line.section(QLatin1Char(' '), 1, 1).section(QLatin1Char('?'), 0, 0);
            const QByteArray body = keys.value(path);
            s->write(!keys.contains(path) ? QByteArray("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                                    : "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " +
                                          QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
            s->disconnectFromHost();
        });
    }
};

struct Run {
    int code = -1;
    QString out, err;
};

} // namespace

class TestWkd : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_ca, m_otherCa;
    std::unique_ptr<GnupgHome> m_home;
    WkdServer m_server;
    QString m_bobFpr;

    bool openssl(const QStringList &args)
    {
        QProcess p;
        p.setWorkingDirectory(m_dir.path());
        p.start(QStringLiteral("openssl"), args);
        return p.waitForFinished(60000) && p.exitCode() == 0;
    }

    // `program` with `args` in a private mount namespace whose system CA bundle is `ca`.
    // Also gpgconf: without root the namespace maps us to root, and gpg's socket
    // directory follows the uid (/run/user/UID or the home), so gpg's daemons
    // are reached from inside only.
    Run inNamespace(const QString &program, const QStringList &args, const QString &ca)
    {
        QStringList unshare{QStringLiteral("--mount"), QStringLiteral("--propagation"), QStringLiteral("private")};
        if (::geteuid() != 0)
            unshare.prepend(QStringLiteral("--map-root-user"));
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("GNUPGHOME"), m_home->path());
        p.setProcessEnvironment(env);
        p.start(QStringLiteral("unshare"), unshare + QStringList{QStringLiteral("sh"), QStringLiteral("-c"),
                QStringLiteral("mount --bind \"$0\" %1 && exec \"$@\"").arg(QLatin1String(kSystemBundle)), ca, program} + args);
        Run r;
        // The server lives in this thread: serve it while tern runs.
        if (!QTest::qWaitFor([&p] { return p.state() == QProcess::NotRunning; }, 120000)) {
            p.kill();
            p.waitForFinished();
            return r;
        }
        r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }

    Run tern(const QStringList &args, const QString &ca) { return inNamespace(QStringLiteral(TERN_BIN_DIR "/tern"), args, ca); }

    // dirmngr keeps the mount namespace it was started in: a new one for the next run.
    void stopDaemons(const QString &which = QStringLiteral("dirmngr"))
    {
        inNamespace(QStringLiteral("gpgconf"), {QStringLiteral("--homedir"), m_home->path(), QStringLiteral("--kill"), which}, m_ca);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        if (!QFile::exists(QLatin1String(kSystemBundle)))
            QSKIP("no /etc/ssl/certs/ca-certificates.crt to stand in for");
        // The test CAs and example.test's certificate.
        QVERIFY(openssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"), QStringLiteral("-nodes"),
                         QStringLiteral("-keyout"), QStringLiteral("ca.key"), QStringLiteral("-out"), QStringLiteral("ca.pem"), QStringLiteral("-days"),
                         QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=Tern WKD test CA"), QStringLiteral("-addext"),
                         QStringLiteral("basicConstraints=critical,CA:TRUE"), QStringLiteral("-addext"), QStringLiteral("keyUsage=critical,keyCertSign")}));
        QVERIFY(openssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"), QStringLiteral("-nodes"),
                         QStringLiteral("-keyout"), QStringLiteral("other.key"), QStringLiteral("-out"), QStringLiteral("other.pem"), QStringLiteral("-days"),
                         QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=Another CA")}));
        QVERIFY(openssl({QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"),
                         QStringLiteral("server.key"), QStringLiteral("-out"), QStringLiteral("server.csr"), QStringLiteral("-subj"), QStringLiteral("/CN=example.test")}));
        QFile ext(m_dir.filePath(QStringLiteral("ext.cnf")));
        QVERIFY(ext.open(QIODevice::WriteOnly));
        ext.write("subjectAltName=DNS:example.test\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n");
        ext.close();
        QVERIFY(openssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), QStringLiteral("server.csr"), QStringLiteral("-CA"),
                         QStringLiteral("ca.pem"), QStringLiteral("-CAkey"), QStringLiteral("ca.key"), QStringLiteral("-CAcreateserial"), QStringLiteral("-out"),
                         QStringLiteral("server.pem"), QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-extfile"), QStringLiteral("ext.cnf")}));
        m_ca = m_dir.filePath(QStringLiteral("ca.pem"));
        m_otherCa = m_dir.filePath(QStringLiteral("other.pem"));
        // The private namespace with the bind mount, or a skip saying why not.
        QProcess probe;
        probe.start(QStringLiteral("unshare"), (::geteuid() != 0 ? QStringList{QStringLiteral("--map-root-user")} : QStringList{}) +
                                                   QStringList{QStringLiteral("--mount"), QStringLiteral("sh"), QStringLiteral("-c"),
                                                           QStringLiteral("mount --bind \"$0\" %1 && grep -q 'BEGIN CERT' %1").arg(QLatin1String(kSystemBundle)), m_ca});
        if (!probe.waitForFinished(30000) || probe.exitStatus() != QProcess::NormalExit || probe.exitCode() != 0)
            QSKIP(qPrintable(QStringLiteral("cannot show dirmngr a test CA: no private mount namespace here (unshare: %1)")
                                 .arg(QString::fromUtf8(probe.readAllStandardError()).trimmed())));

        QFile certFile(m_dir.filePath(QStringLiteral("server.pem"))), keyFile(m_dir.filePath(QStringLiteral("server.key")));
        QVERIFY(certFile.open(QIODevice::ReadOnly) && keyFile.open(QIODevice::ReadOnly));
        m_server.cert = QSslCertificate(certFile.readAll());
        m_server.key = QSslKey(keyFile.readAll(), QSsl::Rsa);
        QVERIFY(!m_server.cert.isNull() && !m_server.key.isNull());
        QVERIFY(m_server.listen(QHostAddress::LocalHost, 0));

        // bob publishes his key; the server also hands bob's key out for carol (a wrong key).
        QByteArray bobKey;
        {
            GnupgHome bob;
            m_bobFpr = bob.generateKey(QStringLiteral("Bob <bob@example.test>"));
            QVERIFY2(!m_bobFpr.isEmpty(), qPrintable(bob.lastError()));
            QCOMPARE(bob.gpg({QStringLiteral("--export"), m_bobFpr}, &bobKey), 0);
        }
        m_server.keys.insert(QStringLiteral("/.well-known/openpgpkey/hu/") + wkdHash("bob"), bobKey);
        m_server.keys.insert(QStringLiteral("/.well-known/openpgpkey/hu/") + wkdHash("carol"), bobKey);
        // The policy file says the domain has a directory (empty: no options); without it, dirmngr
        // stops asking the domain after one miss.
        m_server.keys.insert(QStringLiteral("/.well-known/openpgpkey/policy"), QByteArray());

        m_home = std::make_unique<GnupgHome>();   // alice's, where tern looks
        QFile conf(m_home->path() + QStringLiteral("/dirmngr.conf"));
        QVERIFY(conf.open(QIODevice::WriteOnly));
        conf.write("http-proxy http://127.0.0.1:" + QByteArray::number(m_server.serverPort()) + "\n");
    }

    void locateFindsTheKeyInTheDirectory()
    {
        const Run r = tern({QStringLiteral("keys"), QStringLiteral("--locate"), QStringLiteral("Bob@example.test"), QStringLiteral("--json")}, m_ca);
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        const QJsonArray keys = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(keys.size(), 1);
        QCOMPARE(keys.first().toObject().value(QStringLiteral("fingerprint")).toString(), m_bobFpr);
        // Imported, and trusted no more than any other import.
        const QString validity = keys.first().toObject().value(QStringLiteral("userIds")).toArray().first().toObject().value(QStringLiteral("validity")).toString();
        QVERIFY2(validity != QLatin1String("full") && validity != QLatin1String("ultimate") && validity != QLatin1String("marginal"), qPrintable(validity));
        // WKD's direct method, asked of example.test through the proxy.
        QCOMPARE(m_server.connects.value(0), QStringLiteral("CONNECT example.test:443 HTTP/1.0"));
        QCOMPARE(m_server.gets.value(0), QStringLiteral("GET /.well-known/openpgpkey/hu/%1?l=bob HTTP/1.0").arg(wkdHash("bob")));
        QByteArray listed;
        QCOMPARE(m_home->gpg({QStringLiteral("--with-colons"), QStringLiteral("--list-keys"), m_bobFpr}, &listed), 0);
    }

    void nothingFoundIsSaid()
    {
        const Run none = tern({QStringLiteral("keys"), QStringLiteral("--locate"), QStringLiteral("dave@example.test")}, m_ca);
        QCOMPARE(none.code, 1);
        QVERIFY2(none.err.contains(QLatin1String("no key for dave@example.test")), qPrintable(none.err));
        // (dirmngr may go on to ask for the domain's policy file after a miss: look for the request, not at the last one.)
        QCOMPARE(m_server.gets.filter(wkdHash("dave")).size(), 1);
        // A key served for carol that is not carol's is not hers.
        const Run wrong = tern({QStringLiteral("keys"), QStringLiteral("--locate"), QStringLiteral("carol@example.test")}, m_ca);
        QCOMPARE(wrong.code, 1);
        QCOMPARE(m_server.gets.filter(wkdHash("carol")).size(), 1);
        QCOMPARE(tern({QStringLiteral("keys"), QStringLiteral("--locate"), QStringLiteral("not an address")}, m_ca).code, 2);
    }

    void aServerTheSystemDoesNotTrustIsRefused()
    {
        stopDaemons();
        const int before = m_server.gets.size();
        const Run r = tern({QStringLiteral("keys"), QStringLiteral("--locate"), QStringLiteral("bob@example.test")}, m_otherCa);
        QVERIFY2(r.code != 0, qPrintable(r.out));
        QCOMPARE(m_server.gets.size(), before);   // the TLS handshake failed: no request was made
        QVERIFY(m_server.connects.size() > before);
    }

    void cleanupTestCase()
    {
        if (m_home)
            stopDaemons(QStringLiteral("all"));
    }
};

QTEST_GUILESS_MAIN(TestWkd)
#include "tst_wkd.moc"
