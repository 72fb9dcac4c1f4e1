/* Another installation is running (on POSIX: a fake ccmsetup holds the
 * busy lock beside ccmsetup.log, as an installation holds the MSI mutex).
 * ccmwrap waits busy_wait for it, then gives up with 1618 so that
 * ConfigMgr retries later, without starting ccmsetup, and with no status
 * MIF, whose "Failed" would make ConfigMgr take the failure as final. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <signal.h>
#include <cmocka.h>
#include <uv.h>

#include "wrapper/run/busy.h"
#include "tests/scenarios/scenario.h"
#include "config/base/text.h"

static bool installation_runs(void *context)
{
	const scenario *s = context;
	loglocate_site site = { .ccmsetup_log = s->ccmsetup_log };
	loglocate_list sites = { .sites = &site, .count = 1, .configured = true };
	busy_places places = { &sites, NULL };
	bool busy = false;
	strbuf reason = STRBUF_INIT;
	error_message err;

	assert_true(busy_check(&places, &busy, &reason, &err));
	strbuf_free(&reason);
	return busy;
}

static void test_busy_waits_then_1618(void **state)
{
	scenario *s = *state;
	scenario_write_ini(s, "fix", 3, "");
	scenario_write_old_mif(s);
	strbuf logdir = STRBUF_INIT;
	strbuf_printf(&logdir, "/fake-logdir:%s", s->logs);
	const char *holder_args[] = { CCMWRAP_FAKE_CCMSETUP, "/fake-hold-busy:20000", logdir.data,
	                              NULL };
	test_process *holder = test_start(holder_args, s->folder);
	assert_true(test_wait_until(installation_runs, s, 10000));

	uint64_t started = uv_hrtime();
	scenario_run(s);
	uint64_t waited_ms = (uv_hrtime() - started) / 1000000u;

	test_run_result holder_run;
	test_signal(holder, SIGTERM);
	test_wait(holder, &holder_run);
	test_run_result_free(&holder_run);
	scenario_read_result(s);
	scenario_assert_exit(s, 1618);
	assert_int_equal(s->result.outcome, OUTCOME_BUSY);
	assert_int_equal(s->result.attempt_count, 0);
	/* It gave the other installation busy_wait (300ms) before giving up. */
	assert_true(waited_ms >= 300);
	assert_false(scenario_file_contains(s->ccmsetup_log, "ccmsetup started"));
	/* The earlier run's MIF went when this one started. */
	assert_false(test_exists(s->mif));
	scenario_assert_said(&s->run, "no status MIF for a run that ended busy");
	strbuf_free(&logdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		scenario_test(test_busy_waits_then_1618),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
