/* `ccmwrap config` as a user runs it: exit codes, messages on stderr, the
 * effective configuration on stdout, and that output read back unchanged
 * for every sample INI. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include <cmocka.h>

#include "wrapper/report/exitcode.h"
#include "config/base/text.h"
#include "tests/support/testsupport.h"

static void run_config(const char *ini, test_run_result *result)
{
	const char *args[] = { CCMWRAP_BINARY, "config", "-c", ini, NULL };

	test_run(args, NULL, result);
}

static void an_invalid_ini_exits_10001_with_every_message(void **state)
{
	test_run_result result;
	char *ini = test_path(test_group_folder, "bad.ini");
	char expected[4096];
	(void)state;

	test_write_text(ini, "[ccmsetup]\ntimeout = 5\n[nope]\n");
	run_config(ini, &result);
	assert_int_equal(result.exit_code, TEST_EXIT_SEEN(EXIT_CONFIG_INVALID));
	snprintf(expected, sizeof expected,
	         "%s:1: [ccmsetup] has no path; expected a 'path = ...' line\n"
	         "%s:2: timeout: '5' has no unit; expected a number and ms, s, m or h (500ms, 90s, "
	         "15m, 2h), or 0 for none\n"
	         "%s:3: unknown section [nope]; expected [ccmsetup], [logs], [acl], [retry], [report] "
	         "or [signature NAME]\n",
	         ini, ini, ini);
	assert_string_equal(result.err, expected);
	assert_string_equal(result.out, "");
	test_run_result_free(&result);
	free(ini);
}

static void a_bad_command_line_exits_10001(void **state)
{
	const char *args[] = { CCMWRAP_BINARY, "config", "--registry", "x.reg", NULL };
	test_run_result result;
	(void)state;

	test_run(args, NULL, &result);
	assert_int_equal(result.exit_code, TEST_EXIT_SEEN(EXIT_CONFIG_INVALID));
	assert_non_null(strstr(result.err, "unknown option '--registry' for this command"));
	test_run_result_free(&result);
}

static void an_over_long_line_exits_10001(void **state)
{
	test_run_result result;
	char *ini = test_path(test_group_folder, "long.ini");
	char text[512];
	char value[251];
	char expected[1024];
	(void)state;

	memset(value, 'x', 250);
	value[250] = '\0';
	snprintf(text, sizeof text, "[ccmsetup]\npath = c.exe\narg = %s\n", value);
	test_write_text(ini, text);
	run_config(ini, &result);
	assert_int_equal(result.exit_code, TEST_EXIT_SEEN(EXIT_CONFIG_INVALID));
	snprintf(expected, sizeof expected,
	         "%s:3: line is longer than 197 characters; expected at most 197 (libinih's limit): "
	         "shorten it, e.g. with a %%VARIABLE%%\n", ini);
	assert_string_equal(result.err, expected);
	test_run_result_free(&result);
	free(ini);
}

/* config's output, run through config again, prints the same. */
static void assert_round_trip(const char *sample)
{
	test_run_result first;
	test_run_result second;
	char *ini = test_copy_source(sample, test_group_folder);
	char *copy = test_path(test_group_folder, "printed.ini");

	run_config(ini, &first);
	if (first.exit_code != 0)
		print_error("%s: %s\n", sample, first.err);
	assert_int_equal(first.exit_code, 0);
	assert_string_equal(first.err, "");
	test_write_text(copy, first.out);
	run_config(copy, &second);
	assert_int_equal(second.exit_code, 0);
	assert_string_equal(second.out, first.out);
	test_run_result_free(&first);
	test_run_result_free(&second);
	free(copy);
	free(ini);
}

static void samples_round_trip(void **state)
{
	(void)state;
	assert_round_trip("samples/kb2000387.ini");
	assert_round_trip("samples/minimal.ini");
	assert_round_trip("samples/current-branch.ini");
}

static void the_kb2000387_sample_prints_its_case(void **state)
{
	test_run_result result;
	char *ini = test_copy_source("samples/kb2000387.ini", test_group_folder);
	(void)state;

	run_config(ini, &result);
	assert_int_equal(result.exit_code, 0);
	char *share = test_native_path("//SCCM01/SMS_ABC/Client/ccmsetup.exe");
	strbuf section = STRBUF_INIT;
	strbuf_printf(&section, "\n[ccmsetup]\npath = %s\narg = /mp:SCCM01\narg = SMSSITECODE=ABC\n",
	              share);
	assert_non_null(strstr(result.out, section.data));
	strbuf_free(&section);
	free(share);
	assert_non_null(strstr(result.out, "key = HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_MOUSE\n"));
	assert_non_null(strstr(result.out, "\n[signature kb2000387-cancelled]\n"
	                                   "match = Installation was cancelled (1602)\nsource = ccmsetup\n"
	                                   "code = 1602\naction = fix-retry\n"));
	test_run_result_free(&result);
	free(ini);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(an_invalid_ini_exits_10001_with_every_message),
		cmocka_unit_test(a_bad_command_line_exits_10001),
		cmocka_unit_test(an_over_long_line_exits_10001),
		cmocka_unit_test(samples_round_trip),
		cmocka_unit_test(the_kb2000387_sample_prints_its_case),
	};
	return cmocka_run_group_tests(tests, test_group_folder_make, test_group_folder_remove);
}
