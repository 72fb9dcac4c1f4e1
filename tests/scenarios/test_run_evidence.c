/* No success without evidence (docs/DESIGN.md "Evidence"): a ccmsetup
 * that exits 0 without a word in its log, or whose upgrade leaves the
 * client version below target_version, is unverified (10008) and retried;
 * ccmsetup's 7 with the version unchanged is a pending reboot (3010), not
 * an upgrade. The version is read where the 32-bit client keeps it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "wrapper/report/exitcode.h"
#include "checks/registry/registry.h"
#include "tests/scenarios/scenario.h"
#include "config/base/text.h"

#define TARGET "target_version = 4.00.6487.2000\n"

static void assert_every_attempt_unverified(const scenario *s, const char *cause)
{
	for (size_t i = 0; i < s->result.attempt_count; i++) {
		assert_int_equal(s->result.attempts[i].exit_code, 0);
		assert_true(scenario_attempt_has(&s->result.attempts[i], cause));
	}
}

static void test_exit_0_without_a_log_is_unverified_and_retried(void **state)
{
	scenario *s = *state;
	scenario_write_ini(s, "fix", 2, "arg = /fake-silent\n");

	scenario_run_to_exit(s, EXIT_UNVERIFIED);
	assert_int_equal(s->result.outcome, OUTCOME_UNVERIFIED);
	assert_int_equal(s->result.attempt_count, 2);
	assert_every_attempt_unverified(s, "unverified-no-terminal-line");
	assert_non_null(strstr(s->run.out, "not taken for a success: ccmsetup ended with a success "
	                                   "code but wrote no log in this attempt"));
}

static void test_an_upgrade_that_leaves_the_version_is_unverified(void **state)
{
	scenario *s = *state;
	scenario_write_ini(s, "fix", 2, TARGET);

	scenario_run_to_exit(s, EXIT_UNVERIFIED);
	assert_int_equal(s->result.outcome, OUTCOME_UNVERIFIED);
	assert_int_equal(s->result.attempt_count, 2);
	assert_every_attempt_unverified(s, "unverified-version-unchanged");
	assert_int_equal(scenario_file_count(s->ccmsetup_log, "Installation succeeded."), 2);
	assert_non_null(strstr(s->run.out, "the client version did not reach target_version"));
}

/* A 64-bit machine: the fake records the version as the 32-bit client
 * does (Wow6432Node); ccmwrap reads that view first. */
static void test_the_recorded_version_confirms_the_upgrade(void **state)
{
	scenario *s = *state;
	registry *reg;
	error_message err;
	registry_value marker = { "x64", REGISTRY_DWORD, (unsigned char *)"\1\0\0\0", 4 };

	assert_true(registry_open_file(s->registry, &reg, &err));
	assert_true(registry_set_value(reg, "HKLM\\SOFTWARE\\Wow6432Node\\Contoso", &marker, &err));
	assert_true(registry_commit(reg, &err));
	registry_close(reg);
	scenario_write_ini(s, "fix", 2, TARGET "arg = /fake-version:4.00.6487.2000\n");

	scenario_run_to_exit(s, 0);
	scenario_assert_success_at_once(s);
	assert_non_null(strstr(s->run.out, "installed client 4.00.6487.2000 (32-bit view)"));
}

static void test_reboot_with_the_version_unchanged_is_a_pending_reboot(void **state)
{
	scenario *s = *state;
	scenario_write_ini(s, "fix", 3, TARGET "arg = /fake-exit:7\narg = /fake-version:4.00.6487.2000\n");

	scenario_run_to_exit(s, EXIT_REBOOT_REQUIRED);
	assert_int_equal(s->result.outcome, OUTCOME_REBOOT);
	assert_int_equal(s->result.attempt_count, 1);
	assert_int_equal(s->result.attempts[0].exit_code, 7);
	assert_non_null(strstr(s->run.out, "reboot pending, the client is not upgraded yet"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		scenario_test(test_exit_0_without_a_log_is_unverified_and_retried),
		scenario_test(test_an_upgrade_that_leaves_the_version_is_unverified),
		scenario_test(test_the_recorded_version_confirms_the_upgrade),
		scenario_test(test_reboot_with_the_version_unchanged_is_a_pending_reboot),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
