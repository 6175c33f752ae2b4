#!/bin/bash
# run.sh FUZZER...: run each libFuzzer target for $FUZZ_SECONDS (default 60)
# on its corpus (tests/fuzz/corpus/NAME/, which grows with what it finds).
# A crash stops that target and leaves the input in build/fuzz/NAME/; copy
# it into the corpus once fixed, so `make check` replays it from then on.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
secs=${FUZZ_SECONDS:-60}
rc=0
for bin in "$@"; do
	name=$(basename "$bin")
	name=${name#fuzz_}
	mkdir -p "$top/tests/fuzz/corpus/$name" "$top/build/fuzz/$name"
	echo "fuzz: $name for $secs s"
	if ! "$bin" -max_total_time="$secs" -max_len=4096 \
	    -artifact_prefix="$top/build/fuzz/$name/" \
	    "$top/tests/fuzz/corpus/$name" > "$top/build/fuzz/$name.log" 2>&1; then
		echo "fuzz: $name FOUND A CRASH: see build/fuzz/$name.log and build/fuzz/$name/"
		rc=1
	fi
	tail -n 1 "$top/build/fuzz/$name.log"
	# Keep the corpus small: only inputs that add coverage.
	rm -rf "$top/build/fuzz/$name.min" && mkdir "$top/build/fuzz/$name.min" &&
	"$bin" -merge=1 "$top/build/fuzz/$name.min" "$top/tests/fuzz/corpus/$name" \
		>/dev/null 2>&1 &&
	rm -rf "$top/tests/fuzz/corpus/$name" &&
	mv "$top/build/fuzz/$name.min" "$top/tests/fuzz/corpus/$name"
done
exit $rc
