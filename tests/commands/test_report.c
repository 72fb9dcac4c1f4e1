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

typedef struct fleet {
	char *folder;
} fleet;

/* A result file; signatures holds one comma-free list per attempt, "" for
 * none. */
static void write_result(const char *path, const char *host, outcome_kind outcome,
                         uint32_t exit_code, const char *const *signatures, size_t attempts)
{
	run_result result;

	result_init(&result);
	free(result.host);
	result.host = xstrdup(host);
	result.started_ms = 1700000000000;
	result.finished_ms = 1700000065000;
	result.outcome = outcome;
	result.exit_code = exit_code;
	for (size_t i = 0; i < attempts; i++) {
		result_attempt *attempt = result_add_attempt(&result);
		attempt->exit_code = exit_code;
		char *names = xstrdup(signatures[i]);
		for (char *name = strtok(names, " "); name != NULL; name = strtok(NULL, " "))
			strlist_add(&attempt->signatures, name);
		free(names);
	}
	char *json = result_format_json(&result);
	test_write_text(path, json);
	free(json);
	result_free(&result);
}

static void write_in(const char *folder, const char *name, const char *host, outcome_kind outcome,
                     uint32_t exit_code, const char *const *signatures, size_t attempts)
{
	char *path = test_path(folder, name);
	write_result(path, host, outcome, exit_code, signatures, attempts);
	free(path);
}

static int make_fleet(void **state)
{
	fleet *f = xcalloc(1, sizeof *f);
	const char *none[] = { "" };
	const char *fixed[] = { "kb2000387-cancelled internal-error-2502", "" };
	const char *failing[] = { "kb2000387-cancelled", "kb2000387-cancelled", "kb2000387-cancelled" };

	f->folder = test_make_temp_dir();
	char *sub = test_path(f->folder, "sub");
	uv_fs_t req;
	uv_fs_mkdir(NULL, &req, sub, 0755, NULL);
	uv_fs_req_cleanup(&req);
	write_in(f->folder, "PC01.json", "PC01", OUTCOME_SUCCESS, 0, none, 1);
	write_in(f->folder, "PC02.json", "PC02", OUTCOME_SUCCESS, 0, fixed, 2);
	write_in(f->folder, "PC03.json", "PC03", OUTCOME_FAILED, 1602, failing, 3);
	write_in(sub, "PC04.JSON", "PC04", OUTCOME_REBOOT, 3010, none, 1);
	char *broken = test_path(f->folder, "broken.json");
	test_write_text(broken, "{\"tool\":\"ccmwrap\"}");
	char *notes = test_path(f->folder, "notes.txt");
	test_write_text(notes, "not a result");
	free(notes);
	free(broken);
	free(sub);
	*state = f;
	return 0;
}

static int remove_fleet(void **state)
{
	fleet *f = *state;

	test_remove_tree(f->folder);
	free(f->folder);
	free(f);
	return 0;
}

static void run_report(const char *format, const char *path, test_run_result *run)
{
	const char *args[] = { CCMWRAP_BINARY, "report", path, format ? "--format" : NULL, format,
	                       NULL };
	test_run(args, NULL, run);
}

/* Appends text, with each backslash doubled when it goes inside a JSON
 * string. */
static void add_path(strbuf *out, const char *text, bool json)
{
	for (const char *p = text; *p; p++) {
		if (json && *p == '\\')
			strbuf_add_char(out, '\\');
		strbuf_add_char(out, *p);
	}
}

/* text with every "@/" replaced by folder and this platform's separator. */
static char *expand(const char *text, const char *folder, bool json)
{
	strbuf out = STRBUF_INIT;
	char *folder_prefix = test_path(folder, "");

	strbuf_add(&out, "", 0);
	for (const char *p = text; *p; p++) {
		if (p[0] == '@' && p[1] == '/') {
			add_path(&out, folder_prefix, json);
			p++;
		} else {
			strbuf_add_char(&out, *p);
		}
	}
	free(folder_prefix);
	return strbuf_detach(&out);
}

static void assert_output(const test_run_result *run, const char *out, const char *err,
                          const char *folder, bool json)
{
	char *expected_out = expand(out, folder, json);
	char *expected_err = expand(err, folder, false);

	assert_string_equal(run->out, expected_out);
	assert_string_equal(run->err, expected_err);
	free(expected_out);
	free(expected_err);
}

static const char broken_message[] =
    "ccmwrap report: @/broken.json: line 1: field 'version' is missing; skipped\n";

static void test_text_totals(void **state)
{
	fleet *f = *state;
	test_run_result run;

	run_report(NULL, f->folder, &run);
	assert_int_equal(run.exit_code, 0);
	assert_output(&run,
	              "result files: 4 read, 1 skipped\n"
	              "\n"
	              "by outcome:\n"
	              "  success      2\n"
	              "  reboot       1\n"
	              "  failed       1\n"
	              "\n"
	              "by signature (runs that saw it):\n"
	              "  kb2000387-cancelled              2\n"
	              "  internal-error-2502              1\n"
	              "\n"
	              "attempts needed (successful runs):\n"
	              "  1            2\n"
	              "  2            1\n"
	              "\n"
	              "failed hosts: 1\n"
	              "  PC03             failed       exit 1602       2023-11-14T22:14:25Z  @/PC03.json\n",
	              broken_message, f->folder, false);
	test_run_result_free(&run);
}

