#include "MailBody.h"

#include "mime/Render.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QLibrary>
#include <QOpenGLContext>
#include <QStringList>
#include <QSurfaceFormat>
#include <QUrl>

// Exported by QtGui without a public header; QtWebEngine declares them the same way.
QT_BEGIN_NAMESPACE
Q_GUI_EXPORT void qt_gl_set_global_share_context(QOpenGLContext *context);
Q_GUI_EXPORT QOpenGLContext *qt_gl_global_share_context();
QT_END_NAMESPACE

namespace tern::ui {

namespace {

using Factory = MailBody *(*)(QWidget *parent, const MailBody::Hooks *hooks);

void deleteShareContext()
{
    QOpenGLContext *context = qt_gl_global_share_context();
    qt_gl_set_global_share_context(nullptr);
    delete context;
}

// QtWebEngine reads Qt's global OpenGL share context when it starts, without
// checking that there is one (6.4 crashes in QOpenGLContext::format()), and
// warns when it loads that it was "initialized from a plugin" if there is none.
// Linked into the program, it had Qt make and create that context in
// QApplication's constructor: the GL driver loaded at every start (with Mesa's
// software GL, LLVM: ~110 ms and ~55 MiB before the window painted). The viewer
// does without GL instead (the module's entry point picks Qt Quick's software
// renderer, and Chromium then composites in software), so the context is set
// but never created: QtWebEngine sees it is not valid and leaves GL off.
void setShareContextPlaceholder()
{
    if (qt_gl_global_share_context())
        return;
    auto *context = new QOpenGLContext;
    context->setFormat(QSurfaceFormat::defaultFormat());
    qt_gl_set_global_share_context(context);
    qAddPostRoutine(deleteShareContext);
}

Factory loadModule(QString *error)
{
    static Factory factory = nullptr;
    static QString failure;
    if (factory || !failure.isEmpty()) {
        if (error)
            *error = failure;
        return factory;
    }
    setShareContextPlaceholder();
    // Next to the executable (the build, tests), else where it is installed;
    // never from the working directory.
    const QString here = QFileInfo(QStringLiteral("/proc/self/exe")).canonicalPath();
    QLibrary module;
    QStringList tried;
    for (const QString &dir : {here, QStringLiteral(TERN_WEB_INSTALL_DIR)}) {
        module.setFileName(dir + QStringLiteral("/libternweb.so"));
        if (module.load())
            break;
        tried << module.errorString();
    }
    if (module.isLoaded())
        factory = reinterpret_cast<Factory>(module.resolve("ternCreateMailBody"));
    if (!factory)
        failure = module.isLoaded() ? module.errorString() : tried.join(QStringLiteral("; "));
    if (error)
        *error = failure;
    return factory;
}

} // namespace

MailBody *createMailBody(QWidget *parent, const MailBody::Hooks &hooks, QString *error)
{
    const Factory factory = loadModule(error);
    return factory ? factory(parent, &hooks) : nullptr;
}

QString linkTargetHtml(const QUrl &url)
{
    // Encoded form: a host in punycode stays punycode, so a homograph shows.
    const QString host = url.host(QUrl::FullyEncoded);
    const QString full = url.toString(QUrl::FullyEncoded);
    const auto esc = [](const QString &s) { return mime::escapeInvisible(s).toHtmlEscaped(); };
    if (host.isEmpty())
        return esc(full);
    const int at = full.indexOf(host, url.scheme().size());
    if (at < 0)
        return esc(full);
    return esc(full.left(at)) + QStringLiteral("<b>") + esc(host) + QStringLiteral("</b>") + esc(full.mid(at + host.size()));
}

} // namespace tern::ui
