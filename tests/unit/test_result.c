#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <uv.h>

#include "wrapper/report/result.h"
#include "tests/support/testsupport.h"
#include "config/base/timestamp.h"

static const char expected_json[] =
    "{\"tool\":\"ccmwrap\",\"version\":\"0.1.0\",\"host\":\"PC\\\"01\\\\x\","
    "\"started\":\"2023-11-14T22:13:20Z\",\"finished\":\"2023-11-14T22:14:25Z\","
    "\"outcome\":\"failed\",\"exit_code\":1602,\"attempts\":[{\"n\":1,\"exit_code\":1602,"
    "\"signatures\":[\"kb2000387-cancelled\",\"internal-error-2502\"],\"stalled\":false,"
    "\"duration_ms\":40000},{\"n\":2,\"exit_code\":2147942405,\"signatures\":[],"
    "\"stalled\":true,\"duration_ms\":25000}],\"acl\":{\"targets\":3,\"noncompliant\":1,"
    "\"fixed\":1,\"failed\":0,\"journal\":\"C:\\\\Windows\\\\temp\\\\ccmwrap-acl.journal\"}}\n";

static void make_result(run_result *result)
{
	result_init(result);
	free(result->version);
	free(result->host);
	result->version = xstrdup("0.1.0");
	result->host = xstrdup("PC\"01\\x");
	result->started_ms = 1700000000000;
	result->finished_ms = 1700000065000;
	result->outcome = OUTCOME_FAILED;
	result->exit_code = 1602;
	result_attempt *first = result_add_attempt(result);
	first->exit_code = 1602;
	strlist_add(&first->signatures, "kb2000387-cancelled");
	strlist_add(&first->signatures, "internal-error-2502");
	first->duration_ms = 40000;
	result_attempt *second = result_add_attempt(result);
	second->exit_code = 0x80070005u;
	second->stalled = true;
	second->duration_ms = 25000;
	result->acl.targets = 3;
	result->acl.noncompliant = 1;
	result->acl.fixed = 1;
	result->acl.journal = xstrdup("C:\\Windows\\temp\\ccmwrap-acl.journal");
}

static void test_format_is_exact(void **state)
{
	run_result result;

	(void)state;
	make_result(&result);
	char *json = result_format_json(&result);
	assert_string_equal(json, expected_json);
	free(json);
	result_free(&result);
}

/* The trace of a run under way names its process; no other result does. */
static void test_running_result_names_its_process(void **state)
{
	run_result result, back;
	error_message err;

	(void)state;
	make_result(&result);
	result.outcome = OUTCOME_RUNNING;
	result.exit_code = 10006;
	result.process_id = 4242;
	char *json = result_format_json(&result);
	assert_non_null(strstr(json, "\"outcome\":\"running\",\"exit_code\":10006,\"pid\":4242,"));
	assert_true(result_parse(json, strlen(json), &back, &err));
	assert_int_equal(back.outcome, OUTCOME_RUNNING);
	assert_int_equal(back.process_id, 4242);
	free(json);
	result_free(&back);
	result.process_id = 0;
	json = result_format_json(&result);
	assert_null(strstr(json, "pid"));
	free(json);
	result_free(&result);
}

static void test_init_names_this_machine(void **state)
{
	run_result result;
	char host[UV_MAXHOSTNAMESIZE];
	size_t size = sizeof host;

	(void)state;
	result_init(&result);
	assert_int_equal(uv_os_gethostname(host, &size), 0);
	assert_string_equal(result.host, host);
	assert_string_equal(result.version, CCMWRAP_VERSION);
	assert_true(result.started_ms > 1700000000000);
	assert_int_equal(result.attempt_count, 0);
	result_free(&result);
}

static void test_no_journal_is_null(void **state)
{
	run_result result;

	(void)state;
	make_result(&result);
	free(result.acl.journal);
	result.acl.journal = NULL;
	char *json = result_format_json(&result);
	assert_non_null(strstr(json, "\"journal\":null}}\n"));
	free(json);
	result_free(&result);
}

static size_t count_entries(const char *folder)
{
	uv_fs_t req;
	uv_dirent_t entry;
	size_t count = 0;

	uv_fs_scandir(NULL, &req, folder, 0, NULL);
	while (uv_fs_scandir_next(&req, &entry) != UV_EOF)
		count++;
	uv_fs_req_cleanup(&req);
	return count;
}

static void test_write_replaces_atomically_and_reads_back(void **state)
{
	char *folder = test_make_temp_dir();
	char *path = test_path(folder, "result.json");
	run_result result, back;
	error_message err;

	(void)state;
	test_write_text(path, "old content");
	make_result(&result);
	assert_true(result_write(&result, path, &err));
	assert_int_equal(count_entries(folder), 1);
	size_t size;
	char *text = test_read_file(path, &size);
	assert_string_equal(text, expected_json);
	assert_true(result_parse(text, size, &back, &err));
	assert_string_equal(back.host, "PC\"01\\x");
	assert_string_equal(back.version, "0.1.0");
	assert_string_equal(back.started_text, "2023-11-14T22:13:20Z");
	assert_string_equal(back.finished_text, "2023-11-14T22:14:25Z");
	assert_int_equal(back.outcome, OUTCOME_FAILED);
	assert_int_equal(back.exit_code, 1602);
	assert_int_equal(back.attempt_count, 2);
	assert_int_equal(back.attempts[0].number, 1);
	assert_int_equal(back.attempts[0].signatures.count, 2);
	assert_string_equal(back.attempts[0].signatures.items[1], "internal-error-2502");
	assert_false(back.attempts[0].stalled);
	assert_int_equal(back.attempts[1].exit_code, 0x80070005u);
	assert_true(back.attempts[1].stalled);
	assert_int_equal(back.attempts[1].duration_ms, 25000);
	assert_int_equal(back.acl.targets, 3);
	assert_string_equal(back.acl.journal, "C:\\Windows\\temp\\ccmwrap-acl.journal");
	free(text);
	result_free(&back);
	result_free(&result);
	test_remove_tree(folder);
	free(path);
	free(folder);
}

