#pragma once
// SASL client mechanisms shared by IMAP, POP3 and SMTP: PLAIN (RFC 4616),
// LOGIN (draft-murchison-sasl-login), SCRAM-SHA-256 (RFC 5802, RFC 7677),
// XOAUTH2 (Google's) and OAUTHBEARER (RFC 7628). Challenges and responses
// here are raw bytes; each protocol does its own base64 framing.
#include "common/Error.h"
#include <QByteArray>
#include <QString>
#include <QStringList>
#include <memory>

namespace tern::net {

struct Credentials {
    QString user;
    QString secret;          // password, or an OAuth access token
    bool isOAuthToken = false;
    QString host;            // for OAUTHBEARER
    quint16 port = 0;
};

class SaslClient {
public:
    virtual ~SaslClient() = default;
    virtual QByteArray mechanism() const = 0;
    // The first response, sent with the AUTH command when the protocol allows
    // an initial response (SASL-IR, SMTP AUTH, POP3 AUTH).
    virtual QByteArray initialResponse() = 0;
    // The response to a server challenge; an error aborts the exchange.
    virtual Result<QByteArray> respond(const QByteArray &challenge) = 0;
    // Called on success: mechanisms with mutual authentication (SCRAM) check
    // that the server proved it knows the password.
    virtual Status verifyServerFinal() const { return success(); }
};

// The best mechanism both sides support, strongest first; none if nothing fits.
// Over plaintext (loopback only) nothing is excluded: the URL policy decided.
QString chooseMechanism(const QStringList &offered, const Credentials &creds);
std::unique_ptr<SaslClient> createSasl(const QString &mechanism, const Credentials &creds);
// For tests: SCRAM with a fixed client nonce.
std::unique_ptr<SaslClient> createScramSha256(const Credentials &creds, const QByteArray &clientNonce);

} // namespace tern::net
