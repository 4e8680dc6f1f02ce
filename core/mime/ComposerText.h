#pragma once
// The composer's text work: format=flowed both ways (RFC 3676), quoting an
// original for a reply (HTML-only originals go through mime::htmlToText). Lines end in '\n' here; the builder writes CRLF.
#include <QString>

namespace tern::mime::compose {

// Plain text as format=flowed, DelSp=no: long lines broken after a space
// (the space stays: a soft break), no line over `width` unless one word is;
// trailing spaces of hard lines trimmed; space-stuffing of lines starting
// with " ", ">" or "From "; "-- " kept as it is. A line starting with '>' is
// quoted text: its quote marks are repeated on every line it is broken into.
QString toFlowed(const QString &text, int width = 78);

// format=flowed back to logical lines (quoted ones as ">> text"); `delSp`
// for DelSp=yes. fromFlowed(toFlowed(t)) == t for text without trailing
// spaces whose quoted lines are written ">… text".
QString fromFlowed(const QString &flowed, bool delSp = false);

// Every line prefixed for a reply: "> " before text, ">" before a quoted
// line or an empty one (RFC 3676 §4.5 quote marks).
QString quoteLines(const QString &text);

} // namespace tern::mime::compose
