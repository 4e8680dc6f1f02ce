// tern-bench-search: the search index and queries over a cache of N messages
// (tests/bench/search/run.sh, make bench).
//   tern-bench-search load MAILDIR CACHE    every file of MAILDIR/cur and /new into the cache
//                                           (as POP3 or a disconnected IMAP account keeps them)
//   tern-bench-search index CACHE           SearchIndex::indexPending over everything queued
//   tern-bench-search query CACHE QUERY     one query, the first 100 newest hits printed
//   tern-bench-search queries CACHE FILE ROUNDS
//                                           the queries of FILE (first column) in one process
//                                           over one open cache, as the search box asks them:
//                                           "round<TAB>query#<TAB>ms<TAB>hits" per run
// Prints one line of key=value figures per step on stdout (load, index).
#include "search/SearchIndex.h"
#include "search/SearchQuery.h"
#include "store/Database.h"
#include "store/MessageStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <cstdio>

using namespace tern;

namespace {

// The cache, or null with the reason on stderr.
std::unique_ptr<store::Database> openCache(const QString &file)
{
    auto db = store::Database::open(file);
    if (!db) {
        std::fprintf(stderr, "%s\n", qPrintable(db.error().message));
        return nullptr;
    }
    return std::move(db.value());
}

int load(const QString &maildir, const QString &cacheFile)
{
    auto db = openCache(cacheFile);
    if (!db)
        return 1;
    QStringList files;
    for (const char *sub : {"cur", "new"}) {
        const QDir d(maildir + QLatin1Char('/') + QLatin1String(sub));
        for (const QString &f : d.entryList(QDir::Files, QDir::Name))
            files << d.filePath(f);
    }
    QElapsedTimer t;
    t.start();
    store::MessageStore ms(*db);
    qint64 bytes = 0;
    for (int i = 0; i < files.size(); i += 1000) {
        store::Transaction tx(*db);
        for (int k = i; k < qMin<int>(i + 1000, int(files.size())); ++k) {
            QFile f(files.at(k));
            if (!f.open(QIODevice::ReadOnly))
                continue;
            const QByteArray raw = f.readAll();
            bytes += raw.size();
            const QString flags = files.at(k).contains(QLatin1String(":2,S")) ? QStringLiteral("\\Seen") : QString();
            if (auto id = ms.insert(QStringLiteral("bench"), QStringLiteral("INBOX"), raw, flags); !id) {
                std::fprintf(stderr, "%s\n", qPrintable(id.error().message));
                return 1;
            }
        }
        if (auto c = tx.commit(); !c) {
            std::fprintf(stderr, "%s\n", qPrintable(c.error().message));
            return 1;
        }
    }
    std::printf("loaded=%lld bytes=%lld load_s=%.2f\n", qint64(files.size()), bytes, t.elapsed() / 1000.0);
    return 0;
}

int index(const QString &cacheFile)
{
    auto db = openCache(cacheFile);
    if (!db)
        return 1;
    QElapsedTimer t;
    t.start();
    search::SearchIndex idx(*db);
    auto n = idx.indexPending(-1, {}, 500);
    if (!n) {
        std::fprintf(stderr, "%s\n", qPrintable(n.error().message));
        return 1;
    }
    const double s = t.elapsed() / 1000.0;
    std::printf("indexed=%lld index_s=%.2f msgs_per_s=%.0f\n", n.value(), s, s > 0 ? n.value() / s : 0.0);
    return 0;
}

int query(const QString &cacheFile, const QString &q)
{
    auto db = openCache(cacheFile);
    if (!db)
        return 1;
    search::SearchOptions o;
    o.limit = 100;
    auto hits = search::runSearch(*db, q, o);
    if (!hits) {
        std::fprintf(stderr, "%s\n", qPrintable(hits.error().message));
        return 1;
    }
    for (const auto &h : hits.value())
        std::printf("%s %s\n", qPrintable(h.date.toString(Qt::ISODate)), qPrintable(h.subject));
    return 0;
}

// Each run: the query compiled and run, the 100 newest hits read and formatted as
// `tern search` prints them (what the GUI's search box costs, minus the painting).
int queries(const QString &cacheFile, const QString &file, int rounds)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s\n", qPrintable(file));
        return 1;
    }
    QStringList qs;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (!line.trimmed().isEmpty() && !line.startsWith('#'))
            qs << QString::fromUtf8(line.split('\t').first());
    auto db = openCache(cacheFile);
    if (!db)
        return 1;
    search::SearchOptions o;
    o.limit = 100;
    o.snippets = false;   // as `tern search` and the search box: lines without snippets
    for (int r = 0; r < rounds; ++r)
        for (int i = 0; i < qs.size(); ++i) {
            QElapsedTimer t;
            t.start();
            auto hits = search::runSearch(*db, qs.at(i), o);
            if (!hits) {
                std::fprintf(stderr, "%s: %s\n", qPrintable(qs.at(i)), qPrintable(hits.error().message));
                return 1;
            }
            QByteArray out;
            for (const auto &h : hits.value())
                out += (h.date.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) + QLatin1String("  ") + h.account +
                        QLatin1String("  ") + h.folder + QLatin1String("  #") + QString::number(h.id) + QLatin1String("  ") +
                        h.from + QLatin1String("  ") + h.subject + QLatin1Char('\n')).toUtf8();
            const double ms = t.nsecsElapsed() / 1e6;
            std::printf("%d\t%d\t%.3f\t%lld\n", r, i, ms, qlonglong(hits.value().size()));
        }
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList a = app.arguments();
    if (a.size() == 4 && a.at(1) == QLatin1String("load"))
        return load(a.at(2), a.at(3));
    if (a.size() == 3 && a.at(1) == QLatin1String("index"))
        return index(a.at(2));
    if (a.size() == 4 && a.at(1) == QLatin1String("query"))
        return query(a.at(2), a.at(3));
    if (a.size() == 5 && a.at(1) == QLatin1String("queries"))
        return queries(a.at(2), a.at(3), a.at(4).toInt());
    std::fprintf(stderr, "usage: tern-bench-search load MAILDIR CACHE | index CACHE | query CACHE QUERY | queries CACHE FILE ROUNDS\n");
    return 2;
}
