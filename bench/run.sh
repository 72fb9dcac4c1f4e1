#!/bin/sh
# make bench: every row of issue 14's table, ccmwrap against a peer measured
# in the same run: medians of BENCH_RUNS (5) runs after one unmeasured run
# that warms the page cache, the sides alternated, wall time and peak RSS
# from bench_measure, printed as one Markdown table (bench/RESULTS.md).
# A side whose warm-up run takes more than BENCH_SLOW_SECONDS (10) twice
# keeps the second ("1 run" in the table): a quadratic corner would
# otherwise hold the table for an hour. Inputs come from bench_generate (fixed seeds) and
# are kept in BUILD_DIR/bench/inputs-CHECKSUM, regenerated when the
# generator changes. BENCH_ROWS picks groups of rows (default: all of scan
# registry fix_scaling rss flood deleted removed again reset nested denies
# sids inherit follow report_run).
#
#   bench/run.sh BUILD_DIR          the full table (minutes)
#   bench/run.sh --smoke BUILD_DIR  tiny inputs, one run each (seconds): fails
#                                   when a row did not run or counts differ
#                                   (ctest bench_smoke); never on a time
set -eu
# ccmwrap refuses state in a folder its group may change (a umask of 002
# makes every folder so): the folders made here are the owner's alone.
umask 022
smoke=false
if [ "${1:-}" = --smoke ]; then
	smoke=true
	shift
fi
build=$(cd "${1:?usage: bench/run.sh [--smoke] BUILD_DIR}" && pwd)
source_dir=$(cd "$(dirname "$0")/.." && pwd)
bin="$build/bench"
ccmwrap="$build/wrapper/ccmwrap"
fake="$build/tests/fake_ccmsetup"
for program in "$bin/bench_generate" "$bin/bench_measure" "$bin/bench_follow" "$ccmwrap" "$fake"; do
	[ -x "$program" ] || { echo "bench/run.sh: $program is not built" >&2; exit 2; }
done

work=$(mktemp -d)
[ -z "${BENCH_KEEP:-}" ] || echo "bench/run.sh: keeping $work" >&2
trap '[ -n "${BENCH_KEEP:-}" ] || rm -rf "$work"' EXIT INT TERM
if $smoke; then
	runs=1
	log_size=1048576 small_log_size=131072 services=1000 hit_every=100
	changed="50 100" sized="65536 131072" flood="500 1000"
	deleted="500 1000" removed="500 1000" again="500 1000" reset="500 1000"
	denies="500 1000" sids="500 1000" nested="50 100"
	sddl_size=16000 inherit="5 10" results=200 samples=10 idle_ms=200
	inputs="$work/inputs"
else
	runs=${BENCH_RUNS:-5}
	log_size=268435456 small_log_size=33554432 services=500000 hit_every=1000
	changed="2000 4000 8000 16000 32000" sized="1048576 2097152 4194304" flood="30000 60000"
	deleted="40000 80000" removed="40000 80000" again="40000 80000" reset="40000 80000"
	denies="16000 32000" sids="16000 32000" nested="125 250 500"
	sddl_size=1000000 inherit="100 200" results=100000 samples=200 idle_ms=10000
	inputs="$build/bench/inputs-$(cksum < "$bin/bench_generate" | cut -d' ' -f1)"
fi
slow_ms=$((${BENCH_SLOW_SECONDS:-10} * 1000))
problems=0

# ---- inputs ----

# input PATH WHAT ARG...: bench_generate WHAT PATH ARG... unless PATH exists.
input() {
	path=$1 what=$2
	shift 2
	[ -e "$path" ] && return 0
	mkdir -p "$(dirname "$path")"
	if [ "$what" = results ]; then
		mkdir -p "$path.partial"
		"$bin/bench_generate" results "$path.partial" "$@"
	else
		"$bin/bench_generate" "$what" "$path.partial" "$@"
	fi
	mv "$path.partial" "$path"
}

