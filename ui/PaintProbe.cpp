#include "PaintProbe.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QEvent>
#include <QFile>
#include <QPointer>
#include <QTimer>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace tern::ui {

namespace {

class PaintWatcher : public QObject {
public:
    PaintWatcher(QAbstractItemView *view, std::function<void()> done)
        : QObject(view->viewport()), m_view(view), m_done(std::move(done))
    {
        view->viewport()->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && !m_fired && m_view && m_view->model() && m_view->model()->rowCount() > 0) {
            m_fired = true;
            watched->removeEventFilter(this);
            // The paint runs after this filter returns and the backing store is
            // flushed in the same pass: report from the next turn of the loop.
            QTimer::singleShot(0, this, [this] {
                auto done = std::move(m_done);
                deleteLater();
                done();
            });
        }
        return false;
    }

private:
    QPointer<QAbstractItemView> m_view;
    std::function<void()> m_done;
    bool m_fired = false;
};

} // namespace

void afterPaintWithRows(QAbstractItemView *view, std::function<void()> done)
{
    new PaintWatcher(view, std::move(done));
}

long peakRssKib()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLong();
    return -1;
}

double cpuMs()
{
    timespec t{};
    return ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t) == 0 ? double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6 : -1;
}

void reportFirstPaintIfAsked(QAbstractItemView *view)
{
    const QByteArray mode = qgetenv("TERN_BENCH_FIRST_PAINT");
    if (mode != "print" && mode != "exit")
        return;
    QPointer<QAbstractItemView> v(view);
    afterPaintWithRows(view, [v, mode] {
        const auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
        std::fprintf(stderr, "tern: first-paint unix-us=%lld rows=%d vmhwm-kib=%ld cpu-ms=%.0f\n", static_cast<long long>(us),
                     v && v->model() ? v->model()->rowCount() : 0, peakRssKib(), cpuMs());
        std::fflush(stderr);
        if (mode == "exit")
            QApplication::exit(0);
    });
}

} // namespace tern::ui
