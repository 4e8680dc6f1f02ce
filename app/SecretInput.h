#pragma once
// Reading a password from standard input for `tern account password`.
#include "common/Error.h"
#include <QString>

namespace tern::app {

// One line from standard input, without its line ending. On a terminal it
// first writes `prompt` to stderr and does not echo what is typed (echo comes
// back even if the user interrupts with Ctrl-C); from a pipe it just reads.
Result<QString> readSecretLine(const QString &prompt);

} // namespace tern::app
