#pragma once
// Where a Tern profile lives: its configuration and its cache.
// With --profile DIR both are inside DIR; otherwise the XDG locations
// ($XDG_CONFIG_HOME/tern and $XDG_DATA_HOME/tern).
#include "common/Error.h"
#include <QString>

namespace tern::store {

class Profile {
public:
    // An explicit directory (from --profile), or empty for the XDG defaults.
    static Profile resolve(const QString &explicitDir);

    QString configDir() const { return m_configDir; }
    QString cacheDir() const { return m_cacheDir; }
    bool isExplicit() const { return m_explicit; }
    QString explicitDir() const { return m_root; }   // what --profile named (absolute); empty for the XDG defaults

    // Creates both directories (mode 0700: they hold mail and credentials).
    Status ensureExists() const;

    QString accountsFile() const;

private:
    QString m_configDir;
    QString m_cacheDir;
    QString m_root;
    bool m_explicit = false;
};

} // namespace tern::store
