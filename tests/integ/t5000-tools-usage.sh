#!/bin/bash
# The command lines of perpctl, perpls, perpstat and perpok: usage and
# version (perp-2.07.md part H, plus -j), every usage error with its
# message and exit 100, and man pages whose SYNOPSIS is the usage line.
. "$(dirname "$0")/lib.sh"

# run CMD...: stdout+stderr in $out, status in $rc.
run() {
	out=$("$@" 2>&1 </dev/null)
	rc=$?
}
case_is() { # DESC WANT-RC WANT-OUTPUT CMD...
	local desc=$1 want_rc=$2 want=$3
	shift 3
	run "$@"
	test_is "$desc" "$rc:$out" "$want_rc:$want"
}

U_CTL='usage: perpctl [-hV] [-b basedir] [-g] [-L] [-q] [ADUXduopcahikqtw12] sv [sv ...]'
U_LS='usage: perpls [-hV] [-b basedir] [-cGgjrt] [sv ...]'
U_STAT='usage: perpstat [-hV] [-b basedir] [-j] sv [sv ...]'
U_OK='usage: perpok [-hV] [-b basedir] [-u secs] [-v] sv'

case_is 'perpctl -h' 0 "$U_CTL" perpctl -h
case_is 'perpls -h' 0 "$U_LS" perpls -h
case_is 'perpstat -h' 0 "$U_STAT" perpstat -h
case_is 'perpok -h' 0 "$U_OK" perpok -h
for p in perpctl perpls perpstat perpok; do
	run "$p" -V
	test_is "$p -V: version on stderr, exit 0" "$rc:$out" \
	    "0:version: $p 3.0"
	test_is "$p -h writes to stderr only" "$("$p" -h 2>/dev/null)" ""
done

case_is 'perpctl without arguments' 100 "perpctl: usage error: missing arguments
$U_CTL" perpctl
case_is 'perpctl Z foo' 100 "perpctl usage error: unknown control command 'Z'
$U_CTL" perpctl Z foo
case_is 'perpctl zap foo: the whole word is quoted' 100 \
    "perpctl usage error: unknown control command 'zap'
$U_CTL" perpctl zap foo
case_is 'perpctl -L D foo' 100 \
    "perpctl usage error: meta-command 'D' may not be used with option -L
$U_CTL" perpctl -L D foo
case_is 'perpctl -qL Up foo (clustered)' 100 \
    "perpctl usage error: meta-command 'Up' may not be used with option -L
$U_CTL" perpctl -qL Up foo
case_is 'perpctl u without services' 100 \
    "perpctl usage error: missing argument: no service(s) specified
$U_CTL" perpctl u
case_is 'perpctl -x' 100 "perpctl usage error: invalid option: -x
$U_CTL" perpctl -x u foo
case_is 'perpctl -b without its argument' 100 \
    "perpctl usage error: missing argument for option -b
$U_CTL" perpctl -b
case_is "perpls '-?': the usage alone" 100 "$U_LS" perpls '-?'
case_is 'perpls -x' 100 "perpls usage error: invalid option -x
$U_LS" perpls -x
case_is 'perpstat without services' 100 "perpstat usage error: missing argument
$U_STAT" perpstat
case_is 'perpstat -z' 100 "perpstat usage error: invalid option -z
$U_STAT" perpstat -z foo
case_is 'perpok without a service' 100 "perpok usage error: missing argument
$U_OK" perpok
case_is 'perpok -u x' 100 \
    "perpok usage error: non-numeric argument found for option -u x
$U_OK" perpok -u x foo
case_is 'perpok -u too large' 100 \
    "perpok usage error: non-numeric argument found for option -u 4294967296
$U_OK" perpok -u 4294967296 foo
case_is 'perpok with two services' 100 "perpok usage error: one service only: bar
$U_OK" perpok foo bar
case_is 'options end at --' 100 "perpstat usage error: missing argument
$U_STAT" perpstat -- 

# The man pages: clean for mandoc, SYNOPSIS = usage line.
if command -v mandoc >/dev/null 2>&1; then
	for p in perpctl perpls perpstat perpok; do
		page=$TOP/man/$p.8
		test_is "$p.8: mandoc -Tlint -Wwarning is silent" \
		    "$(mandoc -Tlint -Wwarning "$page" 2>&1)" ""
		syn=$(mandoc -Tascii "$page" | sed "s/.\x08//g" |
		    sed -n '/^SYNOPSIS/,/^[A-Z]/{/^[A-Z]/d;p}' | tr -s ' \n\t' ' ' |
		    sed 's/^ //; s/ $//')
		test_is "$p.8: SYNOPSIS is the usage line" "usage: $syn" \
		    "$("$p" -h 2>&1)"
	done
else
	test_skip 'man pages' 'mandoc not installed'
fi

done_testing
