#pragma once

namespace tern::ui {

// Lets QIcon::fromTheme find Tern's own drawings (resources/icons, embedded
// under :/icons/fallback) for the freedesktop names the desktop's theme lacks,
// so toolbars and folders are never blank where there is no icon theme.
// Called by every window's constructor; only the first call acts.
void installFallbackIcons();

} // namespace tern::ui
