/* test_syslogdest.c: sissylog's -d destinations: every kind, IPv4, IPv6
 * in brackets, names, and each malformed form with its reason. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "syslogdest.h"

static void
test_local(void **state)
{
	struct sysdest d;

	(void)state;
	sysdest_local(&d);
	assert_int_equal(d.kind, SYSDEST_LOCAL);
	assert_string_equal(d.path, "/dev/log");
	assert_false(sysdest_network(&d));
}

static void
test_kinds(void **state)
{
	struct sysdest d;
	const char *why = NULL;

	(void)state;
	assert_int_equal(sysdest_parse("unix:/run/x.sock", &d, &why), 0);
	assert_int_equal(d.kind, SYSDEST_UNIX);
	assert_string_equal(d.path, "/run/x.sock");
	assert_false(sysdest_network(&d));
	assert_int_equal(sysdest_parse("unix:rel/sock", &d, &why), 0);
	assert_string_equal(d.path, "rel/sock");
	assert_int_equal(sysdest_parse("udp:127.0.0.1:514", &d, &why), 0);
	assert_int_equal(d.kind, SYSDEST_UDP);
	assert_string_equal(d.host, "127.0.0.1");
	assert_string_equal(d.port, "514");
	assert_false(d.v6);
	assert_true(sysdest_network(&d));
	assert_int_equal(sysdest_parse("tcp:logs.example.org:6514", &d, &why),
	    0);
	assert_int_equal(d.kind, SYSDEST_TCP);
	assert_string_equal(d.host, "logs.example.org");
	assert_string_equal(d.port, "6514");
	assert_string_equal(d.name, "tcp:logs.example.org:6514");
	assert_int_equal(sysdest_parse("relp:[::1]:2514", &d, &why), 0);
	assert_int_equal(d.kind, SYSDEST_RELP);
	assert_string_equal(d.host, "::1");
	assert_string_equal(d.port, "2514");
	assert_true(d.v6);
	assert_int_equal(sysdest_parse("tcp:[fe80::1%lo]:65535", &d, &why),
	    0);
	assert_string_equal(d.host, "fe80::1%lo");
	assert_string_equal(d.port, "65535");
}

static void
bad(const char *s, const char *reason)
{
	struct sysdest d;
	const char *why = NULL;

	errno = 0;
	assert_int_equal(sysdest_parse(s, &d, &why), -1);
	assert_int_equal(errno, EINVAL);
	assert_non_null(why);
	assert_non_null(strstr(why, reason));
}

static void
test_bad(void **state)
{
	char longpath[200];

	(void)state;
	bad("/dev/log", "unknown destination type");
	bad("tls:h:1", "unknown destination type");
	bad("unix:", "missing socket path");
	bad("udp:host", "missing :port");
	bad("udp::514", "missing host");
	bad("tcp:h:0", "port");
	bad("tcp:h:65536", "port");
	bad("tcp:h:x", "port");
	bad("tcp:h:", "port");
	bad("tcp:h:+5", "port");
	bad("udp:::1:514", "[address]:port");
	bad("relp:[::1]", "[address]:port");
	bad("relp:[::1:514", "[address]:port");
	bad("relp:[]:514", "missing host");
	memset(longpath, 'p', sizeof longpath - 1);
	longpath[sizeof longpath - 1] = '\0';
	memcpy(longpath, "unix:/", 6);
	bad(longpath, "longer than 107");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_local),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
