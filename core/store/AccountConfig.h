#pragma once
// The accounts of a profile, as the user configured them (accounts.ini).
// Credentials are not kept here: they come from the environment or the
// desktop keyring (store/Keyring.h).
#include "common/Error.h"
#include "net/ServerUrl.h"
#include <QList>
#include <QString>
#include <optional>

namespace tern::store {

enum class AccountMode { Online, Disconnected, Offline };

// What a POP3 account leaves on the server (Thunderbird's three choices).
struct LeaveOnServer {
    bool keep = true;              // false: delete once stored here
    int maxDays = 0;               // > 0: delete what was downloaded more than N days ago
    bool untilDeletedHere = false; // delete on the server what the user deleted here

    // "keep", "delete", or a comma list of "keep", "days=N", "until-deleted".
    static Result<LeaveOnServer> parse(const QString &text);
    QString toString() const;
};

struct AccountConfig {
    QString name;
    QString address;                       // the user's mail address, may be empty
    std::optional<net::ServerUrl> imap;
    std::optional<net::ServerUrl> pop3;
    std::optional<net::ServerUrl> smtp;
    AccountMode mode = AccountMode::Disconnected;
    QString caFile;                        // extra CA certificates to trust (PEM), may be empty
    QString passwordEnv;                   // read the password (or OAuth token) from this environment variable
    QString keyringKey;                    // else from the keyring under this key (set on loading, not saved)
    bool oauth = false;                    // the secret is an OAuth 2 access token (XOAUTH2/OAUTHBEARER)
    LeaveOnServer leaveOnServer;           // POP3 only

    // An account fetches with exactly one of IMAP or POP3; POP3 is always Offline.
    Status validate() const;
};

QString modeName(AccountMode m);
std::optional<AccountMode> modeFromName(const QString &name);

class AccountStore {
public:
    explicit AccountStore(QString file) : m_file(std::move(file)) {}

    Result<QList<AccountConfig>> load() const;
    // Adds an account; a second account of the same name is an error.
    Status add(const AccountConfig &account);
    // Removes an account's settings (its cached mail is the cache's to drop).
    Status remove(const QString &name);

private:
    Status save(const QList<AccountConfig> &accounts) const;
    QString m_file;
};

} // namespace tern::store
