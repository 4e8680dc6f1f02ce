// The message viewer as a reader meets it, in the real QtWebEngine view: what
// it shows, and that nothing a mail references leaves the machine unless the
// reader allows it.
//
// Every http(s)/ftp request Chromium would send goes to a proxy this test runs
// on loopback (--proxy-server, with loopback not bypassed): the number of
// connections it receives is the number of requests that left. A positive
// control (the reader allows remote content) proves the proxy sees them.
#include "GnupgHome.h"
#include "MailWebView.h"
#include "MessageView.h"
#include "TestPaths.h"

#include <QApplication>
#include <QDesktopServices>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>
#include <QWebEngineProfile>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace tern;

namespace {
int g_proxyFd = -1;
quint16 g_proxyPort = 0;

// The proxy's socket exists before QApplication: Chromium reads its flags then.
bool openProxySocket()
{
    g_proxyFd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (g_proxyFd < 0 || ::bind(g_proxyFd, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0
        || ::listen(g_proxyFd, 64) != 0 || ::getsockname(g_proxyFd, reinterpret_cast<sockaddr *>(&a), &len) != 0)
        return false;
    g_proxyPort = ntohs(a.sin_port);
    return true;
}

// Records every request that reached it and answers 404.
class CountingProxy : public QObject {
    Q_OBJECT
public:
    CountingProxy()
    {
        server.setSocketDescriptor(g_proxyFd);
        connect(&server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = server.nextPendingConnection()) {
                ++connections;
                connect(s, &QTcpSocket::readyRead, s, [this, s] {
                    const QByteArray line = s->readLine().trimmed();
                    if (!line.isEmpty())
                        requests << QString::fromLatin1(line);
                    s->write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    s->disconnectFromHost();
                });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
    }
    QTcpServer server;
    int connections = 0;
    QStringList requests;
};

QByteArray html(const QByteArray &body, const QByteArray &from = "Alice <alice@example.test>")
{
    return "From: " + from + "\r\nTo: bob@example.test\r\nSubject: test\r\nMIME-Version: 1.0\r\n"
           "Content-Type: text/html; charset=utf-8\r\n\r\n" + body + "\r\n";
}

// Every kind of reference a mail can make to the outside, in one document.
const QByteArray kEveryRemoteReference =
    "<html><head><link rel=stylesheet href=\"http://r.test/a.css\"><link rel=preconnect href=\"https://r.test/\">"
    "<link rel=dns-prefetch href=\"//dns.r.test\"><link rel=prefetch href=\"http://r.test/p\"><link rel=icon href=\"http://r.test/i.ico\">"
    "<style>@import url(http://r.test/i.css); body{background:url('http://r.test/bg.png')} "
    "@font-face{font-family:x;src:url(http://r.test/f.woff)} p{font-family:x}</style>"
    "<meta http-equiv=refresh content=\"0;url=http://r.test/refresh\"><base href=\"http://r.test/base/\">"
    "<script src=\"http://r.test/s.js\"></script></head>"
    "<body background=\"http://r.test/body.png\"><p>Hello</p><img src=\"http://r.test/pixel.png\"><img src=\"https://r.test/p2.png\">"
    "<img src=\"//r.test/p3.png\"><img srcset=\"http://r.test/s1.png 1x, http://r.test/s2.png 2x\"><img src=\"relative.png\">"
    "<picture><source srcset=\"http://r.test/pic.webp\"><img src=\"http://r.test/pic.png\"></picture>"
    "<div style=\"background-image:url(http://r.test/div.png)\">x</div><table background=\"http://r.test/t.png\"><tr><td>t</td></tr></table>"
    "<video poster=\"http://r.test/poster.png\" src=\"http://r.test/v.mp4\" autoplay></video><audio src=\"http://r.test/a.mp3\" autoplay></audio>"
    "<iframe src=\"http://r.test/frame\"></iframe><object data=\"http://r.test/o.swf\"></object><embed src=\"http://r.test/e.swf\">"
    "<svg><image href=\"http://r.test/svg.png\"/><image xlink:href=\"http://r.test/svg2.png\"/></svg>"
    "<input type=image src=\"http://r.test/input.png\"><form action=\"http://r.test/form\"><input name=q value=1></form>"
    "<img src=\"ftp://r.test/f.png\"><img src=\"file:///etc/hostname\"><img src=\"ws://r.test/w\">"
    "<a href=\"http://r.test/link\" ping=\"http://r.test/ping\">link</a></body></html>";

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Stands in for the desktop: QDesktopServices hands it the URLs to open.
class UrlCatcher : public QObject {
    Q_OBJECT
public:
    QList<QUrl> opened;
public slots:
    void open(const QUrl &u) { opened << u; }
};

// Under the build tree when the test runs from ctest: look at them.
void saveShot(QWidget &w, const QString &name)
{
    const QString dir = qEnvironmentVariable("TERN_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    w.grab().save(dir + QLatin1Char('/') + name);
}

// The HTML area, which MessageView made through libternweb.so: the library this
// test links, so the same MailWebView class (null if the module did not load).
ui::MailWebView *webView(const ui::MessageView &view)
{
    return qobject_cast<ui::MailWebView *>(view.bodyWidget());
}

// Shows `raw` and waits until the document finished loading and what it
// requested had time to be requested.
bool showAndWait(ui::MessageView &view, const QByteArray &raw, bool headersOnly = false)
{
    QSignalSpy loaded(&view, &ui::MessageView::documentLoaded);
    view.showMessage(raw, headersOnly);   // rendered on a worker thread, then loaded
    if (!loaded.wait(15000) || !webView(view))
        return false;
    QTest::qWait(50);
    return true;
}
} // namespace

class TestViewer : public QObject {
    Q_OBJECT
    CountingProxy *m_proxy = nullptr;
    QTemporaryDir m_dir;

    ui::ViewerSettings settings(const QString &name) { return ui::ViewerSettings(m_dir.filePath(name)); }

private slots:
    void initTestCase()
    {
        QVERIFY(g_proxyPort != 0);
        m_proxy = new CountingProxy;
    }
    void cleanupTestCase() { delete m_proxy; }

    void nothingLeavesForAnyCorpusMessage()
    {
        ui::MessageView view(settings(QStringLiteral("zero.ini")));
        view.resize(900, 700);
        view.show();
        QStringList allowedRemote, blocked;
        int documents = 0, listed = 0;
        const auto record = [&] {
            connect(webView(view)->guard(), &ui::MailRequestGuard::requestAllowed, &view, [&](const QUrl &u) {
                if (u.scheme() != QLatin1String("tern-mail") && u.scheme() != QLatin1String("cid") && u.scheme() != QLatin1String("data"))
                    allowedRemote << u.toString();
            });
            connect(webView(view)->guard(), &ui::MailRequestGuard::requestBlocked, &view,
                    [&](const QUrl &u) { blocked << u.toString(); });
        };
        QVERIFY(showAndWait(view, html(kEveryRemoteReference)));
        record();
        QVERIFY(showAndWait(view, html(kEveryRemoteReference)));   // now recorded
        ++documents;
        QStringList corpus;
        QDirIterator it(QStringLiteral(TERN_TEST_DATA_DIR "/mime"), {QStringLiteral("*.eml")}, QDir::Files);
        while (it.hasNext())
            corpus << it.next();
        corpus.sort();
        if (corpus.isEmpty())
            qWarning("tests/data/mime has no corpus: only the built-in document was checked");
        for (const QString &file : std::as_const(corpus)) {
            QVERIFY2(showAndWait(view, readFile(file)), qPrintable(file));
            listed += int(view.rendered().blocked.size());
            ++documents;
        }
        QTest::qWait(500);   // late requests (fonts, media) still count
        QVERIFY2(allowedRemote.isEmpty(), qPrintable(allowedRemote.join(QLatin1Char('\n'))));
        QVERIFY2(m_proxy->connections == 0, qPrintable(m_proxy->requests.join(QLatin1Char('\n'))));
        // The documents did reference the outside: the renderer listed it as blocked.
        QVERIFY(listed >= 20);
        qInfo("%d documents, %d remote references listed, %d requests stopped by the guard (the CSP stops the rest), 0 left",
              documents, listed, int(blocked.size()));
    }

    // Defence in depth: the guard alone, without the renderer's CSP, lets
    // nothing out either.
    void theGuardBlocksWithoutTheCsp()
    {
        ui::MessageView view(settings(QStringLiteral("guard.ini")));
        view.show();
        QVERIFY(showAndWait(view, html("<p>first</p>")));
        QStringList blocked;
        connect(webView(view)->guard(), &ui::MailRequestGuard::requestBlocked, &view,
                [&](const QUrl &u) { blocked << u.toString(); });
        QSignalSpy loaded(webView(view), &QWebEngineView::loadFinished);
        webView(view)->showDocument(QString::fromUtf8(kEveryRemoteReference), {}, false);
        QVERIFY(loaded.wait(15000));
        QTest::qWait(500);
        QVERIFY2(m_proxy->connections == 0, qPrintable(m_proxy->requests.join(QLatin1Char('\n'))));
        QVERIFY2(blocked.size() >= 15, qPrintable(blocked.join(QLatin1Char('\n'))));
        QVERIFY(blocked.contains(QStringLiteral("http://r.test/pixel.png")));

    }

    // The positive control: with remote content allowed for this message the
    // proxy sees the requests, so a zero above means something.
    void remoteContentLoadsOnlyWhenAllowed()
    {
        ui::MessageView view(settings(QStringLiteral("once.ini")));
        view.resize(700, 500);
        view.show();
        const QByteArray raw = html("<p>hi</p><img src=\"http://pixel.remote.test/track.png?id=42\">");
        QVERIFY(showAndWait(view, raw));
        auto *bar = view.findChild<QWidget *>(QStringLiteral("remoteBar"));
        QVERIFY(bar->isVisible());
        saveShot(view, QStringLiteral("viewer-remote-blocked.png"));
        QCOMPARE(view.rendered().blocked, QStringList{QStringLiteral("http://pixel.remote.test/track.png?id=42")});
        QCOMPARE(m_proxy->connections, 0);

        view.findChild<QPushButton *>(QStringLiteral("loadRemoteOnce"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(m_proxy->requests.join(QLatin1Char('\n')).contains(QLatin1String("pixel.remote.test")), 15000);
        QVERIFY(!bar->isVisible());
        m_proxy->connections = 0;
        m_proxy->requests.clear();

        // "Load once" is for this message only: shown again, it is blocked again.
        QVERIFY(showAndWait(view, raw));
        QVERIFY(bar->isVisible());
        QTest::qWait(300);
        QCOMPARE(m_proxy->connections, 0);
    }

    void alwaysForThisSenderIsRemembered()
    {
        const QByteArray fromCarol = html("<img src=\"http://news.remote.test/logo.png\">", "Carol <carol@example.test>");
        {
            ui::MessageView view(settings(QStringLiteral("always.ini")));
            view.show();
            QVERIFY(showAndWait(view, fromCarol));
            QVERIFY(!view.remoteAllowed());
            view.findChild<QPushButton *>(QStringLiteral("loadRemoteAlways"))->click();
            QVERIFY(view.remoteAllowed());
        }
        ui::MessageView again(settings(QStringLiteral("always.ini")));
        again.show();
        QVERIFY(showAndWait(again, fromCarol));
        QVERIFY(again.remoteAllowed());
        QVERIFY(!again.findChild<QWidget *>(QStringLiteral("remoteBar"))->isVisible());
        // Another sender is still blocked.
        QVERIFY(showAndWait(again, html("<img src=\"http://x.remote.test/a.png\">", "Dave <dave@example.test>")));
        QVERIFY(!again.remoteAllowed());
        QTRY_VERIFY_WITH_TIMEOUT(m_proxy->requests.join(QLatin1Char('\n')).contains(QLatin1String("news.remote.test")), 15000);
        QVERIFY(!m_proxy->requests.join(QLatin1Char('\n')).contains(QLatin1String("x.remote.test")));
        m_proxy->connections = 0;
        m_proxy->requests.clear();
    }

    void scriptsDoNotRunAndThePageDoesNotNavigate()
    {
        ui::MessageView view(settings(QStringLiteral("js.ini")));
        view.show();
        QVERIFY(showAndWait(view, html("<html><head><title>before</title><script>document.title='inline ran'</script>"
                                       "<meta http-equiv=\"refresh\" content=\"0; url=data:text/html,moved\"></head>"
                                       "<body onload=\"document.title='onload ran'\"><img src=x onerror=\"document.title='onerror ran'\">"
                                       "<p>text</p></body></html>")));
        QTest::qWait(300);
        QCOMPARE(webView(view)->page()->title(), QStringLiteral("before"));
        QCOMPARE(webView(view)->url().scheme(), QStringLiteral("tern-mail"));
    }

    void cidImagesComeFromTheMessage()
    {
        ui::MessageView view(settings(QStringLiteral("cid.ini")));
        view.show();
        // A 1x1 PNG, referenced by Content-ID from the HTML root of multipart/related.
        const QByteArray png = QByteArray::fromBase64(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");
        const QByteArray raw = "From: a@example.test\r\nSubject: cid\r\nMIME-Version: 1.0\r\n"
                               "Content-Type: multipart/related; boundary=B\r\n\r\n--B\r\n"
                               "Content-Type: text/html\r\n\r\n<p>logo:</p><img src=\"cid:logo%40example.test\"><img src=\"cid:missing@x\">\r\n--B\r\n"
                               "Content-Type: image/png\r\nContent-ID: <logo@example.test>\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                               + png.toBase64() + "\r\n--B--\r\n";
        QVERIFY(showAndWait(view, raw));
        QTRY_COMPARE(webView(view)->schemes()->cidServed(), 1);
        QVERIFY(view.rendered().blocked.isEmpty());
        QVERIFY(!view.findChild<QWidget *>(QStringLiteral("remoteBar"))->isVisible());
    }

    void aClickedLinkGoesToTheDesktopOnlyWhenClicked()
    {
        ui::MessageView view(settings(QStringLiteral("links.ini")));
        view.show();
        QVERIFY(showAndWait(view, html("<a href=\"https://bank.example/login\">https://bank.example</a>")));
        auto *page = webView(view)->mailPage();
        QSignalSpy activated(page, &ui::MailPage::linkActivated);
        QVERIFY(!page->acceptNavigationRequest(QUrl(QStringLiteral("https://evil.example/x")), QWebEnginePage::NavigationTypeLinkClicked, true));
        QCOMPARE(activated.size(), 1);
        QCOMPARE(activated.at(0).at(0).toUrl(), QUrl(QStringLiteral("https://evil.example/x")));
        // Not clicked, or not a web/mail link: nothing opens, nothing navigates.
        QVERIFY(!page->acceptNavigationRequest(QUrl(QStringLiteral("https://evil.example/redirect")), QWebEnginePage::NavigationTypeRedirect, true));
        QVERIFY(!page->acceptNavigationRequest(QUrl(QStringLiteral("https://evil.example/form")), QWebEnginePage::NavigationTypeFormSubmitted, true));
        QVERIFY(!page->acceptNavigationRequest(QUrl(QStringLiteral("file:///etc/passwd")), QWebEnginePage::NavigationTypeLinkClicked, true));
        QVERIFY(!page->acceptNavigationRequest(QUrl(QStringLiteral("https://evil.example/frame")), QWebEnginePage::NavigationTypeLinkClicked, false));
        QCOMPARE(activated.size(), 1);
        // The hover line shows the real target with its host in bold; a homograph stays punycode.
        QCOMPARE(ui::linkTargetHtml(QUrl(QStringLiteral("https://bank.example/login?a=1&b=2"))),
                 QStringLiteral("https://<b>bank.example</b>/login?a=1&amp;b=2"));
        QCOMPARE(ui::linkTargetHtml(QUrl(QStringLiteral("https://\u0430pple.com/x"))), QStringLiteral("https://<b>xn--pple-43d.com</b>/x"));
    }

    void headersAttachmentsAndRoute()
    {
        ui::MessageView view(settings(QStringLiteral("headers.ini")));
        view.resize(760, 560);
        view.show();
        const QByteArray raw =
            "Received: from mx.example.test (mx.example.test [192.0.2.1]) by mail.example.test with ESMTPS id 1; Tue, 3 Nov 2026 10:00:05 +0000\r\n"
            "Received: from laptop (laptop [198.51.100.2]) by mx.example.test with ESMTPSA id 2; Tue, 3 Nov 2026 10:00:09 +0000\r\n"
            "From: \"support@bank.example\" <phish@evil.example>\r\nTo: bob@example.test\r\nSubject: Invoice\r\nMIME-Version: 1.0\r\n"
            "Content-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n--B\r\n"
            "Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"invoice\xe2\x80\xaegpj.exe\"\r\n\r\nMZ\r\n--B--\r\n";
        QVERIFY(showAndWait(view, raw));
        const QString headers = view.findChild<QLabel *>(QStringLiteral("viewerHeaders"))->text();
        QVERIFY2(headers.contains(QLatin1String("<b>phish@evil.example</b>")), qPrintable(headers));
        QVERIFY2(headers.contains(QStringLiteral("⚠")), qPrintable(headers));   // the name holds another address
        auto *strip = view.findChild<QListWidget *>(QStringLiteral("attachmentStrip"));
        QVERIFY(strip->isVisible());
        QCOMPARE(strip->count(), 1);
        QVERIFY2(!strip->item(0)->text().contains(QChar(0x202E)), qPrintable(strip->item(0)->text()));
        QVERIFY2(strip->item(0)->toolTip().contains(QLatin1String("<U+202E>")), qPrintable(strip->item(0)->toolTip()));
        auto *routeButton = view.findChild<QToolButton *>(QStringLiteral("routeButton"));
        QVERIFY(routeButton->isVisible());
        QVERIFY2(routeButton->text().contains(QLatin1String("2")), qPrintable(routeButton->text()));
        routeButton->click();
        auto *route = view.findChild<QTreeWidget *>(QStringLiteral("routePanel"));
        QVERIFY(route->isVisible());
        QCOMPARE(route->topLevelItemCount(), 2);
        QCOMPARE(route->topLevelItem(0)->text(1), QStringLiteral("laptop [198.51.100.2]"));   // oldest first
        QVERIFY(route->topLevelItem(1)->text(5).contains(QLatin1String("earlier")));          // clock skew
        saveShot(view, QStringLiteral("viewer-attachment-route.png"));
    }

    // Opening an attachment: its bytes, under its safe name, in a private
    // directory, read-only, handed to the desktop (here: caught).
    void anAttachmentOpensFromAPrivateCopy()
    {
        UrlCatcher catcher;
        QDesktopServices::setUrlHandler(QStringLiteral("file"), &catcher, "open");
        ui::MessageView view(settings(QStringLiteral("open.ini")));
        view.show();
        const QByteArray raw = "From: a@example.test\r\nSubject: doc\r\nMIME-Version: 1.0\r\n"
                               "Content-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nsee\r\n--B\r\n"
                               "Content-Type: application/pdf; name=\"../../report.pdf\"\r\nContent-Disposition: attachment\r\n"
                               "Content-Transfer-Encoding: base64\r\n\r\n" + QByteArray("%PDF-1.4 fake").toBase64() + "\r\n--B--\r\n";
        QVERIFY(showAndWait(view, raw));
        auto *strip = view.findChild<QListWidget *>(QStringLiteral("attachmentStrip"));
        QCOMPARE(strip->count(), 1);
        emit strip->itemActivated(strip->item(0));
        QCOMPARE(catcher.opened.size(), 1);
        const QString path = catcher.opened.first().toLocalFile();
        const QFileInfo file(path);
        QCOMPARE(file.fileName(), QStringLiteral("report.pdf"));   // no path from the sender
        QCOMPARE(readFile(path), QByteArray("%PDF-1.4 fake"));
        QCOMPARE(file.permissions() & (QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
        const QFileInfo dir(file.absolutePath());
        QCOMPARE(dir.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::ExeOther), QFileDevice::Permissions());
        QDesktopServices::unsetUrlHandler(QStringLiteral("file"));
    }

    // A decrypted message's attachments are its own: the bytes inside the
    // encryption, opened from a private copy like any other.
    void anAttachmentOfAnEncryptedMessageOpensDecrypted()
    {
        test::GnupgHome home;
        QVERIFY(home.isValid());
        const QString fpr = home.generateKey(QStringLiteral("Alice <alice@example.test>"));
        QVERIFY2(!fpr.isEmpty(), qPrintable(home.lastError()));
        const QByteArray inner = "Content-Type: multipart/mixed; boundary=I\r\n\r\n--I\r\nContent-Type: text/plain\r\n\r\nthe plan is attached\r\n"
                                 "--I\r\nContent-Type: application/pdf; name=\"plan.pdf\"\r\nContent-Disposition: attachment\r\n"
                                 "Content-Transfer-Encoding: base64\r\n\r\n" + QByteArray("%PDF-1.4 secret plan").toBase64() + "\r\n--I--\r\n";
        QTemporaryDir tmp;
        QFile data(tmp.filePath(QStringLiteral("inner")));
        QVERIFY(data.open(QIODevice::WriteOnly));
        data.write(inner);
        data.close();
        QByteArray armored;
        QCOMPARE(home.gpg({QStringLiteral("--batch"), QStringLiteral("--armor"), QStringLiteral("--trust-model"), QStringLiteral("always"),
                           QStringLiteral("--recipient"), fpr, QStringLiteral("--encrypt"), QStringLiteral("--output"), QStringLiteral("-"),
                           data.fileName()}, &armored), 0);
        const QByteArray raw = "From: Alice <alice@example.test>\r\nTo: alice@example.test\r\nSubject: plan\r\nMIME-Version: 1.0\r\n"
                               "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=E\r\n\r\n"
                               "--E\r\nContent-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n"
                               "--E\r\nContent-Type: application/octet-stream\r\n\r\n" + armored + "\r\n--E--\r\n";
        UrlCatcher catcher;
        QDesktopServices::setUrlHandler(QStringLiteral("file"), &catcher, "open");
        ui::MessageView view(settings(QStringLiteral("encrypted-open.ini")));
        view.show();
        QVERIFY(showAndWait(view, raw));
        QVERIFY(view.rendered().security.encrypted);
        QVERIFY2(view.rendered().text.contains(QLatin1String("the plan is attached")), qPrintable(view.rendered().text));
        auto *strip = view.findChild<QListWidget *>(QStringLiteral("attachmentStrip"));
        QCOMPARE(strip->count(), 1);
        emit strip->itemActivated(strip->item(0));
        QCOMPARE(catcher.opened.size(), 1);
        const QString path = catcher.opened.first().toLocalFile();
        QCOMPARE(QFileInfo(path).fileName(), QStringLiteral("plan.pdf"));
        QCOMPARE(readFile(path), QByteArray("%PDF-1.4 secret plan"));
        QDesktopServices::unsetUrlHandler(QStringLiteral("file"));
    }

    void preferPlainTextChoosesThePlainAlternative()
    {
        ui::MessageView view(settings(QStringLiteral("plain.ini")));
        view.show();
        const QByteArray raw = "From: a@example.test\r\nSubject: alt\r\nMIME-Version: 1.0\r\n"
                               "Content-Type: multipart/alternative; boundary=B\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nPLAIN VERSION\r\n"
                               "--B\r\nContent-Type: text/html\r\n\r\n<p>HTML VERSION</p>\r\n--B--\r\n";
        QVERIFY(showAndWait(view, raw));
        QVERIFY(view.rendered().fromHtml);
        QVERIFY(view.rendered().text.contains(QLatin1String("HTML VERSION")));
        QSignalSpy loaded(&view, &ui::MessageView::documentLoaded);
        view.setPreferPlain(true);
        QVERIFY(loaded.wait(15000));
        QVERIFY(!view.rendered().fromHtml);
        QVERIFY(view.rendered().text.contains(QLatin1String("PLAIN VERSION")));
        QVERIFY(settings(QStringLiteral("plain.ini")).preferPlain());   // kept for next time
    }

    // The signature's verdict is drawn by the window, outside the HTML, and
    // says who signed — and when that is not who the From line claims.
    void signatureStatusIsShownOutsideTheHtml()
    {
        test::GnupgHome home;
        QVERIFY(home.isValid());
        const QString fpr = home.generateKey(QStringLiteral("Alice <alice@example.test>"));
        QVERIFY2(!fpr.isEmpty(), qPrintable(home.lastError()));
        const QByteArray part = "Content-Type: text/html; charset=utf-8\r\n\r\n<p>Pay invoice 42</p>";
        QTemporaryDir tmp;
        QFile data(tmp.filePath(QStringLiteral("part")));
        QVERIFY(data.open(QIODevice::WriteOnly));
        data.write(part);
        data.close();
        QByteArray sig;
        QCOMPARE(home.gpg({QStringLiteral("--batch"), QStringLiteral("--armor"), QStringLiteral("--local-user"), fpr,
                           QStringLiteral("--detach-sign"), QStringLiteral("--output"), QStringLiteral("-"), data.fileName()}, &sig), 0);
        const auto message = [&](const QByteArray &from, const QByteArray &body) {
            return "From: " + from + "\r\nTo: bob@example.test\r\nSubject: invoice\r\nMIME-Version: 1.0\r\n"
                   "Content-Type: multipart/signed; boundary=B; protocol=\"application/pgp-signature\"; micalg=pgp-sha256\r\n\r\n"
                   "--B\r\n" + body + "\r\n--B\r\nContent-Type: application/pgp-signature\r\n\r\n" + sig + "\r\n--B--\r\n";
        };
        ui::MessageView view(settings(QStringLiteral("sig.ini")));
        view.resize(760, 560);
        view.show();
        auto *bar = view.findChild<QLabel *>(QStringLiteral("securityBar"));

        QVERIFY(showAndWait(view, message("Alice <alice@example.test>", part)));
        QVERIFY(bar->isVisible());
        QVERIFY2(bar->text().contains(QLatin1String("Signed by Alice")), qPrintable(bar->text()));
        QCOMPARE(bar->property("level").toInt(), 0);   // good

        QVERIFY(showAndWait(view, message("Mallory <alice@example.test.evil.test>", part)));
        QVERIFY2(bar->text().contains(QLatin1String("NOT the sender")), qPrintable(bar->text()));
        saveShot(view, QStringLiteral("viewer-signature-mismatch.png"));
        QCOMPARE(bar->property("level").toInt(), 2);   // bad

        QByteArray tampered = part;
        tampered.replace("42", "4200");
        QVERIFY(showAndWait(view, message("Alice <alice@example.test>", tampered)));
        QVERIFY2(bar->text().contains(QLatin1String("Bad signature")), qPrintable(bar->text()));
        QCOMPARE(bar->property("level").toInt(), 2);

        // Unsigned mail has no status line at all: nothing to mistake for one.
        QVERIFY(showAndWait(view, html("<p>plain</p>")));
        QVERIFY(!bar->isVisible());
    }

    void headersOnlyMessageSaysTheBodyIsMissing()
    {
        ui::MessageView view(settings(QStringLiteral("ho.ini")));
        view.show();
        QVERIFY(showAndWait(view, "From: a@example.test\r\nSubject: only headers\r\n\r\n", true));
        auto *problems = view.findChild<QLabel *>(QStringLiteral("viewerProblems"));
        QVERIFY(problems->isVisible());
        QVERIFY(problems->text().contains(QLatin1String("not downloaded")));
    }
};

int main(int argc, char **argv)
{
    if (!openProxySocket()) {
        std::perror("proxy socket");
        return 1;
    }
    // Every request Chromium sends goes to the counting proxy, loopback included.
    qputenv("QTWEBENGINE_CHROMIUM_FLAGS", QByteArray("--proxy-server=http://127.0.0.1:") + QByteArray::number(g_proxyPort)
                                              + " --proxy-bypass-list=<-loopback>");
    if (::geteuid() == 0)
        qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    QApplication app(argc, argv);
    TestViewer t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_viewer.moc"
