/* What push shows: the live line's counts, rewritten in place with what
 * is left of a longer line blanked, and one plain line per host when the
 * output is no terminal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wrapper/push/pushprogress.h"

#define DOT " \xC2\xB7 "

static char *written(FILE *file)
{
	long size = ftell(file);
	char *text = calloc(1, (size_t)size + 1);

	rewind(file);
	assert_int_equal(fread(text, 1, (size_t)size, file), (size_t)size);
	fclose(file);
	return text;
}

static void test_the_live_line_counts_each_kind(void **state)
{
	FILE *file = tmpfile();
	pushprogress progress;
	strbuf line = STRBUF_INIT;

	(void)state;
	assert_non_null(file);
	pushprogress_init(&progress, file, true, 200);
	for (int i = 0; i < 3; i++)
		pushprogress_started(&progress);
	pushprogress_finished(&progress, "pc1", OUTCOME_SUCCESS, 0, 0);
	pushprogress_finished(&progress, "pc2", OUTCOME_UNREACHABLE, 53, 0);
	pushprogress_format(&progress, &line);
	assert_string_equal(line.data, "2/200 done" DOT "0 failed" DOT "1 running" DOT "1 unreachable");
	pushprogress_finished(&progress, "pc3", OUTCOME_FAILED, 1603, 0);
	pushprogress_end(&progress);
	char *text = written(file);
	assert_string_equal(text,
	                    "\r0/200 done" DOT "0 failed" DOT "1 running" DOT "0 unreachable"
	                    "\r0/200 done" DOT "0 failed" DOT "2 running" DOT "0 unreachable"
	                    "\r0/200 done" DOT "0 failed" DOT "3 running" DOT "0 unreachable"
	                    "\r1/200 done" DOT "0 failed" DOT "2 running" DOT "0 unreachable"
	                    "\r2/200 done" DOT "0 failed" DOT "1 running" DOT "1 unreachable"
	                    "\r3/200 done" DOT "1 failed" DOT "0 running" DOT "1 unreachable\n");
	free(text);
	strbuf_free(&line);
}

static void test_a_shorter_line_blanks_the_rest(void **state)
{
	FILE *file = tmpfile();
	pushprogress progress;

	(void)state;
	pushprogress_init(&progress, file, true, 10);
	for (int i = 0; i < 10; i++)
		pushprogress_started(&progress);
	pushprogress_finished(&progress, "pc1", OUTCOME_SUCCESS, 0, 0);
	char *text = written(file);
	const char *last = strrchr(text, '\r');
	assert_string_equal(last, "\r1/10 done" DOT "0 failed" DOT "9 running" DOT "0 unreachable ");
	free(text);
}

static void test_without_a_terminal_each_host_gets_a_line(void **state)
{
	FILE *file = tmpfile();
	pushprogress progress;

	(void)state;
	pushprogress_init(&progress, file, false, 3);
	pushprogress_started(&progress);
	pushprogress_finished(&progress, "pc1", OUTCOME_REBOOT, 3010, 0);
	pushprogress_finished(&progress, "pc\x1b[2J", OUTCOME_UNREACHABLE, 67, 0);
	pushprogress_finished(&progress, "pc3", OUTCOME_SUCCESS, 0, 8);
	pushprogress_end(&progress);
	char *text = written(file);
	assert_string_equal(text, "pc1: reboot (exit 3010)\npc\\x1b[2J: unreachable (exit 67)\n"
	                          "pc3: success (exit 0), 8 keys repaired\n");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_live_line_counts_each_kind),
		cmocka_unit_test(test_a_shorter_line_blanks_the_rest),
		cmocka_unit_test(test_without_a_terminal_each_host_gets_a_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
