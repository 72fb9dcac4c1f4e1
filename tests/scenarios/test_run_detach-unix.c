/* run --detach, for a startup script: the run goes on in a session of its
 * own and the script's ccmwrap returns 0 while ccmsetup still runs; the
 * result comes later. The fake holds its installation open until the
 * test has seen that, so nothing here depends on timing. Windows' side
 * (the one-shot local service) is tests/windows/test_wine_service.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "tests/scenarios/scenario.h"

static bool result_is_final(void *context)
{
	return scenario_result_is(context, "success");
}

static void test_detach_returns_while_ccmsetup_runs_and_the_result_comes_later(void **state)
{
	scenario *s = *state;
	char *release = test_path(s->folder, "release");
	strbuf lines = STRBUF_INIT;

	strbuf_printf(&lines, "arg = /fake-hold-until:%s\n", release);
	scenario_write_ini(s, "fix", 1, lines.data);
	scenario_run_detached(s, NULL);
	assert_int_equal(s->run.exit_code, 0);
	scenario_assert_said(&s->run, "ccmwrap: the run goes on in the background, as process ");
	scenario_assert_said(&s->run, "in a session of its own");

	assert_true(test_wait_until(scenario_ccmsetup_is_held, s, 30000));
	/* ccmwrap has returned, ccmsetup has not: the trace says so. */
	scenario_read_result(s);
	assert_int_equal(s->result.outcome, OUTCOME_RUNNING);
	assert_int_not_equal(s->result.process_id, 0);
	assert_int_not_equal(s->result.process_id, (unsigned long)getpid());

	test_write_text(release, "");
	assert_true(test_wait_until(result_is_final, s, 30000));
	scenario_read_result(s);
	scenario_assert_success_at_once(s);
	assert_int_equal(scenario_check(s), 0);
	strbuf_free(&lines);
	free(release);
}

/* A startup script learns of a bad INI from the exit code: it is checked
 * before anything goes to the background. */
static void test_detach_checks_the_ini_first(void **state)
{
	scenario *s = *state;

	scenario_write_ini(s, "fix", 1, "no_such_key = 1\n");
	scenario_run_detached(s, NULL);
	assert_int_equal(s->run.exit_code, TEST_EXIT_SEEN(10001));
	scenario_assert_said(&s->run, "no_such_key");
	assert_false(test_exists(s->result_file));
	assert_false(test_exists(s->ccmsetup_log));
}

static void test_detach_and_dry_run_do_not_go_together(void **state)
{
	scenario *s = *state;

	scenario_write_ini(s, "fix", 1, "");
	scenario_run_detached(s, "--dry-run");
	assert_int_equal(s->run.exit_code, TEST_EXIT_SEEN(10001));
	scenario_assert_said(&s->run, "--detach starts the run in the background and --dry-run "
	                              "only shows the plan here: give one of them");
	assert_false(test_exists(s->result_file));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		scenario_test(test_detach_returns_while_ccmsetup_runs_and_the_result_comes_later),
		scenario_test(test_detach_checks_the_ini_first),
		scenario_test(test_detach_and_dry_run_do_not_go_together),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
