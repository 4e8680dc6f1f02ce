#pragma once
// What the headless mail commands share: opening the cache, finding an
// account, its credentials, and waiting for an engine to finish.
#include "common/Error.h"
#include "net/Sasl.h"
#include "store/AccountConfig.h"
#include "store/Database.h"
#include "store/Profile.h"
#include <memory>

namespace tern::app {

Result<std::unique_ptr<store::Database>> openCache(const store::Profile &profile);
Result<QList<store::AccountConfig>> loadAccounts(const store::Profile &profile);
Result<store::AccountConfig> findAccount(const store::Profile &profile, const QString &name);
// The password (or OAuth token) comes from the environment variable the
// account names (--password-env) when that is set, else from the desktop
// keyring (tern account password NAME).
// Indexes the messages waiting for the search index (progress on stderr when
// verbose or many).
Status updateSearchIndex(store::Database &db, bool verbose);
Result<net::Credentials> credentialsFor(const store::AccountConfig &account, const net::ServerUrl &server);

} // namespace tern::app
