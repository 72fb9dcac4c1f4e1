#!/bin/sh
# Installs the Debian packages named as arguments that are not installed
# yet: with apt-get when root, otherwise prints the command to run.
missing=""
for package in "$@"; do
	status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null)
	case "$status" in
	*"install ok installed"*) ;;
	*) missing="$missing $package" ;;
	esac
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "missing Debian packages:$missing" >&2
	echo "run: sudo apt-get install -y --no-install-recommends$missing" >&2
	exit 1
fi
echo "installing Debian packages:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends $missing >/dev/null
