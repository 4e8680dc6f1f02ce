#include "mime/ComposerText.h"

#include <QHash>
#include <QRegularExpression>
#include <QStringList>

namespace tern::mime::compose {

namespace {

const QString kSignature = QStringLiteral("-- ");

QStringList splitLines(QString text, bool *endsWithNewline)
{
    text.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    text.replace(QLatin1Char('\r'), QLatin1Char('\n'));
    *endsWithNewline = text.endsWith(QLatin1Char('\n'));
    if (*endsWithNewline)
        text.chop(1);
    return text.split(QLatin1Char('\n'));
}

int quoteDepth(const QString &line)
{
    int d = 0;
    while (d < line.size() && line.at(d) == QLatin1Char('>'))
        ++d;
    return d;
}

// RFC 3676 §4.4: a line starting with a space, "From " or (unquoted) ">" is space-stuffed.
bool needsStuffing(const QString &piece)
{
    return piece.startsWith(QLatin1Char(' ')) || piece.startsWith(QLatin1Char('>')) || piece.startsWith(QLatin1String("From "));
}

QString trimmedRight(QString s)
{
    while (s.endsWith(QLatin1Char(' ')) || s.endsWith(QLatin1Char('\t')))
        s.chop(1);
    return s;
}

// Breaks one logical line's content into physical lines, each ending in the
// space it was broken after (RFC 3676 §4.2), none longer than `room` (less the
// stuffing space a piece will need) unless a single word is.
QStringList breakContent(const QString &content, int room, bool stuffable)
{
    QStringList pieces;
    QString rest = content;
    while (!rest.isEmpty()) {
        const int limit = qMax(2, room - (stuffable && needsStuffing(rest) ? 1 : 0));
        if (rest.size() <= limit) {
            pieces << rest;
            break;
        }
        qsizetype cut = rest.lastIndexOf(QLatin1Char(' '), limit - 1);
        if (cut < 1)
            cut = rest.indexOf(QLatin1Char(' '), 1);   // a word longer than the line: the line grows
        // A piece that is exactly "-- " would read as the signature separator.
        while (cut > 0 && rest.left(cut + 1) == kSignature)
            cut = rest.indexOf(QLatin1Char(' '), cut + 1);
        if (cut < 1 || cut + 1 >= rest.size()) {
            pieces << rest;
            break;
        }
        pieces << rest.left(cut + 1);
        rest = rest.mid(cut + 1);
    }
    return pieces;
}

} // namespace

QString toFlowed(const QString &text, int width)
{
    bool endsWithNewline = false;
    const QStringList lines = splitLines(text, &endsWithNewline);
    QStringList out;
    for (const QString &line : lines) {
        if (line == kSignature) {   // RFC 3676 §4.3: the separator keeps its space and stays hard
            out << line;
            continue;
        }
        const int depth = quoteDepth(line);
        QString content = line.mid(depth);
        if (depth > 0 && content.startsWith(QLatin1Char(' ')))
            content.remove(0, 1);   // "> text": the space is the stuffing, written again below
        const QString marks(depth, QLatin1Char('>'));
        if (depth > 0 && content == kSignature) {
            out << marks + QLatin1Char(' ') + content;
            continue;
        }
        content = trimmedRight(content);
        if (content.isEmpty()) {
            out << marks;
            continue;
        }
        // Quoted lines are always stuffed ("> text"): the usual look, and what
        // makes a piece starting with a space or '>' unambiguous.
        const QString prefix = depth > 0 ? marks + QLatin1Char(' ') : QString();
        for (const QString &piece : breakContent(content, width - int(prefix.size()), depth == 0))
            out << prefix + (depth == 0 && needsStuffing(piece) ? QStringLiteral(" ") : QString()) + piece;
    }
    QString joined = out.join(QLatin1Char('\n'));
    if (endsWithNewline)
        joined += QLatin1Char('\n');
    return joined;
}

QString fromFlowed(const QString &flowed, bool delSp)
{
    bool endsWithNewline = false;
    const QStringList lines = splitLines(flowed, &endsWithNewline);
    QStringList out;
    QString paragraph;
    int paragraphDepth = 0;
    bool open = false;   // the last line was soft: this one continues it
    auto flush = [&] {
        const QString marks(paragraphDepth, QLatin1Char('>'));
        out << (paragraphDepth > 0 && !paragraph.isEmpty() ? marks + QLatin1Char(' ') + paragraph : marks + paragraph);
        paragraph.clear();
        open = false;
    };
    for (const QString &line : lines) {
        const int depth = quoteDepth(line);
        QString content = line.mid(depth);
        if (content.startsWith(QLatin1Char(' ')))
            content.remove(0, 1);   // RFC 3676 §4.4: unstuff
        if (open && depth != paragraphDepth)
            flush();   // §4.5: a change of quote depth ends a paragraph whatever the space said
        const bool soft = content != kSignature && content.endsWith(QLatin1Char(' '));
        if (soft && delSp)
            content.chop(1);
        paragraph += content;
        paragraphDepth = depth;
        open = soft;
        if (!soft)
            flush();
    }
    if (open)
        flush();
    QString joined = out.join(QLatin1Char('\n'));
    if (endsWithNewline)
        joined += QLatin1Char('\n');
    return joined;
}

QString quoteLines(const QString &text)
{
    bool endsWithNewline = false;
    QStringList lines = splitLines(text, &endsWithNewline);
    for (QString &line : lines)
        line = (line.isEmpty() || line.startsWith(QLatin1Char('>')) ? QStringLiteral(">") : QStringLiteral("> ")) + line;
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

namespace {

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

} // namespace

QString htmlToText(const QString &html)
{
    using RE = QRegularExpression;
    static const RE invisible(QStringLiteral("<!--.*?-->|<(script|style|head|title|template)\\b[^>]*>.*?</\\1\\s*>"),
                              RE::CaseInsensitiveOption | RE::DotMatchesEverythingOption);
    static const RE space(QStringLiteral("\\s+"));
    static const RE lineBreak(QStringLiteral("<br\\b[^>]*>"), RE::CaseInsensitiveOption);
    static const RE listItem(QStringLiteral("<li\\b[^>]*>"), RE::CaseInsensitiveOption);
    static const RE block(QStringLiteral("</?(p|div|tr|table|h[1-6]|ul|ol|li|blockquote|pre|hr|section|article|header|footer)\\b[^>]*>"),
                          RE::CaseInsensitiveOption);
    static const RE cell(QStringLiteral("<t[dh]\\b[^>]*>"), RE::CaseInsensitiveOption);
    static const RE tag(QStringLiteral("<[^>]*>"));
    QString s = html;
    s.remove(invisible);
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

} // namespace tern::mime::compose
