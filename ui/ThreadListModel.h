#pragma once
// The message list as conversations (View > Threads): each thread's replies
// indented under the message they answer, collapsible, a collapsed thread
// showing how many of its messages are unread.
//
// Fast on a 100,000-message folder: the structure comes from FolderThreads
// (ids only, threaded in memory, refreshed incrementally as mail arrives),
// threads are handed to the view a thousand at a time (fetchMore), and a
// row's sender, subject and date are read from the cache only when the view
// asks for it, in batches of the rows around it.
#include "store/Database.h"
#include "threads/FolderThreads.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QSet>
#include <functional>
#include <memory>
#include <optional>

class QTreeView;

namespace tern::ui {

class ThreadListModel : public QAbstractItemModel {
    Q_OBJECT
public:
    // Which column is which: the same numbers as the flat list's, so the
    // window reads both alike. -1: a column this model leaves to extraData.
    struct Columns {
        int sender = 0, subject = 1, date = 2, size = 3, flag = 4, id = 5, uid = 6, flags = 7, count = 8;
    };
    explicit ThreadListModel(Columns columns, QObject *parent = nullptr);
    ~ThreadListModel() override;

    // JWZ's step 5: messages without references joined by subject (off by
    // default: unrelated "Hello"s join). Takes effect at the next show().
    void setGroupBySubject(bool on) { m_groupBySubject = on; }
    bool groupBySubject() const { return m_groupBySubject; }

    // Data for the columns not listed above (the window's own), by message id.
    void setExtraData(std::function<QVariant(qint64 id, int column, int role)> f) { m_extra = std::move(f); }
    // Column titles: those of this model (the flat list's).
    void setHeaderSource(QAbstractItemModel *m) { m_headers = m; }
    // The view whose expanded rows decide which threads show unread counts.
    void attach(QTreeView *view);

    // The folder's threads; the same folder again reads only what changed.
    // `matching`, when set, keeps only the threads holding one of those messages.
    Status show(store::Database &db, const QString &account, const QString &folder,
                const std::optional<QSet<qint64>> &matching = std::nullopt);
    void clear();

    QModelIndex indexOfMessage(qint64 id);   // fetching the threads before it; invalid when not here
    void setFlags(const QModelIndex &index, const QString &flags);
    // The next unread message after `from` in reading order (collapsed threads included).
    QModelIndex nextUnread(const QModelIndex &from);
    int threadCount() const { return int(m_roots.size()); }
    int unreadIn(const QModelIndex &index) const;   // in the row's subtree

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &index) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

private:
    struct Row {
        QString from, subject, date, flags;
        qint64 size = 0, uid = 0;
    };
    const Row *rowOf(int node) const;   // loads a batch around `node` when needed
    int nodeOf(const QModelIndex &index) const { return int(index.internalId()); }
    int firstMessage(int node) const;   // itself, or a dummy's first child
    void recountUnread();

    Columns m_c;
    bool m_groupBySubject = false;
    store::Database *m_db = nullptr;
    std::unique_ptr<threads::FolderThreads> m_threads;
    threads::ThreadTree m_tree;
    std::vector<int> m_roots;        // shown roots (filtered), in order
    std::vector<int> m_rootRow;      // node -> its row among m_roots, -1 for non-roots
    int m_rootsFetched = 0;
    QSet<qint64> m_unread;
    std::vector<int> m_unreadPrefix; // over the pre-order: unread messages before node i
    QSet<int> m_expanded;
    mutable QHash<qint64, Row> m_rows;
    std::function<QVariant(qint64, int, int)> m_extra;
    QAbstractItemModel *m_headers = nullptr;
};

} // namespace tern::ui
