#pragma once
// What a folder keeps offline (the user sees and sets it per account and per
// folder: `tern policy`): all bodies, the bodies of the last N days, headers
// only (bodies fetched when read), or nothing (the folder is skipped).
// A folder without its own policy inherits the account's; an account without
// one gets its mode's default: disconnected -> all, online -> headers.
#include "common/Error.h"
#include "store/AccountConfig.h"
#include "store/Database.h"

namespace tern::store {

struct SyncPolicy {
    enum class Kind { All, Days, Headers, Skip } kind = Kind::All;
    int days = 0;

    static Result<SyncPolicy> parse(const QString &text);   // all | days=N | headers | skip
    QString toString() const;
    bool wantsBodies() const { return kind == Kind::All || kind == Kind::Days; }
    // Messages received at or after this time want their body (Days), else all/none.
    qint64 bodyCutoff(qint64 nowSecs) const { return kind == Kind::Days ? nowSecs - qint64(days) * 86400 : 0; }
    bool operator==(const SyncPolicy &o) const { return kind == o.kind && days == o.days; }
};

class SyncPolicyStore {
public:
    explicit SyncPolicyStore(Database &db) : m_db(db) {}

    // The account's own policy, or its mode's default.
    Result<SyncPolicy> forAccount(const AccountConfig &account);
    // The folder's own policy, else the account's.
    Result<SyncPolicy> forFolder(const AccountConfig &account, const QString &folder);
    // Sets (or with `policy` empty, removes) the policy of the account (folder empty) or of a folder.
    Status set(const QString &account, const QString &folder, const std::optional<SyncPolicy> &policy);
    // Folders with a policy of their own.
    Result<QList<std::pair<QString, SyncPolicy>>> folderPolicies(const QString &account);

private:
    Result<std::optional<SyncPolicy>> stored(const QString &account, const QString &folder);
    Database &m_db;
};

} // namespace tern::store
