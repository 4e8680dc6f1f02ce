#include "store/SyncPolicy.h"

namespace tern::store {

Result<SyncPolicy> SyncPolicy::parse(const QString &text)
{
    const QString t = text.trimmed().toLower();
    SyncPolicy p;
    if (t == QLatin1String("all")) {
        p.kind = Kind::All;
    } else if (t == QLatin1String("headers")) {
        p.kind = Kind::Headers;
    } else if (t == QLatin1String("skip")) {
        p.kind = Kind::Skip;
    } else if (t.startsWith(QLatin1String("days="))) {
        bool ok = false;
        p.days = t.mid(5).toInt(&ok);
        if (!ok || p.days < 1 || p.days > 36500)
            return Error::invalid(QStringLiteral("days=N needs N between 1 and 36500, not '%1'").arg(t.mid(5)));
        p.kind = Kind::Days;
    } else {
        return Error::invalid(QStringLiteral("'%1' is not a sync policy (all, days=N, headers or skip)").arg(text));
    }
    return p;
}

QString SyncPolicy::toString() const
{
    switch (kind) {
    case Kind::All: return QStringLiteral("all");
    case Kind::Days: return QStringLiteral("days=%1").arg(days);
    case Kind::Headers: return QStringLiteral("headers");
    case Kind::Skip: return QStringLiteral("skip");
    }
    return {};
}

Result<std::optional<SyncPolicy>> SyncPolicyStore::stored(const QString &account, const QString &folder)
{
    auto q = m_db.exec(QStringLiteral("SELECT policy FROM sync_policy WHERE account = ? AND mailbox = ?"), {account, folder});
    if (!q)
        return q.error();
    if (!q.value().next())
        return std::optional<SyncPolicy>();
    auto p = SyncPolicy::parse(q.value().value(0).toString());
    if (!p)
        return p.error();
    return std::optional<SyncPolicy>(p.value());
}

Result<SyncPolicy> SyncPolicyStore::forAccount(const AccountConfig &account)
{
    auto s = stored(account.name, QString());
    if (!s)
        return s.error();
    if (s.value())
        return *s.value();
    SyncPolicy def;
    def.kind = account.mode == AccountMode::Online ? SyncPolicy::Kind::Headers : SyncPolicy::Kind::All;
    return def;
}

Result<SyncPolicy> SyncPolicyStore::forFolder(const AccountConfig &account, const QString &folder)
{
    auto s = stored(account.name, folder);
    if (!s)
        return s.error();
    if (s.value())
        return *s.value();
    return forAccount(account);
}

Status SyncPolicyStore::set(const QString &account, const QString &folder, const std::optional<SyncPolicy> &policy)
{
    auto q = policy ? m_db.exec(QStringLiteral("INSERT INTO sync_policy (account, mailbox, policy) VALUES (?, ?, ?) "
                                               "ON CONFLICT (account, mailbox) DO UPDATE SET policy = excluded.policy"),
                                {account, folder, policy->toString()})
                    : m_db.exec(QStringLiteral("DELETE FROM sync_policy WHERE account = ? AND mailbox = ?"), {account, folder});
    if (!q)
        return q.error();
    return success();
}

Result<QList<std::pair<QString, SyncPolicy>>> SyncPolicyStore::folderPolicies(const QString &account)
{
    auto q = m_db.exec(QStringLiteral("SELECT mailbox, policy FROM sync_policy WHERE account = ? AND mailbox <> '' ORDER BY mailbox"), {account});
    if (!q)
        return q.error();
    QList<std::pair<QString, SyncPolicy>> out;
    while (q.value().next())
        if (auto p = SyncPolicy::parse(q.value().value(1).toString()))
            out.append({q.value().value(0).toString(), p.value()});
    return out;
}

} // namespace tern::store
