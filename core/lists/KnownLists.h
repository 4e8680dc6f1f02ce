#pragma once
// The mailing lists the cache holds mail from, for grouping by list: each list
// once (by its List-Id, whatever name or encoding its messages gave it), with
// the count of its messages and of the unread ones, and the condition that
// selects exactly its messages.
#include "common/Error.h"

#include <QList>
#include <QString>
#include <QVariantList>

namespace tern::store { class Database; }

namespace tern::lists {

struct KnownList {
    QString id;          // "dev.lists.example.org"
    QString name;        // the newest message's phrase ("Developers"), else the id
    qint64 messages = 0;
    qint64 unread = 0;
    bool muted = false;
};

// At most `limit` lists, most messages first; ids that are not List-Ids
// (no label) are left out.
Result<QList<KnownList>> knownLists(store::Database &db, int limit = 200);

// An SQL condition over messages m that holds for this list's messages and no
// other's ("dev.lists.example.org" never selects "dev.lists.example.org.evil"),
// with its binds.
struct ListCondition {
    QString sql;
    QVariantList binds;
};
ListCondition listCondition(const QString &listId);

} // namespace tern::lists
