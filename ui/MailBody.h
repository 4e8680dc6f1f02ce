#pragma once
// The HTML area of the viewer as MessageView sees it. Its implementation,
// MailWebView (QtWebEngine), is built into libternweb.so, which
// createMailBody() loads when the first message is shown: linked into the
// program, QtWebEngine cost every start its relocations (~60 ms) and, through
// the OpenGL context Qt makes for it in QApplication's constructor, ~110 ms and
// ~55 MiB more (Mesa's software GL; tests/bench/gui, issue #7).
//
// Nothing here needs QtWebEngine: the module is reached through one C entry
// point and this interface, the same way `tern` reaches libterngui.so.
#include <QByteArray>
#include <QHash>
#include <QString>
#include <functional>
#include <utility>

class QUrl;
class QWidget;

namespace tern::ui {

// The parts a document may reference by Content-ID (without brackets): mime type, bytes.
using CidParts = QHash<QString, std::pair<QByteArray, QByteArray>>;

class MailBody {
public:
    // Called on the UI thread, never after the body's widget is gone.
    struct Hooks {
        std::function<void(bool ok)> loaded;                   // a document finished loading
        std::function<void(const QUrl &url)> linkActivated;    // the reader clicked a link (http(s), mailto)
        std::function<void(const QString &url)> linkHovered;   // empty when the pointer leaves a link
    };
    virtual ~MailBody() = default;
    // The widget, a child of the parent given to createMailBody(); it owns this object.
    virtual QWidget *widget() = 0;
    // Shows `html`; `parts` are what its cid: URLs may fetch; http(s) loads only with allowRemote.
    virtual void showDocument(const QString &html, const CidParts &parts, bool allowRemote) = 0;
    // Scrolls one page down; false when the document's end is already shown.
    virtual bool pageDown() = 0;
};

// Loads libternweb.so (next to the executable, else the installed library
// directory) on the first call, then makes a body in `parent`. Null if the
// module cannot be loaded, with the reason in `error`.
MailBody *createMailBody(QWidget *parent, const MailBody::Hooks &hooks, QString *error);

// A link target as shown on hover: the host stands out, invisible characters
// and punycode are shown as they are (HTML, escaped).
QString linkTargetHtml(const QUrl &url);

} // namespace tern::ui
