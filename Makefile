# Thin wrapper around CMake: installs what is missing, then builds and runs.
#   make demo   the KB2000387 story end to end
#   make test   every test: Linux (Debug, AddressSanitizer + UBSan) and Windows
#               (MinGW-w64 cross-build, run under Wine)
#   make bench  benchmarks against peers measured in the same run, one table
#               (bench/RESULTS.md); make test runs them once on tiny inputs
#   make fuzz   the fuzz targets for a short, bounded run
#   make test-windows  cross-build with MinGW-w64 for x86_64 and i686, every
#               test of each under Wine (wine64; wine32 where this machine
#               runs 32-bit x86 programs), the imports checked against
#               Windows 7 SP1

DEBIAN_PACKAGES := cmake make gcc pkg-config libuv1-dev libinih-dev libcmocka-dev
FUZZ_PACKAGES := clang libclang-rt-14-dev
JOBS ?= 2
BUILD := build
SANITIZE_BUILD := $(BUILD)/test
RELEASE_BUILD := $(BUILD)/release
FUZZ_BUILD := $(BUILD)/fuzz
WINDOWS_PACKAGES := cmake make dpkg-dev binutils-mingw-w64-x86-64 binutils-mingw-w64-i686 \
	gcc-mingw-w64-x86-64 gcc-mingw-w64-i686 wine64
WINDOWS_ARCHES := x86_64 i686
WINDOWS_DEPS := $(BUILD)/mingw-deps
WINDOWS_BUILD := $(BUILD)/windows

.PHONY: all deps release demo test test-linux test-windows test-windows-x86_64 test-windows-i686 \
	windows-packages bench fuzz clean

all: release

deps:
	@sh cmake/install-packages.sh $(DEBIAN_PACKAGES)

# The release folder is configured with the tests so that the fake ccmsetup
# (a test target) is there for the demo; a target builds what it needs only.
release: deps
	cmake -S . -B $(RELEASE_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(RELEASE_BUILD) -j $(JOBS) --target ccmwrap fake_ccmsetup

demo: release
	@sh samples/demo.sh $(RELEASE_BUILD)

test: test-linux test-windows

test-linux: deps
	cmake -S . -B $(SANITIZE_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCCMWRAP_SANITIZE=ON >/dev/null
	cmake --build $(SANITIZE_BUILD) -j $(JOBS)
	cd $(SANITIZE_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		ctest --output-on-failure -j $(JOBS)

windows-packages:
	@sh cmake/install-packages.sh $(WINDOWS_PACKAGES)

# Each architecture: dependencies, build, every test (the exes' imports
# too). PE32 programs run under wine32, itself a 32-bit x86 Linux program:
# where this machine cannot run one, the i686 build is checked without it.
test-windows: test-windows-x86_64 test-windows-i686

windows-build-%: windows-packages
	sh cmake/windows-deps.sh $(WINDOWS_DEPS) $*
	cmake -S . -B $(WINDOWS_BUILD)-$* -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-mingw-$*.cmake \
		-DCMAKE_BUILD_TYPE=Debug -DCCMWRAP_WINDOWS_DEPS=$(CURDIR)/$(WINDOWS_DEPS)/$*/prefix >/dev/null
	cmake --build $(WINDOWS_BUILD)-$* -j $(JOBS)

test-windows-x86_64: windows-build-x86_64
	JOBS=$(JOBS) sh tests/windows/run.sh $(WINDOWS_BUILD)-x86_64

test-windows-i686: windows-build-i686
	@if sh cmake/can-run-i386.sh; then \
		sh cmake/install-packages.sh wine32:i386 && \
		cmake -S . -B $(WINDOWS_BUILD)-i686 >/dev/null && \
		JOBS=$(JOBS) sh tests/windows/run.sh $(WINDOWS_BUILD)-i686; \
	else \
		echo "NOT RUN: the i686 tests under wine32. This machine cannot run 32-bit x86"; \
		echo "programs (an i386 exit(0) fails: Exec format error), and wine32 is one."; \
		echo "The PE32 build is compiled with -Werror and its imports checked:"; \
		cd $(WINDOWS_BUILD)-i686 && ctest --output-on-failure -R windows7_imports; \
	fi

# The release build (what ships), every row of bench/RESULTS.md; the inputs
# are cached in $(RELEASE_BUILD)/bench.
bench: release
	cmake --build $(RELEASE_BUILD) -j $(JOBS) --target bench_generate bench_measure bench_follow
	@sh bench/run.sh $(RELEASE_BUILD)

fuzz: deps
	@sh cmake/install-packages.sh $(FUZZ_PACKAGES)
	CC=clang cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCCMWRAP_FUZZ=ON >/dev/null
	cmake --build $(FUZZ_BUILD) -j $(JOBS)
	@sh tests/fuzz/run.sh $(FUZZ_BUILD)

clean:
	rm -rf $(BUILD)
