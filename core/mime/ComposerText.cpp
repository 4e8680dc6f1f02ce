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

} // namespace tern::mime::compose
