#!/bin/bash
# san-wrap.sh TEST: run an integration test against the sanitizer build of
# the programs (build/san/bin: AddressSanitizer, UndefinedBehaviorSanitizer,
# LeakSanitizer). The sanitizers write their reports into files of their own
# rather than onto stderr, which many tests compare; any report is one more
# failed test point, with the report shown.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
test=$1
name=$(basename "$test" .sh)
reports=$top/build/san/reports/$name
rm -rf "$reports"
mkdir -p "$reports"
# Tests run programs as other users too: they must be able to report.
chmod 1777 "$reports"
export PERP_BIN=$top/build/san/bin
export ASAN_OPTIONS="log_path=$reports/asan:detect_leaks=1:halt_on_error=1"
export UBSAN_OPTIONS="log_path=$reports/ubsan:print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="log_path=$reports/lsan:suppressions=$top/tests/lsan.supp:print_suppressions=0"
"$test"
rc=$?
if [ -n "$(ls -A "$reports")" ]; then
	echo "not ok - $name: sanitizer reports in the sanitizer build"
	for f in "$reports"/*; do
		echo "---- $f" >&2
		head -n 40 "$f" >&2
	done
	[ "$rc" -eq 0 ] && rc=1
fi
exit "$rc"
