#pragma once
// A prepared statement on the cache's own SQLite connection, for the loops that
// write a row per message (a first sync stores 100,000): values are bound as
// they are, text as UTF-8, with no QVariant per value. Through QSqlQuery, binding
// 19 values per row was a tenth of a headers-only sync.
#include "common/Error.h"

#include <QByteArray>
#include <QString>
#include <QVariant>

struct sqlite3;
struct sqlite3_stmt;

namespace tern::store {

class Database;

class Statement {
public:
    // Prepared at once; status() says whether that worked.
    Statement(Database &db, const QString &sql);
    ~Statement();
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    const Status &status() const { return m_status; }

    // Positional, from 1. A null QString is empty text (as Database::bindAll binds it);
    // SQL NULL is bindNull() or an invalid QVariant.
    void bind(int i, qint64 v);
    void bind(int i, const QString &v);
    void bind(int i, const QByteArray &utf8);   // text; bytes not UTF-8 are decoded with U+FFFD
    void bind(int i, const QVariant &v);   // null, integers, a blob (QByteArray) or text
    void bindNull(int i);

    // Runs it to the end (rows, if any, are not read), then resets it and its bindings.
    Status run();
    // Rows the last run() changed.
    qint64 changes() const { return m_changes; }

private:
    Status error(const char *what) const;
    void check(int rc);   // the first failed bind, reported by run()

    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_stmt = nullptr;
    QString m_sql;
    Status m_status = success();
    qint64 m_changes = 0;
    int m_bindRc = 0;
};

} // namespace tern::store
