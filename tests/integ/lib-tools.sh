# lib-tools.sh: what the t51xx tests of perpctl, perpls, perpstat and
# perpok share: a base directory under a real perpd, services made from
# one-line shell snippets, and output with pids and times masked.
# Source it after lib.sh.

B=$T/base
mkdir -p "$B"

# mksv NAME START [RESET] [LOGSTART]: a service whose rc.main runs START
# as its start target and RESET (default: nothing) as its reset target;
# with LOGSTART, an rc.log too. Not activated: see activate.
mksv() {
	local d=$B/$1
	mkdir -p "$d"
	printf '#!/bin/sh\ncase $1 in\nstart) %s ;;\nreset) %s ;;\nesac\nexit 0\n' \
	    "$2" "${3:-:}" > "$d/rc.main"
	chmod 755 "$d/rc.main"
	if [ -n "${4:-}" ]; then
		printf '#!/bin/sh\ncase $1 in\nstart) %s ;;\nesac\nexit 0\n' \
		    "$4" > "$d/rc.log"
		chmod 755 "$d/rc.log"
	fi
}

activate() {
	local sv
	for sv in "$@"; do chmod +t "$B/$sv"; done
}

start_perpd() {
	spawn PERPD perpd "$B" 2> "$T/perpd.err"
	wait_until 10 "[ -S '$B/.control/perpd.sock' ] && perpls -b '$B' >/dev/null"
}

# Pids and numbers of seconds become N, as golden files need.
mask() {
	sed -E 's/[0-9]+/N/g'
}

# panel SV: the 11-character panel perpls shows for SV.
panel() {
	perpls -b "$B" "$1" | cut -c1-11
}

# JSON member PATH (a jq path) of SV.
jget() {
	perpstat -j -b "$B" "$2" | jq -r "$1"
}
