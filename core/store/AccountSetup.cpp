#include "store/AccountSetup.h"

#include "store/Keyring.h"
#include "store/Profile.h"

namespace tern::store {

Status addAccount(const Profile &profile, const AccountConfig &account, const QString &password)
{
    return addAccount(profile, account, password, Keyring());
}

Status addAccount(const Profile &profile, const AccountConfig &account, const QString &password, const Keyring &keyring)
{
    if (auto s = account.validate(); !s)
        return s;
    if (auto made = profile.ensureExists(); !made)
        return made;
    AccountStore accounts(profile.accountsFile());
    const auto existing = accounts.load();
    if (!existing)
        return existing.error();
    for (const auto &a : existing.value())
        if (a.name == account.name)   // before the keyring: never overwrite another account's password
            return Error::conflict(QStringLiteral("an account named '%1' exists already").arg(account.name));
    const bool storePassword = !password.isEmpty() && account.passwordEnv.isEmpty();
    const QString key = accountKeyringKey(profile, account.name);
    if (storePassword) {
        if (auto s = keyring.write(key, password); !s)
            return Error{s.error().code, QStringLiteral("the password could not be stored in the keyring: %1").arg(s.error().message)};
    }
    if (auto added = accounts.add(account); !added) {
        if (storePassword)
            keyring.forget(key);
        return added;
    }
    return success();
}

} // namespace tern::store
