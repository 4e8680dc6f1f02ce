#pragma once
// Guessing, the last resort of autoconfiguration: imap.DOMAIN, mail.DOMAIN and
// smtp.DOMAIN on the standard ports, implicit TLS first (RFC 8314 §5.1). A
// probe counts only what a real session would accept: a verified TLS
// handshake and the protocol's greeting, or, on 143/587, a greeting whose
// capabilities offer STARTTLS. Nothing is sent beyond CAPABILITY/EHLO and the
// goodbye; no password ever.
#include "net/ServerUrl.h"
#include "net/TlsPolicy.h"
#include <QObject>
#include <QPointer>

namespace tern::net { class SocketTransport; }

namespace tern::autoconfig {

// The hosts and ports to try for `domain`, in the order they are preferred.
QList<net::ServerUrl> guessIncoming(const QString &domain, const QString &user);
QList<net::ServerUrl> guessOutgoing(const QString &domain, const QString &user);

class ServerProbe : public QObject {
    Q_OBJECT
public:
    ServerProbe(net::ServerUrl server, net::TlsPolicy policy, int timeoutMs, QObject *parent = nullptr);
    ~ServerProbe() override;
    void start();
    const net::ServerUrl &server() const { return m_server; }

    static constexpr qsizetype kMaxReply = 16 * 1024;

signals:
    // ok: the server speaks the protocol with TLS as the URL says; else `why` says what failed.
    void finished(bool ok, const QString &why);

private:
    void onData();
    void done(bool ok, const QString &why);

    net::ServerUrl m_server;
    net::TlsPolicy m_policy;
    int m_timeoutMs;
    QPointer<net::SocketTransport> m_transport;
    QByteArray m_buffer;
    bool m_greeted = false, m_finished = false;
};

} // namespace tern::autoconfig
