#include "crypto/PgpMimeWriter.h"

#include "crypto/Autocrypt.h"
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

QByteArray base64Lines(const QByteArray &der)
{
    QByteArray out;
    const QByteArray b = der.toBase64();
    for (qsizetype i = 0; i < b.size(); i += 76)
        out += b.mid(i, 76) + "\r\n";
    return out;
}

// A MIME entity: its Content-* fields (each ending CRLF) and its body.
struct Entity {
    QList<QByteArray> fields;
    QByteArray body;
    QByteArray bytes() const { return fields.join() + "\r\n" + body; }
};

Result<Entity> signEntity(Protocol protocol, Entity e, const QString &signer)
{
    makeTransportSafe(e.fields, e.body);
    const QByteArray content = e.bytes();
    QByteArray micalg;
    auto sig = signDetached(protocol, content, signer, &micalg);
    if (!sig)
        return sig.error();
    const QByteArray b = boundary();
    Entity out;
    if (protocol == Protocol::OpenPgp) {
        // RFC 3156 §5
        out.fields << "Content-Type: multipart/signed; micalg=" + micalg + "; protocol=\"application/pgp-signature\";\r\n boundary=\"" + b + "\"\r\n";
        out.body = "This is an OpenPGP/MIME signed message (RFC 4880 and 3156)\r\n--" + b + "\r\n" + content + "\r\n--" + b + "\r\n" +
                   "Content-Type: application/pgp-signature; name=\"signature.asc\"\r\n"
                   "Content-Description: OpenPGP digital signature\r\n"
                   "Content-Disposition: attachment; filename=\"signature.asc\"\r\n\r\n" + toCrlf(sig.value()) + "\r\n--" + b + "--\r\n";
    } else {
        // RFC 8551 §3.5.3: the signature is DER, sent base64.
        out.fields << "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; micalg=" + micalg + ";\r\n boundary=\"" + b + "\"\r\n";
        out.body = "This is an S/MIME signed message (RFC 8551)\r\n--" + b + "\r\n" + content + "\r\n--" + b + "\r\n" +
                   "Content-Type: application/pkcs7-signature; name=\"smime.p7s\"\r\n"
                   "Content-Transfer-Encoding: base64\r\n"
                   "Content-Disposition: attachment; filename=\"smime.p7s\"\r\n"
                   "Content-Description: S/MIME digital signature\r\n\r\n" + base64Lines(sig.value()) + "--" + b + "--\r\n";
    }
    return out;
}

// `inner` encrypted to `fingerprints`; OpenPGP signs in the same pass when `signer` is given
// (RFC 3156 §6.2), S/MIME never (the caller signs first: RFC 8551 §3.7).
Result<Entity> encryptEntity(Protocol protocol, const Entity &inner, const QStringList &fingerprints, const QString &signer, bool keysChecked)
{
    auto cipher = encrypt(protocol, inner.bytes(), fingerprints, protocol == Protocol::OpenPgp ? signer : QString(), keysChecked);
    if (!cipher)
        return cipher.error();
    Entity out;
    if (protocol == Protocol::OpenPgp) {
        const QByteArray b = boundary();
        out.fields << "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\";\r\n boundary=\"" + b + "\"\r\n";
        out.body = "This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)\r\n--" + b + "\r\n" +
                   "Content-Type: application/pgp-encrypted\r\nContent-Description: PGP/MIME version identification\r\n\r\nVersion: 1\r\n\r\n--" + b + "\r\n" +
                   "Content-Type: application/octet-stream; name=\"encrypted.asc\"\r\n"
                   "Content-Description: OpenPGP encrypted message\r\n"
                   "Content-Disposition: inline; filename=\"encrypted.asc\"\r\n\r\n" + toCrlf(cipher.value()) + "\r\n--" + b + "--\r\n";
    } else {
        // RFC 8551 §3.3
        out.fields << "Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=\"smime.p7m\"\r\n"
                   << "Content-Transfer-Encoding: base64\r\n"
                   << "Content-Disposition: attachment; filename=\"smime.p7m\"\r\n";
        out.body = base64Lines(cipher.value());
    }
    return out;
}

QString protocolName(Protocol p)
{
    return p == Protocol::Cms ? QStringLiteral("S/MIME certificate") : QStringLiteral("OpenPGP key");
}

