// tern search QUERY… [--json] [--account A] [--folder F] [--sort newest|oldest|relevance] [--limit N]
// tern search --save NAME QUERY… | --saved NAME | --list-saved | --delete-saved NAME
// tern index [--rebuild]
#include "Engine.h"
#include "Subcommands.h"

#include "search/SearchIndex.h"
#include "search/SearchQuery.h"
#include "sync/ImapServerSearch.h"

#include <QEventLoop>
#include <QSqlQuery>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>

namespace tern::app {

namespace {

bool takeSwitch(QStringList &args, const QString &name)
{
    return args.removeAll(name) > 0;
}

// "--name VALUE": the value, removed from args; `ok` false when VALUE is missing.
QString takeValue(QStringList &args, const QString &name, bool &ok)
{
    const int i = int(args.indexOf(name));
    if (i < 0)
        return {};
    if (i + 1 >= args.size()) {
        ok = false;
        return {};
    }
    const QString v = args.at(i + 1);
    args.remove(i, 2);
    return v;
}

// For online accounts, the messages whose text is not cached are asked of the
// server (UID SEARCH) and merged in. A server that cannot be reached or asked
// costs a line on stderr, never the cached results.
QList<search::SearchHit> serverHits(store::Database &db, const store::Profile &profile, const QString &query,
                                    const search::SearchOptions &options)
{
    QList<search::SearchHit> out;
    // Headers and flags are cached for every message: only body words need the server.
    if (auto c = search::compileQuery(query); !c || !c.value().bodyText)
        return out;
    auto accounts = loadAccounts(profile);
    if (!accounts)
        return out;
    auto sq = search::serverQuery(query, /*literalPlus*/ true);
    for (const auto &a : accounts.value()) {
        if (a.mode != store::AccountMode::Online || !a.imap)
            continue;
        if (!options.account.isEmpty() && options.account != a.name)
            continue;
        if (sq && !sq.value().accounts.isEmpty() && !sq.value().accounts.contains(a.name))
            continue;
        // Only when some message in reach has no text in the index.
        auto missing = db.exec(QStringLiteral("SELECT 1 FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id "
                                              "LEFT JOIN search_facts f ON f.message_id = m.id "
                                              "WHERE b.account = ? AND coalesce(f.body_indexed, 0) = 0 AND m.uid IS NOT NULL LIMIT 1"), {a.name});
        if (!missing || !missing.value().next())
            continue;
        if (!sq) {
            std::fprintf(stderr, "tern: %s: only cached text searched: %s\n", qPrintable(a.name), qPrintable(sq.error().message));
            continue;
        }
        QStringList folders = !options.folder.isEmpty() ? QStringList{options.folder} : sq.value().folders;
        if (folders.isEmpty()) {
            auto q = db.exec(QStringLiteral("SELECT name FROM mailboxes WHERE account = ? AND exists_on_server = 1 ORDER BY name"), {a.name});
            while (q && q.value().next())
                folders << q.value().value(0).toString();
        }
        auto creds = credentialsFor(a, *a.imap);
        if (!creds) {
            std::fprintf(stderr, "tern: %s: server not searched: %s\n", qPrintable(a.name), qPrintable(creds.error().message));
            continue;
        }
        sync::ImapServerSearch job(a, creds.value(), folders, sq.value().criteria);
        QEventLoop loop;
        Status result = success();
        QMap<QString, QList<qint64>> found;
        QObject::connect(&job, &sync::ImapServerSearch::finished, &loop,
                         [&](const Status &s, const QMap<QString, QList<qint64>> &uids, const QStringList &problems) {
            result = s;
            found = uids;
            for (const QString &p : problems)
                std::fprintf(stderr, "tern: %s: %s\n", qPrintable(a.name), qPrintable(p));
            loop.quit();
        });
        QMetaObject::invokeMethod(&job, [&job] { job.run(); }, Qt::QueuedConnection);
        loop.exec();
        if (!result) {
            std::fprintf(stderr, "tern: %s: server not searched (%s); cached results only\n", qPrintable(a.name),
                         qPrintable(result.error().message));
            continue;
        }
        QList<qint64> ids;
        for (auto it = found.cbegin(); it != found.cend(); ++it) {
            for (qsizetype i = 0; i < it.value().size(); i += 500) {
                QStringList marks;
                QVariantList binds{a.name, it.key()};
                for (qsizetype k = i; k < qMin(it.value().size(), i + 500); ++k) {
                    marks << QStringLiteral("?");
                    binds << it.value().at(k);
                }
                auto q = db.exec(QStringLiteral("SELECT m.id FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id "
                                                "WHERE b.account = ? AND b.name = ? AND m.uid IN (%1)").arg(marks.join(QLatin1Char(','))), binds);
                while (q && q.value().next())
                    ids << q.value().value(0).toLongLong();
            }
        }
        auto hits = search::hitsFor(db, ids);
        if (hits)
            for (search::SearchHit h : hits.value()) {
                h.fromServer = true;
                out << h;
            }
    }
    return out;
}

} // namespace

Status updateSearchIndex(store::Database &db, bool verbose)
{
    search::SearchIndex index(db);
    auto pending = index.pending();
    if (!pending)
        return pending.error();
    if (pending.value() == 0)
        return success();
    QElapsedTimer clock;
    clock.start();
    const bool talk = verbose || pending.value() >= 2000;
    if (talk)
        std::fprintf(stderr, "indexing %lld messages for search\n", pending.value());
    qint64 lastReport = 0;
    auto done = index.indexPending(-1, [&](qint64 n, qint64 total) {
        if (talk && (clock.elapsed() - lastReport > 1000 || n == total)) {
            lastReport = clock.elapsed();
            std::fprintf(stderr, "indexed %lld/%lld\n", n, total);
        }
    });
    if (!done)
        return done.error();
    if (talk)
        std::fprintf(stderr, "indexed %lld messages in %.1f s\n", done.value(), clock.elapsed() / 1000.0);
    return success();
}

int runIndex(const SubcommandContext &ctx)
{
    QStringList args = ctx.args;
    const bool rebuild = takeSwitch(args, QStringLiteral("--rebuild"));
    const bool verbose = takeSwitch(args, QStringLiteral("--verbose"));
    if (!args.isEmpty())
        return fail(QStringLiteral("usage: tern index [--rebuild] [--verbose]"), 2);
    auto db = openCache(ctx.profile);
    if (!db)
        return fail(db.error().message);
    if (rebuild)
        if (auto s = search::SearchIndex(*db.value()).rebuild(); !s)
            return fail(s.error().message);
    if (auto s = updateSearchIndex(*db.value(), verbose); !s)
        return fail(s.error().message);
    return 0;
}

int runSearch(const SubcommandContext &ctx)
{
    static const QString usage = QStringLiteral(
        "usage: tern search QUERY… [--json] [--account A] [--folder F] [--sort newest|oldest|relevance] [--limit N] [--local]\n"
        "       tern search --save NAME QUERY… | --saved NAME | --list-saved | --delete-saved NAME\n"
        "QUERY: words, \"phrases\", from: to: cc: subject: body: list: attachment: folder: account:, has:attachment,\n"
        "       is:unread|read|flagged|answered|encrypted|signed, before:DATE after:DATE, AND OR NOT -word ( )\n"
        "Online accounts: messages whose text is not cached are searched on the server too (--local: not).");
    QStringList args = ctx.args;
    if (takeSwitch(args, QStringLiteral("--help"))) {
        out(usage + QLatin1Char('\n'));
        return 0;
    }
    bool ok = true;
    const bool json = takeSwitch(args, QStringLiteral("--json"));
    const bool listSaved = takeSwitch(args, QStringLiteral("--list-saved"));
    const bool localOnly = takeSwitch(args, QStringLiteral("--local"));
    search::SearchOptions options;
    options.snippets = json;   // the lines printed otherwise have no room for them
    options.account = takeValue(args, QStringLiteral("--account"), ok);
    options.folder = takeValue(args, QStringLiteral("--folder"), ok);
    const QString sort = takeValue(args, QStringLiteral("--sort"), ok);
    const QString limit = takeValue(args, QStringLiteral("--limit"), ok);
    const QString saveAs = takeValue(args, QStringLiteral("--save"), ok);
    const QString saved = takeValue(args, QStringLiteral("--saved"), ok);
    const QString forget = takeValue(args, QStringLiteral("--delete-saved"), ok);
    if (!ok)
        return fail(usage, 2);
    if (sort == QLatin1String("oldest"))
        options.order = search::Order::Oldest;
    else if (sort == QLatin1String("relevance"))
        options.order = search::Order::Relevance;
    else if (!sort.isEmpty() && sort != QLatin1String("newest"))
        return fail(usage, 2);
    if (!limit.isEmpty()) {
        options.limit = limit.toInt(&ok);
        if (!ok || options.limit <= 0)
            return fail(usage, 2);
    }
    if (!options.folder.isEmpty() && options.account.isEmpty())
        return fail(QStringLiteral("--folder needs --account (or use folder:NAME in the query)"), 2);

    auto db = openCache(ctx.profile);
    if (!db)
        return fail(db.error().message);
    store::Database &cache = *db.value();

    if (listSaved || !forget.isEmpty()) {
        if (!forget.isEmpty()) {
            if (auto s = search::deleteSavedSearch(cache, forget); !s)
                return fail(s.error().message);
            return 0;
        }
        auto all = search::savedSearches(cache);
        if (!all)
            return fail(all.error().message);
        QJsonArray arr;
        for (const auto &s : all.value()) {
            if (json)
                arr.append(QJsonObject{{QStringLiteral("name"), s.name}, {QStringLiteral("query"), s.query}});
            else
                out(QStringLiteral("%1\t%2\n").arg(s.name, s.query));
        }
        if (json)
            out(QString::fromUtf8(QJsonDocument(arr).toJson(QJsonDocument::Indented)));
        return 0;
    }

    QString query = args.join(QLatin1Char(' '));
    if (!saved.isEmpty()) {
        if (!query.isEmpty())
            return fail(QStringLiteral("--saved NAME takes no query of its own"), 2);
        auto all = search::savedSearches(cache);
        if (!all)
            return fail(all.error().message);
        for (const auto &s : all.value())
            if (s.name == saved)
                query = s.query;
        if (query.isEmpty())
            return fail(QStringLiteral("no saved search called %1").arg(saved), 2);
    }
    if (query.trimmed().isEmpty())
        return fail(usage, 2);
    if (!saveAs.isEmpty()) {
        if (auto s = search::saveSearch(cache, saveAs, query); !s)
            return fail(s.error().message, 2);
    }
    if (auto s = updateSearchIndex(cache, false); !s)
        return fail(s.error().message);
    auto hits = search::runSearch(cache, query, options);
    if (!hits)
        return fail(hits.error().message, hits.error().code == Error::Code::InvalidInput ? 2 : 1);
    if (!localOnly)
        search::mergeHits(hits.value(), serverHits(cache, ctx.profile, query, options), options.order, options.limit);
    QJsonArray arr;
    for (const auto &h : hits.value()) {
        if (json) {
            QJsonObject o{{QStringLiteral("id"), h.id}, {QStringLiteral("account"), h.account}, {QStringLiteral("folder"), h.folder},
                          {QStringLiteral("uid"), h.uid}, {QStringLiteral("flags"), h.flags},
                          {QStringLiteral("date"), h.date.toString(Qt::ISODate)}, {QStringLiteral("from"), h.from},
                          {QStringLiteral("subject"), h.subject}, {QStringLiteral("bodyCached"), h.bodyCached},
                          {QStringLiteral("fromServer"), h.fromServer}};
            if (!h.snippet.isEmpty())
                o.insert(QStringLiteral("snippet"), h.snippet);
            arr.append(o);
        } else {
            // The account, folder and UID are what `tern show` takes.
            out(QStringLiteral("%1  %2  %3  %4  %5  %6\n")
                    .arg(h.date.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")), h.account, h.folder,
                         h.uid > 0 ? QString::number(h.uid) : QStringLiteral("#%1").arg(h.id), h.from.left(40), h.subject));
        }
    }
    if (json)
        out(QString::fromUtf8(QJsonDocument(arr).toJson(QJsonDocument::Indented)));
    return 0;
}

} // namespace tern::app
