#!/bin/sh
# Fails when a file of a layer includes a project header by a bare name or
# from a folder that is not its own or a layer's below it
# (docs/HACKING.md "Layers"). Run by the build before a layer compiles
# (cmake/layer.cmake), and by the tests on the test folders with "*" as
# the allowed folder: there only the path form is checked.
#   sh cmake/check-layer.sh SOURCE_DIR FOLDER ALLOWED_FOLDER...
set -eu

root=${1:?usage: $0 SOURCE_DIR FOLDER ALLOWED_FOLDER...}
folder=${2:?usage: $0 SOURCE_DIR FOLDER ALLOWED_FOLDER...}
shift 2
allowed=" $* "

status=0
for file in "$root/$folder"/*.c "$root/$folder"/*.h; do
	[ -f "$file" ] || continue
	name=${file#"$root/"}
	grep -a -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$file" | while IFS= read -r line; do
		number=${line%%:*}
		header=$(printf '%s\n' "$line" | sed 's/^[^"]*"\([^"]*\)".*/\1/')
		where="$name:$number: #include \"$header\""
		case $header in
		*/*) ;;
		*)	echo "$where: a bare name; include it as a path from the source folder (\"$folder/$header\")" >&2
			exit 1 ;;
		esac
		case $header in
		../*|*/../*|./*|*/./*)
			echo "$where: a relative path; include it as a path from the source folder" >&2
			exit 1 ;;
		esac
		[ "$allowed" = " * " ] && continue
		case "$allowed" in
		*" ${header%/*} "*) ;;
		*)	echo "$where: layer $folder may include only from:$allowed(docs/HACKING.md \"Layers\")" >&2
			exit 1 ;;
		esac
	done || status=1
done
exit $status
