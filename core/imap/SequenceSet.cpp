#include "imap/SequenceSet.h"

#include <algorithm>

namespace tern::imap {

Result<SequenceSet> SequenceSet::parse(const QByteArray &text, qint64 star, int maxRanges)
{
    SequenceSet s;
    const QList<QByteArray> parts = text.trimmed().split(',');
    if (parts.size() > maxRanges)
        return Error::invalid(QStringLiteral("sequence set with more than %1 ranges").arg(maxRanges));
    auto number = [star](const QByteArray &t, bool *ok) -> qint64 {
        if (t == "*") {
            *ok = true;
            return star;
        }
        for (char c : t)
            if (c < '0' || c > '9') {
                *ok = false;
                return 0;
            }
        const qint64 v = t.toLongLong(ok);
        *ok = *ok && v >= 1 && v <= kMax;
        return v;
    };
    for (const QByteArray &p : parts) {
        const qsizetype colon = p.indexOf(':');
        bool ok1 = false, ok2 = false;
        const qint64 a = number(colon < 0 ? p : p.left(colon), &ok1);
        const qint64 b = colon < 0 ? a : number(p.mid(colon + 1), &ok2);
        if (!ok1 || (colon >= 0 && !ok2))
            return Error::invalid(QStringLiteral("not a sequence set: %1").arg(QString::fromLatin1(text.left(80))));
        s.m_ranges.append({qMin(a, b), qMax(a, b)});   // "5:2" is "2:5" (RFC 9051 §9)
    }
    s.normalize();
    return s;
}

SequenceSet SequenceSet::fromList(QList<qint64> values)
{
    std::sort(values.begin(), values.end());
    SequenceSet s;
    for (qint64 v : values) {
        if (!s.m_ranges.isEmpty() && v <= s.m_ranges.last().second + 1)
            s.m_ranges.last().second = qMax(s.m_ranges.last().second, v);
        else
            s.m_ranges.append({v, v});
    }
    return s;
}

void SequenceSet::add(qint64 from, qint64 to)
{
    m_ranges.append({qMin(from, to), qMax(from, to)});
    normalize();
}

void SequenceSet::normalize()
{
    std::sort(m_ranges.begin(), m_ranges.end());
    QList<Range> merged;
    for (const Range &r : std::as_const(m_ranges)) {
        if (!merged.isEmpty() && r.first <= merged.last().second + 1)
            merged.last().second = qMax(merged.last().second, r.second);
        else
            merged.append(r);
    }
    m_ranges = merged;
}

bool SequenceSet::contains(qint64 v) const
{
    auto it = std::upper_bound(m_ranges.begin(), m_ranges.end(), v, [](qint64 x, const Range &r) { return x < r.first; });
    if (it == m_ranges.begin())
        return false;
    --it;
    return v <= it->second;
}

qint64 SequenceSet::count() const
{
    qint64 n = 0;
    for (const Range &r : m_ranges)
        n += r.second - r.first + 1;
    return n;
}

QByteArray SequenceSet::toString() const
{
    QByteArray out;
    for (const Range &r : m_ranges) {
        if (!out.isEmpty())
            out += ',';
        out += QByteArray::number(r.first);
        if (r.second != r.first)
            out += ':' + QByteArray::number(r.second);
    }
    return out;
}

QList<SequenceSet> SequenceSet::split(qint64 perSet) const
{
    QList<SequenceSet> out;
    SequenceSet cur;
    qint64 n = 0;
    for (Range r : m_ranges) {
        while (r.first <= r.second) {
            const qint64 take = qMin(r.second - r.first + 1, perSet - n);
            cur.m_ranges.append({r.first, r.first + take - 1});
            n += take;
            r.first += take;
            if (n == perSet) {
                out.append(cur);
                cur = SequenceSet();
                n = 0;
            }
        }
    }
    if (!cur.isEmpty())
        out.append(cur);
    return out;
}

Result<SequenceSet> searchResultSet(const QList<Response> &untagged)
{
    SequenceSet found;
    QList<qint64> listed;
    for (const Response &r : untagged) {
        if (r.isStatus("SEARCH"))
            for (const Token &t : r.tokens)
                listed.append(t.text.toLongLong());
        if (r.isStatus("ESEARCH"))
            for (int i = 0; i + 1 < r.tokens.size(); ++i)
                if (r.tokens.at(i).isAtom("ALL")) {
                    auto set = SequenceSet::parse(r.tokens.at(i + 1).text);
                    if (!set)
                        return set.error();
                    for (const auto &[a, b] : set.value().ranges())
                        found.add(a, b);
                }
    }
    const SequenceSet fromList = SequenceSet::fromList(listed);
    for (const auto &[a, b] : fromList.ranges())
        found.add(a, b);
    return found;
}

Result<QList<qint64>> searchResultUids(const QList<Response> &untagged, qint64 max)
{
    auto found = searchResultSet(untagged);
    if (!found)
        return found.error();
    if (found.value().count() > max)
        return Error::invalid(QStringLiteral("the server found more than %1 messages").arg(max));
    QList<qint64> out;
    for (const auto &[a, b] : found.value().ranges())
        for (qint64 v = a; v <= b && v > 0; ++v)
            out.append(v);
    return out;
}

} // namespace tern::imap
