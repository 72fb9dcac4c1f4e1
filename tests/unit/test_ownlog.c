#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <uv.h>

#include "wrapper/report/ownlog.h"
#include "tests/support/testsupport.h"

static const timestamp_parts seed_time = { 2020, 2, 4, 15, 10, 35, 458 };

static void assert_entry(ownlog_type type, int bias, const char *expected)
{
	strbuf entry = STRBUF_INIT;

	ownlog_format_entry(&entry, "Running ccmsetup", type, &seed_time, bias, 3396);
	assert_string_equal(entry.data, expected);
	strbuf_free(&entry);
}

static void test_entry_is_cmtrace(void **state)
{
	(void)state;
	assert_entry(OWNLOG_INFO, 0,
	             "<![LOG[Running ccmsetup]LOG]!><time=\"15:10:35.458+000\" date=\"02-04-2020\" "
	             "component=\"ccmwrap\" context=\"\" type=\"1\" thread=\"3396\" file=\"\">\r\n");
	assert_entry(OWNLOG_WARNING, 480,
	             "<![LOG[Running ccmsetup]LOG]!><time=\"15:10:35.458+480\" date=\"02-04-2020\" "
	             "component=\"ccmwrap\" context=\"\" type=\"2\" thread=\"3396\" file=\"\">\r\n");
	assert_entry(OWNLOG_ERROR, -60,
	             "<![LOG[Running ccmsetup]LOG]!><time=\"15:10:35.458-060\" date=\"02-04-2020\" "
	             "component=\"ccmwrap\" context=\"\" type=\"3\" thread=\"3396\" file=\"\">\r\n");
}

/* Text in a message (a log line, a key name) cannot end its entry and
 * forge one of its own, nor carry a terminal escape. */
static void test_a_message_cannot_forge_an_entry(void **state)
{
	strbuf entry = STRBUF_INIT;

	(void)state;
	ownlog_format_entry(&entry,
	                    "x]LOG]!><time=\"00:00:00.000+000\" date=\"01-01-2020\" component=\"ccmwrap\" "
	                    "type=\"1\">\r\n<![LOG[Installation succeeded\x1b[8m",
	                    OWNLOG_INFO, &seed_time, 0, 1);
	assert_string_equal(entry.data,
	                    "<![LOG[x]LOG]!\\x3e<time=\"00:00:00.000+000\" date=\"01-01-2020\" "
	                    "component=\"ccmwrap\" type=\"1\">\\x0d\n<![LOG[Installation succeeded"
	                    "\\x1b[8m]LOG]!><time=\"15:10:35.458+000\" date=\"02-04-2020\" "
	                    "component=\"ccmwrap\" context=\"\" type=\"1\" thread=\"1\" file=\"\">\r\n");
	strbuf_free(&entry);
}

