#pragma once
// Synchronises an IMAP account's folder list and each folder's headers and
// flags into the cache (the first slice of the IMAP engine):
// - LIST with RFC 6154 special-use attributes;
// - per folder: SELECT with CONDSTORE (RFC 7162) when offered; UIDVALIDITY
//   checked (a change drops that folder's cache); new messages fetched from
//   the last known UID (headers, flags, size, date — bodies stay on the server);
//   flag changes since HIGHESTMODSEQ (CHANGEDSINCE), else all flags; expunges
//   found by UID SEARCH.
// Before all that, the offline journal is replayed in order (OfflineJournal).
// Not yet: QRESYNC, IDLE (the IMAP issue).
#include "common/Error.h"
#include "net/Sasl.h"
#include "store/AccountConfig.h"
#include "store/Database.h"
#include "sync/ImapJob.h"
#include "sync/OfflineJournal.h"

namespace tern::imap { class ImapSession; struct CommandResult; struct Response; }

namespace tern::sync {


struct FolderSyncSummary {
    int folders = 0, added = 0, flagsChanged = 0, removed = 0;
    int replayed = 0, replayFailed = 0;   // offline journal entries
};

class ImapFolderSync : public ImapJob {
    Q_OBJECT
public:
    ImapFolderSync(store::Database &db, store::AccountConfig account, net::Credentials creds, QObject *parent = nullptr);
    void run();

signals:
    void progress(const QString &folder, int done, int total);
    void finished(const tern::Status &result, const tern::sync::FolderSyncSummary &summary);

private:
    struct Folder { QByteArray name; QString attributes; QByteArray delimiter; };
    struct State { qint64 id = 0; qint64 uidValidity = 0, uidNext = 0, highestModSeq = 0; };
    void replayJournal();
    void replayNext();
    void replayEntry();
    void listFolders();
    void syncNext();
    void selected(const Folder &f, const imap::CommandResult &res);
    void fetchNew(const Folder &f, const State &known, const State &server, qint64 lastUid, qint64 from = 0);
    void fetchFlags(const Folder &f, const State &known, const State &server, qint64 lastUid);
    void findExpunged(const Folder &f, const State &server, qint64 lastUid);
    void finishFolder(const State &server);
    Status storeFetches(qint64 mailboxId, const QList<imap::Response> &fetches, bool headers);
    void finish(const Status &s);

    store::Database &m_db;
    QList<Folder> m_folders;
    QList<JournalEntry> m_journal;
    int m_journalIndex = -1;
    QByteArray m_selected;
    int m_index = -1;
    FolderSyncSummary m_summary;
    imap::ImapSession *m_session = nullptr;
    bool m_condstore = false, m_finished = false;
};

} // namespace tern::sync

Q_DECLARE_METATYPE(tern::sync::FolderSyncSummary)
