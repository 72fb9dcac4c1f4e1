/* `ccmwrap scan-log` as a user runs it: the seed's logs report the 1602
 * cancellation and Internal Error 2502 and exit 1, a success log exits 0,
 * a missing file exits 2 naming it; --follow prints every event of a log
 * written piece by piece and rotated, once. How a signal ends --follow is
 * in test_scan_log_follow-unix.c: on Windows libuv cannot deliver one to a
 * child (it terminates it). */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <uv.h>

#include "tests/support/seedlog.h"
#include "tests/support/testsupport.h"
#include "config/base/text.h"

/* Private copies of the sample logs the tests name, made once for all. */
static char *logs;

static int copy_logs(void **state)
{
	static const char *const files[] = {
		"samples/logs/kb2000387-ccmsetup.log", "samples/logs/kb2000387-client.msi.log",
		"samples/logs/upgrade-2007-success-ccmsetup.log", "samples/logs/multiline-ccmsetup.log",
		"samples/logs/service-mode-ccmsetup.log", NULL
	};
	(void)state;

	logs = test_copy_sources(files);
	return 0;
}

static int remove_logs(void **state)
{
	(void)state;
	test_remove_tree(logs);
	free(logs);
	return 0;
}

/* Runs in the copies' folder, so that the tests name them as a user does,
 * by a relative path. */
static void run_in_logs(const char *const *args, test_run_result *result)
{
	test_run(args, logs, result);
}

static size_t count_lines(const char *text)
{
	size_t lines = 0;
	for (; *text; text++)
		lines += *text == '\n';
	return lines;
}

static void test_seed_ccmsetup_log_reports_1602_and_2502(void **state)
{
	(void)state;
	const char *args[] = { CCMWRAP_BINARY, "scan-log", "kb2000387-ccmsetup.log", NULL };
	test_run_result result;

	run_in_logs(args, &result);
	assert_int_equal(result.exit_code, 1);
	assert_string_equal(result.err, "");
	assert_string_equal(result.out,
	    "kb2000387-ccmsetup.log:535: 11-18-2010 15:14:28.125 ccmsetup: "
	    "Installation will be cancelled due to shutdown. Windows Installer will return error code 1602.\n"
	    "  signature msi-cancelled-1602: action fix-retry, code 1602\n"
	    "kb2000387-ccmsetup.log:1118: 11-18-2010 15:14:28.500 ccmsetup: "
	    "Installation will be cancelled due to shutdown. Windows Installer will return error code 1602.\n"
	    "  signature msi-cancelled-1602: action fix-retry, code 1602\n"
	    "kb2000387-ccmsetup.log:1349: 11-18-2010 15:14:28.547 ccmsetup: "
	    "MSI: Internal Error 2502.\n"
	    "  signature msi-internal-error-2502: action fix-retry\n"
	    "kb2000387-ccmsetup.log:1675: 11-18-2010 15:14:28.547 ccmsetup: "
	    "Installation will be cancelled due to shutdown. Windows Installer will return error code 1602.\n"
	    "  signature msi-cancelled-1602: action fix-retry, code 1602\n"
	    "kb2000387-ccmsetup.log:1906: 11-18-2010 15:14:28.594 ccmsetup: "
	    "Installation was cancelled (1602)\n"
	    "  signature kb2000387-cancelled: action fix-retry, code 1602\n"
	    "kb2000387-ccmsetup.log: verdict fix-retry, code 1602\n");
	test_run_result_free(&result);
}

