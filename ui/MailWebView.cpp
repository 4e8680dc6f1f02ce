#include "MailWebView.h"

#include <QAction>
#include <QBuffer>
#include <QContextMenuEvent>
#include <QKeyEvent>
#include <QApplication>
#include <QClipboard>
#include <QMenu>
#include <QMetaObject>
#include <QQuickWindow>
#include <QWebEngineContextMenuRequest>
#include <QWebEngineHistory>
#include <QWebEngineProfile>
#include <QWebEngineSettings>
#include <QWebEngineUrlRequestInfo>
#include <QWebEngineUrlRequestJob>
#include <QWebEngineUrlScheme>

namespace tern::ui {

namespace {
const QByteArray kDocScheme = QByteArrayLiteral("tern-mail");
const QByteArray kCidScheme = QByteArrayLiteral("cid");

bool isLocalScheme(const QString &scheme)
{
    return scheme == QLatin1String(kDocScheme) || scheme == QLatin1String(kCidScheme)
           || scheme == QLatin1String("data");
}
} // namespace

void registerMailSchemes()
{
    static bool done = false;
    if (done)
        return;
    done = true;
    // Secure: so that the page is a secure context and http(s) "mixed content"
    // rules apply on top of the guard. Neither scheme may reach local files.
    // tern-mail://message/N: one host, so every document is the same origin
    // and Chromium reuses its renderer process (a path-only scheme makes each
    // URL a site of its own: a process start per message).
    for (const QByteArray &name : {kDocScheme, kCidScheme}) {
        QWebEngineUrlScheme scheme(name);
        scheme.setSyntax(name == kDocScheme ? QWebEngineUrlScheme::Syntax::Host : QWebEngineUrlScheme::Syntax::Path);
        scheme.setFlags(QWebEngineUrlScheme::SecureScheme);
        QWebEngineUrlScheme::registerScheme(scheme);
    }
}

void MailRequestGuard::interceptRequest(QWebEngineUrlRequestInfo &info)
{
    const QUrl url = info.requestUrl();
    const QString scheme = url.scheme().toLower();
    const bool remote = scheme == QLatin1String("http") || scheme == QLatin1String("https");
    const bool allow = isLocalScheme(scheme) || (remote && m_allowRemote);
    info.block(!allow);
    // Reported on the next turn of the event loop: the caller may be inside a
    // QtWebEngine callback.
    QMetaObject::invokeMethod(this, [this, url, allow] { allow ? emit requestAllowed(url) : emit requestBlocked(url); },
                              Qt::QueuedConnection);
}

void MailSchemeHandler::setContent(const QUrl &document, const QByteArray &html,
                                   const QHash<QString, std::pair<QByteArray, QByteArray>> &parts)
{
    m_document = document;
    m_html = html;
    m_parts = parts;
}

void MailSchemeHandler::requestStarted(QWebEngineUrlRequestJob *job)
{
    const QUrl url = job->requestUrl();
    if (url.scheme() == QLatin1String(kDocScheme)) {
        if (url != m_document || job->requestMethod() != "GET") {
            job->fail(QWebEngineUrlRequestJob::UrlNotFound);
            return;
        }
        auto *buffer = new QBuffer(job);
        buffer->setData(m_html);
        job->reply(QByteArrayLiteral("text/html;charset=utf-8"), buffer);
        return;
    }
    // cid:part@host, percent-encoded per RFC 2392.
    const QString cid = QUrl::fromPercentEncoding(url.path(QUrl::FullyEncoded).toLatin1());
    const auto it = m_parts.constFind(cid);
    if (it == m_parts.constEnd()) {
        job->fail(QWebEngineUrlRequestJob::UrlNotFound);
        return;
    }
    // Only images and CSS by the sender's word; anything else is served as
    // opaque bytes so that it cannot become a document.
    QByteArray type = it->first;
    if (!type.startsWith("image/") && type != "text/css")
        type = QByteArrayLiteral("application/octet-stream");
    auto *buffer = new QBuffer(job);
    buffer->setData(it->second);
    ++m_cidServed;
    job->reply(type, buffer);
}

MailPage::MailPage(QWebEngineProfile *profile, QObject *parent) : QWebEnginePage(profile, parent) {}

bool MailPage::acceptNavigationRequest(const QUrl &url, NavigationType type, bool isMainFrame)
{
    // The document Tern itself loads, and nothing else: a link click is handed
    // to the caller (the external browser), every other navigation (redirect,
    // form, meta refresh, frames, history) goes nowhere.
    if (isMainFrame && url == m_document && type != NavigationTypeLinkClicked)
        return true;
    if (type == NavigationTypeLinkClicked && isMainFrame) {
        const QString scheme = url.scheme().toLower();
        if (scheme == QLatin1String("http") || scheme == QLatin1String("https") || scheme == QLatin1String("mailto"))
            emit linkActivated(url);
    }
    return false;
}

MailWebView::MailWebView(QWidget *parent) : QWebEngineView(parent)
{
    // A profile of its own without a storage name is off the record: nothing
    // of this message (cache, cookies, storage) reaches disk or another view.
    m_profile = new QWebEngineProfile(this);
    m_profile->setHttpCacheType(QWebEngineProfile::NoCache);
    m_profile->setPersistentCookiesPolicy(QWebEngineProfile::NoPersistentCookies);
    m_profile->setSpellCheckEnabled(false);
    m_guard = new MailRequestGuard(this);
    m_profile->setUrlRequestInterceptor(m_guard);
    m_schemes = new MailSchemeHandler(this);
    m_profile->installUrlSchemeHandler(kDocScheme, m_schemes);
    m_profile->installUrlSchemeHandler(kCidScheme, m_schemes);

    QWebEngineSettings *s = m_profile->settings();
    s->setAttribute(QWebEngineSettings::JavascriptEnabled, false);
    s->setAttribute(QWebEngineSettings::JavascriptCanOpenWindows, false);
    s->setAttribute(QWebEngineSettings::JavascriptCanAccessClipboard, false);
    s->setAttribute(QWebEngineSettings::AllowWindowActivationFromJavaScript, false);
    s->setAttribute(QWebEngineSettings::PluginsEnabled, false);
    s->setAttribute(QWebEngineSettings::PdfViewerEnabled, false);
    s->setAttribute(QWebEngineSettings::LocalStorageEnabled, false);
    s->setAttribute(QWebEngineSettings::LocalContentCanAccessRemoteUrls, false);
    s->setAttribute(QWebEngineSettings::LocalContentCanAccessFileUrls, false);
    s->setAttribute(QWebEngineSettings::HyperlinkAuditingEnabled, false);
    s->setAttribute(QWebEngineSettings::DnsPrefetchEnabled, false);
    s->setAttribute(QWebEngineSettings::ErrorPageEnabled, false);
    s->setAttribute(QWebEngineSettings::WebGLEnabled, false);
    s->setAttribute(QWebEngineSettings::Accelerated2dCanvasEnabled, false);
    s->setAttribute(QWebEngineSettings::ScreenCaptureEnabled, false);
    s->setAttribute(QWebEngineSettings::FullScreenSupportEnabled, false);
    s->setAttribute(QWebEngineSettings::AllowRunningInsecureContent, false);
    s->setAttribute(QWebEngineSettings::AllowGeolocationOnInsecureOrigins, false);
    s->setAttribute(QWebEngineSettings::NavigateOnDropEnabled, false);
    s->setAttribute(QWebEngineSettings::FocusOnNavigationEnabled, false);
    s->setAttribute(QWebEngineSettings::TouchIconsEnabled, false);
    s->setUnknownUrlSchemePolicy(QWebEngineSettings::DisallowUnknownUrlSchemes);

    m_page = new MailPage(m_profile, this);
    setPage(m_page);
    // No history: there is no going back in a viewer, and a kept entry (with the
    // page alive in the back-forward cache) costs memory and time per message.
    connect(m_page, &QWebEnginePage::loadFinished, m_page, [this] { m_page->history()->clear(); });
    setAcceptDrops(false);
}

MailWebView::~MailWebView()
{
    // The page must go before its profile.
    setPage(nullptr);
    delete m_page;
}

void MailWebView::showDocument(const QString &html, const CidParts &parts, bool allowRemote)
{
    const QUrl url(QStringLiteral("%1://message/%2").arg(QLatin1String(kDocScheme)).arg(++m_serial));
    m_guard->setAllowRemote(allowRemote);
    m_schemes->setContent(url, html.toUtf8(), parts);
    m_page->expectDocument(url);
    m_page->load(url);
}

bool MailWebView::pageDown()
{
    const qreal bottom = page()->scrollPosition().y() + height() / zoomFactor();
    if (bottom + 2 >= page()->contentsSize().height())
        return false;
    // Scrolling without scripts: the page's own Page Down.
    QWidget *target = focusProxy() ? focusProxy() : this;
    QKeyEvent press(QEvent::KeyPress, Qt::Key_PageDown, Qt::NoModifier);
    QKeyEvent release(QEvent::KeyRelease, Qt::Key_PageDown, Qt::NoModifier);
    QApplication::sendEvent(target, &press);
    QApplication::sendEvent(target, &release);
    return true;
}

void MailWebView::contextMenuEvent(QContextMenuEvent *event)
{
    // Copy and nothing that navigates, saves or inspects.
    QMenu menu(this);
    const QWebEngineContextMenuRequest *request = lastContextMenuRequest();
    QAction *copy = menu.addAction(tr("&Copy"), this, [this] { triggerPageAction(QWebEnginePage::Copy); });
    copy->setEnabled(request && !request->selectedText().isEmpty());
    if (request && request->linkUrl().isValid()) {
        const QUrl link = request->linkUrl();
        menu.addAction(tr("Copy &Link Address"), this,
                       [link] { QGuiApplication::clipboard()->setText(link.toString(QUrl::FullyEncoded)); });
    }
    menu.addAction(tr("Select &All"), this, [this] { triggerPageAction(QWebEnginePage::SelectAll); });
    menu.exec(event->globalPos());
}

} // namespace tern::ui

