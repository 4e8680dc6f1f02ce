#pragma once
// Message identifiers as References, In-Reply-To and Message-ID carry them
// (RFC 5322 §3.6.4), read robustly from raw header text: CFWS and quoted
// strings skipped, folding white space inside an id removed, ids without angle
// brackets accepted when they look like local@domain (some mailers write them
// so), and every size bounded — a hostile header of thousands of references
// costs a bounded scan and yields a bounded list.
#include <QByteArray>
#include <QList>
#include <QString>

namespace tern::threads {

constexpr int kMaxIdLength = 998;            // RFC 5322 §2.1.1: a line's limit; no id is longer
constexpr int kMaxScannedBytes = 64 * 1024;  // of one header field
constexpr int kMaxReferences = 100;          // kept per message: the first and the last 99

// Every msg-id in the field's text, in order, without angle brackets, at most
// `maxIds` (the first ones). Of a field longer than kMaxScannedBytes, its
// beginning and its end are read.
QList<QByteArray> parseMessageIds(const QString &field, int maxIds = 20000);

// The one id of a Message-ID field (the first), or empty.
QByteArray parseMessageId(const QString &field);

// The chain of ancestors for threading, oldest first: References, with the
// In-Reply-To id appended when it is not already the last one (some mailers
// send In-Reply-To only, some put a stale chain in References). Bounded to
// kMaxReferences: the first (the thread's start) and the newest ones, which
// matter most. Repeats and the message's own id are dropped.
QList<QByteArray> parentChain(const QString &references, const QString &inReplyTo, const QByteArray &self);

} // namespace tern::threads
