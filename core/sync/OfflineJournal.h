#pragma once
// The offline journal of an IMAP account. Every action is applied to the
// cache at once and journaled in the same transaction, so it works with no
// network and survives a crash; the sync engine replays pending entries in
// order before it synchronises (JournalReplayer, which also says how each is
// made idempotent across crashes).
//
// Conflict rules:
// - a message expunged on the server wins: an action on a UID the server no
//   longer has completes as a no-op;
// - flags changed here win over the server's: they are stored after reconnect,
//   before the server's flags are read again;
// - an action the server refuses (NO/BAD) is kept as 'failed' with the
//   server's words, visible in `tern journal`; later entries still run;
// - a folder the server renumbered (UIDVALIDITY) since: actions naming its
//   UIDs are not applied and are reported as conflicts ('failed');
// - a folder deleted on the server: actions in it fail with the reason;
// - a folder deleted here: its messages go with it, here and on the server.
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
    Status copy(const QString &account, const QString &mailbox, qint64 uid, const QString &target);
    // Removes the folder's messages marked \Deleted (those, and only those, on the server too).
    Result<int> expunge(const QString &account, const QString &mailbox);
    Status createFolder(const QString &account, const QString &name);
    Status renameFolder(const QString &account, const QString &from, const QString &to);
    Status deleteFolder(const QString &account, const QString &name);
    // Saves a draft (flags \Draft \Seen) in the account's Drafts folder (RFC 6154
    // \Drafts, else "Drafts", created if missing); returns the folder's name.
    Result<QString> saveDraft(const QString &account, const QByteArray &raw);
    // Saves a draft that replaces an earlier save of the same message (the
    // composer's Save and autosave): the new one is stored first, then the
    // earlier one (local id `previousId`, and any copy in Drafts with the same
    // Message-ID) is discarded — here only if it never reached the server (its
    // pending append then does nothing), else deleted there through the
    // journal. A crash in between leaves two copies, never none. The new local id.
    Result<qint64> replaceDraft(const QString &account, const QByteArray &raw, qint64 previousId);
    // Discards a saved draft as above (it was sent, or the writer threw it away).
    Status discardDraft(const QString &account, qint64 id);

    Result<QList<JournalEntry>> pending(const QString &account);
    Result<QList<JournalEntry>> all(const QString &account);
    Status started(qint64 id);
    Status complete(qint64 id);
    Status failed(qint64 id, const QString &error);

private:
    Result<std::pair<QString, qint64>> storeDraft(const QString &account, const QByteArray &raw);   // folder, local id
    Status discardDraftsLike(const QString &account, const QString &drafts, qint64 keepId, qint64 previousId);
    Result<qint64> localMessage(const QString &account, const QString &mailbox, qint64 uid);
    Result<qint64> mailboxId(const QString &account, const QString &name);
    QString folderName(const QString &account, const QString &requested);
    Status append(const QString &account, const QString &op, const QString &mailbox, qint64 uid, const QString &arg, qint64 localId);
    store::Database &m_db;
};

} // namespace tern::sync