prepare_inputs() {
	if ! $smoke; then
		for old in "$build"/bench/inputs-*; do
			[ "$old" = "$inputs" ] || rm -rf "$old"
		done
	fi
	mkdir -p "$inputs"
	"$bin/bench_generate" texts > "$work/texts"
	input "$inputs/log-$log_size/ccmsetup.log" log "$log_size" "$work/texts"
	input "$inputs/log-$small_log_size/ccmsetup.log" log "$small_log_size" "$work/texts"
	input "$inputs/export-$services.reg" export "$services" "$hit_every"
	# The inputs of one number each, WHAT-N.reg for each N of $WHAT.
	for what in changed sized deleted removed again reset denies sids nested; do
		for n in $(eval echo "\$$what"); do input "$inputs/$what-$n.reg" "$what" "$n"; done
	done
	for n in $flood; do
		input "$inputs/flood-$n-crafted.reg" flood "$n" crafted
		input "$inputs/flood-$n-random.reg" flood "$n" random
	done
	for n in $inherit; do input "$inputs/inherit-$sddl_size-$n.reg" inherit "$sddl_size" "$n"; done
	input "$inputs/results-$results" results "$results"
}

write_inis() {
	printf '[ccmsetup]\npath = C:\\ccmsetup\\ccmsetup.exe\n[acl]\nsearch = kbstuff\njournal = %s\n' \
		"$work/acl.journal" > "$work/check.ini"
	mkdir -p "$work/run/logs"
	cp "$source_dir/samples/registry/healthy.reg" "$work/run/registry.reg"
	cp "$source_dir/samples/registry/healthy.reg" "$work/base.reg"
	cat > "$work/run.ini" <<-INI
	[ccmsetup]
	path = $fake
	arg = /fake-registry:$work/run/registry.reg
	arg = /fake-logdir:$work/run/logs
	timeout = 20s
	[logs]
	ccmsetup = $work/run/logs/ccmsetup.log
	msi = $work/run/logs/client.msi.log
	own = $work/run/own.log
	[acl]
	preflight = off
	journal = $work/run/acl.journal
	[retry]
	max_attempts = 1
	[report]
	result = $work/run/result.json
	mif_dir = $work/run
	INI
	chmod 600 "$work/check.ini" "$work/run.ini"
}

# ---- measuring ----

# measure SIDE PROGRAM ARG...: one run; "MS KIB" appended to SIDE.samples,
# its output in SIDE.out.
measure() {
	side=$1
	shift
	set -- $("$bin/bench_measure" "$work/$side.out" "$work/$side.err" "$@")
	if [ "$3" -ge 2 ]; then
		echo "bench/run.sh: $side exited with $3: $(head -c 400 "$work/$side.err")" >&2
		echo "$side" >> "$work/failed"
	fi
	echo "$1 $2" >> "$work/$side.samples"
}

# slow_sample SIDE: whether the side's one sample took more than slow_ms.
slow_sample() {
	[ "$(cut -d' ' -f1 < "$work/$1.samples" | cut -d. -f1)" -gt "$slow_ms" ]
}

# compare SIDE...: each side is a function that calls measure once. One
# warm-up run each (a second one when the first was slow: the rows before
# may have pushed its input out of the cache), then the sides in turn,
# runs times.
compare() {
	for side in "$@"; do
		rm -f "$work/$side.samples" "$work/$side.slow"
		"$side"
		if slow_sample "$side"; then
			rm -f "$work/$side.samples"
			"$side"
		fi
		if slow_sample "$side"; then
			: > "$work/$side.slow"
		else
			rm -f "$work/$side.samples"
		fi
	done
	round=0
	while [ "$round" -lt "$runs" ]; do
		for side in "$@"; do
			[ -e "$work/$side.slow" ] || "$side"
		done
		round=$((round + 1))
	done
}

