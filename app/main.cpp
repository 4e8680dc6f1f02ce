// tern: the GUI by default, headless subcommands by name.
#include "CommandLine.h"
#include "Subcommands.h"

#include "common/Version.h"

#include <QCoreApplication>
#include <cstdio>

namespace tern::app {
int runGui(int argc, char **argv, const CommandLine &cl);
}

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
