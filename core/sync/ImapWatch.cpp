#include "sync/ImapWatch.h"

#include "imap/ImapSession.h"

namespace tern::sync {

using imap::CommandResult;
using imap::ImapSession;

ImapWatch::ImapWatch(store::AccountConfig account, net::Credentials creds, QString folder, QObject *parent)
    : ImapJob(std::move(account), std::move(creds), parent), m_folder(std::move(folder))
{
    m_timer.setSingleShot(true);
}

void ImapWatch::finish(const Status &s)
{
    if (m_finished)
        return;
    m_finished = true;
    m_timer.stop();
    close([this, s] { emit finished(s); });
}

void ImapWatch::run()
{
    open([this] {
        ImapSession *s = session();
        m_useIdle = s->hasCapability("IDLE");
        connect(s, &ImapSession::untaggedData, this, &ImapWatch::onUntagged);
        // EXAMINE: watching never changes the folder (no \Recent consumed, no flags touched).
        s->command("EXAMINE " + ImapSession::quoted(m_folder.toUtf8()), [this](const CommandResult &res) {
            if (!res.ok()) {
                finish(Error::notFound(QStringLiteral("cannot open %1: %2").arg(m_folder, QString::fromUtf8(res.tagged.text))));
                return;
            }
            m_selected = true;
            if (m_useIdle) {
                startIdle();
            } else {
                emit watching(false);
                connect(&m_timer, &QTimer::timeout, this, &ImapWatch::poll);
                m_timer.start(m_pollMs);
            }
        });
    }, [this](const Error &e) { finish(e); });
}

void ImapWatch::startIdle()
{
    if (m_finished || m_stopping)
        return;
    ImapSession *s = session();
    connect(s, &ImapSession::idling, this, [this] {
        emit watching(true);
        m_timer.start(m_renewMs);
    }, Qt::SingleShotConnection);
    s->idle([this](const CommandResult &res) {
        m_timer.stop();
        if (!res.ok()) {
            finish(Error::network(QStringLiteral("IDLE refused: %1").arg(QString::fromUtf8(res.tagged.text))));
            return;
        }
        if (m_stopping) {
            finish(success());
            return;
        }
        startIdle();   // renewed
    });
    disconnect(&m_timer, nullptr, this, nullptr);
    connect(&m_timer, &QTimer::timeout, this, &ImapWatch::renew);
}

void ImapWatch::renew()
{
    if (ImapSession *s = session(); s && s->isIdling())
        s->idleDone();
}

void ImapWatch::poll()
{
    if (m_finished || m_stopping)
        return;
    session()->command("NOOP", [this](const CommandResult &res) {
        if (!res.ok()) {
            finish(Error::network(QStringLiteral("NOOP failed: %1").arg(QString::fromUtf8(res.tagged.text))));
            return;
        }
        m_timer.start(m_pollMs);
    });
}

void ImapWatch::stop()
{
    m_stopping = true;
    ImapSession *s = session();
    if (s && s->isIdling())
        s->idleDone();   // the tagged reply finishes
    else
        finish(success());
}

void ImapWatch::onUntagged(const imap::Response &r)
{
    if (!m_selected)
        return;
    if (r.isStatus("EXISTS") || r.isStatus("EXPUNGE") || r.isStatus("VANISHED") || r.isStatus("FETCH"))
        emit changed();
}

} // namespace tern::sync
