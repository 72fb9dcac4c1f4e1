#!/bin/sh
# cmake/check-layer.sh refuses what the layer map forbids and passes what it
# allows, on a private tree: an include from a layer not below, a bare
# name, a relative path.
#   sh tests/check-layer-refuses.sh SOURCE_DIR
set -eu
check="${1:?usage: $0 SOURCE_DIR}/cmake/check-layer.sh"
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree/low" "$tree/high"
printf '#include "low/a.h"\n' >"$tree/high/b.c"
printf '/* nothing */\n' >"$tree/low/a.h"

expect() {   # expect STATUS MESSAGE FOLDER ALLOWED...
	want=$1 message=$2
	shift 2
	status=0
	sh "$check" "$tree" "$@" 2>"$tree/err" || status=$?
	[ "$status" = "$want" ] || { echo "check-layer $*: exit $status, not $want" >&2; cat "$tree/err" >&2; exit 1; }
	[ -z "$message" ] || grep -qF "$message" "$tree/err" ||
		{ echo "check-layer $*: no \"$message\" in:" >&2; cat "$tree/err" >&2; exit 1; }
}

expect 0 "" high high low
expect 1 'high/b.c:1: #include "low/a.h": layer high may include only from: high ' high high
printf '#include "high/b.h"\n' >"$tree/low/c.c"
expect 1 'low/c.c:1: #include "high/b.h": layer low may include only from: low ' low low
printf '#include "a.h"\n' >"$tree/low/c.c"
expect 1 'low/c.c:1: #include "a.h": a bare name' low low
printf '#include "../low/a.h"\n' >"$tree/low/c.c"
expect 1 'low/c.c:1: #include "../low/a.h": a relative path' low low '*'
printf '#include "low/a.h"\n#include <stdio.h>\n' >"$tree/low/c.c"
expect 0 "" low '*'
echo "check-layer refuses upward includes, bare names and relative paths"
