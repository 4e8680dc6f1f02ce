#include "Icons.h"

#include <QIcon>
#include <QStringList>

namespace tern::ui {

void installFallbackIcons()
{
    static bool done = false;
    if (done)
        return;
    done = true;
    // Qt 6.4 looks in the fallback paths only when some theme is named: where the
    // platform names none (no desktop, offscreen), the freedesktop base theme.
    if (QIcon::themeName().isEmpty())
        QIcon::setThemeName(QStringLiteral("hicolor"));
    QStringList paths = QIcon::fallbackSearchPaths();
    paths << QStringLiteral(":/icons/fallback");
    QIcon::setFallbackSearchPaths(paths);
}

} // namespace tern::ui
