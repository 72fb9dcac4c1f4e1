#!/bin/sh
# Fails when a source file names a section of docs/DESIGN.md or
# docs/HACKING.md that does not exist: comments point into the docs by the
# file's path followed by one or more quoted section titles, and a renamed
# section must not leave them pointing nowhere.
#   sh cmake/check-doc-references.sh SOURCE_DIR
set -eu

root=${1:?usage: $0 SOURCE_DIR}
for doc in DESIGN HACKING; do
	[ -f "$root/docs/$doc.md" ] || { echo "$0: $root/docs/$doc.md is missing" >&2; exit 1; }
done

status=0
checked=0
for file in $(cd "$root" && find config checks wrapper tests bench cmake samples \
		-type f \( -name '*.c' -o -name '*.h' -o -name '*.sh' -o -name '*.cmake' \
		-o -name '*.ini' -o -name 'CMakeLists.txt' \) | sort); do
	# A reference may run over comment lines: join them, drop the " * ".
	joined=$(tr '\n' ' ' <"$root/$file" | sed 's/ *\* */ /g; s/  */ /g')
	for doc in DESIGN HACKING; do
		refs=$(echo "$joined" | grep -a -o "docs/$doc\\.md (*\"[^\"]*\"\\(, *\"[^\"]*\"\\)*" || true)
		[ -n "$refs" ] || continue
		names=$(echo "$refs" | grep -o '"[^"]*"' | tr -d '"')
		old_ifs=$IFS
		IFS='
'
		for name in $names; do
			checked=$((checked + 1))
			if ! grep -qx "## $name" "$root/docs/$doc.md"; then
				echo "$file: names docs/$doc.md \"$name\", which has no such section" >&2
				status=1
			fi
		done
		IFS=$old_ifs
	done
done
[ $status -ne 0 ] || echo "all $checked references to sections of docs/DESIGN.md and docs/HACKING.md resolve"
exit $status
