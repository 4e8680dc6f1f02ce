#include "SearchFilter.h"

#include "search/SearchIndex.h"
#include "search/SearchQuery.h"
#include "store/Database.h"

namespace tern::ui {

SearchCondition searchCondition(const QString &text)
{
    SearchCondition out;
    if (text.trimmed().isEmpty())
        return out;
    auto c = search::compileQuery(text);
    if (!c) {
        out.sql = QStringLiteral("0");
        out.error = c.error().message;
        return out;
    }
    // A subquery of its own (its aliases shadow the list's): one evaluation, whatever the list's shape.
    // Read from the index and its facts alone when the query allows (not the wide
    // message rows of every match: a tenth of the time for a common word).
    out.sql = c.value().needsRow ? QStringLiteral("m.id IN (SELECT m.id %1)").arg(c.value().fromWhere())
                                 : QStringLiteral("m.id IN (SELECT f.message_id %1)").arg(c.value().narrowFromWhere());
    out.binds = c.value().binds();
    return out;
}

SearchIndexer::SearchIndexer(QString program, QString profileDir, QObject *parent)
    : QObject(parent), m_program(std::move(program)), m_profileDir(std::move(profileDir))
{
}

void SearchIndexer::update(store::Database *cache, bool force)
{
    if (m_process) {
        m_again = true;
        return;
    }
    if (!force) {
        if (!cache)
            return;
        auto pending = search::SearchIndex(*cache).pending();
        if (!pending || pending.value() == 0)
            return;
    }
    m_again = false;
    m_process = new QProcess(this);
    QStringList args;
    if (!m_profileDir.isEmpty())
        args << QStringLiteral("--profile") << m_profileDir;
    args << QStringLiteral("index");
    connect(m_process, &QProcess::finished, this, [this, cache] {
        m_process->deleteLater();
        m_process = nullptr;
        emit indexed();
        if (m_again)
            update(cache);
    });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart && m_process) {
            m_process->deleteLater();
            m_process = nullptr;
        }
    });
    m_process->start(m_program, args);
}

} // namespace tern::ui
