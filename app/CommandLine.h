#pragma once
// tern [GLOBAL OPTIONS] [SUBCOMMAND [ARGS…]]
// Global options come before the subcommand; with no subcommand the GUI starts.
#include <QString>
#include <QStringList>

namespace tern::app {

struct CommandLine {
    QString profileDir;       // --profile DIR
    QString screenshotFile;   // --screenshot FILE
    bool showHelp = false;
    bool showVersion = false;
    QString subcommand;       // empty: the GUI
    QStringList subArgs;      // everything after the subcommand
    QString error;            // non-empty: the command line is wrong
};

CommandLine parseCommandLine(const QStringList &args);   // args without argv[0]
QString usageText();

} // namespace tern::app
