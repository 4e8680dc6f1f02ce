#include "CommandLine.h"

#include "Subcommands.h"

namespace tern::app {

CommandLine parseCommandLine(const QStringList &args)
{
    CommandLine cl;
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        auto takeValue = [&](QString &into) {
            const int eq = a.indexOf(QLatin1Char('='));
            if (eq > 0) {
                into = a.mid(eq + 1);
            } else if (i + 1 < args.size()) {
                into = args.at(++i);
            } else {
                cl.error = QStringLiteral("option %1 needs a value").arg(a);
                return false;
            }
            if (into.isEmpty())
                cl.error = QStringLiteral("option %1 needs a non-empty value").arg(a.section(QLatin1Char('='), 0, 0));
            return !into.isEmpty();
        };
        if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            cl.showHelp = true;
        } else if (a == QLatin1String("--version") || a == QLatin1String("-v")) {
            cl.showVersion = true;
        } else if (a == QLatin1String("--profile") || a.startsWith(QLatin1String("--profile="))) {
            if (!takeValue(cl.profileDir))
                return cl;
        } else if (a == QLatin1String("--screenshot") || a.startsWith(QLatin1String("--screenshot="))) {
            if (!takeValue(cl.screenshotFile))
                return cl;
        } else if (a.startsWith(QLatin1Char('-'))) {
            cl.error = QStringLiteral("unknown option '%1' (see tern --help)").arg(a);
            return cl;
        } else {
            cl.subcommand = a;
            cl.subArgs = args.mid(i + 1);
            if (!findSubcommand(a))
                cl.error = QStringLiteral("unknown subcommand '%1' (see tern --help)").arg(a);
            if (!cl.screenshotFile.isEmpty())
                cl.error = QStringLiteral("--screenshot is for the GUI, not for a subcommand");
            return cl;
        }
    }
    return cl;
}

QString usageText()
{
    QString text = QStringLiteral(
        "Usage: tern [OPTIONS] [SUBCOMMAND [ARGS...]]\n"
        "\n"
        "Tern is a mail client. Without a subcommand it opens the main window.\n"
        "\n"
        "Options:\n"
        "  --profile DIR      keep configuration and cache in DIR\n"
        "                     (default: $XDG_CONFIG_HOME/tern and $XDG_DATA_HOME/tern)\n"
        "  --screenshot FILE  show the main window, save it as a PNG once painted, exit\n"
        "  -v, --version      print the version and exit\n"
        "  -h, --help         print this help and exit\n"
        "\n"
        "Subcommands (tern SUBCOMMAND --help for each):\n");
    for (const Subcommand &s : subcommands())
        text += QStringLiteral("  %1%2\n").arg(QString::fromLatin1(s.name).leftJustified(19), QString::fromUtf8(s.summary));
    return text;
}

} // namespace tern::app
