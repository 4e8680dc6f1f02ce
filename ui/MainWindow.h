#pragma once
#include "mime/Composer.h"
#include "store/AccountConfig.h"
#include "store/Database.h"
#include "store/Profile.h"
#include <QHash>
#include <QSet>
#include <functional>
#include <memory>
#include <QMainWindow>

class QAction;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QToolButton;
class QTreeView;
class QTreeWidget;

namespace tern::ui {

class AccountSync;
class ComposerWindow;
class MessageView;

// The three-pane window: folders, message list, viewer; a toolbar, the
// status bar with each account's state and the pending offline actions, the
// "Work Offline" switch and the activity panel (the engines' redacted
// protocol log). Every action on mail goes through the offline journal, so it
// works the same with and without a network and reaches the server at the
// next sync.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    MainWindow(const store::Profile &profile, QWidget *parent = nullptr);
    ~MainWindow() override;

    MessageView *viewer() const { return m_viewer; }
    // The tern executable that runs the engines (default: this program).
    void setEngineProgram(const QString &path);
    // Starts a sync of every account unless working offline (at start and on "Get Mail").
    void syncAll();
    bool isOffline() const;
    void setOffline(bool offline);
    QAction *action(const QString &name) const;   // by object name: tests and shortcuts
    class NewMailNotifier *notifier() const { return m_notifier; }
    class SettingsDialog *openSettings();   // Edit > Settings

    // Actions on the selected message (what the toolbar and keys do).
    void toggleFlag();
    void deleteSelected();
    void moveSelectedTo(const QString &folder);
    void markSelectedRead(bool read);
    int pendingActions() const;
    bool nextUnread();   // selects the next unread message below the current one

    // The composer: empty, from a mailto: link, or answering the selected message.
    // The account wizard (File > Add Account…, and at start when the profile has none).
    class AccountWizard *addAccount();
    bool hasAccounts() const { return !m_accounts.isEmpty(); }
    class ComposerWindow *compose();
    class ComposerWindow *openMailto(const QString &url);
    class ComposerWindow *reply(int mode);     // mime::ReplyMode
    class ComposerWindow *forward(int mode);   // mime::ForwardMode

signals:
    void syncFinished(const QString &account);

private:
    struct Selected {
        qint64 id = 0, uid = 0;
        QString flags;
        QString account, folder;   // where the message lives (the Unified Inbox shows several)
    };
    void buildActions();
    void buildMenus();
    void buildStatusBar();
    void loadAccounts();
    void refreshFolders();
    QStringList unifiedAccounts() const;   // the accounts whose Inbox the Unified Inbox shows
    void forgetRemovedAccounts();          // after Settings removed one
    void showFolder(const QString &account, const QString &folder);
    void reloadList(qint64 keepId);
    void reloadThreads(qint64 keepId);   // View > Threads
    void showSearchError(const QString &error);   // the search box says what is wrong with its query
    void saveCurrentSearch();                     // the search box's query as a saved search
    void connectSelection();
    void layoutColumns();
    void columnMenu(const QPoint &at);
    bool threaded() const;
    void showMessage(qint64 id);
    bool selected(Selected &out) const;
    ComposerWindow *answer(const std::function<Result<mime::Draft>(const QByteArray &, const mime::Responder &)> &make);
    void afterAction(const Status &s);   // after a move or delete: the list and counts again
    void setSelectedFlag(const QString &flag, bool on);
    void updateAccountStatus();
    void showPendingActions();
    QString trashFolder(const QString &account) const;

    store::Profile m_profile;
    std::unique_ptr<store::Database> m_cache;
    QList<store::AccountConfig> m_accounts;
    QString m_account, m_folder;   // the folder shown
    class MessageListModel *m_list = nullptr;
    class ThreadListModel *m_threads = nullptr;
    class FolderTree *m_folders = nullptr;
    QTreeView *m_messages = nullptr;
    QLineEdit *m_filter = nullptr;
    MessageView *m_viewer = nullptr;
    QHash<QString, AccountSync *> m_syncs;
    QHash<QString, QLabel *> m_accountLabels;
    QProgressBar *m_progress = nullptr;
    QToolButton *m_pending = nullptr;
    QPlainTextEdit *m_log = nullptr;
    QTreeWidget *m_tasks = nullptr;   // the activity panel's tasks (one sync per account)
    QString m_engineProgram;
    class NewMailNotifier *m_notifier = nullptr;
    QToolButton *m_everywhere = nullptr;          // search all folders
    class SearchIndexer *m_indexer = nullptr;
    bool m_savedSearchShown = false;
    QString m_listShown;   // a mailing list's mail from every folder (the pane's Mailing Lists)
    QSet<int> m_shownColumns;   // optional columns the user turned on (the header's menu)
};

} // namespace tern::ui
