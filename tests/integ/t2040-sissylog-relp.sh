#!/bin/bash
# RELP: rsyslogd restarted twice while sissylog sends 100,000 numbered
# lines with the block policy: every line arrives; repeats (only a message
# whose answer was lost is sent again) are counted and reported.
. "$(dirname "$0")/lib.sh"
. "$PEERS/rsyslog.sh"
. "$(dirname "$0")/lib-sissylog.sh"
netns_private "$@"
need_cmd rsyslogd
sl_have_relp || skip_all "sissylog: RELP support is not compiled in"
rsyslog_have_relp || skip_all "rsyslog-relp is not installed"

test_ok 'rsyslogd starts' 'rsyslog_start "$T/rs"'

test_ok 'two restarts of rsyslogd during 100,000 lines: none lost' '
	sl_restarts relp 100000 -d relp:127.0.0.1:$RS_RELP &&
	[ "$(sl_field relp missing)" -eq 0 ] &&
	[ "$(sl_field relp corrupt)" -eq 0 ] &&
	[ "$(sl_field relp torn)" -eq 0 ]'
echo "# RELP, 100000 lines, 2 restarts: lost $(sl_field relp missing), repeated $(sl_field relp dup)"

done_testing
