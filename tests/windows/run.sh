#!/bin/sh
# Runs every test of a cross-compiled build under Wine, headless:
#   sh tests/windows/run.sh BUILD_DIR [CTEST_ARGUMENTS...]
# The Wine prefix (64-bit, so that a PE32 build runs under WOW64 as on x64
# Windows) lives in BUILD_DIR/wineprefix. The build's own loader (wine64 for
# x86_64, wine for i686; CCMWRAP_WINE in its CMake cache) runs its programs.
# One persistent wineserver serves the whole run, because Wine keeps
# registry security descriptors only as long as its server lives. JOBS
# (default 2) tests run at once.
set -eu

[ $# -ge 1 ] || { echo "usage: $0 BUILD_DIR [CTEST_ARGUMENTS...]" >&2; exit 2; }
build=$(cd "$1" && pwd)
shift
wine=${WINE:-$(command -v wine64 || echo /usr/lib/wine/wine64)}
wineserver=$(dirname "$wine")/wineserver
[ -x "$wine" ] && [ -x "$wineserver" ] || {
	echo "$0: no Wine at $wine (install wine64)" >&2
	exit 1
}

export WINEPREFIX="$build/wineprefix" WINEDEBUG=-all WINEARCH=win64
# Headless: no display, and no Mono or Gecko installer dialogs.
export WINEDLLOVERRIDES="mscoree,mshtml=" DISPLAY=
unset WAYLAND_DISPLAY 2>/dev/null || true

loader=$(sed -n 's/^CCMWRAP_WINE:FILEPATH=//p' "$build/CMakeCache.txt")
[ -x "$loader" ] || {
	echo "$0: $build was configured without its Wine loader (install wine64 and wine32:i386)" >&2
	exit 1
}

mkdir -p "$WINEPREFIX"
"$wineserver" -k >/dev/null 2>&1 || true
"$wineserver" -p
trap '"$wineserver" -k >/dev/null 2>&1 || true' EXIT INT TERM
# Wine's background services inherit the stdio of the command that starts
# them: keep it away from anything a caller might be capturing. Plain
# wineboot, not --init: Wine 8 boots the prefix for the first process of a
# new server and --init then boots it again, leaving two services.exe; a
# service created through one is started by it, but its process reaches
# the other, which does not know it (OpenService error 1060, start 1053).
"$wine" wineboot >"$build/wineboot.log" 2>&1 </dev/null
# Windows without a display: Wine's null graphics driver gives programs
# their (hidden) windows, which ccmwrap asks ccmsetup to close through.
# The desktop started by the first boot has no driver: boot again.
"$wine" reg add 'HKCU\Software\Wine\Drivers' /v Graphics /d null /f >>"$build/wineboot.log" 2>&1 </dev/null
"$wineserver" -k >/dev/null 2>&1 || true
"$wineserver" -p
"$wine" wineboot >>"$build/wineboot.log" 2>&1 </dev/null
# The double plays Windows Installer's service too (fake_msiserver.h).
"$loader" "$build/tests/fake_ccmsetup.exe" /fake-install-msiserver >>"$build/wineboot.log" 2>&1 </dev/null

cd "$build"
ctest --output-on-failure -j "${JOBS:-2}" "$@"
