#include "AccountSync.h"

#include <QRegularExpression>

namespace tern::ui {

namespace {
constexpr int kMaxLine = 4096;   // one log line as shown
}

AccountSync::AccountSync(const QString &account, const QString &program, const QString &profileDir, QObject *parent)
    : QObject(parent), m_account(account), m_program(program), m_profileDir(profileDir)
{
}

AccountSync::~AccountSync()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->disconnect(this);
        m_process->terminate();
        if (!m_process->waitForFinished(2000))
            m_process->kill();
    }
}

void AccountSync::setState(State s)
{
    m_state = s;
    emit stateChanged();
}

void AccountSync::start()
{
    if (m_state == State::Syncing || m_state == State::Offline)
        return;
    m_process = new QProcess(this);
    QStringList args;
    if (!m_profileDir.isEmpty())
        args << QStringLiteral("--profile") << m_profileDir;
    args << QStringLiteral("sync") << m_account << QStringLiteral("--verbose");
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    connect(m_process, &QProcess::readyRead, this, &AccountSync::onOutput);
    connect(m_process, &QProcess::finished, this, &AccountSync::onFinished);
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart) {
            m_error = tr("cannot start %1: %2").arg(m_program, m_process->errorString());
            m_process->deleteLater();
            m_process = nullptr;
            setState(State::Error);
        }
    });
    m_lastFailure.clear();
    m_buffer.clear();
    setState(State::Syncing);
    emit logLine(m_account, tr("— sync started —"));
    m_process->start(m_program, args);
}

void AccountSync::setOffline(bool offline)
{
    if (offline) {
        if (m_process && m_process->state() != QProcess::NotRunning) {
            m_process->disconnect(this);
            m_process->terminate();
            m_process->waitForFinished(3000);
            m_process->deleteLater();
            m_process = nullptr;
            emit logLine(m_account, tr("— stopped: working offline —"));
        }
        setState(State::Offline);
    } else if (m_state == State::Offline) {
        setState(State::Idle);
    }
}

void AccountSync::onOutput()
{
    m_buffer += m_process->readAll();
    static const QRegularExpression progressRe(QStringLiteral("^[^:]+: (.+) \\((\\d+)/(\\d+)\\)$"));
    int nl;
    while ((nl = m_buffer.indexOf('\n')) >= 0) {
        const QString line = QString::fromUtf8(m_buffer.left(qMin(nl, kMaxLine))).trimmed();
        m_buffer.remove(0, nl + 1);
        emit logLine(m_account, line);
        if (const auto m = progressRe.match(line); m.hasMatch() && !line.startsWith(QLatin1String("S:"))
                                                    && !line.startsWith(QLatin1String("C:"))) {
            emit progress(m.captured(1), m.captured(2).toInt(), m.captured(3).toInt());
        } else if (line.startsWith(m_account + QLatin1String(": "))) {
            const QString what = line.mid(m_account.size() + 2);
            if (what.contains(QLatin1String("failed")) || what.startsWith(QLatin1String("outbox:")))
                m_lastFailure = what;
        }
    }
    if (m_buffer.size() > kMaxLine) {   // a line without end: shown cut, not kept
        emit logLine(m_account, QString::fromUtf8(m_buffer.left(kMaxLine)));
        m_buffer.clear();
    }
}

void AccountSync::onFinished(int code, QProcess::ExitStatus status)
{
    onOutput();
    m_process->deleteLater();
    m_process = nullptr;
    if (status == QProcess::NormalExit && code == 0) {
        m_error.clear();
        m_lastSync = QDateTime::currentDateTime();
        setState(State::Idle);
        emit synced();
    } else {
        m_error = !m_lastFailure.isEmpty() ? m_lastFailure
                  : status == QProcess::CrashExit ? tr("the engine stopped unexpectedly")
                                                  : tr("sync failed (exit code %1)").arg(code);
        setState(State::Error);
        emit synced();   // what did sync is in the cache
    }
}

} // namespace tern::ui
