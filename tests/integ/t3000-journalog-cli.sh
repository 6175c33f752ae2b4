#!/bin/bash
# journalog's command line, man page and exit codes, without a journald:
# the usage line is the man page's SYNOPSIS, -V and -h, every bad option
# is a usage error (exit 100) with a clear message, and a build without
# libsystemd says that journald support is not compiled in (exit 100).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-journalog.sh"
[ -x "$BIN/journalog" ] || skip_all "journalog is not built"

if command -v mandoc >/dev/null; then
	test_is 'journalog.8: mandoc -Tlint -Wwarning is silent' \
	    "$(mandoc -Tlint -Wwarning "$TOP/man/journalog.8" 2>&1)" ""
	syn=$(mandoc -Tascii "$TOP/man/journalog.8" | sed "s/.\x08//g" |
	    sed -n '/^SYNOPSIS/,/^[A-Z]/{/^[A-Z]/d;p}' | tr -s ' \n\t' ' ' |
	    sed 's/^ //; s/ $//')
	test_is 'journalog.8: SYNOPSIS is the usage line' "usage: $syn" \
	    "$(journalog -h 2>&1)"
else
	test_skip 'journalog.8 lint and SYNOPSIS' 'mandoc is missing'
fi

test_ok '-h: the usage line on stderr, exit 0' '
	journalog -h 2>"$T/err" >"$T/out" && [ ! -s "$T/out" ] &&
	grep -q "^usage: journalog \[-hV\]" "$T/err"'

test_is '-V: the version, on stderr' \
    "$(journalog -V 2>&1 >/dev/null)" "version: journalog 3.0"

# bad ARGS... EXPECTED-TEXT: exit 100, the text and the usage line on stderr
bad() {
	local want=$1 rc
	shift
	journalog "$@" < /dev/null 2>"$T/err"
	rc=$?
	[ $rc -eq 100 ] || { echo "exit $rc"; cat "$T/err"; return 1; }
	grep -qF -- "$want" "$T/err" && grep -q '^usage: journalog' "$T/err" ||
		{ cat "$T/err"; return 1; }
}

test_ok 'invalid field names for -e: exit 100, with the rule' '
	bad "invalid field name for option -e: foo" -e foo=1 &&
	bad "invalid field name for option -e: 9LIVES" -e 9LIVES=1 &&
	bad "invalid field name for option -e: _PID" -e _PID=1 &&
	bad "invalid field name for option -e: A-B" -e A-B=1 &&
	bad "not starting with a digit or _" -e "$(printf "%065d" 0 | tr 0 A)=x" &&
	bad "invalid field name for option -e: " -e =value'

test_ok '-e without =, and the fields journalog sets itself: exit 100' '
	bad "option -e needs KEY=VALUE: FOO" -e FOO &&
	bad "field MESSAGE is set by journalog itself" -e MESSAGE=x &&
	bad "field SYSLOG_IDENTIFIER is set by journalog itself" \
	    -e SYSLOG_IDENTIFIER=x &&
	bad "field PERP_SERVICE is set by journalog itself" -e PERP_SERVICE=x'

test_ok 'a 64-character field name is fine' '
	journalog -e "$(printf "%064d" 0 | tr 0 A)=x" -V 2>/dev/null'

test_ok 'bad -F, -l, -p, -f, -i, unknown options, two idents: exit 100' '
	bad "unknown facility for option -F: local9" -F local9 &&
	bad "option -l needs a size from 1k to 768M: 10" -l 10 &&
	bad "option -l needs a size from 1k to 768M: 1G" -l 1G &&
	bad "option -l needs a size from 1k to 768M: 1023" -l 1023 &&
	bad "option -l needs a size from 1k to 768M: 805306369" -l 805306369 &&
	bad "unknown policy for option -p: maybe" -p maybe &&
	bad "unknown stamp format for option -f: iso" -f iso &&
	bad "invalid regular expression for option -i" -i "a(" &&
	bad "invalid option -z" -z &&
	bad "missing argument for option -e" -e &&
	bad "too many arguments" one two &&
	bad "empty ident" ""'

test_ok '-l from 1k to 768M, journald'"'"'s limit for a field' '
	journalog -l 1k -V 2>/dev/null && journalog -l 1024 -V 2>/dev/null &&
	journalog -l 768M -V 2>/dev/null && journalog -l 805306368 -V 2>/dev/null'

# A build without libsystemd is tested by t0300-build-without.sh.

done_testing