namespace {
// What the process needs before QtWebEngine starts, which the first view does.
// Returns whether QT_XCB_GL_INTEGRATION is to be unset after that view.
bool prepareWebEngine()
{
    using namespace tern::ui;
    registerMailSchemes();
    // Qt Quick (inside QWebEngineView) renders in software, and so Chromium
    // composites in software too: no OpenGL in the process (see MailBody.cpp).
    // Scripts, WebGL and accelerated canvas are off anyway; a static document
    // gains little from the GPU, and GL is what made the process big: with a
    // message shown, peak RSS was 236 MiB with GL, 197 MiB in software, 142 MiB
    // in software without the probe below (tests/bench/gui, Xvfb, Mesa).
    QQuickWindow::setGraphicsApi(QSGRendererInterface::Software);
    // QtWebEngine still probes for a GLX configuration as it starts, which loads
    // the GL driver for nothing (Mesa's swrast and LLVM). Qt's X11 platform reads
    // this variable once, when GL is first asked for: none for this process from
    // then on, and the variable is not left for the programs it starts (a
    // browser opening a clicked link).
    const bool noGl = QGuiApplication::platformName() == QLatin1String("xcb")
                      && qEnvironmentVariableIsEmpty("QT_XCB_GL_INTEGRATION");
    if (noGl)
        qputenv("QT_XCB_GL_INTEGRATION", "none");
    return noGl;
}
} // namespace

// The module's entry point (MailBody.cpp loads it with QLibrary).
extern "C" Q_DECL_EXPORT tern::ui::MailBody *ternCreateMailBody(QWidget *parent, const tern::ui::MailBody::Hooks *hooks)
{
    using namespace tern::ui;
    static bool started = false;
    const bool unsetGl = !started && prepareWebEngine();
    started = true;
    auto *view = new MailWebView(parent);   // the first one starts QtWebEngine (and its probe)
    if (unsetGl)
        qunsetenv("QT_XCB_GL_INTEGRATION");
    if (hooks->loaded)
        QObject::connect(view, &QWebEngineView::loadFinished, view, hooks->loaded);
    if (hooks->linkActivated)
        QObject::connect(view->mailPage(), &MailPage::linkActivated, view, hooks->linkActivated);
    if (hooks->linkHovered)
        QObject::connect(view->mailPage(), &QWebEnginePage::linkHovered, view, hooks->linkHovered);
    return view;
}
