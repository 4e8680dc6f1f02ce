#include "autoconfig/ConfigXml.h"

#include <QHostAddress>
#include <QRegularExpression>
#include <QXmlStreamReader>

namespace tern::autoconfig {

QString expandPlaceholders(const QString &text, const QString &emailAddress)
{
    QString out = text;
    out.replace(QLatin1String("%EMAILADDRESS%"), emailAddress);
    out.replace(QLatin1String("%EMAILLOCALPART%"), localPartOf(emailAddress));
    out.replace(QLatin1String("%EMAILDOMAIN%"), domainOf(emailAddress));
    static const QRegularExpression unknown(QStringLiteral("%[A-Z_]+%"));
    if (unknown.match(out).hasMatch())
        return QString();
    return out.trimmed();
}

bool isPlausibleHostName(const QString &host)
{
    if (host.isEmpty() || host.size() > 253)
        return false;
    if (QHostAddress(host).protocol() != QAbstractSocket::UnknownNetworkLayerProtocol)
        return true;
    static const QRegularExpression label(QStringLiteral("^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$"));
    const QStringList labels = host.split(QLatin1Char('.'));
    for (const QString &l : labels)
        if (!label.match(l).hasMatch())
            return false;
    return true;
}

namespace {

struct ServerBuilder {
    bool outgoing = false;
    QString type;
    QString hostname, port, socketType, username;
    QStringList authentication;
};

// Authentication Tern can do with a password the user types.
bool passwordAuth(const QStringList &methods)
{
    if (methods.isEmpty())
        return true;   // not said: a password, as Thunderbird assumes
    for (const QString &m : methods)
        if (m.compare(QLatin1String("password-cleartext"), Qt::CaseInsensitive) == 0
            || m.compare(QLatin1String("password-encrypted"), Qt::CaseInsensitive) == 0
            || m.compare(QLatin1String("plain"), Qt::CaseInsensitive) == 0   // old spellings
            || m.compare(QLatin1String("secure"), Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

// A server Tern can use, or why not.
Result<FoundServer> build(const ServerBuilder &b, const QString &emailAddress, Source source, const QString &detail)
{
    net::Protocol protocol;
    if (!b.outgoing && b.type == QLatin1String("imap"))
        protocol = net::Protocol::Imap;
    else if (!b.outgoing && b.type == QLatin1String("pop3"))
        protocol = net::Protocol::Pop3;
    else if (b.outgoing && b.type == QLatin1String("smtp"))
        protocol = net::Protocol::Smtp;
    else
        return Error::invalid(QStringLiteral("a server of type '%1' (Tern speaks IMAP, POP3 and SMTP)").arg(b.type.left(40)));

    const QString host = expandPlaceholders(b.hostname, emailAddress).toLower();
    if (!isPlausibleHostName(host))
        return Error::invalid(QStringLiteral("a %1 server without a valid host name").arg(b.type));
    net::ServerUrl url;
    url.protocol = protocol;
    url.host = host;
    const QString socket = b.socketType.trimmed();
    if (socket.compare(QLatin1String("SSL"), Qt::CaseInsensitive) == 0 || socket.compare(QLatin1String("TLS"), Qt::CaseInsensitive) == 0)
        url.security = net::Security::ImplicitTls;
    else if (socket.compare(QLatin1String("STARTTLS"), Qt::CaseInsensitive) == 0)
        url.security = net::Security::StartTls;
    else
        return Error::security(QStringLiteral("%1 on %2 without TLS (socketType '%3'): refused").arg(b.type, host, socket.left(20)));
    bool ok = false;
    const uint port = b.port.trimmed().toUInt(&ok);
    if (b.port.trimmed().isEmpty())
        url.port = net::ServerUrl::defaultPort(protocol, url.security);
    else if (!ok || port == 0 || port > 65535)
        return Error::invalid(QStringLiteral("%1 on %2 with port '%3'").arg(b.type, host, b.port.trimmed().left(20)));
    else
        url.port = quint16(port);
    if (!passwordAuth(b.authentication))
        return Error::invalid(QStringLiteral("%1 on %2 asks for %3, which Tern cannot do")
                                  .arg(b.type, host, b.authentication.join(QStringLiteral(", ")).left(80)));
    url.user = b.username.trimmed().isEmpty() ? emailAddress : expandPlaceholders(b.username, emailAddress);
    if (url.user.isEmpty() || url.user.contains(QLatin1Char('\n')) || url.user.size() > 320)
        return Error::invalid(QStringLiteral("%1 on %2 with a user name Tern cannot fill in").arg(b.type, host));
    return FoundServer{url, source, detail};
}

} // namespace

Result<QList<ProviderConfig>> parseConfigXml(const QByteArray &xml, const QString &emailAddress, Source source,
                                             const QString &detail, const ConfigXmlLimits &limits)
{
    if (xml.size() > limits.maxBytes)
        return Error::invalid(QStringLiteral("the configuration is larger than %1 KB").arg(limits.maxBytes / 1024));
    QXmlStreamReader r(xml);
    QList<ProviderConfig> providers;
    std::optional<ProviderConfig> provider;
    std::optional<ServerBuilder> server;
    QStringList path;   // open elements
    QString *text = nullptr;   // the field the current characters belong to
    QString authText;
    int elements = 0;
    bool sawRoot = false;

    while (!r.atEnd()) {
        switch (r.readNext()) {
        case QXmlStreamReader::DTD:
            return Error::security(QStringLiteral("the configuration has a DTD; refused"));
        case QXmlStreamReader::EntityReference:
            return Error::security(QStringLiteral("the configuration refers to an entity; refused"));
        case QXmlStreamReader::StartElement: {
            if (++elements > limits.maxElements)
                return Error::invalid(QStringLiteral("the configuration has more than %1 elements").arg(limits.maxElements));
            if (path.size() >= limits.maxDepth)
                return Error::invalid(QStringLiteral("the configuration nests deeper than %1 levels").arg(limits.maxDepth));
            const QString name = r.name().toString();
            if (path.isEmpty()) {
                if (name != QLatin1String("clientConfig"))
                    return Error::invalid(QStringLiteral("not an autoconfig file (root element <%1>)").arg(name.left(40)));
                sawRoot = true;
            }
            path << name;
            text = nullptr;
            if (path.size() == 2 && name == QLatin1String("emailProvider")) {
                if (providers.size() >= limits.maxProviders)
                    return Error::invalid(QStringLiteral("the configuration has more than %1 providers").arg(limits.maxProviders));
                provider = ProviderConfig{};
                provider->id = r.attributes().value(QLatin1String("id")).toString().left(limits.maxTextLength);
            } else if (provider && path.size() == 3 && (name == QLatin1String("incomingServer") || name == QLatin1String("outgoingServer"))) {
                server = ServerBuilder{};
                server->outgoing = name == QLatin1String("outgoingServer");
                server->type = r.attributes().value(QLatin1String("type")).toString().toLower().left(limits.maxTextLength);
            } else if (provider && path.size() == 3 && name == QLatin1String("domain")) {
                provider->domains << QString();
                text = &provider->domains.last();
            } else if (provider && path.size() == 3 && name == QLatin1String("displayName")) {
                text = &provider->displayName;
            } else if (server && path.size() == 4) {
                if (name == QLatin1String("hostname")) text = &server->hostname;
                else if (name == QLatin1String("port")) text = &server->port;
                else if (name == QLatin1String("socketType")) text = &server->socketType;
                else if (name == QLatin1String("username")) text = &server->username;
                else if (name == QLatin1String("authentication")) {
                    authText.clear();
                    text = &authText;
                }
            }
            break;
        }
        case QXmlStreamReader::Characters:
            if (text) {
                if (text->size() + r.text().size() > limits.maxTextLength)
                    return Error::invalid(QStringLiteral("<%1> in the configuration is longer than %2 characters")
                                              .arg(path.constLast(), QString::number(limits.maxTextLength)));
                *text += r.text();
            }
            break;
        case QXmlStreamReader::EndElement: {
            const QString name = path.isEmpty() ? QString() : path.takeLast();
            text = nullptr;
            if (server && path.size() == 3 && name == QLatin1String("authentication")) {
                server->authentication << authText.trimmed();
            } else if (server && path.size() == 2) {
                auto found = build(*server, emailAddress, source, detail);
                auto &list = server->outgoing ? provider->outgoing : provider->incoming;
                if (!found)
                    provider->notes << QStringLiteral("left out: %1").arg(found.error().message);
                else if (list.size() >= limits.maxServersPerProvider)
                    return Error::invalid(QStringLiteral("a provider in the configuration lists more than %1 servers")
                                              .arg(limits.maxServersPerProvider));
                else
                    list << found.value();
                server.reset();
            } else if (provider && path.size() == 1) {
                for (QString &d : provider->domains)
                    d = d.trimmed().toLower();
                provider->displayName = provider->displayName.trimmed();
                providers << *provider;
                provider.reset();
            }
            break;
        }
        default:
            break;
        }
    }
    if (r.hasError())
        return Error::invalid(QStringLiteral("the configuration is not well-formed XML: %1 (line %2)")
                                  .arg(r.errorString()).arg(r.lineNumber()));
    if (!sawRoot)
        return Error::invalid(QStringLiteral("the configuration is empty"));
    return providers;
}

} // namespace tern::autoconfig
