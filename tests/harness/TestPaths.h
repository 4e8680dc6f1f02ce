#pragma once
// Paths CMake gives the tests (see tests/harness/CMakeLists.txt).
#ifndef TERN_TEST_DATA_DIR
#error "TERN_TEST_DATA_DIR must be defined by the build"
#endif
// TERN_TEST_DATA_DIR   tests/data in the source tree
// TERN_SOURCE_DIR      the source tree
// TERN_BIN_DIR         build/bin (the tern executable)
// TERN_SHARED_DIR      ../shared beside the source tree (corpora; may be absent)