static void test_seed_msi_log_as_json(void **state)
{
	(void)state;
	const char *args[] = { CCMWRAP_BINARY, "scan-log", "--json",
	                       "kb2000387-client.msi.log", NULL };
	test_run_result result;

	run_in_logs(args, &result);
	assert_int_equal(result.exit_code, 1);
	/* 2 driver failures, Note: 1: 2502, 2 Internal Errors 2502, the verdict. */
	assert_int_equal(count_lines(result.out), 6);
	const char *expected_first =
	    "{\"file\":\"kb2000387-client.msi.log\",\"source\":\"msi\","
	    "\"format\":\"custom-action\",\"sequence\":7,\"offset\":758,\"date\":\"\",\"time\":\"\","
	    "\"component\":\"RCSvcs\",\"type\":0,\"thread\":\"\",\"message\":\"RCSvcs: "
	    "InstallNT5Device(*SMS_KEYBOARD): SetupDiGetClassDevs failed, error 0xd\","
	    "\"truncated\":false,\"signatures\":[{\"name\":\"remove-w2k-drivers\","
	    "\"action\":\"fix-retry\"}]}\n";
	assert_memory_equal(result.out, expected_first, strlen(expected_first));
	assert_non_null(strstr(result.out,
	    "\"message\":\"Product: Configuration Manager Client -- Internal Error 2502.\""));
	assert_non_null(strstr(result.out, "\"message\":\"Note: 1: 2502\""));
	const char *verdict = "{\"file\":\"kb2000387-client.msi.log\","
	                      "\"verdict\":\"fix-retry\",\"code\":1603}\n";
	assert_string_equal(result.out + strlen(result.out) - strlen(verdict), verdict);
	test_run_result_free(&result);
}

static void test_success_log_exits_0(void **state)
{
	(void)state;
	const char *args[] = { CCMWRAP_BINARY, "scan-log",
	                       "upgrade-2007-success-ccmsetup.log", NULL };
	test_run_result result;

	run_in_logs(args, &result);
	assert_int_equal(result.exit_code, 0);
	assert_string_equal(result.out,
	    "upgrade-2007-success-ccmsetup.log:2822: 11-19-2010 09:06:13.312 ccmsetup: "
	    "CcmSetup is exiting with return code 0\n"
	    "  signature ccmsetup-exit: action success, code 0\n"
	    "upgrade-2007-success-ccmsetup.log: verdict success, code 0\n");
	test_run_result_free(&result);
}

static void test_verbose_prints_every_event(void **state)
{
	(void)state;
	const char *args[] = { CCMWRAP_BINARY, "scan-log", "-v", "multiline-ccmsetup.log",
	                       "service-mode-ccmsetup.log", NULL };
	test_run_result result;

	run_in_logs(args, &result);
	assert_int_equal(result.exit_code, 1);
	/* 5 + 14 events, the 7-line entry's continuation lines, 3 signatures,
	 * 2 verdicts. */
	assert_int_equal(count_lines(result.out), 5 + 14 + 6 + 3 + 2);
	assert_non_null(strstr(result.out,
	    "multiline-ccmsetup.log:1043: ccmsetup: the service control manager "
	    "stopped the service unexpectedly\n"));
	assert_non_null(strstr(result.out, "\n    <State ID=\"301\" Criticality=\"0\"/>\n"));
	assert_non_null(strstr(result.out, "  signature ccmsetup-failed: action retry, code 1602\n"));
	test_run_result_free(&result);
}

/* Without -v, scan-log passes over the lines no signature can match
 * (logpipeline_skim); -v reads every line: its events with signatures and
 * the verdict are the lines printed without -v, byte for byte. */
static void test_json_is_the_verbose_json_with_signatures(void **state)
{
	(void)state;
	const char *const names[] = {
		"kb2000387-ccmsetup.log", "kb2000387-client.msi.log", "upgrade-2007-success-ccmsetup.log",
		"multiline-ccmsetup.log", "service-mode-ccmsetup.log",
	};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const char *plain_args[] = { CCMWRAP_BINARY, "scan-log", "--json", names[i], NULL };
		const char *verbose_args[] = { CCMWRAP_BINARY, "scan-log", "-v", "--json", names[i], NULL };
		test_run_result plain, verbose;
		strbuf matched = STRBUF_INIT;

		run_in_logs(plain_args, &plain);
		run_in_logs(verbose_args, &verbose);
		strbuf_add(&matched, "", 0);
		for (const char *line = verbose.out; *line != '\0';) {
			const char *end = strchr(line, '\n');
			size_t length = end != NULL ? (size_t)(end - line) + 1 : strlen(line);
			char *copy = xstrndup(line, length);
			if (strstr(copy, "\"signatures\":[]") == NULL)
				strbuf_add_string(&matched, copy);
			free(copy);
			line += length;
		}
		assert_true(count_lines(verbose.out) > count_lines(plain.out));
		assert_string_equal(plain.out, matched.data);
		assert_int_equal(plain.exit_code, verbose.exit_code);
		strbuf_free(&matched);
		test_run_result_free(&plain);
		test_run_result_free(&verbose);
	}
}

