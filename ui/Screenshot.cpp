#include "Screenshot.h"

#include <QApplication>
#include <QPixmap>
#include <QTimer>
#include <QWidget>
#include <QWindow>
#include <cstdio>

namespace tern::ui {

void screenshotWhenIdle(QWidget *window, const QString &file)
{
    auto *poll = new QTimer(window);
    poll->setInterval(20);
    QObject::connect(poll, &QTimer::timeout, window, [window, file, poll] {
        QWindow *handle = window->windowHandle();
        if (!handle || !handle->isExposed())
            return;
        poll->stop();
        // Two zero-timeouts: let pending layout and paint events run first.
        QTimer::singleShot(0, window, [window, file] {
            QTimer::singleShot(0, window, [window, file] {
                const bool saved = window->grab().save(file, "PNG");
                if (!saved)
                    std::fprintf(stderr, "tern: cannot write screenshot %s\n", qPrintable(file));
                QApplication::exit(saved ? 0 : 1);
            });
        });
    });
    poll->start();
}

} // namespace tern::ui
