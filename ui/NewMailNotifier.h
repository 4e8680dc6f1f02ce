#pragma once
// New-mail notifications: when the engines' syncs bring unread messages into
// an Inbox, one desktop notification sums them up (how many, per account, the
// first few senders and subjects) — one per round of syncs, never one per
// message. Off when the reader switched notifications off (DesktopSettings).
#include <QObject>
#include <QString>
#include <functional>
#include <memory>

class QSystemTrayIcon;

namespace tern::store { class Database; }

namespace tern::ui {

// Where a notification goes: the desktop (D-Bus), or a test's recorder.
class NotificationSink {
public:
    virtual ~NotificationSink() = default;
    virtual void notify(const QString &title, const QString &body) = 0;
};

// org.freedesktop.Notifications on the session bus (what every Linux desktop
// serves); where there is none, the system tray's balloon; else nothing.
class DesktopNotificationSink : public NotificationSink {
public:
    DesktopNotificationSink();
    ~DesktopNotificationSink() override;
    void notify(const QString &title, const QString &body) override;

private:
    std::unique_ptr<QSystemTrayIcon> m_tray;
    uint m_lastId = 0;   // replaces our previous notification instead of stacking another
};

class NewMailNotifier : public QObject {
    Q_OBJECT
public:
    // `cache` gives the window's cache connection (it may open late); `configDir` the profile's settings.
    NewMailNotifier(std::function<store::Database *()> cache, QString configDir, QObject *parent = nullptr);
    ~NewMailNotifier() override;

    void setSink(std::unique_ptr<NotificationSink> sink) { m_sink = std::move(sink); }
    NotificationSink *sink() const { return m_sink.get(); }

    // Called whenever any account's state changes: a round starts when the first
    // sync starts and ends when none is running; the summary goes out then.
    void setSyncing(bool anySyncing);

private:
    qint64 highestMessageId() const;
    void summarise();

    std::function<store::Database *()> m_cache;
    QString m_configDir;
    std::unique_ptr<NotificationSink> m_sink;
    bool m_syncing = false;
    qint64 m_baseline = -1;   // the highest message id when the round began
};

} // namespace tern::ui
