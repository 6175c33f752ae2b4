#!/bin/bash
# tinylog's manual: clean for mandoc, its SYNOPSIS exactly the usage line,
# every option the program takes documented.
. "$(dirname "$0")/lib.sh"
need_cmd mandoc

page=$TOP/man/tinylog.8
test_is 'tinylog.8: mandoc -Tlint -Wwarning is silent' \
    "$(mandoc -Tlint -Wwarning "$page" 2>&1)" ""

syn=$(mandoc -Tascii "$page" | sed "s/.\x08//g" |
    sed -n '/^SYNOPSIS/,/^[A-Z]/{/^[A-Z]/d;p}' | tr -s ' \n\t' ' ' |
    sed 's/^ //; s/ $//')
test_is 'tinylog.8: SYNOPSIS is the usage line' "usage: $syn" \
    "$(tinylog -h 2>&1)"

test_ok 'every option in the usage line has an entry' '
	for o in $(tinylog -h 2>&1 | grep -o "\[-[A-Za-z]*" | tr -d "[-" | fold -w1); do
		mandoc -Tascii "$page" | sed "s/.\x08//g" | grep -Eq "^     -$o( |$)" ||
			{ echo "no entry for -$o"; return 1; }
	done'

done_testing
