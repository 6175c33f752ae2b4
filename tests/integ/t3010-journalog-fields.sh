#!/bin/bash
# The fields journalog sends, read back from a real private journald with
# journalctl -o json -a: MESSAGE as written, PRIORITY for every prefix,
# SYSLOG_IDENTIFIER and SYSLOG_FACILITY, the service's fields when run as
# perpd runs an rc.log, -e fields, -s, stamps and filters, UTF-8.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-journalog.sh"
jl_need
test_ok 'a private journald starts' jl_start

test_ok 'MESSAGE: each line as written, empty lines and UTF-8 too' '
	printf "hello world\n\ncaf\303\251 \342\234\223 \360\237\230\200\n\tindented\nlast without newline" |
		jl msg &&
	jl_msgs msg > "$T/got" &&
	printf "hello world\n\ncaf\303\251 \342\234\223 \360\237\230\200\n\tindented\nlast without newline\n" > "$T/want" &&
	cmp "$T/got" "$T/want"'

test_ok 'PRIORITY for every prefix, in any case; the prefix stays in MESSAGE' '
	cat > "$T/prio.in" <<-EOF &&
	emerg: a
	alert: b
	crit: c
	err: d
	error: e
	warning: f
	notice: g
	info: h
	debug: i
	ERROR: j
	Warning: k
	<0>l
	<1>m
	<2>n
	<3>o
	<4>p
	<5>q
	<6>r
	<7>s
	no prefix
	<8>not one
	errors: not one either
	 error: not at the start
	EOF
	jl prio < "$T/prio.in" &&
	journald_json SYSLOG_IDENTIFIER=prio | jq -r "\"\(.PRIORITY) \(.MESSAGE)\"" > "$T/got" &&
	paste -d" " - "$T/prio.in" > "$T/want" <<-EOF &&
	0
	1
	2
	3
	3
	4
	5
	6
	7
	3
	4
	0
	1
	2
	3
	4
	5
	6
	7
	6
	6
	6
	6
	EOF
	diff "$T/want" "$T/got"'

test_ok '-s strips the prefix and the blanks after it, nothing else' '
	printf "error:  two blanks\n<4>warn\nDEBUG:\tx\nplain: kept\n" | jl -s strip &&
	journald_json SYSLOG_IDENTIFIER=strip | jq -r "\"\(.PRIORITY) \(.MESSAGE)\"" > "$T/got" &&
	printf "3 two blanks\n4 warn\n7 x\n6 plain: kept\n" > "$T/want" &&
	diff "$T/want" "$T/got"'

test_ok 'SYSLOG_IDENTIFIER and SYSLOG_FACILITY: defaults and options' '
	echo one | jl myident &&
	echo two | jl -F local3 fac &&
	echo three | jl -F LOG_MAIL fac2 &&
	(cd / && unset PERP_BASE && echo four | jl -F AUTH) &&
	[ "$(jl_field myident SYSLOG_FACILITY)" = 3 ] &&
	[ "$(jl_field fac SYSLOG_FACILITY)" = 19 ] &&
	[ "$(jl_field fac2 SYSLOG_FACILITY)" = 2 ] &&
	[ "$(jl_msgs journalog)" = four ] &&
	[ "$(jl_field journalog SYSLOG_FACILITY)" = 4 ] &&
	[ "$(jl_field myident _TRANSPORT)" = journal ]'

test_ok 'without perpd around, no PERP_ fields' '
	[ "$(jl_field myident PERP_SERVICE)" = null ] &&
	[ "$(jl_field myident PERP_BASE)" = null ]'

mkdir -p "$T/base/websvc" "$T/base/.boot" "$T/elsewhere/svc"
test_ok 'run as perpd runs rc.log: PERP_SERVICE, PERP_BASE, ident = the service' '
	(cd "$T/base/websvc" && echo "served" | PERP_BASE="$T/base" jl) &&
	[ "$(jl_msgs websvc)" = served ] &&
	[ "$(jl_field websvc PERP_SERVICE)" = websvc ] &&
	[ "$(jl_field websvc PERP_BASE)" = "$(realpath "$T/base")" ]'

test_ok 'an ident given wins; the service fields stay' '
	(cd "$T/base/websvc" && echo "named" | PERP_BASE="$T/base" jl other) &&
	[ "$(jl_msgs other)" = named ] &&
	[ "$(jl_field other PERP_SERVICE)" = websvc ]'

test_ok 'a relative PERP_BASE is trusted, the directory names the service' '
	(cd "$T/base/websvc" && echo "rel" | PERP_BASE=. jl relid) &&
	[ "$(jl_field relid PERP_SERVICE)" = websvc ]'

test_ok 'perpboot logger (BASE/.boot): ident perpd, PERP_BASE, no PERP_SERVICE' '
	(cd "$T/base/.boot" && echo "perpd says" | PERP_BASE="$T/base" jl) &&
	[ "$(jl_msgs perpd)" = "perpd says" ] &&
	[ "$(jl_field perpd PERP_SERVICE)" = null ] &&
	[ "$(jl_field perpd PERP_BASE)" = "$(realpath "$T/base")" ]'

test_ok 'PERP_BASE that is not the parent: no service fields' '
	(cd "$T/elsewhere/svc" && echo "stray" | PERP_BASE="$T/base" jl stray) &&
	[ "$(jl_field stray PERP_SERVICE)" = null ] &&
	[ "$(jl_field stray PERP_BASE)" = null ]'

test_ok '-e fields on every entry, in order, any value' '
	printf "a\nb\n" | jl -e DEPLOY=blue -e "NOTE=x = y, z" -e EMPTY= \
	    -e MULTI=1 -e MULTI=2 -e "NL=line1
line2" extra &&
	journald_json SYSLOG_IDENTIFIER=extra | jq -c "[.MESSAGE, .DEPLOY, .NOTE, .EMPTY, .MULTI, .NL]" > "$T/got" &&
	cat > "$T/want" <<-EOF &&
	["a","blue","x = y, z","",["1","2"],"line1\nline2"]
	["b","blue","x = y, z","",["1","2"],"line1\nline2"]
	EOF
	diff "$T/want" "$T/got"'

test_ok '-f stamps MESSAGE; the priority is read from the line' '
	echo "warning: stamped" | jl -f rfc3339 stamp &&
	jl_msgs stamp | grep -Eqx "[0-9-]{10}T[0-9:]{8}\.[0-9]{6}Z warning: stamped" &&
	[ "$(jl_field stamp PRIORITY)" = 4 ] &&
	echo "error: both" | jl -s -f unix stamp2 &&
	jl_msgs stamp2 | grep -Eqx "[0-9]{10}\.[0-9]{6} both"'

test_ok 'filters: -x and -i in order' '
	printf "debug: noise\ninfo: keep\ndebug: important\n" |
		jl -x "^debug:" -i important filt &&
	printf "info: keep\ndebug: important\n" > "$T/want" &&
	jl_msgs filt > "$T/got" && cmp "$T/want" "$T/got"'

test_ok 'control bytes become ?, TAB stays (without -b)' '
	printf "a\001b\033[0mc\td\r\n" | jl ctl &&
	[ "$(jl_msgs ctl)" = "$(printf "a?b?[0mc\td?")" ]'

test_ok 'the end of input waits until journald has read everything' '
	linegen -n 3000 | jl many &&
	[ "$(journald_json SYSLOG_IDENTIFIER=many | wc -l)" -eq 3000 ] &&
	jl_msgs many | linecheck -n 3000 -'

done_testing
