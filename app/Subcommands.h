#pragma once
// Headless subcommands: `tern NAME ARGS…`, run without a GUI.
#include "store/Profile.h"
#include <QStringList>
#include <QtGlobal>

namespace tern::app {

struct SubcommandContext {
    store::Profile profile;
    QStringList args;   // the arguments after the subcommand's name
};

struct Subcommand {
    const char *name;
    const char *summary;
    int (*run)(const SubcommandContext &);
};

const QList<Subcommand> &subcommands();
const Subcommand *findSubcommand(const QString &name);

// Implementations, one file each.
int runAccount(const SubcommandContext &ctx);
int runSync(const SubcommandContext &ctx);
int runSend(const SubcommandContext &ctx);
int runOutbox(const SubcommandContext &ctx);
int runList(const SubcommandContext &ctx);
int runFolders(const SubcommandContext &ctx);
int runShow(const SubcommandContext &ctx);
int runFlag(const SubcommandContext &ctx);
int runJournal(const SubcommandContext &ctx);
int runMove(const SubcommandContext &ctx);
int runDelete(const SubcommandContext &ctx);
int runCopy(const SubcommandContext &ctx);
int runExpunge(const SubcommandContext &ctx);
int runFolder(const SubcommandContext &ctx);
int runDraft(const SubcommandContext &ctx);
int runPolicy(const SubcommandContext &ctx);
int runWatch(const SubcommandContext &ctx);
int runCompose(const SubcommandContext &ctx);
int runRender(const SubcommandContext &ctx);
int runKeys(const SubcommandContext &ctx);
int runSearch(const SubcommandContext &ctx);
int runIndex(const SubcommandContext &ctx);

// Output helpers: stdout for results, stderr for errors and progress.
void out(const QString &text);
int fail(const QString &message, int code = 1);

} // namespace tern::app
