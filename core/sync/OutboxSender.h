#pragma once
// Flushes an account's outbox through one SMTP session: every due entry is
// marked 'submitting' (committed) before its MAIL FROM, and 'sent' — with its
// copy in Sent — in one commit right after the server's 250. See OutboxStore
// for the states and the one window no client can close.
#include "common/Error.h"
#include "net/Sasl.h"
#include "store/AccountConfig.h"
#include "store/OutboxStore.h"
#include <QLockFile>
#include <QObject>
#include <QPointer>
#include <memory>

namespace tern::smtp { class SmtpSession; struct SubmitResult; }

namespace tern::sync {

struct FlushSummary {
    int sent = 0, requeued = 0, failed = 0, uncertain = 0;
    QStringList problems;
};

class OutboxSender : public QObject {
    Q_OBJECT
public:
    OutboxSender(store::Database &db, store::AccountConfig account, net::Credentials creds, QString lockDir,
                 QObject *parent = nullptr);
    void run();

    static QDateTime backoff(int attempts, const QDateTime &now);   // 1 min doubling, at most 1 h

signals:
    void progress(int done, int total);
    void wire(const QByteArray &line, bool fromServer);
    void finished(const tern::Status &result, const tern::sync::FlushSummary &summary);

private:
    void sendNext();
    void onResult(const smtp::SubmitResult &r);
    void onSessionFailed(const Error &e);
    void finish(const Status &s);

    store::Database &m_db;
    store::OutboxStore m_outbox;
    store::AccountConfig m_account;
    net::Credentials m_creds;
    QString m_lockDir;
    std::unique_ptr<QLockFile> m_lock;
    QPointer<smtp::SmtpSession> m_session;
    QList<store::OutboxEntry> m_due;
    int m_index = -1;
    FlushSummary m_summary;
    bool m_finished = false;
    bool m_ready = false;
};

} // namespace tern::sync

Q_DECLARE_METATYPE(tern::sync::FlushSummary)
