#include "net/Sasl.h"

#include <QLibrary>
#include <QMessageAuthenticationCode>
#include <QPasswordDigestor>
#include <QRandomGenerator>

namespace tern::net {

namespace {

// PBKDF2-HMAC-SHA-256 (RFC 8018 §5.2), the SCRAM "Hi" function. OpenSSL's when
// the process has it: Qt's TLS backend has loaded libcrypto for the connection
// this exchange runs on, so resolving it costs nothing, and its 4096 rounds
// take under 1 ms where QPasswordDigestor's took 5-13 ms, on the way of every
// `tern sync`. Qt's otherwise, with the same result.
QByteArray pbkdf2Sha256(const QByteArray &password, const QByteArray &salt, int iterations)
{
    using Pbkdf2 = int (*)(const char *, int, const unsigned char *, int, int, const void *, int, unsigned char *);
    using Digest = const void *(*)();
    struct OpenSsl { Pbkdf2 pbkdf2 = nullptr; Digest sha256 = nullptr; };
    static const OpenSsl ssl = [] {
        OpenSsl f;
        QLibrary crypto(QStringLiteral("crypto"), 3);   // never unloaded
        if (crypto.load()) {
            f.pbkdf2 = reinterpret_cast<Pbkdf2>(crypto.resolve("PKCS5_PBKDF2_HMAC"));
            f.sha256 = reinterpret_cast<Digest>(crypto.resolve("EVP_sha256"));
        }
        return f;
    }();
    if (ssl.pbkdf2 && ssl.sha256) {
        QByteArray out(32, Qt::Uninitialized);
        if (ssl.pbkdf2(password.constData(), int(password.size()), reinterpret_cast<const unsigned char *>(salt.constData()),
                       int(salt.size()), iterations, ssl.sha256(), int(out.size()), reinterpret_cast<unsigned char *>(out.data())) == 1)
            return out;
    }
    return QPasswordDigestor::deriveKeyPbkdf2(QCryptographicHash::Sha256, password, salt, iterations, 32);
}

class Plain : public SaslClient {
public:
    explicit Plain(Credentials c) : m_c(std::move(c)) {}
    QByteArray mechanism() const override { return "PLAIN"; }
    QByteArray initialResponse() override
    {
        return QByteArray(1, '\0') + m_c.user.toUtf8() + QByteArray(1, '\0') + m_c.secret.toUtf8();   // RFC 4616 §2
    }
    Result<QByteArray> respond(const QByteArray &) override { return initialResponse(); }

private:
    Credentials m_c;
};

class Login : public SaslClient {
public:
    explicit Login(Credentials c) : m_c(std::move(c)) {}
    QByteArray mechanism() const override { return "LOGIN"; }
    QByteArray initialResponse() override { ++m_step; return m_c.user.toUtf8(); }
    Result<QByteArray> respond(const QByteArray &) override
    {
        // Servers prompt "Username:" then "Password:"; answer by position, not by prompt text.
        if (m_step++ == 0)
            return m_c.user.toUtf8();
        if (m_step > 2)
            return Error::security(QStringLiteral("the server asked for more than user name and password (LOGIN)"));
        return m_c.secret.toUtf8();
    }

private:
    Credentials m_c;
    int m_step = 0;
};

class XOAuth2 : public SaslClient {
public:
    explicit XOAuth2(Credentials c) : m_c(std::move(c)) {}
    QByteArray mechanism() const override { return "XOAUTH2"; }
    QByteArray initialResponse() override
    {
        return "user=" + m_c.user.toUtf8() + "\x01" "auth=Bearer " + m_c.secret.toUtf8() + "\x01\x01";
    }
    // A challenge carries the server's JSON error; the client answers empty (then gets NO).
    Result<QByteArray> respond(const QByteArray &) override { return QByteArray(); }

private:
    Credentials m_c;
};

class OAuthBearer : public SaslClient {
public:
    explicit OAuthBearer(Credentials c) : m_c(std::move(c)) {}
    QByteArray mechanism() const override { return "OAUTHBEARER"; }
    QByteArray initialResponse() override   // RFC 7628 §3.1
    {
        QByteArray user = m_c.user.toUtf8();
        user.replace("=", "=3D").replace(",", "=2C");
        return "n,a=" + user + ",\x01" "host=" + m_c.host.toUtf8() + "\x01" "port=" + QByteArray::number(m_c.port) +
               "\x01" "auth=Bearer " + m_c.secret.toUtf8() + "\x01\x01";
    }
    Result<QByteArray> respond(const QByteArray &) override { return QByteArray("\x01"); }   // RFC 7628 §3.2.3

private:
    Credentials m_c;
};

// RFC 5802 with SHA-256 (RFC 7677). No channel binding ("n,,").
class ScramSha256 : public SaslClient {
public:
    ScramSha256(Credentials c, QByteArray nonce) : m_c(std::move(c)), m_nonce(std::move(nonce)) {}
    QByteArray mechanism() const override { return "SCRAM-SHA-256"; }

    QByteArray initialResponse() override
    {
        QByteArray user = m_c.user.toUtf8();
        user.replace("=", "=3D").replace(",", "=2C");   // RFC 5802 §5.1 'n'
        m_clientFirstBare = "n=" + user + ",r=" + m_nonce;
        m_step = 1;
        return "n,," + m_clientFirstBare;
    }

