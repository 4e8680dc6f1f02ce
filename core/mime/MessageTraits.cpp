#include "mime/MessageTraits.h"

#include "imap/ImapResponse.h"

namespace tern::mime {

namespace {
bool isPkcs7Mime(const MimePart &p)
{
    return p.type == "application" && (p.subtype == "pkcs7-mime" || p.subtype == "x-pkcs7-mime");
}

bool hasAttachment(const MimePart &p, int depth)
{
    if (depth > 24)
        return false;
    if (p.isMultipart()) {
        if (p.subtype == "signed")   // RFC 1847 §2.1: the content, then the signature (not an attachment)
            return !p.children.isEmpty() && hasAttachment(p.children.first(), depth + 1);
        if (p.subtype == "encrypted")   // what is inside cannot be seen before decrypting
            return false;
        for (const MimePart &c : p.children)
            if (hasAttachment(c, depth + 1))
                return true;
        return false;
    }
    if (depth == 0 && isPkcs7Mime(p))   // the whole message is the CMS object: its content is not visible yet
        return false;
    return p.isAttachment();
}
} // namespace

MessageTraits traitsOf(const MimePart &root)
{
    MessageTraits t;
    if (root.type == "multipart" && root.subtype == "signed") {
        t.isSigned = true;
    } else if (root.type == "multipart" && root.subtype == "encrypted") {
        t.encrypted = true;
    } else if (isPkcs7Mime(root)) {
        // RFC 8551 §3.2.2: smime-type says which; without it, enveloped data is the common case.
        const QString smimeType = root.params.value(QByteArrayLiteral("smime-type")).toLower();
        if (smimeType == QLatin1String("signed-data"))
            t.isSigned = true;
        else
            t.encrypted = true;
    }
    t.attachment = hasAttachment(root, 0);
    return t;
}

Result<MessageTraits> traitsFromBodyStructure(const QByteArray &imapText)
{
    imap::ResponseParser::Limits limits;
    limits.maxLine = 256 * 1024;
    auto r = imap::ResponseParser::parse("* 1 FETCH (BODYSTRUCTURE " + imapText + ')', {}, limits);
    if (!r)
        return r.error();
    const auto &tokens = r.value().tokens;
    if (tokens.isEmpty() || tokens.first().items.size() < 2)
        return Error::invalid(QStringLiteral("no BODYSTRUCTURE"));
    auto tree = fromBodyStructure(tokens.first().items.at(1));
    if (!tree)
        return tree.error();
    return traitsOf(tree.value());
}

MessageTraits traitsFromMessage(const QByteArray &raw, qint64 maxBytes)
{
    auto parsed = parseMessage(raw.left(maxBytes));
    return parsed ? traitsOf(parsed.value().root) : MessageTraits{};
}

} // namespace tern::mime
