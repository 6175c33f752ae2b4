#!/bin/bash
# regress.sh: replay every saved fuzz input (tests/fuzz/corpus/NAME/*,
# crashing inputs found by `make fuzz` included) through its target, as TAP.
# One test point per target: ok when no input crashes it.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
n=0
failed=0
for corpus in "$top"/tests/fuzz/corpus/*/; do
	name=$(basename "$corpus")
	bin=$top/build/fuzz/fuzz_$name
	n=$((n + 1))
	if [ ! -x "$bin" ]; then
		echo "not ok $n - fuzz_$name: not built (make fuzzers)"
		failed=$((failed + 1))
		continue
	fi
	count=$(find "$corpus" -type f | wc -l)
	if find "$corpus" -type f -print0 | xargs -0 -r "$bin" -runs=1 \
	    >"$top/build/fuzz/$name.regress.log" 2>&1; then
		echo "ok $n - fuzz_$name replays its $count saved inputs"
	else
		echo "not ok $n - fuzz_$name crashes on a saved input"
		tail -n 20 "$top/build/fuzz/$name.regress.log" | sed 's/^/# /'
		failed=$((failed + 1))
	fi
done
echo "1..$n"
[ "$failed" -eq 0 ]
