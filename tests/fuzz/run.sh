#!/bin/bash
# run.sh FUZZER...: run each libFuzzer target for $FUZZ_SECONDS (default 60)
# on a copy of its corpus (tests/fuzz/corpus/NAME/), then merge into the
# corpus only the inputs that reach new edges: the named seeds and the
# crashing inputs kept there stay, and the corpus stays small.
# A crash stops that target and leaves the input in build/fuzz/NAME/; copy
# it into the corpus once fixed, so `make check` replays it from then on.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
secs=${FUZZ_SECONDS:-60}
rc=0
for bin in "$@"; do
	name=$(basename "$bin")
	name=${name#fuzz_}
	corpus=$top/tests/fuzz/corpus/$name
	work=$top/build/fuzz/$name.work
	mkdir -p "$corpus" "$top/build/fuzz/$name"
	rm -rf "$work" && cp -r "$corpus" "$work"
	echo "fuzz: $name for $secs s"
	if ! "$bin" -max_total_time="$secs" -max_len=4096 \
	    -print_final_stats=1 -artifact_prefix="$top/build/fuzz/$name/" \
	    "$work" > "$top/build/fuzz/$name.log" 2>&1; then
		echo "fuzz: $name FOUND A CRASH: see build/fuzz/$name.log and build/fuzz/$name/"
		rc=1
	fi
	grep -E '[[:space:]]DONE' "$top/build/fuzz/$name.log" | tail -n 1
	"$bin" -merge=1 -use_counters=0 -max_len=4096 "$corpus" "$work" \
		> "$top/build/fuzz/$name.merge.log" 2>&1
done
exit $rc
