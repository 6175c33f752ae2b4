#!/bin/bash
# tinylog's command line as perp 2.07 had it: usage and version, usage
# errors (exit 100), start-up failures (exit 111) with clear messages, one
# instance per directory.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-tinylog.sh"

usage_re='^usage: tinylog \[-hV\] \[-k numkeep\] \[-r\] \[-s logsize\] \[-t\] \[-z\] .* dir$'

test_ok '-h: the usage line on stderr, exit 0' '
	tinylog -h 2>"$T/err" >"$T/out" && [ ! -s "$T/out" ] &&
	grep -Eq "$usage_re" "$T/err"'

test_ok '-V: the version on stderr, exit 0' '
	tinylog -V 2>"$T/err" && grep -Eqx "tinylog: version: [0-9.]+" "$T/err"'

test_ok 'no directory: usage error, exit 100' '
	tinylog </dev/null 2>"$T/err"; [ $? -eq 100 ] &&
	grep -Eq "^error: tinylog\[[0-9]+\]: usage error: missing log directory argument$" "$T/err" &&
	grep -Eq "$usage_re" "$T/err"'

test_ok 'non-numeric -k and -s: usage error, exit 100' '
	tinylog -k x "$T/d" </dev/null 2>"$T/err"; [ $? -eq 100 ] &&
	grep -q "usage error: numeric argument required for option -k" "$T/err" &&
	tinylog -s 12q "$T/d" </dev/null 2>"$T/err"; [ $? -eq 100 ] &&
	grep -q "usage error: numeric argument required for option -s" "$T/err" &&
	[ ! -e "$T/d" ]'

test_ok 'unknown option, missing argument, extra argument: exit 100' '
	tinylog -q "$T/d" </dev/null 2>"$T/err"; [ $? -eq 100 ] &&
	grep -q "usage error: invalid option -q" "$T/err" &&
	tinylog "$T/d" -k </dev/null 2>"$T/err"; [ $? -eq 100 ] &&
	grep -q "usage error: unexpected argument after the log directory: -k" "$T/err" &&
	tinylog -k </dev/null 2>"$T/err"; [ $? -eq 100 ] &&
	grep -q "usage error: missing argument for option -k" "$T/err" &&
	tinylog -p sometimes "$T/d" </dev/null 2>"$T/err"; [ $? -eq 100 ] &&
	grep -q "usage error: unknown policy for option -p" "$T/err" &&
	[ ! -e "$T/d" ]'

test_ok 'a missing parent directory: clear error, exit 111' '
	echo x | tinylog "$T/no/such/dir" 2>"$T/err"; [ $? -eq 111 ] &&
	grep -Eq "^error: tinylog\[[0-9]+\]: fatal: unable to create log directory $T/no/such/dir: file does not exist \(ENOENT\)$" "$T/err"'

if [ "$(id -u)" -eq 0 ]; then
test_ok 'an unwritable directory: clear error, exit 111' '
	chmod 711 "$T" && mkdir "$T/ro" && chmod 555 "$T/ro" &&
	echo x | setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$BIN/tinylog" "$T/ro" 2>"$T/err"; [ $? -eq 111 ] &&
	grep -Eq "fatal: failure acquiring lock file tinylog.pid in log directory $T/ro: access denied \(EACCES\)$" "$T/err" &&
	[ -z "$(ls "$T/ro")" ]'
else
test_skip 'an unwritable directory: clear error, exit 111' 'needs root'
fi

test_ok 'a log directory that is a file: clear error, exit 111' '
	: > "$T/file" && echo x | tinylog "$T/file" 2>"$T/err"; [ $? -eq 111 ] &&
	grep -q "fatal: unable to open log directory $T/file: not a directory" "$T/err"'

hold_pipe
test_ok 'a second instance on the same directory is refused (2.07 message, exit 111)' '
	spawn P tinylog "$T/one" < "$T/fifo" 2>"$T/one.err" &&
	wait_until 5 "grep -q starting \"$T/one.err\"" &&
	grep -Eqx "tinylog\[$P\]: starting for logging in $T/one \.\.\." "$T/one.err" &&
	echo x | tinylog "$T/one" 2>"$T/err"; [ $? -eq 111 ] &&
	grep -Eqx "error: tinylog\[[0-9]+\]: fatal: failure acquiring lock file tinylog.pid in log directory $T/one: temporary i/o failure \(EAGAIN\)" "$T/err" &&
	[ "$(cat "$T/one/tinylog.pid")" = "$P" ] &&
	kill -TERM $P && wait_gone 5 $P'

test_ok 'the directory is created with mode 0700 (one level)' '
	echo x | tinylog "$T/new" 2>/dev/null && [ "$(mode_of "$T/new")" = 700 ]'

done_testing
