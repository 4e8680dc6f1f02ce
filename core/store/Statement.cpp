#include "store/Statement.h"

#include "store/Database.h"

#include <QSqlDriver>
#include <QUtf8StringView>
#include <sqlite3.h>

namespace tern::store {

Statement::Statement(Database &db, const QString &sql) : m_sql(sql)
{
    const QVariant handle = db.db().driver() ? db.db().driver()->handle() : QVariant();
    if (qstrcmp(handle.typeName(), "sqlite3*") != 0 || !*static_cast<sqlite3 *const *>(handle.constData())) {
        m_status = Error::io(QStringLiteral("cache: not an open SQLite connection"));
        return;
    }
    m_db = *static_cast<sqlite3 *const *>(handle.constData());
    const QByteArray text = sql.toUtf8();
    if (sqlite3_prepare_v3(m_db, text.constData(), int(text.size()), SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr) != SQLITE_OK) {
        m_status = error("prepare");
        m_stmt = nullptr;
    }
}

Statement::~Statement()
{
    sqlite3_finalize(m_stmt);
}

Status Statement::error(const char *what) const
{
    return Error::io(QStringLiteral("cache: %1 (%2 of: %3)")
                         .arg(QString::fromUtf8(m_db ? sqlite3_errmsg(m_db) : "no connection"), QLatin1String(what),
                              m_sql.simplified().left(120)));
}

void Statement::check(int rc)
{
    if (rc != SQLITE_OK && m_bindRc == SQLITE_OK)
        m_bindRc = rc;
}

void Statement::bind(int i, qint64 v)
{
    if (m_stmt)
        check(sqlite3_bind_int64(m_stmt, i, v));
}

void Statement::bind(int i, const QString &v)
{
    bind(i, v.toUtf8());
}

void Statement::bind(int i, const QByteArray &utf8)
{
    // Bytes that are not UTF-8 (a server's) go in as QString::fromUtf8 makes them:
    // U+FFFD for each bad sequence, as through QSqlQuery.
    if (!QUtf8StringView(utf8).isValidUtf8()) {
        bind(i, QString::fromUtf8(utf8));
        return;
    }
    if (m_stmt)   // "" for a null array too: text, never NULL
        check(sqlite3_bind_text64(m_stmt, i, utf8.isNull() ? "" : utf8.constData(), sqlite3_uint64(utf8.size()), SQLITE_TRANSIENT, SQLITE_UTF8));
}

void Statement::bind(int i, const QVariant &v)
{
    switch (v.typeId()) {
    case QMetaType::UnknownType:
        bindNull(i);
        break;
    case QMetaType::Int: case QMetaType::UInt: case QMetaType::LongLong: case QMetaType::ULongLong: case QMetaType::Bool:
        bind(i, v.toLongLong());
        break;
    case QMetaType::QByteArray: {   // a blob, as QSqlQuery binds it
        const QByteArray b = v.toByteArray();
        if (m_stmt)
            check(sqlite3_bind_blob64(m_stmt, i, b.isNull() ? "" : b.constData(), sqlite3_uint64(b.size()), SQLITE_TRANSIENT));
        break;
    }
    default:
        if (v.isNull())
            bindNull(i);
        else
            bind(i, v.toString());
    }
}

void Statement::bindNull(int i)
{
    if (m_stmt)
        check(sqlite3_bind_null(m_stmt, i));
}

Status Statement::run()
{
    if (!m_stmt)
        return m_status;
    if (m_bindRc != SQLITE_OK) {
        const Status bad = Error::io(QStringLiteral("cache: %1 (binding a value of: %2)")
                                         .arg(QString::fromUtf8(sqlite3_errstr(m_bindRc)), m_sql.simplified().left(120)));
        m_bindRc = SQLITE_OK;
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
        return bad;
    }
    int rc;
    while ((rc = sqlite3_step(m_stmt)) == SQLITE_ROW) {
    }
    Status result = rc == SQLITE_DONE ? success() : error("step");
    m_changes = rc == SQLITE_DONE ? sqlite3_changes64(m_db) : 0;
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
    return result;
}

} // namespace tern::store
