/* SIGTERM (or Ctrl-C) while ccmsetup runs: ccmwrap stops its child, still
 * writes the result file, and exits 10006, with no status MIF (ConfigMgr
 * is to run the program again). POSIX only: libuv on Windows
 * ends a child it "signals" with TerminateProcess, so no test there can
 * deliver a signal to ccmwrap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <cmocka.h>
#include <uv.h>

#include "tests/scenarios/scenario.h"

/* The fake logs its process id in its first line, as ccmsetup does. */
static int ccmsetup_pid(const scenario *s)
{
	static const char marker[] = "ccmsetup started in process ";
	char *log = test_read_file(s->ccmsetup_log, NULL);
	assert_non_null(log);
	char *at = strstr(log, marker);
	assert_non_null(at);
	int pid = atoi(at + strlen(marker));
	free(log);
	return pid;
}

static void test_sigterm_mid_attempt_stops_ccmsetup_and_exits_10006(void **state)
{
	scenario *s = *state;
	scenario_write_ini(s, "off", 3, "arg = /fake-hang\nstall_timeout = 10m\n");
	scenario_write_old_mif(s);

	test_process *run = scenario_start(s);
	if (!test_wait_until(scenario_ccmsetup_hangs, s, 20000)) {
		test_signal(run, SIGKILL);
		scenario_finish(s, run);
		fprintf(stderr, "ccmwrap said:\n%s%s", s->run.out, s->run.err);
		fail_msg("ccmsetup.log never showed RemoveW2KDrivers");
	}
	int child = ccmsetup_pid(s);
	test_signal(run, SIGTERM);
	scenario_finish(s, run);

	scenario_read_result(s);
	scenario_assert_exit(s, 10006);
	assert_int_equal(s->result.outcome, OUTCOME_INTERRUPTED);
	assert_int_equal(s->result.attempt_count, 1);
	assert_false(s->result.attempts[0].stalled);
	/* ccmwrap waited for its child to end before it exited. */
	assert_int_equal(uv_kill(child, 0), UV_ESRCH);
	/* The earlier run's MIF went when this one started. */
	assert_false(test_exists(s->mif));
	scenario_assert_said(&s->run, "no status MIF for a run that ended interrupted");
}

/* A run cut off where nothing can answer (Group Policy ending a startup
 * script, the service's process killed) leaves its trace: the result file
 * `running` with its process id, and LastOutcome running. The next run
 * says the earlier one was interrupted, in its result and its log. */
static void test_a_killed_service_run_leaves_running_that_the_next_run_reports(void **state)
{
	scenario *s = *state;
	scenario_write_ini(s, "off", 1, "arg = /fake-hang\nstall_timeout = 10m\n");

	test_process *service = scenario_start_as(s, "service");
	int service_pid = test_pid(service);
	if (!test_wait_until(scenario_ccmsetup_hangs, s, 20000)) {
		test_signal(service, SIGKILL);
		scenario_finish(s, service);
		fail_msg("ccmsetup.log never showed RemoveW2KDrivers: %s%s", s->run.out, s->run.err);
	}
	int child = ccmsetup_pid(s);
	test_signal(service, SIGKILL);
	scenario_finish(s, service);
	assert_int_equal(uv_kill(child, SIGKILL), 0);

	scenario_read_result(s);
	assert_int_equal(s->result.outcome, OUTCOME_RUNNING);
	assert_int_equal(s->result.process_id, (unsigned long)service_pid);
	assert_int_equal(s->result.exit_code, 10006);
	char *outcome = scenario_last_outcome(s);
	assert_string_equal(outcome, "running");
	free(outcome);
	char *started = xstrdup(s->result.started_text);

	scenario_write_ini(s, "fix", 1, "");
	scenario_run(s);
	scenario_read_result(s);
	scenario_assert_success_at_once(s);
	strbuf expected = STRBUF_INIT;
	strbuf_printf(&expected, "the run started %s (process %d) was cut off before it ended: "
	              "interrupted", started, service_pid);
	assert_int_equal(s->result.warnings.count, 1);
	assert_string_equal(s->result.warnings.items[0], expected.data);
	scenario_assert_said(&s->run, expected.data);
	assert_true(scenario_file_contains(s->own_log, expected.data));
	outcome = scenario_last_outcome(s);
	assert_string_equal(outcome, "success");
	free(outcome);
	strbuf_free(&expected);
	free(started);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		scenario_test(test_sigterm_mid_attempt_stops_ccmsetup_and_exits_10006),
		scenario_test(test_a_killed_service_run_leaves_running_that_the_next_run_reports),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