    Result<QByteArray> respond(const QByteArray &challenge) override
    {
        if (m_step == 0)
            return initialResponse();
        if (m_step == 1)
            return clientFinal(challenge);
        if (m_step == 2) {
            m_serverFinal = challenge;
            m_step = 3;
            if (auto v = verifyServerFinal(); !v)
                return v.error();
            return QByteArray();
        }
        return Error::security(QStringLiteral("SCRAM: unexpected extra challenge"));
    }

    Status verifyServerFinal() const override
    {
        if (m_step < 3)
            return Error::security(QStringLiteral("SCRAM: the server did not prove it knows the password"));
        if (m_serverFinal.startsWith("e="))
            return Error::security(QStringLiteral("SCRAM: server error %1").arg(QString::fromUtf8(m_serverFinal.mid(2))));
        if (!m_serverFinal.startsWith("v=") || QByteArray::fromBase64(m_serverFinal.mid(2)) != m_serverSignature)
            return Error::security(QStringLiteral("SCRAM: the server's signature is wrong (is it really the server?)"));
        return success();
    }

private:
    Result<QByteArray> clientFinal(const QByteArray &serverFirst)
    {
        QByteArray nonce, salt;
        qint64 iterations = 0;
        for (const QByteArray &attr : serverFirst.split(',')) {
            if (attr.startsWith("r=")) nonce = attr.mid(2);
            else if (attr.startsWith("s=")) salt = QByteArray::fromBase64(attr.mid(2));
            else if (attr.startsWith("i=")) iterations = attr.mid(2).toLongLong();
            else if (attr.startsWith("m=")) return Error::security(QStringLiteral("SCRAM: unsupported mandatory extension"));
        }
        if (!nonce.startsWith(m_nonce) || nonce.size() == m_nonce.size())
            return Error::security(QStringLiteral("SCRAM: the server's nonce does not extend ours"));
        if (salt.isEmpty())
            return Error::security(QStringLiteral("SCRAM: no salt"));
        // RFC 7677 §4: at least 4096. A huge count would pin the CPU: cap it.
        if (iterations < 4096 || iterations > 10000000)
            return Error::security(QStringLiteral("SCRAM: iteration count %1 is out of bounds").arg(iterations));

        const QByteArray salted = pbkdf2Sha256(m_c.secret.toUtf8(), salt, int(iterations));
        const QByteArray clientKey = hmac(salted, "Client Key");
        const QByteArray storedKey = QCryptographicHash::hash(clientKey, QCryptographicHash::Sha256);
        const QByteArray finalNoProof = "c=biws,r=" + nonce;   // biws = base64("n,,")
        const QByteArray authMessage = m_clientFirstBare + ',' + serverFirst + ',' + finalNoProof;
        const QByteArray signature = hmac(storedKey, authMessage);
        QByteArray proof = clientKey;
        for (int i = 0; i < proof.size(); ++i)
            proof[i] = char(proof[i] ^ signature[i]);
        m_serverSignature = hmac(hmac(salted, "Server Key"), authMessage);
        m_step = 2;
        return finalNoProof + ",p=" + proof.toBase64();
    }

    static QByteArray hmac(const QByteArray &key, const QByteArray &data)
    {
        return QMessageAuthenticationCode::hash(data, key, QCryptographicHash::Sha256);
    }

    Credentials m_c;
    QByteArray m_nonce, m_clientFirstBare, m_serverSignature, m_serverFinal;
    int m_step = 0;
};

} // namespace

QString chooseMechanism(const QStringList &offered, const Credentials &creds)
{
    QStringList upper;
    for (const QString &m : offered)
        upper << m.toUpper();
    const QStringList order = creds.isOAuthToken
                                  ? QStringList{QStringLiteral("OAUTHBEARER"), QStringLiteral("XOAUTH2")}
                                  : QStringList{QStringLiteral("SCRAM-SHA-256"), QStringLiteral("PLAIN"), QStringLiteral("LOGIN")};
    for (const QString &m : order)
        if (upper.contains(m))
            return m;
    return {};
}

std::unique_ptr<SaslClient> createScramSha256(const Credentials &creds, const QByteArray &clientNonce)
{
    return std::make_unique<ScramSha256>(creds, clientNonce);
}

std::unique_ptr<SaslClient> createSasl(const QString &mechanism, const Credentials &creds)
{
    const QString m = mechanism.toUpper();
    if (m == QLatin1String("PLAIN")) return std::make_unique<Plain>(creds);
    if (m == QLatin1String("LOGIN")) return std::make_unique<Login>(creds);
    if (m == QLatin1String("XOAUTH2")) return std::make_unique<XOAuth2>(creds);
    if (m == QLatin1String("OAUTHBEARER")) return std::make_unique<OAuthBearer>(creds);
    if (m == QLatin1String("SCRAM-SHA-256")) {
        QByteArray raw(18, Qt::Uninitialized);
        QRandomGenerator::system()->generate(raw.begin(), raw.end());
        return createScramSha256(creds, raw.toBase64());
    }
    return nullptr;
}

} // namespace tern::net
