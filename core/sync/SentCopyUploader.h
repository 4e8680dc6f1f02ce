#pragma once
// Puts the Sent copy of each sent message of an IMAP account into the
// server's Sent mailbox (RFC 6154 \Sent, else one named "Sent", created if
// missing) with \Seen. Idempotent across crashes: a copy whose Message-ID is
// already in Sent is not appended again.
#include "common/Error.h"
#include "net/Sasl.h"
#include "store/AccountConfig.h"
#include "store/OutboxStore.h"
#include "sync/ImapJob.h"

namespace tern::imap { class ImapSession; struct CommandResult; }

namespace tern::sync {

class SentCopyUploader : public ImapJob {
    Q_OBJECT
public:
    SentCopyUploader(store::Database &db, store::AccountConfig account, net::Credentials creds, QObject *parent = nullptr);
    void run();

signals:
    void finished(const tern::Status &result, int appended);

private:
    void findSentMailbox();
    void useMailbox(const QByteArray &name);
    void uploadNext();
    void finish(const Status &s);

    store::OutboxStore m_outbox;
    imap::ImapSession *m_session = nullptr;
    QList<store::OutboxEntry> m_pending;
    QByteArray m_sent;
    int m_index = -1, m_appended = 0;
    bool m_finished = false;
};

} // namespace tern::sync
