#!/bin/sh
# make demo (for now): validate the KB2000387 sample INI and print the
# effective configuration ccmwrap would run with.
set -e
build=${1:?usage: sh samples/demo.sh BUILD_DIR}
here=$(dirname "$0")
ccmwrap="$build/ccmwrap"
[ -x "$ccmwrap" ] || ccmwrap="$build/wrapper/ccmwrap"

echo "== ccmwrap config -c $here/kb2000387.ini"
echo "   every key with its default filled in, %VARIABLES% expanded, relative"
echo "   paths resolved against the INI's folder; the same output is accepted"
echo "   again by 'ccmwrap config'."
echo
"$ccmwrap" config -c "$here/kb2000387.ini"
