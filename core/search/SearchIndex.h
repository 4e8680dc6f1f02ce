#pragma once
// The full-text index of the cache (FTS5 table search_text, schema 8): what a
// message says in words a query can find — its subject, the names and
// addresses of From/Sender, To and Cc, the text a reader sees (HTML reduced
// to text), attachment names, the mailing list — decoded from RFC 2047,
// charsets and transfer encodings. New messages wait above a mark (their id),
// the schema's triggers queue every body and part that arrives (search_pending)
// and drop the words of a message that leaves; indexPending() does the decoding
// after the writers.
//
// What is not indexed: the text of an encrypted message (the index would be
// a plaintext copy of what the sender encrypted), attachments' contents, and
// more than MaxBodyChars of a body.
#include "store/Database.h"
#include <QDateTime>
#include <QString>
#include <functional>

namespace tern::search {

struct IndexedMessage {
    QString subject, sender, recipients, cc, body, attachments, list;
    QDateTime sentAt;              // the Date header, else the arrival time (UTC)
    bool hasAttachment = false;
    bool encrypted = false;
    bool signedMessage = false;
    bool bodyIndexed = false;      // the body (or its displayed parts) was in the cache
};

struct CachedMessage {           // a messages row, as stored
    QByteArray subject, from, sender, to, cc, listId, date;
    QDateTime receivedAt;
    QByteArray bodystructure;    // IMAP text, may be empty
    QByteArray raw;              // the whole message, when cached
    QList<std::pair<QByteArray, QByteArray>> parts;   // section, bytes as sent (BODY[section])
};

// The words of one message. Pure: no database.
IndexedMessage extract(const CachedMessage &m);

class SearchIndex {
public:
    static constexpr int MaxBodyChars = 512 * 1024;
    explicit SearchIndex(store::Database &db) : m_db(db) {}

    // Messages waiting to be indexed.
    Result<qint64> pending();
    // Indexes up to `max` pending messages (all with -1), in transactions of
    // `batch`; `progress(done, total)` after each. Returns how many.
    Result<qint64> indexPending(qint64 max = -1, const std::function<void(qint64, qint64)> &progress = {}, int batch = 200);
    // Everything again (a changed extractor): queues every message.
    Status rebuild();

private:
    store::Database &m_db;
};

} // namespace tern::search
