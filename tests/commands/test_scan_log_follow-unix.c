/* How a signal ends `ccmwrap scan-log --follow`: SIGINT (Ctrl-C) and
 * SIGTERM both read what the log holds by then, print it, and exit 1 when a
 * failure signature was seen, 0 when none was (docs/DESIGN.md "Command line").
 * POSIX only: on Windows libuv ends a child with TerminateProcess instead of
 * delivering a signal. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tests/support/seedlog.h"
#include "tests/support/testsupport.h"
#include "config/base/text.h"

/* The seed's fourth line, "... Windows Installer will return error code
 * 1602.", is its first failure signature. */
#define FIRST_FAILURE_LINE 3

typedef struct follow_case {
	int stop_signal;
	size_t lines_before_start;   /* of the seed, in the log when following starts */
	size_t lines_at_stop;        /* in the log when the signal is sent */
	int expected_exit_code;
	const char *verdict;         /* the last line's, as run would judge the lines read */
} follow_case;

static size_t count_lines(const char *text)
{
	size_t lines = 0;
	for (; *text; text++)
		lines += *text == '\n';
	return lines;
}

/* Follows with -v, so that every event is printed and can be waited for;
 * waits for the last event written before start, appends the rest without
 * waiting, then signals: what was appended must still be printed, once. */
static void run_follow_case(const follow_case *expected)
{
	seed_log seed;
	char *folder = test_make_temp_dir();
	char *path = test_path(folder, "ccmsetup.log");
	const char *args[] = { CCMWRAP_BINARY, "scan-log", "--follow", "--json", "-v", path, NULL };
	test_run_result result;

	seed_log_load(&seed);
	seed_log_append(&seed, path, 0, seed_log_at(&seed, expected->lines_before_start, 0));
	test_process *process = test_start(args, NULL);
	size_t last = expected->lines_before_start - 1;
	seed_log_wait_for(process, seed.time[last], seed.message[last]);
	seed_log_append(&seed, path, seed_log_at(&seed, expected->lines_before_start, 0),
	                seed_log_at(&seed, expected->lines_at_stop, 0));
	test_signal(process, expected->stop_signal);
	test_wait(process, &result);

	assert_int_equal(result.term_signal, 0);
	assert_int_equal(result.exit_code, expected->expected_exit_code);
	assert_string_equal(result.err, "");
	for (size_t line = 0; line < expected->lines_at_stop; line++) {
		if (seed_log_count(result.out, seed.time[line], seed.message[line]) != 1)
			fail_msg("event %s \"%s\" not printed once in:\n%s", seed.time[line],
			         seed.message[line], result.out);
	}
	assert_int_equal(count_lines(result.out), expected->lines_at_stop + 1);
	strbuf verdict = STRBUF_INIT;
	strbuf_printf(&verdict, "{\"file\":\"%s\",\"verdict\":\"%s\"", path, expected->verdict);
	const char *last_line = result.out + strlen(result.out) - 1;
	while (last_line > result.out && last_line[-1] != '\n')
		last_line--;
	assert_memory_equal(last_line, verdict.data, verdict.length);
	strbuf_free(&verdict);
	test_run_result_free(&result);
	seed_log_free(&seed);
	test_remove_tree(folder);
	free(path);
	free(folder);
}

static void test_sigint_after_a_failure_exits_1(void **state)
{
	(void)state;
	follow_case expected = { SIGINT, FIRST_FAILURE_LINE + 1, SEED_LOG_LINES, 1, "fix-retry" };
	run_follow_case(&expected);
}

static void test_sigterm_after_a_failure_exits_1(void **state)
{
	(void)state;
	follow_case expected = { SIGTERM, FIRST_FAILURE_LINE + 1, SEED_LOG_LINES, 1, "fix-retry" };
	run_follow_case(&expected);
}

/* The failure is appended just before the signal: the last read finds it. */
static void test_failure_written_just_before_sigint_exits_1(void **state)
{
	(void)state;
	follow_case expected = { SIGINT, 2, FIRST_FAILURE_LINE + 1, 1, "fix-retry" };
	run_follow_case(&expected);
}

static void test_sigint_without_a_failure_exits_0(void **state)
{
	(void)state;
	follow_case expected = { SIGINT, 1, FIRST_FAILURE_LINE, 0, "not-finished" };
	run_follow_case(&expected);
}

static void test_sigterm_without_a_failure_exits_0(void **state)
{
	(void)state;
	follow_case expected = { SIGTERM, 1, FIRST_FAILURE_LINE, 0, "not-finished" };
	run_follow_case(&expected);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sigint_after_a_failure_exits_1),
		cmocka_unit_test(test_sigterm_after_a_failure_exits_1),
		cmocka_unit_test(test_failure_written_just_before_sigint_exits_1),
		cmocka_unit_test(test_sigint_without_a_failure_exits_0),
		cmocka_unit_test(test_sigterm_without_a_failure_exits_0),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
