#include "mime/Security.h"

#include <QJsonArray>

namespace tern::mime {

QString statusName(SignatureStatus s)
{
    switch (s) {
    case SignatureStatus::Valid: return QStringLiteral("valid");
    case SignatureStatus::NotTrusted: return QStringLiteral("not-trusted");
    case SignatureStatus::Bad: return QStringLiteral("bad");
    case SignatureStatus::UnknownKey: return QStringLiteral("unknown-key");
    case SignatureStatus::Expired: return QStringLiteral("expired");
    case SignatureStatus::Revoked: return QStringLiteral("revoked");
    case SignatureStatus::Error: break;
    }
    return QStringLiteral("error");
}

namespace {

// Worse first: a reader is told the worst thing any signature says.
int severity(SignatureStatus s)
{
    switch (s) {
    case SignatureStatus::Bad: return 6;
    case SignatureStatus::Revoked: return 5;
    case SignatureStatus::Error: return 4;
    case SignatureStatus::Expired: return 3;
    case SignatureStatus::UnknownKey: return 2;
    case SignatureStatus::NotTrusted: return 1;
    case SignatureStatus::Valid: return 0;
    }
    return 6;
}

} // namespace

QString MessageSecurity::signatureVerdict() const
{
    if (!signedRoot || signatures.isEmpty())
        return signedRoot ? QStringLiteral("error") : QStringLiteral("none");
    SignatureStatus worst = SignatureStatus::Valid;
    bool allMatch = true;
    for (const SignatureInfo &s : signatures) {
        if (severity(s.status) > severity(worst))
            worst = s.status;
        allMatch = allMatch && s.matchesFrom;
    }
    // Only a good signature can be a mismatch: a bad one says less already.
    if (!allMatch && (worst == SignatureStatus::Valid || worst == SignatureStatus::NotTrusted))
        return QStringLiteral("mismatch");
    return statusName(worst);
}

QJsonObject toJson(const MessageSecurity &s)
{
    QJsonArray sigs;
    for (const SignatureInfo &i : s.signatures) {
        QJsonObject o{{QStringLiteral("status"), statusName(i.status)},
                      {QStringLiteral("fingerprint"), i.fingerprint},
                      {QStringLiteral("userIds"), QJsonArray::fromStringList(i.userIds)},
                      {QStringLiteral("addresses"), QJsonArray::fromStringList(i.addresses)},
                      {QStringLiteral("matchesFrom"), i.matchesFrom}};
        if (!i.detail.isEmpty())
            o.insert(QStringLiteral("detail"), i.detail);
        sigs.append(o);
    }
    QJsonArray nested;
    for (const QByteArray &n : s.nestedSections)
        nested.append(QString::fromLatin1(n));
    QJsonObject o{{QStringLiteral("signature"), s.signatureVerdict()},
                  {QStringLiteral("signedRoot"), s.signedRoot},
                  {QStringLiteral("signatures"), sigs},
                  {QStringLiteral("encrypted"), s.encrypted},
                  {QStringLiteral("protocol"), QString::fromLatin1(s.protocol)},
                  {QStringLiteral("form"), QString::fromLatin1(s.form)},
                  {QStringLiteral("nestedProtectedParts"), nested},
                  {QStringLiteral("remoteContentForbidden"), s.remoteContentForbidden},
                  {QStringLiteral("warnings"), QJsonArray::fromStringList(s.warnings)}};
    if (!s.decryption.isEmpty())
        o.insert(QStringLiteral("decryption"), QString::fromLatin1(s.decryption));
    if (!s.protectedSubject.isEmpty())
        o.insert(QStringLiteral("protectedSubject"), s.protectedSubject);
    return o;
}

} // namespace tern::mime
