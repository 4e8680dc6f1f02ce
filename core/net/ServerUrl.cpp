#include "net/ServerUrl.h"

#include <QHostAddress>
#include <QUrl>

namespace tern::net {

QString protocolName(Protocol p)
{
    switch (p) {
    case Protocol::Imap: return QStringLiteral("imap");
    case Protocol::Pop3: return QStringLiteral("pop3");
    case Protocol::Smtp: return QStringLiteral("smtp");
    }
    return {};
}

quint16 ServerUrl::defaultPort(Protocol p, Security s)
{
    const bool implicit = s == Security::ImplicitTls;
    switch (p) {
    case Protocol::Imap: return implicit ? 993 : 143;   // RFC 8314 §7.3
    case Protocol::Pop3: return implicit ? 995 : 110;
    case Protocol::Smtp: return implicit ? 465 : 587;   // RFC 8314 §7.3, RFC 6409
    }
    return 0;
}

bool isLoopbackHost(const QString &host)
{
    if (host.compare(QStringLiteral("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    QHostAddress address;
    return address.setAddress(host) && address.isLoopback();
}

Result<ServerUrl> ServerUrl::parse(const QString &text, Protocol expected)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || url.scheme().isEmpty() || url.host().isEmpty())
        return Error::invalid(QStringLiteral("'%1' is not a server URL (expected e.g. %2s://user@host)")
                                  .arg(text, protocolName(expected)));
    if (!url.password().isEmpty())
        return Error::security(QStringLiteral("'%1' contains a password; keep it in the keyring (tern account password) or give it with --password-env")
                                   .arg(url.toString(QUrl::RemovePassword)));
    if (!url.path().isEmpty() && url.path() != QLatin1String("/"))
        return Error::invalid(QStringLiteral("'%1' has a path; a server URL is scheme://user@host:port").arg(text));

    const QString scheme = url.scheme().toLower();
    const QString name = protocolName(expected);
    ServerUrl out;
    out.protocol = expected;
    if (scheme == name + QLatin1Char('s'))
        out.security = Security::ImplicitTls;
    else if (scheme == name)
        out.security = Security::StartTls;
    else if (scheme == name + QLatin1String("+insecure"))
        out.security = Security::Plaintext;
    else
        return Error::invalid(QStringLiteral("'%1': scheme '%2' is not one of %3s, %3, %3+insecure")
                                  .arg(text, scheme, name));

    out.host = url.host();
    out.user = url.userName();
    const int port = url.port(-1);
    if (port == 0)
        return Error::invalid(QStringLiteral("'%1': port 0 is not a server port").arg(text));
    out.port = port > 0 ? quint16(port) : defaultPort(expected, out.security);

    // Plaintext is only ever acceptable to a server on this machine.
    if (out.security == Security::Plaintext && !isLoopbackHost(out.host))
        return Error::security(QStringLiteral("'%1': plaintext is refused for a remote host; use %2s:// or %2://")
                                   .arg(text, name));
    return out;
}

QString ServerUrl::toString() const
{
    QString scheme = protocolName(protocol);
    if (security == Security::ImplicitTls)
        scheme += QLatin1Char('s');
    else if (security == Security::Plaintext)
        scheme += QLatin1String("+insecure");
    QUrl url;
    url.setScheme(scheme);
    url.setHost(host);
    url.setPort(port);
    if (!user.isEmpty())
        url.setUserName(user);
    return url.toString();
}

} // namespace tern::net
