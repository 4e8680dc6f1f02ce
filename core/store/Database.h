#pragma once
// The SQLite cache of a profile (cache.sqlite): WAL mode, foreign keys on,
// synchronous=FULL (a committed transaction survives a crash and a power
// loss: POP3 deletes on the server and the outbox marks mail sent only after
// a commit), and a versioned schema migrated forward on open.
// One Database per thread: each opens its own connection.
#include "common/Error.h"
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

namespace tern::store {

class Database {
public:
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // Opens and migrates to the newest schema (`upTo` stops earlier: tests of migrations).
    static Result<std::unique_ptr<Database>> open(const QString &file, int upTo = -1);
    static int schemaVersion();

    QSqlDatabase &db() { return m_db; }
    QString file() const { return m_file; }

    // Runs `sql` with positional bindings; an error names the statement.
    Result<QSqlQuery> exec(const QString &sql, const QVariantList &bind = {});
    // Binds positionally. A null QString is empty text, never SQL NULL (that is
    // QVariant()): Qt would otherwise store "" from an empty QByteArray as NULL.
    static void bindAll(QSqlQuery &q, const QVariantList &values);
    Status begin();
    Status commit();
    void rollback();

private:
    Database() = default;
    Status migrate(int upTo);

    QSqlDatabase m_db;
    QString m_file;
    QString m_connectionName;
};

// A transaction that rolls back unless committed.
class Transaction {
public:
    explicit Transaction(Database &db) : m_db(db) { m_status = db.begin(); }
    ~Transaction() { if (m_status.ok() && !m_done) m_db.rollback(); }
    Status status() const { return m_status; }
    Status commit() { m_done = true; return m_db.commit(); }

private:
    Database &m_db;
    Status m_status = success();
    bool m_done = false;
};

} // namespace tern::store
