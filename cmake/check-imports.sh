#!/bin/sh
# Fails when a Windows build of ccmwrap imports a function that is not on
# cmake/windows7-imports.txt, the functions checked present in Windows 7
# SP1 (the oldest Windows ccmwrap supports): a program importing one that
# Windows 7 lacks does not even load there.
#   sh cmake/check-imports.sh ARCH EXE...      (ARCH: x86_64 or i686)
set -eu

[ $# -ge 2 ] || { echo "usage: $0 x86_64|i686 EXE..." >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
objdump="$1-w64-mingw32-objdump"
shift
allowed="$here/windows7-imports.txt"

# DLL!Function, the DLL upper-cased, one a line, from objdump's import table.
imports() {
	"$objdump" -p "$1" | awk -F'\t' '
		/DLL Name:/ { split($2, part, ": "); dll = toupper(part[2]); next }
		/^\t[0-9a-f]+\t/ && dll != "" { n = split($3, word, " "); print dll "!" word[n] }'
}

listed=$(mktemp)
found=$(mktemp)
trap 'rm -f "$listed" "$found"' EXIT
sed -e 's/#.*//' -e 's/[[:space:]]*$//' "$allowed" | grep . | sort -u >"$listed"

status=0
for exe in "$@"; do
	imports "$exe" | sort -u >"$found"
	if [ ! -s "$found" ]; then
		echo "$0: $exe: no import table read" >&2
		status=1
		continue
	fi
	unknown=$(grep -vxF -f "$listed" "$found" || true)
	if [ -n "$unknown" ]; then
		echo "$exe imports functions not checked against Windows 7 SP1:" >&2
		echo "$unknown" | sed 's/^/  /' >&2
		echo "Look up each one's minimum supported client in Microsoft's documentation;" >&2
		echo "add it to $allowed when Windows 7 SP1 has it, else avoid it." >&2
		status=1
	else
		echo "$exe: all $(wc -l <"$found") imports are in Windows 7 SP1"
	fi
done
exit $status