static void test_missing_file_exits_2_naming_it(void **state)
{
	(void)state;
	const char *args[] = { CCMWRAP_BINARY, "scan-log", "upgrade-2007-success-ccmsetup.log",
	                       "no-such-ccmsetup.log", NULL };
	test_run_result result;

	run_in_logs(args, &result);
	assert_int_equal(result.exit_code, 2);
	assert_string_equal(result.err,
	    "ccmwrap scan-log: cannot open 'no-such-ccmsetup.log': no such file or directory\n");
	test_run_result_free(&result);
}

static void test_no_file_is_a_usage_error(void **state)
{
	(void)state;
	const char *args[] = { CCMWRAP_BINARY, "scan-log", NULL };
	test_run_result result;

	run_in_logs(args, &result);
	assert_int_equal(result.exit_code, 2);
	assert_string_equal(result.err, "ccmwrap scan-log: missing argument: expected at least 1\n"
	                                "usage: ccmwrap scan-log FILE... [--follow] [--json] [-v] [-c INI]\n");
	test_run_result_free(&result);
}

/* A log with NUL bytes, ANSI bytes and a 1 MB line still gives valid JSON
 * lines, the long one cut and marked. */
static void test_hostile_bytes_give_valid_json(void **state)
{
	(void)state;
	char *folder = test_make_temp_dir();
	char *path = test_path(folder, "ccmsetup.log");
	strbuf log = STRBUF_INIT;

	strbuf_add_string(&log, "<![LOG[Installation was cancelled (1602) caf\xE9 \x01]LOG]!>"
	                        "<time=\"1:00:00.000+0\">\r\n\0\0\0\r\n<![LOG[");
	strbuf_add(&log, "\0", 1);
	for (size_t i = 0; i < 1024 * 1024; i++)
		strbuf_add_char(&log, 'x');
	strbuf_add_string(&log, " Internal Error 2502]LOG]!><type=\"3\">\r\n");
	test_write_file(path, log.data, log.length);

	const char *args[] = { CCMWRAP_BINARY, "scan-log", "--json", "-v", path, NULL };
	test_run_result result;
	test_run(args, NULL, &result);
	assert_int_equal(result.exit_code, 1);
	assert_int_equal(count_lines(result.out), 3);
	assert_non_null(strstr(result.out, "\"message\":\"Installation was cancelled (1602) caf\xC3\xA9 "
	                                   "\\u0001\""));
	assert_non_null(strstr(result.out, "xxx\",\"truncated\":true,\"signatures\":[]}\n"));
	test_run_result_free(&result);
	strbuf_free(&log);
	test_remove_tree(folder);
	free(path);
	free(folder);
}

/* -c INI: a rule named like a built-in replaces it, a new one adds. */
static void test_ini_signatures_override_and_add(void **state)
{
	(void)state;
	char *folder = test_make_temp_dir();
	char *ini = test_path(folder, "ccmwrap.ini");
	char *log = test_path(logs, "kb2000387-ccmsetup.log");

	test_write_text(ini, "[ccmsetup]\npath = C:\\ccmsetup.exe\n\n"
	                     "[signature kb2000387-cancelled]\nmatch = was cancelled\nsource = any\n"
	                     "code = 1602\naction = fail\n\n"
	                     "[signature shutdown]\nmatch = ccmsetup is shutting down\naction = retry\n"
	                     "source = ccmsetup\n");
	const char *args[] = { CCMWRAP_BINARY, "scan-log", "-c", ini, "--allow-insecure-config", log, NULL };
	test_run_result result;
	test_run(args, NULL, &result);
	assert_int_equal(result.exit_code, 1);
	assert_string_equal(result.err, "");
	assert_non_null(strstr(result.out, ":207: 11-18-2010 15:14:28.125 ccmsetup: ccmsetup is shutting down\n"
	                                   "  signature shutdown: action retry\n"));
	assert_non_null(strstr(result.out, "Installation was cancelled (1602)\n"
	                                   "  signature kb2000387-cancelled: action fail, code 1602\n"));
	assert_null(strstr(result.out, "fix-retry, code 1602\n  signature kb2000387"));
	assert_int_equal(count_lines(result.out), 13);
	assert_non_null(strstr(result.out, ": verdict fail, code 1602\n"));
	test_run_result_free(&result);
	test_remove_tree(folder);
	free(log);
	free(ini);
	free(folder);
}

