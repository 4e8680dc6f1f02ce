#include "crypto/Autocrypt.h"

#include "crypto/GpgOperations.h"
#include "crypto/KeyStore.h"
#include "mime/Addresses.h"

#include <gpgme++/context.h>
#include <gpgme++/data.h>

#include <memory>

namespace tern::crypto {

QByteArray autocryptHeader(const QString &address)
{
    const QString addr = address.trimmed().toLower();
    auto signer = signingKeyFor(Protocol::OpenPgp, addr);   // valid, not expired or revoked, ours
    if (!signer || addr.isEmpty() || addr.contains(QLatin1Char(';')))
        return {};
    initialize();
    std::unique_ptr<GpgME::Context> ctx(GpgME::Context::createForProtocol(GpgME::OpenPGP));
    if (!ctx)
        return {};
    GpgME::Data out;
    const QByteArray pattern = signer.value().toLatin1();
    if (ctx->exportPublicKeys(pattern.constData(), out, GpgME::Context::ExportMinimal))   // §2.1.1: keep keydata small
        return {};
    out.seek(0, SEEK_SET);
    const QByteArray key = QByteArray::fromStdString(out.toString());
    if (key.isEmpty() || key.size() > 64 * 1024)
        return {};
    // §2.1: addr, prefer-encrypt, then keydata; folded as RFC 5322 §2.2.3 allows, base64 splits anywhere.
    // mutual: Tern encrypts by default to peers who say the same (ComposerCrypto, §2.4).
    QByteArray header = "Autocrypt: addr=" + addr.toUtf8() + "; prefer-encrypt=mutual; keydata=";
    const QByteArray b64 = key.toBase64();
    qsizetype at = 0;
    const qsizetype first = qMax<qsizetype>(0, 76 - header.size());
    header += b64.left(first);
    for (at = first; at < b64.size(); at += 76)
        header += "\r\n " + b64.mid(at, 76);
    return header + "\r\n";
}

QByteArray withAutocryptHeader(const QByteArray &message, const QString &address)
{
    const QByteArray header = autocryptHeader(address);
    if (header.isEmpty())
        return message;
    return header + mime::removeHeader(message, "Autocrypt");
}

} // namespace tern::crypto
