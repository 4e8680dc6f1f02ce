#include "lists/OneClickUnsubscribe.h"

#include "common/Version.h"
#include "lists/MailingList.h"

#include <QAuthenticator>
#include <QNetworkAccessManager>
#include <QNetworkCookie>
#include <QNetworkCookieJar>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QTimer>

namespace tern::lists {

namespace {

// Keeps no cookie and gives none.
class NoCookies : public QNetworkCookieJar {
public:
    using QNetworkCookieJar::QNetworkCookieJar;
    QList<QNetworkCookie> cookiesForUrl(const QUrl &) const override { return {}; }
    bool setCookiesFromUrl(const QList<QNetworkCookie> &, const QUrl &) override { return false; }
};

constexpr qint64 kMaxAnswer = 64 * 1024;

} // namespace

OneClickUnsubscribe::OneClickUnsubscribe(QObject *parent) : QObject(parent), m_net(new QNetworkAccessManager(this))
{
    m_net->setCookieJar(new NoCookies(m_net));
    m_net->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    m_net->setStrictTransportSecurityEnabled(false);
}

OneClickUnsubscribe::~OneClickUnsubscribe()
{
    if (m_reply)
        m_reply->abort();
}

void OneClickUnsubscribe::done(const Status &s)
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
        m_reply = nullptr;
    }
    emit finished(s.ok(), s.ok() ? QString() : s.error().message);
}

void OneClickUnsubscribe::start(const QUrl &url)
{
    m_finished = false;
    if (url.scheme().toLower() != QLatin1String("https") || url.host().isEmpty() || !url.userInfo().isEmpty()) {
        QTimer::singleShot(0, this, [this] {
            done(Error::security(QStringLiteral("One-click unsubscription goes only to an https:// address without credentials")));
        });
        return;
    }
    QNetworkRequest req(url);
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    req.setHeader(QNetworkRequest::UserAgentHeader, QByteArray("Tern/") + kVersion);
    req.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    req.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    req.setAttribute(QNetworkRequest::AuthenticationReuseAttribute, QNetworkRequest::Manual);
    req.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    req.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    req.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    req.setRawHeader("Accept-Language", "*");   // not the reader's languages: the list's server has no need of them
    req.setTransferTimeout(m_timeoutMs);
    if (!m_cas.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setCaCertificates(m_cas);
        req.setSslConfiguration(tls);
    }
    m_reply = m_net->post(req, oneClickBody());
    // A server that trickles bytes forever: a bound on the whole exchange, not only on silence.
    QTimer::singleShot(m_timeoutMs, m_reply, [this] { done(Error::network(QStringLiteral("The list's server did not answer in time"))); });
    connect(m_reply, &QNetworkReply::readyRead, this, [this] {
        if (m_reply && m_reply->bytesAvailable() + m_reply->pos() > kMaxAnswer)
            done(Error::network(QStringLiteral("The list's server sent too long an answer")));
    });
    connect(m_net, &QNetworkAccessManager::authenticationRequired, this, [this] {
        done(Error::security(QStringLiteral("The list's server asked for a password; none is sent")));
    });
    connect(m_reply, &QNetworkReply::finished, this, [this] {
        if (!m_reply)
            return;
        const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (m_reply->error() == QNetworkReply::NoError && status >= 200 && status < 300)
            return done(success());
        if (status >= 300 && status < 400)
            return done(Error::network(QStringLiteral("The list's server answered with a redirect (%1), which one-click unsubscription does not follow").arg(status)));
        if (status)
            return done(Error::network(QStringLiteral("The list's server refused: HTTP %1").arg(status)));
        done(Error::network(QStringLiteral("Could not reach the list's server: %1").arg(m_reply->errorString())));
    });
}

} // namespace tern::lists
