#!/bin/bash
# t9110: tinylog never follows a symbolic link planted in its directory
# (as current, tinylog.pid, previous, zipped, or any archive name it reads
# or is about to make) and never writes outside it: a link as current or
# tinylog.pid is refused (exit 111, a clear message); any other is left
# alone, or removed when it has a temporary's name, never opened.
# (perpd and hostile service names: t9115.)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-tinylog.sh"

# Every link points into $T/out; its files must never change.
mkdir "$T/out"
for f in a b c d e; do printf 'outside %s\n' "$f" > "$T/out/$f"; done
chmod 600 "$T/out"/*
out_sum() { (cd "$T/out" && stat -c '%n %s %a %Y' * && cat *) | cksum; }
OUT=$(out_sum)
out_untouched() { [ "$(out_sum)" = "$OUT" ] && [ "$(ls "$T/out" | wc -l)" = 5 ]; }
# The regular files of a log directory, concatenated (links left out).
regular_lines() {
	find "$1" -maxdepth 1 -type f \( -name '_*' -o -name current \) \
	    -print0 | sort -z | xargs -0 zcat -f | wc -l
}

test_ok 'current a link to a file outside: refused, exit 111, link kept' '
	mkdir "$T/l1" && ln -s "$T/out/a" "$T/l1/current" &&
	{ echo x | tinylog "$T/l1" 2>"$T/err"; [ $? = 111 ]; } &&
	grep -q "fatal: refusing a current that is not a regular file in log directory $T/l1: symbolic link loop (ELOOP)$" "$T/err" &&
	[ "$(readlink "$T/l1/current")" = "$T/out/a" ] &&
	[ "$(narchives "$T/l1")" = 0 ] && out_untouched'
test_ok 'current a directory or a FIFO: refused at once, exit 111' '
	mkdir -p "$T/l2/current" &&
	{ echo x | timeout 5 tinylog "$T/l2" 2>"$T/err"; [ $? = 111 ]; } &&
	grep -q "refusing a current that is not a regular file in log directory $T/l2: is a directory (EISDIR)$" "$T/err" &&
	mkdir "$T/l3" && mkfifo "$T/l3/current" &&
	{ echo x | timeout 5 tinylog "$T/l3" 2>"$T/err"; [ $? = 111 ]; } &&
	grep -q "refusing a current that is not a regular file in log directory $T/l3: invalid argument (EINVAL)$" "$T/err"'
test_ok 'tinylog.pid a link to a file outside: refused, exit 111' '
	mkdir "$T/l4" && ln -s "$T/out/b" "$T/l4/tinylog.pid" &&
	{ echo x | tinylog "$T/l4" 2>"$T/err"; [ $? = 111 ]; } &&
	grep -q "fatal: failure acquiring lock file tinylog.pid in log directory $T/l4: symbolic link loop (ELOOP)$" "$T/err" &&
	[ ! -e "$T/l4/current" ] && out_untouched'
test_ok 'previous a link: left alone (not made an archive), no warning' '
	mkdir "$T/l5" && ln -s "$T/out/c" "$T/l5/previous" &&
	echo x | tinylog -k 10 "$T/l5" 2>"$T/err" &&
	! grep -q warning "$T/err" && [ "$(narchives "$T/l5")" = 0 ] &&
	[ "$(readlink "$T/l5/previous")" = "$T/out/c" ] && out_untouched'

# Archive names are made after the newest regular archive: with one dated
# 2099, the next rotation is named 2099...000001 and the one after
# ...000002. Links take exactly those names (.t while being finished, .s
# when done), and a .s.gz beside a real archive.
S=_20990101T000000
mkdir "$T/l6"
printf 'old line\n' > "$T/l6/$S.000000.s"
ln -s "$T/out/a" "$T/l6/$S.000001.t"
ln -s "$T/out/b" "$T/l6/$S.000002.s"
ln -s "$T/out/c" "$T/l6/_20000101T000000.000000.s"
test_ok 'links with the archive names tinylog is about to make: never taken' '
	linegen -n 200 -l 60:60 | tinylog -s 2000 -k 100 "$T/l6" 2>"$T/err" &&
	out_untouched && [ "$(readlink "$T/l6/$S.000001.t")" = "$T/out/a" ] &&
	[ "$(readlink "$T/l6/$S.000002.s")" = "$T/out/b" ] &&
	[ "$(readlink "$T/l6/_20000101T000000.000000.s")" = "$T/out/c" ] &&
	[ -f "$T/l6/$S.000002.t" ] && [ ! -L "$T/l6/$S.000002.t" ] &&
	grep -q "unable to rename log archive $S.000002.t to $S.000002.s: file already exists" "$T/err" &&
	[ "$(regular_lines "$T/l6")" = 201 ]'
test_ok 'retention and compression leave links alone (-k 2 -z)' '
	linegen -n 200 -l 60:60 | tinylog -s 2000 -k 2 -z "$T/l6" 2>"$T/err" &&
	out_untouched && [ -L "$T/l6/$S.000001.t" ] && [ -L "$T/l6/$S.000002.s" ] &&
	[ -L "$T/l6/_20000101T000000.000000.s" ] &&
	[ "$(find "$T/l6" -maxdepth 1 -type f -name "_*" | wc -l)" = 2 ] &&
	! grep -q "ELOOP" "$T/err"'
test_ok 'a .gz link beside an archive: the archive is kept, not compressed' '
	mkdir "$T/l7" && printf "keep me\n" > "$T/l7/$S.000000.s" &&
	ln -s "$T/out/d" "$T/l7/$S.000000.s.gz" &&
	tinylog -z "$T/l7" </dev/null 2>"$T/err" &&
	[ "$(cat "$T/l7/$S.000000.s")" = "keep me" ] &&
	[ "$(readlink "$T/l7/$S.000000.s.gz")" = "$T/out/d" ] &&
	grep -q "unable to put compressed log archive $S.000000.s.gz in place: file already exists" "$T/err" &&
	[ ! -e "$T/l7/zipped" ] && out_untouched'
test_ok 'zipped (the compression temporary) a link: removed, not followed' '
	mkdir "$T/l8" && printf "to zip\n" > "$T/l8/$S.000000.s" &&
	ln -s "$T/out/e" "$T/l8/zipped" && tinylog -z "$T/l8" </dev/null 2>"$T/err" &&
	[ ! -e "$T/l8/zipped" ] && [ ! -L "$T/l8/zipped" ] &&
	[ "$(zcat "$T/l8/$S.000000.s.gz")" = "to zip" ] && out_untouched'
test_ok 'crash recovery: the .u name it is about to make is a link: the next one' '
	mkdir "$T/l9" && printf "old\n" > "$T/l9/$S.000000.s" &&
	printf "crashed line\n" > "$T/l9/current" && chmod 644 "$T/l9/current" &&
	ln -s "$T/out/a" "$T/l9/$S.000001.u" &&
	tinylog "$T/l9" </dev/null 2>/dev/null &&
	[ "$(cat "$T/l9/$S.000002.u")" = "crashed line" ] &&
	[ -L "$T/l9/$S.000001.u" ] && out_untouched'

hold_pipe
test_ok 'current swapped for a link while running: never opened; lines go on' '
	spawn P tinylog -s 1M "$T/l10" < "$T/fifo" 2>"$T/err10" &&
	linegen -n 100 >&7 && wait_until 5 "[ \"\$(wc -l < $T/l10/current)\" = 100 ]" &&
	mv "$T/l10/current" "$T/l10/moved" && ln -s "$T/out/b" "$T/l10/current" &&
	linegen -n 100 -s 101 >&7 && wait_until 5 "[ \"\$(wc -l < $T/l10/moved)\" = 200 ]" &&
	kill -HUP "$P" && wait_until 5 "[ -f $T/l10/current ] && [ ! -L $T/l10/current ]" &&
	linegen -n 100 -s 201 >&7 && wait_until 5 "[ \"\$(wc -l < $T/l10/current)\" = 100 ]" &&
	kill -TERM "$P" && wait_gone 5 "$P" && out_untouched &&
	cat "$T/l10/moved" "$T/l10/current" | linecheck -n 300 - >/dev/null'
exec 7>&-

# Structure: every call that makes, changes or removes a name is relative
# to the log directory's descriptor and names one entry (no '/'); the
# only paths are the directory itself, /dev/null (where consumed input is
# spliced) and files opened read-only (the C library's).
test_ok 'strace: no name outside the directory is created, changed or removed' '
	mkdir "$T/l11" && printf "crash\n" > "$T/l11/current" &&
	linegen -n 3000 | strace -f -qq -o "$T/strace" -e trace=open,openat,creat,mkdir,mkdirat,rename,renameat,renameat2,link,linkat,symlink,symlinkat,unlink,unlinkat,chmod,fchmodat,chown,fchownat,lchown,truncate,utimensat \
	    "$PLAIN_BIN/tinylog" -s 5k -k 3 -z -r "$T/l11" 2>/dev/null &&
	[ "$(narchives "$T/l11")" = 3 ] &&
	grep -vE "^[0-9]+ +(<\.\.\. |\+\+\+|---)" "$T/strace" |
	    grep -vE "^[0-9]+ +(unlinkat|renameat2|linkat|fchmodat)\([0-9]+, \"[^\"/]+\"(, [0-9]+, \"[^\"/]+\")?[,)]" |
	    grep -vE "^[0-9]+ +openat\([0-9]+, \"[^\"/]+\"," |
	    grep -vE "^[0-9]+ +mkdir\(\"$T/l11\", 0700(\)| <unf)" |
	    grep -vE "^[0-9]+ +open(at)?\((AT_FDCWD, )?\"$T/l11\", O_RDONLY\|O_CLOEXEC\|O_DIRECTORY(\)| <unf)" |
	    grep -vE "^[0-9]+ +open(at)?\((AT_FDCWD, )?\"/dev/null\", O_WRONLY\|O_CLOEXEC(\)| <unf)" |
	    grep -vE "^[0-9]+ +open(at)?\((AT_FDCWD, )?\"[^\"]*\", O_RDONLY(\|O_CLOEXEC)?(\)| <unf)" > "$T/strace.rest";
	cat "$T/strace.rest"; [ ! -s "$T/strace.rest" ]'

done_testing
