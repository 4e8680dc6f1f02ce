#include "SettingsDialog.h"

#include "DesktopSettings.h"
#include "MessageView.h"

#include "store/Database.h"
#include "store/Keyring.h"
#include "store/SyncPolicy.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace tern::ui {

namespace {
constexpr int kMaxSignature = 4000;   // characters: a signature, not a letter
}

SettingsDialog::SettingsDialog(const store::Profile &profile, store::Database *cache, QWidget *parent)
    : QDialog(parent), m_profile(profile), m_cache(cache)
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings — Tern"));
    resize(640, 480);
    auto *layout = new QVBoxLayout(this);
    auto *tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("settingsTabs"));
    layout->addWidget(tabs);
    const DesktopSettings desktop(m_profile.configDir());
    const ViewerSettings viewer(m_profile.configDir() + QStringLiteral("/viewer.ini"));

    // Accounts and their identities: one list, the selected account's fields beside it.
    auto *accountsPage = new QWidget(tabs);
    auto *accountsLayout = new QHBoxLayout(accountsPage);
    m_accountList = new QListWidget(accountsPage);
    m_accountList->setObjectName(QStringLiteral("accountList"));
    m_accountList->setMaximumWidth(200);
    accountsLayout->addWidget(m_accountList);
    auto *right = new QVBoxLayout;
    auto *syncBox = new QGroupBox(tr("Synchronisation"), accountsPage);
    auto *syncForm = new QFormLayout(syncBox);
    m_policy = new QComboBox(syncBox);
    m_policy->setObjectName(QStringLiteral("syncPolicy"));
    m_policy->addItem(tr("As the account's mode says"), QString());
    m_policy->addItem(tr("Every message, for reading offline"), QStringLiteral("all"));
    m_policy->addItem(tr("Messages of the last days"), QStringLiteral("days"));
    m_policy->addItem(tr("Headers only (bodies when read)"), QStringLiteral("headers"));
    m_policy->addItem(tr("Nothing (skip this account)"), QStringLiteral("skip"));
    syncForm->addRow(tr("Keep offline:"), m_policy);
    m_days = new QSpinBox(syncBox);
    m_days->setObjectName(QStringLiteral("syncDays"));
    m_days->setRange(1, 3650);
    m_days->setSuffix(tr(" days"));
    syncForm->addRow(tr("Days:"), m_days);
    connect(m_policy, &QComboBox::currentIndexChanged, this, [this] { m_days->setEnabled(m_policy->currentData().toString() == QLatin1String("days")); });
    m_unified = new QCheckBox(tr("Show this account's Inbox in the Unified Inbox"), syncBox);
    m_unified->setObjectName(QStringLiteral("inUnifiedInbox"));
    syncForm->addRow(m_unified);
    right->addWidget(syncBox);
    auto *identityBox = new QGroupBox(tr("Identity"), accountsPage);
    auto *identityForm = new QFormLayout(identityBox);
    m_displayName = new QLineEdit(identityBox);
    m_displayName->setObjectName(QStringLiteral("displayName"));
    m_displayName->setMaxLength(200);
    m_displayName->setPlaceholderText(tr("Your name, as recipients see it"));
    identityForm->addRow(tr("Name:"), m_displayName);
    auto *address = new QLabel(identityBox);
    address->setObjectName(QStringLiteral("identityAddress"));
    identityForm->addRow(tr("Address:"), address);
    m_signature = new QPlainTextEdit(identityBox);
    m_signature->setObjectName(QStringLiteral("signature"));
    m_signature->setFont(QFont(QStringLiteral("monospace")));
    m_signature->setPlaceholderText(tr("Added below \"-- \" to new messages and replies"));
    identityForm->addRow(tr("Signature:"), m_signature);
    right->addWidget(identityBox);
    auto *remove = new QPushButton(tr("&Remove Account…"), accountsPage);
    remove->setObjectName(QStringLiteral("removeAccount"));
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_accountList->currentItem())
            removeAccount(m_accountList->currentItem()->text());
    });
    right->addWidget(remove, 0, Qt::AlignLeft);
    accountsLayout->addLayout(right, 1);
    tabs->addTab(accountsPage, tr("&Accounts"));

    auto accounts = store::AccountStore(m_profile.accountsFile()).load();
    if (accounts)
        m_accounts = accounts.value();
    for (const auto &a : std::as_const(m_accounts)) {
        AccountEdits e;
        if (m_cache) {
            // The account's own policy only (not its mode's default, which the first entry stands for).
            auto own = m_cache->exec(QStringLiteral("SELECT policy FROM sync_policy WHERE account = ? AND mailbox = ''"), {a.name});
            if (own && own.value().next()) {
                if (auto p = store::SyncPolicy::parse(own.value().value(0).toString())) {
                    e.policy = p.value().kind == store::SyncPolicy::Kind::Days ? QStringLiteral("days") : p.value().toString();
                    if (p.value().days > 0)
                        e.days = p.value().days;
                }
            }
        }
        e.unified = desktop.inUnifiedInbox(a.name);
        e.displayName = desktop.displayName(a.name);
        e.signature = desktop.signature(a.name);
        m_edits.insert(a.name, e);
        m_accountList->addItem(a.name);
    }
    connect(m_accountList, &QListWidget::currentRowChanged, this, [this, address](int row) {
        keepAccount();
        showAccount(row);
        if (row >= 0 && row < m_accounts.size())
            address->setText(m_accounts.at(row).address.isEmpty() ? tr("(not set)") : m_accounts.at(row).address);
    });
    m_policy->setEnabled(m_cache != nullptr);
    if (!m_accounts.isEmpty())
        m_accountList->setCurrentRow(0);
    else
        accountsPage->setEnabled(false);

    // Display.
    auto *display = new QWidget(tabs);
    auto *displayForm = new QFormLayout(display);
    m_preferPlain = new QCheckBox(tr("Show the plain-text version of messages when there is one"), display);
    m_preferPlain->setObjectName(QStringLiteral("preferPlain"));
    m_preferPlain->setChecked(viewer.preferPlain());
    displayForm->addRow(m_preferPlain);
    m_editorFont = new QFontComboBox(display);
    m_editorFont->setObjectName(QStringLiteral("editorFont"));
    m_editorSize = new QSpinBox(display);
    m_editorSize->setObjectName(QStringLiteral("editorFontSize"));
    m_editorSize->setRange(6, 48);
    QFont editor(QStringLiteral("monospace"));
    if (!desktop.editorFont().isEmpty())
        editor.fromString(desktop.editorFont());
    m_editorFont->setCurrentFont(editor);
    m_editorSize->setValue(editor.pointSize() > 0 ? editor.pointSize() : 10);
    auto *fontRow = new QHBoxLayout;
    fontRow->addWidget(m_editorFont, 1);
    fontRow->addWidget(m_editorSize);
    displayForm->addRow(tr("Composer font:"), fontRow);
    tabs->addTab(display, tr("&Display"));

    // Privacy: remote content.
    auto *privacy = new QWidget(tabs);
    auto *privacyLayout = new QVBoxLayout(privacy);
    auto *privacyText = new QLabel(tr("Remote content (images and styles from the web) is blocked: loading it tells the sender "
                                      "that and when you read the message. These senders' messages load it:"), privacy);
    privacyText->setWordWrap(true);
    privacyLayout->addWidget(privacyText);
    m_remoteSenders = new QListWidget(privacy);
    m_remoteSenders->setObjectName(QStringLiteral("remoteSenders"));
    m_remoteSenders->addItems(viewer.remoteSenders());
    privacyLayout->addWidget(m_remoteSenders);
    auto *forbid = new QPushButton(tr("Re&move Sender"), privacy);
    forbid->setObjectName(QStringLiteral("removeSender"));
    connect(forbid, &QPushButton::clicked, this, [this] {
        if (QListWidgetItem *item = m_remoteSenders->currentItem()) {
            m_forbidden << item->text();
            delete item;
        }
    });
    privacyLayout->addWidget(forbid, 0, Qt::AlignLeft);
    tabs->addTab(privacy, tr("&Privacy"));

    // Notifications.
    auto *notifications = new QWidget(tabs);
    auto *notifyLayout = new QVBoxLayout(notifications);
    m_notify = new QCheckBox(tr("Tell me when new mail arrives in an Inbox (one notification per check)"), notifications);
    m_notify->setObjectName(QStringLiteral("notifyNewMail"));
    m_notify->setChecked(desktop.notifications());
    notifyLayout->addWidget(m_notify);
    notifyLayout->addStretch(1);
    tabs->addTab(notifications, tr("&Notifications"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    layout->addWidget(buttons);
}

void SettingsDialog::showAccount(int row)
{
    m_shown = row >= 0 && row < m_accounts.size() ? m_accounts.at(row).name : QString();
    const AccountEdits e = m_edits.value(m_shown);
    m_policy->setCurrentIndex(qMax(0, m_policy->findData(e.policy)));
    m_days->setValue(e.days);
    m_days->setEnabled(e.policy == QLatin1String("days"));
    m_unified->setChecked(e.unified);
    m_displayName->setText(e.displayName);
    m_signature->setPlainText(e.signature);
}

void SettingsDialog::keepAccount()
{
    if (m_shown.isEmpty() || !m_edits.contains(m_shown))
        return;
    AccountEdits &e = m_edits[m_shown];
    e.policy = m_policy->currentData().toString();
    e.days = m_days->value();
    e.unified = m_unified->isChecked();
    e.displayName = m_displayName->text().simplified();
    e.signature = m_signature->toPlainText().left(kMaxSignature);
}

void SettingsDialog::accept()
{
    keepAccount();
    DesktopSettings desktop(m_profile.configDir());
    for (auto it = m_edits.cbegin(); it != m_edits.cend(); ++it) {
        const AccountEdits &e = it.value();
        desktop.setInUnifiedInbox(it.key(), e.unified);
        desktop.setDisplayName(it.key(), e.displayName);
        desktop.setSignature(it.key(), e.signature);
        if (!m_cache)
            continue;
        std::optional<store::SyncPolicy> policy;
        if (!e.policy.isEmpty()) {
            auto p = store::SyncPolicy::parse(e.policy == QLatin1String("days") ? QStringLiteral("days=%1").arg(e.days) : e.policy);
            if (p)
                policy = p.value();
        }
        if (auto s = store::SyncPolicyStore(*m_cache).set(it.key(), QString(), policy); !s) {
            QMessageBox::warning(this, tr("Tern"), s.error().message);
            return;
        }
    }
    ViewerSettings viewer(m_profile.configDir() + QStringLiteral("/viewer.ini"));
    viewer.setPreferPlain(m_preferPlain->isChecked());
    for (const QString &sender : std::as_const(m_forbidden))
        viewer.forbidRemoteFor(sender);
    QFont editor = m_editorFont->currentFont();
    editor.setPointSize(m_editorSize->value());
    desktop.setEditorFont(editor.toString());
    desktop.setNotifications(m_notify->isChecked());
    emit settingsChanged();
    QDialog::accept();
}

bool SettingsDialog::removeAccount(const QString &name, bool confirm)
{
    if (confirm && QMessageBox::question(this, tr("Remove Account"),
                                         tr("Remove the account %1? Its mail in this computer's cache, its offline actions not yet "
                                            "on the server and its unsent messages are deleted. The mail on the server stays.")
                                             .arg(name),
                                         QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) != QMessageBox::Yes)
        return false;
    const QString keyringKey = store::accountKeyringKey(m_profile, name);
    if (auto s = store::AccountStore(m_profile.accountsFile()).remove(name); !s) {
        QMessageBox::warning(this, tr("Tern"), s.error().message);
        return false;
    }
    if (m_cache) {
        // Messages go with their mailboxes (ON DELETE CASCADE); the rest names the account.
        store::Transaction t(*m_cache);
        for (const char *table : {"mailboxes", "journal", "outbox", "sync_policy", "account_state", "pop3_ledger", "orphan_bodies"})
            (void)m_cache->exec(QStringLiteral("DELETE FROM %1 WHERE account = ?").arg(QLatin1String(table)), {name});
        (void)t.commit();
    }
    // Its password too (a keyring that does not answer soon is left alone).
    (void)store::Keyring(QStringLiteral("tern"), std::chrono::seconds(5)).forget(keyringKey);
    DesktopSettings(m_profile.configDir()).forgetAccount(name);
    m_edits.remove(name);
    for (int i = 0; i < m_accounts.size(); ++i) {
        if (m_accounts.at(i).name == name) {
            m_accounts.removeAt(i);
            m_shown.clear();
            delete m_accountList->takeItem(i);
            break;
        }
    }
    emit accountsChanged();
    return true;
}

} // namespace tern::ui
