# Thin wrapper around CMake: installs what is missing, then builds and runs.
#   make demo   the KB2000387 story end to end
#   make test   every test: Linux (Debug, AddressSanitizer + UBSan) and Windows
#               (MinGW-w64 cross-build, run under Wine)
#   make bench  benchmarks, printed as ratios against a peer
#   make fuzz   the fuzz targets for a short, bounded run
#   make test-windows  cross-build with MinGW-w64, every test under Wine

DEBIAN_PACKAGES := cmake make gcc pkg-config libuv1-dev libinih-dev libcmocka-dev
FUZZ_PACKAGES := clang libclang-rt-14-dev
JOBS ?= 2
BUILD := build
SANITIZE_BUILD := $(BUILD)/test
RELEASE_BUILD := $(BUILD)/release
FUZZ_BUILD := $(BUILD)/fuzz
WINDOWS_PACKAGES := cmake make dpkg-dev gcc-mingw-w64-x86-64 wine64
WINDOWS_DEPS := $(BUILD)/mingw-deps
WINDOWS_BUILD := $(BUILD)/windows

.PHONY: all deps release demo test test-linux test-windows bench fuzz clean

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

test-windows:
	@sh cmake/install-packages.sh $(WINDOWS_PACKAGES)
	sh cmake/windows-deps.sh $(WINDOWS_DEPS)
	cmake -S . -B $(WINDOWS_BUILD) -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-mingw64.cmake \
		-DCMAKE_BUILD_TYPE=Debug -DCCMWRAP_WINDOWS_DEPS=$(CURDIR)/$(WINDOWS_DEPS)/prefix >/dev/null
	cmake --build $(WINDOWS_BUILD) -j $(JOBS)
	JOBS=$(JOBS) sh tests/windows/run.sh $(WINDOWS_BUILD)

bench: release
	cmake --build $(RELEASE_BUILD) -j $(JOBS) --target bench_signatures
	@sh bench/run.sh $(RELEASE_BUILD)

fuzz: deps
	@sh cmake/install-packages.sh $(FUZZ_PACKAGES)
	CC=clang cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCCMWRAP_FUZZ=ON >/dev/null
	cmake --build $(FUZZ_BUILD) -j $(JOBS)
	@sh tests/fuzz/run.sh $(FUZZ_BUILD)

clean:
	rm -rf $(BUILD)
