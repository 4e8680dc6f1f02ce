#pragma once
#include "store/AccountConfig.h"
#include "store/Database.h"
#include "store/Profile.h"
#include <memory>
#include <QMainWindow>

class QTreeWidget;
class QTreeView;
class QLabel;

namespace tern::ui {

// The three-pane window: folders, message list, viewer.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    MainWindow(const store::Profile &profile, QWidget *parent = nullptr);
    class MessageView *viewer() const { return m_viewer; }

private:
    void buildMenus();
    void loadAccounts();
    void showFolder(const QString &account, const QString &folder);
    void showMessage(qint64 id);

    store::Profile m_profile;
    std::unique_ptr<store::Database> m_cache;   // read-only use on the UI thread
    class MessageListModel *m_list = nullptr;
    QTreeWidget *m_folders = nullptr;
    QTreeView *m_messages = nullptr;
    class MessageView *m_viewer = nullptr;
};

} // namespace tern::ui
