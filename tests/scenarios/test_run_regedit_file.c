/* run on registry files as regedit writes them: a plain export stores no
 * descriptor, so its keys are unknown and left alone, and the result file
 * says so; a file with lines regedit skips is not run at all, since the
 * run would write it back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tests/scenarios/scenario.h"
#include "config/base/text.h"

#define ROOT "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Enum\\Root"

static const char plain_export[] =
    "Windows Registry Editor Version 5.00\n\n"
    "[" ROOT "\\*SMS_MOUSE]\n\n"
    "[" ROOT "\\*SMS_KEYBOARD]\n\n"
    "[" ROOT "\\*SMS_DISPLAY]\n";

static void test_a_plain_export_names_its_unknown_keys(void **state)
{
	scenario *s = *state;

	test_write_text(s->registry, plain_export);
	scenario_write_ini(s, "fix", 1, "");
	scenario_run_to_exit(s, 0);
	assert_int_equal(s->result.acl.targets, 3);
	assert_int_equal(s->result.acl.noncompliant, 0);
	assert_int_equal(s->result.acl.failed, 0);
	assert_int_equal(s->result.warnings.count, 3);
	assert_string_equal(s->result.warnings.items[0],
	                    "left alone HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_MOUSE: no "
	                    "descriptor ccmwrap can read is stored for it or any key above it, so what "
	                    "it allows is unknown");
	assert_null(test_read_file(s->journal, NULL));
}

static void test_skipped_lines_stop_the_run_before_anything_starts(void **state)
{
	scenario *s = *state;
	strbuf text = STRBUF_INIT;

	strbuf_printf(&text, "%sgarbage\n", plain_export);
	test_write_text(s->registry, text.data);
	scenario_write_ini(s, "fix", 1, "");
	scenario_run_to_exit(s, 10002);
	scenario_assert_said(&s->run, ":8: skipped, as regedit skips it: 'garbage' is no .reg line");
	scenario_assert_said(&s->run, "refused, because reading it skipped 1 line as regedit skips "
	                              "them");
	assert_int_equal(s->result.attempt_count, 0);
	assert_null(test_read_file(s->ccmsetup_log, NULL));
	char *now = test_read_file(s->registry, NULL);
	assert_string_equal(now, text.data);
	free(now);
	strbuf_free(&text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		scenario_test(test_a_plain_export_names_its_unknown_keys),
		scenario_test(test_skipped_lines_stop_the_run_before_anything_starts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
