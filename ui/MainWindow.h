#pragma once
#include "store/AccountConfig.h"
#include "store/Profile.h"
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

private:
    void buildMenus();
    void loadAccounts();

    store::Profile m_profile;
    QTreeWidget *m_folders = nullptr;
    QTreeView *m_messages = nullptr;
    QLabel *m_viewer = nullptr;
};

} // namespace tern::ui
