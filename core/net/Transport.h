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
    // RFC 4978 (IMAP COMPRESS=DEFLATE): from the moment this returns success,
    // every byte sent is raw-deflate compressed (zlib, windowBits -15) and
    // sync-flushed after each send() so the peer can read it at once, and every
    // byte received is inflated before takeAll() sees it. On TLS the plaintext
    // is compressed, then encrypted. Call it right after the server's OK to
    // COMPRESS. Refused (the transport unchanged, the caller should drop the
    // connection) if any byte has arrived that the caller has not taken: it
    // would be ambiguous whether it was compressed. The default: this transport
    // cannot compress.
    virtual Status startDeflate();
    virtual bool isCompressed() const { return false; }
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
