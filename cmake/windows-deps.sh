#!/bin/sh
# Builds the Windows (MinGW-w64) static libraries ccmwrap needs from Debian
# source packages, with Debian's own patches applied, for one architecture
# (x86_64 or i686) into DIR/ARCH/prefix:
#   libuv  bookworm libuv1   -> lib/libuv_a.a
#   cmocka bookworm cmocka   -> lib/libcmocka-static.a
#   inih   trixie libinih    -> lib/libinih.a (bookworm's source is not served)
# Sources come through a private apt configuration (a deb-src line for the
# mirror the system already uses), so the system's apt setup is untouched and
# nothing third-party enters the repository; they are fetched once into
# DIR/src for both architectures. The result is cached: a second run with the
# same script and toolchain files does nothing.
#
# usage: sh cmake/windows-deps.sh DIR ARCH   (needs dpkg-dev, cmake, mingw-w64)
set -eu

[ $# -eq 2 ] || { echo "usage: $0 DEPS_DIR x86_64|i686" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
arch=$2
case "$arch" in
x86_64 | i686) ;;
*) echo "$0: no MinGW-w64 target '$arch'; expected x86_64 or i686" >&2; exit 2 ;;
esac
mkdir -p "$1/$arch"
deps=$(cd "$1" && pwd)
work="$deps/$arch"
prefix="$work/prefix"
toolchain="$here/toolchain-mingw-$arch.cmake"
triplet="$arch-w64-mingw32"
jobs=${JOBS:-2}

fingerprint=$(cat "$0" "$toolchain" "$here/toolchain-mingw.cmake" | sha256sum | cut -d' ' -f1)
if [ -f "$prefix/.built" ] && [ "$(cat "$prefix/.built")" = "$fingerprint" ]; then
	exit 0
fi

# The mirror is whatever the machine's Debian sources name, read now rather
# than written into the repository.
system_sources=/etc/apt/sources.list.d/debian.sources
mirror=$(awk '$1 == "URIs:" { print $2; exit }' "$system_sources" 2>/dev/null || true)
if [ -z "$mirror" ]; then
	mirror=$(awk '$1 == "deb" && $2 !~ /^\[/ { print $2; exit }' /etc/apt/sources.list 2>/dev/null || true)
fi
[ -n "$mirror" ] || { echo "$0: no Debian mirror found in $system_sources or /etc/apt/sources.list" >&2; exit 1; }

# Fetches the source packages named after the suite into $deps/src, once.
fetch_sources() {
	suite=$1
	shift
	[ -f "$deps/src/.fetched-$suite" ] && return 0
	config="$deps/apt/$suite"
	mkdir -p "$config/lists/partial" "$deps/src"
	cat >"$config/src.sources" <<EOF
Types: deb-src
URIs: $mirror
Suites: $suite
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
	private="-qq -o Dir::Etc::sourcelist=/dev/null -o Dir::Etc::sourceparts=$config"
	private="$private -o Dir::State::Lists=$config/lists -o APT::Sandbox::User=root"
	apt-get $private update
	(cd "$deps/src" && apt-get $private source --download-only "$@")
	touch "$deps/src/.fetched-$suite"
}

# Third-party compiler warnings go to a log, shown only when a step fails.
log="$work/build.log"
logged() {
	"$@" >>"$log" 2>&1 || { tail -n 40 "$log" >&2; echo "$0: failed: $*" >&2; exit 1; }
}

# Unpacks a downloaded source package into $work/NAME with Debian's
# patches applied.
unpack() {
	rm -rf "$work/$1"
	logged dpkg-source --no-check -x "$(ls "$deps/src/$1"_*.dsc | head -n 1)" "$work/$1"
}

cmake_build() {
	source=$1
	shift
	rm -rf "$source/build-mingw"
	logged cmake -S "$source" -B "$source/build-mingw" -DCMAKE_TOOLCHAIN_FILE="$toolchain" \
		-DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix" "$@"
	logged cmake --build "$source/build-mingw" -j "$jobs"
	logged cmake --install "$source/build-mingw"
}

fetch_sources bookworm libuv1 cmocka
fetch_sources trixie libinih
rm -rf "$prefix" "$log"
mkdir -p "$prefix/lib" "$prefix/include"

unpack libuv1
cmake_build "$work/libuv1" -DLIBUV_BUILD_TESTS=OFF -DLIBUV_BUILD_BENCH=OFF
unpack cmocka
cmake_build "$work/cmocka" -DBUILD_SHARED_LIBS=OFF -DWITH_STATIC_LIB=ON \
	-DWITH_EXAMPLES=OFF -DUNIT_TESTING=OFF

# Debian builds libinih with meson's distro_install=true: the header's
# defaults (INI_MAX_LINE 200, inline ';' comments, BOM allowed, stack line
# buffer), its runtime-options patch, and INI_HANDLER_LINENO=1 for the
# library alone (inih.pc does not pass it on). The same here, so that an INI
# parses on Windows exactly as on Linux.
unpack libinih
inih="$work/libinih"
logged "$triplet-gcc" -std=c99 -O2 -Wall -DINI_HANDLER_LINENO=1 -c "$inih/ini.c" -o "$inih/ini.o"
logged "$triplet-ar" rcs "$prefix/lib/libinih.a" "$inih/ini.o"
cp "$inih/ini.h" "$prefix/include/ini.h"

echo "$fingerprint" >"$prefix/.built"
echo "Windows dependencies for $arch built in $prefix"
