#include "mime/Mailto.h"

#include <QUrl>

namespace tern::mime {

namespace {
constexpr int kMaxUrl = 64 * 1024;     // longer links are refused, not cut
constexpr int kMaxFields = 64;

QString percentDecoded(const QString &s)
{
    // RFC 6068 §2: percent-encoded UTF-8; '+' is a plus sign, not a space.
    return QUrl::fromPercentEncoding(s.toUtf8());
}

Status addAddresses(QList<DraftAddress> &into, const QString &text)
{
    if (text.trimmed().isEmpty())
        return success();
    auto parsed = parseDraftAddresses(text);
    if (!parsed)
        return parsed.error();
    for (const DraftAddress &a : parsed.value())
        if (!into.contains(a))
            into.append(a);
    return success();
}
} // namespace

Result<MailtoFields> parseMailto(const QString &url)
{
    if (url.size() > kMaxUrl)
        return Error::invalid(QStringLiteral("the mailto: link is longer than %1 characters").arg(kMaxUrl));
    if (!url.startsWith(QLatin1String("mailto:"), Qt::CaseInsensitive))
        return Error::invalid(QStringLiteral("not a mailto: link"));
    const QString rest = url.mid(7);
    const int q = rest.indexOf(QLatin1Char('?'));
    MailtoFields f;
    if (auto s = addAddresses(f.to, percentDecoded(q < 0 ? rest : rest.left(q))); !s)
        return s.error();
    if (q < 0)
        return f;
    const QStringList pairs = rest.mid(q + 1).split(QLatin1Char('&'), Qt::SkipEmptyParts);
    if (pairs.size() > kMaxFields)
        return Error::invalid(QStringLiteral("the mailto: link has more than %1 fields").arg(kMaxFields));
    for (const QString &pair : pairs) {
        const int eq = pair.indexOf(QLatin1Char('='));
        const QString name = percentDecoded(eq < 0 ? pair : pair.left(eq)).toLower();
        const QString value = eq < 0 ? QString() : percentDecoded(pair.mid(eq + 1));
        Status s = success();
        if (name == QLatin1String("to"))
            s = addAddresses(f.to, value);
        else if (name == QLatin1String("cc"))
            s = addAddresses(f.cc, value);
        else if (name == QLatin1String("bcc"))
            s = addAddresses(f.bcc, value);
        else if (name == QLatin1String("subject"))
            f.subject = value.simplified();   // one line: no header can be added through it
        else if (name == QLatin1String("body"))
            f.body = QString(value).replace(QLatin1String("\r\n"), QLatin1String("\n"));
        else if (name == QLatin1String("in-reply-to")) {
            const QString id = value.trimmed();
            if (id.startsWith(QLatin1Char('<')) && id.endsWith(QLatin1Char('>')) && !id.contains(QLatin1Char('\n'))
                && !id.contains(QLatin1Char('\r')) && id.size() < 1000)
                f.inReplyTo = id.toUtf8();
        } else if (!f.ignored.contains(name))
            f.ignored << name;
        if (!s)
            return Error::invalid(QStringLiteral("the mailto: link's %1 field: %2").arg(name, s.error().message));
    }
    return f;
}

} // namespace tern::mime
