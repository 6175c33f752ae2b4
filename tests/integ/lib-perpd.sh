# lib-perpd.sh: helpers shared by the perpd tests (t4xxx). Source it after
# lib.sh. Services live in $B; every runscript made by sv_make appends one
# line per run to $CALLS:
#   SV TARGET ARGS... | pid=P svpid=P svsecs=S base=B umask=U cwd=D sid=S
#                       in=F0 out=F1
# so that a test can check argv, environment and descriptors of each run.
B=$T/base
CALLS=$T/calls
PERPD_ERR=$T/perpd.err
export CALLS
mkdir -p "$B"
: > "$CALLS"

cat > "$T/rec.sh" <<'EOS'
_rec() {
	_w=$1; shift
	echo "$(basename "$PWD") $_w $* | pid=$$ svpid=$PERP_SVPID svsecs=${PERP_SVSECS-unset} base=$PERP_BASE umask=$(umask) cwd=$PWD sid=$(cut -d' ' -f6 /proc/$$/stat) in=$(readlink /proc/$$/fd/0) out=$(readlink /proc/$$/fd/1)" >> "$CALLS"
}
EOS

# sv_make NAME [START-BODY] [LOG-BODY]: a service whose rc.main records
# its call and then runs START-BODY on start (default: exec sleep 1000);
# with LOG-BODY, an rc.log that records its call and runs LOG-BODY.
# Runscripts record through $T/rec.sh.
sv_make() {
	local d="$B/$1"
	mkdir -p "$d"
	printf '#!/bin/sh\n. %s\n_rec main "$@"\n[ "$1" = start ] || exit 0\n%s\n' \
	    "$T/rec.sh" "${2:-exec sleep 1000}" > "$d/rc.main"
	chmod +x "$d/rc.main"
	if [ -n "${3:-}" ]; then
		printf '#!/bin/sh\n. %s\n_rec log "$@"\n[ "$1" = start ] || exit 0\n%s\n' \
		    "$T/rec.sh" "$3" > "$d/rc.log"
		chmod +x "$d/rc.log"
	fi
}

# pd_start [OPTIONS]: start perpd on $B; wait for its socket and scan.
pd_start() {
	spawn PD perpd "$@" "$B" 2>>"$PERPD_ERR" </dev/null >>"$T/perpd.out"
	wait_until 10 "[ -S '$B/.control/perpd.sock' ] && grep -q 'perpd\[$PD\]: supervising' '$PERPD_ERR'"
}

# pd_stop: SIGTERM perpd and wait for it to exit.
pd_stop() {
	kill -TERM "$PD" 2>/dev/null
	wait_gone 30 "$PD"
}

# st KEY SV: one field of SV's status as perpd reports it (perpq).
st() {
	perpq -b "$B" "$2" 2>/dev/null | sed -n "s/^$1=//p"
}

# up SV: wait until SV's main runs (a start, not a reset).
up() {
	wait_until "${2:-10}" "[ \"\$(st main.pid $1)\" -gt 0 ] && [ \$(( \$(st main.flags $1) & 2 )) -eq 0 ]"
}

# calls SV TARGET: the recorded lines of SV for TARGET (start, reset...).
calls() {
	grep "^$1 $2 " "$CALLS"
}

# alive PID: the process exists and is not a zombie.
alive() {
	_alive "$1"
}
