#include "models/WindowedQueryModel.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlResult>
#include <algorithm>
#include <memory>
#include <sqlite3.h>

namespace tern::models {

WindowedQueryModel::WindowedQueryModel(QObject *parent) : QAbstractTableModel(parent)
{
}

WindowedQueryModel::~WindowedQueryModel() = default;

void WindowedQueryModel::forget()
{
    m_driver = nullptr;
    m_sql.clear();
    m_pageSql.clear();
    m_pageBinds = 0;
    m_binds.clear();
    m_record = QSqlRecord();
    m_keyName.clear();
    m_keys.clear();
    m_pages.clear();
    m_pageQueries = 0;
    m_error.clear();
}

void WindowedQueryModel::clear()
{
    beginResetModel();
    forget();
    m_headers.clear();
    endResetModel();
}

void WindowedQueryModel::setQuery(QSqlQuery &&query)
{
    QSqlQuery q(std::move(query));
    beginResetModel();   // the headers set stay, as QSqlQueryModel's do
    forget();
    const auto failed = [this](const QString &why) {
        m_error = why;
        m_keys.clear();
        m_record = QSqlRecord();
        endResetModel();
    };
    if (!q.driver() || q.lastQuery().isEmpty())
        return failed(QStringLiteral("no query"));
    if (!q.isActive() && !q.exec())
        return failed(q.lastError().text());
    m_driver = q.driver();
    m_sql = q.lastQuery();
    m_pageSql = rowsPart(m_sql, &m_pageBinds);
    m_binds = q.boundValues();
    m_record = q.record();
    q.finish();   // its statement would hold a read transaction open
    if (m_keyColumn < 0 || m_keyColumn >= m_record.count())
        return failed(QStringLiteral("the query has no column %1 for the row keys").arg(m_keyColumn));
    m_keyName = m_driver->escapeIdentifier(m_record.fieldName(m_keyColumn), QSqlDriver::FieldName);

    // The order: the keys only. SQLite flattens the subquery, so an index that
    // holds the ORDER BY columns answers it without reading the table's rows.
    const QString keySql = QStringLiteral("SELECT %1 FROM (%2)").arg(m_keyName, m_sql);
    if (const QString err = readKeysDirectly(keySql); err != QLatin1String("unavailable")) {
        if (!err.isEmpty())
            return failed(err);
    } else {
        QSqlQuery keys(m_driver->createResult());
        keys.setForwardOnly(true);
        if (!keys.prepare(keySql))
            return failed(keys.lastError().text());
        for (const QVariant &v : std::as_const(m_binds))
            keys.addBindValue(v);
        if (!keys.exec())
            return failed(keys.lastError().text());
        while (keys.next())
            m_keys.push_back(keys.value(0).toLongLong());
    }
    endResetModel();
}

namespace {

// The positions of `words` in `sql` outside parentheses and quotes, in order.
QList<std::pair<int, QLatin1String>> topLevelWords(const QString &sql, std::initializer_list<QLatin1String> words)
{
    QList<std::pair<int, QLatin1String>> found;
    int depth = 0;
    QChar quote;
    for (int i = 0; i < sql.size(); ++i) {
        const QChar c = sql.at(i);
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();   // a doubled quote closes and opens again: the same
            continue;
        }
        if (c == QLatin1Char('\'') || c == QLatin1Char('"'))
            quote = c;
        else if (c == QLatin1Char('('))
            ++depth;
        else if (c == QLatin1Char(')'))
            --depth;
        else if (depth == 0 && (i == 0 || sql.at(i - 1).isSpace()))
            for (const QLatin1String &w : words)
                if (QStringView(sql).mid(i, w.size()).compare(w, Qt::CaseInsensitive) == 0)
                    found.append({i, w});
    }
    return found;
}

int placeholders(QStringView sql)
{
    int n = 0;
    QChar quote;
    for (const QChar c : sql) {
        if (!quote.isNull())
            quote = c == quote ? QChar() : quote;
        else if (c == QLatin1Char('\'') || c == QLatin1Char('"'))
            quote = c;
        else if (c == QLatin1Char('?'))
            ++n;
    }
    return n;
}

} // namespace

