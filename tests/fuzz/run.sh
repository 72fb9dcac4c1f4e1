#!/bin/sh
# Runs every fuzz target of BUILD_DIR for a bounded time each, starting
# from the samples of its input; a crash, leak or sanitizer report fails
# the run.
set -e
build=${1:?usage: sh tests/fuzz/run.sh BUILD_DIR}
seconds=${FUZZ_SECONDS:-30}
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
found=0

for target in "$build"/tests/fuzz/fuzz_*; do
	[ -x "$target" ] || continue
	found=1
	name=$(basename "$target")
	corpus="$build/tests/fuzz/corpus-$name"
	mkdir -p "$corpus"
	case "$name" in
	fuzz_config) seeds="$source_dir/samples/*.ini" ;;
	fuzz_registry_file) seeds="$source_dir/samples/registry/*.reg" ;;
	fuzz_logparse) seeds="$source_dir/samples/logs/*.log" ;;
	*) seeds="" ;;
	esac
	for seed in $seeds; do cp "$seed" "$corpus"/; done
	echo "== $name for ${seconds}s"
	"$target" -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 "$corpus"
done
if [ "$found" = 0 ]; then
	echo "no fuzz targets in $build/tests/fuzz; build with -DCCMWRAP_FUZZ=ON" >&2
	exit 1
fi
