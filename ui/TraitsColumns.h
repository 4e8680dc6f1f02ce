#pragma once
// The message list's attachment and signed/encrypted columns: each message's
// traits (mime::MessageTraits) worked out when its row is first shown — from
// the BODYSTRUCTURE the IMAP sync stored, else from the cached bytes — and
// kept, so a large folder costs only the rows the reader sees.
#include "mime/MessageTraits.h"

#include <QCoreApplication>
#include <QHash>
#include <QVariant>

namespace tern::store { class Database; }

namespace tern::ui {

class TraitsColumns {
    Q_DECLARE_TR_FUNCTIONS(TraitsColumns)
public:
    void setCache(store::Database *db) { m_db = db; }
    mime::MessageTraits traits(qint64 messageId);
    // What a cell shows: an icon (DecorationRole) and its words (ToolTipRole, AccessibleTextRole).
    QVariant attachmentData(qint64 messageId, int role);
    QVariant securityData(qint64 messageId, int role);
    static QVariant attachmentHeader(int role);
    static QVariant securityHeader(int role);

private:
    store::Database *m_db = nullptr;
    QHash<qint64, mime::MessageTraits> m_known;
};

} // namespace tern::ui
