#pragma once
// A table model over an SQL query that loads by window, for lists of any size
// (a 100,000-message folder): what QSqlQueryModel does, without its costs.
// QSqlQueryModel hands rows to the view 255 at a time as it scrolls down and
// keeps every row it read: reaching the end of a large folder took hundreds of
// fetches, its scroll bar showed only what was read, and memory grew with it.
//
// Here setQuery() reads only the key of every row, in order (one integer per
// row, from the query's own ORDER BY: with an index, no table rows are read),
// so rowCount() is the whole result at once; a row's other columns are read
// when the view asks for it, a page of neighbouring rows per query by key, and
// at most kMaxPages pages are kept (least recently used go first).
//
// The query is any SELECT whose column `keyColumn` is a unique integer (a
// message's id), prepared with positional (?) bindings on the connection it
// will be read from; the model never changes it, only wraps it:
//   SELECT key FROM (query)                      the order
//   SELECT * FROM (query up to its WHERE) WHERE key IN (?, …)
//                                                a page: rows by key, whatever the
//                                                query's conditions (the keys met
//                                                them); with its WHERE and ORDER BY
//                                                SQLite walked the folder's index
//                                                instead of looking the keys up
#include <QAbstractTableModel>
#include <QHash>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QVariant>
#include <vector>

class QSqlDriver;

namespace tern::models {

class WindowedQueryModel : public QAbstractTableModel {
    Q_OBJECT
public:
    static constexpr int kPageRows = 128;
    static constexpr int kMaxPages = 64;   // 8,192 rows kept at most

    explicit WindowedQueryModel(QObject *parent = nullptr);
    ~WindowedQueryModel() override;

    void setKeyColumn(int column) { m_keyColumn = column; }
    // Runs the query's ordering now and shows its rows (a model reset). `query`
    // needs to be prepared (executed or not); an error leaves the model empty
    // and is in lastError().
    void setQuery(QSqlQuery &&query);
    void clear();   // no query, no headers
    QString lastError() const { return m_error; }

    // The row of a key, -1 when not in the result (no row is read: a scan of the keys).
    int rowOfKey(qint64 key) const;
    qint64 keyOf(int row) const { return row >= 0 && row < int(m_keys.size()) ? m_keys[size_t(row)] : 0; }
    int cachedRowCount() const;   // rows held in memory now (tests)
    int pageQueries() const { return m_pageQueries; }   // page reads since the last setQuery (tests)
    // `sql` without its last ORDER BY clause, when that clause ends the statement
    // (outside any parentheses); else `sql` unchanged.
    static QString withoutOrder(const QString &sql);
    // `sql` up to its first top-level WHERE, and the count of ? placeholders
    // there; when grouping or a compound follows the WHERE, `sql` itself.
    static QString rowsPart(const QString &sql, int *bindCount);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    // The column's value for Qt::DisplayRole and Qt::EditRole, as read from the database.
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool setHeaderData(int section, Qt::Orientation orientation, const QVariant &value, int role = Qt::EditRole) override;

private:
    struct Page {
        std::vector<QList<QVariant>> rows;   // kPageRows (fewer in the last page)
        quint64 lastUse = 0;
    };
    void forget();
    QString readKeysDirectly(const QString &sql);   // empty: read; "unavailable"; else the error
    const Page *page(int pageIndex) const;   // reads it when not held
    void readPage(int pageIndex, Page &out) const;

    const QSqlDriver *m_driver = nullptr;
    QString m_sql, m_pageSql;
    int m_pageBinds = 0;   // of m_binds, those m_pageSql takes
    QVariantList m_binds;
    QSqlRecord m_record;
    QString m_keyName;
    int m_keyColumn = 0;
    std::vector<qint64> m_keys;
    mutable QHash<int, Page> m_pages;
    mutable quint64 m_useClock = 0;
    mutable int m_pageQueries = 0;
    mutable QString m_error;
    QHash<int, QVariant> m_headers;
};

} // namespace tern::models
