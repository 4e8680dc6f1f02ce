#pragma once
// What the reader chose for the desktop client, kept in the profile
// (CONFIG/desktop.ini, a QSettings ini file as ViewerSettings does): the
// accounts left out of the Unified Inbox, the window layout, new-mail
// notifications, and per account the identity (display name, signature) the
// composer uses. Read each time it is asked, so every window sees a change.
#include <QString>
#include <QStringList>

namespace tern::ui {

class DesktopSettings {
public:
    enum class Layout { Classic, Wide };   // list above the message, or beside it

    explicit DesktopSettings(const QString &configDir);

    bool inUnifiedInbox(const QString &account) const;
    void setInUnifiedInbox(const QString &account, bool on);

    Layout layout() const;
    void setLayout(Layout l);

    bool notifications() const;
    void setNotifications(bool on);

    // The composer's identity for an account: the name in From and the signature
    // appended below "-- " (RFC 3676 §4.3); empty when not set.
    QString displayName(const QString &account) const;
    void setDisplayName(const QString &account, const QString &name);
    QString signature(const QString &account) const;
    void setSignature(const QString &account, const QString &text);

    // The composer's editor font and the list's; empty: the desktop's.
    QString editorFont() const;
    void setEditorFont(const QString &font);

    // Forgets what is kept about an account (it was removed).
    void forgetAccount(const QString &account);

    QString file() const { return m_file; }

private:
    QString m_file;
};

} // namespace tern::ui
