#pragma once
// RFC 8058 one-click unsubscription: one HTTPS POST of
// "List-Unsubscribe=One-Click" (application/x-www-form-urlencoded) to the
// List-Unsubscribe URL. Only HTTPS, the certificate verified (no exception),
// no cookies sent or kept, no credentials, no redirect followed (§3.1: the
// sender must not redirect), a bounded time and a bounded answer.
//
// It sends only when asked: the caller shows the user where it goes and asks
// first (the GUI's confirmation dialog).
#include "common/Error.h"
#include <QObject>
#include <QSslCertificate>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace tern::lists {

class OneClickUnsubscribe : public QObject {
    Q_OBJECT
public:
    explicit OneClickUnsubscribe(QObject *parent = nullptr);
    ~OneClickUnsubscribe() override;

    // Trust only these CAs instead of the system's (tests: the test CA).
    void setCaCertificates(const QList<QSslCertificate> &cas) { m_cas = cas; }
    void setTimeout(int ms) { m_timeoutMs = ms; }

    // Sends the POST; finished() follows once, always.
    void start(const QUrl &url);

signals:
    // ok: a 2xx answer. Otherwise `error` says why not, in words for the user.
    void finished(bool ok, const QString &error);

private:
    void done(const Status &s);

    QNetworkAccessManager *m_net = nullptr;
    QNetworkReply *m_reply = nullptr;
    QList<QSslCertificate> m_cas;
    int m_timeoutMs = 30000;
    bool m_finished = false;
};

} // namespace tern::lists