/* -c INI that is invalid: exit 2 with the INI's FILE:LINE, and no file
 * is scanned with the built-ins in its place. */
static void test_an_invalid_ini_is_an_error(void **state)
{
	(void)state;
	char *folder = test_make_temp_dir();
	char *ini = test_path(folder, "ccmwrap.ini");
	char *log = test_path(logs, "kb2000387-ccmsetup.log");

	test_write_text(ini, "[ccmsetup]\npath = C:\\ccmsetup.exe\n\n"
	                     "[signature broken]\nmatch = x\naction = explode\n");
	const char *args[] = { CCMWRAP_BINARY, "scan-log", "-c", ini, "--allow-insecure-config", log, NULL };
	test_run_result result;
	test_run(args, NULL, &result);
	assert_int_equal(result.exit_code, 2);
	assert_string_equal(result.out, "");
	strbuf where = STRBUF_INIT;
	strbuf_printf(&where, "%s:6: ", ini);
	assert_non_null(strstr(result.err, where.data));
	assert_non_null(strstr(result.err, "explode"));
	strbuf_free(&where);
	test_run_result_free(&result);
	test_remove_tree(folder);
	free(log);
	free(ini);
	free(folder);
}

/* ---- --follow ---- */

/* Where the seed's second line is cut in two writes: inside the message. */
#define SPLIT_COLUMN 20

static void rename_file(const char *from, const char *to)
{
	uv_fs_t request;
	int rc = uv_fs_rename(NULL, &request, from, to, NULL);

	uv_fs_req_cleanup(&request);
	assert_int_equal(rc, 0);
}

static void wait_for_seed_event(test_process *process, const seed_log *seed, size_t line)
{
	seed_log_wait_for(process, seed->time[line], seed->message[line]);
}

/* Ends the follower once everything awaited was printed. How it exits is
 * not asserted here (see the file comment). */
static void stop_following(test_process *process, test_run_result *result)
{
	test_signal(process, SIGINT);
	test_wait(process, result);
}

/* The lines other than verdicts: a follower ended by a signal prints its
 * verdicts on POSIX, while on Windows the signal ends it at once. */
static size_t count_event_lines(const char *out)
{
	size_t verdicts = 0;

	for (const char *p = out; (p = strstr(p, ",\"verdict\":")) != NULL; p++)
		verdicts++;
	return count_lines(out) - verdicts;
}

static void assert_every_seed_event_once(const seed_log *seed, const char *out)
{
	for (size_t line = 0; line < SEED_LOG_LINES; line++) {
		if (seed_log_count(out, seed->time[line], seed->message[line]) != 1)
			fail_msg("event %s \"%s\" not printed once in:\n%s", seed->time[line],
			         seed->message[line], out);
	}
}

/* An entry cut between two writes, appends in several pieces, then
 * ccmsetup's rotation: ccmsetup.log renamed to ccmsetup.lo_ and a new
 * ccmsetup.log written. Waiting for the event before a cut makes sure the
 * follower has read the first half before the second is written. */
