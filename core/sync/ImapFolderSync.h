#pragma once
// Synchronises an IMAP account into the cache: the offline journal first
// (JournalReplayer), then the folder list, then each folder under its sync
// policy (SyncPolicy). Per folder, the cheapest way the server allows:
// - unchanged since the last sync (LIST-STATUS, RFC 5819, with CONDSTORE:
//   same UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ, MESSAGES): not even opened;
// - QRESYNC (RFC 7162): SELECT reports flag changes and VANISHED UIDs since the
//   known HIGHESTMODSEQ in one reply;
// - CONDSTORE: flags changed since HIGHESTMODSEQ (CHANGEDSINCE); expunges by
//   UID SEARCH (ESEARCH when offered), skipped when the message count shows none;
// - else all flags, in UID chunks.
// New messages: their UIDs from the last one synced, in chunks committed one by
// one (a killed first sync resumes), two commands in flight. Headers only:
// header fields, BODYSTRUCTURE, flags, size, date (and EMAILID, RFC 8474).
// When the policy keeps bodies: whole messages in batches bounded in bytes.
// A UIDVALIDITY change drops the folder's server copies (never its local-only
// rows); a move by another client is recognised by EMAILID and its body reused.
#include "common/Error.h"
#include "net/Sasl.h"
#include "store/AccountConfig.h"
#include "store/Database.h"
#include "store/SyncPolicy.h"
#include "sync/ImapJob.h"

#include <memory>

namespace tern::imap { class ImapSession; struct CommandResult; struct Response; class SequenceSet; }

namespace tern::sync {

class JournalReplayer;

struct FolderSyncSummary {
    int folders = 0, unchanged = 0, skipped = 0;          // skipped: policy "skip"
    int added = 0, flagsChanged = 0, removed = 0;
    int bodies = 0, bodiesReused = 0;
    qint64 bodyBytes = 0;
    int replayed = 0, replayFailed = 0, conflicts = 0;    // offline journal entries
};

class ImapFolderSync : public ImapJob {
    Q_OBJECT
public:
    ImapFolderSync(store::Database &db, store::AccountConfig account, net::Credentials creds, QObject *parent = nullptr);
    ~ImapFolderSync() override;
    // Synchronise only this folder (after the journal and the folder list).
    void setOnlyFolder(const QString &folder) { m_onlyFolder = folder; }
    void run();

    // Bodies larger than this are never downloaded in the background (read them to fetch them).
    static constexpr qint64 kMaxBackgroundBody = 32LL * 1024 * 1024;

signals:
    void progress(const QString &folder, int done, int total);
    void finished(const tern::Status &result, const tern::sync::FolderSyncSummary &summary);

private:
    struct ServerStatus {
        bool known = false;
        qint64 messages = -1, uidNext = 0, uidValidity = 0, highestModSeq = 0, size = -1;
        QByteArray mailboxId;
    };
    struct Folder { QByteArray name; QString attributes; QByteArray delimiter; ServerStatus status; };
    struct State { qint64 id = 0; qint64 uidValidity = 0, uidNext = 0, highestModSeq = 0, messages = -1; };
    struct Current {
        Folder folder;
        store::SyncPolicy policy;
        State known, server;
        qint64 lastUid = 0, exists = 0;
        QByteArray mailboxId;
        bool resynced = false;      // QRESYNC reported flags and expunges already
        bool expungeSeen = false;   // an unsolicited EXPUNGE: look for expunges by UID
        bool noModSeq = false;
    };
    using Handler = std::function<Status(const imap::CommandResult &)>;

    void listFolders();
    void syncNext();
    void selected(const imap::CommandResult &res);
    void fetchNew();
    void fetchNewHeaders(qint64 from, qint64 to);
    void fetchNewWhole(qint64 from, qint64 to);
    void fetchFlags();
    void findExpunged();
    void fetchBodies();
    void finishFolder();
    // Sends `commands` with at most two in flight; `handle` sees each reply in order.
    // `streamed`: the replies' data is taken in onUntagged() as it comes; the handler
    // gets each tagged reply without it.
    void pipeline(QList<QByteArray> commands, Handler handle, std::function<void()> then, bool streamed = false);
    Status storeHeaders(const QList<imap::Response> &fetches, qint64 above);
    Status storeWhole(const QList<imap::Response> &fetches);
    Status storeFlags(const QList<imap::Response> &fetches);
    Status removeUids(const imap::SequenceSet &uids);
    Status reuseBodies();
    void onUntagged(const imap::Response &r);
    void startStream(qint64 above);
    Status flushStream(qint64 syncedUpTo);
    void finish(const Status &s);
    QByteArray messageItems() const;

    store::Database &m_db;
    QString m_onlyFolder;
    QList<Folder> m_folders;
    int m_index = -1;
    Current m_cur;
    bool m_inFolder = false;
    bool m_streaming = false;                 // new messages are being fetched: store them as they come
    qint64 m_streamAbove = 0, m_streamMaxUid = 0, m_streamBytes = 0;
    QList<imap::Response> m_streamed;
    FolderSyncSummary m_summary;
    imap::ImapSession *m_session = nullptr;
    std::unique_ptr<JournalReplayer> m_replayer;
    bool m_condstore = false, m_qresync = false, m_esearch = false, m_objectId = false, m_finished = false;
};

} // namespace tern::sync

Q_DECLARE_METATYPE(tern::sync::FolderSyncSummary)
