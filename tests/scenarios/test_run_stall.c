/* The seed's hang: RemoveW2KDrivers waits for a device it may not remove
 * and logs nothing more. ccmwrap sees no new event for stall_timeout,
 * re-applies the permissions, stops ccmsetup and counts the attempt as
 * stalled and retryable; the next attempt succeeds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tests/scenarios/scenario.h"
#include "tests/support/testsupport.h"

/* A run whose first attempt hangs (with ccmsetup_lines in the INI) ends in
 * success at the second, after the watchdog stopped the first. */
static void run_hang_to_recovery(scenario *s, const char *ccmsetup_lines)
{
	scenario_write_ini(s, "off", 3, ccmsetup_lines);
	scenario_run_to_exit(s, 0);
	assert_int_equal(s->result.outcome, OUTCOME_SUCCESS);
	assert_int_equal(s->result.attempt_count, 2);
	assert_true(s->result.attempts[0].stalled);
	assert_false(s->result.attempts[1].stalled);
	assert_int_equal(s->result.attempts[1].exit_code, 0);
	assert_true(s->result.acl.fixed > 0);
	assert_int_equal(scenario_check(s), 0);
	assert_int_equal(scenario_file_count(s->ccmsetup_log, "Installation succeeded."), 1);
}

static void test_hang_in_remove_w2k_drivers_is_recovered(void **state)
{
	run_hang_to_recovery(*state, "arg = /fake-hang\nstall_timeout = 300ms\n");
}

/* On a German Windows the action lines are German: the watchdog still
 * knows RemoveW2KDrivers runs and arms, as on an English one. */
static void test_a_hang_on_a_german_windows_is_recovered(void **state)
{
	scenario *s = *state;

	run_hang_to_recovery(s, "arg = /fake-hang\narg = /fake-language:de\nstall_timeout = 300ms\n");
	assert_true(scenario_file_contains(s->ccmsetup_log, "MSI: Aktion "));
	scenario_assert_said(&s->run, "RemoveW2KDrivers");
}

/* Asked to close (SIGTERM; WM_CLOSE on Windows), this one does not: after
 * stop_grace it is ended, with its command line in the log, and retried. */
static void test_a_ccmsetup_that_ignores_the_request_is_ended(void **state)
{
	scenario *s = *state;
	scenario_write_ini(s, "off", 3, "arg = /fake-hang\narg = /fake-ignore-stop\n"
	                                "stall_timeout = 300ms\nstop_grace = 1s\nmode = noservice\n");

	scenario_run_to_exit(s, 0);
	assert_int_equal(s->result.attempt_count, 2);
	assert_true(s->result.attempts[0].stalled);
	assert_int_equal(s->result.attempts[1].exit_code, 0);
	const char *asked = strstr(s->run.out, "  asked ccmsetup (process ");
	const char *forced = strstr(s->run.out, "  ccmsetup did not stop within stop_grace: ending what "
	                                        "still runs");
	const char *ended = strstr(s->run.out, "  ended ccmsetup, process ");
	assert_non_null(asked);
	assert_non_null(forced);
	assert_non_null(ended);
	assert_true(asked < forced && forced < ended);
	assert_non_null(strstr(ended, "/fake-ignore-stop"));
	char *own_log = test_path(s->folder, "ccmwrap.log");
	assert_true(scenario_file_contains(own_log, "ended ccmsetup, process "));
	free(own_log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		scenario_test(test_hang_in_remove_w2k_drivers_is_recovered),
		scenario_test(test_a_hang_on_a_german_windows_is_recovered),
		scenario_test(test_a_ccmsetup_that_ignores_the_request_is_ended),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
