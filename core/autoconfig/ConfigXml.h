#pragma once
// Mozilla's autoconfig format (config-v1.1.xml, as Thunderbird reads it from
// https://autoconfig.DOMAIN/mail/config-v1.1.xml and from its ISP database):
//   <clientConfig version="1.1"><emailProvider id="…"><domain>…</domain>
//     <incomingServer type="imap|pop3"><hostname/><port/><socketType>SSL|STARTTLS|plain</socketType>
//       <username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></incomingServer>
//     <outgoingServer type="smtp">…</outgoingServer></emailProvider></clientConfig>
// The text comes from the network: every size, depth and count is bounded, a
// DTD is refused (no entity can expand), and a server Tern cannot use safely
// (plaintext, an unknown type, only authentication Tern lacks) is left out
// with a note instead of failing the whole file.
#include "autoconfig/Discovery.h"
#include "common/Error.h"
#include <QByteArray>

namespace tern::autoconfig {

struct ProviderConfig {
    QString id;
    QString displayName;
    QStringList domains;
    QList<FoundServer> incoming;   // in the file's order (its preference)
    QList<FoundServer> outgoing;
    QStringList notes;             // servers left out, and why
};

struct ConfigXmlLimits {
    qsizetype maxBytes = 256 * 1024;
    int maxDepth = 12;
    int maxElements = 20000;
    int maxProviders = 200;
    int maxServersPerProvider = 16;
    int maxTextLength = 1024;
};

// Parses `xml` for the user `emailAddress` (placeholders %EMAILADDRESS%,
// %EMAILLOCALPART% and %EMAILDOMAIN% replaced). Every server found gets
// `source` and `detail`. An error for text that is not such a file at all.
Result<QList<ProviderConfig>> parseConfigXml(const QByteArray &xml, const QString &emailAddress, Source source,
                                             const QString &detail, const ConfigXmlLimits &limits = {});

// The placeholders of a <username> or <hostname> replaced; empty when the text
// has a placeholder Tern does not know.
QString expandPlaceholders(const QString &text, const QString &emailAddress);

// A host name as DNS allows it (RFC 1123 labels), or an IP address literal.
bool isPlausibleHostName(const QString &host);

} // namespace tern::autoconfig
