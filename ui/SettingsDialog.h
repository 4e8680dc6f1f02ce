#pragma once
// Edit > Settings: accounts (sync policy, Unified Inbox, remove), identities
// and signatures, display (plain text, the editor's font), remote content
// (the senders allowed so far, removable) and notifications. Everything is
// kept in the profile (desktop.ini, viewer.ini, accounts.ini, the cache's
// sync policies) when the dialog is accepted.
#include "store/AccountConfig.h"
#include "store/Profile.h"

#include <QDialog>
#include <QHash>

class QCheckBox;
class QComboBox;
class QFontComboBox;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QSpinBox;

namespace tern::store { class Database; }

namespace tern::ui {

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    // `cache` may be null (nothing synchronised yet): sync policies are then not shown.
    SettingsDialog(const store::Profile &profile, store::Database *cache, QWidget *parent = nullptr);

    void accept() override;
    // Removes an account after asking (`confirm` false: tests); true when it was removed.
    bool removeAccount(const QString &name, bool confirm = true);

signals:
    void accountsChanged();   // an account was removed: the window loads its accounts again
    void settingsChanged();

private:
    struct AccountEdits {
        QString policy;          // "" = the mode's default
        int days = 30;
        bool unified = true;
        QString displayName, signature;
    };
    void showAccount(int row);
    void keepAccount();   // the shown account's fields into m_edits

    store::Profile m_profile;
    store::Database *m_cache;
    QList<store::AccountConfig> m_accounts;
    QHash<QString, AccountEdits> m_edits;
    QString m_shown;
    QListWidget *m_accountList = nullptr;
    QComboBox *m_policy = nullptr;
    QSpinBox *m_days = nullptr;
    QCheckBox *m_unified = nullptr;
    QLineEdit *m_displayName = nullptr;
    QPlainTextEdit *m_signature = nullptr;
    QCheckBox *m_preferPlain = nullptr;
    QFontComboBox *m_editorFont = nullptr;
    QSpinBox *m_editorSize = nullptr;
    QListWidget *m_remoteSenders = nullptr;
    QStringList m_forbidden;   // senders removed from the list
    QCheckBox *m_notify = nullptr;
};

} // namespace tern::ui
