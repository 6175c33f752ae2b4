#!/bin/sh
# run.sh: what `make bench` runs: every benchmark in bench/, in turn.
set -e
cd "$(dirname "$0")"
for b in ./*.sh; do
	[ "$b" = ./run.sh ] && continue
	echo "== $b" >&2
	"$b"
done
