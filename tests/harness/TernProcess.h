#pragma once
// Runs the tern executable the way a user or a script does, for tests.
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace tern::test {

struct TernRun {
    int code = -1;          // -1: crashed or timed out
    QString out, err;
};

TernRun runTern(const QStringList &args, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
                int timeoutMs = 180000);
// Starts tern and SIGKILLs it after `ms` milliseconds if it is still running.
void runTernKilledAfter(const QStringList &args, const QProcessEnvironment &env, int ms);

} // namespace tern::test
