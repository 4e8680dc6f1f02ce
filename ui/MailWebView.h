#pragma once
// The HTML area of the viewer: QtWebEngine locked down for mail. Built into
// libternweb.so, which the program loads at the first message (MailBody.h); only
// that module and the tests of the view itself link QtWebEngine.
//
// - Each view has its own off-the-record profile: no disk cache, no cookies,
//   no storage shared with any other message.
// - The document is served from the `tern-mail:` scheme (no size limit, unlike
//   setHtml's data: URL); `cid:` parts are served from the message itself.
// - JavaScript, plugins, WebGL, DNS prefetch, hyperlink auditing, error pages and
//   local file access are off.
// - Every request passes MailRequestGuard: tern-mail:, cid: and data: load;
//   http(s) loads only when the reader allowed remote content for this message;
//   everything else (file:, ftp:, ws:, …) is blocked and reported.
// - The page never navigates: a clicked link is reported (linkActivated) for the
//   caller to open in the external browser; redirects, meta refresh, form
//   submissions and new windows go nowhere.
#include "MailBody.h"

#include <QHash>
#include <QMap>
#include <QPointer>
#include <QStringList>
#include <QUrl>
#include <QWebEnginePage>
#include <QWebEngineUrlRequestInterceptor>
#include <QWebEngineUrlSchemeHandler>
#include <QWebEngineView>

class QWebEngineProfile;

namespace tern::ui {

// Must run before QtWebEngine starts (the first profile or view); the module's
// entry point runs it.
void registerMailSchemes();

class MailRequestGuard : public QWebEngineUrlRequestInterceptor {
    Q_OBJECT
public:
    using QWebEngineUrlRequestInterceptor::QWebEngineUrlRequestInterceptor;
    void interceptRequest(QWebEngineUrlRequestInfo &info) override;
    void setAllowRemote(bool allow) { m_allowRemote = allow; }
    bool allowRemote() const { return m_allowRemote; }
signals:
    void requestBlocked(const QUrl &url);
    void requestAllowed(const QUrl &url);
private:
    bool m_allowRemote = false;
};

// Serves the current document (tern-mail:) and its cid: parts.
class MailSchemeHandler : public QWebEngineUrlSchemeHandler {
    Q_OBJECT
public:
    using QWebEngineUrlSchemeHandler::QWebEngineUrlSchemeHandler;
    void requestStarted(QWebEngineUrlRequestJob *job) override;
    // The document and the parts it may reference by Content-ID (mime type, bytes).
    void setContent(const QUrl &document, const QByteArray &html,
                    const QHash<QString, std::pair<QByteArray, QByteArray>> &parts);
    int cidServed() const { return m_cidServed; }
private:
    QUrl m_document;
    QByteArray m_html;
    QHash<QString, std::pair<QByteArray, QByteArray>> m_parts;
    int m_cidServed = 0;
};

class MailPage : public QWebEnginePage {
    Q_OBJECT
public:
    MailPage(QWebEngineProfile *profile, QObject *parent);
    void expectDocument(const QUrl &url) { m_document = url; }
    // Public so that tests can put a navigation to it directly.
    bool acceptNavigationRequest(const QUrl &url, NavigationType type, bool isMainFrame) override;
signals:
    void linkActivated(const QUrl &url);
protected:
    QWebEnginePage *createWindow(WebWindowType) override { return nullptr; }
    void javaScriptConsoleMessage(JavaScriptConsoleMessageLevel, const QString &, int, const QString &) override {}
private:
    QUrl m_document;
};

class MailWebView : public QWebEngineView, public MailBody {
    Q_OBJECT
public:
    explicit MailWebView(QWidget *parent = nullptr);
    ~MailWebView() override;
    // Shows `html`; `parts` are what cid: URLs may fetch (by Content-ID without brackets).
    void showDocument(const QString &html, const CidParts &parts, bool allowRemote) override;
    QWidget *widget() override { return this; }
    bool pageDown() override;
    MailPage *mailPage() const { return m_page; }
    MailRequestGuard *guard() const { return m_guard; }
    MailSchemeHandler *schemes() const { return m_schemes; }
protected:
    void contextMenuEvent(QContextMenuEvent *event) override;
private:
    QWebEngineProfile *m_profile = nullptr;
    MailPage *m_page = nullptr;
    MailRequestGuard *m_guard = nullptr;
    MailSchemeHandler *m_schemes = nullptr;
    int m_serial = 0;
};

} // namespace tern::ui
