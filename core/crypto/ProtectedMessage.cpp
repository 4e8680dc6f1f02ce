#include "crypto/ProtectedMessage.h"

#include "crypto/GpgOperations.h"
#include "mime/Addresses.h"

#include <list>

namespace tern::crypto {

namespace {

constexpr int kMaxLayers = 4;   // signed(encrypted(signed(…))): more is not a real message

const QByteArray kPgpSigned = "-----BEGIN PGP SIGNED MESSAGE-----";
const QByteArray kPgpSignatureEnd = "-----END PGP SIGNATURE-----";
const QByteArray kPgpMessage = "-----BEGIN PGP MESSAGE-----";
const QByteArray kPgpMessageEnd = "-----END PGP MESSAGE-----";

// RFC 3156 §5 and RFC 8551 §3.1.1: the signature covers the part in canonical
// form, lines ending in CRLF, whatever the local store did to them.
QByteArray canonical(const QByteArray &bytes)
{
    QByteArray out;
    out.reserve(bytes.size() + bytes.size() / 40);
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const char c = bytes.at(i);
        if (c == '\n' && (i == 0 || bytes.at(i - 1) != '\r'))
            out += '\r';
        out += c;
    }
    return out;
}

bool isPkcs7Mime(const mime::MimePart &p)
{
    return p.type == "application" && (p.subtype == "pkcs7-mime" || p.subtype == "x-pkcs7-mime");
}

bool isPkcs7Signature(const mime::MimePart &p)
{
    return p.type == "application" && (p.subtype == "pkcs7-signature" || p.subtype == "x-pkcs7-signature");
}

// A text body that is exactly one armored block of the kind asked for.
bool isWholeArmoredBlock(const QByteArray &text, const QByteArray &begin, const QByteArray &end)
{
    const QByteArray t = text.trimmed();
    return t.startsWith(begin) && t.endsWith(end) && t.count("-----BEGIN PGP") == (begin == kPgpSigned ? 2 : 1);
}

bool hasArmoredBlock(const QByteArray &text)
{
    return text.contains(kPgpSigned) || text.contains(kPgpMessage);
}

// Protected parts anywhere below `p` that are not the root being unwrapped.
void findNested(const mime::MimePart &p, const mime::MimePart *root, QList<QByteArray> &out, int depth)
{
    if (depth > 64 || out.size() >= 100)
        return;
    if (&p != root) {
        const bool signedOrEncrypted = p.isMultipart() && (p.subtype == "signed" || p.subtype == "encrypted");
        if (signedOrEncrypted || isPkcs7Mime(p) || isPkcs7Signature(p) ||
            (p.isText() && p.loaded && hasArmoredBlock(p.content.left(1 << 20)))) {
            out.append(p.section.isEmpty() ? QByteArray("(root)") : p.section);
            if (signedOrEncrypted)
                return;   // what is inside belongs to it
        }
    }
    for (const mime::MimePart &c : p.children)
        findNested(c, root, out, depth + 1);
}

class Unwrapper {
public:
    Unwrapper(const mime::ParsedMessage &outer) : m_outer(outer) {}