QString WindowedQueryModel::withoutOrder(const QString &sql)
{
    int lastOrder = -1;
    for (const auto &[at, word] : topLevelWords(sql, {QLatin1String("ORDER BY"), QLatin1String("LIMIT")})) {
        if (word == QLatin1String("LIMIT") && lastOrder >= 0)
            return sql;   // the order decides which rows: kept
        if (word == QLatin1String("ORDER BY"))
            lastOrder = at;
    }
    return lastOrder > 0 ? sql.left(lastOrder) : sql;
}

QString WindowedQueryModel::rowsPart(const QString &sql, int *bindCount)
{
    // The first top-level WHERE, unless something after it shapes the rows
    // (grouping, compounds): then the whole query, its order left out.
    const auto words = topLevelWords(sql, {QLatin1String("WHERE"), QLatin1String("GROUP BY"), QLatin1String("HAVING"),
                                           QLatin1String("UNION"), QLatin1String("INTERSECT"), QLatin1String("EXCEPT"),
                                           QLatin1String("LIMIT")});
    const QString out = [&] {
        if (words.isEmpty() || words.first().second != QLatin1String("WHERE"))
            return words.isEmpty() ? withoutOrder(sql) : sql;
        for (qsizetype i = 1; i < words.size(); ++i)
            if (words.at(i).second != QLatin1String("WHERE"))
                return sql;
        return sql.left(words.first().first);
    }();
    *bindCount = placeholders(out);
    return out;
}

// Through SQLite's own API on the connection's handle: 100,000 keys through
// QSqlQuery (a QVariant row per step) took 60-70 ms of a folder's opening;
// this takes a few. "unavailable" when the driver is not SQLite's.
QString WindowedQueryModel::readKeysDirectly(const QString &sql)
{
    const QVariant handle = m_driver->handle();
    if (qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return QStringLiteral("unavailable");
    sqlite3 *db = *static_cast<sqlite3 *const *>(handle.constData());
    if (!db)
        return QStringLiteral("unavailable");
    sqlite3_stmt *stmt = nullptr;
    const QByteArray text = sql.toUtf8();
    if (sqlite3_prepare_v2(db, text.constData(), int(text.size()), &stmt, nullptr) != SQLITE_OK)
        return QString::fromUtf8(sqlite3_errmsg(db));
    const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt *)> guard(stmt, sqlite3_finalize);
    for (int i = 0; i < m_binds.size(); ++i) {
        const QVariant &v = m_binds.at(i);
        int rc = SQLITE_OK;
        switch (v.typeId()) {
        case QMetaType::Int: case QMetaType::UInt: case QMetaType::LongLong: case QMetaType::ULongLong: case QMetaType::Bool:
            rc = sqlite3_bind_int64(stmt, i + 1, v.toLongLong());
            break;
        case QMetaType::Double:
            rc = sqlite3_bind_double(stmt, i + 1, v.toDouble());
            break;
        case QMetaType::QByteArray: {
            const QByteArray b = v.toByteArray();
            rc = sqlite3_bind_blob(stmt, i + 1, b.constData(), int(b.size()), SQLITE_TRANSIENT);
            break;
        }
        default:
            if (v.isNull() && v.typeId() != QMetaType::QString) {
                rc = sqlite3_bind_null(stmt, i + 1);
            } else {
                const QString t = v.toString();
                rc = sqlite3_bind_text16(stmt, i + 1, t.utf16(), int(t.size() * 2), SQLITE_TRANSIENT);
            }
        }
        if (rc != SQLITE_OK)
            return QString::fromUtf8(sqlite3_errmsg(db));
    }
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
        m_keys.push_back(sqlite3_column_int64(stmt, 0));
    return rc == SQLITE_DONE ? QString() : QString::fromUtf8(sqlite3_errmsg(db));
}

