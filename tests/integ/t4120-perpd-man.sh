#!/bin/bash
# The man pages of perpd and friends: clean for mandoc, and each
# program's SYNOPSIS is exactly the usage line it prints.
. "$(dirname "$0")/lib.sh"
need_cmd mandoc

for page in perpd.8 perpboot.8 perphup.8 perp-setup.8 perp_intro.8 perpetrate.5; do
	test_is "$page: mandoc -Tlint -Wwarning is silent" \
	    "$(mandoc -Tlint -Wwarning "$TOP/man/$page" 2>&1)" ""
done
for p in perpd perpboot perphup perp-setup; do
	syn=$(mandoc -Tascii "$TOP/man/$p.8" | sed "s/.\x08//g" |
	    sed -n '/^SYNOPSIS/,/^[A-Z]/{/^[A-Z]/d;p}' | tr -s ' \n\t' ' ' |
	    sed 's/^ //; s/ $//')
	test_is "$p.8: SYNOPSIS is the usage line" "usage: $syn" \
	    "$("$p" -h 2>&1)"
	test_is "$p -V: the version, on stderr" \
	    "$("$p" -V 2>&1 >/dev/null)" "version: $p 3.0"
done

done_testing
