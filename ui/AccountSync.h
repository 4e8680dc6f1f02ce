#pragma once
// Runs an account's engine for the GUI: `tern sync ACCOUNT --verbose` as a
// child process, so a protocol engine that fails (or a server that makes it
// hang) never takes the window with it, and the GUI's SQLite connection only
// ever reads while the engine writes (WAL). Its progress lines become the
// account's state, its redacted protocol log the activity panel's.
#include <QDateTime>
#include <QObject>
#include <QProcess>
#include <QString>

namespace tern::ui {

class AccountSync : public QObject {
    Q_OBJECT
public:
    enum class State { Idle, Offline, Syncing, Error };
    Q_ENUM(State)

    // `program` is the tern executable; `profileDir` empty for the default profile.
    AccountSync(const QString &account, const QString &program, const QString &profileDir, QObject *parent = nullptr);
    ~AccountSync() override;

    QString account() const { return m_account; }
    State state() const { return m_state; }
    QString error() const { return m_error; }           // why the last sync failed
    QDateTime lastSync() const { return m_lastSync; }

    void setProgram(const QString &program) { m_program = program; }
    void start();                 // no-op while syncing or offline
    void setOffline(bool offline);   // stops a running sync; its work so far is kept (the engine is incremental)

signals:
    void stateChanged();
    void progress(const QString &folder, int done, int total);
    void logLine(const QString &account, const QString &line);
    void synced();                // a sync finished well: the cache changed

private:
    void onOutput();
    void onFinished(int code, QProcess::ExitStatus status);
    void setState(State s);

    QString m_account, m_program, m_profileDir;
    QProcess *m_process = nullptr;
    State m_state = State::Idle;
    QString m_error, m_lastFailure;
    QDateTime m_lastSync;
    QByteArray m_buffer;
};

} // namespace tern::ui
