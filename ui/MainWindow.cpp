#include "MainWindow.h"

#include "AccountSync.h"
#include "AccountWizard.h"
#include "ComposerCrypto.h"
#include "ComposerWindow.h"
#include "KeyManager.h"
#include "DesktopSettings.h"
#include "FolderTree.h"
#include "Icons.h"
#include "NewMailNotifier.h"
#include "SettingsDialog.h"
#include "ListBar.h"
#include "MessageView.h"
#include "SearchFilter.h"
#include "ThreadListModel.h"
#include "TraitsColumns.h"

#include "common/Version.h"
#include "lists/KnownLists.h"
#include "lists/MailingList.h"
#include "crypto/ProtectedMessage.h"
#include "mime/Addresses.h"
#include "mime/MailDate.h"
#include "mime/Mailto.h"
#include "search/SearchQuery.h"
#include "models/WindowedQueryModel.h"
#include "store/MessageStore.h"
#include "sync/OfflineJournal.h"

#include <QActionGroup>
#include <QApplication>
#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QFileInfo>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QShortcut>
#include <QTimer>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace tern::ui {

namespace {
// Columns of the message list query.
// Attachment and Security are worked out per shown row (MessageTraits); Account and
// Folder say where a row of the Unified Inbox lives.
// List: the mailing list (List-Id), hidden until the user shows it.
enum Column { Sender, Subject, Date, Size, Flag, Attachment, Security, Id, Uid, Flags, Account, Folder, List, ColumnCount };
constexpr int kMaxLogLines = 5000;
}

