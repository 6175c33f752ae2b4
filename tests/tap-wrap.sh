#!/bin/bash
# tap-wrap.sh TEST: how prove runs one test. Runs TEST under a time limit,
# passes its TAP through to prove, and keeps a copy in $TAP_DIR (with the
# test's stderr and exit status) for tap-summary.sh.
set -u
test=$1
name=$(printf '%s' "$test" | sed 's|^\./||; s|/|_|g')
dir=${TAP_DIR:-build/tap}
mkdir -p "$dir"
export CMOCKA_MESSAGE_OUTPUT=TAP
timeout -k 10 "${TEST_TIMEOUT:-600}" "$test" 2>"$dir/$name.err" | tee "$dir/$name.tap"
rc=${PIPESTATUS[0]}
if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
	echo "not ok - $test timed out after ${TEST_TIMEOUT:-600} s" | tee -a "$dir/$name.tap"
fi
echo "$rc" > "$dir/$name.rc"
exit "$rc"
