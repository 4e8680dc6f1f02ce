#pragma once
#include <QString>

class QWidget;

namespace tern::ui {

// Waits until `window` is shown, exposed and the event loop is idle, then
// saves it as a PNG and quits the application with 0 (or 1 on failure).
void screenshotWhenIdle(QWidget *window, const QString &file);

} // namespace tern::ui
