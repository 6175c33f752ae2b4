#!/bin/bash
# Bad surroundings: a journal socket journalog may not write to (a clear
# error, exit 111, nothing consumed), a path that is not a socket (block:
# wait and say so; SIGTERM still ends it), an invalid field name (exit
# 100 before anything is sent), a directory as input.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-journalog.sh"
jl_need
test_ok 'a private journald starts' jl_start

# As nobody: root is never refused by a socket's mode.
as_nobody() {
	"$PEERS/journald-run" "$JD_DIR" setpriv --reuid=65534 --regid=65534 \
	    --clear-groups "$@"
}

if command -v setpriv >/dev/null &&
    setpriv --reuid=65534 --regid=65534 --clear-groups journalog -V 2>/dev/null; then
	test_ok 'a socket that refuses access: exit 111, a clear message' '
		chmod 0600 "$JD_DIR/run/socket" &&
		{ echo "never sent" | as_nobody journalog deny 2>"$T/deny.err"; rc=$?; } &&
		chmod 0666 "$JD_DIR/run/socket" &&
		cat "$T/deny.err" && [ $rc -eq 111 ] &&
		grep -q "^error: journalog\[[0-9]*\]: fatal: unable to reach journald at /run/systemd/journal/socket: access denied (EACCES)$" "$T/deny.err" &&
		[ "$(jl_msgs deny)" = "" ]'
	test_ok 'the input was not consumed: the same pipe, allowed, delivers' '
		hold_pipe && echo "kept in the pipe" >&7 &&
		chmod 0600 "$JD_DIR/run/socket" &&
		{ as_nobody journalog deny2 < "$T/fifo" 7>&- 2>/dev/null; rc=$?; } &&
		chmod 0666 "$JD_DIR/run/socket" && [ $rc -eq 111 ] &&
		spawn J "$PEERS/journald-run" "$JD_DIR" setpriv --reuid=65534 \
		    --regid=65534 --clear-groups journalog deny2 < "$T/fifo" 7>&- &&
		wait_until 10 "[ \"\$(jl_msgs deny2)\" = \"kept in the pipe\" ]" &&
		kill -TERM $J && wait_gone 2 $J'
else
	test_skip 'a socket that refuses access' 'setpriv is missing or nobody cannot run build/bin/journalog'
fi

test_ok 'the socket path is a regular file: block waits and says why' '
	journald_stop && rm -f "$JD_DIR/run/socket" && : > "$JD_DIR/run/socket" &&
	hold_pipe && echo waiting >&7 &&
	jl_spawn J notsock < "$T/fifo" 2>"$T/ns.err" &&
	wait_until 10 "grep -q \"unable to reach journald at /run/systemd/journal/socket; holding the input: connection refused\" \"$T/ns.err\"" &&
	kill -0 $J && kill -TERM $J && wait_gone 2 $J'

test_ok 'and once journald is there, the line comes' '
	jl_start &&
	jl_spawn J notsock < "$T/fifo" 2>/dev/null &&
	exec 7>&- && wait_gone 10 $J &&
	[ "$(jl_msgs notsock)" = waiting ]'

test_ok 'an invalid field name: exit 100, nothing sent, nothing consumed' '
	hold_pipe && echo "still here" >&7 &&
	{ jl -e lower=x badname < "$T/fifo" 7>&- 2>"$T/bad.err"; rc=$?; } &&
	[ $rc -eq 100 ] && grep -q "invalid field name for option -e: lower" "$T/bad.err" &&
	jl_spawn J badname < "$T/fifo" &&
	wait_until 10 "[ \"\$(jl_msgs badname)\" = \"still here\" ]" &&
	kill -TERM $J && wait_gone 2 $J'

test_ok 'a directory as input: exit 111, a clear message' '
	jl dirin < "$T" 2>"$T/dir.err"; rc=$?; cat "$T/dir.err";
	[ $rc -eq 111 ] && grep -q "unable to read standard input" "$T/dir.err"'

done_testing