    ProtectedView run()
    {
        ProtectedView v;
        m_view = &v;
        v.message = m_outer;
        // Each layer replaces v.message.root with what it wraps; decrypted
        // entities are parsed into their own trees (kept in m_inner).
        const mime::MimePart *root = &m_outer.root;
        for (int layer = 0; layer < kMaxLayers && root; ++layer) {
            const mime::MimePart *next = step(*root, layer);
            if (next == root || !next)
                break;
            root = next;
        }
        if (root && root != &m_outer.root)
            v.message.root = *root;
        // Protected parts left below what is displayed are attachments.
        QList<QByteArray> nested;
        findNested(v.message.root, v.security.protocol.isEmpty() ? nullptr : &v.message.root, nested, 0);
        if (v.security.protocol.isEmpty())
            nested.removeAll(QByteArray("(root)"));
        v.security.nestedSections = nested;
        for (const QByteArray &s : std::as_const(nested))
            v.security.warnings << QStringLiteral("part %1 is signed or encrypted inside unprotected content: not verified, not decrypted, "
                                                  "and no signature in it vouches for this message").arg(QString::fromLatin1(s));
        matchFrom(v);
        if (!v.security.protectedSubject.isEmpty())
            for (auto &[name, value] : v.message.headers)
                if (name.compare("Subject", Qt::CaseInsensitive) == 0)
                    value = v.security.protectedSubject.toUtf8();
        for (const mime::ParsedMessage &inner : std::as_const(m_inner))
            v.message.problems << inner.problems;
        return v;
    }

private:
    // One layer: returns the part to show instead of `p`, or `p` when it wraps nothing.
    const mime::MimePart *step(const mime::MimePart &p, int layer)
    {
        mime::MessageSecurity &sec = m_view->security;
        if (p.isMultipart() && p.subtype == "signed" && p.children.size() >= 2) {
            if (sec.signedRoot)
                return &p;   // one signature layer counts; a second inside is shown as it is
            const QString protocol = p.params.value("protocol").toLower();
            const bool pgp = protocol == QLatin1String("application/pgp-signature");
            const bool cms = protocol == QLatin1String("application/pkcs7-signature") || protocol == QLatin1String("application/x-pkcs7-signature");
            if (!pgp && !cms) {
                sec.warnings << QStringLiteral("the message is signed with an unknown protocol (%1): not verified").arg(protocol.left(80));
                return &p;
            }
            setProtocol(pgp ? "openpgp" : "smime", pgp ? "pgp-mime" : "smime-detached");
            sec.signedRoot = true;
            const mime::MimePart &content = p.children.at(0);
            if (content.raw.isEmpty()) {
                sec.warnings << QStringLiteral("the signed part could not be located in the message: not verified");
                sec.signatures = {errorSignature(QStringLiteral("signed bytes not found"))};
                return &content;
            }
            const VerifyOutcome out = verifyDetached(pgp ? Protocol::OpenPgp : Protocol::Cms, canonical(content.raw), p.children.at(1).content);
            sec.signatures = out.signatures.isEmpty() ? QList<mime::SignatureInfo>{errorSignature(out.error)} : out.signatures;
            return &content;
        }
        if (p.isMultipart() && p.subtype == "encrypted") {
            if (!encryptionAllowed(layer))
                return &p;
            if (p.params.value("protocol").toLower() != QLatin1String("application/pgp-encrypted") || p.children.size() < 2) {
                sec.warnings << QStringLiteral("the message is encrypted in a form Tern does not know: not decrypted");
                return &p;
            }
            setProtocol("openpgp", sec.signedRoot ? sec.form : QByteArray("pgp-mime"));
            return decrypt(Protocol::OpenPgp, p.children.at(1).content, false, p);
        }
        if (isPkcs7Mime(p)) {
            const QString type = p.params.value("smime-type").toLower();
            if (type == QLatin1String("signed-data")) {
                if (sec.signedRoot)
                    return &p;
                setProtocol("smime", "smime-opaque");
                sec.signedRoot = true;
                const VerifyOutcome out = verifyOpaque(Protocol::Cms, p.content);
                sec.signatures = out.signatures.isEmpty() ? QList<mime::SignatureInfo>{errorSignature(out.error)} : out.signatures;
                if (out.plaintext.isEmpty())
                    return &p;
                return parseInner(out.plaintext, p);
            }
            if (!encryptionAllowed(layer))
                return &p;
            setProtocol("smime", sec.signedRoot ? sec.form : QByteArray("smime-enveloped"));
            return decrypt(Protocol::Cms, p.content, false, p);
        }
        if (p.isText() && p.subtype == "plain" && p.loaded && layer == 0) {
            if (isWholeArmoredBlock(p.content, kPgpSigned, kPgpSignatureEnd)) {
                setProtocol("openpgp", "pgp-inline");
                sec.signedRoot = true;
                const VerifyOutcome out = verifyOpaque(Protocol::OpenPgp, p.content.trimmed());
                sec.signatures = out.signatures.isEmpty() ? QList<mime::SignatureInfo>{errorSignature(out.error)} : out.signatures;
                if (out.signatures.isEmpty())
                    return &p;
                // What is shown is what gpg says the signature covers, not the armor around it.
                m_parts.push_back(p);
                m_parts.back().content = out.plaintext;
                return &m_parts.back();
            }
            if (isWholeArmoredBlock(p.content, kPgpMessage, kPgpMessageEnd)) {
                setProtocol("openpgp", "pgp-inline");
                return decrypt(Protocol::OpenPgp, p.content.trimmed(), true, p);
            }
        }
        return &p;
    }

    bool encryptionAllowed(int layer)
    {
        // EFAIL's rule: decrypt the root, or the root's signed content; nothing deeper, nothing twice.
        if (m_view->security.encrypted) {
            m_view->security.warnings << QStringLiteral("the decrypted message is encrypted again inside: not decrypted");
            return false;
        }
        return layer == 0 || (layer == 1 && m_view->security.signedRoot);
    }

