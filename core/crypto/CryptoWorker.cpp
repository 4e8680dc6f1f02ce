#include "crypto/CryptoWorker.h"

#include "crypto/ProtectedMessage.h"

#include <QPromise>
#include <QThreadPool>

#include <memory>

namespace tern::crypto {

namespace {

QThreadPool &pool()
{
    // Two threads: one slow gpg call (a pinentry, a big attachment) does not
    // hold up the next message, and a burst does not start a gpg per core.
    static QThreadPool *p = [] {
        auto *pool = new QThreadPool;
        pool->setMaxThreadCount(2);
        return pool;
    }();
    return *p;
}

} // namespace

QFuture<mime::Rendered> renderProtectedAsync(const QByteArray &raw, const mime::RenderOptions &options)
{
    auto promise = std::make_shared<QPromise<mime::Rendered>>();
    QFuture<mime::Rendered> future = promise->future();
    promise->start();
    pool().start([promise, raw, options] {
        mime::Rendered r;
        if (auto parsed = mime::parseMessage(raw))
            r = renderProtected(parsed.value(), options);
        else
            r.problems << parsed.error().message;
        promise->addResult(std::move(r));
        promise->finish();
    });
    return future;
}

} // namespace tern::crypto