static void test_follow_reads_pieces_and_rotation_once(void **state)
{
	(void)state;
	seed_log seed;
	char *folder = test_make_temp_dir();
	char *path = test_path(folder, "ccmsetup.log");
	char *rotated = test_path(folder, "ccmsetup.lo_");
	const char *args[] = { CCMWRAP_BINARY, "scan-log", "--follow", "--json", "-v", path, NULL };
	test_run_result result;

	seed_log_load(&seed);
	seed_log_append(&seed, path, 0, seed_log_at(&seed, 1, SPLIT_COLUMN));
	test_process *process = test_start(args, NULL);
	wait_for_seed_event(process, &seed, 0);
	seed_log_append(&seed, path, seed_log_at(&seed, 1, SPLIT_COLUMN), seed_log_at(&seed, 4, 0));
	wait_for_seed_event(process, &seed, 3);
	seed_log_append(&seed, path, seed_log_at(&seed, 4, 0), seed_log_at(&seed, 5, SPLIT_COLUMN));
	wait_for_seed_event(process, &seed, 4);
	seed_log_append(&seed, path, seed_log_at(&seed, 5, SPLIT_COLUMN), seed_log_at(&seed, 7, 0));
	wait_for_seed_event(process, &seed, 6);
	rename_file(path, rotated);
	seed_log_append(&seed, path, seed_log_at(&seed, 7, 0), seed_log_at(&seed, 9, 0));
	wait_for_seed_event(process, &seed, 8);
	seed_log_append(&seed, path, seed_log_at(&seed, 9, 0), seed_log_at(&seed, SEED_LOG_LINES, 0));
	wait_for_seed_event(process, &seed, SEED_LOG_LINES - 1);
	stop_following(process, &result);

	assert_every_seed_event_once(&seed, result.out);
	assert_int_equal(count_event_lines(result.out), SEED_LOG_LINES);
	assert_string_equal(result.err, "");
	/* The first event after the rotation was read from the new file. */
	assert_non_null(strstr(result.out, "\"offset\":0,\"date\":\"11-18-2010\",\"time\":\"15:14:28.547\""));
	test_run_result_free(&result);
	seed_log_free(&seed);
	test_remove_tree(folder);
	free(rotated);
	free(path);
	free(folder);
}

/* A log that does not exist yet is waited for. A second, existing log's
 * event shows the follower runs before the missing one is created. */
static void test_follow_waits_for_a_missing_file(void **state)
{
	(void)state;
	seed_log seed;
	char *folder = test_make_temp_dir();
	char *path = test_path(folder, "ccmsetup.log");
	char *started = test_path(folder, "started.log");
	const char *args[] = { CCMWRAP_BINARY, "scan-log", "--follow", "--json", "-v", started, path, NULL };
	test_run_result result;

	seed_log_load(&seed);
	test_write_text(started, "<![LOG[following]LOG]!><time=\"08:00:00.000+300\" date=\"11-18-2010\" "
	                         "component=\"test\" context=\"\" type=\"1\" thread=\"1\" file=\"\">\r\n");
	test_process *process = test_start(args, NULL);
	seed_log_wait_for(process, "08:00:00.000", "following");
	seed_log_append(&seed, path, 0, seed_log_at(&seed, 2, SPLIT_COLUMN));
	wait_for_seed_event(process, &seed, 1);
	seed_log_append(&seed, path, seed_log_at(&seed, 2, SPLIT_COLUMN), seed_log_at(&seed, SEED_LOG_LINES, 0));
	wait_for_seed_event(process, &seed, SEED_LOG_LINES - 1);
	stop_following(process, &result);

	assert_int_equal(seed_log_count(result.out, "08:00:00.000", "following"), 1);
	assert_every_seed_event_once(&seed, result.out);
	assert_int_equal(count_event_lines(result.out), 1 + SEED_LOG_LINES);
	assert_string_equal(result.err, "");
	test_run_result_free(&result);
	seed_log_free(&seed);
	test_remove_tree(folder);
	free(started);
	free(path);
	free(folder);
}

/* ---- logs as real machines write them ---- */

#define CMTRACE_TAIL "]LOG]!><time=\"10:04:42.345+00\" date=\"06-01-2021\" component=\"ccmsetup\" " \
                     "context=\"\" type=\"3\" thread=\"2816\" file=\"ccmsetup.cpp:1\">\r\n"

/* Writes text as NAME in a private folder, runs scan-log on it (with
 * extra arguments first), and returns the path through *path. */
