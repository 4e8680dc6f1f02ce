#include "mime/MailDate.h"

#include <QStringList>

namespace tern::mime {

namespace {

bool allDigits(QStringView s)
{
    for (QChar c : s) {
        if (c < u'0' || c > u'9')
            return false;
    }
    return !s.isEmpty();
}

int monthNumber(QStringView word)
{
    static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                         "jul", "aug", "sep", "oct", "nov", "dec"};
    if (word.size() < 3)
        return 0;
    for (int m = 0; m < 12; ++m) {
        if (word.left(3).compare(QLatin1String(months[m]), Qt::CaseInsensitive) == 0)
            return m + 1;
    }
    return 0;
}

bool isDayName(QStringView word)
{
    static const char *const days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    for (const char *d : days) {
        if (word.size() >= 3 && word.left(3).compare(QLatin1String(d), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// Offset in seconds east of UTC of an alphabetic zone. RFC 5322 §4.3: the
// North American zones as defined; military letters, and any zone whose
// meaning is not known, are "-0000": UTC with nothing known of local time.
int alphabeticZone(QStringView word)
{
    static const std::pair<const char *, int> zones[] = {
        {"EDT", -4}, {"EST", -5}, {"CDT", -5}, {"CST", -6}, {"MDT", -6}, {"MST", -7}, {"PDT", -7}, {"PST", -8},
    };
    for (const auto &[name, hours] : zones) {
        if (word.compare(QLatin1String(name), Qt::CaseInsensitive) == 0)
            return hours * 3600;
    }
    return 0;   // UT, UTC, GMT, Z, military, unknown
}

// "+0200", "-0700", "+05:30", "+02": seconds east of UTC, or nullopt when not a zone or out of range.
std::optional<int> numericZone(QStringView word)
{
    const int sign = word.startsWith(u'-') ? -1 : 1;
    QString digits = word.mid(1).toString();
    digits.remove(u':');
    if (!allDigits(digits) || (digits.size() != 4 && digits.size() != 2))
        return std::nullopt;
    const int hours = digits.left(2).toInt();
    const int minutes = digits.size() == 4 ? digits.mid(2).toInt() : 0;
    if (hours > 23 || minutes > 59)
        return std::nullopt;
    return sign * (hours * 3600 + minutes * 60);
}

} // namespace

QDateTime parseMailDate(QStringView text)
{
    // Comments out ("(PDT)", §3.2.2), commas to spaces; "12-Mar-2024" in words.
    QString flat;
    int depth = 0;
    for (QChar c : text.left(256)) {
        if (c == u'(')
            ++depth;
        else if (c == u')')
            depth = qMax(0, depth - 1);
        else if (depth > 0)
            continue;
        else
            flat += (c == u',' ? QChar(u' ') : c);
    }
    QStringList words;
    for (const QString &w : flat.split(u' ', Qt::SkipEmptyParts)) {
        if (!w.startsWith(u'-') && !w.startsWith(u'+') && w.count(u'-') == 2)
            words += w.split(u'-');
        else
            words += w.simplified();
    }

    int day = -1, month = -1, year = -1, hour = -1, minute = -1, second = 0;
    qsizetype yearDigits = 0;
    std::optional<int> zone;
    std::optional<int> namedZone;
    for (const QString &w : words) {
        if (w.isEmpty())
            continue;
        if (w.at(0).isDigit() && w.contains(u':')) {
            if (hour >= 0)
                continue;
            QStringList hms = w.split(u':');
            if (hms.size() < 2 || hms.size() > 3)
                return {};
            if (hms.size() == 3)
                hms[2] = hms[2].section(u'.', 0, 0);   // fractions of a second
            for (const QString &part : hms) {
                if (!allDigits(part) || part.size() > 2)
                    return {};
            }
            hour = hms[0].toInt();
            minute = hms[1].toInt();
            second = hms.size() == 3 ? hms[2].toInt() : 0;
        } else if (w.startsWith(u'+') || w.startsWith(u'-')) {
            if (zone)
                continue;
            zone = numericZone(w);
            if (!zone)
                return {};
        } else if (allDigits(w)) {
            if (w.size() > 4)
                return {};
            if (day < 0 && year < 0 && w.size() <= 2) {
                day = w.toInt();
            } else if (year < 0) {
                year = w.toInt();
                yearDigits = w.size();
            } else if (day < 0) {
                day = w.toInt();
            }
        } else if (w.at(0).isLetter()) {
            if (const int m = monthNumber(w); m > 0 && month < 0 && !isDayName(w))
                month = m;
            else if (!isDayName(w) && hour >= 0 && !namedZone)
                namedZone = alphabeticZone(w);
        }
    }
    if (day < 1 || month < 1 || year < 0 || hour < 0)
        return {};
    if (yearDigits == 2)   // §4.3: 00-49 are 2000-2049, 50-99 are 1950-1999
        year += year < 50 ? 2000 : 1900;
    else if (yearDigits == 3)
        year += 1900;
    if (year < 1900 || hour > 23 || minute > 59 || second > 60)
        return {};
    second = qMin(second, 59);   // §3.3 allows a leap second; QTime does not
    const QDate d(year, month, day);
    if (!d.isValid())
        return {};
    const int offset = zone ? *zone : namedZone.value_or(0);   // no zone at all: taken as UTC
    return QDateTime(d, QTime(hour, minute, second), Qt::UTC).addSecs(-offset);
}

} // namespace tern::mime
