#pragma once
// The offline journal of an IMAP account. Every action is applied to the
// cache at once and journaled in the same transaction, so it works with no
// network and survives a crash; the sync engine replays pending entries in
// order before it synchronises (JournalReplayer).
//
// Conflict rules:
// - a message expunged on the server wins: an action on a UID the server no
//   longer has completes as a no-op;
// - flags changed here win over the server's: they are stored after reconnect,
//   before the server's flags are read again;
// - an action the server refuses (NO/BAD) is kept as 'failed' with the
//   server's words, visible in `tern journal`; later entries still run.
#include "common/Error.h"
#include "store/Database.h"
#include <QDateTime>

namespace tern::sync {

struct JournalEntry {
    qint64 id = 0;
    QString account, op, mailbox, arg, state, error;
    qint64 uid = 0, localId = 0;
    QDateTime createdAt;
};

class OfflineJournal {
public:
    explicit OfflineJournal(store::Database &db) : m_db(db) {}

    // flag: arg "+\\Flagged" or "-\\Seen". The message is named by folder and UID.
    Status flag(const QString &account, const QString &mailbox, qint64 uid, const QString &change);
    Status remove(const QString &account, const QString &mailbox, qint64 uid);
    Status move(const QString &account, const QString &mailbox, qint64 uid, const QString &target);

    Result<QList<JournalEntry>> pending(const QString &account);
    Result<QList<JournalEntry>> all(const QString &account);
    Status complete(qint64 id);
    Status failed(qint64 id, const QString &error);

private:
    Result<qint64> localMessage(const QString &account, const QString &mailbox, qint64 uid);
    Status append(const QString &account, const QString &op, const QString &mailbox, qint64 uid, const QString &arg, qint64 localId);
    store::Database &m_db;
};

} // namespace tern::sync
