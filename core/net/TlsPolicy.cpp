#include "net/TlsPolicy.h"

#include <QFile>

namespace tern::net {

Result<QSslConfiguration> TlsPolicy::clientConfiguration() const
{
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    conf.setProtocol(QSsl::TlsV1_2OrLater);
    conf.setPeerVerifyMode(QSslSocket::VerifyPeer);
    if (!caFile.isEmpty()) {
        QFile f(caFile);
        if (!f.open(QIODevice::ReadOnly))
            return Error::io(QStringLiteral("cannot read CA file %1").arg(caFile));
        const auto certs = QSslCertificate::fromData(f.readAll(), QSsl::Pem);
        if (certs.isEmpty())
            return Error::invalid(QStringLiteral("CA file %1 holds no PEM certificate").arg(caFile));
        auto cas = conf.caCertificates();
        cas += certs;
        conf.setCaCertificates(cas);
    }
    return conf;
}

QString sha256Fingerprint(const QSslCertificate &cert)
{
    const QByteArray d = cert.digest(QCryptographicHash::Sha256).toHex().toUpper();
    QString out;
    for (int i = 0; i < d.size(); i += 2) {
        if (i) out += QLatin1Char(':');
        out += QLatin1String(d.mid(i, 2));
    }
    return out;
}

QList<QSslError> TlsPolicy::unresolved(const QList<QSslError> &errors, const QSslCertificate &peer) const
{
    if (!peer.isNull() && pinnedSha256.contains(peer.digest(QCryptographicHash::Sha256)))
        return {};   // the user accepted exactly this certificate
    return errors;
}

QString describeCertificateProblem(const QString &host, const QList<QSslError> &errors, const QSslCertificate &cert)
{
    QStringList reasons;
    for (const QSslError &e : errors)
        reasons << e.errorString();
    reasons.removeDuplicates();
    QString text = QStringLiteral("the certificate of %1 is not trusted: %2").arg(host, reasons.join(QStringLiteral("; ")));
    if (!cert.isNull()) {
        text += QStringLiteral(" (subject: %1; issuer: %2; valid %3 to %4; SHA-256 %5)")
                    .arg(cert.subjectDisplayName(), cert.issuerDisplayName(),
                         cert.effectiveDate().toString(Qt::ISODate), cert.expiryDate().toString(Qt::ISODate),
                         sha256Fingerprint(cert));
    }
    return text;
}

} // namespace tern::net
