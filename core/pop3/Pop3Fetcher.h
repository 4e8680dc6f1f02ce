#pragma once
// Downloads a POP3 account into the cache (the offline model). Rules:
// - the UIDL ledger decides what is new, so nothing is downloaded twice,
//   whatever the server's message numbers are this time;
// - a message and its ledger row are committed in one transaction, and DELE
//   is sent only after that commit returned (synchronous=FULL: on disk);
// - deletions take effect only when QUIT succeeds (RFC 1939 §6), so an
//   interrupted session deletes nothing and the next run resumes.
#include "common/Error.h"
#include "net/Sasl.h"
#include "store/AccountConfig.h"
#include "store/Database.h"
#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QPointer>

namespace tern::pop3 {

class Pop3Session;

struct FetchSummary {
    int onServer = 0;
    int downloaded = 0;
    int deletedOnServer = 0;
    int skipped = 0;          // over the size limit or refused by the server
    QStringList problems;     // one line each, for the user
};

class Pop3Fetcher : public QObject {
    Q_OBJECT
public:
    Pop3Fetcher(store::Database &db, store::AccountConfig account, net::Credentials creds, QObject *parent = nullptr);

    void run();
    void setMaxMessageSize(qint64 bytes) { m_maxMessage = bytes; }
    void setNow(const QDateTime &now) { m_now = now; }   // tests of the days=N policy

signals:
    void progress(int done, int total);
    void wire(const QByteArray &line, bool fromServer);
    void finished(const tern::Status &result, const tern::pop3::FetchSummary &summary);

private:
    struct Entry { int number; QByteArray uidl; qint64 size = 0; };
    struct Fetched { QByteArray uidl; int number; QByteArray raw; };

    void onReady();
    void planAndDownload();
    void requestMore();
    void onRetrieved(const Entry &e, bool ok, const QByteArray &raw, const QByteArray &text);
    bool commitPending();
    void deleteAndQuit();
    void finish(const Status &s);

    store::Database &m_db;
    store::AccountConfig m_account;
    net::Credentials m_creds;
    QPointer<Pop3Session> m_session;
    QList<Entry> m_server;
    QList<Entry> m_toFetch;
    QList<Entry> m_toDelete;
    QList<Fetched> m_pending;
    qint64 m_pendingBytes = 0;
    int m_next = 0, m_outstanding = 0, m_completed = 0;
    QList<QByteArray> m_deleteSent;
    qint64 m_maxMessage = 256LL * 1024 * 1024;
    QDateTime m_now;
    FetchSummary m_summary;
    int m_statCount = -1;
    bool m_finished = false;
    bool m_failing = false;   // a local error: RSET and QUIT are on their way
};

} // namespace tern::pop3

Q_DECLARE_METATYPE(tern::pop3::FetchSummary)
