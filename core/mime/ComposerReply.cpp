// Replies and forwards: drafts built from the original message's bytes.
#include "mime/Composer.h"

#include "mime/Addresses.h"
#include "mime/ComposerHeaders.h"
#include "mime/ComposerText.h"
#include "mime/MimeTree.h"
#include "mime/Render.h"

#include <QLocale>
#include <QRegularExpression>
#include <QSet>
#include <algorithm>
#include <functional>

namespace tern::mime {

namespace {

using namespace compose;

struct Original {
    ParsedMessage parsed;
    QList<DraftAddress> from, replyTo, to, cc;
    QString subject;
    QByteArray messageId;
};

Result<Original> readOriginal(const QByteArray &bytes)
{
    auto parsed = parseMessage(bytes);
    if (!parsed)
        return Error::invalid(QStringLiteral("the original message: %1").arg(parsed.error().message));
    Original o{std::move(parsed).value(), {}, {}, {}, {}, {}, {}};
    o.from = headerMailboxes(o.parsed.header("From"));
    o.replyTo = headerMailboxes(o.parsed.header("Reply-To"));
    o.to = headerMailboxes(o.parsed.header("To"));
    o.cc = headerMailboxes(o.parsed.header("Cc"));
    o.subject = decodeHeaderText(o.parsed.header("Subject"));
    o.messageId = messageIds(o.parsed.header("Message-ID")).value(0);
    return o;
}

QString stripPrefixes(QString subject, const QRegularExpression &prefix)
{
    subject = subject.trimmed();
    for (int i = 0; i < 100; ++i) {
        const auto m = prefix.match(subject);
        if (!m.hasMatch())
            break;
        subject = subject.mid(m.capturedEnd()).trimmed();
    }
    return subject;
}

// The text a reader of the original sees, as plain text: flowed text
// unflowed, HTML reduced. Attached messages keep their own text.
QString originalText(const ParsedMessage &m)
{
    QList<QByteArray> inner;
    std::function<void(const MimePart &)> messages = [&](const MimePart &p) {
        if (p.isMessage())
            inner << p.section + '.';
        for (const MimePart &c : p.children)
            messages(c);
    };
    messages(m.root);
    QStringList texts;
    for (const MimePart *p : displayedParts(m.root, true)) {
        if (!p->isText() || (p->subtype != "plain" && p->subtype != "html"))
            continue;
        if (std::any_of(inner.cbegin(), inner.cend(), [&](const QByteArray &s) { return p->section.startsWith(s); }))
            continue;
        QString text = decodeText(p->content, p->charset());
        text.replace(QLatin1String("\r\n"), QLatin1String("\n"));
        if (!text.isEmpty() && !text.endsWith(QLatin1Char('\n')))   // the CRLF before a boundary is the boundary's
            text += QLatin1Char('\n');
        if (p->subtype == "html")
            text = mime::htmlToText(text);
        else if (p->params.value("format").compare(QLatin1String("flowed"), Qt::CaseInsensitive) == 0)
            text = fromFlowed(text, p->params.value("delsp").compare(QLatin1String("yes"), Qt::CaseInsensitive) == 0);
        texts << text;
    }
    return texts.join(QLatin1Char('\n'));
}

QString whoWrote(const Original &o)
{
    const DraftAddress who = o.from.value(0);
    return !who.name.isEmpty() ? who.name : !who.address.isEmpty() ? who.address : QStringLiteral("someone");
}

// "Mon, 3 Jun 2024 10:05 +0200" in the sender's own offset, or the field as written.
QString displayDate(const QByteArray &raw)
{
    static const QRegularExpression comment(QStringLiteral("\\([^)]*\\)"));
    const QString text = QString::fromLatin1(raw).remove(comment).simplified();
    const QDateTime when = QDateTime::fromString(text, Qt::RFC2822Date);
    if (!when.isValid())
        return decodeHeaderText(raw);
    const int offset = when.offsetFromUtc() / 60, abs = qAbs(offset);
    return QLocale::c().toString(when, QStringLiteral("ddd, d MMM yyyy hh:mm ")) + (offset < 0 ? QLatin1Char('-') : QLatin1Char('+')) +
           QStringLiteral("%1%2").arg(abs / 60, 2, 10, QLatin1Char('0')).arg(abs % 60, 2, 10, QLatin1Char('0'));
}

void addUnique(QList<DraftAddress> &into, const QList<DraftAddress> &from, QSet<QString> &seen,
               const std::function<bool(const DraftAddress &)> &skip)
{
    for (const DraftAddress &a : from) {
        const QString key = a.address.toLower();
        if (!seen.contains(key) && !skip(a)) {
            seen.insert(key);
            into << a;
        }
    }
}

// RFC 2369 §3.4: List-Post holds URLs in angle brackets, the first usable one
// preferred, or "NO" for a list that takes no posts.
Result<DraftAddress> listPostAddress(const QByteArray &value)
{
    static const QRegularExpression url(QStringLiteral("<([^>]*)>"));
    auto it = url.globalMatch(QString::fromLatin1(value.left(4096)));
    while (it.hasNext()) {
        QString u = it.next().captured(1);
        u.remove(QRegularExpression(QStringLiteral("\\s")));   // §2: whitespace in a URL is ignored
        if (!u.startsWith(QLatin1String("mailto:"), Qt::CaseInsensitive))
            continue;
        QByteArray addr = u.mid(7).toLatin1();
        addr = addr.left(addr.indexOf('?') < 0 ? addr.size() : addr.indexOf('?'));   // RFC 6068 header fields
        addr = addr.left(addr.indexOf(',') < 0 ? addr.size() : addr.indexOf(','));
        const QString address = QString::fromUtf8(QByteArray::fromPercentEncoding(addr));
        if (checkAddress(address, QStringLiteral("the List-Post address")))
            return DraftAddress{QString(), address};
    }
    if (value.trimmed().toUpper().startsWith("NO"))
        return Error::notFound(QStringLiteral("the list takes no posts (List-Post: NO)"));
    return Error::notFound(QStringLiteral("the message has no List-Post mailto: address (RFC 2369): it did not come from a mailing list that takes replies"));
}

QList<QByteArray> threadReferences(const Original &o, int maxReferences)
{
    QList<QByteArray> refs = messageIds(o.parsed.header("References"));
    if (refs.isEmpty()) {   // RFC 5322 §3.6.4: else the parent's In-Reply-To, if it names one message
        const QList<QByteArray> parent = messageIds(o.parsed.header("In-Reply-To"));
        if (parent.size() == 1)
            refs = parent;
    }
    if (!o.messageId.isEmpty()) {
        refs.removeAll(o.messageId);
        refs << o.messageId;
    }
    if (refs.size() > maxReferences && maxReferences > 1)   // the root, then the most recent
        refs = QList<QByteArray>{refs.first()} + refs.mid(refs.size() - maxReferences + 1);
    return refs;
}

QString shownList(const QList<DraftAddress> &list)
{
    QStringList out;
    for (const DraftAddress &a : list)
        out << (a.name.isEmpty() ? a.address : QStringLiteral("%1 <%2>").arg(a.name, a.address));
    return out.join(QStringLiteral(", "));
}

QByteArray withoutHeader(const QByteArray &part)
{
    const qsizetype crlf = part.indexOf("\r\n\r\n"), lf = part.indexOf("\n\n");
    if (crlf >= 0 && (lf < 0 || crlf < lf))
        return part.mid(crlf + 4);
    return lf >= 0 ? part.mid(lf + 2) : QByteArray();
}

// What the original carried besides its text: attachments, and attached
// messages whole (their bytes as sent).
void collectAttachments(const MimePart &p, const QByteArray &raw, QList<DraftAttachment> &out, bool top)
{
    if (p.isMessage()) {
        auto bytes = top ? Result<QByteArray>(raw) : rawPart(raw, p.section);   // top: the whole body is the message
        if (bytes) {
            QByteArray inner = withoutHeader(bytes.value());
            if (p.encoding == "base64")   // not allowed for message/rfc822, but sent
                inner = QByteArray::fromBase64(inner);
            out << DraftAttachment{QString(), inner, p.filename.isEmpty() ? QStringLiteral("message.eml") : p.filename, "message/rfc822"};
        }
        return;
    }
    for (const MimePart &c : p.children)
        collectAttachments(c, raw, out, false);
    if (!p.isMultipart() && p.loaded && p.isAttachment())
        out << DraftAttachment{QString(), p.content, p.filename, p.mimeType()};
}

QString fileNameFor(const QString &subject)
{
    QString name;
    for (const QChar c : subject)
        name += (c.isPrint() && !QStringLiteral("/\\:*?\"<>|").contains(c)) ? c : QLatin1Char('_');
    name = name.simplified().left(80);
    return (name.isEmpty() ? QStringLiteral("forwarded message") : name) + QStringLiteral(".eml");
}

} // namespace

QString replySubject(const QString &subject)
{
    // Reply prefixes of the mailers people use (Outlook's localized ones too), counted or not: "Re[2]:".
    static const QRegularExpression prefix(QStringLiteral("^(re|aw|sv|antw|vs|ref|odp|回复|回覆|答复)\\s*(\\[\\d+\\]|\\(\\d+\\))?\\s*[:：]"),
                                           QRegularExpression::CaseInsensitiveOption);
    return (QStringLiteral("Re: ") + stripPrefixes(subject, prefix)).trimmed();
}

QString forwardSubject(const QString &subject)
{
    static const QRegularExpression prefix(QStringLiteral("^(fwd?|wg|tr|rv|enc)\\s*[:：]"), QRegularExpression::CaseInsensitiveOption);
    return (QStringLiteral("Fwd: ") + stripPrefixes(subject, prefix)).trimmed();
}

Result<Draft> replyDraft(const QByteArray &original, ReplyMode mode, const Responder &me, const ComposeLimits &limits)
{
    auto read = readOriginal(original);
    if (!read)
        return read.error();
    const Original &o = read.value();
    const auto mine = [&](const DraftAddress &a) {
        return a.address.compare(me.from.address, Qt::CaseInsensitive) == 0 || me.myAddresses.contains(a.address, Qt::CaseInsensitive);
    };
    const auto keep = [](const DraftAddress &) { return false; };
    const QList<DraftAddress> sender = o.replyTo.isEmpty() ? o.from : o.replyTo;   // RFC 5322 §3.6.2
    Draft d;
    d.from = me.from;
    QSet<QString> seen;
    switch (mode) {
    case ReplyMode::Sender:
        // A reply to one's own message (from Sent) goes to where it went.
        addUnique(d.to, !sender.isEmpty() && std::all_of(sender.cbegin(), sender.cend(), mine) ? o.to : sender, seen, keep);
        break;
    case ReplyMode::All:
        addUnique(d.to, sender + o.to, seen, mine);
        addUnique(d.cc, o.cc, seen, mine);
        if (d.to.isEmpty())
            std::swap(d.to, d.cc);
        if (d.to.isEmpty())   // the user wrote only to themselves
            addUnique(d.to, sender, seen, keep);
        break;
    case ReplyMode::List: {
        auto list = listPostAddress(o.parsed.header("List-Post"));
        if (!list)
            return list.error();
        d.to << list.value();
        break;
    }
    }
    if (d.to.isEmpty())
        return Error::invalid(QStringLiteral("the original names no one to reply to (no From, Reply-To or To)"));
    d.subject = replySubject(o.subject);
    d.inReplyTo = o.messageId;   // RFC 5322 §3.6.4
    d.references = threadReferences(o, limits.maxReferences);
    const QByteArray date = o.parsed.header("Date");
    const QString attribution = date.isEmpty() ? QStringLiteral("%1 wrote:").arg(whoWrote(o))
                                               : QStringLiteral("On %1, %2 wrote:").arg(displayDate(date), whoWrote(o));
    const QString quoted = originalText(o.parsed);
    d.body = attribution + QLatin1Char('\n') + (quoted.isEmpty() ? QString() : quoteLines(quoted));
    if (!me.text.isEmpty())
        d.body += QLatin1Char('\n') + me.text;
    return d;
}

Result<Draft> forwardDraft(const QByteArray &original, ForwardMode mode, const Responder &me, const ComposeLimits &limits)
{
    Q_UNUSED(limits);   // the attachments are measured when the message is built
    auto read = readOriginal(original);
    if (!read)
        return read.error();
    const Original &o = read.value();
    Draft d;
    d.from = me.from;
    d.subject = forwardSubject(o.subject);
    if (mode == ForwardMode::Attached) {   // the original as it is, as message/rfc822 (RFC 2046 §5.2.1)
        d.body = me.text;
        d.attachments << DraftAttachment{QString(), original, fileNameFor(o.subject), "message/rfc822"};
        return d;
    }
    QString block = QStringLiteral("-------- Forwarded Message --------\n");
    const auto field = [&](const char *label, const QString &value) {
        if (!value.isEmpty())
            block += QLatin1String(label) + QStringLiteral(": ") + value + QLatin1Char('\n');
    };
    field("Subject", o.subject);
    field("Date", decodeHeaderText(o.parsed.header("Date")));
    field("From", shownList(o.from));
    field("Reply-To", shownList(o.replyTo));
    field("To", shownList(o.to));
    field("Cc", shownList(o.cc));
    QString text = me.text;
    if (!text.isEmpty())
        text += text.endsWith(QLatin1Char('\n')) ? QStringLiteral("\n") : QStringLiteral("\n\n");
    d.body = text + block + QLatin1Char('\n') + originalText(o.parsed);
    collectAttachments(o.parsed.root, original, d.attachments, true);
    return d;
}

} // namespace tern::mime
