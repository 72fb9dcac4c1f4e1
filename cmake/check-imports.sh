#!/bin/sh
# Lists a Windows build's import table and fails when it imports a
# function that is not on cmake/windows7-imports.txt, the functions checked
# present in Windows 7 SP1 (the oldest Windows ccmwrap supports: a program
# importing one that Windows 7 lacks does not even load there), or imports
# a DLL statically that is not on cmake/windows7-knowndlls.txt (Windows
# would look for it beside the exe first).
#   sh cmake/check-imports.sh ARCH EXE...      (ARCH: x86_64 or i686)
set -eu

[ $# -ge 2 ] || { echo "usage: $0 x86_64|i686 EXE..." >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
objdump="$1-w64-mingw32-objdump"
shift
allowed="$here/windows7-imports.txt"
known="$here/windows7-knowndlls.txt"

# DLL!Function, the DLL upper-cased, one a line, from objdump's import table.
imports() {
	"$objdump" -p "$1" | awk -F'\t' '
		/DLL Name:/ { split($2, part, ": "); dll = toupper(part[2]); next }
		/^\t[0-9a-f]+\t/ && dll != "" { n = split($3, word, " "); print dll "!" word[n] }'
}

listed=$(mktemp)
known_dlls=$(mktemp)
found=$(mktemp)
trap 'rm -f "$listed" "$known_dlls" "$found"' EXIT
entries() { sed -e 's/#.*//' -e 's/[[:space:]]*$//' "$1" | grep . | sort -u; }
entries "$allowed" >"$listed"
entries "$known" >"$known_dlls"

# refuse FOUND HEADLINE ADVICE...: when FOUND (lines) is not empty, says
# so on stderr and fails the run.
refuse() {
	[ -n "$1" ] || return 0
	echo "$2" >&2
	echo "$1" | sed 's/^/  /' >&2
	shift 2
	for line in "$@"; do echo "$line" >&2; done
	status=1
}

status=0
for exe in "$@"; do
	imports "$exe" | sort -u >"$found"
	if [ ! -s "$found" ]; then
		echo "$0: $exe: no import table read" >&2
		status=1
		continue
	fi
	echo "$exe imports from:"
	sed 's/!.*//' "$found" | sort | uniq -c | sed 's/^ */  /'
	outside=$(sed 's/!.*//' "$found" | sort -u | grep -vxF -f "$known_dlls" || true)
	refuse "$outside" "$exe imports DLLs that are not KnownDLLs of Windows 7 SP1:" \
		"Windows looks for those beside the exe first: delay-load them" \
		"(cmake/delayload.cmake) or avoid them."
	unknown=$(grep -vxF -f "$listed" "$found" || true)
	refuse "$unknown" "$exe imports functions not checked against Windows 7 SP1:" \
		"Look up each one's minimum supported client in Microsoft's documentation;" \
		"add it to $allowed when Windows 7 SP1 has it, else avoid it."
	[ -n "$unknown" ] || echo "$exe: all $(wc -l <"$found") imports are in Windows 7 SP1"
done
exit $status
