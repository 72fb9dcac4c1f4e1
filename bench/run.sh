#!/bin/sh
# make bench: every benchmark of BUILD_DIR, each against a peer measured in
# the same run, printed as ratios (no thresholds: machines differ).
set -eu
build=${1:?usage: bench/run.sh BUILD_DIR}
bench="$build/bench/bench_signatures"
[ -x "$bench" ] || { echo "bench/run.sh: $bench is not built" >&2; exit 2; }

"$bench"

folder=$(mktemp -d)
trap 'rm -rf "$folder"' EXIT
"$bench" --generate "$folder"

now_ns() { date +%s%N; }
start=$(now_ns)
ours=$("$bench" --scan "$folder/log.txt" "$folder/patterns.txt")
middle=$(now_ns)
theirs=$(LC_ALL=C grep -F -i -c -f "$folder/patterns.txt" "$folder/log.txt" || true)
end=$(now_ns)

echo "signature matching from a file, against grep -F -i -f (process start and reading included):"
echo "  matching lines: ccmwrap $ours, grep $theirs$( [ "$ours" = "$theirs" ] || echo '  (DIFFERENT)')"
awk -v ours=$((middle - start)) -v grep=$((end - middle)) \
	'BEGIN { printf "  ccmwrap time / grep time: %.2f\n", ours / grep }'
[ "$ours" = "$theirs" ]
