#pragma once
// What store::Keyring hands to its module (libternkeyring.so, loaded on first
// use) and gets back: one call per keyring operation, C++ types on both sides
// (the module is built with terncore, by the same compiler).
#include "common/Error.h"
#include <QString>
#include <chrono>

namespace tern::store {

struct KeyringRequest {
    enum Op { Read, Write, Forget } op = Read;
    QString service, key, secret;
    std::chrono::milliseconds timeout{60000};
};

} // namespace tern::store

// Read: the secret; Write and Forget: an empty string. Errors as store::Keyring documents them.
extern "C" void ternKeyringRun(const tern::store::KeyringRequest &request, tern::Result<QString> *reply);
