#include "ThreadListModel.h"

#include "mime/Addresses.h"
#include "mime/MailDate.h"

#include <QColor>
#include <QFont>
#include <QLocale>
#include <QSqlQuery>
#include <QTreeView>

namespace tern::ui {

namespace {
constexpr int kRootsPerFetch = 1000;
constexpr int kRowsPerBatch = 200;
constexpr int kMaxCachedRows = 20000;

bool isSeen(const QString &flags)
{
    return flags.contains(QLatin1String("\\Seen"));
}
} // namespace

ThreadListModel::ThreadListModel(Columns columns, QObject *parent) : QAbstractItemModel(parent), m_c(columns) {}

ThreadListModel::~ThreadListModel() = default;

void ThreadListModel::attach(QTreeView *view)
{
    const auto changed = [this](const QModelIndex &index, bool expanded) {
        if (index.model() != this)
            return;
        if (expanded)
            m_expanded.insert(nodeOf(index));
        else
            m_expanded.remove(nodeOf(index));
        emit dataChanged(index.siblingAtColumn(0), index.siblingAtColumn(columnCount() - 1));
    };
    connect(view, &QTreeView::expanded, this, [changed](const QModelIndex &i) { changed(i, true); });
    connect(view, &QTreeView::collapsed, this, [changed](const QModelIndex &i) { changed(i, false); });
}

void ThreadListModel::clear()
{
    beginResetModel();
    m_threads.reset();
    m_tree = {};
    m_roots.clear();
    m_rootRow.clear();
    m_rootsFetched = 0;
    m_unread.clear();
    m_unreadPrefix.assign(1, 0);
    m_expanded.clear();
    m_rows.clear();
    endResetModel();
}

Status ThreadListModel::show(store::Database &db, const QString &account, const QString &folder,
                             const std::optional<QSet<qint64>> &matching)
{
    // The same folder again: FolderThreads reads only the rows that arrived.
    std::unique_ptr<threads::FolderThreads> threads = std::move(m_threads);
    if (!threads || m_db != &db || threads->account() != account || threads->folder() != folder ||
        threads->groupBySubject() != m_groupBySubject)
        threads = std::make_unique<threads::FolderThreads>(account, folder, m_groupBySubject);
    auto r = threads->refresh(db);
    if (!r)
        return r.error();
    auto unread = db.exec(QStringLiteral("SELECT m.id FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id "
                                         "WHERE b.account = ? AND b.name = ? AND m.flags NOT LIKE '%\\Seen%'"),
                          {account, folder});
    if (!unread)
        return unread.error();
    beginResetModel();
    m_db = &db;
    m_threads = std::move(threads);
    m_tree = m_threads->tree(true);
    m_unread.clear();
    while (unread.value().next())
        m_unread.insert(unread.value().value(0).toLongLong());
    m_roots.clear();
    m_rootRow.assign(m_tree.nodes.size(), -1);
    for (int root : m_tree.roots) {
        if (matching) {
            bool any = false;
            const int end = root + m_tree.nodes[size_t(root)].size;
            for (int n = root; n < end && !any; ++n)
                any = matching->contains(m_tree.nodes[size_t(n)].message);
            if (!any)
                continue;
        }
        m_rootRow[size_t(root)] = int(m_roots.size());
        m_roots.push_back(root);
    }
    m_rootsFetched = qMin(int(m_roots.size()), kRootsPerFetch);
    m_expanded.clear();
    m_rows.clear();   // flags and rows may have changed since
    recountUnread();
    endResetModel();
    return success();
}

void ThreadListModel::recountUnread()
{
    m_unreadPrefix.assign(m_tree.nodes.size() + 1, 0);
    for (size_t n = 0; n < m_tree.nodes.size(); ++n)
        m_unreadPrefix[n + 1] = m_unreadPrefix[n] + (m_tree.nodes[n].message && m_unread.contains(m_tree.nodes[n].message) ? 1 : 0);
}

int ThreadListModel::unreadIn(const QModelIndex &index) const
{
    if (!index.isValid())
        return 0;
    const int n = nodeOf(index);
    return m_unreadPrefix[size_t(n + m_tree.nodes[size_t(n)].size)] - m_unreadPrefix[size_t(n)];
}

QModelIndex ThreadListModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= columnCount())
        return {};
    if (!parent.isValid())
        return row < m_rootsFetched ? createIndex(row, column, quintptr(m_roots[size_t(row)])) : QModelIndex();
    const auto &p = m_tree.nodes[size_t(nodeOf(parent))];
    if (row >= p.childCount)
        return {};
    return createIndex(row, column, quintptr(m_tree.children[size_t(p.childBegin + row)]));
}

