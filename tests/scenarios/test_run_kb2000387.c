/* The seed's story end to end: SYSTEM lacks Full Control on the SMS 2003
 * remote-control keys, so ccmsetup fails with 1602 and Internal Error 2502
 * until the permissions are repaired. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/scenarios/scenario.h"

static void test_preflight_off_fails_then_fixes_then_succeeds(void **state)
{
	scenario *s = *state;
	scenario_write_ini(s, "off", 3, "");
	assert_int_equal(scenario_check(s), 1);

	scenario_run_to_exit(s, 0);
	assert_int_equal(s->result.outcome, OUTCOME_SUCCESS);
	assert_int_equal(s->result.attempt_count, 2);
	const result_attempt *first = &s->result.attempts[0];
	assert_int_equal(first->number, 1);
	assert_int_equal(first->exit_code, 1602);
	assert_false(first->stalled);
	assert_true(scenario_attempt_has(first, "kb2000387-cancelled"));
	assert_true(scenario_attempt_has(first, "msi-internal-error-2502"));
	const result_attempt *second = &s->result.attempts[1];
	assert_int_equal(second->number, 2);
	assert_int_equal(second->exit_code, 0);
	assert_false(second->stalled);
	assert_false(scenario_attempt_has(second, "kb2000387-cancelled"));
	assert_true(s->result.acl.fixed > 0);
	assert_int_equal(s->result.acl.failed, 0);
	assert_int_equal(scenario_check(s), 0);
	assert_int_equal(scenario_file_count(s->ccmsetup_log, "Installation was cancelled (1602)"), 1);
	assert_int_equal(scenario_file_count(s->ccmsetup_log, "Installation succeeded."), 1);
}

static void test_preflight_fix_succeeds_first_time(void **state)
{
	scenario *s = *state;
	scenario_write_ini(s, "fix", 3, "");

	scenario_run_to_exit(s, 0);
	scenario_assert_success_at_once(s);
	assert_false(scenario_attempt_has(&s->result.attempts[0], "kb2000387-cancelled"));
	assert_true(s->result.acl.noncompliant > 0);
	assert_int_equal(s->result.acl.fixed, s->result.acl.noncompliant);
	assert_int_equal(s->result.acl.failed, 0);
	assert_non_null(s->result.acl.journal);
	assert_int_equal(scenario_check(s), 0);
	assert_int_equal(scenario_file_count(s->ccmsetup_log, "Installation was cancelled (1602)"), 0);
}

/* The seed on a Japanese Windows: Internal Error 2502 and the action
 * lines are Japanese, the engine's Note: 1: 2502 is not. */
static void test_a_japanese_installation_is_repaired_the_same_way(void **state)
{
	scenario *s = *state;
	scenario_write_ini(s, "off", 3, "arg = /fake-language:ja\n");

	scenario_run_to_exit(s, 0);
	assert_int_equal(s->result.attempt_count, 2);
	const result_attempt *first = &s->result.attempts[0];
	assert_int_equal(first->exit_code, 1602);
	assert_true(scenario_attempt_has(first, "msi-internal-error-2502"));
	assert_true(scenario_attempt_has(first, "kb2000387-cancelled"));
	assert_int_equal(s->result.attempts[1].exit_code, 0);
	assert_false(scenario_file_contains(s->ccmsetup_log, "Internal Error 2502"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		scenario_test(test_preflight_off_fails_then_fixes_then_succeeds),
		scenario_test(test_preflight_fix_succeeds_first_time),
		scenario_test(test_a_japanese_installation_is_repaired_the_same_way),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
