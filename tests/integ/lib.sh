# lib.sh: the shared library of the integration tests (bash). Source it
# first:   . "$(dirname "$0")/lib.sh"
#
# A test runs the real programs from build/bin in a private directory $T
# (removed at exit; kept when KEEP_TEST_DIR=1), prints TAP, and ends with
# done_testing. Every process it starts carries PERP_TEST_TAG=$T in its
# environment, so cleanup finds and kills exactly those by pid, including
# services that perpd started in their own sessions; nothing is killed by
# name, and no process group by a pid that may have been reused.
#
#   test_ok DESC CODE        run shell CODE (eval, in this shell); ok when
#                            its last command exits 0
#   test_is DESC GOT WANT    ok when the strings are equal (shows both)
#   test_skip DESC REASON    a skipped test point
#   skip_all REASON          skip the whole file (plan 1..0 # SKIP)
#   need_root, need_cmd CMD  skip_all unless the condition holds
#   wait_until SECS CODE     poll CODE every 20 ms; 1 if SECS pass first
#   wait_gone SECS PID       wait until PID has exited (and is reaped)
#   spawn VAR CMD...         start CMD in the background in its own
#                            session; its pid goes into VAR
#   kill_tree PID            SIGKILL PID's whole session (PID must be alive)
#   done_testing             print the plan; exit 1 if anything failed
set -u
export LC_ALL=C
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# make check runs every test twice: with build/bin, and with PERP_BIN set
# to the sanitizer build (build/san/bin). A test measuring memory uses
# $PLAIN_BIN, the programs as shipped.
BIN=${PERP_BIN:-$TOP/build/bin}
PLAIN_BIN=$TOP/build/bin
HELPERS=$TOP/build/helpers
PEERS=$TOP/tests/peers
export PATH="$BIN:$HELPERS:$PATH"

T=$(mktemp -d /tmp/perp-test.XXXXXXXX) || exit 111
export PERP_TEST_TAG=$T
_tests=0
_failed=0

_tap_diag() {
	sed 's/^/# /'
}

test_ok() {
	local desc=$1
	shift
	_tests=$((_tests + 1))
	# In this shell, not a subshell: tests set variables (pids) that
	# later tests and the cleanup need.
	if { eval "$*"; } >"$T/.out" 2>&1; then
		echo "ok $_tests - $desc"
	else
		echo "not ok $_tests - $desc"
		_failed=$((_failed + 1))
		{ echo "failed: $*"; tail -n 40 "$T/.out"; } | _tap_diag
	fi
}

test_is() {
	local desc=$1 got=$2 want=$3
	_tests=$((_tests + 1))
	if [ "$got" = "$want" ]; then
		echo "ok $_tests - $desc"
	else
		echo "not ok $_tests - $desc"
		_failed=$((_failed + 1))
		{ echo "got:"; printf '%s\n' "$got"; echo "want:";
		  printf '%s\n' "$want"; } | _tap_diag
	fi
}

test_skip() {
	_tests=$((_tests + 1))
	echo "ok $_tests - $1 # SKIP $2"
}

skip_all() {
	echo "1..0 # SKIP $1"
	exit 0
}

need_root() {
	[ "$(id -u)" -eq 0 ] || skip_all "needs root"
}

need_cmd() {
	command -v "$1" >/dev/null 2>&1 || skip_all "needs $1"
}

wait_until() {
	local secs=$1 end
	shift
	end=$(( ${EPOCHREALTIME/./} + secs * 1000000 ))
	until (eval "$*") >/dev/null 2>&1; do
		[ "${EPOCHREALTIME/./}" -ge "$end" ] && return 1
		sleep 0.02
	done
	return 0
}

# A pid is gone when it no longer exists or is a zombie nobody reaped yet,
# with every thread of it: a killed process's first thread is a zombie
# while the others still end, and they hold its descriptors and locks.
_alive() {
	local f state
	[ -r "/proc/$1/stat" ] || return 1
	for f in "/proc/$1/task"/*/stat; do
		state=$(sed 's/^.*) //' "$f" 2>/dev/null | cut -d' ' -f1)
		[ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ] && return 0
	done
	return 1
}

wait_gone() {
	wait_until "$1" "! _alive $2"
}

spawn() {
	local var=$1
	shift
	# "<&0": without an explicit redirection bash gives a background
	# command /dev/null as stdin, not the caller's.
	setsid "$@" <&0 &
	printf -v "$var" '%s' "$!"
}

kill_tree() {
	_alive "$1" || return 0
	kill -KILL -- "-$1" 2>/dev/null || kill -KILL "$1" 2>/dev/null
	return 0
}

# Every pid whose environment carries our tag, except this shell.
_tagged_pids() {
	grep -lzxF "PERP_TEST_TAG=$T" /proc/[0-9]*/environ 2>/dev/null |
	    sed 's|^/proc/||; s|/environ$||' | grep -vx -e "$$" -e "$BASHPID"
}

# Kill, by pid, every process carrying our tag: never by name, and never
# a process group by a pid that may have died and been reused since.
_cleanup() {
	local pid round
	# Only the test's own shell cleans up, not a subshell exiting.
	[ "$BASHPID" = "$$" ] || return 0
	for round in 1 2 3; do
		pids=$(_tagged_pids)
		[ -n "$pids" ] || break
		for pid in $pids; do
			kill -TERM "$pid" 2>/dev/null
			kill -CONT "$pid" 2>/dev/null
		done
		for pid in $pids; do
			wait_gone 2 "$pid" || kill -KILL "$pid" 2>/dev/null
		done
	done
	# Unmount anything a test mounted under $T before removing it.
	grep -o " $T[^ ]*" /proc/self/mounts 2>/dev/null | sort -r |
	    while read -r m; do umount -l "$m" 2>/dev/null; done
	if [ "${KEEP_TEST_DIR:-0}" = 1 ]; then
		echo "# kept $T" >&2
	else
		rm -rf "$T"
	fi
}
trap _cleanup EXIT
trap 'exit 143' TERM INT

done_testing() {
	echo "1..$_tests"
	[ "$_failed" -eq 0 ]
	exit $?
}
