#pragma once
// Replays an account's offline journal (OfflineJournal) in order on an
// authenticated IMAP session, before the folders are synchronised.
//
// Per operation:
//   flag          UID STORE ±FLAGS.SILENT
//   delete        UID STORE +FLAGS.SILENT (\Deleted), then UID EXPUNGE (UIDPLUS)
//   move          UID MOVE (RFC 6851), else UID COPY + STORE \Deleted + UID EXPUNGE
//   copy          UID COPY
//   expunge       UID EXPUNGE of the UIDs the user expunged (UIDPLUS), else EXPUNGE
//   create, rename, delete-folder   CREATE, RENAME, DELETE
//   append        APPEND (drafts) with the message's flags
// New UIDs (COPYUID, APPENDUID; RFC 4315) go to the rows already shown.
// Crash safety: copy and append are not idempotent, so they are marked
// 'started' before their command is sent; a 'started' entry found on the next
// run is first looked for in its target by Message-ID, and only sent again if
// it is not there. The others are idempotent (a repeated CREATE answering
// [ALREADYEXISTS] or DELETE answering [NONEXISTENT] completes).
// A folder whose UIDVALIDITY changed since its actions were journaled: those
// naming a UID are not applied (the UID may now name another message) and
// are reported as conflicts.
#include "common/Error.h"
#include "store/Database.h"
#include "sync/OfflineJournal.h"
#include <QObject>
#include <functional>

namespace tern::imap { class ImapSession; struct CommandResult; }

namespace tern::sync {

class JournalReplayer : public QObject {
    Q_OBJECT
public:
    JournalReplayer(store::Database &db, QString account, imap::ImapSession *session, QObject *parent = nullptr);
    // `done` gets an error only when the cache fails; refused actions are counted.
    void run(std::function<void(const Status &)> done);

    int replayed = 0, failed = 0, conflicts = 0;

private:
    void next();
    void apply();
    void selectThen(const QString &mailbox, std::function<void()> then);
    void finishEntry(bool ok, const QString &why);
    void finishWith(const imap::CommandResult &res);
    void sendOrFind(std::function<void()> send);
    void mapNewUid(const imap::CommandResult &res, const char *code, int uidField);

    store::Database &m_db;
    QString m_account;
    imap::ImapSession *m_session;
    QList<JournalEntry> m_entries;
    int m_index = -1;
    QString m_selected;
    QHash<QString, bool> m_renumbered;   // mailbox -> its UIDVALIDITY changed
    std::function<void(const Status &)> m_done;
    bool m_stopped = false;
};

} // namespace tern::sync
