#pragma once
// Fetches one message body on demand (BODY.PEEK[]: reading must not set \Seen
// behind the user's back) and keeps it in the cache: the online account's
// "download only what is viewed" (the IMAP issue's selective download).
// With a section ("1.2", from BODYSTRUCTURE) only that part is fetched
// (BODY.PEEK[1.2], still transfer-encoded) and kept in the parts table.
#include "common/Error.h"
#include "net/Sasl.h"
#include "store/AccountConfig.h"
#include "store/Database.h"
#include "sync/ImapJob.h"

namespace tern::imap { class ImapSession; }

namespace tern::sync {

class ImapBodyFetch : public ImapJob {
    Q_OBJECT
public:
    ImapBodyFetch(store::Database &db, store::AccountConfig account, net::Credentials creds, QString folder, qint64 uid,
                  QObject *parent = nullptr);
    // Only this part ("1", "2.1", …); refused unless it is numbers and dots.
    Status setSection(const QByteArray &section);
    void run();

signals:
    void finished(const tern::Status &result, const QByteArray &message);

private:
    void finish(const Status &s, const QByteArray &message = {});

    store::Database &m_db;
    QString m_folder;
    qint64 m_uid;
    QByteArray m_section;
    imap::ImapSession *m_session = nullptr;
    bool m_finished = false;
};

} // namespace tern::sync