int WindowedQueryModel::rowOfKey(qint64 key) const
{
    const auto it = std::find(m_keys.cbegin(), m_keys.cend(), key);
    return it == m_keys.cend() ? -1 : int(it - m_keys.cbegin());
}

int WindowedQueryModel::cachedRowCount() const
{
    int n = 0;
    for (const Page &p : std::as_const(m_pages))
        n += int(p.rows.size());
    return n;
}

int WindowedQueryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_keys.size());
}

int WindowedQueryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_record.count();
}

void WindowedQueryModel::readPage(int pageIndex, Page &out) const
{
    const int first = pageIndex * kPageRows;
    const int count = std::min(kPageRows, int(m_keys.size()) - first);
    out.rows.assign(size_t(std::max(0, count)), {});
    if (count <= 0 || !m_driver)
        return;
    ++m_pageQueries;
    QSqlQuery q(m_driver->createResult());
    q.setForwardOnly(true);
    QStringList marks;
    for (int i = 0; i < count; ++i)
        marks << QStringLiteral("?");
    if (!q.prepare(QStringLiteral("SELECT * FROM (%1) WHERE %2 IN (%3)").arg(m_pageSql, m_keyName, marks.join(QLatin1Char(','))))) {
        m_error = q.lastError().text();
        return;
    }
    for (int i = 0; i < m_pageBinds && i < m_binds.size(); ++i)
        q.addBindValue(m_binds.at(i));
    QHash<qint64, int> position;
    position.reserve(count);
    for (int i = 0; i < count; ++i) {
        const qint64 key = m_keys[size_t(first + i)];
        q.addBindValue(key);
        position.insert(key, i);
    }
    if (!q.exec()) {
        m_error = q.lastError().text();
        return;
    }
    const int columns = m_record.count();
    while (q.next()) {
        const auto it = position.constFind(q.value(m_keyColumn).toLongLong());
        if (it == position.constEnd())
            continue;
        QList<QVariant> &row = out.rows[size_t(*it)];
        row.reserve(columns);
        for (int c = 0; c < columns; ++c)
            row.append(q.value(c));
    }
    // A row gone since the keys were read stays empty until the next setQuery.
}

const WindowedQueryModel::Page *WindowedQueryModel::page(int pageIndex) const
{
    auto it = m_pages.find(pageIndex);
    if (it == m_pages.end()) {
        if (m_pages.size() >= kMaxPages) {
            auto oldest = m_pages.begin();
            for (auto p = m_pages.begin(); p != m_pages.end(); ++p)
                if (p->lastUse < oldest->lastUse)
                    oldest = p;
            m_pages.erase(oldest);
        }
        it = m_pages.insert(pageIndex, Page{});
        readPage(pageIndex, *it);
    }
    it->lastUse = ++m_useClock;
    return &*it;
}

QVariant WindowedQueryModel::data(const QModelIndex &index, int role) const
{
    if ((role != Qt::DisplayRole && role != Qt::EditRole) || !index.isValid() || index.row() >= int(m_keys.size())
        || index.column() >= m_record.count())
        return {};
    const Page *p = page(index.row() / kPageRows);
    const size_t at = size_t(index.row() % kPageRows);
    if (at >= p->rows.size())
        return {};
    const QList<QVariant> &row = p->rows[at];
    return index.column() < row.size() ? row.at(index.column()) : QVariant();
}

QVariant WindowedQueryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && (role == Qt::DisplayRole || role == Qt::EditRole)) {
        const auto it = m_headers.constFind(section);
        if (it != m_headers.constEnd())
            return *it;
        if (section >= 0 && section < m_record.count())
            return m_record.fieldName(section);
    }
    return QAbstractTableModel::headerData(section, orientation, role);
}

bool WindowedQueryModel::setHeaderData(int section, Qt::Orientation orientation, const QVariant &value, int role)
{
    if (orientation != Qt::Horizontal || section < 0 || (role != Qt::DisplayRole && role != Qt::EditRole))
        return false;
    m_headers.insert(section, value);
    if (section < columnCount())
        emit headerDataChanged(orientation, section, section);
    return true;
}

} // namespace tern::models
