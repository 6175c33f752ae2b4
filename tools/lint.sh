#!/bin/sh
# lint.sh: the checks a reviewer would otherwise do by hand.
#   - every man page passes mandoc -Tlint -Wwarning
#   - no source file over 600 lines (aim: 400)
#   - nothing but lib/die.c writes diagnostics to stderr
set -u
cd "$(dirname "$0")/.." || exit 111
rc=0
if ls man/*.[0-9] >/dev/null 2>&1; then
	out=$(mandoc -Tlint -Wwarning man/*.[0-9] 2>&1)
	[ -n "$out" ] && { echo "$out"; rc=1; }
fi
for f in $(git ls-files '*.c' '*.h'); do
	n=$(wc -l < "$f")
	[ "$n" -gt 600 ] && { echo "lint: $f has $n lines (limit 600)"; rc=1; }
done
bad=$(git grep -n 'fprintf(stderr\|perror(' -- lib perpd loggers rotation |
	grep -v '^lib/die.c')
[ -n "$bad" ] && { echo "lint: diagnostics outside lib/die.c:"; echo "$bad"; rc=1; }
[ $rc -eq 0 ] && echo "lint: clean"
exit $rc
