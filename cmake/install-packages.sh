#!/bin/sh
# Installs the Debian packages named as arguments that are not installed
# yet: with apt-get when root, otherwise prints the command to run. A name
# with an architecture (wine32:i386) adds that architecture to dpkg first.
missing=""
for package in "$@"; do
	status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null)
	case "$status" in
	*"install ok installed"*) ;;
	*) missing="$missing $package" ;;
	esac
done
[ -z "$missing" ] && exit 0
foreign=""
for package in $missing; do
	case "$package" in
	*:*) arch=${package#*:}
		[ "$arch" = "$(dpkg --print-architecture)" ] ||
			dpkg --print-foreign-architectures | grep -qx "$arch" ||
			foreign="$foreign $arch" ;;
	esac
done
if [ "$(id -u)" -ne 0 ]; then
	echo "missing Debian packages:$missing" >&2
	for arch in $foreign; do
		echo "run: sudo dpkg --add-architecture $arch" >&2
	done
	echo "run: sudo apt-get update && sudo apt-get install -y --no-install-recommends$missing" >&2
	exit 1
fi
for arch in $foreign; do
	dpkg --add-architecture "$arch"
done
echo "installing Debian packages:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends $missing >/dev/null