// The header fields outside, the entity, and who may read it.
struct Prepared {
    Split split;
    QString from;
    QString signer;
};

Result<Prepared> prepare(const QByteArray &message, const ProtectOptions &options)
{
    Prepared p;
    p.split = split(message);
    const QStringList from = addressesIn(p.split.other, {"from"});
    if (from.size() != 1)
        return Error::invalid(QStringLiteral("the message must have one From address to sign or encrypt"));
    p.from = from.first();
    if (options.sign) {
        auto key = signingKeyFor(options.protocol, p.from);
        if (!key)
            return key.error();
        p.signer = key.value();
    }
    bool hasType = false;
    for (const QByteArray &f : std::as_const(p.split.content))
        hasType = hasType || fieldName(f) == "content-type";
    if (!hasType)
        p.split.content.prepend("Content-Type: text/plain; charset=us-ascii\r\n");
    return p;
}

// The message for `readers` (addresses; the keys checked already), its outer fields `outer`.
Result<QByteArray> assemble(const Prepared &p, const ProtectOptions &options, const QList<QByteArray> &outer, const QStringList &keys,
                            const QList<QByteArray> &protectedFields)
{
    Entity e{p.split.content, p.split.body};
    if (!options.encrypt) {
        auto s = signEntity(options.protocol, e, p.signer);
        if (!s)
            return s.error();
        return outer.join() + "MIME-Version: 1.0\r\n" + s.value().bytes();
    }
    if (options.protocol == Protocol::Cms && !p.signer.isEmpty()) {
        auto s = signEntity(options.protocol, e, p.signer);
        if (!s)
            return s.error();
        e = s.value();
    }
    // Protected headers: the Subject (and for a draft, Bcc) inside, marked so a reader knows to show it.
    for (QByteArray &f : e.fields)
        if (fieldName(f) == "content-type")
            f = f.chopped(2) + "; protected-headers=\"v1\"\r\n";
    e.fields += protectedFields;
    auto enc = encryptEntity(options.protocol, e, keys, p.signer, !options.acceptedKeys.isEmpty());
    if (!enc)
        return enc.error();
    return outer.join() + "MIME-Version: 1.0\r\n" + enc.value().bytes();
}

// The outer fields with the Subject replaced by "..." and the fields named in `drop` left out;
// the protected ones (the real Subject and those in `keepInside`) in `inside`.
QList<QByteArray> hideFields(const QList<QByteArray> &fields, const QList<QByteArray> &drop, const QList<QByteArray> &keepInside, QList<QByteArray> *inside)
{
    QList<QByteArray> out;
    for (const QByteArray &f : fields) {
        const QByteArray name = fieldName(f);
        if (name == "subject") {
            *inside << f;
            out << "Subject: ...\r\n";
        } else if (keepInside.contains(name)) {
            *inside << f;
        } else if (!drop.contains(name)) {
            out << f;
        }
    }
    return out;
}

Error missingKeysError(Protocol protocol, const QStringList &missing)
{
    return Error::notFound(QStringLiteral("no valid %1 for %2: import and certify one, or send unencrypted")
                               .arg(protocolName(protocol), missing.join(QStringLiteral(", "))));
}

QList<QByteArray> toBytes(const QStringList &addresses)
{
    QList<QByteArray> out;
    for (const QString &a : addresses)
        out << a.toUtf8();
    return out;
}

} // namespace

Result<QByteArray> protectMessage(const QByteArray &message, const ProtectOptions &options)
{
    if (!options.sign && !options.encrypt)
        return message;
    auto p = prepare(message, options);
    if (!p)
        return p.error();
    if (!options.encrypt)
        return assemble(p.value(), options, p.value().split.other, {}, {});
    // Every recipient, Bcc too, and the sender: the sent copy must stay readable.
    const QStringList recipients = addressesIn(p.value().split.other, {"to", "cc", "bcc"}) + QStringList{p.value().from};
    const RecipientKeys keys = keysForRecipients(options.protocol, recipients, options.acceptedKeys);
    if (!keys.missing.isEmpty())
        return missingKeysError(options.protocol, keys.missing);
    QList<QByteArray> inside;
    const QList<QByteArray> outer = hideFields(p.value().split.other, {}, {}, &inside);
    return assemble(p.value(), options, outer, keys.fingerprints, inside);
}

