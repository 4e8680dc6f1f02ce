#pragma once
// Watches one folder for changes on its own connection: IDLE (RFC 2177),
// ended with DONE and issued again before the 29-minute mark (servers may drop
// a client idle for 30 minutes); a server without IDLE is polled with NOOP.
// Reports changed() when the server tells of new, expunged or re-flagged
// messages (the caller synchronises on another connection and the watch goes
// on); finished() when the connection ends (the caller reconnects, with backoff).
#include "sync/ImapJob.h"

#include <QTimer>

namespace tern::imap { struct Response; }

namespace tern::sync {

class ImapWatch : public ImapJob {
    Q_OBJECT
public:
    ImapWatch(store::AccountConfig account, net::Credentials creds, QString folder, QObject *parent = nullptr);

    void setRenewInterval(int ms) { m_renewMs = ms; }   // default 29 minutes
    void setPollInterval(int ms) { m_pollMs = ms; }     // without IDLE; default 2 minutes
    void run();
    void stop();   // ends IDLE, logs out, then finished(success)

signals:
    void watching(bool idle);    // the folder is open: IDLE accepted (true) or polling (false)
    void changed();
    void finished(const tern::Status &result);

private:
    void startIdle();
    void renew();
    void poll();
    void onUntagged(const imap::Response &r);
    void finish(const Status &s);

    QString m_folder;
    QTimer m_timer;
    int m_renewMs = 29 * 60 * 1000, m_pollMs = 2 * 60 * 1000;
    bool m_useIdle = false, m_stopping = false, m_finished = false, m_selected = false;
};

} // namespace tern::sync
