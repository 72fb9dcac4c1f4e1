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

static bool ccmsetup_in_remove_w2k_drivers(void *context)
{
	const scenario *s = context;
	return scenario_file_contains(s->ccmsetup_log, "RemoveW2KDrivers");
}

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
	if (!test_wait_until(ccmsetup_in_remove_w2k_drivers, s, 20000)) {
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		scenario_test(test_sigterm_mid_attempt_stops_ccmsetup_and_exits_10006),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