QModelIndex ThreadListModel::parent(const QModelIndex &index) const
{
    if (!index.isValid())
        return {};
    const int p = m_tree.nodes[size_t(nodeOf(index))].parent;
    if (p < 0)
        return {};
    const int row = m_tree.nodes[size_t(p)].parent < 0 ? m_rootRow[size_t(p)] : m_tree.nodes[size_t(p)].row;
    return createIndex(row, 0, quintptr(p));
}

int ThreadListModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return m_rootsFetched;
    if (parent.column() != 0)
        return 0;
    return m_tree.nodes[size_t(nodeOf(parent))].childCount;
}

int ThreadListModel::columnCount(const QModelIndex &) const
{
    return m_c.count;
}

bool ThreadListModel::hasChildren(const QModelIndex &parent) const
{
    return rowCount(parent) > 0 || (!parent.isValid() && canFetchMore(parent));
}

bool ThreadListModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_rootsFetched < int(m_roots.size());
}

void ThreadListModel::fetchMore(const QModelIndex &parent)
{
    if (parent.isValid())
        return;
    const int more = qMin(int(m_roots.size()) - m_rootsFetched, kRootsPerFetch);
    if (more <= 0)
        return;
    beginInsertRows({}, m_rootsFetched, m_rootsFetched + more - 1);
    m_rootsFetched += more;
    endInsertRows();
}

int ThreadListModel::firstMessage(int node) const
{
    const auto &n = m_tree.nodes[size_t(node)];
    if (n.message || !n.childCount)
        return node;
    return m_tree.children[size_t(n.childBegin)];
}

const ThreadListModel::Row *ThreadListModel::rowOf(int node) const
{
    const qint64 id = m_tree.nodes[size_t(node)].message;
    if (!id || !m_db)
        return nullptr;
    auto it = m_rows.constFind(id);
    if (it != m_rows.constEnd())
        return &*it;
    if (m_rows.size() > kMaxCachedRows)
        m_rows.clear();
    // This row and the ones after it in reading order: what the view shows next.
    QStringList ids;
    for (size_t n = size_t(node); n < m_tree.nodes.size() && ids.size() < kRowsPerBatch; ++n)
        if (const qint64 m = m_tree.nodes[n].message; m && !m_rows.contains(m))
            ids << QString::number(m);
    auto q = m_db->exec(QStringLiteral("SELECT id, from_header, subject, date_header, size, coalesce(uid, 0), flags FROM messages WHERE id IN (%1)")
                            .arg(ids.join(QLatin1Char(','))));
    while (q && q.value().next()) {
        const QSqlQuery &r = q.value();
        Row row;
        row.from = mime::decodeHeaderText(r.value(1).toString().toUtf8());
        row.subject = mime::decodeHeaderText(r.value(2).toString().toUtf8());
        row.date = r.value(3).toString();
        row.size = r.value(4).toLongLong();
        row.uid = r.value(5).toLongLong();
        row.flags = r.value(6).toString();
        m_rows.insert(r.value(0).toLongLong(), row);
    }
    it = m_rows.constFind(id);
    return it == m_rows.constEnd() ? nullptr : &*it;
}

