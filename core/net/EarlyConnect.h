#pragma once
// A TCP connection begun before the TLS library is loaded. QSslSocket's
// constructor loads Qt's TLS plugin, OpenSSL and its configuration (~15 ms
// measured here); a server that starts a process per connection (Dovecot's
// login service) spends about as long before its first TLS byte. Connecting
// first lets the two overlap: a `tern sync` with nothing new took ~100 ms, of
// which the server alone took ~50.
// Only for a loopback address given as such (127.0.0.0/8, ::1: local servers and
// the IMAP bridges of some providers): no name is looked up on this thread, and
// the connect is complete by the time the socket is wanted. The socket is handed
// over only once connected; anything else closes it and the transport connects
// the usual way.
#include <QString>

namespace tern::net {

class EarlyConnect {
public:
    EarlyConnect() = default;
    ~EarlyConnect();
    EarlyConnect(EarlyConnect &&other) noexcept;
    EarlyConnect &operator=(EarlyConnect &&other) noexcept;
    EarlyConnect(const EarlyConnect &) = delete;
    EarlyConnect &operator=(const EarlyConnect &) = delete;

    // Starts a non-blocking connect to host:port; nothing when host is not a
    // loopback address or the connect fails at once.
    static EarlyConnect start(const QString &host, quint16 port);
    bool isStarted() const { return m_fd >= 0; }
    // The socket when its connection is complete and succeeded (the caller owns
    // it then); else -1, and whatever was begun is closed. Never waits.
    qintptr takeIfConnected();

private:
    int m_fd = -1;
};

} // namespace tern::net