// Messages of one cached folder, by window (models::WindowedQueryModel): the
// folder's order is read at once, a row's columns when the view shows it, so a
// 100,000-message folder opens, scrolls and jumps to its end without loading it.
class MessageListModel : public models::WindowedQueryModel {
    Q_DECLARE_TR_FUNCTIONS(MessageListModel)
public:
    using WindowedQueryModel::WindowedQueryModel;
    // Sorting is the database's: the header's click re-runs the query ordered.
    void sort(int column, Qt::SortOrder order) override
    {
        sortColumn = column;
        sortOrder = order;
        if (resort)
            resort();
    }
    QString orderBy() const
    {
        const char *dir = sortOrder == Qt::AscendingOrder ? "ASC" : "DESC";
        switch (sortColumn) {
        case Sender: return QStringLiteral("m.from_header COLLATE NOCASE %1, m.id DESC").arg(QLatin1String(dir));
        case Subject: return QStringLiteral("m.subject COLLATE NOCASE %1, m.id DESC").arg(QLatin1String(dir));
        case Size: return QStringLiteral("m.size %1, m.id DESC").arg(QLatin1String(dir));
        case Flag: return QStringLiteral("(m.flags LIKE '%\\Flagged%') %1, m.received_at DESC").arg(QLatin1String(dir));
        case List:   // mail from no list last either way
            return QStringLiteral("coalesce(m.list_id, '') = '', m.list_id COLLATE NOCASE %1, m.received_at DESC").arg(QLatin1String(dir));
        default: return QStringLiteral("m.received_at %1, m.id %1").arg(QLatin1String(dir));
        }
    }
    // Flags changed here since the query ran (message id -> flags): the row
    // changes in place instead of the whole folder being queried again.
    QString flagsOf(int row) const
    {
        if (!changedFlags.isEmpty()) {
            const auto it = changedFlags.constFind(WindowedQueryModel::data(index(row, Id)).toLongLong());
            if (it != changedFlags.constEnd())
                return *it;
        }
        return WindowedQueryModel::data(index(row, Flags)).toString();
    }
    void setFlags(int row, const QString &flags)
    {
        changedFlags.insert(WindowedQueryModel::data(index(row, Id)).toLongLong(), flags);
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
    QHash<qint64, QString> changedFlags;   // cleared when the query runs again
    int sortColumn = Date;
    Qt::SortOrder sortOrder = Qt::DescendingOrder;
    std::function<void()> resort;
    mutable TraitsColumns traits;   // the attachment and signed/encrypted columns
    QVariant headerData(int section, Qt::Orientation o, int role) const override
    {
        if (o == Qt::Horizontal && section == Attachment)
            return TraitsColumns::attachmentHeader(role);
        if (o == Qt::Horizontal && section == Security)
            return TraitsColumns::securityHeader(role);
        return WindowedQueryModel::headerData(section, o, role);
    }
    QVariant data(const QModelIndex &index, int role) const override
    {
        if (index.column() == Attachment || index.column() == Security) {
            const qint64 id = WindowedQueryModel::data(this->index(index.row(), Id)).toLongLong();
            return index.column() == Attachment ? traits.attachmentData(id, role) : traits.securityData(id, role);
        }
        const auto flags = [&] { return flagsOf(index.row()); };
        if (role == Qt::DisplayRole && index.column() == Flags)
            return flags();
        const QVariant v = WindowedQueryModel::data(index, role);
        if (role == Qt::DisplayRole) {
            switch (index.column()) {
            case Sender:
            case Subject:
                return mime::decodeHeaderText(v.toString().toUtf8());   // RFC 2047 words, for display
            case Date: {
                const QDateTime d = mime::parseMailDate(v.toString());
                return d.isValid() ? QLocale().toString(d.toLocalTime(), QLocale::ShortFormat) : v;
            }
            case Size: {
                const qint64 bytes = v.toLongLong();   // "526 B", "2 KB": short enough for the column
                return bytes < 1024 ? tr("%1 B").arg(bytes) : QLocale().formattedDataSize(bytes, 0, QLocale::DataSizeTraditionalFormat);
            }
            case Flag:
                return flags().contains(QLatin1String("\\Flagged")) ? QStringLiteral("★") : QString();
            case List:
                return lists::parseListId(v.toString().toUtf8()).displayName();
            default:
                return v;
            }
        }
        if (role == Qt::FontRole && !flags().contains(QLatin1String("\\Seen"))) {
            QFont f;
            f.setBold(true);
            return f;
        }
        if (role == Qt::ForegroundRole && index.column() == Flag)
            return QColor(0xd0, 0x8a, 0x00);
        if (role == Qt::TextAlignmentRole && index.column() == Size)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return v;
    }
};

MainWindow::MainWindow(const store::Profile &profile, QWidget *parent)
    : QMainWindow(parent), m_profile(profile), m_engineProgram(QCoreApplication::applicationFilePath())
{
    installFallbackIcons();
    setWindowTitle(tr("Tern"));
    resize(1100, 700);

    auto *splitter = new QSplitter(this);
    m_folders = new FolderTree(splitter);

    // Classic: the list above the message; wide: beside it (View > Layout, kept in the profile).
    auto *right = new QSplitter(DesktopSettings(m_profile.configDir()).layout() == DesktopSettings::Layout::Wide ? Qt::Horizontal : Qt::Vertical,
                                splitter);
    right->setObjectName(QStringLiteral("messageSplitter"));
    auto *listPane = new QWidget(right);
    auto *listLayout = new QVBoxLayout(listPane);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->setSpacing(2);
    // The search box: Tern's search language over the index (SearchFilter), in this
    // folder or, with "All folders", everywhere; a search can be kept as a saved search.
    auto *searchRow = new QHBoxLayout;
    m_filter = new QLineEdit(listPane);
    m_filter->setObjectName(QStringLiteral("quickFilter"));
    m_filter->setPlaceholderText(tr("Search: words, \"phrase\", from:, subject:, is:unread, has:attachment, after:2024-01 … — Ctrl+Shift+K"));
    m_filter->setClearButtonEnabled(true);
    searchRow->addWidget(m_filter);
    m_everywhere = new QToolButton(listPane);
    m_everywhere->setObjectName(QStringLiteral("searchEverywhere"));
    m_everywhere->setText(tr("All folders"));
    m_everywhere->setToolTip(tr("Search every folder of every account, not only this one"));
    m_everywhere->setCheckable(true);
    searchRow->addWidget(m_everywhere);
    auto *saveSearch = new QToolButton(listPane);
    saveSearch->setObjectName(QStringLiteral("saveSearch"));
    saveSearch->setText(tr("Save…"));
    saveSearch->setToolTip(tr("Keep this search as a saved search in the folder pane"));
    searchRow->addWidget(saveSearch);
    listLayout->addLayout(searchRow);
    connect(m_everywhere, &QToolButton::toggled, this, [this] { reloadList(0); });
    connect(saveSearch, &QToolButton::clicked, this, [this] { saveCurrentSearch(); });
    m_indexer = new SearchIndexer(m_engineProgram, m_profile.explicitDir(), this);
    connect(m_indexer, &SearchIndexer::indexed, this, [this] {
        if (!m_filter->text().trimmed().isEmpty()) {
            Selected s;
            reloadList(selected(s) ? s.id : 0);
        }
    });
    m_messages = new QTreeView(listPane);
    m_messages->setObjectName(QStringLiteral("messageList"));
    listLayout->addWidget(m_messages);
    m_list = new MessageListModel(m_messages);
    m_list->setKeyColumn(Id);
    m_list->resort = [this] {
        Selected s;
        reloadList(selected(s) ? s.id : 0);
    };
    m_messages->setModel(m_list);
    // View > Threads: the same columns as conversations (ThreadListModel).
    m_threads = new ThreadListModel({Sender, Subject, Date, Size, Flag, Id, Uid, Flags, ColumnCount}, m_messages);
    m_threads->attach(m_messages);
    m_threads->setHeaderSource(m_list);
    m_threads->setExtraData([this](qint64 id, int column, int role) -> QVariant {
        if (column == Attachment || column == Security)
            return column == Attachment ? m_list->traits.attachmentData(id, role) : m_list->traits.securityData(id, role);
        if (role == Qt::DisplayRole && (column == Account || column == Folder))
            return column == Account ? m_account : m_folder;
        if (role == Qt::DisplayRole && column == List && m_cache) {
            auto q = m_cache->exec(QStringLiteral("SELECT list_id FROM messages WHERE id = ?"), {id});
            return q && q.value().next() ? lists::parseListId(q.value().value(0).toString().toUtf8()).displayName() : QString();
        }
        return {};
    });
    m_messages->setSortingEnabled(true);
    m_messages->header()->setSortIndicator(Date, Qt::DescendingOrder);
    auto *filterDelay = new QTimer(this);
    filterDelay->setSingleShot(true);
    filterDelay->setInterval(150);
    connect(m_filter, &QLineEdit::textChanged, filterDelay, qOverload<>(&QTimer::start));
    connect(filterDelay, &QTimer::timeout, this, [this] {
        if (!m_filter->text().trimmed().isEmpty())
            m_indexer->update(m_cache.get());   // what arrived since: found once indexed
        reloadList(0);
    });
    auto *focusFilter = new QShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K), this);
    connect(focusFilter, &QShortcut::activated, m_filter, [this] { m_filter->setFocus(); m_filter->selectAll(); });
    m_messages->setRootIsDecorated(false);
    m_messages->setUniformRowHeights(true);   // large folders scroll without measuring every row
    m_messages->header()->setStretchLastSection(false);   // columns are set per folder (showFolder)
    m_messages->header()->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_messages->header(), &QWidget::customContextMenuRequested, this, &MainWindow::columnMenu);
    for (const QString &c : QSettings(m_profile.configDir() + QStringLiteral("/viewer.ini"), QSettings::IniFormat)
                                .value(QStringLiteral("columns")).toStringList())
    {
        bool ok = false;
        const int column = c.toInt(&ok);
        if (ok && column >= -ColumnCount && column < ColumnCount)
            m_shownColumns.insert(column);
    }

    m_viewer = new MessageView(ViewerSettings(m_profile.configDir() + QStringLiteral("/viewer.ini")), right);
    m_viewer->setObjectName(QStringLiteral("viewer"));

    right->setSizes({300, 400});
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);
    setCentralWidget(splitter);

    // The activity panel: each task with its progress and state, then what the
    // engines say, their protocol logs redacted.
    auto *dock = new QDockWidget(tr("Activity"), this);
    dock->setObjectName(QStringLiteral("activityPanel"));
    auto *activity = new QSplitter(Qt::Vertical, dock);
    m_tasks = new QTreeWidget(activity);
    m_tasks->setObjectName(QStringLiteral("activityTasks"));
    m_tasks->setHeaderLabels({tr("Task"), tr("Progress"), tr("State")});
    m_tasks->setRootIsDecorated(false);
    m_tasks->setColumnWidth(0, 220);
    m_tasks->setColumnWidth(1, 160);
    m_log = new QPlainTextEdit(activity);
    m_log->setObjectName(QStringLiteral("activityLog"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(kMaxLogLines);
    m_log->setLineWrapMode(QPlainTextEdit::NoWrap);
    activity->setStretchFactor(0, 1);   // a few task rows over a long log
    activity->setStretchFactor(1, 3);
    dock->setWidget(activity);
    addDockWidget(Qt::BottomDockWidgetArea, dock);
    dock->hide();

    m_notifier = new NewMailNotifier([this] { return m_cache.get(); }, m_profile.configDir(), this);
    buildActions();
    buildMenus();
    buildStatusBar();
    connect(m_viewer->listBar(), &ListBar::composeRequested, this, [this](const QUrl &mailto) { openMailto(mailto.toString()); });
    loadAccounts();
    connectSelection();
}

// The list's selection shows the message; again after the list changes model (View > Threads).
void MainWindow::connectSelection()
{
    disconnect(m_messages->selectionModel(), &QItemSelectionModel::currentRowChanged, this, nullptr);
    connect(m_messages->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    showMessage(current.siblingAtColumn(Id).data().toLongLong());
                else
                    m_viewer->clear();
            });
}

bool MainWindow::threaded() const
{
    return m_messages->model() == m_threads;
}

MainWindow::~MainWindow()
{
    // The list's models read through the cache's connection, which goes with
    // this object's members; the views, destroyed after them as children, must
    // not ask the models for rows while they hide (a crash at closing).
    if (m_messages)
        m_messages->setModel(nullptr);
}

