#pragma once
// Dates in mail headers (Date:, the end of Received:), as RFC 5322 writes
// them and as mailers wrote them before.
#include <QDateTime>
#include <QStringView>

namespace tern::mime {

// An RFC 5322 §3.3 date-time, with the obsolete forms of §4.3 (two- and
// three-digit years, alphabetic zones, missing seconds) and what mailers send
// besides (asctime order, "12-Mar-2024", "+05:30", fractions of seconds), in
// UTC. Invalid (a null QDateTime) when the date is incomplete or out of range.
// Reads at most 256 characters; never touches the local time zone.
QDateTime parseMailDate(QStringView text);

} // namespace tern::mime