    const mime::MimePart *decrypt(Protocol protocol, const QByteArray &ciphertext, bool inlineText, const mime::MimePart &p)
    {
        mime::MessageSecurity &sec = m_view->security;
        sec.encrypted = true;
        const DecryptOutcome out = decryptAndVerify(protocol, ciphertext);
        sec.decryption = stateName(out.state);
        if (out.state != DecryptOutcome::State::Decrypted) {
            sec.warnings << QStringLiteral("the message could not be decrypted: %1").arg(out.error);
            return &p;
        }
        m_view->decrypted = true;
        sec.remoteContentForbidden = true;
        if (!out.signatures.isEmpty() && !sec.signedRoot) {   // RFC 3156 §6.2: signed and encrypted at once
            sec.signedRoot = true;
            sec.signatures = out.signatures;
        }
        if (m_view->decryptedEntity.isEmpty())
            m_view->decryptedEntity = inlineText ? "Content-Type: text/plain; charset=\"" + p.charset().toLatin1() + "\"\r\n\r\n" + out.plaintext
                                                 : out.plaintext;
        if (inlineText) {   // inline PGP: the plaintext is text, never HTML
            m_parts.push_back(p);
            m_parts.back().content = out.plaintext;
            return &m_parts.back();
        }
        const mime::MimePart *inner = parseInner(out.plaintext, p);
        if (inner != &p && !m_inner.empty()) {
            // Protected headers (draft-autocrypt-lamps-protected-headers): the real Subject travels inside.
            const QByteArray subject = m_inner.back().header("Subject");
            if (!subject.isEmpty())
                sec.protectedSubject = mime::decodeEncodedWords(subject).simplified();
        }
        return inner;
    }

    const mime::MimePart *parseInner(const QByteArray &entity, const mime::MimePart &p)
    {
        auto parsed = mime::parseMessage(entity);
        if (!parsed) {
            m_view->security.warnings << QStringLiteral("the protected content is not a MIME entity: %1").arg(parsed.error().message);
            return &p;
        }
        m_inner.push_back(std::move(parsed).value());
        return &m_inner.back().root;
    }

    void setProtocol(const QByteArray &protocol, const QByteArray &form)
    {
        mime::MessageSecurity &sec = m_view->security;
        if (sec.protocol.isEmpty() || sec.protocol == protocol)
            sec.protocol = protocol;
        else
            sec.protocol = "mixed";
        if (sec.form.isEmpty())
            sec.form = form;
    }

    static mime::SignatureInfo errorSignature(const QString &why)
    {
        mime::SignatureInfo s;
        s.status = mime::SignatureStatus::Error;
        s.detail = why.isEmpty() ? QStringLiteral("no signature could be read") : why;
        return s;
    }

    void matchFrom(ProtectedView &v)
    {
        if (!v.security.signedRoot)
            return;
        const QList<QByteArray> fields = m_outer.headerAll("From");
        const QList<mime::Mailbox> from = fields.size() == 1 ? mime::parseMailboxes(fields.first()) : QList<mime::Mailbox>{};
        const QString address = from.size() == 1 ? QString::fromUtf8(from.first().address).toLower() : QString();
        if (address.isEmpty())
            v.security.warnings << QStringLiteral("the From field does not name exactly one address: no signature can vouch for it");
        for (mime::SignatureInfo &s : v.security.signatures) {
            s.matchesFrom = !address.isEmpty() && s.addresses.contains(address);
            if (!s.matchesFrom && !address.isEmpty() &&
                (s.status == mime::SignatureStatus::Valid || s.status == mime::SignatureStatus::NotTrusted))
                v.security.warnings << QStringLiteral("signed by %1, not by the sender %2")
                                           .arg(s.addresses.isEmpty() ? s.fingerprint : s.addresses.join(QStringLiteral(", ")), address);
        }
    }

    const mime::ParsedMessage &m_outer;
    ProtectedView *m_view = nullptr;
    // Parts returned by step() are pointed to: std::list keeps their addresses.
    std::list<mime::ParsedMessage> m_inner;
    std::list<mime::MimePart> m_parts;
};

} // namespace

QByteArray answerableOriginal(const QByteArray &raw, bool *wasEncrypted)
{
    if (wasEncrypted)
        *wasEncrypted = false;
    auto parsed = mime::parseMessage(raw);
    if (!parsed)
        return raw;
    const ProtectedView v = unwrap(parsed.value());
    if (!v.decrypted || v.decryptedEntity.isEmpty())
        return raw;
    if (wasEncrypted)
        *wasEncrypted = true;
    QByteArray head;
    for (const auto &[name, value] : v.message.headers) {
        const QByteArray lower = name.toLower();
        if (lower.startsWith("content-") || lower == "mime-version")
            continue;
        head += name + ": " + value + "\r\n";
    }
    // The entity's own Content-* fields follow; its Subject (protected headers) is already in v.message.headers.
    QByteArray entity = v.decryptedEntity;
    entity.replace("\r\n", "\n").replace("\n", "\r\n");
    return head + "MIME-Version: 1.0\r\n" + entity;
}

ProtectedView unwrap(const mime::ParsedMessage &message)
{
    return Unwrapper(message).run();
}

mime::Rendered renderProtected(const mime::ParsedMessage &message, mime::RenderOptions options)
{
    const ProtectedView v = unwrap(message);
    if (v.decrypted)
        options.allowRemote = false;
    mime::Rendered r = mime::render(v.message, options);
    r.security = v.security;
    if (v.decrypted)
        r.decrypted = std::make_shared<const mime::ParsedMessage>(v.message);
    return r;
}

} // namespace tern::crypto
