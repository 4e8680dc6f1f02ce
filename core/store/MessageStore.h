#pragma once
// Messages in the cache: locally owned ones (POP3, local folders) and, later,
// IMAP copies. Header fields are kept raw (undecoded) here; the MIME engine
// decodes them for display.
#include "store/Database.h"
#include <QDateTime>
#include <QList>

namespace tern::store {

struct MessageRow {
    qint64 id = 0;
    qint64 uid = 0;             // IMAP UID; 0 for messages owned here (POP3, local)
    QString mailbox;
    QString flags;
    qint64 size = 0;
    QDateTime receivedAt;
    QString subject, from, to, date, messageId, inReplyTo, references, listId;
};

// The header fields the list needs, unfolded (RFC 5322 §2.2.3), not decoded.
struct HeaderSummary {
    QString subject, from, to, date, messageId, inReplyTo, references, listId, cc, replyTo, sender;
    QString contentType;
    // Autocrypt fields as sent (unfolded), read by AutocryptPeers; bounded there.
    QList<QByteArray> autocrypt;
    static HeaderSummary parse(const QByteArray &raw);
};

class MessageStore {
public:
    explicit MessageStore(Database &db) : m_db(db) {}

    Result<qint64> ensureMailbox(const QString &account, const QString &name);
    // Inserts a message; the caller owns the transaction.
    Result<qint64> insert(const QString &account, const QString &mailbox, const QByteArray &raw,
                          const QString &flags = {}, const QDateTime &receivedAt = QDateTime::currentDateTimeUtc());
    Result<QList<MessageRow>> list(const QString &account, const QString &mailbox);
    Result<QByteArray> raw(qint64 id);
    Result<qint64> count(const QString &account, const QString &mailbox);
    Status remove(qint64 id);
    Status move(qint64 id, const QString &account, const QString &toMailbox);

private:
    Database &m_db;
};

} // namespace tern::store
