#include "lists/KnownLists.h"

#include "lists/ListMutes.h"
#include "lists/MailingList.h"
#include "store/Database.h"

#include <QHash>
#include <algorithm>

namespace tern::lists {

Result<QList<KnownList>> knownLists(store::Database &db, int limit)
{
    // messages_by_list covers this (migration 10): no message row is read.
    auto q = db.exec(QStringLiteral("SELECT list_id, count(*), sum(flags NOT LIKE '%\\Seen%'), max(id) FROM messages "
                                    "WHERE list_id IS NOT NULL AND list_id <> '' GROUP BY list_id"));
    if (!q)
        return q.error();
    QHash<QString, KnownList> byId;
    QHash<QString, qint64> newest;   // id -> the newest message whose name is taken
    int distinctValues = 0;
    while (q.value().next()) {
        if (++distinctValues > 100000)   // a hostile cache of unique headers: enough
            break;
        const ListId parsed = parseListId(q.value().value(0).toString().toUtf8());
        if (!parsed.isValid())
            continue;
        KnownList &k = byId[parsed.id];
        k.id = parsed.id;
        k.messages += q.value().value(1).toLongLong();
        k.unread += q.value().value(2).toLongLong();
        const qint64 last = q.value().value(3).toLongLong();
        if (last >= newest.value(parsed.id, -1)) {
            newest.insert(parsed.id, last);
            k.name = parsed.displayName();
        }
    }
    ListMutes mutes(db);
    const QStringList muted = mutes.muted();
    QList<KnownList> out = byId.values();
    for (KnownList &k : out)
        k.muted = muted.contains(k.id);
    std::sort(out.begin(), out.end(), [](const KnownList &a, const KnownList &b) {
        return a.messages != b.messages ? a.messages > b.messages : a.id < b.id;
    });
    if (limit >= 0 && out.size() > limit)
        out.resize(limit);
    return out;
}

ListCondition listCondition(const QString &listId)
{
    // The stored header is "[phrase] <id>" (RFC 2919) or, from old servers, the bare
    // id; LIKE is case-insensitive for ASCII, which is all a List-Id may hold.
    if (listId.trimmed().isEmpty())
        return {QStringLiteral("0"), {}};
    QString escaped = listId.trimmed().toLower();
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\")).replace(QLatin1Char('%'), QLatin1String("\\%")).replace(QLatin1Char('_'), QLatin1String("\\_"));
    return {QStringLiteral("(m.list_id LIKE ? ESCAPE '\\' OR lower(trim(m.list_id)) = ?)"),
            {QStringLiteral("%<") + escaped + QStringLiteral(">%"), listId.trimmed().toLower()}};
}

} // namespace tern::lists