static void scan_written(const char *name, const char *text, const char *option,
                         test_run_result *result, char **folder, char **path)
{
	*folder = test_make_temp_dir();
	*path = test_path(*folder, name);
	test_write_text(*path, text);
	const char *args[] = { CCMWRAP_BINARY, "scan-log", option != NULL ? option : *path,
	                       option != NULL ? *path : NULL, NULL };
	test_run(args, NULL, result);
}

static void free_written(test_run_result *result, char *folder, char *path)
{
	test_run_result_free(result);
	test_remove_tree(folder);
	free(path);
	free(folder);
}

/* A host's name before the log's ("MSI-GF63-ccmsetup.log") says nothing:
 * the content is a CMTrace log, so ccmsetup's rules apply and the
 * cancellation is found. */
static void test_the_content_not_the_name_decides_the_log_type(void **state)
{
	(void)state;
	test_run_result result;
	char *folder, *path;
	size_t size;
	char *seed = test_read_sample_log("kb2000387-ccmsetup.log", &size);

	scan_written("MSI-GF63-ccmsetup.log", seed, "--json", &result, &folder, &path);
	assert_int_equal(result.exit_code, 1);
	assert_non_null(strstr(result.out, "\"source\":\"ccmsetup\",\"format\":\"cmtrace\""));
	assert_null(strstr(result.out, "\"source\":\"msi\""));
	assert_non_null(strstr(result.out, "{\"name\":\"kb2000387-cancelled\",\"action\":\"fix-retry\","
	                                   "\"code\":1602}"));
	assert_non_null(strstr(result.out, "\"verdict\":\"fix-retry\",\"code\":1602}\n"));
	free_written(&result, folder, path);
	free(seed);
}

/* The bootstrap's exit 0 after "Successfully started the ccmsetup
 * service" is a hand-over: a log that ends there is not finished. */
static void test_an_unfinished_service_mode_log_is_not_finished(void **state)
{
	(void)state;
	test_run_result result;
	char *folder, *path;
	size_t size;
	char *log = test_read_sample_log("service-mode-ccmsetup.log", &size);
	char *end = strstr(log, "CcmSetup is exiting with return code 0");
	end = strchr(end, '\n') + 1;
	*end = '\0';

	scan_written("ccmsetup.log", log, NULL, &result, &folder, &path);
	assert_int_equal(result.exit_code, 0);
	strbuf expected = STRBUF_INIT;
	strbuf_printf(&expected,
	              "%s:1295: 02-04-2020 15:10:36.160 ccmsetup: CcmSetup is exiting with return code 0\n"
	              "  signature ccmsetup-exit: action hand-over, code 0\n"
	              "%s: verdict not-finished (the ccmsetup service has not logged its end)\n",
	              path, path);
	assert_string_equal(result.out, expected.data);
	strbuf_free(&expected);
	free_written(&result, folder, path);
	free(log);
}

/* The failure lines Microsoft's articles on client installation quote,
 * each with the code it states. */
static void test_kb_failure_lines_are_found_with_their_codes(void **state)
{
	(void)state;
	test_run_result result;
	char *folder, *path;

	scan_written("ccmsetup.log",
	             "<![LOG[Installation failed with error code 1603" CMTRACE_TAIL
	             "<![LOG[client.msi installation failed. Error text: ExitCode: 1603" CMTRACE_TAIL
	             "<![LOG[CcmSetup failed with error code 0x80070643" CMTRACE_TAIL,
	             NULL, &result, &folder, &path);
	assert_int_equal(result.exit_code, 1);
	assert_non_null(strstr(result.out, "Installation failed with error code 1603\n"
	                                   "  signature ccmsetup-installation-failed: action retry, "
	                                   "code 1603\n"));
	assert_non_null(strstr(result.out, "ExitCode: 1603\n"
	                                   "  signature client-msi-failed: action retry, code 1603\n"));
	assert_non_null(strstr(result.out, "  signature ccmsetup-failed: action retry, code 1603\n"));
	assert_non_null(strstr(result.out, ": verdict retry, code 1603\n"));
	free_written(&result, folder, path);

	scan_written("client.msi.log",
	             "=== Verbose logging started: 6/1/2021  10:04:40  Build type: SHIP UNICODE 5.00.10011.00 ===\r\n"
	             "MSI (s) (A8:AC) [10:04:41:100]: Product: Configuration Manager Client -- Error 1500. "
	             "Another installation is in progress. You must complete that installation before "
	             "continuing this one.\r\n"
	             "MSI (s) (A8:AC) [10:04:42:300]: Windows Installer installed the product. Product Name: "
	             "Configuration Manager Client. Installation success or error status: 1642.\r\n"
	             "MSI (c) (A8:AC) [10:04:42:345]: MainEngineThread is returning 1612\r\n",
	             "-v", &result, &folder, &path);
	assert_int_equal(result.exit_code, 1);
	assert_non_null(strstr(result.out, "  signature msi-error-1500: action retry, code 1618\n"));
	assert_non_null(strstr(result.out, "  signature msi-installation-status: action retry, code 1642\n"));
	assert_non_null(strstr(result.out, "MainEngineThread is returning 1612\n"
	                                   "  signature msi-engine-returning: action retry, code 1612\n"));
	free_written(&result, folder, path);
}

