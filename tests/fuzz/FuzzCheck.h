#pragma once
// What a fuzz target asserts besides "no crash": a property that must hold for
// every input. A violation aborts, which libFuzzer reports as a crash with its
// reproducer (and the seed replay test as a failure).
#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond)                                                                   \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            std::fprintf(stderr, "FUZZ_CHECK failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
            std::abort();                                                                  \
        }                                                                                  \
    } while (0)
