#pragma once
// What account autoconfiguration found for a mail address: servers in Tern's
// URL form (net::ServerUrl), each with where it came from, so the wizard can
// show it and the user can judge it (DNS and HTTP answers are not signed).
#include "net/ServerUrl.h"
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace tern::autoconfig {

enum class Source {
    Srv,          // RFC 6186 SRV records of the mail domain
    Autoconfig,   // the domain's Mozilla-style config-v1.1.xml over HTTPS
    IspDatabase,  // Tern's bundled list of big providers
    Guess,        // imap./mail./smtp. hosts that answered on the standard ports
};
QString sourceName(Source s);

struct FoundServer {
    net::ServerUrl url;    // user included (the address or its local part)
    Source source = Source::Guess;
    QString detail;        // the SRV name, the URL fetched, the provider, or the probe
};

struct Discovery {
    QList<FoundServer> incoming;   // IMAP first, then POP3, best first
    QList<FoundServer> outgoing;   // SMTP submission, best first
    QStringList log;               // what was tried, for the user ("no SRV record for _imaps._tcp.example.org")

    bool complete() const { return !incoming.isEmpty() && !outgoing.isEmpty(); }
    std::optional<FoundServer> bestIncoming(std::optional<net::Protocol> only = std::nullopt) const;
    std::optional<FoundServer> bestOutgoing() const { return outgoing.isEmpty() ? std::nullopt : std::optional(outgoing.constFirst()); }
};

// The part after the last '@', lower case; empty if `address` is not user@domain.
QString domainOf(const QString &address);
QString localPartOf(const QString &address);

} // namespace tern::autoconfig
