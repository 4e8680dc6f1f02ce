#include "NewMailNotifier.h"

#include "DesktopSettings.h"

#include "mime/Addresses.h"
#include "store/Database.h"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusInterface>
#include <QDBusReply>
#include <QIcon>
#include <QMap>
#include <QSystemTrayIcon>
#include <QVariantMap>

namespace tern::ui {

namespace {
constexpr int kListed = 3;   // senders and subjects named in one summary
}

DesktopNotificationSink::DesktopNotificationSink() = default;
DesktopNotificationSink::~DesktopNotificationSink() = default;

void DesktopNotificationSink::notify(const QString &title, const QString &body)
{
    // Desktop Notifications Specification 1.2: Notify(app_name, replaces_id, app_icon, summary, body, actions, hints, expire_timeout).
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (bus.isConnected()) {
        QDBusInterface n(QStringLiteral("org.freedesktop.Notifications"), QStringLiteral("/org/freedesktop/Notifications"),
                         QStringLiteral("org.freedesktop.Notifications"), bus);
        n.setTimeout(2000);   // a notification daemon that hangs must not hold the window
        if (n.isValid()) {
            QVariantMap hints;
            hints.insert(QStringLiteral("desktop-entry"), QStringLiteral("org.tern.Tern"));
            hints.insert(QStringLiteral("category"), QStringLiteral("email.arrived"));
            QDBusReply<uint> id = n.call(QStringLiteral("Notify"), QStringLiteral("Tern"), m_lastId, QStringLiteral("org.tern.Tern"), title,
                                         body.toHtmlEscaped(), QStringList(), hints, -1);
            if (id.isValid()) {
                m_lastId = id.value();
                return;
            }
        }
    }
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        if (!m_tray) {
            m_tray = std::make_unique<QSystemTrayIcon>(QApplication::windowIcon());
            m_tray->show();
        }
        m_tray->showMessage(title, body, QSystemTrayIcon::Information, 10000);
    }
}

NewMailNotifier::NewMailNotifier(std::function<store::Database *()> cache, QString configDir, QObject *parent)
    : QObject(parent), m_cache(std::move(cache)), m_configDir(std::move(configDir)), m_sink(std::make_unique<DesktopNotificationSink>())
{
}

NewMailNotifier::~NewMailNotifier() = default;

qint64 NewMailNotifier::highestMessageId() const
{
    store::Database *db = m_cache();
    if (!db)
        return 0;
    auto q = db->exec(QStringLiteral("SELECT coalesce(max(id), 0) FROM messages"));
    return q && q.value().next() ? q.value().value(0).toLongLong() : 0;
}

void NewMailNotifier::setSyncing(bool anySyncing)
{
    if (anySyncing == m_syncing)
        return;
    m_syncing = anySyncing;
    if (anySyncing) {
        m_baseline = highestMessageId();   // rows the engines add from now on have larger ids
        return;
    }
    summarise();
    m_baseline = -1;
}

void NewMailNotifier::summarise()
{
    store::Database *db = m_cache();
    if (!db || m_baseline < 0 || !m_sink || !DesktopSettings(m_configDir).notifications())
        return;
    // New, unread, in an Inbox: what a reader wants to hear of (not Sent copies, not mail read elsewhere).
    auto q = db->exec(QStringLiteral("SELECT b.account, m.from_header, m.subject FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id "
                                     "WHERE m.id > ? AND upper(b.name) = 'INBOX' AND m.flags NOT LIKE '%\\Seen%' ORDER BY m.id DESC LIMIT 10000"),
                      {m_baseline});
    if (!q)
        return;
    int total = 0;
    QMap<QString, int> perAccount;
    QStringList lines;
    while (q.value().next()) {
        ++total;
        ++perAccount[q.value().value(0).toString()];
        if (lines.size() < kListed) {
            const auto from = mime::parseMailboxes(q.value().value(1).toByteArray());
            QString who = from.isEmpty() ? QString() : mime::decodeHeaderText(from.first().name.toUtf8()).simplified();
            if (who.isEmpty() && !from.isEmpty())
                who = QString::fromUtf8(from.first().address);
            lines << tr("%1: %2").arg(who.left(60), mime::decodeHeaderText(q.value().value(2).toByteArray()).simplified().left(80));
        }
    }
    if (total == 0)
        return;
    QStringList accounts;
    for (auto it = perAccount.cbegin(); it != perAccount.cend(); ++it)
        accounts << tr("%1: %2").arg(it.key()).arg(it.value());
    if (total > lines.size())
        lines << tr("and %n more", nullptr, total - int(lines.size()));
    QString title;
    if (perAccount.size() == 1)
        title = total == 1 ? tr("A new message in %1").arg(perAccount.firstKey()) : tr("%1 new messages in %2").arg(total).arg(perAccount.firstKey());
    else
        title = tr("%1 new messages").arg(total);
    QString body = lines.join(QLatin1Char('\n'));
    if (perAccount.size() > 1)
        body = accounts.join(QStringLiteral(", ")) + QLatin1Char('\n') + body;
    m_sink->notify(title, body);
}

} // namespace tern::ui
