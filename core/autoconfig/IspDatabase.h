#pragma once
// Tern's bundled ISP database (isp-database.xml, embedded as a resource):
// settings of big providers whose domains publish neither SRV records nor an
// autoconfig file, in Mozilla's config-v1.1 format.
#include "autoconfig/ConfigXml.h"
#include <optional>

namespace tern::autoconfig {

// The provider serving the address's domain, its servers filled in for the address.
std::optional<ProviderConfig> lookupIspDatabase(const QString &emailAddress);
// Every domain the database knows (for tests and `tern account detect --help`).
QStringList ispDatabaseDomains();

} // namespace tern::autoconfig
