/* The seed's hang: RemoveW2KDrivers waits for a device it may not remove
 * and logs nothing more. ccmwrap sees no new event for stall_timeout,
 * re-applies the permissions, stops ccmsetup and counts the attempt as
 * stalled and retryable; the next attempt succeeds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "scenario.h"

static void test_hang_in_remove_w2k_drivers_is_recovered(void **state)
{
	scenario *s = *state;
	scenario_write_ini(s, "off", 3, "arg = /fake-hang\nstall_timeout = 300ms\n");

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		scenario_test(test_hang_in_remove_w2k_drivers_is_recovered),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
