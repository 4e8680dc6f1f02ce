#pragma once
// When a list has been painted: for the GUI benchmark (tests/bench/gui) and
// its hook in the tern executable (TERN_BENCH_FIRST_PAINT).
#include <functional>

class QAbstractItemView;

namespace tern::ui {

// Calls `done` once, after the next paint of `view`'s viewport while its model
// has at least one row, when that paint is in the window's backing store and
// flushed (from the event loop's next turn). Cancelled with the view.
void afterPaintWithRows(QAbstractItemView *view, std::function<void()> done);

// The benchmark hook: with TERN_BENCH_FIRST_PAINT=print (or =exit) in the
// environment, the first paint of `view` with rows is reported on stderr as
//   tern: first-paint unix-us=<microseconds since 1970> rows=<N> vmhwm-kib=<peak RSS> cpu-ms=<CPU time>
// and with =exit the application then quits (status 0). Nothing otherwise.
void reportFirstPaintIfAsked(QAbstractItemView *view);

// This process's peak resident set (VmHWM of /proc/self/status) in KiB, -1 if unknown.
long peakRssKib();
// CPU time (user + system) this process has used, in milliseconds: what a busy
// machine disturbs least.
double cpuMs();

} // namespace tern::ui
