#pragma once
// Cryptography off the UI thread: gpg and gpgsm take tens of milliseconds to
// seconds (a pinentry may even wait for the user), so the viewer asks here
// and watches the QFuture (QFutureWatcher) instead of blocking. The work runs
// on a small private thread pool; the synchronous core (GpgOperations,
// ProtectedMessage) is what the command line and the tests call directly.
#include "mime/Render.h"
#include <QByteArray>
#include <QFuture>

namespace tern::crypto {

// Parses `raw`, checks its signatures and decrypts its root as
// renderProtected() does, on a worker thread.
QFuture<mime::Rendered> renderProtectedAsync(const QByteArray &raw, const mime::RenderOptions &options = {});

} // namespace tern::crypto