namespace {
Result<QList<OutgoingCopy>> protectCopies(const QByteArray &message, const ProtectOptions &options);
}

Result<QList<OutgoingCopy>> protectForSending(const QByteArray &message, const ProtectOptions &options)
{
    auto copies = protectCopies(message, options);
    if (!copies)
        return copies;
    // Autocrypt Level 1 §2.1: every message from an identity with a key carries it, outside any encryption.
    const QStringList from = addressesIn(split(message).other, {"from"});
    QList<OutgoingCopy> out = copies.value();
    if (from.size() == 1)
        for (OutgoingCopy &c : out)
            c.bytes = withAutocryptHeader(c.bytes, from.first());
    return out;
}

namespace {
Result<QList<OutgoingCopy>> protectCopies(const QByteArray &message, const ProtectOptions &options)
{
    const Split s = split(message);
    const QStringList visible = addressesIn(s.other, {"to", "cc"});
    const QStringList blind = addressesIn(s.other, {"bcc"});
    QStringList all = visible;
    for (const QString &b : blind)
        if (!all.contains(b))
            all << b;
    if (all.isEmpty())
        return Error::invalid(QStringLiteral("the message has no recipients in To, Cc or Bcc"));
    if (!options.sign && !options.encrypt)
        return QList<OutgoingCopy>{{mime::removeHeader(message, "Bcc"), toBytes(all), true}};
    auto p = prepare(message, options);
    if (!p)
        return p.error();
    if (!options.encrypt) {
        QList<QByteArray> outer;
        for (const QByteArray &f : std::as_const(p.value().split.other))
            if (fieldName(f) != "bcc")
                outer << f;
        auto signedMessage = assemble(p.value(), options, outer, {}, {});
        if (!signedMessage)
            return signedMessage.error();
        return QList<OutgoingCopy>{{signedMessage.value(), toBytes(all), true}};
    }
    // Every key first, so that nothing is encrypted when one is missing.
    const RecipientKeys keys = keysForRecipients(options.protocol, all + QStringList{p.value().from}, options.acceptedKeys);
    if (!keys.missing.isEmpty())
        return missingKeysError(options.protocol, keys.missing);
    QList<OutgoingCopy> out;
    QList<QByteArray> inside;
    const QList<QByteArray> outer = hideFields(p.value().split.other, {"bcc"}, {}, &inside);
    QStringList readers = visible;
    if (!readers.isEmpty()) {
        readers << p.value().from;
        auto copy = assemble(p.value(), options, outer, keys.fingerprintsFor(readers), inside);
        if (!copy)
            return copy.error();
        out << OutgoingCopy{copy.value(), toBytes(visible), true};
    }
    for (const QString &b : blind) {
        if (visible.contains(b))
            continue;
        auto copy = assemble(p.value(), options, outer, keys.fingerprintsFor({b, p.value().from}), inside);
        if (!copy)
            return copy.error();
        out << OutgoingCopy{copy.value(), {b.toUtf8()}, out.isEmpty()};
    }
    return out;
}

} // namespace

Result<QByteArray> protectDraft(const QByteArray &message, Protocol protocol)
{
    const ProtectOptions options{false, true, protocol, {}};
    auto p = prepare(message, options);
    if (!p)
        return p.error();
    const RecipientKeys keys = keysForRecipients(protocol, {p.value().from});
    if (!keys.missing.isEmpty())
        return missingKeysError(protocol, keys.missing);
    QList<QByteArray> inside;
    const QList<QByteArray> outer = hideFields(p.value().split.other, {}, {"bcc"}, &inside);
    return assemble(p.value(), options, outer, keys.fingerprints, inside);
}

QStringList recipientsWithoutKeys(const QByteArray &message, Protocol protocol, const QHash<QString, QString> &accepted)
{
    const Split s = split(message);
    QStringList all = addressesIn(s.other, {"to", "cc", "bcc"});
    for (const QString &f : addressesIn(s.other, {"from"}))
        if (!all.contains(f))
            all << f;
    return all.isEmpty() ? QStringList{} : keysForRecipients(protocol, all, accepted).missing;
}

QStringList recipientsOf(const QByteArray &message)
{
    QStringList all;
    for (const QString &a : addressesIn(split(message).other, {"to", "cc", "bcc"}))
        if (!all.contains(a.toLower()))
            all << a.toLower();
    return all;
}

} // namespace tern::crypto
