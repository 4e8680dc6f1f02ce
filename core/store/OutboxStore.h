#pragma once
// The persistent outbox. Every send goes through it; an entry's life:
//
//   queued --(before MAIL FROM, committed)--> submitting
//   submitting --(250 to the final DATA/BDAT, committed with the Sent copy)--> sent
//   submitting --(4xx, or connection lost before the last byte left)--> queued (backoff)
//   submitting --(5xx)--> failed            (the server's reason kept)
//   submitting --(found so at start-up)--> uncertain
//
// The window that cannot be closed: the server has accepted the message (its
// 250 is on the wire) but we die before committing 'sent'. Resending could
// duplicate; dropping could lose. Tern holds such an entry as 'uncertain',
// never resends it on its own, and shows it with the reason; the user decides
// (`tern outbox retry ID` or `tern outbox forget ID`). The window is one
// SQLite commit wide, and a connection lost before the last byte left (the
// server cannot have accepted it) is requeued, not 'uncertain'.
#include "store/Database.h"
#include <QDateTime>
#include <QList>

namespace tern::store {

struct OutboxEntry {
    qint64 id = 0;
    QString account;
    QString state;              // queued, submitting, sent, failed, uncertain
    QByteArray raw;
    QByteArray mailFrom;
    QList<QByteArray> recipients;
    QString messageIdHeader;
    bool requestDsn = false;
    QString sentCopy;           // local, pending, appended; skip: no copy (a Bcc recipient's own encrypted copy)
    int attempts = 0;
    QDateTime nextAttemptAt;
    QString lastError;
    QString recipientResults;
    QDateTime createdAt, sentAt;
};

class OutboxStore {
public:
    explicit OutboxStore(Database &db) : m_db(db) {}

    Result<qint64> enqueue(const QString &account, const QByteArray &raw, const QByteArray &mailFrom,
                           const QList<QByteArray> &recipients, const QString &messageIdHeader, bool requestDsn = false,
                           bool keepInSent = true);
    Result<QList<OutboxEntry>> list(const QString &account = {}, bool withRaw = false);
    Result<QList<OutboxEntry>> due(const QString &account, const QDateTime &now);
    Result<int> markInterruptedUncertain(const QString &account);

    Status markSubmitting(qint64 id);
    // In one transaction: 'sent', and a \Seen copy in the account's Sent folder
    // (localCopy: POP3 accounts) or the copy marked for an IMAP APPEND.
    Status markSent(const OutboxEntry &e, const QString &recipientResults, const QDateTime &when, bool localCopy = true);
    Result<QList<OutboxEntry>> pendingSentCopies(const QString &account);
    Status markSentCopyAppended(qint64 id);
    Status requeue(qint64 id, const QString &error, const QDateTime &nextAttempt, const QList<QByteArray> &recipients = {});
    Status markFailed(qint64 id, const QString &error);
    Status retry(qint64 id);    // uncertain/failed -> queued, by the user's decision
    Status forget(qint64 id);   // removes a failed or uncertain entry

private:
    Status setState(qint64 id, const QString &state, const QString &error = {});
    Database &m_db;
};

} // namespace tern::store
