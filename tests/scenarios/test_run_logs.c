/* The logs as the real writers leave them: ccmsetup.log rotated to
 * ccmsetup.lo_ in the middle of an attempt, client.msi.log in each of the
 * encodings Windows Installer uses. Every event still reaches ccmwrap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "tests/scenarios/scenario.h"

static void test_rotation_mid_attempt_loses_no_terminal_line(void **state)
{
	scenario *s = *state;
	scenario_write_ini(s, "fix", 3, "arg = /fake-rotate\n");

	scenario_run_to_exit(s, 0);
	scenario_assert_success_at_once(s);
	char *rotated = test_path(s->logs, "ccmsetup.lo_");
	assert_true(scenario_file_contains(rotated, "RemoveW2KDrivers"));
	assert_true(scenario_file_contains(s->ccmsetup_log, "CcmSetup is exiting with return code 0"));
	free(rotated);
}

/* "SetupDiGetClassDevs failed" is written to client.msi.log only. */
static void assert_msi_log_read(void **state, const char *encoding_line)
{
	scenario *s = *state;
	scenario_write_ini(s, "off", 3, encoding_line);

	scenario_run_to_exit(s, 0);
	assert_int_equal(s->result.attempt_count, 2);
	assert_true(scenario_attempt_has(&s->result.attempts[0], "remove-w2k-drivers"));
}

static void test_msi_log_in_utf16(void **state)
{
	assert_msi_log_read(state, "arg = /fake-msi-encoding:utf16\n");
}

static void test_msi_log_in_utf16_without_bom(void **state)
{
	assert_msi_log_read(state, "arg = /fake-msi-encoding:utf16-nobom\n");
}

static void test_msi_log_in_utf8(void **state)
{
	assert_msi_log_read(state, "arg = /fake-msi-encoding:utf8\n");
}

static void test_msi_log_in_ansi(void **state)
{
	assert_msi_log_read(state, "arg = /fake-msi-encoding:ansi\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		scenario_test(test_rotation_mid_attempt_loses_no_terminal_line),
		scenario_test(test_msi_log_in_utf16),
		scenario_test(test_msi_log_in_utf16_without_bom),
		scenario_test(test_msi_log_in_utf8),
		scenario_test(test_msi_log_in_ansi),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
