// tern render FILE.eml [--json] [--prefer-plain] [--allow-remote] [--html]
// What the viewer shows, headless: the header fields as displayed (with their
// warnings), the part tree, the text a reader sees, the attachments, every
// remote resource that was blocked, and problems. --html prints the document
// the viewer would load instead. Signatures are checked and an encrypted root
// decrypted with the user's GnuPG home (GNUPGHOME respected), as the viewer
// does; --no-crypto renders the message as it arrived.
#include "Subcommands.h"

#include "crypto/ProtectedMessage.h"

#include "mime/MimeTree.h"
#include "mime/Render.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace tern::app {

namespace {

QJsonObject treeJson(const mime::MimePart &p, int depth = 0)
{
    QJsonObject o{{QStringLiteral("section"), QString::fromLatin1(p.section)}, {QStringLiteral("type"), QString::fromLatin1(p.mimeType())}};
    if (p.size >= 0)
        o.insert(QStringLiteral("size"), p.size);
    if (!p.disposition.isEmpty())
        o.insert(QStringLiteral("disposition"), QString::fromLatin1(p.disposition));
    if (!p.filename.isEmpty())
        o.insert(QStringLiteral("filename"), mime::escapeInvisible(p.filename));
    if (!p.charset().isEmpty())
        o.insert(QStringLiteral("charset"), p.charset());
    if (p.truncated)
        o.insert(QStringLiteral("truncated"), true);
    if (!p.children.isEmpty() && depth < 64) {
        QJsonArray kids;
        for (const mime::MimePart &c : p.children)
            kids.append(treeJson(c, depth + 1));
        o.insert(QStringLiteral("parts"), kids);
    }
    return o;
}

void treeText(const mime::MimePart &p, QString &out, int depth = 0)
{
    if (depth > 64)
        return;
    out += QString(depth * 2, QLatin1Char(' ')) + QStringLiteral("%1 %2").arg(p.section.isEmpty() ? QStringLiteral("-") : QString::fromLatin1(p.section),
                                                                             QString::fromLatin1(p.mimeType()));
    if (!p.filename.isEmpty())
        out += QStringLiteral(" \"%1\"").arg(mime::escapeInvisible(p.filename));
    if (p.size >= 0)
        out += QStringLiteral(" %1 bytes").arg(p.size);
    out += QLatin1Char('\n');
    for (const mime::MimePart &c : p.children)
        treeText(c, out, depth + 1);
}

// The indicator lines a reader sees above the message.
QString securityText(const mime::MessageSecurity &s)
{
    QString text;
    const QString verdict = s.signatureVerdict();
    if (s.signedRoot) {
        text += QStringLiteral("Signature: %1 (%2)\n").arg(verdict, QString::fromLatin1(s.form));
        for (const mime::SignatureInfo &i : s.signatures)
            text += QStringLiteral("  %1 by %2 [%3]%4\n").arg(mime::statusName(i.status),
                                                             i.userIds.isEmpty() ? QStringLiteral("(unknown)") : i.userIds.join(QStringLiteral(", ")),
                                                             i.fingerprint, i.detail.isEmpty() ? QString() : QStringLiteral(": ") + i.detail);
    } else {
        text += QStringLiteral("Signature: none\n");
    }
    if (s.encrypted)
        text += QStringLiteral("Encryption: %1 (%2)\n").arg(QString::fromLatin1(s.decryption), QString::fromLatin1(s.form));
    for (const QString &w : s.warnings)
        text += QStringLiteral("  ! %1\n").arg(w);
    return text + QLatin1Char('\n');
}

} // namespace