QVariant ThreadListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const int node = nodeOf(index);
    const auto &n = m_tree.nodes[size_t(node)];
    const int col = index.column();
    if (col == m_c.id)
        return role == Qt::DisplayRole || role == Qt::EditRole ? QVariant(n.message) : QVariant();
    const bool dummy = n.message == 0;
    const Row *row = rowOf(dummy ? firstMessage(node) : node);
    const bool collapsed = n.childCount > 0 && !m_expanded.contains(node);
    const int unreadBelow = collapsed ? unreadIn(index) : 0;
    if (!dummy && col != m_c.sender && col != m_c.subject && col != m_c.date && col != m_c.size && col != m_c.flag
        && col != m_c.uid && col != m_c.flags && m_extra)
        return m_extra(n.message, col, role);
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole: {
        if (!row)
            return {};
        if (col == m_c.uid)
            return dummy ? QVariant() : QVariant(row->uid);
        if (col == m_c.flags)
            return dummy ? QVariant() : QVariant(row->flags);
        if (dummy) {   // a missing parent: its first reply's subject, nothing else of its own
            if (col == m_c.subject)
                return collapsed && unreadBelow ? tr("%1 (%n unread)", nullptr, unreadBelow).arg(row->subject) : row->subject;
            return {};
        }
        if (col == m_c.sender)
            return row->from;
        if (col == m_c.subject)
            return collapsed && unreadBelow ? tr("%1 (%n unread)", nullptr, unreadBelow).arg(row->subject) : row->subject;
        if (col == m_c.date) {
            const QDateTime d = mime::parseMailDate(row->date);
            return d.isValid() ? QLocale().toString(d.toLocalTime(), QLocale::ShortFormat) : QVariant(row->date);
        }
        if (col == m_c.size)
            return row->size < 1024 ? tr("%1 B").arg(row->size)
                                    : QLocale().formattedDataSize(row->size, 0, QLocale::DataSizeTraditionalFormat);
        if (col == m_c.flag)
            return row->flags.contains(QLatin1String("\\Flagged")) ? QStringLiteral("★") : QString();
        return {};
    }
    case Qt::ToolTipRole:
        if (col == m_c.subject && n.childCount)
            return tr("%n message(s) in this thread", nullptr, n.size - 1 + (dummy ? 0 : 1));
        if (col == m_c.subject && dummy)
            return tr("The message these answer is not in this folder");
        return {};
    case Qt::FontRole: {
        QFont f;
        if (dummy)
            f.setItalic(true);
        const bool unread = !dummy && row && !isSeen(row->flags);
        if (unread || unreadBelow > 0)
            f.setBold(true);
        return f;
    }
    case Qt::ForegroundRole:
        if (dummy)
            return QColor(0x70, 0x70, 0x70);
        if (col == m_c.flag)
            return QColor(0xd0, 0x8a, 0x00);
        return {};
    case Qt::TextAlignmentRole:
        if (col == m_c.size)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant ThreadListModel::headerData(int section, Qt::Orientation o, int role) const
{
    return m_headers ? m_headers->headerData(section, o, role) : QAbstractItemModel::headerData(section, o, role);
}

QModelIndex ThreadListModel::indexOfMessage(qint64 id)
{
    if (!id)
        return {};
    int node = -1;
    for (size_t n = 0; n < m_tree.nodes.size(); ++n)
        if (m_tree.nodes[n].message == id) {
            node = int(n);
            break;
        }
    if (node < 0)
        return {};
    int root = node;
    while (m_tree.nodes[size_t(root)].parent >= 0)
        root = m_tree.nodes[size_t(root)].parent;
    const int rootRow = m_rootRow[size_t(root)];
    if (rootRow < 0)
        return {};   // filtered out
    while (rootRow >= m_rootsFetched)
        fetchMore({});
    const int row = node == root ? rootRow : m_tree.nodes[size_t(node)].row;
    return createIndex(row, 0, quintptr(node));
}

void ThreadListModel::setFlags(const QModelIndex &index, const QString &flags)
{
    if (!index.isValid())
        return;
    const qint64 id = m_tree.nodes[size_t(nodeOf(index))].message;
    if (!id)
        return;
    if (rowOf(nodeOf(index)))
        m_rows[id].flags = flags;
    if (isSeen(flags))
        m_unread.remove(id);
    else
        m_unread.insert(id);
    recountUnread();
    // The row and its ancestors (their unread counts).
    for (QModelIndex i = index; i.isValid(); i = i.parent())
        emit dataChanged(i.siblingAtColumn(0), i.siblingAtColumn(columnCount() - 1));
}

QModelIndex ThreadListModel::nextUnread(const QModelIndex &from)
{
    // Reading order is the shown roots' pre-order; start after `from`.
    int startRoot = 0, startNode = -1;
    if (from.isValid()) {
        startNode = nodeOf(from);
        int root = startNode;
        while (m_tree.nodes[size_t(root)].parent >= 0)
            root = m_tree.nodes[size_t(root)].parent;
        startRoot = qMax(0, m_rootRow[size_t(root)]);
    }
    for (size_t r = size_t(startRoot); r < m_roots.size(); ++r) {
        const int root = m_roots[r];
        const int end = root + m_tree.nodes[size_t(root)].size;
        for (int n = (startNode >= root && startNode < end) ? startNode + 1 : root; n < end; ++n) {
            const qint64 id = m_tree.nodes[size_t(n)].message;
            if (id && m_unread.contains(id))
                return indexOfMessage(id);
        }
    }
    return {};
}

} // namespace tern::ui
