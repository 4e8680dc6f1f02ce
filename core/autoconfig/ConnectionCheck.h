#pragma once
// The live test of an account before it is saved: logs in to its IMAP or
// POP3 server and to its SMTP server with the password the user typed,
// through the real engines (ImapSession, Pop3Session, SmtpSession) and the
// account's TLS policy, then logs out. A failure becomes one of the problems
// a user can act on: the password, the certificate (shown), the server not
// reachable, STARTTLS not offered.
#include "common/Error.h"
#include "store/AccountConfig.h"
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QSslError>

namespace tern::net { class SocketTransport; }

namespace tern::autoconfig {

enum class Problem { None, WrongPassword, Certificate, Unreachable, NoStartTls, Other };
QString problemName(Problem p);

struct CheckOutcome {
    net::ServerUrl server;
    Problem problem = Problem::None;
    QString message;                  // the engine's own words
    QSslCertificate certificate;      // Problem::Certificate: the server's certificate
    QList<QSslError> sslErrors;
    bool ok() const { return problem == Problem::None; }
};

class ConnectionCheck : public QObject {
    Q_OBJECT
public:
    ConnectionCheck(store::AccountConfig account, QString password, QObject *parent = nullptr);
    ~ConnectionCheck() override;

    // The incoming server, then SMTP; finished() once both are known (the
    // second is not tried when the first fails for a reason they share).
    void start();
    void cancel();
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }

signals:
    void progress(const tern::net::ServerUrl &server);
    void finished(const QList<tern::autoconfig::CheckOutcome> &outcomes);

private:
    void check(const net::ServerUrl &server);
    void stepDone(const CheckOutcome &outcome);

    store::AccountConfig m_account;
    QString m_password;
    QList<net::ServerUrl> m_todo;
    QList<CheckOutcome> m_outcomes;
    QPointer<QObject> m_step;   // the running session's scope; deleting it ends the session
    int m_timeoutMs = 30000;
    quint64 m_generation = 0;
};

} // namespace tern::autoconfig

Q_DECLARE_METATYPE(tern::autoconfig::CheckOutcome)
