#pragma once
// Muted mailing lists (a setting kept in the cache, so the engine that
// fetches mail sees it): new mail from a muted list is marked read as it
// arrives — through the offline journal for IMAP, so the server hears of it
// too — and so never counts as unread mail or calls for attention. Mail that
// was there before the list was muted keeps its flags.
#include "common/Error.h"
#include <QStringList>

namespace tern::store { class Database; }

namespace tern::lists {

class ListMutes {
public:
    explicit ListMutes(store::Database &db) : m_db(db) {}

    QStringList muted();                       // list ids (lower case)
    bool isMuted(const QString &listId);
    Status setMuted(const QString &listId, bool muted);
    // Marks read the unread mail of muted lists that arrived since the last
    // call (or since the mute); the number of messages marked.
    Result<int> apply();

private:
    store::Database &m_db;
};

} // namespace tern::lists
