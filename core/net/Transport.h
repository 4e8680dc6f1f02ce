#pragma once
// The Transport seam: protocol engines speak to a byte stream through this
// interface, so tests can drive them with scripted servers and production
// runs them on TLS. One implementation for now: SocketTransport (QSslSocket).
#include "common/Error.h"
#include "net/ServerUrl.h"
#include "net/TlsPolicy.h"
#include <QObject>
#include <functional>

namespace tern::net {

class Transport : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    // Connects; for implicit TLS also completes a verified handshake before opened().
    virtual void open() = 0;
    virtual void send(const QByteArray &bytes) = 0;
    // Everything received and not yet taken.
    virtual QByteArray takeAll() = 0;
    // Upgrades to TLS (STARTTLS/STLS). Fails if any byte has arrived that the
    // caller has not taken — bytes sent before the handshake are an injection.
    virtual void startTls() = 0;
    virtual bool isEncrypted() const = 0;
    virtual void close() = 0;   // flush, then close
    virtual void abort() = 0;   // drop now
    virtual QString peer() const = 0;

signals:
    void opened();
    void dataReady();
    void tlsReady();
    void failed(const tern::Error &error);   // after it, the transport is closed
    void closed();
};

// For a goodbye (QUIT, LOGOUT): a function that runs `done` exactly once —
// when called, or when the transport closes or fails first, whichever comes first.
std::function<void()> runOnceOrWhenGone(Transport *transport, QObject *context, std::function<void()> done);

} // namespace tern::net
