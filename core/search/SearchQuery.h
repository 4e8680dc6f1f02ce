#pragma once
// Tern's search language, compiled to SQL over the cache and its FTS5 index.
//
//   words            every word, in any field (subject, names and addresses,
//                    body text, attachment names, list); word* is a prefix
//   "a phrase"       the words in this order
//   from: to: cc: subject: body: list: attachment:   a word or "phrase" in that field
//                    (to: is To and Cc, as the reader means it)
//   folder:NAME  account:NAME
//   has:attachment
//   is:unread is:read is:flagged is:answered is:encrypted is:signed
//   before:DATE after:DATE   DATE = 2024-03-01, 2024-03, 2024, today, yesterday,
//                    or 7d, 2w, 3m, 1y ago; after: includes that day, before: does not
//   A B (both), A AND B, A OR B, NOT A, -A, ( … )   AND binds tighter than OR
//
// Bounds: 4,096 characters, 64 terms, 16 levels of parentheses: a query past
// them is an error that says so, never a slow statement.
#include "common/Error.h"
#include "store/Database.h"
#include <QDateTime>
#include <QList>
#include <QString>
#include <QVariantList>

namespace tern::search {

// The query as SQL: rows of `messages m JOIN mailboxes b … LEFT JOIN
// search_facts f`, with the FTS5 table joined as `search_text` when the query
// has words (then bm25 ranks them and snippet() can show them).
struct CompiledQuery {
    QString match;               // FTS5 expression joined to the rows; empty: none
    QString where;               // SQL condition over m, b, f (never empty: "1" for none)
    QVariantList whereBinds;
    // FROM … WHERE … for a SELECT of m.* columns, with the binds in order.
    QString fromWhere() const;
    // Whether the condition reads the message's row or folder (m, b), or only the
    // index (search_text) and its facts (f): then narrowFromWhere() says the same
    // over "FROM search_facts f" without touching the wide messages table.
    bool needsRow = true;
    QString narrowFromWhere() const;
    QVariantList binds() const;
    // Whether the query reads words (some rows may miss them: bodies not cached).
    bool hasText = false;
    bool bodyText = false;       // words that can only be in a body
};

Result<CompiledQuery> compileQuery(const QString &query, const QDateTime &now = QDateTime::currentDateTime());

// The query as IMAP SEARCH criteria (for messages whose text is not cached):
// words become TEXT/FROM/SUBJECT/BODY …, is: flags, dates SENTSINCE/SENTBEFORE.
// folder: and account: terms at the top level say where to ask. What IMAP
// cannot ask (has:attachment, is:encrypted, attachment names) is an error.
// Words beyond ASCII are sent as LITERAL+ literals (RFC 7888), else an error.
struct ServerQuery {
    QByteArray criteria;
    QStringList folders, accounts;   // empty: every one
};
Result<ServerQuery> serverQuery(const QString &query, bool literalPlus, const QDateTime &now = QDateTime::currentDateTime());

enum class Order { Newest, Oldest, Relevance };

struct SearchOptions {
    QString account;             // only this account ("" all)
    QString folder;              // only this folder of it ("" all)
    Order order = Order::Newest;
    int limit = 1000;
    int offset = 0;
    bool snippets = true;        // SearchHit::snippet (costs a pass over each hit's body text)
};

struct SearchHit {
    qint64 id = 0;
    QString account, folder;
    qint64 uid = 0;
    QString flags;
    QDateTime date;              // sent (Date header), else arrival
    QString from, subject;       // decoded for display
    QString snippet;             // body words around the match, when the query had words
    bool bodyCached = false;
    bool fromServer = false;     // found by the server's SEARCH, not in the cache's index
};

// Runs a query. Messages not indexed yet are not found: index first
// (SearchIndex::indexPending).
Result<QList<SearchHit>> runSearch(store::Database &db, const QString &query, const SearchOptions &options = {});

// The rows of these messages, as runSearch gives them (no snippet).
Result<QList<SearchHit>> hitsFor(store::Database &db, const QList<qint64> &ids);
// Merges hits found elsewhere (the server) into `into`: no message twice, in `order` (Relevance: appended), at most `limit`.
void mergeHits(QList<SearchHit> &into, const QList<SearchHit> &more, Order order, int limit);

// Saved searches: virtual folders.
struct SavedSearch { QString name, query; };
Result<QList<SavedSearch>> savedSearches(store::Database &db);
Status saveSearch(store::Database &db, const QString &name, const QString &query);   // checks the query compiles
Status deleteSavedSearch(store::Database &db, const QString &name);

} // namespace tern::search
