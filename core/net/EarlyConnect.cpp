#include "net/EarlyConnect.h"

#include <cerrno>
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <utility>

namespace tern::net {

EarlyConnect::~EarlyConnect()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

EarlyConnect::EarlyConnect(EarlyConnect &&other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}

EarlyConnect &EarlyConnect::operator=(EarlyConnect &&other) noexcept
{
    if (this != &other) {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = std::exchange(other.m_fd, -1);
    }
    return *this;
}

EarlyConnect EarlyConnect::start(const QString &host, quint16 port)
{
    EarlyConnect out;
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;   // an address, never a lookup
    addrinfo *found = nullptr;
    const QByteArray service = QByteArray::number(port);
    if (port == 0 || ::getaddrinfo(host.toLatin1().constData(), service.constData(), &hints, &found) != 0 || !found)
        return out;
    // Loopback only: there the connect is complete before the TLS library is loaded,
    // so the socket is always used. Farther away it might still be under way then,
    // and a connection opened only to be closed again is noise in the server's log.
    const bool loopback =
        (found->ai_family == AF_INET &&
         (ntohl(reinterpret_cast<const sockaddr_in *>(found->ai_addr)->sin_addr.s_addr) >> 24) == 127) ||
        (found->ai_family == AF_INET6 && IN6_IS_ADDR_LOOPBACK(&reinterpret_cast<const sockaddr_in6 *>(found->ai_addr)->sin6_addr));
    if (!loopback) {
        ::freeaddrinfo(found);
        return out;
    }
    const int fd = ::socket(found->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd >= 0) {
        if (::connect(fd, found->ai_addr, found->ai_addrlen) == 0 || errno == EINPROGRESS)
            out.m_fd = fd;
        else
            ::close(fd);
    }
    ::freeaddrinfo(found);
    return out;
}

qintptr EarlyConnect::takeIfConnected()
{
    if (m_fd < 0)
        return -1;
    const int fd = std::exchange(m_fd, -1);
    pollfd p{fd, POLLOUT, 0};
    int error = 0;
    socklen_t len = sizeof error;
    if (::poll(&p, 1, 0) == 1 && (p.revents & POLLOUT) && !(p.revents & (POLLERR | POLLHUP)) &&
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) == 0 && error == 0)
        return fd;
    ::close(fd);
    return -1;
}

} // namespace tern::net
