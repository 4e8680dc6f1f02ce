// GLib names a struct member 'signals', which Qt defines as a macro: GMime first.
#include <gmime/gmime.h>

#include "mime/Render.h"

#include "mime/Addresses.h"
#include "mime/Attachments.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>

namespace tern::mime {

namespace {

constexpr qsizetype kMaxTextChars = 4 * 1024 * 1024;   // of one part, as shown

bool invisible(char32_t c)
{
    if (c < 0x20 && c != '\t')
        return true;
    if (c == 0x7f || (c >= 0x80 && c < 0xa0))
        return true;
    switch (QChar::category(c)) {
    case QChar::Other_Format:        // bidi embeddings, overrides, isolates, ZWJ, soft hyphen …
    case QChar::Other_Control:
    case QChar::Other_Surrogate:
    case QChar::Other_NotAssigned:
    case QChar::Other_PrivateUse:
        return true;
    default:
        return c == 0x2028 || c == 0x2029;   // line and paragraph separators
    }
}

QString htmlEscape(const QString &s)
{
    return s.toHtmlEscaped();
}

QString formatDate(const QByteArray &raw, QStringList &warnings)
{
    ensureGMimeInitialized();
    GDateTime *d = g_mime_utils_header_decode_date(raw.constData());
    if (!d) {
        warnings << QStringLiteral("the date cannot be read");
        return escapeInvisible(QString::fromUtf8(raw.left(200)));
    }
    const qint64 secs = g_date_time_to_unix(d);
    const int offset = int(g_date_time_get_utc_offset(d) / G_TIME_SPAN_SECOND);
    g_date_time_unref(d);
    const QDateTime t = QDateTime::fromSecsSinceEpoch(secs, Qt::OffsetFromUTC, offset);
    const int mins = qAbs(offset) / 60;
    return t.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss ")) + (offset < 0 ? QLatin1Char('-') : QLatin1Char('+')) +
           QStringLiteral("%1%2").arg(mins / 60, 2, 10, QLatin1Char('0')).arg(mins % 60, 2, 10, QLatin1Char('0'));
}

// Quote markers of a fixed (not flowed) line: "> > text" or ">>text".
int quoteDepth(QString &line, bool flowed)
{
    int depth = 0, i = 0;
    while (i < line.size()) {
        if (line.at(i) == QLatin1Char('>')) {
            ++depth;
            ++i;
        } else if (!flowed && line.at(i) == QLatin1Char(' ') && i + 1 < line.size() && line.at(i + 1) == QLatin1Char('>') && depth > 0) {
            ++i;
        } else {
            break;
        }
    }
    if (!flowed && depth > 0 && i < line.size() && line.at(i) == QLatin1Char(' '))
        ++i;   // "> text": the space belongs to the marker
    line = line.mid(i);
    return depth;
}

const QRegularExpression &urlPattern()
{
    static const QRegularExpression re(QStringLiteral(
        "\\b((?:https?://|mailto:|www\\.)[^\\s<>\"'\\x{00A0}]+[^\\s<>\"'.,;:!?)\\]\\x{00A0}])"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

// A line of text as HTML: escaped, URLs made links (their targets shown on hover by the viewer).
QString lineToHtml(const QString &line)
{
    QString out;
    qsizetype pos = 0;
    auto it = urlPattern().globalMatch(line);
    while (it.hasNext()) {
        const auto m = it.next();
        out += htmlEscape(line.mid(pos, m.capturedStart() - pos));
        QString url = m.captured(1);
        const QString href = url.startsWith(QLatin1String("www."), Qt::CaseInsensitive) ? QStringLiteral("https://") + url : url;
        out += QStringLiteral("<a href=\"%1\">%2</a>").arg(htmlEscape(href), htmlEscape(url));
        pos = m.capturedEnd();
    }
    out += htmlEscape(line.mid(pos));
    return out;
}

const char *kStyle =
    "body{font-family:sans-serif;font-size:10.5pt;margin:8px;overflow-wrap:anywhere}"
    "pre,.text{white-space:pre-wrap;font-family:monospace;margin:0}"
    ".q{border-left:3px solid #6a8fd0;padding-left:8px;margin:2px 0;color:#2a4a8a}"
    ".q .q{border-color:#4aa66a;color:#226633}.q .q .q{border-color:#c08a30;color:#7a5410}"
    ".sig{color:#888}.part{border-top:1px solid #ccc;margin-top:12px;padding-top:6px;color:#555}";

QString csp(bool allowRemote)
{
    const QString remote = allowRemote ? QStringLiteral(" https: http:") : QString();
    return QStringLiteral("default-src 'none'; img-src cid: data:%1; style-src 'unsafe-inline' cid:%1; font-src data:%1; "
                          "media-src cid: data:; script-src 'none'; object-src 'none'; frame-src 'none'; child-src 'none'; "
                          "form-action 'none'; base-uri 'none'").arg(remote);
}

QString plainToHtml(const QList<TextLine> &lines)
{
    QString out;
    int open = 0;
    bool inSig = false;
    // Quote bars drawn at most this deep: a line of a million '>' must not
    // become a million nested elements for the viewer to lay out.
    constexpr int kMaxQuoteBars = 24;
    for (const TextLine &line : lines) {
        TextLine l = line;
        l.depth = qMin(l.depth, kMaxQuoteBars);
        while (open < l.depth) {
            out += QStringLiteral("<div class=\"q\">");
            ++open;
        }
        while (open > l.depth) {
            out += QStringLiteral("</div>");
            --open;
        }
        if (l.signature && !inSig) {
            out += QStringLiteral("<div class=\"sig\">");
            inSig = true;
        }
        out += QStringLiteral("<div class=\"text\">") + (l.text.isEmpty() ? QStringLiteral("&nbsp;") : lineToHtml(l.text)) +
               QStringLiteral("</div>");
    }
    if (inSig)
        out += QStringLiteral("</div>");
    while (open-- > 0)
        out += QStringLiteral("</div>");
    return out;
}

QString linesToText(const QList<TextLine> &lines)
{
    QStringList out;
    for (const TextLine &l : lines)
        out << (l.depth ? QString(l.depth, QLatin1Char('>')) + QLatin1Char(' ') : QString()) + l.text;
    return out.join(QLatin1Char('\n'));
}

QString decodeEntities(const QString &in)
{
    static const QHash<QString, char16_t> named = {
        {QStringLiteral("amp"), u'&'},     {QStringLiteral("lt"), u'<'},      {QStringLiteral("gt"), u'>'},
        {QStringLiteral("quot"), u'"'},    {QStringLiteral("apos"), u'\''},   {QStringLiteral("nbsp"), u' '},
        {QStringLiteral("copy"), u'©'},    {QStringLiteral("reg"), u'®'},     {QStringLiteral("trade"), u'™'},
        {QStringLiteral("hellip"), u'…'},  {QStringLiteral("mdash"), u'—'},   {QStringLiteral("ndash"), u'–'},
        {QStringLiteral("lsquo"), u'‘'},   {QStringLiteral("rsquo"), u'’'},   {QStringLiteral("ldquo"), u'“'},
        {QStringLiteral("rdquo"), u'”'},   {QStringLiteral("laquo"), u'«'},   {QStringLiteral("raquo"), u'»'},
        {QStringLiteral("euro"), u'€'},    {QStringLiteral("pound"), u'£'},   {QStringLiteral("bull"), u'•'},
        {QStringLiteral("middot"), u'·'},  {QStringLiteral("deg"), u'°'},     {QStringLiteral("times"), u'×'},
        {QStringLiteral("auml"), u'ä'},    {QStringLiteral("ouml"), u'ö'},    {QStringLiteral("uuml"), u'ü'},
        {QStringLiteral("Auml"), u'Ä'},    {QStringLiteral("Ouml"), u'Ö'},    {QStringLiteral("Uuml"), u'Ü'},
        {QStringLiteral("szlig"), u'ß'},   {QStringLiteral("eacute"), u'é'},  {QStringLiteral("egrave"), u'è'},
        {QStringLiteral("agrave"), u'à'},  {QStringLiteral("ccedil"), u'ç'},  {QStringLiteral("shy"), u'\u00AD'},
        // What spells a URL without looking like one: "https&colon;//…".
        {QStringLiteral("colon"), u':'},   {QStringLiteral("sol"), u'/'},     {QStringLiteral("period"), u'.'},
        {QStringLiteral("Tab"), u'\t'},    {QStringLiteral("NewLine"), u'\n'}, {QStringLiteral("commat"), u'@'},
        {QStringLiteral("num"), u'#'},     {QStringLiteral("quest"), u'?'},   {QStringLiteral("equals"), u'='},
        {QStringLiteral("lpar"), u'('},    {QStringLiteral("rpar"), u')'},    {QStringLiteral("percnt"), u'%'},
    };
    static const QRegularExpression entity(QStringLiteral("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,30});"));
    QString out;
    qsizetype pos = 0;
    auto it = entity.globalMatch(in);
    while (it.hasNext()) {
        const auto m = it.next();
        out += in.mid(pos, m.capturedStart() - pos);
        pos = m.capturedEnd();
        const QString name = m.captured(1);
        if (name.startsWith(QLatin1Char('#'))) {
            bool ok = false;
            const bool hex = name.size() > 1 && (name.at(1) == QLatin1Char('x') || name.at(1) == QLatin1Char('X'));
            uint code = hex ? name.mid(2).toUInt(&ok, 16) : name.mid(1).toUInt(&ok, 10);
            if (!ok || code == 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
                code = 0xFFFD;
            const char32_t c = char32_t(code);
            out += QString::fromUcs4(&c, 1);
        } else if (named.contains(name)) {
            out += QChar(named.value(name));
        } else {
            out += m.captured(0);   // unknown: left as written
        }
    }
    out += in.mid(pos);
    return out;
}


// The attributes of a tag up to its '>': a '>' inside a quoted value does not
// end it (HTML §13.2.5.36–38). Possessive, so a tag that never closes costs
// one scan, not one per way of splitting it.
constexpr char kTagAttributes[] = "(?:[^>\"'=]++|=\\s*+\"[^\"]*+\"|=\\s*+'[^']*+'|=|[\"'])*+";

// A start or end tag by name, its attributes; or a declaration, a processing instruction.
const QRegularExpression &tagPattern()
{
    static const QRegularExpression re(QStringLiteral("<(/?)([a-zA-Z][a-zA-Z0-9:-]*)(%1)>|<[!?/][^>]*+>").arg(QLatin1String(kTagAttributes)));
    return re;
}

// IDN homographs (after UTS #39 §5): a domain label that mixes Latin with
// Cyrillic, Greek or Armenian letters ("pаypal" with a Cyrillic а), or one
// made only of Cyrillic letters that pass for Latin ones under an ASCII
// top-level domain ("аррӏе.com").
bool imitatesLatin(const QString &domain)
{
    static const QString lookalikes = QStringLiteral("аеорсухіјӏѕԁһԛԝүкьпгѵѡ");
    const QStringList labels = domain.toLower().split(QLatin1Char('.'));
    const QString &tld = labels.last();
    const bool asciiTld = !tld.isEmpty() && std::all_of(tld.cbegin(), tld.cend(), [](QChar c) { return c.unicode() < 0x80; });
    for (const QString &label : labels) {
        bool latin = false, other = false, allLookalikes = true;
        for (const char32_t c : label.toUcs4()) {
            if (!QChar::isLetter(c))
                continue;
            const QChar::Script script = QChar::script(c);
            latin = latin || script == QChar::Script_Latin;
            other = other || script == QChar::Script_Cyrillic || script == QChar::Script_Greek || script == QChar::Script_Armenian;
            allLookalikes = allLookalikes && c < 0x10000 && lookalikes.contains(QChar(char16_t(c)));
        }
        if (other && (latin || (asciiTld && allLookalikes)))
            return true;
    }
    return false;
}

// An address field GMime cannot read (a '[' in a name, say) is shown as it is
// written, never decoded; an empty group ("undisclosed-recipients:;") is no fault.
bool isEmptyGroup(const QByteArray &value)
{
    static const QRegularExpression group(QStringLiteral("^\\s*[^:;<>@,\"]*:\\s*;?\\s*$"));
    return group.match(QString::fromUtf8(value)).hasMatch();
}

// HTML without its comments and the elements whose content is not shown
// (script, style, head, title, template), in one pass. A regular expression
// with a lazy ".*?</style\s*>" scans to the end of the text again for every
// opener that is never closed: quadratic, some seconds for 200 KB of "<style>",
// hours for the 4 MB a part may show. Here each closer that is missing is
// looked for once, and each '>' that ends an opening tag. An opener without its
// closer stays, as it did.
QString withoutHiddenElements(const QString &html)
{
    static const QRegularExpression opener(QStringLiteral("<!--|<(script|style|head|title|template)\\b"),
                                           QRegularExpression::CaseInsensitiveOption);
    QHash<QString, qsizetype> missingFrom;   // closer -> from where on the text has none
    auto find = [&](const QString &closer, qsizetype from) -> qsizetype {   // the end of the first closer at or after `from`, or -1
        if (missingFrom.contains(closer) && from >= missingFrom.value(closer))
            return -1;
        for (qsizetype at = html.indexOf(closer, from, Qt::CaseInsensitive); at >= 0;
             at = html.indexOf(closer, at + 1, Qt::CaseInsensitive)) {
            qsizetype end = at + closer.size();
            if (closer == QLatin1String("-->"))
                return end;
            while (end < html.size() && QStringView(u" \t\n\r\f\v").contains(html.at(end)))   // </style\s*>
                ++end;
            if (end < html.size() && html.at(end) == u'>')
                return end + 1;
        }
        missingFrom.insert(closer, from);
        return -1;
    };
    // One pass of the opener expression (each match() from an offset would check the whole
    // text's UTF-16 again), skipping openers inside what was removed.
    QString out;
    qsizetype pos = 0, tagEnd = -1;
    auto it = opener.globalMatch(html);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        if (m.capturedStart() < pos)
            continue;
        qsizetype end = -1;
        if (m.capturedLength(1) == 0) {
            end = find(QStringLiteral("-->"), m.capturedEnd());
        } else {
            if (tagEnd < m.capturedEnd())
                tagEnd = html.indexOf(u'>', m.capturedEnd());
            if (tagEnd < 0)
                break;   // no '>' left: no element opens from here on
            end = find(QStringLiteral("</") + m.captured(1).toLower(), tagEnd + 1);
        }
        if (end < 0)
            continue;
        out += QStringView(html).mid(pos, m.capturedStart() - pos);
        pos = end;
    }
    out += QStringView(html).mid(pos);
    return out;
}

QString attachedMessageBanner(const MimePart &inner)
{
    QStringList lines{QStringLiteral("—— Attached message ——")};
    for (const auto &[name, value] : inner.headers)
        if (name.compare("From", Qt::CaseInsensitive) == 0 || name.compare("Subject", Qt::CaseInsensitive) == 0 ||
            name.compare("Date", Qt::CaseInsensitive) == 0)
            lines << QString::fromLatin1(name) + QStringLiteral(": ") + escapeInvisible(decodeEncodedWords(value));
    return lines.join(QLatin1Char('\n'));
}

} // namespace

QString escapeInvisible(const QString &text)
{
    QString out;
    const auto ucs4 = text.toUcs4();
    for (char32_t c : ucs4) {
        if (invisible(c))
            out += QStringLiteral("<U+%1>").arg(QString::number(uint(c), 16).toUpper().rightJustified(4, QLatin1Char('0')));
        else
            out += QString::fromUcs4(&c, 1);
    }
    return out;
}

QList<DisplayedAddress> displayAddresses(const QByteArray &rawField)
{
    QList<DisplayedAddress> out;
    const QString rawLower = QString::fromUtf8(rawField.left(64 * 1024)).toLower();
    static const QRegularExpression addressLike(QStringLiteral("[^\\s<>\"'()@,;:]+@[^\\s<>\"'()@,;:]+\\.[^\\s<>\"'()@,;:]+"));
    for (const Mailbox &m : parseMailboxes(rawField)) {
        if (out.size() >= 1000)
            break;
        DisplayedAddress d;
        const QString name = m.name.simplified(), addr = QString::fromUtf8(m.address);
        d.name = escapeInvisible(name);
        d.address = escapeInvisible(addr);
        if (d.name != name)
            d.warnings << QStringLiteral("the name holds invisible or direction-changing characters (shown escaped)");
        // The address must be written plainly: one made of encoded words (Mailsploit) is not an address.
        if (addr.contains(QLatin1String("=?")) || !rawLower.contains(addr.toLower()))
            d.warnings << QStringLiteral("the address is encoded or altered in the header, which no honest mailer does");
        if (d.address != addr)
            d.warnings << QStringLiteral("the address holds invisible characters (shown escaped)");
        if (const QString domain = addr.section(QLatin1Char('@'), -1); addr.contains(QLatin1Char('@')) && imitatesLatin(domain))
            d.warnings << QStringLiteral("the domain %1 mixes alphabets to look like a Latin name; in ASCII it is %2")
                              .arg(d.address.section(QLatin1Char('@'), -1), QString::fromLatin1(QUrl::toAce(domain)));
        auto it = addressLike.globalMatch(name.normalized(QString::NormalizationForm_KC));
        while (it.hasNext()) {
            const QString shown = it.next().captured(0);
            if (shown.compare(addr, Qt::CaseInsensitive) != 0) {
                d.warnings << QStringLiteral("the name shows the address %1, but the message is from %2").arg(escapeInvisible(shown), d.address);
                break;
            }
        }
        out.append(d);
    }
    return out;
}

QList<TextLine> textLines(const QString &bodyIn, bool flowed, bool delsp)
{
    QString body = bodyIn.left(kMaxTextChars);
    body.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    QList<TextLine> out;
    bool inSignature = false;
    bool continuing = false;   // the previous flowed line ended soft
    for (QString line : body.split(QLatin1Char('\n'))) {
        const bool sigSeparator = line == QLatin1String("-- ");
        if (sigSeparator)
            inSignature = true;
        const int depth = quoteDepth(line, flowed);
        if (flowed && line.startsWith(QLatin1Char(' ')))
            line.remove(0, 1);   // space-stuffing (RFC 3676 §4.4)
        const bool soft = flowed && !sigSeparator && line.endsWith(QLatin1Char(' ')) && line != QLatin1String("-- ");
        if (soft && delsp)
            line.chop(1);
        if (continuing && !out.isEmpty() && out.last().depth == depth && !sigSeparator) {
            out.last().text += line;
        } else {
            out.append(TextLine{depth, line, inSignature});
        }
        continuing = soft;
    }
    if (!out.isEmpty() && out.last().text.isEmpty() && out.last().depth == 0)
        out.removeLast();   // the final line break
    for (TextLine &l : out)
        l.text = escapeInvisible(l.text).replace(QLatin1String("<U+0009>"), QLatin1String("\t"));
    return out;
}

QString htmlToText(const QString &html)
{
    using RE = QRegularExpression;
    const QString attributes = QLatin1String(kTagAttributes);   // a '>' in a quoted value ends no tag
    static const RE space(QStringLiteral("\\s+"));
    static const RE lineBreak(QStringLiteral("<br\\b%1>").arg(attributes), RE::CaseInsensitiveOption);
    static const RE listItem(QStringLiteral("<li\\b%1>").arg(attributes), RE::CaseInsensitiveOption);
    static const RE block(QStringLiteral("</?(p|div|tr|table|h[1-6]|ul|ol|li|blockquote|pre|hr|section|article|header|footer)\\b%1>").arg(attributes),
                          RE::CaseInsensitiveOption);
    static const RE cell(QStringLiteral("<t[dh]\\b%1>").arg(attributes), RE::CaseInsensitiveOption);
    static const RE tag(QStringLiteral("<%1>").arg(attributes));
    QString s = withoutHiddenElements(html.left(kMaxTextChars));
    s.replace(space, QStringLiteral(" "));   // HTML's own whitespace rule, before tags make line breaks
    s.replace(lineBreak, QStringLiteral("\n"));
    s.replace(listItem, QStringLiteral("\n* "));
    s.replace(block, QStringLiteral("\n"));
    s.replace(cell, QStringLiteral(" "));
    s.remove(tag);
    s = decodeEntities(s);
    QStringList lines;
    int blank = 0;
    for (const QString &line : s.split(QLatin1Char('\n'))) {
        const QString t = line.trimmed();
        blank = t.isEmpty() ? blank + 1 : 0;
        if (blank < 2)
            lines << t;
    }
    return lines.join(QLatin1Char('\n')).trimmed() + QLatin1Char('\n');
}

QStringList remoteResources(const QString &htmlIn)
{
    const QString html = htmlIn.left(kMaxTextChars);
    QStringList out;
    auto consider = [&out](QString url) {
        // As a browser reads a URL (WHATWG URL §4.4): entities decoded, tabs and
        // newlines anywhere removed, a backslash standing for a slash.
        url = decodeEntities(url).remove(QLatin1Char('\t')).remove(QLatin1Char('\n')).remove(QLatin1Char('\r')).trimmed();
        QString probe = url.left(8).toLower();
        probe.replace(QLatin1Char('\\'), QLatin1Char('/'));
        if ((probe.startsWith(QLatin1String("http:")) || probe.startsWith(QLatin1String("https:")) || probe.startsWith(QLatin1String("ftp:")) ||
             probe.startsWith(QLatin1String("//")) || probe.startsWith(QLatin1String("file:"))) && !out.contains(url) && out.size() < 1000)
            out << url.left(2000);
    };
    auto considerCss = [&consider](const QString &cssIn) {
        static const QRegularExpression escape(QStringLiteral("\\\\([0-9a-fA-F]{1,6})\\s?|\\\\(.)"));
        static const QRegularExpression url(QStringLiteral("url\\(\\s*(?:\"([^\"]*)\"|'([^']*)'|([^)\\s]*))\\s*\\)|@import\\s+(?:\"([^\"]*)\"|'([^']*)')"),
                                            QRegularExpression::CaseInsensitiveOption);
        static const QRegularExpression imageSet(QStringLiteral("image-set\\(([^)]*)\\)"), QRegularExpression::CaseInsensitiveOption);
        static const QRegularExpression string(QStringLiteral("\"([^\"]*)\"|'([^']*)'"));
        // CSS escapes (CSS Syntax §4.3.7) spell "url" or a scheme as well: "u\72l(", "\68ttps:".
        QString css;
        qsizetype pos = 0;
        auto e = escape.globalMatch(cssIn);
        while (e.hasNext()) {
            const auto m = e.next();
            css += QStringView(cssIn).mid(pos, m.capturedStart() - pos);
            const char32_t c = m.captured(1).isEmpty() ? m.captured(2).at(0).unicode() : m.captured(1).toUInt(nullptr, 16);
            css += c > 0 && c <= 0x10FFFF ? QString::fromUcs4(&c, 1) : QString(QChar(0xFFFD));
            pos = m.capturedEnd();
        }
        css += QStringView(cssIn).mid(pos);
        auto urls = url.globalMatch(css);
        while (urls.hasNext()) {
            const auto m = urls.next();
            consider(m.captured(1) + m.captured(2) + m.captured(3) + m.captured(4) + m.captured(5));
        }
        auto sets = imageSet.globalMatch(css);   // image-set("a.png" 1x, …): bare strings are URLs too
        while (sets.hasNext()) {
            auto strings = string.globalMatch(sets.next().captured(1));
            while (strings.hasNext()) {
                const auto m = strings.next();
                consider(m.captured(1) + m.captured(2));
            }
        }
    };
    static const QRegularExpression attribute(QStringLiteral("([^\\s\"'=/>]+)(?:\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s>]+)))?"));
    static const QStringList loaded = {QStringLiteral("src"), QStringLiteral("href"), QStringLiteral("background"), QStringLiteral("poster"),
                                       QStringLiteral("data"), QStringLiteral("lowsrc"), QStringLiteral("dynsrc"), QStringLiteral("xlink:href"),
                                       QStringLiteral("action"), QStringLiteral("formaction"), QStringLiteral("codebase"), QStringLiteral("archive"),
                                       QStringLiteral("longdesc"), QStringLiteral("ping"), QStringLiteral("manifest")};
    static const QRegularExpression refreshUrl(QStringLiteral("url\\s*=\\s*['\"]?([^'\"]*)"), QRegularExpression::CaseInsensitiveOption);
    auto tags = tagPattern().globalMatch(html);
    while (tags.hasNext()) {
        const auto t = tags.next();
        if (!t.captured(1).isEmpty())
            continue;   // an end tag
        const QString name = t.captured(2).toLower();
        QList<std::pair<QString, QString>> attrs;   // in document order; the first of a name counts
        auto valueOf = [&attrs](const QString &key) {
            for (const auto &[k, v] : attrs)
                if (k == key)
                    return v;
            return QString();
        };
        auto a = attribute.globalMatch(t.captured(3));
        while (a.hasNext() && attrs.size() < 100) {
            const auto m = a.next();
            const QString key = m.captured(1).toLower();
            if (std::none_of(attrs.cbegin(), attrs.cend(), [&key](const auto &kv) { return kv.first == key; }))
                attrs.append({key, m.captured(2) + m.captured(3) + m.captured(4)});
        }
        const bool link = name == QLatin1String("a") || name == QLatin1String("area");   // followed only when clicked, never loaded
        for (const auto &[key, value] : std::as_const(attrs)) {
            if (key == QLatin1String("srcset") || key == QLatin1String("imagesrcset")) {
                for (const QString &candidate : value.split(QLatin1Char(',')))
                    consider(candidate.trimmed().section(QLatin1Char(' '), 0, 0));
            } else if (key == QLatin1String("ping")) {   // a beacon sent on each click
                for (const QString &beacon : value.split(QLatin1Char(' '), Qt::SkipEmptyParts))
                    consider(beacon);
            } else if (key == QLatin1String("style")) {
                considerCss(decodeEntities(value));
            } else if (loaded.contains(key) && !(link && (key == QLatin1String("href") || key == QLatin1String("xlink:href")))) {
                consider(value);
            }
        }
        if (name == QLatin1String("param"))   // <param name=movie value=…>: what a plugin loads
            consider(valueOf(QStringLiteral("value")));
        if (name == QLatin1String("meta") && valueOf(QStringLiteral("http-equiv")).trimmed().compare(QLatin1String("refresh"), Qt::CaseInsensitive) == 0)
            consider(refreshUrl.match(decodeEntities(valueOf(QStringLiteral("content")))).captured(1));   // removed, never followed
    }
    considerCss(html);   // <style> blocks, whose text holds no entities
    return out;
}

Rendered render(const ParsedMessage &message, const RenderOptions &options)
{
    Rendered r;
    r.problems = message.problems;
    r.route = parseRoute(message.headerAll("Received"));
    for (const char *field : {"From", "Sender", "Reply-To", "To", "Cc"}) {
        const QList<QByteArray> values = message.headerAll(field);
        if (values.isEmpty())
            continue;
        DisplayedHeader h;
        h.field = field;
        if (values.size() > 1 && (qstrcmp(field, "From") == 0 || qstrcmp(field, "Sender") == 0))
            h.warnings << QStringLiteral("the message has %1 %2 fields").arg(values.size()).arg(QLatin1String(field));
        QStringList shown;
        for (const QByteArray &v : values) {
            const QList<DisplayedAddress> addresses = displayAddresses(v);
            if (addresses.isEmpty() && !v.trimmed().isEmpty()) {
                shown << escapeInvisible(QString::fromUtf8(v.left(4096)));
                if (!isEmptyGroup(v))
                    h.warnings << QStringLiteral("the field cannot be read as addresses; it is shown as written");
            }
            for (const DisplayedAddress &a : addresses) {
                h.addresses.append(a);
                shown << (a.name.isEmpty() ? a.address : QStringLiteral("%1 <%2>").arg(a.name, a.address));
                h.warnings << a.warnings;
            }
        }
        // RFC 5322 §3.6.2: several authors are legal, but a list shows only the first.
        if (qstrcmp(field, "From") == 0 && values.size() == 1 && h.addresses.size() > 1)
            h.warnings << QStringLiteral("the From field names %1 authors").arg(h.addresses.size());
        h.text = shown.join(QStringLiteral(", "));
        r.headers.append(h);
    }
    if (const QByteArray date = message.header("Date"); !date.isEmpty()) {
        DisplayedHeader h;
        h.field = "Date";
        h.text = formatDate(date, h.warnings);
        r.headers.append(h);
    }
    {
        DisplayedHeader h;
        h.field = "Subject";
        const QString decoded = decodeEncodedWords(message.header("Subject")).simplified();
        h.text = escapeInvisible(decoded);
        if (h.text != decoded)
            h.warnings << QStringLiteral("the subject holds invisible or direction-changing characters (shown escaped)");
        r.headers.append(h);
    }

    const QList<const MimePart *> shown = displayedParts(message.root, options.preferPlain);
    QStringList texts, htmlParts;
    for (const MimePart *p : shown)
        r.fromHtml = r.fromHtml || p->mimeType() == "text/html";
    for (const MimePart *p : shown) {
        if (!p->loaded) {
            texts << QStringLiteral("[part %1 is not downloaded yet]").arg(QString::fromLatin1(p->section));
            htmlParts << QStringLiteral("<div class=\"part\">%1</div>").arg(htmlEscape(texts.last()));
            continue;
        }
        if (p->type == "image") {
            const QString label = QStringLiteral("[image: %1]").arg(escapeInvisible(p->filename.isEmpty() ? QString::fromLatin1(p->mimeType()) : p->filename));
            texts << label;
            if (!p->contentId.isEmpty())
                r.inlineImages.insert(QString::fromUtf8(p->contentId), p->section);
            continue;
        }
        // What one part may show: past this, the reader gets the beginning and
        // a problem line, not seconds of layout and hundreds of megabytes.
        constexpr qsizetype kMaxShownChars = 2 * 1024 * 1024;
        QString body = decodeText(p->content, p->charset());
        if (body.size() > kMaxShownChars) {
            body.truncate(kMaxShownChars);
            r.problems << QStringLiteral("part %1 is longer than %2 characters: only its beginning is shown")
                              .arg(QString::fromLatin1(p->section)).arg(kMaxShownChars);
        }
        if (p->subtype == "html") {
            QStringList lines = htmlToText(body).trimmed().split(QLatin1Char('\n'));
            for (QString &l : lines)
                l = escapeInvisible(l);
            texts << lines.join(QLatin1Char('\n'));
            r.blocked << remoteResources(body);
            htmlParts << body;
        } else {
            const bool flowed = p->params.value("format").compare(QLatin1String("flowed"), Qt::CaseInsensitive) == 0;
            const bool delsp = p->params.value("delsp").compare(QLatin1String("yes"), Qt::CaseInsensitive) == 0;
            const auto lines = textLines(body, flowed, delsp);
            texts << linesToText(lines);
            htmlParts << plainToHtml(lines);
        }
    }
    r.blocked.removeDuplicates();
    if (options.allowRemote)
        r.blocked.clear();
    r.text = texts.join(QStringLiteral("\n\n"));

    // Attachments: leaves the reader does not see inline, and attached messages.
    std::function<void(const MimePart &, int)> collect = [&](const MimePart &p, int depth) {
        if (depth > 64 || r.attachments.size() >= 1000)
            return;
        const bool isShown = shown.contains(&p);
        // A signed or encrypted part below the root is one attachment: its
        // signature says nothing about the message around it (Müller et al. 2019).
        if (depth > 0 && p.isMultipart() && (p.subtype == "signed" || p.subtype == "encrypted")) {
            r.attachments.append(AttachmentInfo{p.section, p.mimeType(), p.size, QString(), safeFileName(QString(), p.mimeType()), false});
            return;
        }
        if (!p.isMultipart() && !isShown && (p.isAttachment() || p.isMessage()) && p.subtype != "pgp-signature") {
            r.attachments.append(AttachmentInfo{p.section, p.mimeType(), p.size >= 0 ? p.size : p.content.size(), escapeInvisible(p.filename),
                                                safeFileName(p.filename, p.mimeType()), hasHiddenCharacters(p.filename)});
        }
        for (const MimePart &c : p.children)
            collect(c, depth + 1);
    };
    collect(message.root, 0);
    // Banners for attached messages in the text a reader sees.
    for (const AttachmentInfo &a : std::as_const(r.attachments))
        if (a.mimeType == "message/rfc822" || a.mimeType == "message/global")
            if (const MimePart *m = message.root.find(a.section); m && !m->children.isEmpty())
                r.text += QStringLiteral("\n\n") + attachedMessageBanner(m->children.first());

    // The viewer's document: a strict Content-Security-Policy first, then the content.
    QString doc = QStringLiteral("<meta http-equiv=\"Content-Security-Policy\" content=\"%1\">"
                                 "<meta charset=\"utf-8\"><style>%2</style>").arg(csp(options.allowRemote), QLatin1String(kStyle));
    if (r.fromHtml) {
        // What CSP does not stop: a meta refresh navigates, a <base> redirects relative links.
        static const QRegularExpression refresh(QStringLiteral("<meta\\b[^>]*http-equiv\\s*=\\s*[\"']?\\s*(refresh|content-security-policy|set-cookie)[^>]*>|<base\\b[^>]*>"),
                                                QRegularExpression::CaseInsensitiveOption);
        QStringList cleaned;
        for (QString h : htmlParts)
            cleaned << h.remove(refresh);
        doc += cleaned.join(QStringLiteral("<hr>"));
    } else {
        doc += htmlParts.join(QStringLiteral("<div class=\"part\"></div>"));
    }
    r.html = doc;
    return r;
}

QJsonObject toJson(const Rendered &r)
{
    QJsonArray headers;
    for (const DisplayedHeader &h : r.headers) {
        QJsonObject o{{QStringLiteral("field"), QString::fromLatin1(h.field)}, {QStringLiteral("text"), h.text}};
        if (!h.addresses.isEmpty()) {
            QJsonArray addrs;
            for (const DisplayedAddress &a : h.addresses)
                addrs.append(QJsonObject{{QStringLiteral("name"), a.name}, {QStringLiteral("address"), a.address},
                                         {QStringLiteral("warnings"), QJsonArray::fromStringList(a.warnings)}});
            o.insert(QStringLiteral("addresses"), addrs);
        }
        if (!h.warnings.isEmpty())
            o.insert(QStringLiteral("warnings"), QJsonArray::fromStringList(h.warnings));
        headers.append(o);
    }
    QJsonArray attachments;
    for (const AttachmentInfo &a : r.attachments)
        attachments.append(QJsonObject{{QStringLiteral("section"), QString::fromLatin1(a.section)},
                                       {QStringLiteral("type"), QString::fromLatin1(a.mimeType)},
                                       {QStringLiteral("size"), a.size}, {QStringLiteral("filename"), a.filename},
                                       {QStringLiteral("saveAs"), a.saveName}, {QStringLiteral("hiddenCharacters"), a.hiddenCharacters}});
    QJsonObject o{{QStringLiteral("headers"), headers}, {QStringLiteral("text"), r.text},
                  {QStringLiteral("html"), r.fromHtml}, {QStringLiteral("attachments"), attachments},
                  {QStringLiteral("blocked"), QJsonArray::fromStringList(r.blocked)},
                  {QStringLiteral("route"), routeToJson(r.route)},
                  {QStringLiteral("problems"), QJsonArray::fromStringList(r.problems)}};
    // Only where there is something to say: a message without any signature or
    // encryption renders as it always did.
    if (r.security.present())
        o.insert(QStringLiteral("security"), toJson(r.security));
    return o;
}

} // namespace tern::mime
