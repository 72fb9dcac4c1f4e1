/* ccmsetup started as a service: the bootstrap logs that it created
 * (ConfigMgr 2007) or started (current branch) the ccmsetup service and
 * exits 0 while the service instance installs. The attempt ends only at
 * the service instance's terminal line, whichever the wording. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/scenarios/scenario.h"

#define EXIT_0_LINE "CcmSetup is exiting with return code 0"
#define SERVICE_CREATED_LINE "Successfully created the ccmsetup service"
#define SERVICE_STARTED_LINE "Successfully started the ccmsetup service"

/* The service instance writes slowly, so a launcher that stopped at the
 * bootstrap's exit would be gone before the installation's end is logged. */
#define SERVICE_LINES "arg = /fake-service\narg = /fake-delay:20\nmode = auto\n"
#define CURRENT_WORDING "arg = /fake-wording:current\n"

static void test_success_is_the_service_instance_terminal_line(void **state)
{
	scenario *s = *state;
	scenario_write_ini(s, "fix", 3, SERVICE_LINES CURRENT_WORDING);

	scenario_run_to_exit(s, 0);
	scenario_assert_success_at_once(s);
	assert_int_equal(scenario_file_count(s->ccmsetup_log, SERVICE_STARTED_LINE), 1);
	assert_int_equal(scenario_file_count(s->ccmsetup_log, "Installation succeeded."), 1);
	assert_int_equal(scenario_file_count(s->ccmsetup_log, EXIT_0_LINE), 2);
	/* The console tells the two exits 0 apart, as scan-log does. */
	scenario_assert_said(&s->run, EXIT_0_LINE "  [ccmsetup-exit -> hand-over]\n");
	scenario_assert_said(&s->run, EXIT_0_LINE "  [ccmsetup-exit -> success]\n");
}

/* ConfigMgr 2007's wording: the service instance's 1602 is the attempt's,
 * not the bootstrap's 0. */
static void test_2007_wording_service_instance_failure_is_the_failure(void **state)
{
	scenario *s = *state;
	scenario_write_ini(s, "off", 1, SERVICE_LINES);

	scenario_run_to_exit(s, 1602);
	assert_int_equal(s->result.outcome, OUTCOME_FAILED);
	assert_int_equal(s->result.attempt_count, 1);
	assert_int_equal(s->result.attempts[0].exit_code, 1602);
	assert_true(scenario_attempt_has(&s->result.attempts[0], "kb2000387-cancelled"));
	assert_int_equal(scenario_file_count(s->ccmsetup_log, SERVICE_CREATED_LINE), 1);
	assert_int_equal(scenario_file_count(s->ccmsetup_log, EXIT_0_LINE), 1);
}

static void test_service_instance_failure_wins_over_bootstrap_exit_0(void **state)
{
	scenario *s = *state;
	scenario_write_ini(s, "off", 3, SERVICE_LINES CURRENT_WORDING);

	scenario_run_to_exit(s, 0);
	assert_int_equal(s->result.attempt_count, 2);
	assert_int_equal(s->result.attempts[0].exit_code, 1602);
	assert_true(scenario_attempt_has(&s->result.attempts[0], "kb2000387-cancelled"));
	assert_int_equal(s->result.attempts[1].exit_code, 0);
	assert_int_equal(scenario_check(s), 0);
	assert_int_equal(scenario_file_count(s->ccmsetup_log, "Installation succeeded."), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		scenario_test(test_success_is_the_service_instance_terminal_line),
		scenario_test(test_2007_wording_service_instance_failure_is_the_failure),
		scenario_test(test_service_instance_failure_wins_over_bootstrap_exit_0),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
