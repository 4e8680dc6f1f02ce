#include "autoconfig/Discovery.h"

namespace tern::autoconfig {

QString sourceName(Source s)
{
    switch (s) {
    case Source::Srv: return QStringLiteral("srv");
    case Source::Autoconfig: return QStringLiteral("autoconfig");
    case Source::IspDatabase: return QStringLiteral("isp-database");
    case Source::Guess: return QStringLiteral("guess");
    }
    return {};
}

std::optional<FoundServer> Discovery::bestIncoming(std::optional<net::Protocol> only) const
{
    for (const FoundServer &s : incoming)
        if (!only || s.url.protocol == *only)
            return s;
    return std::nullopt;
}

QString domainOf(const QString &address)
{
    const qsizetype at = address.lastIndexOf(QLatin1Char('@'));
    if (at <= 0 || at == address.size() - 1)
        return QString();
    return address.mid(at + 1).trimmed().toLower();
}

QString localPartOf(const QString &address)
{
    const qsizetype at = address.lastIndexOf(QLatin1Char('@'));
    return at <= 0 ? QString() : address.left(at).trimmed();
}

} // namespace tern::autoconfig
