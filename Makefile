# Thin wrapper: the real build is CMake (CMakePresets.json), the tests CTest.
#   make run    install what is missing, build, start the demo mail system, open Tern on it
#               (make run ARGS="--screenshot shot.png" passes options to tern)
#   make test   install what is missing, build, run every test
#   make bench  benchmarks next to their peers (fetchmail, msmtp, …); reports in build/bench/
#   make fuzz   libFuzzer targets under ASan/UBSan in build-fuzz/ (clang), FUZZ_SECONDS each (default 60)
BUILD_DIR := build
NINJA_FILE := $(BUILD_DIR)/build.ninja

.PHONY: all deps configure build test run bench fuzz demo-stop clean

all: build

deps:
	@packaging/install-deps.sh

$(NINJA_FILE): CMakeLists.txt CMakePresets.json
	cmake --preset default

configure: deps $(NINJA_FILE)

build: configure
	cmake --build $(BUILD_DIR)

# -j2: the machine has two cores; tests that share the demo mail system lock it.
test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j2

# Benchmarks side by side with peer programs (not part of make test).
bench: build
	tests/bench/run-all.sh

# Its own build directory and compiler (clang): tests/fuzz/run.sh.
fuzz: deps
	tests/fuzz/run.sh

run: build
	packaging/demo/run-demo.sh $(ARGS)

demo-stop:
	packaging/demo/run-demo.sh --stop

clean:
	rm -rf $(BUILD_DIR)
