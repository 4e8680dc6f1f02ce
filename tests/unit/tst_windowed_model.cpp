// The message list's model (models::WindowedQueryModel) over a real cache:
// the whole folder's rows at once, in the query's order, each row's columns as
// the database has them, memory bounded however far the view scrolls, and the
// order read from the index without touching the table.
#include "models/WindowedQueryModel.h"
#include "store/Database.h"

#include <QAbstractItemModelTester>
#include <QRandomGenerator>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

using namespace tern;

namespace {
constexpr int kMessages = 20000;
// The window's query, as MainWindow::reloadList makes it.
const char *const kListSql =
    "SELECT m.from_header, m.subject, m.date_header, m.size, NULL, m.id, m.uid, m.flags, b.account, b.name "
    "FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id WHERE b.account = ? AND b.name = ? %1 ORDER BY %2";
constexpr int kIdColumn = 5;
}

class TestWindowedModel : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<store::Database> m_db;

    QSqlQuery listQuery(const QString &folder, const QString &order = QStringLiteral("m.received_at DESC, m.id DESC"),
                        const QString &filter = {})
    {
        QSqlQuery q(m_db->db());
        q.prepare(QString::fromLatin1(kListSql).arg(filter.isEmpty() ? QString() : QStringLiteral("AND m.subject LIKE ?"), order));
        q.addBindValue(QStringLiteral("acct"));
        q.addBindValue(folder);
        if (!filter.isEmpty())
            q.addBindValue(filter);
        q.exec();
        return q;
    }
    // The same query read whole, the plain way: what each row must show.
    QList<QList<QVariant>> plainRows(const QString &folder, const QString &order, const QString &filter = {})
    {
        QSqlQuery q = listQuery(folder, order, filter);
        QList<QList<QVariant>> rows;
        while (q.next()) {
            QList<QVariant> r;
            for (int c = 0; c < q.record().count(); ++c)
                r << q.value(c);
            rows << r;
        }
        return rows;
    }

