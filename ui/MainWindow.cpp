#include "MainWindow.h"

#include "common/Version.h"

#include <QApplication>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QTreeView>
#include <QTreeWidget>

namespace tern::ui {

MainWindow::MainWindow(const store::Profile &profile, QWidget *parent)
    : QMainWindow(parent), m_profile(profile)
{
    setWindowTitle(tr("Tern"));
    resize(1100, 700);

    auto *splitter = new QSplitter(this);
    m_folders = new QTreeWidget(splitter);
    m_folders->setHeaderLabel(tr("Folders"));
    m_folders->setObjectName(QStringLiteral("folderTree"));

    auto *right = new QSplitter(Qt::Vertical, splitter);
    m_messages = new QTreeView(right);
    m_messages->setObjectName(QStringLiteral("messageList"));
    auto *listModel = new QStandardItemModel(0, 3, m_messages);
    listModel->setHorizontalHeaderLabels({tr("Sender"), tr("Subject"), tr("Date")});
    m_messages->setModel(listModel);
    m_messages->setRootIsDecorated(false);
    m_messages->header()->setStretchLastSection(false);
    m_messages->header()->setSectionResizeMode(1, QHeaderView::Stretch);

    m_viewer = new QLabel(tr("No message selected."), right);
    m_viewer->setObjectName(QStringLiteral("viewer"));
    m_viewer->setAlignment(Qt::AlignCenter);
    m_viewer->setTextInteractionFlags(Qt::TextSelectableByMouse);

    right->setSizes({300, 400});
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);
    setCentralWidget(splitter);

    buildMenus();
    loadAccounts();
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::quit);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Tern"), this, [this] {
        QMessageBox::about(this, tr("About Tern"),
                           tr("Tern %1 — a mail client for the Linux desktop.").arg(QLatin1String(kVersion)));
    });
}

void MainWindow::loadAccounts()
{
    const auto accounts = store::AccountStore(m_profile.accountsFile()).load();
    if (!accounts) {
        statusBar()->showMessage(tr("Cannot read accounts: %1").arg(accounts.error().message));
        return;
    }
    for (const auto &a : accounts.value()) {
        auto *item = new QTreeWidgetItem(m_folders, {a.name});
        const auto &server = a.imap ? *a.imap : *a.pop3;
        item->setToolTip(0, server.toString());
        new QTreeWidgetItem(item, {tr("Inbox")});
        item->setExpanded(true);
    }
    if (accounts.value().isEmpty())
        statusBar()->showMessage(tr("No accounts yet — add one with: tern account add"));
    else
        statusBar()->showMessage(tr("%n account(s)", nullptr, int(accounts.value().size())));
}

} // namespace tern::ui
