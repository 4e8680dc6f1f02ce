#pragma once
// Adding an account to a profile: what `tern account add` and the account
// wizard both do, in one place.
#include "common/Error.h"
#include "store/AccountConfig.h"

namespace tern::store {

class Keyring;
class Profile;

// Checks the account, creates the profile's directories, and adds it to
// accounts.ini. With a `password` (and no password-env), the password goes
// to the keyring first, under the account's key (accountKeyringKey): if the
// keyring refuses, nothing is saved. Blocks on the keyring: not for a GUI thread.
Status addAccount(const Profile &profile, const AccountConfig &account, const QString &password = {});
Status addAccount(const Profile &profile, const AccountConfig &account, const QString &password, const Keyring &keyring);

} // namespace tern::store
