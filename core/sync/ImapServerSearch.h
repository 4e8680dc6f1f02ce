#pragma once
// Asks the server which messages match (UID SEARCH, RFC 9051 §6.4.4; ESEARCH,
// RFC 4731, when offered): what an online account's search needs for the
// messages whose text is not in the cache. Read-only (EXAMINE); at most
// MaxFolders folders and MaxUids UIDs per folder are taken.
#include "common/Error.h"
#include "sync/ImapJob.h"
#include <QMap>

namespace tern::imap { class ImapSession; }

namespace tern::sync {

class ImapServerSearch : public ImapJob {
    Q_OBJECT
public:
    static constexpr int MaxFolders = 100;
    static constexpr int MaxUids = 100000;

    // `criteria` as search::serverQuery makes it; built without LITERAL+ when the
    // caller does not know whether the server has it (see literalPlus()).
    ImapServerSearch(store::AccountConfig account, net::Credentials creds, QStringList folders, QByteArray criteria,
                     QObject *parent = nullptr);
    void run();

signals:
    // folder -> matching UIDs; folders the server could not search are in `problems`.
    void finished(const tern::Status &result, const QMap<QString, QList<qint64>> &uids, const QStringList &problems);

private:
    void next();
    void finish(const Status &s);

    QStringList m_folders;
    QByteArray m_criteria;
    int m_index = 0;
    QMap<QString, QList<qint64>> m_uids;
    QStringList m_problems;
    imap::ImapSession *m_session = nullptr;
    bool m_finished = false;
};

} // namespace tern::sync
