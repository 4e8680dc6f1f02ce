#pragma once
// The folder pane: a Unified Inbox across accounts (each account may opt out),
// then each account with its special folders first (Inbox, Drafts, Sent,
// Archive, Junk, Trash: by RFC 6154 SPECIAL-USE attribute, else by a name mail
// servers use), their names translated and drawn with icons, then the other
// folders by name; unread counts in brackets and in bold. Below them the saved
// searches and the mailing lists the cache holds mail from (grouped by List-Id,
// across folders and accounts).
#include "store/AccountConfig.h"

#include <QIcon>
#include <QStringList>
#include <QTreeWidget>
#include <functional>

namespace tern::store { class Database; }

namespace tern::ui {

enum class SpecialFolder { None, Inbox, Drafts, Sent, Archive, Junk, Trash };

// By the SPECIAL-USE attribute (RFC 6154 §2) when the server gave one, else by
// a usual name; `byNameAllowed` false when another folder of the account
// already carries that attribute (then "Trash" is just a folder called so).
SpecialFolder specialFolderByAttribute(const QString &name, const QString &attributes);
SpecialFolder specialFolderByName(const QString &name);
QString specialFolderTitle(SpecialFolder kind);   // "Inbox", "Sent" … translated
QIcon specialFolderIcon(SpecialFolder kind);

class FolderTree : public QTreeWidget {
    Q_OBJECT
public:
    enum Role { AccountRole = Qt::UserRole, FolderRole, KindRole, UnreadRole, UnifiedRole, SearchRole, ListRole };
    explicit FolderTree(QWidget *parent = nullptr);

    // Reads the folders and unread counts again, keeping the current folder.
    // `unifiedAccounts`: the accounts whose Inbox the Unified Inbox shows; the
    // item exists when there are two or more of them.
    void refresh(store::Database *cache, const QList<store::AccountConfig> &accounts, const QStringList &unifiedAccounts);

    QTreeWidgetItem *unifiedInbox() const { return m_unified; }
    QTreeWidgetItem *folderItem(const QString &account, const QString &folder) const;
    QTreeWidgetItem *savedSearchItem(const QString &name) const;   // under "Saved Searches" (SearchRole: the query)
    QTreeWidgetItem *listItem(const QString &listId) const;        // under "Mailing Lists" (ListRole: the id)
    QTreeWidgetItem *firstFolder() const;   // where the window opens: the Unified Inbox, else the first Inbox

private:
    QTreeWidgetItem *sectionItem(const std::function<bool(const QTreeWidgetItem *)> &is) const;
    QTreeWidgetItem *m_unified = nullptr;
    QString m_currentSearch;   // the saved search shown, kept across refresh()
    QString m_currentList;     // the mailing list shown, kept across refresh()
};

} // namespace tern::ui
