#include "MainWindow.h"

#include "MessageView.h"

#include "common/Version.h"
#include "mime/Addresses.h"

#include <QApplication>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QFileInfo>
#include <QSqlQueryModel>
#include <QStatusBar>
#include <QTreeView>
#include <QTreeWidget>

namespace tern::ui {

// Messages of one cached folder. QSqlQueryModel fetches rows as the view
// scrolls (fetchMore), so a large folder opens without loading every row.
class MessageListModel : public QSqlQueryModel {
public:
    using QSqlQueryModel::QSqlQueryModel;
    QVariant data(const QModelIndex &index, int role) const override
    {
        const QVariant v = QSqlQueryModel::data(index, role);
        if (role == Qt::DisplayRole && (index.column() == 0 || index.column() == 1))
            return mime::decodeHeaderText(v.toString().toUtf8());   // RFC 2047 words, for display
        if (role == Qt::FontRole) {
            const bool unread = !QSqlQueryModel::data(this->index(index.row(), 3), Qt::DisplayRole).toString()
                                     .contains(QLatin1String("\\Seen"));
            if (unread) {
                QFont f;
                f.setBold(true);
                return f;
            }
        }
        return v;
    }
};

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
    m_list = new MessageListModel(m_messages);
    m_messages->setModel(m_list);
    m_messages->setRootIsDecorated(false);
    m_messages->header()->setStretchLastSection(false);   // columns are set per folder (showFolder)

    m_viewer = new MessageView(ViewerSettings(m_profile.configDir() + QStringLiteral("/viewer.ini")), right);
    m_viewer->setObjectName(QStringLiteral("viewer"));

    right->setSizes({300, 400});
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);
    setCentralWidget(splitter);

    buildMenus();
    loadAccounts();
    connect(m_messages->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    showMessage(m_list->index(current.row(), 4).data().toLongLong());
                else
                    m_viewer->clear();
            });
}

void MainWindow::showMessage(qint64 id)
{
    if (!m_cache)
        return;
    // The whole message when the cache has it; otherwise a header block made
    // from the fields the header sync stored (raw, encoded words intact).
    auto body = m_cache->exec(QStringLiteral("SELECT raw FROM bodies WHERE message_id = ?"), {id});
    if (body && body.value().next()) {
        m_viewer->showMessage(body.value().value(0).toByteArray());
        return;
    }
    auto q = m_cache->exec(QStringLiteral("SELECT from_header, sender, reply_to, to_header, cc_header, subject, date_header, "
                                          "message_id FROM messages WHERE id = ?"), {id});
    if (!q || !q.value().next()) {
        m_viewer->clear();
        return;
    }
    static const char *const names[] = {"From", "Sender", "Reply-To", "To", "Cc", "Subject", "Date", "Message-ID"};
    QByteArray raw;
    for (int i = 0; i < 8; ++i) {
        QByteArray v = q.value().value(i).toByteArray();
        v.replace('\r', ' ').replace('\n', ' ');   // one line each: a stored value cannot add fields
        if (!v.isEmpty())
            raw += QByteArray(names[i]) + ": " + v + "\r\n";
    }
    raw += "\r\n";
    m_viewer->showMessage(raw, true);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::quit);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *plain = view->addAction(tr("Prefer &Plain Text"));
    plain->setObjectName(QStringLiteral("preferPlain"));
    plain->setCheckable(true);
    plain->setChecked(ViewerSettings(m_profile.configDir() + QStringLiteral("/viewer.ini")).preferPlain());
    connect(plain, &QAction::toggled, m_viewer, &MessageView::setPreferPlain);
    view->addAction(tr("Message &Source"), QKeySequence(Qt::CTRL | Qt::Key_U), m_viewer, &MessageView::showSource);

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
    const QString cacheFile = m_profile.cacheDir() + QStringLiteral("/cache.sqlite");
    if (QFileInfo::exists(cacheFile)) {
        auto db = store::Database::open(cacheFile);
        if (db)
            m_cache = std::move(db.value());
        else
            statusBar()->showMessage(tr("Cannot open the cache: %1").arg(db.error().message));
    }
    for (const auto &a : accounts.value()) {
        auto *item = new QTreeWidgetItem(m_folders, {a.name});
        const auto &server = a.imap ? *a.imap : *a.pop3;
        item->setToolTip(0, server.toString());
        item->setExpanded(true);
        if (!m_cache)
            continue;
        // Special folders first (RFC 6154 order of a mail client), then by name.
        auto q = m_cache->exec(QStringLiteral(
            "SELECT b.name, (SELECT count(*) FROM messages m WHERE m.mailbox_id = b.id AND m.flags NOT LIKE '%\\Seen%') "
            "FROM mailboxes b WHERE b.account = ? AND b.exists_on_server = 1 ORDER BY "
            "CASE WHEN b.name = 'INBOX' THEN 0 WHEN b.attributes LIKE '%\\Drafts%' THEN 1 WHEN b.attributes LIKE '%\\Sent%' THEN 2 "
            "WHEN b.attributes LIKE '%\\Archive%' THEN 3 WHEN b.attributes LIKE '%\\Junk%' THEN 4 "
            "WHEN b.attributes LIKE '%\\Trash%' THEN 5 ELSE 6 END, b.name"), {a.name});
        if (!q)
            continue;
        while (q.value().next()) {
            const QString name = q.value().value(0).toString();
            const qint64 unread = q.value().value(1).toLongLong();
            auto *folder = new QTreeWidgetItem(item, {unread ? tr("%1 (%2)").arg(name).arg(unread) : name});
            folder->setData(0, Qt::UserRole, a.name);
            folder->setData(0, Qt::UserRole + 1, name);
        }
    }
    connect(m_folders, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *current) {
        if (current && current->data(0, Qt::UserRole).isValid())
            showFolder(current->data(0, Qt::UserRole).toString(), current->data(0, Qt::UserRole + 1).toString());
    });
    // Open on the first account's first folder (its Inbox), as mail clients do.
    if (m_folders->topLevelItemCount() && m_folders->topLevelItem(0)->childCount())
        m_folders->setCurrentItem(m_folders->topLevelItem(0)->child(0));
    if (accounts.value().isEmpty())
        statusBar()->showMessage(tr("No accounts yet — add one with: tern account add"));
    else if (!m_cache)
        statusBar()->showMessage(tr("%n account(s), nothing synchronised yet — run: tern sync", nullptr, int(accounts.value().size())));
    else
        statusBar()->showMessage(tr("%n account(s)", nullptr, int(accounts.value().size())));
}

void MainWindow::showFolder(const QString &account, const QString &folder)
{
    if (!m_cache)
        return;
    m_viewer->clear();
    QSqlQuery q(m_cache->db());
    q.prepare(QStringLiteral("SELECT m.from_header, m.subject, m.date_header, m.flags, m.id FROM messages m "
                             "JOIN mailboxes b ON b.id = m.mailbox_id WHERE b.account = ? AND b.name = ? "
                             "ORDER BY m.received_at DESC, m.id DESC"));
    q.addBindValue(account);
    q.addBindValue(folder);
    q.exec();
    m_list->setQuery(std::move(q));
    m_list->setHeaderData(0, Qt::Horizontal, tr("Sender"));
    m_list->setHeaderData(1, Qt::Horizontal, tr("Subject"));
    m_list->setHeaderData(2, Qt::Horizontal, tr("Date"));
    m_messages->setColumnHidden(3, true);
    m_messages->setColumnHidden(4, true);
    m_messages->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_messages->setColumnWidth(0, 260);
}

} // namespace tern::ui
