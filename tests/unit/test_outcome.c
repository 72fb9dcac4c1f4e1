#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "wrapper/report/exitcode.h"
#include "wrapper/report/outcome.h"

static void test_exit_codes_follow_the_design_table(void **state)
{
	(void)state;
	assert_int_equal(outcome_exit_code(OUTCOME_SUCCESS, 0), 0);
	assert_int_equal(outcome_exit_code(OUTCOME_CURRENT, 0), 0);
	assert_int_equal(outcome_exit_code(OUTCOME_SKIPPED, 0), 0);
	assert_int_equal(outcome_exit_code(OUTCOME_REBOOT, 7), 3010);
	assert_int_equal(outcome_exit_code(OUTCOME_REBOOT, 3010), 3010);
	assert_int_equal(outcome_exit_code(OUTCOME_REBOOT, 1641), 1641);
	assert_int_equal(outcome_exit_code(OUTCOME_BUSY, 1618), 1618);
	assert_int_equal(outcome_exit_code(OUTCOME_FAILED, 1602), 1602);
	assert_int_equal(outcome_exit_code(OUTCOME_FAILED, 0x80070005u), 0x80070005u);
	assert_int_equal(outcome_exit_code(OUTCOME_FAILED, 0), 1603);
	assert_int_equal(outcome_exit_code(OUTCOME_CONFIG, 0), 10001);
	assert_int_equal(outcome_exit_code(OUTCOME_ACL, 0), 10002);
	assert_int_equal(outcome_exit_code(OUTCOME_SPAWN, 0), 10003);
	assert_int_equal(outcome_exit_code(OUTCOME_STALLED, 1602), 10004);
	assert_int_equal(outcome_exit_code(OUTCOME_INTERRUPTED, 0), 10006);
	assert_int_equal(outcome_exit_code(OUTCOME_ALREADY_RUNNING, 0), 10007);
	assert_int_equal(outcome_exit_code(OUTCOME_UNVERIFIED, 0), 10008);
	/* A trace never replaced is a run cut off. */
	assert_int_equal(outcome_exit_code(OUTCOME_RUNNING, 0), 10006);
	/* An unreachable host keeps the Win32 error that stopped push. */
	assert_int_equal(outcome_exit_code(OUTCOME_UNREACHABLE, 53), 53);
	assert_int_equal(outcome_exit_code(OUTCOME_UNREACHABLE, 0), 10009);
}

static void test_names_round_trip(void **state)
{
	const char *names[] = { "success", "current", "skipped", "reboot", "failed", "busy",
	                        "config", "acl", "spawn", "stalled", "interrupted", NULL,
	                        "unverified", "running", "unreachable" };
	outcome_kind kind;

	(void)state;
	assert_int_equal(sizeof names / sizeof names[0], OUTCOME_KIND_COUNT);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (names[i] == NULL)
			continue;
		assert_true(outcome_from_name(names[i], &kind));
		assert_int_equal(kind, (outcome_kind)i);
		assert_string_equal(outcome_name(kind), names[i]);
	}
	assert_false(outcome_from_name("Success", &kind));
	assert_false(outcome_from_name("", &kind));
	assert_null(outcome_name(OUTCOME_ALREADY_RUNNING));
}

static void test_success_for_configmgr(void **state)
{
	(void)state;
	assert_true(outcome_is_success(OUTCOME_SUCCESS));
	assert_true(outcome_is_success(OUTCOME_CURRENT));
	assert_true(outcome_is_success(OUTCOME_SKIPPED));
	assert_true(outcome_is_success(OUTCOME_REBOOT));
	assert_false(outcome_is_success(OUTCOME_FAILED));
	assert_false(outcome_is_success(OUTCOME_BUSY));
	assert_false(outcome_is_success(OUTCOME_INTERRUPTED));
	assert_false(outcome_is_success(OUTCOME_RUNNING));
	assert_false(outcome_is_success(OUTCOME_UNREACHABLE));
}

/* Only what ConfigMgr should run again goes without a status MIF. */
static void test_retryable_for_configmgr(void **state)
{
	(void)state;
	for (int kind = 0; kind < OUTCOME_KIND_COUNT; kind++)
		assert_int_equal(outcome_is_retryable((outcome_kind)kind),
		                 kind == OUTCOME_BUSY || kind == OUTCOME_INTERRUPTED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exit_codes_follow_the_design_table),
		cmocka_unit_test(test_names_round_trip),
		cmocka_unit_test(test_success_for_configmgr),
		cmocka_unit_test(test_retryable_for_configmgr),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
