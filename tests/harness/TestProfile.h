#pragma once
// Profiles for GUI and CLI tests: an account on loopback addresses that no test
// server answers (the window opens on its cache; nothing connects).
#include "store/Profile.h"

#include <QString>

namespace tern::test {

// Adds account `name` (IMAPS and SMTPS on 127.0.0.1, user `name`) to the profile,
// creating the profile; with `withAddress` its address is name@example.test.
// Fails the running test (QVERIFY) when it cannot.
void addLoopbackAccount(const store::Profile &profile, const QString &name, bool withAddress = false);

} // namespace tern::test