static void test_rotated_names(void **state)
{
	const char *cases[][2] = {
		{ "C:\\Windows\\temp\\ccmwrap.log", "C:\\Windows\\temp\\ccmwrap.lo_" },
		{ "/tmp/ccmwrap.LOG", "/tmp/ccmwrap.LO_" },
		{ "/tmp/ccmwrap.txt", "/tmp/ccmwrap.txt.lo_" },
		{ "/tmp/log", "/tmp/log.lo_" },
		{ ".log", ".log.lo_" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *rotated = ownlog_rotated_path(cases[i][0]);
		assert_string_equal(rotated, cases[i][1]);
		free(rotated);
	}
}

static size_t count_occurrences(const char *text, const char *needle)
{
	size_t count = 0;

	for (const char *p = strstr(text, needle); p != NULL; p = strstr(p + 1, needle))
		count++;
	return count;
}

static void test_writes_append_with_this_process_as_thread(void **state)
{
	char *folder = test_make_temp_dir();
	char *path = test_path(folder, "ccmwrap.log");
	char tail[128];
	ownlog log;
	error_message err;
	char *set_aside = NULL;

	(void)state;
	test_write_text(path, "earlier\r\n");
	assert_true(ownlog_open(&log, path, 1024 * 1024, &set_aside, &err));
	assert_true(ownlog_write(&log, OWNLOG_INFO, "first", &err));
	assert_true(ownlog_write(&log, OWNLOG_ERROR, "exit code 1602", &err));
	ownlog_close(&log);
	char *text = test_read_file(path, NULL);
	assert_true(strncmp(text, "earlier\r\n<![LOG[first]LOG]!><time=\"", 35) == 0);
	assert_non_null(strstr(text, "<![LOG[exit code 1602]LOG]!><time=\""));
	snprintf(tail, sizeof tail, "component=\"ccmwrap\" context=\"\" type=\"3\" thread=\"%lu\" file=\"\">\r\n",
	         (unsigned long)uv_os_getpid());
	assert_non_null(strstr(text, tail));
	assert_int_equal(count_occurrences(text, "]LOG]!>"), 2);
	free(text);
	test_remove_tree(folder);
	free(path);
	free(folder);
}

static void test_rotates_before_exceeding_max_size(void **state)
{
	char *folder = test_make_temp_dir();
	char *path = test_path(folder, "ccmwrap.log");
	char *rotated = test_path(folder, "ccmwrap.lo_");
	ownlog log;
	error_message err;
	char *set_aside = NULL;
	size_t size;

	(void)state;
	test_write_text(rotated, "an older rotation");
	/* An entry is about 140 bytes: two fit in 300, the third does not. */
	assert_true(ownlog_open(&log, path, 300, &set_aside, &err));
	assert_true(ownlog_write(&log, OWNLOG_INFO, "one", &err));
	assert_true(ownlog_write(&log, OWNLOG_INFO, "two", &err));
	assert_true(ownlog_write(&log, OWNLOG_INFO, "three", &err));
	char *current = test_read_file(path, &size);
	char *old = test_read_file(rotated, NULL);
	assert_true(strncmp(current, "<![LOG[three]LOG]!>", 19) == 0);
	assert_int_equal(count_occurrences(current, "]LOG]!>"), 1);
	assert_true(strncmp(old, "<![LOG[one]LOG]!>", 17) == 0);
	assert_non_null(strstr(old, "<![LOG[two]LOG]!>"));
	assert_null(strstr(old, "an older rotation"));
	assert_true(log.size == size);
	free(current);
	free(old);
	ownlog_close(&log);
	test_remove_tree(folder);
	free(rotated);
	free(path);
	free(folder);
}

static void test_entry_larger_than_max_size_is_still_written(void **state)
{
	char *folder = test_make_temp_dir();
	char *path = test_path(folder, "ccmwrap.log");
	ownlog log;
	error_message err;
	char *set_aside = NULL;

	(void)state;
	assert_true(ownlog_open(&log, path, 10, &set_aside, &err));
	assert_true(ownlog_write(&log, OWNLOG_INFO, "too long for the maximum", &err));
	ownlog_close(&log);
	char *text = test_read_file(path, NULL);
	assert_non_null(strstr(text, "too long for the maximum"));
	free(text);
	test_remove_tree(folder);
	free(path);
	free(folder);
}

static void test_open_in_missing_folder_fails(void **state)
{
	char *folder = test_make_temp_dir();
	char *path = test_path(folder, "missing/ccmwrap.log");
	ownlog log;
	error_message err;
	char *set_aside = NULL;

	(void)state;
	assert_false(ownlog_open(&log, path, 1000, &set_aside, &err));
	assert_true(strncmp(err.text, "cannot open the log: cannot open ", 33) == 0);
	assert_null(set_aside);
	assert_non_null(strstr(err.text, path));
	test_remove_tree(folder);
	free(path);
	free(folder);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entry_is_cmtrace),
		cmocka_unit_test(test_a_message_cannot_forge_an_entry),
		cmocka_unit_test(test_rotated_names),
		cmocka_unit_test(test_writes_append_with_this_process_as_thread),
		cmocka_unit_test(test_rotates_before_exceeding_max_size),
		cmocka_unit_test(test_entry_larger_than_max_size_is_still_written),
		cmocka_unit_test(test_open_in_missing_folder_fails),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