/* A German Windows writes Windows Installer's own lines in German: the
 * action's end is known by its shape and digits, the internal error by
 * the engine's "Note: 1: 2502", which no language changes. */
static void test_a_german_msi_log_is_understood(void **state)
{
	(void)state;
	test_run_result result;
	char *folder, *path;

	scan_written("client.msi.log",
	             "\xEF\xBB\xBF=== Ausf\xC3\xBChrliche Protokollierung gestartet: 01.06.2021  10:04:40 ===\r\n"
	             "MSI (s) (B4:44) [15:14:20:100]: Doing action: InstallFiles\r\n"
	             "Aktion gestartet um 15:14:20: InstallFiles.\r\n"
	             "MSI (s) (B4:44) [15:14:28:516]: Note: 1: 2502\r\n"
	             "Interner Fehler 2502.\r\n"
	             "Aktion beendet um 15:14:28: InstallFiles. R\xC3\xBC" "ckgabewert 3.\r\n",
	             "--json", &result, &folder, &path);
	assert_int_equal(result.exit_code, 1);
	assert_non_null(strstr(result.out, "\"message\":\"Note: 1: 2502\",\"truncated\":false,"
	                                   "\"signatures\":[{\"name\":\"msi-internal-error-2502\","
	                                   "\"action\":\"fix-retry\"}]}\n"));
	assert_non_null(strstr(result.out, "\"action\":\"end\",\"action_name\":\"InstallFiles\","
	                                   "\"return_value\":3,\"signatures\":[{\"name\":"
	                                   "\"msi-return-value-3\",\"action\":\"retry\",\"code\":1603}]}\n"));
	assert_non_null(strstr(result.out, "\"verdict\":\"fix-retry\",\"code\":1603}\n"));
	free_written(&result, folder, path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_ccmsetup_log_reports_1602_and_2502),
		cmocka_unit_test(test_the_content_not_the_name_decides_the_log_type),
		cmocka_unit_test(test_an_unfinished_service_mode_log_is_not_finished),
		cmocka_unit_test(test_kb_failure_lines_are_found_with_their_codes),
		cmocka_unit_test(test_a_german_msi_log_is_understood),
		cmocka_unit_test(test_seed_msi_log_as_json),
		cmocka_unit_test(test_success_log_exits_0),
		cmocka_unit_test(test_verbose_prints_every_event),
		cmocka_unit_test(test_json_is_the_verbose_json_with_signatures),
		cmocka_unit_test(test_missing_file_exits_2_naming_it),
		cmocka_unit_test(test_no_file_is_a_usage_error),
		cmocka_unit_test(test_hostile_bytes_give_valid_json),
		cmocka_unit_test(test_ini_signatures_override_and_add),
		cmocka_unit_test(test_an_invalid_ini_is_an_error),
		cmocka_unit_test(test_follow_reads_pieces_and_rotation_once),
		cmocka_unit_test(test_follow_waits_for_a_missing_file),
	};
	return cmocka_run_group_tests(tests, copy_logs, remove_logs);
}