static void test_csv_totals(void **state)
{
	fleet *f = *state;
	test_run_result run;

	run_report("csv", f->folder, &run);
	assert_int_equal(run.exit_code, 0);
	assert_output(&run,
	              "section,name,value\r\n"
	              "files,read,4\r\n"
	              "files,skipped,1\r\n"
	              "outcome,success,2\r\n"
	              "outcome,reboot,1\r\n"
	              "outcome,failed,1\r\n"
	              "signature,kb2000387-cancelled,2\r\n"
	              "signature,internal-error-2502,1\r\n"
	              "attempts,1,2\r\n"
	              "attempts,2,1\r\n"
	              "failed_host,PC03,1602\r\n",
	              broken_message, f->folder, false);
	test_run_result_free(&run);
}

static void test_json_totals(void **state)
{
	fleet *f = *state;
	test_run_result run;

	run_report("json", f->folder, &run);
	assert_int_equal(run.exit_code, 0);
	assert_output(&run,
	              "{\"files\":{\"read\":4,\"skipped\":1},"
	              "\"outcomes\":{\"success\":2,\"reboot\":1,\"failed\":1},"
	              "\"signatures\":{\"kb2000387-cancelled\":2,\"internal-error-2502\":1},"
	              "\"attempts\":{\"1\":2,\"2\":1},"
	              "\"failed_hosts\":[{\"host\":\"PC03\",\"outcome\":\"failed\",\"exit_code\":1602,"
	              "\"finished\":\"2023-11-14T22:14:25Z\",\"file\":\"@/PC03.json\"}]}\n",
	              broken_message, f->folder, true);
	test_run_result_free(&run);
}

static void test_single_files_and_missing_paths(void **state)
{
	fleet *f = *state;
	char *notes = test_path(f->folder, "notes.txt");
	char *missing = test_path(f->folder, "missing.json");
	char *pc01 = test_path(f->folder, "PC01.json");
	const char *args[] = { CCMWRAP_BINARY, "report", pc01, missing, notes, "--format", "csv", NULL };
	test_run_result run;

	test_run(args, NULL, &run);
	assert_int_equal(run.exit_code, 0);
	assert_non_null(strstr(run.out, "files,read,1\r\nfiles,skipped,1\r\noutcome,success,1\r\n"));
	char *expected = expand("ccmwrap report: @/missing.json: no such file or directory\n"
	                        "ccmwrap report: @/notes.txt: line 1: unexpected text; expected a "
	                        "value; skipped\n",
	                        f->folder, false);
	assert_string_equal(run.err, expected);
	free(expected);
	test_run_result_free(&run);
	free(pc01);
	free(missing);
	free(notes);
}

static void test_nothing_readable_exits_2(void **state)
{
	fleet *f = *state;
	char *broken = test_path(f->folder, "broken.json");
	test_run_result run;

	run_report(NULL, broken, &run);
	assert_int_equal(run.exit_code, 2);
	assert_non_null(strstr(run.out, "result files: 0 read, 1 skipped\n"));
	assert_non_null(strstr(run.err, "ccmwrap report: no result file could be read\n"));
	test_run_result_free(&run);
	free(broken);
}

static void test_unknown_format_is_a_usage_error(void **state)
{
	fleet *f = *state;
	test_run_result run;

	run_report("xml", f->folder, &run);
	assert_int_equal(run.exit_code, 2);
	assert_non_null(strstr(run.err, "--format 'xml' is not known"));
	test_run_result_free(&run);
}

/* A forged result file (the collection share is writable by many): its
 * host becomes neither a spreadsheet formula nor a terminal escape. */
static void test_forged_fields_are_neutralised(void **state)
{
	const char *failing[] = { "kb2000387-cancelled" };
	char *folder = test_make_temp_dir();
	test_run_result run;

	(void)state;
	write_in(folder, "a.json", "=cmd|' /C calc'!A0", OUTCOME_FAILED, 1602, failing, 1);
	write_in(folder, "b.json", "PC\x1b[2J\nfailed hosts: 0", OUTCOME_FAILED, 1603, failing, 1);
	run_report("csv", folder, &run);
	assert_int_equal(run.exit_code, 0);
	assert_non_null(strstr(run.out, "failed_host,\"'=cmd|' /C calc'!A0\",1602\r\n"));
	assert_non_null(strstr(run.out, "failed_host,PC\\x1b[2J\\x0afailed hosts: 0,1603\r\n"));
	test_run_result_free(&run);
	run_report(NULL, folder, &run);
	assert_non_null(strstr(run.out, "  PC\\x1b[2J\\x0afailed hosts: 0 failed"));
	assert_null(strchr(run.out, '\x1b'));
	test_run_result_free(&run);
	test_remove_tree(folder);
	free(folder);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_text_totals, make_fleet, remove_fleet),
		cmocka_unit_test(test_forged_fields_are_neutralised),
		cmocka_unit_test_setup_teardown(test_csv_totals, make_fleet, remove_fleet),
		cmocka_unit_test_setup_teardown(test_json_totals, make_fleet, remove_fleet),
		cmocka_unit_test_setup_teardown(test_single_files_and_missing_paths, make_fleet,
		                                remove_fleet),
		cmocka_unit_test_setup_teardown(test_nothing_readable_exits_2, make_fleet, remove_fleet),
		cmocka_unit_test_setup_teardown(test_unknown_format_is_a_usage_error, make_fleet,
		                                remove_fleet),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
