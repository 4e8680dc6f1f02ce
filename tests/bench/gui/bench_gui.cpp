// tern-bench-gui: the main window over a large cached folder, driven as a
// reader drives it, each step timed until the message list has painted it
// (ui::afterPaintWithRows: the paint is in the window and flushed):
//   open     MainWindow constructed and shown until the list first paints
//            with rows (in process: no process start or library loading;
//            tern's own start is timed by run.sh through TERN_BENCH_FIRST_PAINT)
//   switch   from folder FROM to folder FOLDER (the large one), RUNS times
//   end      the scroll bar's thumb dragged to the bottom, again until the
//            folder's last message is painted (a model that loads rows as the
//            view reaches its end needs one drag per batch)
//   drag     the thumb moved from top to bottom in 100 steps, each painted
//   open-message  the first message selected until the viewer has loaded it
//            (its body must be in the cache: run.sh reads it once while online)
// then this process's peak RSS. One line of key=value pairs on stdout.
// Not a test: tests/bench/gui/run.sh (make bench) runs it under Xvfb.
//
//   tern-bench-gui --profile DIR --account A --folder BIG --from OTHER --messages N [--runs R]
#include "MainWindow.h"
#include "MessageView.h"
#include "PaintProbe.h"
#include "store/Profile.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QScrollBar>
#include <QTimer>
#include <QTreeView>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>
#include <algorithm>
#include <cstdio>
#include <unistd.h>

using namespace tern;

namespace {

[[noreturn]] void die(const char *what)
{
    std::fprintf(stderr, "tern-bench-gui: %s\n", what);
    std::exit(1);
}

double g_lastCpuMs = 0;   // CPU time of the last timedUntilPainted (this process)

// Runs `act`, then waits until the list has painted with rows; milliseconds.
double timedUntilPainted(QTreeView *list, const std::function<void()> &act, int timeoutMs = 60000)
{
    const double cpu0 = ui::cpuMs();
    QEventLoop loop;
    bool painted = false;
    ui::afterPaintWithRows(list, [&] {
        painted = true;
        loop.quit();
    });
    QElapsedTimer t;
    t.start();
    act();
    if (!painted) {
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
    }
    if (!painted)
        die("the message list did not paint in time");
    g_lastCpuMs = ui::cpuMs() - cpu0;
    return double(t.nsecsElapsed()) / 1e6;
}

QTreeWidgetItem *folderItem(QTreeWidget *tree, const QString &account, const QString &folder)
{
    // The folder pane keeps the account in Qt::UserRole and the folder in Qt::UserRole + 1.
    for (QTreeWidgetItemIterator it(tree); *it; ++it)
        if ((*it)->data(0, Qt::UserRole).toString() == account && (*it)->data(0, Qt::UserRole + 1).toString() == folder)
            return *it;
    return nullptr;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v.at(v.size() / 2);
}

// The last row painted: the folder's last message is the model's last row and it is on screen.
bool lastMessageShown(QTreeView *list, int messages)
{
    QAbstractItemModel *m = list->model();
    if (m->canFetchMore({}) || m->rowCount() != messages)
        return false;
    const QModelIndex last = m->index(messages - 1, 0);
    const QRect r = list->visualRect(last);
    return r.isValid() && list->viewport()->rect().contains(r.center());
}

} // namespace

