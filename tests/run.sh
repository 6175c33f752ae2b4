#!/bin/bash
# run.sh TEST...: run tests under prove (in parallel), keep each one's TAP
# output in build/tap/, and end with the one summary line
#     N passed, N failed[, N skipped]
# Exit status 0 only when nothing failed. A test is any executable that
# prints TAP: cmocka binaries (CMOCKA_MESSAGE_OUTPUT=TAP) or tests/integ/t*.sh.
#   TEST_JOBS=N     parallel jobs (default: number of CPUs)
#   TEST_TIMEOUT=S  per-test limit in seconds (default 600)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
export TAP_DIR="$top/build/tap"
rm -rf "$TAP_DIR"
mkdir -p "$TAP_DIR"
jobs=${TEST_JOBS:-$(nproc)}

if [ $# -eq 0 ]; then
	echo "run.sh: no tests given" >&2
	exit 100
fi
prove -j "$jobs" --exec "$top/tests/tap-wrap.sh" "$@"
exec "$top/tests/tap-summary.sh" "$TAP_DIR"