private slots:
    void initTestCase()
    {
        auto db = store::Database::open(m_dir.filePath(QStringLiteral("cache.sqlite")));
        QVERIFY2(db.ok(), qPrintable(db.error().message));
        m_db = std::move(db.value());
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO mailboxes (account, name) VALUES ('acct', 'INBOX'), ('acct', 'Small'), ('other', 'INBOX')")).ok());
        store::Transaction t(*m_db);
        QRandomGenerator rng(42);   // the same folder every run
        for (int i = 0; i < kMessages; ++i) {
            // Arrival times out of id order, with ties, as a real folder has them.
            const qint64 received = 1700000000 + rng.bounded(kMessages / 4);
            const int mailbox = i % 10 == 0 ? 2 : (i % 10 == 1 ? 3 : 1);
            QVERIFY(m_db->exec(QStringLiteral("INSERT INTO messages (mailbox_id, uid, flags, size, received_at, date_header, subject, from_header) "
                                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                               {mailbox, i + 1, i % 3 ? QStringLiteral("\\Seen") : QString(), 1000 + i, received,
                                QStringLiteral("Mon, 1 Jan 2024 00:00:00 +0000"), QStringLiteral("subject %1 %2").arg(i).arg(QLatin1String(i % 7 ? "x" : "budget")),
                                QStringLiteral("sender%1@example.org").arg(i % 97)})
                        .ok());
        }
        QVERIFY(t.commit().ok());
    }

    void showsEveryRowAtOnceInTheQuerysOrder()
    {
        models::WindowedQueryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setKeyColumn(kIdColumn);
        const QString order = QStringLiteral("m.received_at DESC, m.id DESC");
        model.setQuery(listQuery(QStringLiteral("INBOX"), order));
        QVERIFY2(model.lastError().isEmpty(), qPrintable(model.lastError()));
        const auto expected = plainRows(QStringLiteral("INBOX"), order);
        QCOMPARE(model.rowCount(), int(expected.size()));   // all of them, with nothing fetched yet
        QCOMPARE(model.rowCount(), kMessages * 8 / 10);
        QCOMPARE(model.columnCount(), 10);
        // Rows anywhere, the last first (the scroll bar dragged to the end), then a sample.
        for (int row : {int(expected.size()) - 1, 0, 5000, 129, 128, 127})
            for (int c = 0; c < 10; ++c)
                QCOMPARE(model.index(row, c).data(), expected.at(row).at(c));
        for (int row = 0; row < expected.size(); row += 37)
            QCOMPARE(model.index(row, 1).data(), expected.at(row).at(1));
        QCOMPARE(model.keyOf(3), expected.at(3).at(kIdColumn).toLongLong());
        QCOMPARE(model.rowOfKey(expected.at(777).at(kIdColumn).toLongLong()), 777);
        QCOMPARE(model.rowOfKey(-5), -1);
        QVERIFY(!model.index(0, 0).data(Qt::FontRole).isValid());
    }

    void keepsABoundedWindowInMemory()
    {
        models::WindowedQueryModel model;
        model.setKeyColumn(kIdColumn);
        model.setQuery(listQuery(QStringLiteral("INBOX")));
        QCOMPARE(model.pageQueries(), 0);   // the order read, no row yet
        for (int row = 0; row < model.rowCount(); ++row)   // scrolled top to bottom
            QVERIFY(!model.index(row, 1).data().toString().isEmpty());
        QVERIFY2(model.cachedRowCount() <= models::WindowedQueryModel::kPageRows * models::WindowedQueryModel::kMaxPages,
                 qPrintable(QString::number(model.cachedRowCount())));
        QCOMPARE(model.pageQueries(), (model.rowCount() + models::WindowedQueryModel::kPageRows - 1) / models::WindowedQueryModel::kPageRows);
        // Back to the top: read again, not kept.
        const int before = model.pageQueries();
        QCOMPARE(model.index(0, 1).data().isValid(), true);
        QCOMPARE(model.pageQueries(), before + 1);
    }

    void sortsFiltersAndKeepsHeaders()
    {
        models::WindowedQueryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setKeyColumn(kIdColumn);
        model.setQuery(listQuery(QStringLiteral("INBOX")));
        model.setHeaderData(1, Qt::Horizontal, QStringLiteral("Subject"));
        const QString order = QStringLiteral("m.subject COLLATE NOCASE ASC, m.id DESC");
        model.setQuery(listQuery(QStringLiteral("INBOX"), order, QStringLiteral("%budget%")));
        const auto expected = plainRows(QStringLiteral("INBOX"), order, QStringLiteral("%budget%"));
        QVERIFY(expected.size() > 100);
        QCOMPARE(model.rowCount(), int(expected.size()));
        for (int row = 0; row < expected.size(); ++row)
            QCOMPARE(model.index(row, 1).data(), expected.at(row).at(1));
        QCOMPARE(model.headerData(1, Qt::Horizontal).toString(), QStringLiteral("Subject"));
        QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("from_header"));
        model.setQuery(listQuery(QStringLiteral("Small")));
        QCOMPARE(model.rowCount(), kMessages / 10);
    }

    void theOrderComesFromTheIndexAlone()
    {
        // What setQuery runs for a folder in arrival order: answered by the index
        // messages_by_arrival (a covering index: no table row read), not a sort.
        auto plan = m_db->exec(QStringLiteral("EXPLAIN QUERY PLAN SELECT \"id\" FROM (%1)")
                                   .arg(QString::fromLatin1(kListSql).arg(QString(), QStringLiteral("m.received_at DESC, m.id DESC"))),
                               {QStringLiteral("acct"), QStringLiteral("INBOX")});
        QVERIFY(plan.ok());
        QStringList steps;
        while (plan.value().next())
            steps << plan.value().value(3).toString();
        const QString all = steps.join(QLatin1String(" | "));
        QVERIFY2(all.contains(QLatin1String("COVERING INDEX messages_by_arrival")), qPrintable(all));
        QVERIFY2(!all.contains(QLatin1String("TEMP B-TREE")), qPrintable(all));
        // A page: by primary key, not a scan of the folder (the model leaves the ORDER BY out).
        QStringList marks(models::WindowedQueryModel::kPageRows, QStringLiteral("?"));
        QVariantList binds{QStringLiteral("acct"), QStringLiteral("INBOX")};
        for (int i = 0; i < models::WindowedQueryModel::kPageRows; ++i)
            binds << i + 1;
        int pageBinds = -1;
        const QString pageSql = models::WindowedQueryModel::rowsPart(
            QString::fromLatin1(kListSql).arg(QString(), QStringLiteral("m.received_at DESC, m.id DESC")), &pageBinds);
        QVERIFY(!pageSql.contains(QLatin1String("ORDER BY")));
        QCOMPARE(pageBinds, 0);
        binds = binds.mid(2);   // the WHERE's own
        // Only the statement's own last clause goes: not one in a subquery or a quoted string, nor one a LIMIT follows.
        using M = models::WindowedQueryModel;
        QCOMPARE(M::withoutOrder(QStringLiteral("SELECT a FROM t WHERE (x LIKE '%\\Seen%') ORDER BY (b LIKE '%)%') DESC, c")),
                 QStringLiteral("SELECT a FROM t WHERE (x LIKE '%\\Seen%') "));
        QCOMPARE(M::withoutOrder(QStringLiteral("SELECT a FROM (SELECT a FROM t ORDER BY a)")), QStringLiteral("SELECT a FROM (SELECT a FROM t ORDER BY a)"));
        QCOMPARE(M::withoutOrder(QStringLiteral("SELECT a FROM t WHERE b = ' ORDER BY x'")), QStringLiteral("SELECT a FROM t WHERE b = ' ORDER BY x'"));
        QCOMPARE(M::withoutOrder(QStringLiteral("SELECT a FROM t ORDER BY a LIMIT 5")), QStringLiteral("SELECT a FROM t ORDER BY a LIMIT 5"));
        int n = -1;
        QCOMPARE(M::rowsPart(QStringLiteral("SELECT a, ? FROM t JOIN u ON u.x = (SELECT 1 WHERE 1) WHERE a = ? ORDER BY a"), &n),
                 QStringLiteral("SELECT a, ? FROM t JOIN u ON u.x = (SELECT 1 WHERE 1) "));
        QCOMPARE(n, 1);
        QCOMPARE(M::rowsPart(QStringLiteral("SELECT a, count(*) FROM t WHERE a = ? GROUP BY a"), &n),
                 QStringLiteral("SELECT a, count(*) FROM t WHERE a = ? GROUP BY a"));
        QCOMPARE(n, 1);
        auto pagePlan = m_db->exec(QStringLiteral("EXPLAIN QUERY PLAN SELECT * FROM (%1) WHERE \"id\" IN (%2)").arg(pageSql, marks.join(QLatin1Char(','))),
                                   binds);
        QVERIFY(pagePlan.ok());
        steps.clear();
        while (pagePlan.value().next())
            steps << pagePlan.value().value(3).toString();
        const QString page = steps.join(QLatin1String(" | "));
        QVERIFY2(page.contains(QLatin1String("INTEGER PRIMARY KEY (rowid=?)")), qPrintable(page));
    }

    void aBrokenQueryIsAnEmptyModelAndAnError()
    {
        models::WindowedQueryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setKeyColumn(kIdColumn);
        QSqlQuery q(m_db->db());
        q.prepare(QStringLiteral("SELECT nonsense FROM nowhere"));
        model.setQuery(std::move(q));
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.lastError().isEmpty());
        model.setKeyColumn(42);   // past the columns
        model.setQuery(listQuery(QStringLiteral("INBOX")));
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.lastError().isEmpty());
    }

    // Last: it deletes a message.
    void aRowGoneSinceTheQueryIsEmptyNotAnothersData()
    {
        models::WindowedQueryModel model;
        model.setKeyColumn(kIdColumn);
        const QString order = QStringLiteral("m.received_at DESC, m.id DESC");
        model.setQuery(listQuery(QStringLiteral("Small"), order));
        const auto before = plainRows(QStringLiteral("Small"), order);
        const qint64 gone = model.keyOf(10);
        QCOMPARE(before.at(10).at(kIdColumn).toLongLong(), gone);
        QVERIFY(m_db->exec(QStringLiteral("DELETE FROM messages WHERE id = ?"), {gone}).ok());
        QVERIFY(!model.index(10, 1).data().isValid());
        QCOMPARE(model.index(9, 1).data(), before.at(9).at(1));
        QCOMPARE(model.index(11, 1).data(), before.at(11).at(1));
        model.setQuery(listQuery(QStringLiteral("Small"), order));
        QCOMPARE(model.rowCount(), int(before.size()) - 1);
        QCOMPARE(model.index(10, 1).data(), before.at(11).at(1));
    }
};

QTEST_GUILESS_MAIN(TestWindowedModel)
#include "tst_windowed_model.moc"
