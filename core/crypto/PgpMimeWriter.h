#pragma once
// Signs and encrypts a composed message as PGP/MIME (RFC 3156): the body
// with its Content-* fields becomes the protected entity; the other header
// fields stay outside. Keys are chosen from the user's keyring: the From
// address signs, every recipient (To, Cc, Bcc) and the sender themself are
// encrypted to; a recipient without a valid key is an error naming them.
// With encryption the real Subject travels inside (protected headers,
// protected-headers="v1") and the outer one reads "...".
#include "common/Error.h"
#include <QByteArray>

namespace tern::crypto {

struct ProtectOptions {
    bool sign = false;
    bool encrypt = false;
};

Result<QByteArray> protectMessage(const QByteArray &message, const ProtectOptions &options);

} // namespace tern::crypto
