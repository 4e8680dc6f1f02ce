#include "MainWindow.h"
#include "PaintProbe.h"
#include "Screenshot.h"
#include "common/Version.h"
#include "store/Profile.h"

#include <QApplication>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>
#include <QTreeView>
#include <cstdio>
#include <unistd.h>

namespace tern::app {

static bool haveDisplay()
{
    return !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") || !qEnvironmentVariableIsEmpty("DISPLAY")
           || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
}

// The entry point of the GUI module (libterngui.so), which `tern` loads only
// when no subcommand is given.
extern "C" Q_DECL_EXPORT int ternRunGui(int argc, char **argv, const char *profileDir, const char *screenshotFile,
                                        const char *mailto)
{
    struct {
        QString profileDir, screenshotFile, mailto;
    } cl{QString::fromLocal8Bit(profileDir), QString::fromLocal8Bit(screenshotFile), QString::fromUtf8(mailto)};
    if (!haveDisplay()) {
        if (cl.screenshotFile.isEmpty()) {
            std::fprintf(stderr,
                         "tern: no display: DISPLAY and WAYLAND_DISPLAY are unset.\n"
                         "Start it from a desktop session, or under a virtual display: xvfb-run make run\n");
            return 2;
        }
        // A screenshot needs no screen: render off-screen.
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }

    // QtWebEngine's renderer sandbox cannot run as root: Chromium refuses to
    // start. Reading mail as root is unwise, but a container or CI may do it.
    if (::geteuid() == 0 && qEnvironmentVariableIsEmpty("QTWEBENGINE_DISABLE_SANDBOX")) {
        std::fprintf(stderr, "tern: running as root: the HTML viewer runs without Chromium's sandbox.\n");
        qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    }
    // QtWebEngine is neither linked nor started here: the viewer loads it at the
    // first message (ui/MailBody.h), with its URL schemes and GL share context.
    QApplication app(argc, argv);
    QApplication::setApplicationName(QLatin1String(kAppName));
    QApplication::setApplicationVersion(QLatin1String(kVersion));
    QApplication::setDesktopFileName(QStringLiteral("org.tern.Tern"));
    // The icon the desktop shows comes from org.tern.Tern.desktop; this one is for
    // X11 window managers and a build that is not installed (ui/CMakeLists.txt embeds it).
    QIcon icon;
    for (const char *size : {"48x48", "256x256"})
        icon.addFile(QStringLiteral(":/icons/%1/apps/org.tern.Tern.png").arg(QLatin1String(size)));
    QApplication::setWindowIcon(icon);

    QTranslator qtTranslator, ternTranslator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    if (ternTranslator.load(QLocale(), QStringLiteral("tern"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(&ternTranslator);

    const auto profile = store::Profile::resolve(cl.profileDir);
    ui::MainWindow window(profile);
    window.show();
    ui::reportFirstPaintIfAsked(window.findChild<QTreeView *>(QStringLiteral("messageList")));   // tests/bench/gui
    if (!cl.screenshotFile.isEmpty())
        ui::screenshotWhenIdle(&window, cl.screenshotFile);
    else if (!window.hasAccounts())
        window.addAccount();   // a new profile starts with the account wizard
    else
        window.syncAll();   // new mail at start, as mail clients do (not while working offline)
    if (!cl.mailto.isEmpty())
        window.openMailto(cl.mailto);
    return QApplication::exec();
}

} // namespace tern::app
