#include "TernProcess.h"

#include "TestPaths.h"

#include <QProcess>
#include <csignal>

namespace tern::test {

TernRun runTern(const QStringList &args, const QProcessEnvironment &env, int timeoutMs)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(TERN_BIN_DIR "/tern"), args);
    if (!p.waitForFinished(timeoutMs))
        p.kill();
    p.waitForFinished();
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

void runTernKilledAfter(const QStringList &args, const QProcessEnvironment &env, int ms)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(TERN_BIN_DIR "/tern"), args);
    p.waitForStarted();
    if (!p.waitForFinished(ms)) {
        ::kill(pid_t(p.processId()), SIGKILL);
        p.waitForFinished();
    }
}

} // namespace tern::test
