#include "FolderTree.h"

#include "lists/KnownLists.h"
#include "search/SearchQuery.h"

#include "store/Database.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>
#include <algorithm>
#include <functional>

namespace tern::ui {

namespace {
// Translations of the folder pane's words (FolderTree has tr(); the free functions use this context).
QString trFolder(const char *text)
{
    return QCoreApplication::translate("tern::ui::FolderTree", text);
}

QString folderName(SpecialFolder kind)
{
    switch (kind) {
    case SpecialFolder::Inbox: return QStringLiteral("inbox");
    case SpecialFolder::Drafts: return QStringLiteral("drafts");
    case SpecialFolder::Sent: return QStringLiteral("sent");
    case SpecialFolder::Archive: return QStringLiteral("archive");
    case SpecialFolder::Junk: return QStringLiteral("junk");
    case SpecialFolder::Trash: return QStringLiteral("trash");
    case SpecialFolder::None: break;
    }
    return {};
}
} // namespace

SpecialFolder specialFolderByAttribute(const QString &name, const QString &attributes)
{
    if (name.compare(QLatin1String("INBOX"), Qt::CaseInsensitive) == 0)
        return SpecialFolder::Inbox;   // RFC 9051 §5.1: INBOX in any case is the Inbox
    // RFC 6154 §2: \Drafts, \Sent, \Archive, \Junk, \Trash (\All and \Flagged are views, not folders to put first).
    const QStringList attrs = attributes.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    const auto has = [&](const char *a) {
        return std::any_of(attrs.cbegin(), attrs.cend(), [a](const QString &x) { return x.compare(QLatin1String(a), Qt::CaseInsensitive) == 0; });
    };
    if (has("\\Drafts"))
        return SpecialFolder::Drafts;
    if (has("\\Sent"))
        return SpecialFolder::Sent;
    if (has("\\Archive"))
        return SpecialFolder::Archive;
    if (has("\\Junk"))
        return SpecialFolder::Junk;
    if (has("\\Trash"))
        return SpecialFolder::Trash;
    return SpecialFolder::None;
}

SpecialFolder specialFolderByName(const QString &name)
{
    QString n = name.toLower();
    // Servers with the personal namespace under INBOX (Courier, some Dovecots) say "INBOX.Sent".
    for (const char *prefix : {"inbox.", "inbox/"})
        if (n.startsWith(QLatin1String(prefix)))
            n = n.mid(6);
    static const QHash<QString, SpecialFolder> names = {
        {QStringLiteral("inbox"), SpecialFolder::Inbox},
        {QStringLiteral("drafts"), SpecialFolder::Drafts},          {QStringLiteral("draft"), SpecialFolder::Drafts},
        {QStringLiteral("sent"), SpecialFolder::Sent},              {QStringLiteral("sent items"), SpecialFolder::Sent},
        {QStringLiteral("sent messages"), SpecialFolder::Sent},     {QStringLiteral("sent mail"), SpecialFolder::Sent},
        {QStringLiteral("archive"), SpecialFolder::Archive},        {QStringLiteral("archives"), SpecialFolder::Archive},
        {QStringLiteral("junk"), SpecialFolder::Junk},              {QStringLiteral("spam"), SpecialFolder::Junk},
        {QStringLiteral("junk e-mail"), SpecialFolder::Junk},       {QStringLiteral("junk email"), SpecialFolder::Junk},
        {QStringLiteral("trash"), SpecialFolder::Trash},            {QStringLiteral("deleted items"), SpecialFolder::Trash},
        {QStringLiteral("deleted messages"), SpecialFolder::Trash}, {QStringLiteral("bin"), SpecialFolder::Trash},
    };
    return names.value(n, SpecialFolder::None);
}

QString specialFolderTitle(SpecialFolder kind)
{
    switch (kind) {
    case SpecialFolder::Inbox: return trFolder(QT_TRANSLATE_NOOP("tern::ui::FolderTree", "Inbox"));
    case SpecialFolder::Drafts: return trFolder(QT_TRANSLATE_NOOP("tern::ui::FolderTree", "Drafts"));
    case SpecialFolder::Sent: return trFolder(QT_TRANSLATE_NOOP("tern::ui::FolderTree", "Sent"));
    case SpecialFolder::Archive: return trFolder(QT_TRANSLATE_NOOP("tern::ui::FolderTree", "Archive"));
    case SpecialFolder::Junk: return trFolder(QT_TRANSLATE_NOOP("tern::ui::FolderTree", "Junk"));
    case SpecialFolder::Trash: return trFolder(QT_TRANSLATE_NOOP("tern::ui::FolderTree", "Trash"));
    case SpecialFolder::None: break;
    }
    return {};
}

QIcon specialFolderIcon(SpecialFolder kind)
{
    // Freedesktop icon names; Tern's own drawings (resources/icons) where the desktop has no theme.
    static const QHash<QString, QString> theme = {
        {QStringLiteral("inbox"), QStringLiteral("mail-folder-inbox")}, {QStringLiteral("drafts"), QStringLiteral("document-edit")},
        {QStringLiteral("sent"), QStringLiteral("mail-folder-sent")},   {QStringLiteral("archive"), QStringLiteral("folder-archive")},
        {QStringLiteral("junk"), QStringLiteral("mail-mark-junk")},     {QStringLiteral("trash"), QStringLiteral("user-trash")},
    };
    return QIcon::fromTheme(theme.value(folderName(kind), QStringLiteral("folder")));
}

FolderTree::FolderTree(QWidget *parent) : QTreeWidget(parent)
{
    setObjectName(QStringLiteral("folderTree"));
    setHeaderLabel(tr("Folders"));
    setHeaderHidden(true);
    setRootIsDecorated(true);
    setIconSize(QSize(16, 16));
}

namespace {
struct FolderRow {
    QString name;
    QString delimiter;   // the server's hierarchy separator ("/", "."), empty: flat
    qint64 unread = 0;
    SpecialFolder kind = SpecialFolder::None;
};

void setUnread(QTreeWidgetItem *item, const QString &title, qint64 unread)
{
    item->setText(0, unread ? QStringLiteral("%1 (%2)").arg(title).arg(unread) : title);
    item->setData(0, FolderTree::UnreadRole, unread);
    QFont f = item->font(0);
    f.setBold(unread > 0);
    item->setFont(0, f);
}
} // namespace

void FolderTree::refresh(store::Database *cache, const QList<store::AccountConfig> &accounts, const QStringList &unifiedAccounts)
{
    QString currentAccount, currentFolder;
    bool unifiedCurrent = false;
    m_currentSearch.clear();
    m_currentList.clear();
    if (QTreeWidgetItem *c = currentItem()) {
        if (c->data(0, SearchRole).isValid())
            m_currentSearch = c->text(0);
        m_currentList = c->data(0, ListRole).toString();
        currentAccount = c->data(0, AccountRole).toString();
        currentFolder = c->data(0, FolderRole).toString();
        unifiedCurrent = c->data(0, UnifiedRole).toBool();
    }
    const QSignalBlocker block(this);
    QSet<QString> collapsed;
    for (int i = 0; i < topLevelItemCount(); ++i)
        if (!topLevelItem(i)->isExpanded() && topLevelItem(i)->childCount())
            collapsed.insert(topLevelItem(i)->data(0, AccountRole).toString());
    clear();
    m_unified = nullptr;

    QList<QTreeWidgetItem *> accountItems;
    qint64 unifiedUnread = 0;
    int unifiedInboxes = 0;
    for (const auto &a : accounts) {
        auto *item = new QTreeWidgetItem(this, {a.name});
        item->setData(0, AccountRole, a.name);
        const auto &server = a.imap ? a.imap : a.pop3;
        item->setToolTip(0, server ? server->toString() : a.name);
        item->setIcon(0, QIcon::fromTheme(QStringLiteral("mail-account"), QIcon::fromTheme(QStringLiteral("network-server"))));
        accountItems << item;
        if (!cache)
            continue;
        auto q = cache->exec(QStringLiteral(
            "SELECT b.name, (SELECT count(*) FROM messages m WHERE m.mailbox_id = b.id AND m.flags NOT LIKE '%\\Seen%'), b.attributes, "
            "coalesce(b.delimiter, '') "
            "FROM mailboxes b WHERE b.account = ? AND b.exists_on_server = 1 ORDER BY b.name LIMIT 5000"), {a.name});
        if (!q)
            continue;
        QList<FolderRow> rows;
        QSet<SpecialFolder> byAttribute;
        while (q.value().next()) {
            FolderRow r;
            r.name = q.value().value(0).toString();
            r.unread = q.value().value(1).toLongLong();
            r.delimiter = q.value().value(3).toString().left(1);
            r.kind = specialFolderByAttribute(r.name, q.value().value(2).toString());
            if (r.kind != SpecialFolder::None)
                byAttribute.insert(r.kind);
            rows << r;
        }
        // By name only where the server marked no folder for that use.
        for (FolderRow &r : rows) {
            if (r.kind != SpecialFolder::None)
                continue;
            const SpecialFolder k = specialFolderByName(r.name);
            if (k != SpecialFolder::None && !byAttribute.contains(k))
                r.kind = k;
        }
        std::stable_sort(rows.begin(), rows.end(), [](const FolderRow &x, const FolderRow &y) {
            const int kx = x.kind == SpecialFolder::None ? 100 : int(x.kind), ky = y.kind == SpecialFolder::None ? 100 : int(y.kind);
            if (kx != ky)
                return kx < ky;
            return x.name.compare(y.name, Qt::CaseInsensitive) < 0;
        });
        // Other folders nest under their parent by the server's delimiter
        // ("Lists/dev" under "Lists"), a parent the server does not list (a
        // \Noselect level) drawn as a plain node; special folders stay on top.
        QHash<QString, QTreeWidgetItem *> byName;
        const std::function<QTreeWidgetItem *(const QString &, const QString &, int)> parentOf =
            [&](const QString &name, const QString &delimiter, int depth) -> QTreeWidgetItem * {
            const qsizetype cut = delimiter.isEmpty() ? -1 : name.lastIndexOf(delimiter);
            if (cut <= 0 || depth > 32)   // top level, or a hostile depth: flat from here
                return item;
            const QString parentName = name.left(cut);
            if (QTreeWidgetItem *p = byName.value(parentName))
                return p;
            auto *node = new QTreeWidgetItem(parentOf(parentName, delimiter, depth + 1));
            node->setText(0, parentName.mid(parentName.lastIndexOf(delimiter) + 1));
            node->setToolTip(0, parentName);
            node->setIcon(0, QIcon::fromTheme(QStringLiteral("folder")));
            node->setFlags(node->flags() & ~Qt::ItemIsSelectable);
            byName.insert(parentName, node);
            return node;
        };
        for (const FolderRow &r : std::as_const(rows)) {
            QTreeWidgetItem *parent = r.kind == SpecialFolder::None ? parentOf(r.name, r.delimiter, 0) : item;
            QTreeWidgetItem *folder = byName.value(r.name);   // made already as a parent node
            if (!folder) {
                folder = new QTreeWidgetItem(parent);
                byName.insert(r.name, folder);   // "INBOX/Sub" nests under the Inbox too
            }
            folder->setFlags(folder->flags() | Qt::ItemIsSelectable);
            folder->setData(0, AccountRole, a.name);
            folder->setData(0, FolderRole, r.name);
            folder->setData(0, KindRole, int(r.kind));
            folder->setToolTip(0, r.name);
            folder->setIcon(0, r.kind == SpecialFolder::None ? QIcon::fromTheme(QStringLiteral("folder")) : specialFolderIcon(r.kind));
            const QString leaf = parent == item || r.delimiter.isEmpty() ? r.name : r.name.mid(r.name.lastIndexOf(r.delimiter) + 1);
            setUnread(folder, r.kind == SpecialFolder::None ? leaf : specialFolderTitle(r.kind), r.unread);
            if (r.kind == SpecialFolder::Inbox && unifiedAccounts.contains(a.name)) {
                unifiedUnread += r.unread;
                ++unifiedInboxes;
            }
        }
        item->setExpanded(!collapsed.contains(a.name));
        for (QTreeWidgetItem *node : std::as_const(byName))
            if (node)
                node->setExpanded(true);
    }
    if (unifiedInboxes >= 2) {
        m_unified = new QTreeWidgetItem;
        m_unified->setData(0, UnifiedRole, true);
        m_unified->setData(0, AccountRole, QString());
        m_unified->setData(0, FolderRole, QStringLiteral("INBOX"));
        m_unified->setData(0, KindRole, int(SpecialFolder::Inbox));
        m_unified->setIcon(0, specialFolderIcon(SpecialFolder::Inbox));
        m_unified->setToolTip(0, tr("The Inboxes of %1").arg(QStringList(unifiedAccounts).join(QStringLiteral(", "))));
        setUnread(m_unified, tr("Unified Inbox"), unifiedUnread);
        insertTopLevelItem(0, m_unified);
    }
    // Saved searches (tern search --save, the search box's Save…): virtual folders.
    if (cache) {
        auto saved = search::savedSearches(*cache);
        if (saved && !saved.value().isEmpty()) {
            auto *top = new QTreeWidgetItem(this, {tr("Saved Searches")});
            top->setIcon(0, QIcon::fromTheme(QStringLiteral("edit-find"), QIcon::fromTheme(QStringLiteral("system-search"))));
            for (const auto &sv : saved.value()) {
                auto *item = new QTreeWidgetItem(top, {sv.name});
                item->setData(0, SearchRole, sv.query);
                item->setToolTip(0, sv.query);
                item->setIcon(0, QIcon::fromTheme(QStringLiteral("folder-saved-search"), QIcon::fromTheme(QStringLiteral("edit-find"))));
            }
            top->setExpanded(true);
        }
    }
    // Mailing lists (List-Id): each list's mail from every folder, as one virtual folder.
    if (cache) {
        auto known = lists::knownLists(*cache);
        if (known && !known.value().isEmpty()) {
            auto *top = new QTreeWidgetItem(this, {tr("Mailing Lists")});
            top->setIcon(0, QIcon::fromTheme(QStringLiteral("mail-mark-important"), QIcon::fromTheme(QStringLiteral("folder"))));
            for (const auto &l : known.value()) {
                auto *item = new QTreeWidgetItem(top);
                item->setData(0, ListRole, l.id);
                setUnread(item, l.name, l.muted ? 0 : l.unread);
                item->setToolTip(0, (l.muted ? tr("%1 — %n message(s), muted", nullptr, int(l.messages))
                                             : tr("%1 — %n message(s)", nullptr, int(l.messages))).arg(l.id));
                item->setIcon(0, QIcon::fromTheme(l.muted ? QStringLiteral("audio-volume-muted") : QStringLiteral("mail-message"),
                                                  QIcon::fromTheme(QStringLiteral("folder"))));
            }
            top->setExpanded(true);
        }
    }
    QTreeWidgetItem *current = !m_currentList.isEmpty()   ? listItem(m_currentList)
                             : !m_currentSearch.isEmpty() ? savedSearchItem(m_currentSearch)
                             : unifiedCurrent ? m_unified : folderItem(currentAccount, currentFolder);
    if (current)
        setCurrentItem(current);
}

// The child of a section (Saved Searches, Mailing Lists) that `is`.
QTreeWidgetItem *FolderTree::sectionItem(const std::function<bool(const QTreeWidgetItem *)> &is) const
{
    for (int i = 0; i < topLevelItemCount(); ++i)
        for (int c = 0; c < topLevelItem(i)->childCount(); ++c)
            if (is(topLevelItem(i)->child(c)))
                return topLevelItem(i)->child(c);
    return nullptr;
}

QTreeWidgetItem *FolderTree::savedSearchItem(const QString &name) const
{
    return sectionItem([&](const QTreeWidgetItem *item) { return item->data(0, SearchRole).isValid() && item->text(0) == name; });
}

QTreeWidgetItem *FolderTree::listItem(const QString &listId) const
{
    return sectionItem([&](const QTreeWidgetItem *item) { return !listId.isEmpty() && item->data(0, ListRole).toString() == listId; });
}

QTreeWidgetItem *FolderTree::folderItem(const QString &account, const QString &folder) const
{
    for (int i = 0; i < topLevelItemCount(); ++i) {
        QTreeWidgetItem *a = topLevelItem(i);
        if (a->data(0, UnifiedRole).toBool() || a->data(0, AccountRole).toString() != account)
            continue;
        // Depth first: nested folders too.
        QList<QTreeWidgetItem *> todo{a};
        while (!todo.isEmpty()) {
            QTreeWidgetItem *n = todo.takeLast();
            for (int c = n->childCount() - 1; c >= 0; --c) {
                if (n->child(c)->data(0, FolderRole).toString() == folder)
                    return n->child(c);
                todo << n->child(c);
            }
        }
    }
    return nullptr;
}

QTreeWidgetItem *FolderTree::firstFolder() const
{
    if (m_unified)
        return m_unified;
    for (int i = 0; i < topLevelItemCount(); ++i)
        if (topLevelItem(i)->childCount())
            return topLevelItem(i)->child(0);
    return nullptr;
}

} // namespace tern::ui