void MainWindow::setEngineProgram(const QString &path)
{
    m_engineProgram = path;
    m_indexer->setProgram(path);
    for (AccountSync *s : std::as_const(m_syncs))
        s->setProgram(path);
}

QAction *MainWindow::action(const QString &name) const
{
    return findChild<QAction *>(name);
}

void MainWindow::buildActions()
{
    const auto make = [this](const QString &name, const QString &text, const QString &icon, const QKeySequence &key,
                             auto slot) {
        auto *a = new QAction(QIcon::fromTheme(icon), text, this);
        a->setObjectName(name);
        if (!key.isEmpty())
            a->setShortcut(key);
        connect(a, &QAction::triggered, this, slot);
        return a;
    };
    make(QStringLiteral("getMail"), tr("&Get Mail"), QStringLiteral("mail-receive"), QKeySequence(Qt::Key_F5), [this] { syncAll(); });
    make(QStringLiteral("toggleFlag"), tr("&Flag"), QStringLiteral("mail-mark-important"), QKeySequence(Qt::Key_Exclam),
         [this] { toggleFlag(); });
    make(QStringLiteral("deleteMessage"), tr("&Delete"), QStringLiteral("edit-delete"), QKeySequence::Delete,
         [this] { deleteSelected(); });
    make(QStringLiteral("markRead"), tr("Mark &Read"), QStringLiteral("mail-mark-read"), QKeySequence(Qt::Key_M),
         [this] {
             Selected s;
             if (selected(s))
                 markSelectedRead(!s.flags.contains(QLatin1String("\\Seen")));
         });
    make(QStringLiteral("moveMessage"), tr("&Move To…"), QStringLiteral("mail-move"), QKeySequence(Qt::SHIFT | Qt::Key_M), [this] {
        Selected s;
        if (!m_cache || !selected(s))
            return;
        QStringList folders;
        auto q = m_cache->exec(QStringLiteral("SELECT name FROM mailboxes WHERE account = ? AND exists_on_server = 1 ORDER BY name"),
                               {s.account});
        while (q && q.value().next())
            if (q.value().value(0).toString() != s.folder)
                folders << q.value().value(0).toString();
        bool ok = false;
        const QString target = QInputDialog::getItem(this, tr("Move Message"), tr("Move to folder:"), folders, 0, false, &ok);
        if (ok && !target.isEmpty())
            moveSelectedTo(target);
    });
    make(QStringLiteral("newMessage"), tr("&New Message"), QStringLiteral("mail-message-new"), QKeySequence::New, [this] { compose(); });
    make(QStringLiteral("reply"), tr("&Reply"), QStringLiteral("mail-reply-sender"), QKeySequence(Qt::Key_R),
         [this] { reply(int(mime::ReplyMode::Sender)); });
    make(QStringLiteral("replyAll"), tr("Reply to &All"), QStringLiteral("mail-reply-all"), QKeySequence(Qt::SHIFT | Qt::Key_R),
         [this] { reply(int(mime::ReplyMode::All)); });
    make(QStringLiteral("replyList"), tr("Reply to &List"), QStringLiteral("mail-reply-list"), QKeySequence(Qt::Key_L),
         [this] { reply(int(mime::ReplyMode::List)); });
    make(QStringLiteral("forward"), tr("&Forward"), QStringLiteral("mail-forward"), QKeySequence(Qt::Key_F),
         [this] { forward(int(mime::ForwardMode::Inline)); });
    make(QStringLiteral("forwardAttached"), tr("Forward as &Attachment"), QStringLiteral("mail-forward"), QKeySequence(),
         [this] { forward(int(mime::ForwardMode::Attached)); });
    make(QStringLiteral("nextUnread"), tr("&Next Unread"), QStringLiteral("go-next"), QKeySequence(Qt::Key_N), [this] { nextUnread(); });
    make(QStringLiteral("pageOrNext"), tr("Page Down or Next Unread"), QString(), QKeySequence(Qt::Key_Space), [this] {
        // Space reads on: the next page of the message, then the next unread one.
        if (!m_viewer->pageDown())
            nextUnread();
    });
    auto *offline = make(QStringLiteral("workOffline"), tr("Work &Offline"), QStringLiteral("network-offline"), QKeySequence(),
                         [this](bool on) { setOffline(on); });
    offline->setCheckable(true);
    offline->setChecked(QSettings(m_profile.configDir() + QStringLiteral("/viewer.ini"), QSettings::IniFormat)
                            .value(QStringLiteral("offline"), false).toBool());

    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    for (const char *name : {"getMail", "newMessage", "reply", "replyAll", "forward", "toggleFlag", "moveMessage", "deleteMessage"})
        bar->addAction(action(QLatin1String(name)));
    bar->addSeparator();
    bar->addAction(offline);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Add Account…"), this, [this] { addAccount(); })->setObjectName(QStringLiteral("addAccount"));
    file->addSeparator();
    file->addAction(action(QStringLiteral("getMail")));
    file->addAction(action(QStringLiteral("workOffline")));
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::quit);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *settings = edit->addAction(QIcon::fromTheme(QStringLiteral("preferences-system")), tr("&Settings…"), this, [this] { openSettings(); });
    settings->setObjectName(QStringLiteral("settings"));
    settings->setShortcut(QKeySequence::Preferences);

    QMenu *message = menuBar()->addMenu(tr("&Message"));
    for (const char *name : {"newMessage", "reply", "replyAll", "replyList", "forward", "forwardAttached"})
        message->addAction(action(QLatin1String(name)));
    message->addSeparator();
    for (const char *name : {"toggleFlag", "markRead", "moveMessage", "deleteMessage"})
        message->addAction(action(QLatin1String(name)));

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *plain = view->addAction(tr("Prefer &Plain Text"));
    plain->setObjectName(QStringLiteral("preferPlain"));
    plain->setCheckable(true);
    plain->setChecked(ViewerSettings(m_profile.configDir() + QStringLiteral("/viewer.ini")).preferPlain());
    connect(plain, &QAction::toggled, m_viewer, &MessageView::setPreferPlain);
    view->addAction(tr("Message &Source"), QKeySequence(Qt::CTRL | Qt::Key_U), m_viewer, &MessageView::showSource);
    QMenu *layout = view->addMenu(tr("&Layout"));
    auto *layouts = new QActionGroup(layout);
    for (const auto &[name, text, mode] : {std::tuple{"layoutClassic", tr("&Classic (message below the list)"), DesktopSettings::Layout::Classic},
                                           std::tuple{"layoutWide", tr("&Wide (message beside the list)"), DesktopSettings::Layout::Wide}}) {
        QAction *a = layout->addAction(text);
        a->setObjectName(QLatin1String(name));
        a->setCheckable(true);
        a->setChecked(DesktopSettings(m_profile.configDir()).layout() == mode);
        layouts->addAction(a);
        connect(a, &QAction::triggered, this, [this, mode = mode] {
            DesktopSettings(m_profile.configDir()).setLayout(mode);
            findChild<QSplitter *>(QStringLiteral("messageSplitter"))->setOrientation(mode == DesktopSettings::Layout::Wide ? Qt::Horizontal : Qt::Vertical);
        });
    }
    QAction *activity = findChild<QDockWidget *>(QStringLiteral("activityPanel"))->toggleViewAction();
    activity->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    view->addAction(activity);
    view->addSeparator();
    QAction *threads = view->addAction(tr("&Threads"));
    threads->setObjectName(QStringLiteral("threadView"));
    threads->setCheckable(true);
    threads->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    threads->setChecked(QSettings(m_profile.configDir() + QStringLiteral("/viewer.ini"), QSettings::IniFormat)
                            .value(QStringLiteral("threads"), false).toBool());
    connect(threads, &QAction::toggled, this, [this](bool on) {
        QSettings(m_profile.configDir() + QStringLiteral("/viewer.ini"), QSettings::IniFormat).setValue(QStringLiteral("threads"), on);
        Selected s;
        reloadList(selected(s) ? s.id : 0);
    });
    // JWZ's subject grouping: off by default (unrelated "Hello"s would join).
    QAction *bySubject = view->addAction(tr("Join Threads by &Subject"));
    bySubject->setObjectName(QStringLiteral("threadsBySubject"));
    bySubject->setCheckable(true);
    bySubject->setToolTip(tr("Also put messages without references into a thread with the same subject"));
    bySubject->setChecked(QSettings(m_profile.configDir() + QStringLiteral("/viewer.ini"), QSettings::IniFormat)
                              .value(QStringLiteral("threadsBySubject"), false).toBool());
    m_threads->setGroupBySubject(bySubject->isChecked());
    connect(bySubject, &QAction::toggled, this, [this](bool on) {
        QSettings(m_profile.configDir() + QStringLiteral("/viewer.ini"), QSettings::IniFormat).setValue(QStringLiteral("threadsBySubject"), on);
        m_threads->setGroupBySubject(on);
        Selected s;
        reloadList(selected(s) ? s.id : 0);
    });

    QMenu *tools = menuBar()->addMenu(tr("&Tools"));
    tools->addAction(tr("&Keys…"), this, [this] {
        auto *keys = new KeyManager(this);
        keys->setAttribute(Qt::WA_DeleteOnClose);
        keys->open();
    })->setObjectName(QStringLiteral("keyManager"));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Tern"), this, [this] {
        QMessageBox::about(this, tr("About Tern"),
                           tr("Tern %1 — a mail client for the Linux desktop.").arg(QLatin1String(kVersion)));
    });
}

