#!/bin/sh
# make demo: the KB2000387 story end to end, on a copy of the broken
# registry and with the fake ccmsetup (tests/fake_ccmsetup). The first
# attempt fails as in the seed (1602, Internal Error 2502), ccmwrap repairs
# the permissions, the second attempt succeeds.
#   sh samples/demo.sh BUILD_DIR   (a build with ccmwrap and fake_ccmsetup)
set -e
build=${1:?usage: sh samples/demo.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
ccmwrap="$build/wrapper/ccmwrap"
fake="$build/tests/fake_ccmsetup"
for program in "$ccmwrap" "$fake"; do
	[ -x "$program" ] || { echo "demo: $program is missing; run 'make demo'" >&2; exit 2; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/ccmwrap-demo-XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/windir/ccmsetup"
cp "$here/registry/kb2000387-broken.reg" "$work/registry.reg"
# The INI decides what runs as SYSTEM: ccmwrap refuses one that others may
# change, so it is deployed into a folder only its owner can write.
cp "$here/kb2000387-demo.ini" "$work/ccmwrap.ini"
chmod 600 "$work/ccmwrap.ini"
ini="$work/ccmwrap.ini"
registry="$work/registry.reg"

CCMWRAP_DEMO_CCMSETUP=$(cd "$(dirname "$fake")" && pwd)/fake_ccmsetup
CCMWRAP_DEMO_REGISTRY=$registry
CCMWRAP_DEMO_DIR=$work
CCMWRAP_INSTANCE_LOCK="$work/ccmwrap.lock"
windir="$work/windir"
export CCMWRAP_DEMO_CCMSETUP CCMWRAP_DEMO_REGISTRY CCMWRAP_DEMO_DIR CCMWRAP_INSTANCE_LOCK windir

step() {
	echo
	echo "== $*"
}

# expect CODE COMMAND...: runs it, shows its exit code, stops unless CODE.
expect() {
	want=$1
	shift
	status=0
	"$@" || status=$?
	echo "exit code $status"
	[ "$status" -eq "$want" ]
}

step "ccmwrap check: SYSTEM lacks Full Control on the SMS 2003 driver keys (exit 1 = fix needed)"
expect 1 "$ccmwrap" check -c "$ini" --registry "$registry"

step "ccmwrap run, preflight off: attempt 1 fails as in KB2000387, permissions repaired, attempt 2 succeeds"
expect 0 "$ccmwrap" run -c "$ini" --registry "$registry"

step "ccmwrap check: compliant now"
expect 0 "$ccmwrap" check -c "$ini" --registry "$registry"

step "the result file for ConfigMgr reporting ($work/ccmwrap-result.json)"
cat "$work/ccmwrap-result.json"

# The second story: client push to a fleet. Each simulated host is a folder
# under fleet/: its windir is its ADMIN$, registry.reg its registry; pc19
# and pc20 have no folder, as hosts that are switched off.
fleet="$work/fleet"
mkdir -p "$fleet" "$work/push"
hosts=""
for n in 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20; do
	host="pc$n"
	hosts="$hosts $host"
	case $n in 19|20) continue ;; esac
	mkdir -p "$fleet/$host/windir/ccmsetup"
	case $n in
	03|06|09|12|15|18) cp "$here/registry/kb2000387-broken.reg" "$fleet/$host/registry.reg" ;;
	*) cp "$here/registry/healthy.reg" "$fleet/$host/registry.reg" ;;
	esac
done
cp "$here/push-demo.ini" "$work/push/ccmwrap.ini"
chmod 600 "$work/push/ccmwrap.ini"

step "ccmwrap push to 20 hosts, 8 at once: 6 with the KB2000387 permissions, 2 unreachable (exit 10009, 25 in 8 bits)"
# shellcheck disable=SC2086 # one argument per host
expect 25 "$ccmwrap" push $hosts -c "$work/push/ccmwrap.ini" --with "$CCMWRAP_DEMO_CCMSETUP" \
	--hosts-root "$fleet" --results "$work/results" --parallel 8

step "ccmwrap check on pc03, one of the six: repaired by the pushed ccmwrap"
expect 0 "$ccmwrap" check -c "$ini" --registry "$fleet/pc03/registry.reg"
