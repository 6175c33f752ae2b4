# lib-tinylog.sh: helpers shared by the tinylog tests (t1xxx). Source it
# after lib.sh.

# A fresh pipe held open on both ends by this shell (fd 7), as perpd holds
# a service's: loggers come and go on it without losing what is inside.
# Loggers read it from "$T/fifo".
hold_pipe() {
	exec 7>&-
	rm -f "$T/fifo" && mkfifo "$T/fifo" && exec 7<>"$T/fifo"
}

# The permission bits of a file, in octal (644, 744).
mode_of() {
	stat -c %a "$1"
}

# The number of archives in a log directory.
narchives() {
	find "$1" -maxdepth 1 -name '_*' | wc -l
}

# The last sequence number linegen wrote (its -c count file).
gen_count() {
	sed 's/^0*//' "$1" 2>/dev/null | grep . || echo 0
}

# Whether the file ends with "$2" (no newline handling: byte compare).
tail_is() {
	[ "$(tail -c ${#2} "$1")" = "$2" ]
}