int main(int argc, char **argv)
{
    if (::geteuid() == 0 && qEnvironmentVariableIsEmpty("QTWEBENGINE_DISABLE_SANDBOX"))
        qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    QApplication app(argc, argv);
    QString profileDir, account, folder, from;
    int messages = 0, runs = 5;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        const QString &k = args.at(i), &v = args.at(i + 1);
        if (k == QLatin1String("--profile")) profileDir = v;
        else if (k == QLatin1String("--account")) account = v;
        else if (k == QLatin1String("--folder")) folder = v;
        else if (k == QLatin1String("--from")) from = v;
        else if (k == QLatin1String("--messages")) messages = v.toInt();
        else if (k == QLatin1String("--runs")) runs = v.toInt();
        else die("unknown option");
    }
    if (profileDir.isEmpty() || account.isEmpty() || folder.isEmpty() || from.isEmpty() || messages <= 0 || runs <= 0)
        die("usage: tern-bench-gui --profile DIR --account A --folder BIG --from OTHER --messages N [--runs R]");

    std::unique_ptr<ui::MainWindow> window;
    QTreeView *list = nullptr;
    const double openMs = [&] {
        QElapsedTimer t;
        t.start();
        window = std::make_unique<ui::MainWindow>(store::Profile::resolve(profileDir));
        list = window->findChild<QTreeView *>(QStringLiteral("messageList"));
        if (!list)
            die("no message list");
        timedUntilPainted(list, [&] { window->show(); });
        return double(t.nsecsElapsed()) / 1e6;
    }();
    const long rssOpenKib = ui::peakRssKib();
    auto *tree = window->findChild<QTreeWidget *>(QStringLiteral("folderTree"));
    QTreeWidgetItem *big = tree ? folderItem(tree, account, folder) : nullptr;
    QTreeWidgetItem *other = tree ? folderItem(tree, account, from) : nullptr;
    if (!big || !other)
        die("the folder pane lacks the two folders");

    std::vector<double> switches, switchCpu;
    for (int i = 0; i < runs; ++i) {
        timedUntilPainted(list, [&] { tree->setCurrentItem(other); });
        switches.push_back(timedUntilPainted(list, [&] { tree->setCurrentItem(big); }));
        switchCpu.push_back(g_lastCpuMs);
    }
    const auto [minSwitch, maxSwitch] = std::minmax_element(switches.begin(), switches.end());

    // Scrolling: from the top, the thumb to the bottom until the last message shows.
    QScrollBar *bar = list->verticalScrollBar();
    timedUntilPainted(list, [&] { bar->setValue(0); list->viewport()->update(); });
    int drags = 0;
    QElapsedTimer endTimer;
    endTimer.start();
    const double endCpu0 = ui::cpuMs();
    while (!lastMessageShown(list, messages)) {
        if (++drags > 100000 || endTimer.elapsed() > 300000)
            die("the folder's last message never showed");
        timedUntilPainted(list, [&] { bar->setValue(bar->maximum()); list->viewport()->update(); });
    }
    const double endMs = double(endTimer.nsecsElapsed()) / 1e6;
    const double endCpu = ui::cpuMs() - endCpu0;

    // The thumb from top to bottom in 100 steps, each step painted.
    timedUntilPainted(list, [&] { bar->setValue(0); list->viewport()->update(); });
    double dragMs = 0, worstStep = 0;
    const double dragCpu0 = ui::cpuMs();
    for (int step = 1; step <= 100; ++step) {
        const double ms = timedUntilPainted(list, [&] {
            bar->setValue(int(qint64(bar->maximum()) * step / 100));
            list->viewport()->update();
        });
        dragMs += ms;
        worstStep = std::max(worstStep, ms);
    }
    const double dragCpu = ui::cpuMs() - dragCpu0;
    const long rssScrollKib = ui::peakRssKib();

    // A message shown: the viewer (QtWebEngine, started on first use) loads it.
    double messageMs = -1;
    {
        QEventLoop loop;
        bool loaded = false;
        QElapsedTimer t;
        t.start();
        QObject::connect(window->viewer(), &ui::MessageView::documentLoaded, &loop, [&](bool ok) {
            loaded = ok;
            loop.quit();
        });
        list->setCurrentIndex(list->model()->index(0, 0));
        QTimer::singleShot(60000, &loop, &QEventLoop::quit);
        loop.exec();
        if (loaded)
            messageMs = double(t.nsecsElapsed()) / 1e6;
    }
    const long rssMessageKib = ui::peakRssKib();

    std::printf("open_ms=%.1f rss_open_kib=%ld switch_median_ms=%.1f switch_min_ms=%.1f switch_max_ms=%.1f switch_cpu_ms=%.1f runs=%d "
                "end_ms=%.1f end_cpu_ms=%.1f end_drags=%d drag_ms=%.1f drag_cpu_ms=%.1f drag_worst_step_ms=%.1f rss_scroll_kib=%ld "
                "message_ms=%.1f rss_message_kib=%ld rows=%d\n",
                openMs, rssOpenKib, median(switches), *minSwitch, *maxSwitch, median(switchCpu), runs, endMs, endCpu, drags, dragMs,
                dragCpu, worstStep, rssScrollKib, messageMs, rssMessageKib, list->model()->rowCount());
    std::fflush(stdout);
    window.reset();
    return 0;
}
