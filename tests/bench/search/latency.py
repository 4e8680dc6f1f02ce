#!/usr/bin/env python3
"""Runs each query of QUERIES (tern's and notmuch's form, tab-separated) ROUNDS times
with each program, alternating, and prints per-query medians and the overall median
and 95th percentile latency of each, in milliseconds, and the hit counts.
    latency.py QUERIES ROUNDS -- TERN_CMD... -- NOTMUCH_CMD...
The query is appended as the last argument of each command.
    latency.py --inproc QUERIES TERN_OUT NOTMUCH_OUT
reads instead the per-run lines ("round TAB query# TAB ms TAB hits") that
tern-bench-search queries and tern-bench-notmuch-queries print, one open
database each, and reports them the same way."""
import statistics, subprocess, sys, time

def load_queries(qfile):
    queries = []
    for line in open(qfile, encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            t, n = line.rstrip("\n").split("\t")
            queries.append((t, n))
    return queries

def report(rows, times, what):
    print("%-48s %9s %9s %6s %6s" % ("query (tern syntax)", "tern ms", "nm ms", "hits", "nm"))
    for t, a, b, h1, h2 in rows:
        print("%-48s %9.1f %9.1f %6d %6d" % (t[:48], a, b, h1, h2))
    def p95(xs):
        xs = sorted(xs)
        return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]
    tm, nm = statistics.median(times["tern"]), statistics.median(times["notmuch"])
    print("all queries: tern median=%.1f p95=%.1f  notmuch median=%.1f p95=%.1f  (ms, %d runs each, %s)"
          % (tm, p95(times["tern"]), nm, p95(times["notmuch"]), len(times["tern"]), what))
    print("ratio_median=%.3f ratio_p95=%.3f" % (tm / nm, p95(times["tern"]) / p95(times["notmuch"])))

def inproc(qfile, tern_out, nm_out):
    queries = load_queries(qfile)
    runs = {}
    for name, path in (("tern", tern_out), ("notmuch", nm_out)):
        per = [[] for _ in queries]
        hits = [0] * len(queries)
        for line in open(path, encoding="utf-8"):
            r, i, ms, h = line.split("\t")
            per[int(i)].append(float(ms))
            hits[int(i)] = int(h)
        runs[name] = (per, hits)
    times = {n: [x for per in runs[n][0] for x in per] for n in runs}
    rows = [(t, statistics.median(runs["tern"][0][i]), statistics.median(runs["notmuch"][0][i]),
             runs["tern"][1][i], runs["notmuch"][1][i]) for i, (t, _) in enumerate(queries)]
    report(rows, times, "in one process over an open database")

def main():
    args = sys.argv[1:]
    if args and args[0] == "--inproc":
        return inproc(*args[1:4])
    qfile, rounds = args[0], int(args[1])
    rest = args[3:]
    split = rest.index("--")
    tern, notmuch = rest[:split], rest[split + 1:]
    queries = load_queries(qfile)
    times = {"tern": [], "notmuch": []}
    rows = []
    for t, n in queries:
        per = {"tern": [], "notmuch": []}
        hits = {}
        for _ in range(rounds):
            for name, cmd, q in (("tern", tern, t), ("notmuch", notmuch, n)):
                start = time.perf_counter()
                p = subprocess.run(cmd + [q], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                ms = (time.perf_counter() - start) * 1000
                if p.returncode != 0:
                    sys.exit("%s failed on %r: %s" % (name, q, p.stderr.decode(errors="replace")[-300:]))
                per[name].append(ms)
                hits[name] = len(p.stdout.splitlines())
        for name in per:
            times[name] += per[name]
        rows.append((t, statistics.median(per["tern"]), statistics.median(per["notmuch"]), hits["tern"], hits["notmuch"]))
    report(rows, times, "whole processes")

main()
