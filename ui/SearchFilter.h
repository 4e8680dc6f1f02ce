#pragma once
// The search box of the main window: its text in Tern's search language
// (core/search/SearchQuery.h) as a condition on the message list's rows, and
// the search index brought up to date in a child process (`tern index`), never
// on the UI thread.
#include <QObject>
#include <QPointer>
#include <QProcess>
#include <QString>
#include <QVariantList>

namespace tern::store { class Database; }

namespace tern::ui {

struct SearchCondition {
    QString sql;          // over `m` (messages); empty: no search
    QVariantList binds;
    QString error;        // the query does not parse: what is wrong (sql is then "0")
};
SearchCondition searchCondition(const QString &text);

// Runs `tern [--profile DIR] index` when messages wait for the index; one at a
// time, once more if asked while running. indexed() when one ends.
class SearchIndexer : public QObject {
    Q_OBJECT
public:
    SearchIndexer(QString program, QString profileDir, QObject *parent = nullptr);
    void setProgram(const QString &program) { m_program = program; }
    // Starts indexing when `cache` says messages are waiting (or always, with force).
    void update(store::Database *cache, bool force = false);
    bool isRunning() const { return m_process != nullptr; }

signals:
    void indexed();

private:
    QString m_program, m_profileDir;
    QPointer<QProcess> m_process;
    bool m_again = false;
};

} // namespace tern::ui
