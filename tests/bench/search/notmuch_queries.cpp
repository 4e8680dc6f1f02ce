/* tern-bench-notmuch-queries (C++ for the build, C in spirit: libnotmuch's API): the peer of `tern-bench-search queries`, the
 * same queries through libnotmuch in one process over one open database, each
 * run doing what `notmuch search --limit=100` does for its output: the query
 * (newest first), the first 100 threads read (id, counts, authors, subject,
 * date, tags) and formatted as its summary lines.
 *   tern-bench-notmuch-queries CONFIG QUERIES ROUNDS
 * QUERIES: tern's form TAB notmuch's form per line ('#' comments); the second
 * column is asked. Prints "round<TAB>query#<TAB>ms<TAB>threads" per run. */
#include <notmuch.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

#define MAX_QUERIES 64

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s NOTMUCH_CONFIG QUERIES ROUNDS\n", argv[0]);
        return 2;
    }
    FILE *f = fopen(argv[2], "r");
    if (!f) {
        perror(argv[2]);
        return 1;
    }
    char *queries[MAX_QUERIES];
    int n = 0;
    char line[4096];
    while (n < MAX_QUERIES && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        char *tab = strchr(line, '\t');
        if (line[0] == '#' || !tab)
            continue;
        queries[n++] = strdup(tab + 1);
    }
    fclose(f);
    const int rounds = atoi(argv[3]);

    notmuch_database_t *db = nullptr;
    char *msg = nullptr;
    if (notmuch_database_open_with_config(nullptr, NOTMUCH_DATABASE_MODE_READ_ONLY, argv[1], nullptr, &db, &msg)) {
        fprintf(stderr, "cannot open the notmuch database: %s\n", msg ? msg : "?");
        return 1;
    }
    char *out = static_cast<char *>(malloc(1 << 20));
    for (int r = 0; r < rounds; ++r)
        for (int i = 0; i < n; ++i) {
            const double start = now_ms();
            notmuch_query_t *q = nullptr;
            if (notmuch_query_create_with_syntax(db, queries[i], NOTMUCH_QUERY_SYNTAX_XAPIAN, &q)) {
                fprintf(stderr, "bad query: %s\n", queries[i]);
                return 1;
            }
            notmuch_query_set_sort(q, NOTMUCH_SORT_NEWEST_FIRST);
            notmuch_threads_t *threads = nullptr;
            if (notmuch_query_search_threads(q, &threads)) {
                fprintf(stderr, "query failed: %s\n", queries[i]);
                return 1;
            }
            size_t used = 0;
            int shown = 0;
            for (; shown < 100 && notmuch_threads_valid(threads); notmuch_threads_move_to_next(threads), ++shown) {
                notmuch_thread_t *t = notmuch_threads_get(threads);
                const char *authors = notmuch_thread_get_authors(t);
                const char *subject = notmuch_thread_get_subject(t);
                const time_t date = notmuch_thread_get_newest_date(t);
                char when[32];
                strftime(when, sizeof when, "%Y-%m-%d", localtime(&date));
                int w = snprintf(out + used, (1 << 20) - used, "thread:%s %12s [%d/%d] %s; %s (",
                                 notmuch_thread_get_thread_id(t), when, notmuch_thread_get_matched_messages(t),
                                 notmuch_thread_get_total_messages(t), authors ? authors : "", subject ? subject : "");
                if (w > 0 && used + (size_t)w < (1 << 20) - 4096)
                    used += (size_t)w;
                notmuch_tags_t *tags = notmuch_thread_get_tags(t);
                for (; notmuch_tags_valid(tags); notmuch_tags_move_to_next(tags)) {
                    w = snprintf(out + used, (1 << 20) - used, "%s ", notmuch_tags_get(tags));
                    if (w > 0 && used + (size_t)w < (1 << 20) - 4096)
                        used += (size_t)w;
                }
                notmuch_tags_destroy(tags);
                out[used++] = ')';
                out[used++] = '\n';
                notmuch_thread_destroy(t);
            }
            notmuch_query_destroy(q);
            printf("%d\t%d\t%.3f\t%d\n", r, i, now_ms() - start, shown);
        }
    free(out);
    notmuch_database_destroy(db);
    for (int i = 0; i < n; ++i)
        free(queries[i]);
    return 0;
}
