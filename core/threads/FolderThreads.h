#pragma once
// The threads of one cached folder, kept up to date as mail arrives: the
// messages not seen yet (rows with a higher id) are added to the threader
// (JWZ step 1 is incremental); a folder that lost messages is threaded again
// from its rows. Both read only the columns threading needs.
//
// Why in memory and not a threads table kept at insert time: threading a
// 100,000-message folder from its rows takes a fraction of a second (see
// tests/bench/threads), one new message costs microseconds, and a table would
// have to be kept right by every path that inserts, moves or expunges rows
// (POP3, IMAP header and body sync, the offline journal), including when one
// message's arrival re-parents others (out-of-order arrival).
#include "common/Error.h"
#include "threads/Threader.h"

namespace tern::store { class Database; }

namespace tern::threads {

class FolderThreads {
public:
    FolderThreads(QString account, QString folder, bool groupBySubject = false);

    // Reads what changed since the last refresh; true when something did.
    Result<bool> refresh(store::Database &db);
    ThreadTree tree(bool newestThreadFirst = true) const;
    int messageCount() const { return m_threader.messageCount(); }
    bool groupBySubject() const { return m_groupBySubject; }
    QString account() const { return m_account; }
    QString folder() const { return m_folder; }
    bool rebuiltLastTime() const { return m_rebuilt; }

private:
    Status load(store::Database &db, qint64 above);

    QString m_account, m_folder;
    bool m_groupBySubject;
    Threader m_threader;
    qint64 m_mailbox = -1, m_maxId = 0, m_count = 0;
    bool m_rebuilt = false;
};

} // namespace tern::threads