static void test_write_sets_finished(void **state)
{
	char *folder = test_make_temp_dir();
	char *path = test_path(folder, "result.json");
	run_result result;
	error_message err;

	(void)state;
	result_init(&result);
	result.outcome = OUTCOME_SUCCESS;
	assert_true(result_write(&result, path, &err));
	assert_true(result.finished_ms >= result.started_ms);
	result_free(&result);
	test_remove_tree(folder);
	free(path);
	free(folder);
}

static void test_write_into_missing_folder_fails(void **state)
{
	char *folder = test_make_temp_dir();
	char *missing = test_path(folder, "no-such-folder/result.json");
	run_result result;
	error_message err;

	(void)state;
	make_result(&result);
	assert_false(result_write(&result, missing, &err));
	assert_non_null(strstr(err.text, "result file: "));
	assert_non_null(strstr(err.text, missing));
	result_free(&result);
	test_remove_tree(folder);
	free(missing);
	free(folder);
}

static void test_already_running_writes_nothing(void **state)
{
	char *folder = test_make_temp_dir();
	char *path = test_path(folder, "result.json");
	run_result result;
	error_message err;

	(void)state;
	make_result(&result);
	result.outcome = OUTCOME_ALREADY_RUNNING;
	assert_false(result_write(&result, path, &err));
	assert_int_equal(count_entries(folder), 0);
	result_free(&result);
	test_remove_tree(folder);
	free(path);
	free(folder);
}

static void assert_parse_error(const char *text, const char *message)
{
	run_result result;
	error_message err;

	assert_false(result_parse(text, strlen(text), &result, &err));
	assert_string_equal(err.text, message);
}

static void test_parse_errors_name_line_and_field(void **state)
{
	(void)state;
	assert_parse_error("", "line 1: unexpected end of the text; expected a value");
	assert_parse_error("[]", "line 1: a result file is a JSON object");
	assert_parse_error("{\"tool\":\"other\"}", "line 1: field 'tool' is 'other', not 'ccmwrap'");
	assert_parse_error("{\n\"tool\":\"ccmwrap\"\n}", "line 1: field 'version' is missing");
	assert_parse_error("{\"tool\":\"ccmwrap\",\"version\":\"1\",\"host\":\"h\",\"started\":\"s\","
	                   "\"finished\":\"f\",\n\"outcome\":\"fine\"}",
	                   "line 2: field 'outcome': 'fine' is not an outcome");
	assert_parse_error("{\"tool\":\"ccmwrap\",\"version\":\"1\",\"host\":\"h\",\"started\":\"s\","
	                   "\"finished\":\"f\",\"outcome\":\"failed\",\"exit_code\":-1}",
	                   "line 1: field 'exit_code' must be a whole number from 0 to 4294967295");
	assert_parse_error("{\"tool\":\"ccmwrap\",\"version\":\"1\",\"host\":\"h\",\"started\":\"s\","
	                   "\"finished\":\"f\",\"outcome\":\"failed\",\"exit_code\":1,\"attempts\":"
	                   "[{\"n\":1,\n\"exit_code\":\"1602\"}]}",
	                   "line 2: field 'attempts[0].exit_code' must be a number, not a string");
	assert_parse_error("{\"tool\":\"ccmwrap\",\"version\":\"1\",\"host\":\"h\",\"started\":\"s\","
	                   "\"finished\":\"f\",\"outcome\":\"failed\",\"exit_code\":1,\"attempts\":"
	                   "[],\"acl\":{\"targets\":1,\"noncompliant\":1,\"fixed\":1,\"failed\":0,"
	                   "\"journal\":3}}",
	                   "line 1: field 'acl.journal' must be a string or null");
	assert_parse_error("{\"tool\":\"ccmwrap\"} x", "line 1: unexpected text after the end of the value");
}

static void test_iso8601_dates(void **state)
{
	char text[TIMESTAMP_ISO8601_SIZE];

	(void)state;
	timestamp_format_iso8601(0, text);
	assert_string_equal(text, "1970-01-01T00:00:00Z");
	timestamp_format_iso8601(951782400999, text);
	assert_string_equal(text, "2000-02-29T00:00:00Z");
	timestamp_format_iso8601(4107542399000, text);
	assert_string_equal(text, "2100-02-28T23:59:59Z");
	timestamp_format_iso8601(-1, text);
	assert_string_equal(text, "1969-12-31T23:59:59Z");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_is_exact),
		cmocka_unit_test(test_running_result_names_its_process),
		cmocka_unit_test(test_init_names_this_machine),
		cmocka_unit_test(test_no_journal_is_null),
		cmocka_unit_test(test_write_replaces_atomically_and_reads_back),
		cmocka_unit_test(test_write_sets_finished),
		cmocka_unit_test(test_write_into_missing_folder_fails),
		cmocka_unit_test(test_already_running_writes_nothing),
		cmocka_unit_test(test_parse_errors_name_line_and_field),
		cmocka_unit_test(test_iso8601_dates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
