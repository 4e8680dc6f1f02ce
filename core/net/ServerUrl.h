#pragma once
// A server an account talks to, written as a URL in aerc's convention:
//   imaps://user@host:993     implicit TLS (the default; RFC 8314 §3)
//   imap://user@host:143      STARTTLS, required — never a plaintext fallback
//   imap+insecure://user@host plaintext, accepted only for a loopback host
// and likewise pop3s/pop3/pop3+insecure, smtps/smtp/smtp+insecure.
#include "common/Error.h"
#include <QString>

namespace tern::net {

enum class Protocol { Imap, Pop3, Smtp };
enum class Security { ImplicitTls, StartTls, Plaintext };

struct ServerUrl {
    Protocol protocol = Protocol::Imap;
    Security security = Security::ImplicitTls;
    QString host;
    quint16 port = 0;
    QString user;

    // Parses and checks a URL. `expected` is the protocol the caller needs;
    // a URL of another protocol is an error naming both.
    static Result<ServerUrl> parse(const QString &text, Protocol expected);

    QString toString() const;
    static quint16 defaultPort(Protocol p, Security s);
};

QString protocolName(Protocol p);
bool isLoopbackHost(const QString &host);

} // namespace tern::net
