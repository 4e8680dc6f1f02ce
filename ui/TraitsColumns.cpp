#include "TraitsColumns.h"

#include "store/Database.h"

#include <QIcon>

namespace tern::ui {

namespace {
constexpr int kMaxKnown = 50000;   // traits kept per list; past that they are worked out again
}

mime::MessageTraits TraitsColumns::traits(qint64 messageId)
{
    const auto it = m_known.constFind(messageId);
    if (it != m_known.constEnd())
        return *it;
    mime::MessageTraits t;
    if (m_db) {
        // The server's description when there is one: no body needed. Else the first
        // 512 KB of the cached message (traitsFromMessage reads no further).
        auto q = m_db->exec(QStringLiteral("SELECT m.bodystructure, (SELECT substr(b.raw, 1, 524288) FROM bodies b WHERE b.message_id = m.id) "
                                           "FROM messages m WHERE m.id = ?"), {messageId});
        if (q && q.value().next()) {
            const QByteArray bs = q.value().value(0).toByteArray();
            bool known = false;
            if (!bs.isEmpty()) {
                if (auto fromServer = mime::traitsFromBodyStructure(bs)) {
                    t = fromServer.value();
                    known = true;
                }
            }
            if (!known)
                t = mime::traitsFromMessage(q.value().value(1).toByteArray());
        }
    }
    if (m_known.size() >= kMaxKnown)
        m_known.clear();
    m_known.insert(messageId, t);
    return t;
}

QVariant TraitsColumns::attachmentData(qint64 messageId, int role)
{
    if (role != Qt::DecorationRole && role != Qt::ToolTipRole && role != Qt::AccessibleTextRole)
        return {};
    if (!traits(messageId).attachment)
        return {};
    if (role == Qt::DecorationRole)
        return QIcon::fromTheme(QStringLiteral("mail-attachment"));
    return tr("Has attachments");
}

QVariant TraitsColumns::securityData(qint64 messageId, int role)
{
    if (role != Qt::DecorationRole && role != Qt::ToolTipRole && role != Qt::AccessibleTextRole)
        return {};
    const mime::MessageTraits t = traits(messageId);
    if (!t.isSigned && !t.encrypted)
        return {};
    if (role == Qt::DecorationRole)
        return QIcon::fromTheme(t.encrypted ? QStringLiteral("mail-encrypted") : QStringLiteral("mail-signed"));
    // Said from the structure only: whether the signature is good is the viewer's verdict.
    return t.encrypted ? tr("Encrypted") : tr("Signed");
}

QVariant TraitsColumns::attachmentHeader(int role)
{
    if (role == Qt::DecorationRole)
        return QIcon::fromTheme(QStringLiteral("mail-attachment"));
    if (role == Qt::ToolTipRole || role == Qt::AccessibleTextRole)
        return tr("Attachments");
    return {};
}

QVariant TraitsColumns::securityHeader(int role)
{
    if (role == Qt::DecorationRole)
        return QIcon::fromTheme(QStringLiteral("mail-signed"));
    if (role == Qt::ToolTipRole || role == Qt::AccessibleTextRole)
        return tr("Signed or encrypted");
    return {};
}

} // namespace tern::ui
