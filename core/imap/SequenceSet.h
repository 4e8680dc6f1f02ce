#pragma once
// IMAP sequence sets (RFC 9051 §9 "sequence-set"): "1:4,7,9:*" as sorted,
// merged ranges. Parsed without expanding ("1:4294967295" is one range), with
// a bound on the number of ranges; built from UID lists in compact form.
#include "common/Error.h"
#include "imap/ImapResponse.h"
#include <QByteArray>
#include <QList>
#include <utility>

namespace tern::imap {

class SequenceSet {
public:
    static constexpr qint64 kMax = 4294967295LL;   // nz-number's largest value; "*" in a UID set
    using Range = std::pair<qint64, qint64>;       // inclusive

    SequenceSet() = default;
    // "*" stands for `star` (the largest UID or message number in use).
    static Result<SequenceSet> parse(const QByteArray &text, qint64 star = kMax, int maxRanges = 1000000);
    static SequenceSet fromList(QList<qint64> values);

    void add(qint64 from, qint64 to);
    bool contains(qint64 v) const;
    qint64 count() const;        // numbers covered
    bool isEmpty() const { return m_ranges.isEmpty(); }
    const QList<Range> &ranges() const { return m_ranges; }
    QByteArray toString() const;
    // Splits into sets of at most `perSet` numbers each (commands of bounded size).
    QList<SequenceSet> split(qint64 perSet) const;

private:
    void normalize();
    QList<Range> m_ranges;
};

// The UIDs (or numbers) a SEARCH answered: "* SEARCH 1 2 3" (RFC 3501) or
// "* ESEARCH (TAG …) UID ALL 1:3,7" (RFC 4731), in ascending order; an error
// past `max` of them.
Result<QList<qint64>> searchResultUids(const QList<Response> &untagged, qint64 max);
// The same as ranges, never expanded (a folder's every UID).
Result<SequenceSet> searchResultSet(const QList<Response> &untagged);

} // namespace tern::imap
