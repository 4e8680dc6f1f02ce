// tern: the GUI by default, headless subcommands by name.
#include "CommandLine.h"
#include "Subcommands.h"

#include "common/Version.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QLibrary>
#include <cstdio>

namespace tern::app {

// The GUI lives in a module next to the executable (the build) or in the
// installed library directory.
static int runGui(int argc, char **argv, const CommandLine &cl, const QString &mailto = {})
{
    const QString here = QFileInfo(QStringLiteral("/proc/self/exe")).canonicalPath();
    QLibrary gui;
    QStringList tried;
    for (const QString &dir : {here, QStringLiteral(TERN_GUI_INSTALL_DIR)}) {
        gui.setFileName(dir + QStringLiteral("/libterngui.so"));
        if (gui.load())
            break;
        tried << gui.errorString();
    }
    using Entry = int (*)(int, char **, const char *, const char *, const char *);
    auto entry = gui.isLoaded() ? reinterpret_cast<Entry>(gui.resolve("ternRunGui")) : nullptr;
    if (!entry)
        return fail(QStringLiteral("cannot load the GUI module (%1); the headless commands still work (tern --help)")
                        .arg(tried.isEmpty() ? gui.errorString() : tried.join(QStringLiteral("; "))), 1);
    return entry(argc, argv, cl.profileDir.toLocal8Bit().constData(), cl.screenshotFile.toLocal8Bit().constData(),
                 mailto.toUtf8().constData());
}

} // namespace tern::app

int main(int argc, char **argv)
{
    using namespace tern::app;
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);

    const CommandLine cl = parseCommandLine(args);
    if (!cl.error.isEmpty())
        return fail(cl.error, 2);
    if (cl.showHelp && cl.subcommand.isEmpty()) {
        out(usageText());
        return 0;
    }
    if (cl.showVersion) {
        out(QStringLiteral("tern %1\n").arg(QLatin1String(tern::kVersion)));
        return 0;
    }
    if (cl.subcommand.isEmpty())
        return runGui(argc, argv, cl);
    // The desktop's mailto: handler (the .desktop file): the GUI with a composer.
    if (cl.subcommand.startsWith(QLatin1String("mailto:"), Qt::CaseInsensitive))
        return runGui(argc, argv, cl, cl.subcommand);

    // Headless: no GUI objects, so it runs over ssh and in CI without a display.
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QLatin1String(tern::kAppName));
    const Subcommand *sub = findSubcommand(cl.subcommand);
    QStringList subArgs = cl.subArgs;
    QString profileDir = cl.profileDir;
    // --profile is also accepted after the subcommand.
    for (int i = 0; i < subArgs.size(); ++i) {
        if (subArgs.at(i) == QLatin1String("--profile") && i + 1 < subArgs.size()) {
            profileDir = subArgs.at(i + 1);
            subArgs.remove(i, 2);
            --i;
        } else if (subArgs.at(i).startsWith(QLatin1String("--profile="))) {
            profileDir = subArgs.at(i).mid(10);
            subArgs.remove(i);
            --i;
        }
    }
    return sub->run(SubcommandContext{tern::store::Profile::resolve(profileDir), subArgs});
}
