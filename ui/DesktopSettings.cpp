#include "DesktopSettings.h"

#include <QSettings>

namespace tern::ui {

namespace {
// Account names are the user's: percent-encoded as QSettings keys (no '/' or '\\' inside a key).
QString accountKey(const QString &account, const char *field)
{
    return QStringLiteral("account-%1/%2").arg(QString::fromLatin1(account.toUtf8().toPercentEncoding()), QLatin1String(field));
}
} // namespace

DesktopSettings::DesktopSettings(const QString &configDir) : m_file(configDir + QStringLiteral("/desktop.ini")) {}

bool DesktopSettings::inUnifiedInbox(const QString &account) const
{
    return !QSettings(m_file, QSettings::IniFormat).value(QStringLiteral("folders/notUnified")).toStringList().contains(account);
}

void DesktopSettings::setInUnifiedInbox(const QString &account, bool on)
{
    QSettings s(m_file, QSettings::IniFormat);
    QStringList out = s.value(QStringLiteral("folders/notUnified")).toStringList();
    out.removeAll(account);
    if (!on)
        out << account;
    s.setValue(QStringLiteral("folders/notUnified"), out);
}

DesktopSettings::Layout DesktopSettings::layout() const
{
    return QSettings(m_file, QSettings::IniFormat).value(QStringLiteral("window/layout")).toString() == QLatin1String("wide") ? Layout::Wide
                                                                                                                       : Layout::Classic;
}

void DesktopSettings::setLayout(Layout l)
{
    QSettings(m_file, QSettings::IniFormat)
        .setValue(QStringLiteral("window/layout"), l == Layout::Wide ? QStringLiteral("wide") : QStringLiteral("classic"));
}

bool DesktopSettings::notifications() const
{
    return QSettings(m_file, QSettings::IniFormat).value(QStringLiteral("notify/newMail"), true).toBool();
}

void DesktopSettings::setNotifications(bool on)
{
    QSettings(m_file, QSettings::IniFormat).setValue(QStringLiteral("notify/newMail"), on);
}

QString DesktopSettings::displayName(const QString &account) const
{
    return QSettings(m_file, QSettings::IniFormat).value(accountKey(account, "name")).toString();
}

void DesktopSettings::setDisplayName(const QString &account, const QString &name)
{
    QSettings(m_file, QSettings::IniFormat).setValue(accountKey(account, "name"), name.simplified());
}

QString DesktopSettings::signature(const QString &account) const
{
    return QSettings(m_file, QSettings::IniFormat).value(accountKey(account, "signature")).toString();
}

void DesktopSettings::setSignature(const QString &account, const QString &text)
{
    QSettings(m_file, QSettings::IniFormat).setValue(accountKey(account, "signature"), text);
}

QString DesktopSettings::editorFont() const
{
    return QSettings(m_file, QSettings::IniFormat).value(QStringLiteral("display/editorFont")).toString();
}

void DesktopSettings::setEditorFont(const QString &font)
{
    QSettings(m_file, QSettings::IniFormat).setValue(QStringLiteral("display/editorFont"), font);
}

void DesktopSettings::forgetAccount(const QString &account)
{
    QSettings s(m_file, QSettings::IniFormat);
    s.remove(accountKey(account, "name").section(QLatin1Char('/'), 0, 0));
    QStringList out = s.value(QStringLiteral("folders/notUnified")).toStringList();
    out.removeAll(account);
    s.setValue(QStringLiteral("folders/notUnified"), out);
}

} // namespace tern::ui
