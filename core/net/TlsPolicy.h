#pragma once
// How a connection decides to trust a server: the system's CAs, an account's
// extra CA file, and certificates the user explicitly accepted (pinned by
// SHA-256 digest). Nothing else; TLS 1.2 at least.
#include "common/Error.h"
#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#include <QString>

namespace tern::net {

struct TlsPolicy {
    QString caFile;                    // PEM, may be empty
    QList<QByteArray> pinnedSha256;    // certificates the user accepted despite errors

    Result<QSslConfiguration> clientConfiguration() const;
    // Errors that remain after pins are applied; empty means trusted.
    QList<QSslError> unresolved(const QList<QSslError> &errors, const QSslCertificate &peer) const;
};

// A message a user can act on: what is wrong and which certificate it is.
QString describeCertificateProblem(const QString &host, const QList<QSslError> &errors, const QSslCertificate &cert);
QString sha256Fingerprint(const QSslCertificate &cert);

} // namespace tern::net