# median SIDE COLUMN: of the side's samples (1: ms, 2: KiB).
median() {
	cut -d' ' -f"$2" < "$work/$1.samples" | sort -n |
		awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

runs_of() {
	if [ -e "$work/$1.slow" ] || [ "$runs" = 1 ]; then echo "1 run"; else echo "$runs runs"; fi
}

# 2000 -> 2k; 500 -> 500.
thousands() {
	if [ $(($1 % 1000)) = 0 ]; then echo "$(($1 / 1000))k"; else echo "$1"; fi
}

# ---- the table ----

seconds() { awk -v ms="$1" 'BEGIN { if (ms >= 1000) printf "%.2f s", ms / 1000; else printf "%.1f ms", ms }'; }
mib() { awk -v kib="$1" 'BEGIN { printf "%.1f MiB", kib / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }'; }
file_kib() { echo $(( $(wc -c < "$1") / 1024 )); }

# A Markdown row; a | within a cell is written \|.
row() { printf '| %s | %s | %s | %s | %s | %s |\n' "$@"; }

# agree WHAT OURS THEIRS: the note of a row whose two sides count.
agree() {
	if [ "$2" = "$3" ]; then
		echo "$1 $2 = $3"
	else
		echo "$2 $3" >> "$work/different"
		echo "DIFFERENT: $1 $2 vs $3"
	fi
}

# ---- rows ----

log="$inputs/log-$log_size/ccmsetup.log"
scan_ours() { measure scan_ours "$ccmwrap" scan-log "$log"; }
scan_grep_i() { measure scan_grep_i env LC_ALL=C grep -c -i -F -f "$work/texts" "$log"; }
scan_grep() { measure scan_grep grep -c -F -f "$work/texts" "$log"; }
small_log="$inputs/log-$small_log_size/ccmsetup.log"
scan_small() { measure scan_small "$ccmwrap" scan-log "$small_log"; }
scan_events() { grep -c -v -e '^ ' -e ': verdict ' "$work/$1.out" || true; }

scan_rows() {
	compare scan_ours scan_grep_i scan_grep scan_small
	ours=$(median scan_ours 1) size=$(mib "$(file_kib "$log")")
	row "scan-log, $size CMTrace log, built-in signatures" "$(seconds "$ours")" \
		"\`LC_ALL=C grep -c -i -F -f\`: $(seconds "$(median scan_grep_i 1)")" \
		"$(ratio "$ours" "$(median scan_grep_i 1)")" "<= 1.5x" \
		"$(runs_of scan_ours); $(agree "lines" "$(scan_events scan_ours)" "$(cat "$work/scan_grep_i.out")")"
	row "same" "$(seconds "$ours")" "\`grep -c -F -f\`: $(seconds "$(median scan_grep 1)")" \
		"$(ratio "$ours" "$(median scan_grep 1)")" "-" \
		"$(agree "lines" "$(scan_events scan_ours)" "$(cat "$work/scan_grep.out")")"
	row "scan-log peak RSS, $size vs $(mib "$(file_kib "$small_log")")" \
		"$(mib "$(median scan_ours 2)")" "$(mib "$(median scan_small 2)")" \
		"$(ratio "$(median scan_ours 2)" "$(median scan_small 2)")" "flat (keep 2.0 vs 1.9 MiB)" \
		"$(runs_of scan_small)"
}

export_file="$inputs/export-$services.reg"
check_ours() { measure check_ours "$ccmwrap" check -c "$work/check.ini" --registry "$export_file"; }
check_grep() { measure check_grep env LC_ALL=C grep -c -i kbstuff "$export_file"; }
check_floor() { measure check_floor "$bin/bench_parse" "$export_file"; }
# check_side SIDE FILE: defines the side SIDE, `ccmwrap check` on FILE.
check_side() {
	eval "$1() { measure $1 \"\$ccmwrap\" check -c \"\$work/check.ini\" --registry \"$2\"; }"
}
# fix_side SIDE FILE: defines the side SIDE, `ccmwrap fix` on a fresh copy
# of FILE with no journal.
fix_side() {
	eval "$1() { cp \"$2\" \"\$work/fix.reg\"; rm -f \"\$work/acl.journal\";
		measure $1 \"\$ccmwrap\" fix -c \"\$work/check.ini\" --registry \"\$work/fix.reg\"; }"
}
fix_side fix_ours "$export_file"
kbstuff_keys() { grep -c -i kbstuff "$work/$1.out" || true; }
# summary_count SIDE WORDS: the number before WORDS on a summary line.
summary_count() { sed -n "s/^/ /; s/.*[^0-9]\([0-9][0-9]*\) $2.*/\1/p" "$work/$1.out" | tail -1; }

registry_rows() {
	compare check_ours check_grep check_floor fix_ours
	key_lines=$(grep -c '^\[' "$export_file")
	ours=$(median check_ours 1) grep_ms=$(median check_grep 1)
	row "check --registry, $(thousands "$key_lines")-key export ($(mib "$(file_kib "$export_file")"), UTF-8), search = kbstuff" \
		"$(seconds "$ours")" "\`LC_ALL=C grep -c -i kbstuff\`: $(seconds "$grep_ms")" \
		"$(ratio "$ours" "$grep_ms")" "<= 10x" \
		"$(runs_of check_ours); $(agree "keys" "$(kbstuff_keys check_ours)" "$(cat "$work/check_grep.out")")"
	row "its floor: every line read and parsed, no key built (\`bench_parse\`)" \
		"$(seconds "$(median check_floor 1)")" "\`LC_ALL=C grep -c -i kbstuff\`: $(seconds "$grep_ms")" \
		"$(ratio "$(median check_floor 1)" "$grep_ms")" "-" \
		"$(runs_of check_floor); $(agree "key lines" "$(cat "$work/check_floor.out")" "$key_lines")"
	row "check --registry peak RSS" "$(mib "$(median check_ours 2)")" \
		"file: $(mib "$(file_kib "$export_file")")" \
		"$(ratio "$(median check_ours 2)" "$(file_kib "$export_file")")" "<= 2x" "-"
	row "fix, same file" "$(seconds "$(median fix_ours 1)")" "check: $(seconds "$ours")" \
		"$(ratio "$(median fix_ours 1)" "$ours")" "<= 2x" \
		"$(runs_of fix_ours); $(agree "fixed/noncompliant" "$(summary_count fix_ours fixed)" \
			"$(summary_count check_ours noncompliant)")"
}


# doubling_row SIDE LABEL GOAL NOTE: a row whose peer is the row before it,
# on half the input ($previous ms, named $previous_label).
doubling_row() {
	ours=$(median "$1" 1)
	row "$2" "$(seconds "$ours")" "${previous:+$previous_label: $(seconds "$previous")}" \
		"${previous:+$(ratio "$ours" "$previous")}" "$3" "$(runs_of "$1"); $4"
	previous=$ours
}

fix_scaling_rows() {
	previous=""
	for n in $changed; do
		fix_side "fix_$n" "$inputs/changed-$n.reg"
		compare "fix_$n"
		doubling_row "fix_$n" "fix, $(thousands "$n") changed keys" "~2x a doubling; 32k keys <= 2 s" \
			"$(agree "fixed" "$(summary_count "fix_$n" fixed)" "$n")"
		previous_label="$(thousands "$n") keys"
	done
}

# The peak of a check of the 13 KiB sample is what ccmwrap costs before a
# file's size counts (its code, libc, libuv): the note gives each file's
# peak without it too.
rss_rows() {
	check_side sized_base "$work/base.reg"
	for n in $sized; do
		check_side "sized_$n" "$inputs/sized-$n.reg"
		compare "sized_$n" sized_base
		peak=$(median "sized_$n" 2) base=$(median sized_base 2) file=$(file_kib "$inputs/sized-$n.reg")
		row "check, $((n / 1024)) KiB .reg: peak RSS" "$(mib "$peak")" "file: $(mib "$file")" \
			"$(ratio "$peak" "$file")" "<= 2x" \
			"$(runs_of "sized_$n"); without the $(mib "$base") of a 13 KiB file's check: $(ratio $((peak - base)) "$file")"
	done
}

flood_rows() {
	for n in $flood; do
		check_side "flood_${n}_crafted" "$inputs/flood-$n-crafted.reg"
		check_side "flood_${n}_random" "$inputs/flood-$n-random.reg"
		compare "flood_${n}_crafted" "flood_${n}_random"
		row "key index, $(thousands "$n") keys hashed to one slot (check)" \
			"$(seconds "$(median "flood_${n}_crafted" 1)")" \
			"random names: $(seconds "$(median "flood_${n}_random" 1)")" \
			"$(ratio "$(median "flood_${n}_crafted" 1)" "$(median "flood_${n}_random" 1)")" \
			"~1x (seeded hash)" "$(runs_of "flood_${n}_crafted"); $(agree "target keys" \
				"$(summary_count "flood_${n}_crafted" "target keys")" \
				"$(summary_count "flood_${n}_random" "target keys")")"
	done
}

# check_doubling_rows NAME LABEL NOUN: doubling rows of check on the
# NAME-N.reg inputs; LABEL, a printf format, says what N counts, with %s
# where N goes (and %% for a percent sign).
check_doubling_rows() {
	previous=""
	for n in $(eval echo "\$$1"); do
		file="$inputs/$1-$n.reg"
		check_side "$1_$n" "$file"
		compare "$1_$n"
		doubling_row "$1_$n" "$(printf "$2" "$(thousands "$n")")" "~2x a doubling" \
			"$(agree "keys" "$(kbstuff_keys "$1_$n")" "$(grep -c -i kbstuff "$file")")"
		previous_label="$(thousands "$n") $3"
	done
}

deleted_rows() {
	check_doubling_rows deleted "check, %s subkeys of one key deleted one by one, last first" subkeys
}
removed_rows() {
	check_doubling_rows removed "check, %s values of one key removed one by one, first first" values
}
again_rows() { check_doubling_rows again "check, %s times a key named and deleted again" times; }
reset_rows() {
	check_doubling_rows reset "check, %s times a value of a 20-value key removed and set again" times
}
# As many keys in each (the counts say how many), each path, printed whole,
# twice as long: the input and the output double.
nested_rows() { check_doubling_rows nested "check, keys in chains %s levels deep" levels; }

# descriptor_rows NAME WHAT NOUN FIXED: doubling rows of fix on a copy of
# each NAME-N.reg, whose one descriptor holds N NOUN as WHAT says; FIXED
# keys are fixed.
descriptor_rows() {
	previous=""
	for n in $(eval echo "\$$1"); do
		fix_side "$1_$n" "$inputs/$1-$n.reg"
		compare "$1_$n"
		doubling_row "$1_$n" "fix, $2 $(thousands "$n") $3" "~2x a doubling" \
			"$(agree "fixed" "$(summary_count "$1_$n" fixed)" "$4")"
		previous_label="$(thousands "$n") $3"
	done
}

denies_rows() { descriptor_rows denies "a descriptor of" "deny and allow ACE pairs" 1; }
# The subkey would give its SIDs more re-derived: it gets SYSTEM's ACE too.
sids_rows() { descriptor_rows sids "a subkey's descriptor naming" "SIDs" 2; }

inherit_rows() {
	previous=""
	for n in $inherit; do
		file="$inputs/inherit-$sddl_size-$n.reg"
		check_side "inherit_$n" "$file"
		compare "inherit_$n"
		doubling_row "inherit_$n" "check, $((sddl_size / 1000)) kB descriptor inherited by $n subkeys" \
			"~2x a doubling" "$(agree "keys" "$(kbstuff_keys "inherit_$n")" "$(grep -c -i kbstuff "$file")")"
		previous_label="$n subkeys"
	done
}

follow_log="$work/follow/ccmsetup.log"
follow_rows() {
	mkdir -p "$work/follow"
	text=$(sed -n 1p "$work/texts")
	rm -f "$work/latency_ours" "$work/latency_peer"
	round=0
	while [ "$round" -lt 5 ]; do
		: > "$follow_log"
		"$bin/bench_follow" latency "$follow_log" "$text" $((samples / 5)) \
			"$ccmwrap" scan-log "$follow_log" --follow >> "$work/latency_ours"
		: > "$follow_log"
		"$bin/bench_follow" latency "$follow_log" "$text" $((samples / 5)) \
			sh -c 'tail -n 0 -F "$1" 2>/dev/null | grep --line-buffered -i -F -f "$2"' sh \
			"$follow_log" "$work/texts" >> "$work/latency_peer"
		round=$((round + 1))
	done
	p99() { sort -n "$1" | awk '{ v[NR] = $1 } END { i = int(NR * 0.99); if (i < NR * 0.99) i++; printf "%.3f", v[i] / 1000 }'; }
	row "follow a log: write -> event, p99" "$(p99 "$work/latency_ours") ms" \
		"\`tail -F \\| grep --line-buffered\`: $(p99 "$work/latency_peer") ms" \
		"$(ratio "$(p99 "$work/latency_ours")" "$(p99 "$work/latency_peer")")" "keep (0.33 vs 1.8 ms)" \
		"$(agree "events" "$(wc -l < "$work/latency_ours")" "$(wc -l < "$work/latency_peer")")"
	: > "$follow_log"
	idle_ours=$("$bin/bench_follow" idle "$follow_log" "$text" "$idle_ms" "$ccmwrap" scan-log "$follow_log" --follow)
	: > "$follow_log"
	idle_peer=$("$bin/bench_follow" idle "$follow_log" "$text" "$idle_ms" tail -n 0 -F "$follow_log")
	row "CPU while following a quiet log, $((idle_ms / 1000)).$((idle_ms % 1000 / 100)) s" "$idle_ours ms" \
		"\`tail -F\`: $idle_peer ms" "-" "keep (0 ms)" "one run each"
}

results_dir="$inputs/results-$results"
report_ours() { measure report_ours "$ccmwrap" report "$results_dir"; }
report_peer() {
	measure report_peer sh -c 'find "$1" -type f -print0 | xargs -0 cat | wc -l' sh "$results_dir"
}
run_ours() {
	rm -rf "$work/run/logs" && mkdir "$work/run/logs"
	measure run_ours "$ccmwrap" run -c "$work/run.ini" --registry "$work/run/registry.reg" -q
}
run_fake() {
	rm -rf "$work/run/logs" && mkdir "$work/run/logs"
	measure run_fake "$fake" "/fake-registry:$work/run/registry.reg" "/fake-logdir:$work/run/logs"
}

report_run_rows() {
	compare report_ours report_peer
	read_files=$(sed -n 's/^[Rr]esult files: \([0-9]*\) read.*/\1/p' "$work/report_ours.out")
	row "report over $results result files" "$(seconds "$(median report_ours 1)")" \
		"\`find \\| xargs cat \\| wc -l\`: $(seconds "$(median report_peer 1)")" \
		"$(ratio "$(median report_ours 1)" "$(median report_peer 1)")" "keep (1.8 s)" \
		"$(runs_of report_ours); $(agree "files" "$read_files" "$(tr -d ' ' < "$work/report_peer.out")")"
	row "report peak RSS" "$(mib "$(median report_ours 2)")" "$(mib "$(median report_peer 2)")" \
		"$(ratio "$(median report_ours 2)" "$(median report_peer 2)")" "keep (11 MiB)" "-"
	compare run_ours run_fake
	ours=$(median run_ours 1) fake_alone=$(median run_fake 1)
	row "run with a ccmsetup that exits at once" "$(seconds "$ours")" \
		"the fake alone: $(seconds "$fake_alone")" \
		"$(awk -v a="$ours" -v b="$fake_alone" 'BEGIN { printf "+%.1f ms", a - b }')" "<= 10 ms added" \
		"$(runs_of run_ours); $(agree "run's exit code" \
			"$(sed -n 's/.*"exit_code":\([0-9]*\),"attempts".*/\1/p' "$work/run/result.json")" 0)"
}

# run's instance lock, of this run alone.
CCMWRAP_INSTANCE_LOCK="$work/run/lock"
export CCMWRAP_INSTANCE_LOCK
prepare_inputs
write_inis
echo "| work | ccmwrap | peer, same run | ratio | goal | runs; counts |"
echo "|---|---|---|---|---|---|"
all_rows="scan registry fix_scaling rss flood deleted removed again reset nested denies sids inherit
follow report_run"
for group in ${BENCH_ROWS:-$all_rows}; do
	"${group}_rows"
done

if [ -e "$work/failed" ] || [ -e "$work/different" ]; then
	echo "bench/run.sh: a command failed or the counts differ (above)" >&2
	exit 1
fi
