#pragma once
// The route a message took: its Received: fields (RFC 5321 §4.4 time-stamp
// lines, RFC 5322 §3.6.7) parsed into hops, oldest first, each with the delay
// since the hop before and a clock-skew flag. What the viewer's route panel
// and `tern render --json` show.
// Received: fields are written by every server on the way, and the oldest by
// the sender: each is hostile text. Parsing is bounded (kMaxRouteHops fields,
// kMaxReceivedBytes each), never fails, and every string in a hop has its
// control, bidi and other invisible characters spelled out as <U+202E>.
#include <QByteArray>
#include <QDateTime>
#include <QJsonArray>
#include <QList>
#include <QString>
#include <optional>

namespace tern::mime {

constexpr int kMaxRouteHops = 100;             // RFC 5321 §6.3: a loop is declared at 100 hops at most
constexpr int kMaxReceivedBytes = 8 * 1024;    // of one field; the rest is not read

struct RouteHop {
    QString from;        // the name after "from" as the stamp gives it: the HELO name (Postfix,
                         // Sendmail), the reverse-DNS name or [IP] (Exim, qmail)
    QString fromHost;    // the receiver's name for the peer: "h" in "(h [192.0.2.1])"; not "unknown"
    QString fromIp;      // the peer's address, without brackets or "IPv6:"
    QString helo;        // the HELO/EHLO name where the comment gives it apart (Exim helo=, qmail HELO)
    QString by;
    QString with;        // one word in upper case (SMTP, ESMTPSA, LMTP), else as written ("Microsoft SMTP Server")
    QString tls;         // TLS details from the comments ("version=TLS1_3 cipher=…", "using TLSv1.3 with cipher …")
    QString id;
    QString recipient;   // the "for" clause, without angle brackets
    QDateTime time;      // UTC; invalid when there is no date or it does not parse
    std::optional<qint64> delaySeconds;   // since the hop before, when both times are known
    bool skew = false;   // this hop's time is earlier than the hop before's: a clock is wrong
};

struct MessageRoute {
    QList<RouteHop> hops;   // oldest first
    int omitted = 0;        // the oldest fields past kMaxRouteHops, not parsed
};

// The hops of a message from its Received: values, unfolded, newest first as
// they stand in the header (ParsedMessage::headerAll("Received")). Past
// kMaxRouteHops the newest are kept: they come from the receiving side, while
// the oldest are whatever the sender wrote.
MessageRoute parseRoute(const QList<QByteArray> &receivedNewestFirst);

// One Received: value (no delay, no skew); its date through parseMailDate (MailDate.h).
RouteHop parseReceived(const QByteArray &value);

// For `tern render --json`: an array of {from, fromHost, fromIp, helo, by, with,
// tls, id, for, time (ISO 8601 UTC), delaySeconds, skew}, oldest first; a field
// that is absent is null.
QJsonArray routeToJson(const MessageRoute &route);

} // namespace tern::mime