int runRender(const SubcommandContext &ctx)
{
    QStringList args = ctx.args;
    auto take = [&args](const char *flag) { return args.removeAll(QLatin1String(flag)) > 0; };
    const bool json = take("--json"), html = take("--html");
    mime::RenderOptions options;
    options.preferPlain = take("--prefer-plain");
    options.allowRemote = take("--allow-remote");
    const bool noCrypto = take("--no-crypto");
    if (args.size() != 1 || args.first().startsWith(QLatin1Char('-')))
        return fail(QStringLiteral("usage: tern render FILE.eml [--json] [--prefer-plain] [--allow-remote] [--html] [--no-crypto]"), 2);
    QFile file(args.first());
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read %1: %2").arg(args.first(), file.errorString()), 2);
    const mime::MimeLimits limits;
    if (file.size() > limits.maxMessageBytes)
        return fail(QStringLiteral("%1 is larger than %2 MB").arg(args.first()).arg(limits.maxMessageBytes >> 20), 2);
    auto parsed = mime::parseMessage(file.readAll(), limits);
    if (!parsed)
        return fail(QStringLiteral("%1: %2").arg(args.first(), parsed.error().message), 1);
    const mime::Rendered r = noCrypto ? mime::render(parsed.value(), options) : crypto::renderProtected(parsed.value(), options);
    if (html) {
        out(r.html + QLatin1Char('\n'));
        return 0;
    }
    if (json) {
        QJsonObject o = mime::toJson(r);
        o.insert(QStringLiteral("tree"), treeJson(parsed.value().root));
        out(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)));
        return 0;
    }
    QString text;
    if (r.security.present())
        text += securityText(r.security);
    for (const mime::DisplayedHeader &h : r.headers) {
        text += QStringLiteral("%1: %2\n").arg(QString::fromLatin1(h.field), h.text);
        for (const QString &w : h.warnings)
            text += QStringLiteral("  ! %1\n").arg(w);
    }
    text += QLatin1Char('\n') + r.text + QLatin1Char('\n');
    if (!r.attachments.isEmpty()) {
        text += QStringLiteral("\nAttachments:\n");
        for (const mime::AttachmentInfo &a : r.attachments) {
            text += QStringLiteral("  %1 %2 %3 (%4 bytes), saved as \"%5\"\n").arg(QString::fromLatin1(a.section), a.filename.isEmpty() ? QStringLiteral("(no name)") : a.filename,
                                                                 QString::fromLatin1(a.mimeType)).arg(a.size).arg(a.saveName);
            if (a.hiddenCharacters)
                text += QStringLiteral("  ! the name hides characters that change how it reads; the real name is \"%1\"\n").arg(a.saveName);
        }
    }
    if (!r.route.hops.isEmpty()) {
        text += QStringLiteral("\nRoute (oldest hop first):\n");
        for (const mime::RouteHop &h : r.route.hops) {
            text += QStringLiteral("  %1 -> %2").arg(h.from.isEmpty() ? QStringLiteral("?") : h.from, h.by.isEmpty() ? QStringLiteral("?") : h.by);
            if (!h.fromIp.isEmpty())
                text += QStringLiteral(" [%1]").arg(h.fromIp);
            if (!h.with.isEmpty())
                text += QStringLiteral(" with %1").arg(h.with);
            if (!h.tls.isEmpty())
                text += QStringLiteral(" (%1)").arg(h.tls);
            if (h.time.isValid())
                text += QStringLiteral(" at %1").arg(h.time.toString(Qt::ISODate));
            if (h.delaySeconds)
                text += QStringLiteral(", %1 s after the previous hop").arg(*h.delaySeconds);
            if (h.skew)
                text += QStringLiteral("  ! clock skew: earlier than the hop before");
            text += QLatin1Char('\n');
        }
    }
    if (!r.blocked.isEmpty())
        text += QStringLiteral("\nBlocked remote content (%1):\n  %2\n").arg(r.blocked.size()).arg(r.blocked.join(QStringLiteral("\n  ")));
    text += QStringLiteral("\nParts:\n");
    treeText(parsed.value().root, text, 1);
    if (!r.problems.isEmpty())
        text += QStringLiteral("\nProblems:\n  %1\n").arg(r.problems.join(QStringLiteral("\n  ")));
    out(text);
    return 0;
}

} // namespace tern::app