void MainWindow::buildStatusBar()
{
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("syncProgress"));
    m_progress->setMaximumWidth(160);
    m_progress->hide();
    statusBar()->addPermanentWidget(m_progress);
    m_pending = new QToolButton(this);
    m_pending->setObjectName(QStringLiteral("pendingActions"));
    m_pending->setAutoRaise(true);
    connect(m_pending, &QToolButton::clicked, this, &MainWindow::showPendingActions);
    statusBar()->addPermanentWidget(m_pending);
}

bool MainWindow::isOffline() const
{
    return action(QStringLiteral("workOffline"))->isChecked();
}

void MainWindow::setOffline(bool offline)
{
    QAction *a = action(QStringLiteral("workOffline"));
    if (a->isChecked() != offline)
        a->setChecked(offline);   // setChecked does not trigger: no recursion
    QSettings(m_profile.configDir() + QStringLiteral("/viewer.ini"), QSettings::IniFormat).setValue(QStringLiteral("offline"), offline);
    for (AccountSync *s : std::as_const(m_syncs))
        s->setOffline(offline);
    updateAccountStatus();
    if (!offline)
        syncAll();   // back online: what was done offline goes to the server now
}

void MainWindow::syncAll()
{
    for (AccountSync *s : std::as_const(m_syncs))
        s->start();
}

void MainWindow::loadAccounts()
{
    const auto accounts = store::AccountStore(m_profile.accountsFile()).load();
    if (!accounts) {
        statusBar()->showMessage(tr("Cannot read accounts: %1").arg(accounts.error().message));
        return;
    }
    m_accounts = accounts.value();
    for (const auto &a : std::as_const(m_accounts)) {
        if (m_syncs.contains(a.name))
            continue;   // loaded again after the wizard added one
        auto *sync = new AccountSync(a.name, m_engineProgram, m_profile.explicitDir(), this);
        m_syncs.insert(a.name, sync);
        sync->setOffline(isOffline());
        auto *label = new QLabel(this);
        label->setObjectName(QStringLiteral("accountState-") + a.name);
        statusBar()->addPermanentWidget(label);
        m_accountLabels.insert(a.name, label);
        auto *task = new QTreeWidgetItem(m_tasks, {tr("Synchronise %1").arg(a.name)});
        task->setData(0, Qt::UserRole, a.name);
        auto *bar = new QProgressBar(m_tasks);
        bar->setRange(0, 1);
        bar->setValue(0);
        bar->setTextVisible(true);
        bar->setFormat(QStringLiteral("%v / %m"));   // folders done of all
        m_tasks->setItemWidget(task, 1, bar);
        connect(sync, &AccountSync::stateChanged, this, &MainWindow::updateAccountStatus);
        connect(sync, &AccountSync::progress, this, [this, task, bar](const QString &folder, int done, int total) {
            m_progress->setRange(0, total);
            m_progress->setValue(done);
            m_progress->show();
            bar->setRange(0, qMax(1, total));
            bar->setValue(done);
            task->setText(2, tr("%1 (folder %2 of %3)").arg(folder).arg(done).arg(total));
        });
        connect(sync, &AccountSync::logLine, this,
                [this](const QString &account, const QString &line) { m_log->appendPlainText(account + QLatin1String("  ") + line); });
        connect(sync, &AccountSync::synced, this, [this, name = a.name] {
            refreshFolders();
            m_indexer->update(m_cache.get());
            Selected s;
            reloadList(selected(s) ? s.id : 0);
            updateAccountStatus();
            emit syncFinished(name);
        });
    }
    connect(m_folders, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *current) {
        // A folder, or the Unified Inbox (no account); an account's own row shows nothing.
        // A saved search is its query in the search box, over all folders.
        if (current && !current->data(0, FolderTree::ListRole).toString().isEmpty()) {
            // A mailing list: its mail from every folder of every account, the search box still filtering.
            if (std::exchange(m_savedSearchShown, false)) {
                const QSignalBlocker quiet(m_everywhere);
                m_everywhere->setChecked(false);
                m_filter->clear();
            }
            m_account.clear();
            m_folder.clear();
            m_listShown = current->data(0, FolderTree::ListRole).toString();
            m_viewer->clear();
            reloadList(0);
            layoutColumns();
        } else if (current && current->data(0, FolderTree::SearchRole).isValid()) {
            m_listShown.clear();
            const QSignalBlocker quiet(m_everywhere);
            m_everywhere->setChecked(true);
            m_filter->setText(current->data(0, FolderTree::SearchRole).toString());
            m_savedSearchShown = true;
            m_viewer->clear();
            reloadList(0);
        } else if (current && current->data(0, FolderTree::FolderRole).isValid()) {
            m_listShown.clear();
            if (std::exchange(m_savedSearchShown, false)) {   // back to a folder: the whole folder
                const QSignalBlocker quiet(m_everywhere);
                m_everywhere->setChecked(false);
                m_filter->clear();
            }
            showFolder(current->data(0, FolderTree::AccountRole).toString(), current->data(0, FolderTree::FolderRole).toString());
        }
    });
    refreshFolders();
    // Open on the first account's first folder (its Inbox), as mail clients do.
    if (QTreeWidgetItem *first = m_folders->firstFolder())
        m_folders->setCurrentItem(first);
    if (m_accounts.isEmpty())
        statusBar()->showMessage(tr("No accounts yet — add one with: tern account add"));
    else if (!m_cache)
        statusBar()->showMessage(tr("%n account(s), nothing synchronised yet — run: tern sync", nullptr, int(m_accounts.size())));
    else
        statusBar()->showMessage(tr("%n account(s)", nullptr, int(m_accounts.size())));
    updateAccountStatus();
}

