#pragma once
// The viewer pane: the header block (native widgets: the anti-spoof display of
// core/mime/render, warnings in red), the "remote content blocked" bar, the
// message body in MailWebView (created on first use from libternweb.so:
// QtWebEngine is slow to load and start, and the main window must paint first,
// see MailBody.h), the attachment strip, the
// message route panel and "view source".
#include "mime/Render.h"

#include <QPointer>
#include <QTemporaryDir>
#include <QWidget>
#include <memory>

class QLabel;
class QListWidget;
class QListWidgetItem;
class QFrame;
class QToolButton;
class QTreeWidget;
class QVBoxLayout;

namespace tern::ui {

class ListBar;
class MailBody;

// Where the viewer keeps what the reader chose (QSettings file): prefer plain
// text, and the senders whose remote content is always loaded.
class ViewerSettings {
public:
    explicit ViewerSettings(const QString &file = {});
    bool preferPlain() const;
    void setPreferPlain(bool on);
    bool remoteAllowedFor(const QString &address) const;
    void allowRemoteFor(const QString &address);
    QStringList remoteSenders() const;              // the senders allowed so far (Settings lists them)
    void forbidRemoteFor(const QString &address);
private:
    QString m_file;
};

class MessageView : public QWidget {
    Q_OBJECT
public:
    explicit MessageView(const ViewerSettings &settings, QWidget *parent = nullptr);
    ~MessageView() override;

    // Shows a message from its raw bytes (RFC 5322). An empty `raw` with
    // `headersOnly` set shows the headers the cache has and says the body is
    // not downloaded yet.
    void showMessage(const QByteArray &raw, bool headersOnly = false);
    void clear();

    // The reader's choices.
    void loadRemoteOnce();
    void allowRemoteForSender();
    void setPreferPlain(bool on);
    void showSource();
    // Scrolls the body one page; false when it was already at its end (or nothing is shown).
    bool pageDown();

    const mime::Rendered &rendered() const { return m_rendered; }
    QWidget *bodyWidget() const;   // the HTML area (a MailWebView); null until the first message
    ListBar *listBar() const { return m_listBar; }   // the mailing-list line (hidden for other mail)
    QString senderAddress() const;                    // the From address, as written
    bool remoteAllowed() const { return m_allowRemote; }

signals:
    void documentLoaded(bool ok);
    void linkHovered(const QString &html);   // the real target, host in bold; empty when the pointer leaves

private:
    void render();
    void showRendered(const mime::Rendered &rendered);   // what render() computed (off the UI thread)
    void fillSecurity();
    bool ensureBody();   // false, with the reason shown, if the viewer module cannot be loaded
    void fillHeaders();
    void fillAttachments();
    void fillRoute();
    void openAttachment(QListWidgetItem *item, bool saveAs);
    bool isKeyAttachment(QListWidgetItem *item) const;
public:
    // An application/pgp-keys attachment: what it holds shown, then imported if the user agrees.
    bool importKey(QListWidgetItem *item);
private:

    ViewerSettings m_settings;
    QByteArray m_raw;
    std::unique_ptr<mime::ParsedMessage> m_message;
    // What the sections of the rendering name: the decrypted message, else m_message.
    const mime::ParsedMessage *shownMessage() const { return m_rendered.decrypted ? m_rendered.decrypted.get() : m_message.get(); }
    mime::Rendered m_rendered;
    bool m_allowRemote = false;
    bool m_headersOnly = false;

    QVBoxLayout *m_layout = nullptr;
    QLabel *m_headers = nullptr;
    ListBar *m_listBar = nullptr;
    QFrame *m_remoteBar = nullptr;
    QLabel *m_remoteText = nullptr;
    QLabel *m_problems = nullptr;
    QLabel *m_security = nullptr;
    quint64 m_renderSerial = 0;   // a render finished after the reader moved on is dropped
    MailBody *m_body = nullptr;   // its widget is a child of this view
    QLabel *m_placeholder = nullptr;
    QLabel *m_hover = nullptr;
    QListWidget *m_attachments = nullptr;
    QToolButton *m_routeButton = nullptr;
    QTreeWidget *m_route = nullptr;
    std::unique_ptr<QTemporaryDir> m_openDir;   // attachments opened with the desktop's handler
};

} // namespace tern::ui
