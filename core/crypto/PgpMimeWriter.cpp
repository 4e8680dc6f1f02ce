#include "crypto/PgpMimeWriter.h"

#include "crypto/GpgOperations.h"
#include "crypto/KeyStore.h"
#include "mime/Addresses.h"

#include <QRandomGenerator>
#include <QRegularExpression>

namespace tern::crypto {

namespace {

struct Split {
    QList<QByteArray> content;   // Content-* fields, each with its folded lines and CRLF
    QList<QByteArray> other;     // the rest but MIME-Version
    QByteArray body;
};

QByteArray toCrlf(const QByteArray &in)
{
    QByteArray out = in;
    out.replace("\r\n", "\n");
    out.replace("\n", "\r\n");
    return out;
}

Split split(const QByteArray &message)
{
    Split s;
    const QByteArray m = toCrlf(message);
    qsizetype end = m.indexOf("\r\n\r\n");
    const QByteArray head = end < 0 ? m : m.left(end + 2);
    s.body = end < 0 ? QByteArray() : m.mid(end + 4);
    QList<QByteArray> fields;
    for (const QByteArray &line : head.split('\n')) {
        if (line.isEmpty())
            continue;
        if ((line.startsWith(' ') || line.startsWith('\t')) && !fields.isEmpty())
            fields.last() += line + '\n';
        else
            fields.append(line + '\n');
    }
    for (const QByteArray &f : std::as_const(fields)) {
        const QByteArray name = f.left(f.indexOf(':')).trimmed().toLower();
        if (name.startsWith("content-"))
            s.content.append(f);
        else if (name != "mime-version")
            s.other.append(f);
    }
    return s;
}

QByteArray fieldName(const QByteArray &field)
{
    return field.left(field.indexOf(':')).trimmed().toLower();
}

QByteArray boundary()
{
    QByteArray b = "=-tern-";
    for (int i = 0; i < 4; ++i)
        b += QByteArray::number(QRandomGenerator::system()->generate(), 16);
    return b;
}

QStringList addressesIn(const QList<QByteArray> &fields, const QList<QByteArray> &names)
{
    QStringList out;
    for (const QByteArray &f : fields)
        if (names.contains(fieldName(f)))
            for (const QByteArray &a : mime::parseAddressList(f.mid(f.indexOf(':') + 1).simplified()))
                if (!out.contains(QString::fromUtf8(a).toLower()))
                    out << QString::fromUtf8(a).toLower();
    return out;
}

// RFC 2045 §6.7 quoted-printable of CRLF text: 8-bit bytes, '=' and white
// space at a line's end encoded, lines kept under 76 characters by soft breaks.
QByteArray quotedPrintable(const QByteArray &text)
{
    QByteArray out;
    const QList<QByteArray> lines = text.split('\n');
    for (qsizetype n = 0; n < lines.size(); ++n) {
        QByteArray line = lines.at(n);
        if (line.endsWith('\r'))
            line.chop(1);
        QByteArray enc;
        int width = 0;
        for (qsizetype i = 0; i < line.size(); ++i) {
            const uchar c = uchar(line.at(i));
            const bool last = i == line.size() - 1;
            QByteArray piece;
            if ((c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last))
                piece = QByteArray(1, char(c));
            else
                piece = '=' + QByteArray::number(c, 16).toUpper().rightJustified(2, '0');
            if (width + piece.size() > 75) {
                enc += "=\r\n";
                width = 0;
            }
            enc += piece;
            width += int(piece.size());
        }
        out += enc;
        if (n + 1 < lines.size())
            out += "\r\n";
    }
    return out;
}

bool fragileInTransit(const QByteArray &body)
{
    for (const QByteArray &line : body.split('\n')) {
        const QByteArray l = line.endsWith('\r') ? line.chopped(1) : line;
        if (l.endsWith(' ') || l.endsWith('\t') || l.startsWith("From ") || l.size() > 998)
            return true;
        for (char c : l)
            if (uchar(c) >= 0x80)
                return true;
    }
    return false;
}

// RFC 3156 §3: what is signed must reach the reader byte for byte, so it is
// 7-bit and has no white space at a line's end (relays strip it, and some
// rewrite a line starting "From "). A text part sent as it is (no transfer
// encoding) that would not survive is made quoted-printable, in a single part
// or in the parts of a multipart (one level: what the composer makes).
void makeTransportSafe(QList<QByteArray> &fields, QByteArray &body)
{
    QByteArray type, encoding;
    for (const QByteArray &f : std::as_const(fields)) {
        if (fieldName(f) == "content-type")
            type = f.mid(f.indexOf(':') + 1).simplified();
        else if (fieldName(f) == "content-transfer-encoding")
            encoding = f.mid(f.indexOf(':') + 1).trimmed().toLower();
    }
    if (type.toLower().startsWith("multipart/")) {
        static const QRegularExpression boundaryParam(QStringLiteral("boundary=\"?([^\";]+)\"?"), QRegularExpression::CaseInsensitiveOption);
        const QByteArray boundary = boundaryParam.match(QString::fromLatin1(type)).captured(1).toLatin1();
        if (boundary.isEmpty())
            return;
        const QByteArray delimiter = "\r\n--" + boundary;
        QByteArray rest = "\r\n" + body, out;
        for (int guard = 0; guard < 1000; ++guard) {
            const qsizetype at = rest.indexOf(delimiter);
            if (at < 0) {
                out += rest;
                break;
            }
            QByteArray part = rest.left(at);
            rest = rest.mid(at);
            const qsizetype lineEnd = rest.indexOf("\r\n", 2);
            const QByteArray delimLine = lineEnd < 0 ? rest : rest.left(lineEnd + 2);
            rest = lineEnd < 0 ? QByteArray() : rest.mid(lineEnd + 2);
            if (guard > 0) {   // a body part (not the preamble): its header fields, then its body
                const qsizetype he = part.indexOf("\r\n\r\n");
                if (he >= 0) {
                    const Split inner = split(part.left(he + 2) + "\r\n" + part.mid(he + 4));
                    QList<QByteArray> innerFields = inner.content;
                    QByteArray innerBody = inner.body;
                    makeTransportSafe(innerFields, innerBody);
                    part = inner.other.join() + innerFields.join() + "\r\n" + innerBody;
                }
            }
            out += part + delimLine;
            if (delimLine.startsWith(delimiter + "--")) {
                out += rest;
                break;
            }
        }
        body = out.mid(2);
        return;
    }
    const bool asIs = encoding.isEmpty() || encoding == "7bit" || encoding == "8bit";
    if (!asIs || !(type.isEmpty() || type.toLower().startsWith("text/")) || !fragileInTransit(body))
        return;
    for (qsizetype i = fields.size() - 1; i >= 0; --i)
        if (fieldName(fields.at(i)) == "content-transfer-encoding")
            fields.removeAt(i);
    fields.append("Content-Transfer-Encoding: quoted-printable\r\n");
    body = quotedPrintable(body);
}

} // namespace

Result<QByteArray> protectMessage(const QByteArray &message, const ProtectOptions &options)
{
    if (!options.sign && !options.encrypt)
        return message;
    Split s = split(message);
    const QStringList from = addressesIn(s.other, {"from"});
    if (from.size() != 1)
        return Error::invalid(QStringLiteral("the message must have one From address to sign or encrypt"));
    QString signer;
    if (options.sign) {
        auto key = signingKeyFor(Protocol::OpenPgp, from.first());
        if (!key)
            return key.error();
        signer = key.value();
    }
    bool hasType = false;
    for (const QByteArray &f : std::as_const(s.content))
        hasType = hasType || fieldName(f) == "content-type";
    if (!hasType)
        s.content.prepend("Content-Type: text/plain; charset=us-ascii\r\n");
    const QByteArray b = boundary();
    QByteArray out;

    if (!options.encrypt) {
        makeTransportSafe(s.content, s.body);
        const QByteArray entity = s.content.join() + "\r\n" + s.body;
        QByteArray micalg;
        auto sig = signDetached(Protocol::OpenPgp, entity, signer, &micalg);
        if (!sig)
            return sig.error();
        out = s.other.join() + "MIME-Version: 1.0\r\nContent-Type: multipart/signed; micalg=" + micalg +
              "; protocol=\"application/pgp-signature\";\r\n boundary=\"" + b + "\"\r\n\r\n" +
              "This is an OpenPGP/MIME signed message (RFC 4880 and 3156)\r\n--" + b + "\r\n" + entity + "\r\n--" + b + "\r\n" +
              "Content-Type: application/pgp-signature; name=\"signature.asc\"\r\n"
              "Content-Description: OpenPGP digital signature\r\n"
              "Content-Disposition: attachment; filename=\"signature.asc\"\r\n\r\n" + toCrlf(sig.value()) + "\r\n--" + b + "--\r\n";
        return out;
    }

    // Every recipient, Bcc too, and the sender: the sent copy must stay readable.
    const QStringList recipients = addressesIn(s.other, {"to", "cc", "bcc"}) + from;
    const RecipientKeys keys = keysForRecipients(Protocol::OpenPgp, recipients);
    if (!keys.missing.isEmpty())
        return Error::notFound(QStringLiteral("no valid OpenPGP key for %1: import and certify one, or send unencrypted")
                                   .arg(keys.missing.join(QStringLiteral(", "))));
    // Protected headers: the Subject inside, marked so a reader knows to show it.
    for (QByteArray &f : s.content)
        if (fieldName(f) == "content-type")
            f = f.chopped(2) + "; protected-headers=\"v1\"\r\n";
    for (QByteArray &f : s.other)
        if (fieldName(f) == "subject") {
            s.content.append(f);
            f = "Subject: ...\r\n";
        }
    const QByteArray entity = s.content.join() + "\r\n" + s.body;
    auto cipher = encrypt(Protocol::OpenPgp, entity, keys.fingerprints, signer);
    if (!cipher)
        return cipher.error();
    out = s.other.join() + "MIME-Version: 1.0\r\nContent-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\";\r\n boundary=\"" + b +
          "\"\r\n\r\nThis is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)\r\n--" + b + "\r\n" +
          "Content-Type: application/pgp-encrypted\r\nContent-Description: PGP/MIME version identification\r\n\r\nVersion: 1\r\n\r\n--" + b + "\r\n" +
          "Content-Type: application/octet-stream; name=\"encrypted.asc\"\r\n"
          "Content-Description: OpenPGP encrypted message\r\n"
          "Content-Disposition: inline; filename=\"encrypted.asc\"\r\n\r\n" + toCrlf(cipher.value()) + "\r\n--" + b + "--\r\n";
    return out;
}

} // namespace tern::crypto
