#include "net/Transport.h"

#include <memory>

namespace tern::net {

Status Transport::startDeflate()
{
    return Error::network(QStringLiteral("This connection (%1) cannot be compressed").arg(peer()));
}

std::function<void()> runOnceOrWhenGone(Transport *transport, QObject *context, std::function<void()> done)
{
    auto once = std::make_shared<std::function<void()>>(std::move(done));
    auto run = [once] {
        if (*once) {
            auto f = std::move(*once);
            *once = nullptr;
            f();
        }
    };
    QObject::connect(transport, &Transport::closed, context, run);
    QObject::connect(transport, &Transport::failed, context, run);
    return run;
}

} // namespace tern::net