AccountWizard *MainWindow::addAccount()
{
    if (auto *open = findChild<AccountWizard *>()) {
        open->raise();
        open->activateWindow();
        return open;
    }
    auto *wizard = new AccountWizard(m_profile, this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(wizard, &AccountWizard::accountAdded, this, [this](const QString &name) {
        // The new account joins the window and fetches its mail at once.
        disconnect(m_folders, &QTreeWidget::currentItemChanged, this, nullptr);
        loadAccounts();
        if (AccountSync *s = m_syncs.value(name))
            s->start();
    });
    wizard->open();
    return wizard;
}

void MainWindow::refreshFolders()
{
    const QString cacheFile = m_profile.cacheDir() + QStringLiteral("/cache.sqlite");
    if (!m_cache && QFileInfo::exists(cacheFile)) {
        auto db = store::Database::open(cacheFile);
        if (db)
            m_cache = std::move(db.value());
        else
            statusBar()->showMessage(tr("Cannot open the cache: %1").arg(db.error().message));
    }
    m_folders->refresh(m_cache.get(), m_accounts, unifiedAccounts());
}

SettingsDialog *MainWindow::openSettings()
{
    if (!m_cache)
        refreshFolders();
    auto *d = new SettingsDialog(m_profile, m_cache.get(), this);
    d->setAttribute(Qt::WA_DeleteOnClose);
    connect(d, &SettingsDialog::accountsChanged, this, &MainWindow::forgetRemovedAccounts);
    connect(d, &SettingsDialog::settingsChanged, this, [this] {
        const bool plain = ViewerSettings(m_profile.configDir() + QStringLiteral("/viewer.ini")).preferPlain();
        if (QAction *a = action(QStringLiteral("preferPlain")); a && a->isChecked() != plain)
            a->setChecked(plain);   // the viewer follows (toggled)
        refreshFolders();           // the Unified Inbox may have gained or lost an account
        if (m_account.isEmpty() && m_listShown.isEmpty() && !m_folders->unifiedInbox()) {
            if (QTreeWidgetItem *first = m_folders->firstFolder())
                m_folders->setCurrentItem(first);
        } else {
            Selected s;
            reloadList(selected(s) ? s.id : 0);
        }
    });
    d->open();
    return d;
}

void MainWindow::forgetRemovedAccounts()
{
    const auto accounts = store::AccountStore(m_profile.accountsFile()).load();
    if (!accounts)
        return;
    QStringList names;
    for (const auto &a : accounts.value())
        names << a.name;
    for (auto it = m_syncs.begin(); it != m_syncs.end();) {
        if (names.contains(it.key())) {
            ++it;
            continue;
        }
        it.value()->setOffline(true);   // stops its engine
        it.value()->deleteLater();
        delete m_accountLabels.take(it.key());
        for (int i = m_tasks->topLevelItemCount() - 1; i >= 0; --i)
            if (m_tasks->topLevelItem(i)->data(0, Qt::UserRole).toString() == it.key())
                delete m_tasks->takeTopLevelItem(i);
        it = m_syncs.erase(it);
    }
    m_accounts = accounts.value();
    if (!m_account.isEmpty() && !names.contains(m_account)) {
        m_account.clear();
        m_folder.clear();
        m_list->clear();
        m_viewer->clear();
    }
    refreshFolders();
    updateAccountStatus();
}

QStringList MainWindow::unifiedAccounts() const
{
    QStringList out;
    const DesktopSettings settings(m_profile.configDir());
    for (const auto &a : std::as_const(m_accounts))
        if (settings.inUnifiedInbox(a.name))
            out << a.name;
    return out;
}

void MainWindow::showFolder(const QString &account, const QString &folder)
{
    m_account = account;
    m_folder = folder;
    m_viewer->clear();
    reloadList(0);
    m_list->setHeaderData(Sender, Qt::Horizontal, tr("Sender"));
    m_list->setHeaderData(Subject, Qt::Horizontal, tr("Subject"));
    m_list->setHeaderData(Date, Qt::Horizontal, tr("Date"));
    m_list->setHeaderData(Size, Qt::Horizontal, tr("Size"));
    m_list->setHeaderData(Flag, Qt::Horizontal, QStringLiteral("★"));
    m_list->setHeaderData(List, Qt::Horizontal, tr("Mailing List"));
    m_list->setHeaderData(Account, Qt::Horizontal, tr("Account"));
    m_list->setHeaderData(Folder, Qt::Horizontal, tr("Folder"));
    layoutColumns();
}

void MainWindow::layoutColumns()
{
    for (int c : {Id, Uid, Flags})
        m_messages->setColumnHidden(c, true);
    for (int c : {Account, Folder})   // a mailing list's mail comes from many folders
        m_messages->setColumnHidden(c, m_listShown.isEmpty());
    for (int c : {Size, Attachment, Security, List})   // the header's menu shows or hides these
        m_messages->setColumnHidden(c, c == List ? !m_shownColumns.contains(List) : m_shownColumns.contains(-c - 1));
    m_messages->setColumnWidth(List, 180);
    m_messages->header()->setSectionResizeMode(Subject, QHeaderView::Stretch);
    m_messages->setColumnWidth(Sender, 240);
    m_messages->setColumnWidth(Date, 140);
    m_messages->setColumnWidth(Size, 64);
    m_messages->setColumnWidth(Flag, 28);
    m_messages->setColumnWidth(Attachment, 28);
    m_messages->setColumnWidth(Security, 28);
}

// The header's context menu: which of the optional columns show (kept in viewer.ini).
void MainWindow::columnMenu(const QPoint &at)
{
    QMenu menu(this);
    const QList<QPair<int, QString>> optional{{Size, tr("Size")}, {Attachment, tr("Attachment")},
                                              {Security, tr("Signed / Encrypted")}, {List, tr("Mailing List")}};
    for (const auto &[column, title] : optional) {
        QAction *a = menu.addAction(title);
        a->setObjectName(QStringLiteral("column-%1").arg(column));
        a->setCheckable(true);
        a->setChecked(!m_messages->isColumnHidden(column));
        connect(a, &QAction::toggled, this, [this, column = column](bool on) {
            // List is off unless turned on; the others on unless turned off (stored as -c-1).
            if (column == List) {
                if (on)
                    m_shownColumns.insert(List);
                else
                    m_shownColumns.remove(List);
            } else if (on) {
                m_shownColumns.remove(-column - 1);
            } else {
                m_shownColumns.insert(-column - 1);
            }
            QStringList kept;
            for (int c : std::as_const(m_shownColumns))
                kept << QString::number(c);
            QSettings(m_profile.configDir() + QStringLiteral("/viewer.ini"), QSettings::IniFormat).setValue(QStringLiteral("columns"), kept);
            layoutColumns();
        });
    }
    menu.exec(m_messages->header()->viewport()->mapToGlobal(at));
}

void MainWindow::reloadList(qint64 keepId)
{
    if (!m_cache || (m_folder.isEmpty() && m_listShown.isEmpty() && !m_everywhere->isChecked()))
        return;
    // Threads are per folder: the Unified Inbox stays a flat list.
    const QAction *threadView = action(QStringLiteral("threadView"));
    const bool searchEverywhere = m_everywhere->isChecked() && !m_filter->text().trimmed().isEmpty();
    if (threadView && threadView->isChecked() && !m_account.isEmpty() && m_listShown.isEmpty() && !searchEverywhere) {
        reloadThreads(keepId);
        return;
    }
    if (threaded()) {
        m_messages->setModel(m_list);
        m_messages->setRootIsDecorated(false);
        m_messages->setSortingEnabled(true);
        connectSelection();
        layoutColumns();
    }
    QSqlQuery q(m_cache->db());
    const SearchCondition search = searchCondition(m_filter->text());
    showSearchError(search.error);
    // The Unified Inbox (no account) is the Inboxes of the accounts that take part;
    // a search in "All folders" (or a saved search) every folder of every account.
    const bool everywhere = !search.sql.isEmpty() && m_everywhere->isChecked();
    const QStringList unified = m_account.isEmpty() ? unifiedAccounts() : QStringList();
    const lists::ListCondition list = lists::listCondition(m_listShown);
    const bool listShown = !everywhere && !m_listShown.isEmpty();
    const QString where = everywhere ? QStringLiteral("1")
                        : listShown ? list.sql
                        : m_account.isEmpty()
                              ? QStringLiteral("upper(b.name) = 'INBOX' AND b.account IN (%1)").arg(QStringList(qMax(1, int(unified.size())), QStringLiteral("?")).join(QLatin1Char(',')))
                              : QStringLiteral("b.account = ? AND b.name = ?");
    q.prepare(QStringLiteral("SELECT m.from_header, m.subject, m.date_header, m.size, NULL, NULL, NULL, m.id, m.uid, m.flags, b.account, b.name, m.list_id "
                             "FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id WHERE %1 %2 ORDER BY %3")
                  .arg(where, search.sql.isEmpty() ? QString() : QStringLiteral("AND ") + search.sql, m_list->orderBy()));
    if (everywhere) {
    } else if (listShown) {
        for (const QVariant &v : list.binds)
            q.addBindValue(v);
    } else if (m_account.isEmpty()) {
        for (const QString &a : unified)
            q.addBindValue(a);
        if (unified.isEmpty())
            q.addBindValue(QString());
    } else {
        q.addBindValue(m_account);
        q.addBindValue(m_folder);
    }
    for (const QVariant &v : search.binds)
        q.addBindValue(v);
    q.exec();
    const QSignalBlocker block(m_messages->selectionModel());
    m_list->changedFlags.clear();
    m_list->traits.setCache(m_cache.get());
    m_list->setQuery(std::move(q));
    if (!keepId)
        return;
    // Keep the reader where they were: the same message (found among the keys, no row read).
    if (const int row = m_list->rowOfKey(keepId); row >= 0)
        m_messages->setCurrentIndex(m_list->index(row, Sender));
}

void MainWindow::showSearchError(const QString &error)
{
    m_filter->setToolTip(error);
    m_filter->setStyleSheet(error.isEmpty() ? QString() : QStringLiteral("QLineEdit { border: 1px solid #c0392b; }"));
    if (!error.isEmpty())
        statusBar()->showMessage(tr("Search: %1").arg(error), 8000);
}

void MainWindow::saveCurrentSearch()
{
    const QString query = m_filter->text().trimmed();
    if (query.isEmpty() || !m_cache) {
        statusBar()->showMessage(tr("Type a search first, then save it"), 5000);
        return;
    }
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Save Search"), tr("Name of the saved search:"), QLineEdit::Normal, query, &ok);
    if (!ok || name.trimmed().isEmpty())
        return;
    if (auto s = search::saveSearch(*m_cache, name.trimmed(), query); !s) {
        statusBar()->showMessage(tr("Cannot save the search: %1").arg(s.error().message), 8000);
        return;
    }
    refreshFolders();
    statusBar()->showMessage(tr("Saved search “%1” is in the folder pane").arg(name.trimmed()), 5000);
}

void MainWindow::reloadThreads(qint64 keepId)
{
    std::optional<QSet<qint64>> matching;
    if (const SearchCondition search = searchCondition(m_filter->text()); !search.sql.isEmpty()) {
        // A search keeps the threads holding a message that matches.
        showSearchError(search.error);
        auto q = m_cache->exec(QStringLiteral("SELECT m.id FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id WHERE b.account = ? AND b.name = ? "
                                              "AND ") + search.sql,
                               QVariantList{m_account, m_folder} + search.binds);
        matching.emplace();
        while (q && q.value().next())
            matching->insert(q.value().value(0).toLongLong());
    }
    m_list->traits.setCache(m_cache.get());
    if (!threaded()) {
        m_messages->setSortingEnabled(false);   // threads come newest activity first
        m_messages->setModel(m_threads);
        m_messages->setRootIsDecorated(true);
        connectSelection();
        layoutColumns();
    }
    const QSignalBlocker block(m_messages->selectionModel());
    if (auto s = m_threads->show(*m_cache, m_account, m_folder, matching); !s)
        statusBar()->showMessage(s.error().message);
    if (const QModelIndex i = m_threads->indexOfMessage(keepId); i.isValid()) {
        for (QModelIndex p = i.parent(); p.isValid(); p = p.parent())
            m_messages->expand(p);
        m_messages->setCurrentIndex(i);
    }
}

bool MainWindow::selected(Selected &out) const
{
    const QModelIndex i = m_messages->currentIndex();
    if (!i.isValid())
        return false;
    out.id = i.siblingAtColumn(Id).data().toLongLong();
    out.uid = i.siblingAtColumn(Uid).data().toLongLong();
    out.flags = i.siblingAtColumn(Flags).data().toString();
    out.account = i.siblingAtColumn(Account).data().toString();
    out.folder = i.siblingAtColumn(Folder).data().toString();
    return out.id > 0;
}

void MainWindow::afterAction(const Status &s)
{
    if (!s)
        QMessageBox::warning(this, tr("Tern"), s.error().message);
    refreshFolders();
    reloadList(0);
    updateAccountStatus();
}

// A message with no UID (POP3, local) lives only here: its flags change in the cache.
static Status setLocalFlag(store::Database &db, qint64 id, const QString &flags, const QString &flag, bool on)
{
    QStringList list = flags.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    list.removeAll(flag);
    if (on)
        list << flag;
    auto r = db.exec(QStringLiteral("UPDATE messages SET flags = ? WHERE id = ?"), {list.join(QLatin1Char(' ')), id});
    if (!r)
        return r.error();
    return success();
}

void MainWindow::toggleFlag()
{
    Selected s;
    if (selected(s))
        setSelectedFlag(QStringLiteral("\\Flagged"), !s.flags.contains(QLatin1String("\\Flagged")));
}

void MainWindow::markSelectedRead(bool read)
{
    setSelectedFlag(QStringLiteral("\\Seen"), read);
}

void MainWindow::setSelectedFlag(const QString &flag, bool on)
{
    Selected s;
    if (!selected(s) || !m_cache)
        return;
    QStringList flags = s.flags.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (flags.contains(flag) == on)
        return;
    const Status st = s.uid ? sync::OfflineJournal(*m_cache).flag(s.account, s.folder, s.uid, (on ? QLatin1Char('+') : QLatin1Char('-')) + flag)
                            : setLocalFlag(*m_cache, s.id, s.flags, flag, on);
    if (!st) {
        QMessageBox::warning(this, tr("Tern"), st.error().message);
        return;
    }
    // The row changes in place (reading a message must not query a large
    // folder again on the UI thread); the folder counts are read again.
    flags.removeAll(flag);
    if (on)
        flags << flag;
    if (threaded())
        m_threads->setFlags(m_messages->currentIndex(), flags.join(QLatin1Char(' ')));
    else
        m_list->setFlags(m_messages->currentIndex().row(), flags.join(QLatin1Char(' ')));
    refreshFolders();
    updateAccountStatus();
}

QString MainWindow::trashFolder(const QString &account) const
{
    auto q = m_cache->exec(QStringLiteral("SELECT name FROM mailboxes WHERE account = ? AND exists_on_server = 1 AND "
                                          "(attributes LIKE '%\\Trash%' OR lower(name) = 'trash') ORDER BY attributes LIKE '%\\Trash%' DESC"),
                           {account});
    return q && q.value().next() ? q.value().value(0).toString() : QString();
}

void MainWindow::deleteSelected()
{
    Selected s;
    if (!selected(s) || !m_cache)
        return;
    const int row = m_messages->currentIndex().row();
    // Delete moves to the Trash as mail clients do; in the Trash (or with none) it deletes.
    const QString trash = trashFolder(s.account);
    sync::OfflineJournal journal(*m_cache);
    const Status st = !s.uid ? store::MessageStore(*m_cache).remove(s.id)
                      : (!trash.isEmpty() && trash != s.folder) ? journal.move(s.account, s.folder, s.uid, trash)
                                                                : journal.remove(s.account, s.folder, s.uid);
    afterAction(st);
    if (st && m_messages->model()->rowCount())
        m_messages->setCurrentIndex(m_messages->model()->index(qMin(row, m_messages->model()->rowCount() - 1), Sender));
}

void MainWindow::moveSelectedTo(const QString &folder)
{
    Selected s;
    if (!selected(s) || !m_cache)
        return;
    const int row = m_messages->currentIndex().row();
    if (!s.uid) {
        QMessageBox::information(this, tr("Tern"), tr("Messages downloaded by POP3 stay in this folder."));
        return;
    }
    sync::OfflineJournal journal(*m_cache);
    const Status st = journal.move(s.account, s.folder, s.uid, folder);
    afterAction(st);
    if (st && m_messages->model()->rowCount())
        m_messages->setCurrentIndex(m_messages->model()->index(qMin(row, m_messages->model()->rowCount() - 1), Sender));
}

ComposerWindow *MainWindow::compose()
{
    if (!m_cache) {
        refreshFolders();
        if (!m_cache) {
            const QString cacheFile = m_profile.cacheDir() + QStringLiteral("/cache.sqlite");
            if (!m_profile.ensureExists())
                return nullptr;
            auto db = store::Database::open(cacheFile);
            if (!db) {
                QMessageBox::warning(this, tr("Tern"), db.error().message);
                return nullptr;
            }
            m_cache = std::move(db.value());
        }
    }
    if (m_accounts.isEmpty()) {
        QMessageBox::information(this, tr("Tern"), tr("Add an account first: tern account add"));
        return nullptr;
    }
    auto *w = new ComposerWindow(*m_cache, m_accounts, this);
    w->crypto()->setSettingsFile(m_profile.configDir() + QStringLiteral("/composer.ini"));   // Sign/Encrypt per identity
    w->setSettingsDir(m_profile.configDir());   // identities' names and signatures, the editor's font
    connect(w, &ComposerWindow::queued, this, [this](const QString &account) {
        updateAccountStatus();
        if (AccountSync *s = m_syncs.value(account))
            s->start();   // offline: it waits in the outbox for the next sync
    });
    w->setDraft({}, m_account);
    w->show();
    return w;
}

ComposerWindow *MainWindow::openMailto(const QString &url)
{
    auto fields = mime::parseMailto(url);
    if (!fields) {
        QMessageBox::warning(this, tr("Tern"), tr("Cannot open this link: %1").arg(fields.error().message));
        return nullptr;
    }
    ComposerWindow *w = compose();
    if (!w)
        return nullptr;
    mime::Draft d;
    d.to = fields.value().to;
    d.cc = fields.value().cc;
    d.bcc = fields.value().bcc;
    d.subject = fields.value().subject;
    d.body = fields.value().body;
    d.inReplyTo = fields.value().inReplyTo;
    if (!d.inReplyTo.isEmpty())
        d.references = {d.inReplyTo};
    w->setDraft(d, m_account);
    return w;
}

// The selected message's bytes (the whole message, or its header block when the body is not here).
static QByteArray messageBytes(store::Database &db, qint64 id)
{
    auto body = db.exec(QStringLiteral("SELECT raw FROM bodies WHERE message_id = ?"), {id});
    return body && body.value().next() ? body.value().value(0).toByteArray() : QByteArray();
}

static mime::Responder responder(const QList<store::AccountConfig> &accounts, const QString &account)
{
    mime::Responder me;
    for (const auto &a : accounts) {
        if (a.name == account)
            me.from.address = a.address;
        if (!a.address.isEmpty())
            me.myAddresses << a.address;
    }
    return me;
}

// A reply or a forward of the selected message: `make` builds its draft from
// what may be quoted — only the visible, decrypted text of the root
// (crypto::answerableOriginal: "Re: What's up Johnny").
ComposerWindow *MainWindow::answer(const std::function<Result<mime::Draft>(const QByteArray &, const mime::Responder &)> &make)
{
    Selected s;
    if (!selected(s) || !m_cache)
        return nullptr;
    const QByteArray raw = messageBytes(*m_cache, s.id);
    if (raw.isEmpty()) {
        QMessageBox::information(this, tr("Tern"), tr("The body of this message is not downloaded yet: Get Mail first."));
        return nullptr;
    }
    bool wasEncrypted = false;
    auto d = make(crypto::answerableOriginal(raw, &wasEncrypted), responder(m_accounts, s.account));
    if (!d) {
        QMessageBox::warning(this, tr("Tern"), d.error().message);
        return nullptr;
    }
    ComposerWindow *w = compose();
    if (w)
        w->setDraft(d.value(), s.account);
    if (w && wasEncrypted)
        w->crypto()->setEncrypt(true);   // a reply to encrypted mail is encrypted by default
    return w;
}

ComposerWindow *MainWindow::reply(int mode)
{
    return answer([mode](const QByteArray &raw, const mime::Responder &me) { return mime::replyDraft(raw, mime::ReplyMode(mode), me); });
}

ComposerWindow *MainWindow::forward(int mode)
{
    return answer([mode](const QByteArray &raw, const mime::Responder &me) { return mime::forwardDraft(raw, mime::ForwardMode(mode), me); });
}

bool MainWindow::nextUnread()
{
    if (threaded()) {   // in reading order, into collapsed threads too
        const QModelIndex next = m_threads->nextUnread(m_messages->currentIndex());
        if (!next.isValid())
            return false;
        for (QModelIndex p = next.parent(); p.isValid(); p = p.parent())
            m_messages->expand(p);
        m_messages->setCurrentIndex(next);
        return true;
    }
    const int from = m_messages->currentIndex().isValid() ? m_messages->currentIndex().row() + 1 : 0;
    for (int row = from;; ++row) {   // every row is there (by window): nothing to fetch first
        if (row >= m_list->rowCount())
            return false;
        if (!m_list->index(row, Flags).data().toString().contains(QLatin1String("\\Seen"))) {
            m_messages->setCurrentIndex(m_list->index(row, Sender));
            return true;
        }
    }
}

int MainWindow::pendingActions() const
{
    if (!m_cache)
        return 0;
    // Offline actions not yet on the server, and messages waiting in the outbox.
    auto q = m_cache->exec(QStringLiteral("SELECT (SELECT count(*) FROM journal WHERE state IN ('pending', 'started')) + "
                                          "(SELECT count(*) FROM outbox WHERE state IN ('queued', 'submitting'))"));
    return q && q.value().next() ? q.value().value(0).toInt() : 0;
}

void MainWindow::updateAccountStatus()
{
    bool syncing = false;
    for (const auto &a : std::as_const(m_accounts)) {
        AccountSync *s = m_syncs.value(a.name);
        QLabel *label = m_accountLabels.value(a.name);
        if (!s || !label)
            continue;
        QString text, colour;
        switch (s->state()) {
        case AccountSync::State::Offline:
            text = tr("%1: offline").arg(a.name);
            colour = QStringLiteral("#666");
            break;
        case AccountSync::State::Syncing:
            text = tr("%1: syncing").arg(a.name);
            syncing = true;
            break;
        case AccountSync::State::Error:
            text = tr("%1: error").arg(a.name);
            colour = QStringLiteral("#b00020");
            label->setToolTip(s->error());
            break;
        case AccountSync::State::Idle:
            text = s->lastSync().isValid() ? tr("%1: online").arg(a.name) : tr("%1: not checked yet").arg(a.name);
            colour = QStringLiteral("#1a7f37");
            label->setToolTip(s->lastSync().isValid() ? tr("Last synchronised %1").arg(QLocale().toString(s->lastSync(), QLocale::ShortFormat))
                                                      : QString());
            break;
        }
        label->setText(colour.isEmpty() ? text : QStringLiteral("<span style=\"color:%1\">%2</span>").arg(colour, text.toHtmlEscaped()));
        for (int i = 0; i < m_tasks->topLevelItemCount(); ++i) {   // the task's row in the activity panel
            QTreeWidgetItem *task = m_tasks->topLevelItem(i);
            if (task->data(0, Qt::UserRole).toString() != a.name)
                continue;
            if (s->state() != AccountSync::State::Syncing)
                task->setText(2, s->state() == AccountSync::State::Error ? text + QStringLiteral(" — ") + s->error() : text);
            if (auto *bar = qobject_cast<QProgressBar *>(m_tasks->itemWidget(task, 1)); bar && s->state() == AccountSync::State::Idle &&
                                                                                     s->lastSync().isValid())
                bar->setValue(bar->maximum());   // done
        }
        if (s->state() == AccountSync::State::Error)
            label->setText(label->text() + QStringLiteral(" — ") + s->error().toHtmlEscaped());
    }
    if (!syncing)
        m_progress->hide();
    m_notifier->setSyncing(syncing);   // one summary of new mail when a round of syncs ends
    const int pending = pendingActions();
    m_pending->setText(tr("%n pending action(s)", nullptr, pending));
    m_pending->setVisible(pending > 0);
}

void MainWindow::showPendingActions()
{
    if (!m_cache)
        return;
    auto *dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Offline Actions"));
    dialog->resize(720, 360);
    auto *layout = new QVBoxLayout(dialog);
    auto *tree = new QTreeWidget(dialog);
    tree->setObjectName(QStringLiteral("pendingList"));
    tree->setRootIsDecorated(false);
    tree->setHeaderLabels({tr("Account"), tr("Action"), tr("Folder"), tr("Detail"), tr("State"), tr("Problem")});
    sync::OfflineJournal journal(*m_cache);
    for (const auto &a : std::as_const(m_accounts)) {
        const auto all = journal.all(a.name);
        if (!all)
            continue;
        for (const sync::JournalEntry &e : all.value()) {
            if (e.state == QLatin1String("done"))
                continue;
            auto *item = new QTreeWidgetItem(tree, {e.account, e.op, e.mailbox, e.arg, e.state, e.error});
            if (e.state == QLatin1String("failed"))
                for (int c = 0; c < tree->columnCount(); ++c)
                    item->setForeground(c, QColor(0xb0, 0x00, 0x20));
        }
    }
    layout->addWidget(tree);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
    layout->addWidget(buttons);
    dialog->show();
}

void MainWindow::showMessage(qint64 id)
{
    if (!m_cache)
        return;
    m_viewer->listBar()->setCache(m_cache.get());   // for muting the list
    // The whole message when the cache has it; otherwise a header block made
    // from the fields the header sync stored (raw, encoded words intact).
    auto body = m_cache->exec(QStringLiteral("SELECT raw FROM bodies WHERE message_id = ?"), {id});
    if (body && body.value().next()) {
        m_viewer->showMessage(body.value().value(0).toByteArray());
    } else {
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
    // Read once shown, as mail clients do.
    markSelectedRead(true);
}

} // namespace tern::ui
