/* How a run that does not simply succeed ends: the code ConfigMgr sees and
 * the result file's outcome (docs/DESIGN.md "Exit codes"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <uv.h>

#include "tests/scenarios/scenario.h"
#include "tests/support/testsupport.h"
#include "config/base/text.h"

static void test_retries_exhausted_pass_the_last_code_through(void **state)
{
	scenario *s = *state;
	scenario_write_ini(s, "fix", 2, "arg = /fake-fail:1603\n");

	scenario_run_to_exit(s, 1603);
	assert_int_equal(s->result.outcome, OUTCOME_FAILED);
	assert_int_equal(s->result.attempt_count, 2);
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(s->result.attempts[i].number, i + 1);
		assert_int_equal(s->result.attempts[i].exit_code, 1603);
		assert_true(scenario_attempt_has(&s->result.attempts[i], "msi-return-value-3"));
	}
	assert_int_equal(scenario_file_count(s->ccmsetup_log, "Installation failed with error code 1603"),
	                 2);
}

static void test_ccmsetup_exit_7_is_reboot_required_3010(void **state)
{
	scenario *s = *state;
	scenario_write_ini(s, "fix", 3, "arg = /fake-exit:7\n");

	scenario_run_to_exit(s, 3010);
	assert_int_equal(s->result.outcome, OUTCOME_REBOOT);
	assert_int_equal(s->result.attempt_count, 1);
	assert_int_equal(s->result.attempts[0].exit_code, 7);
	assert_int_equal(scenario_check(s), 0);
}

static void test_missing_ccmsetup_is_10003(void **state)
{
	scenario *s = *state;
	char *missing = test_path(s->folder, "no-such-folder/ccmsetup.exe");
	scenario_write_ini_for(s, missing, "fix", 3, "");

	scenario_run_to_exit(s, 10003);
	assert_int_equal(s->result.outcome, OUTCOME_SPAWN);
	assert_true(strstr(s->run.err, missing) != NULL || strstr(s->run.out, missing) != NULL);
	assert_false(scenario_file_contains(s->ccmsetup_log, "ccmsetup started"));
	free(missing);
}

/* A ccmsetup that exists but cannot be executed (no execute permission;
 * on Windows no program at all) fails when it is spawned, after the log
 * followers started: the attempt must end cleanly, its handles closed
 * before its memory is freed (ccmwrap runs under ASan here). */
static void test_a_ccmsetup_that_cannot_be_executed_is_10003(void **state)
{
	scenario *s = *state;
	char *program = test_path(s->folder, "ccmsetup.exe");
	uv_fs_t request;

	test_write_text(program, "not a program\r\n");
	assert_int_equal(uv_fs_chmod(NULL, &request, program, 0644, NULL), 0);
	uv_fs_req_cleanup(&request);
	scenario_write_ini_for(s, program, "off", 3, "");

	scenario_run_to_exit(s, 10003);
	assert_int_equal(s->result.outcome, OUTCOME_SPAWN);
	scenario_assert_said(&s->run, "ccmsetup could not be started: cannot start '");
	assert_true(strstr(s->run.err, program) != NULL || strstr(s->run.out, program) != NULL);
	free(program);
}

/* The INI's ccmsetup.log cannot be followed (a folder stands at its path):
 * the attempt fails to start before ccmsetup runs, and its handles close
 * before its memory is freed. */
static void test_a_log_that_cannot_be_followed_is_10003(void **state)
{
	scenario *s = *state;
	char *msi_log = test_path(s->logs, "client.msi.log");
	uv_fs_t request;
	strbuf said = STRBUF_INIT;

	assert_int_equal(uv_fs_mkdir(NULL, &request, s->ccmsetup_log, 0700, NULL), 0);
	uv_fs_req_cleanup(&request);
	scenario_write_ini(s, "off", 3, "");

	scenario_run_to_exit(s, 10003);
	assert_int_equal(s->result.outcome, OUTCOME_SPAWN);
	assert_int_equal(s->result.attempt_count, 0);
	strbuf_printf(&said, "ccmsetup could not be started: cannot follow %s: not a regular file\n",
	              s->ccmsetup_log);
	scenario_assert_said(&s->run, said.data);
	assert_int_equal(uv_fs_stat(NULL, &request, msi_log, NULL), UV_ENOENT);
	uv_fs_req_cleanup(&request);
	strbuf_free(&said);
	free(msi_log);
}

#ifdef _WIN32
#define CRASH_CAUSE "crashed-0xC0000005"
#define CRASH_CONSOLE "crashed with exception 0xC0000005"
#else
#define CRASH_CAUSE "killed-by-signal-6"
#define CRASH_CONSOLE "ended by signal 6"
#endif

static void test_ccmsetup_killed_by_a_signal_is_a_failure(void **state)
{
	scenario *s = *state;
	scenario_write_ini(s, "fix", 1, "arg = /fake-crash\n");

	scenario_run(s);

	scenario_read_result(s);
	assert_int_equal(s->result.outcome, OUTCOME_FAILED);
	assert_int_not_equal(s->result.exit_code, 0);
	scenario_assert_exit(s, s->result.exit_code);
	assert_int_equal(s->result.attempt_count, 1);
	assert_int_equal(s->result.attempts[0].exit_code, s->result.exit_code);
	/* The cause is named, in the result and on the console: the signal on
	 * POSIX, the exception status a crash leaves on Windows. */
	bool cause_recorded = false;
	for (size_t i = 0; i < s->result.attempts[0].signatures.count; i++)
		cause_recorded |= strcmp(s->result.attempts[0].signatures.items[i], CRASH_CAUSE) == 0;
	assert_true(cause_recorded);
	strbuf said = STRBUF_INIT;
	strbuf_printf(&said, "%s%s", s->run.out, s->run.err);
	assert_true(text_contains_nocase(said.data, CRASH_CONSOLE));
	strbuf_free(&said);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		scenario_test(test_retries_exhausted_pass_the_last_code_through),
		scenario_test(test_ccmsetup_exit_7_is_reboot_required_3010),
		scenario_test(test_missing_ccmsetup_is_10003),
		scenario_test(test_a_ccmsetup_that_cannot_be_executed_is_10003),
		scenario_test(test_a_log_that_cannot_be_followed_is_10003),
		scenario_test(test_ccmsetup_killed_by_a_signal_is_a_failure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
