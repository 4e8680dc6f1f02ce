#include "autoconfig/IspDatabase.h"

#include <QFile>

namespace tern::autoconfig {

namespace {
QList<ProviderConfig> load(const QString &emailAddress)
{
    QFile f(QStringLiteral(":/autoconfig/isp-database.xml"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    ConfigXmlLimits limits;
    limits.maxBytes = 4 * 1024 * 1024;
    auto parsed = parseConfigXml(f.readAll(), emailAddress, Source::IspDatabase, QString(), limits);
    return parsed ? parsed.value() : QList<ProviderConfig>{};
}
} // namespace

std::optional<ProviderConfig> lookupIspDatabase(const QString &emailAddress)
{
    const QString domain = domainOf(emailAddress);
    if (domain.isEmpty())
        return std::nullopt;
    for (ProviderConfig p : load(emailAddress)) {
        if (!p.domains.contains(domain))
            continue;
        for (auto *list : {&p.incoming, &p.outgoing})
            for (FoundServer &s : *list)
                s.detail = p.displayName.isEmpty() ? p.id : p.displayName;
        return p;
    }
    return std::nullopt;
}

QStringList ispDatabaseDomains()
{
    QStringList out;
    for (const ProviderConfig &p : load(QStringLiteral("user@example.org")))
        out += p.domains;
    return out;
}

} // namespace tern::autoconfig
