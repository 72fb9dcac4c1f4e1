/* The launcher's pure parts: the classification table (docs/DESIGN.md "Exit
 * codes"), the end-of-attempt rule, the busy poll, the command line shown,
 * the console's event line and the run summary. The processes themselves
 * are exercised end to end by tests/scenarios. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "wrapper/run/classify.h"
#include "wrapper/report/console.h"
#include "wrapper/run/launcher.h"
#include "wrapper/report/runreport.h"
#include "wrapper/run/skip.h"
#include "tests/support/testsupport.h"

typedef struct classify_case {
	const char *what;
	bool exited;
	uint32_t process_code;
	int term_signal;
	bool stalled;
	bool finished;
	uint32_t terminal_code;
	bool has_signature_code;
	uint32_t signature_code;
	bool has_action;
	config_signature_action action;
	bool success_rule;
	classify_verdict verdict;
	uint32_t code;
} classify_case;

#define FIX CONFIG_ACTION_FIX_RETRY
#define RETRY CONFIG_ACTION_RETRY
#define FAIL CONFIG_ACTION_FAIL

static const classify_case cases[] = {
	{ "clean exit 0", true, 0, 0, false, true, 0, false, 0, false, 0, false, CLASSIFY_SUCCESS, 0 },
	{ "KB2000387: 1602 with its signatures", true, 1602, 0, false, true, 1602, true, 1602, true,
	  FIX, false, CLASSIFY_FIX_RETRY, 1602 },
	{ "POSIX keeps 66 of 1602: the terminal line has it whole", true, 66, 0, false, true, 1602,
	  false, 0, true, RETRY, false, CLASSIFY_RETRY, 1602 },
	{ "POSIX keeps 66 of 1602: the signature has it whole", true, 66, 0, false, false, 0, true,
	  1602, true, FIX, false, CLASSIFY_FIX_RETRY, 1602 },
	{ "ccmsetup 7 is reboot required", true, 7, 0, false, true, 7, false, 0, false, 0, false,
	  CLASSIFY_REBOOT, 7 },
	{ "MSI 3010 after a bootstrap's 0", true, 0, 0, false, true, 3010, false, 0, false, 0,
	  false, CLASSIFY_REBOOT, 3010 },
	{ "1641 reboot initiated", true, 1641, 0, false, true, 1641, false, 0, false, 0, false,
	  CLASSIFY_REBOOT, 1641 },
	{ "1641 without a terminal line is unverified", true, 1641, 0, false, false, 0, false, 0,
	  false, 0, false, CLASSIFY_UNVERIFIED, 1641 },
	{ "exit 0 without a terminal line is unverified", true, 0, 0, false, false, 0, false, 0,
	  false, 0, false, CLASSIFY_UNVERIFIED, 0 },
	{ "exit 0 with a failure logged but no terminal line is that failure", true, 0, 0, false,
	  false, 0, true, 1602, true, FIX, false, CLASSIFY_FIX_RETRY, 1602 },
	{ "exit 7 without a terminal line is unverified", true, 7, 0, false, false, 0, false, 0,
	  false, 0, false, CLASSIFY_UNVERIFIED, 7 },
	{ "a failure signature's code wins over 1603", true, 1603, 0, false, false, 0, true, 1602,
	  true, FIX, false, CLASSIFY_FIX_RETRY, 1602 },
	{ "service instance failed after the bootstrap's 0", true, 0, 0, false, true, 1602, false,
	  0, true, RETRY, false, CLASSIFY_RETRY, 1602 },
	{ "HRESULT already mapped by the terminal line", true, 0, 0, false, true, 0x80070005u,
	  false, 0, true, RETRY, false, CLASSIFY_RETRY, 0x80070005u },
	{ "killed by SIGABRT", true, 0, 6, false, false, 0, false, 0, false, 0, false,
	  CLASSIFY_RETRY, 134 },
	{ "killed after its terminal line: the line counts", true, 0, 15, false, true, 0, false, 0,
	  false, 0, false, CLASSIFY_SUCCESS, 0 },
	{ "stalled", true, 0, 15, true, false, 0, false, 0, false, 0, false, CLASSIFY_RETRY, 10004 },
	{ "a fail rule stops retrying", true, 1603, 0, false, true, 1603, true, 1603, true, FAIL,
	  false, CLASSIFY_FAIL, 1603 },
	{ "busy 1618", true, 1618, 0, false, true, 1618, true, 1618, true, RETRY, false,
	  CLASSIFY_RETRY, 1618 },
	{ "no code at all", false, 0, 0, false, false, 0, false, 0, false, 0, false, CLASSIFY_RETRY,
	  1603 },
	{ "unknown failure without signature is retried", true, 9, 0, false, true, 9, false, 0,
	  false, 0, false, CLASSIFY_RETRY, 9 },
	{ "a user success rule, with the terminal line", true, 1, 0, false, true, 1, false, 0, false,
	  0, true, CLASSIFY_SUCCESS, 0 },
	{ "a user success rule without a terminal line proves nothing", true, 1, 0, false, false, 0,
	  false, 0, false, 0, true, CLASSIFY_RETRY, 1 },
	{ "exit 0 and a user success rule without a terminal line", true, 0, 0, false, false, 0,
	  false, 0, false, 0, true, CLASSIFY_UNVERIFIED, 0 },
};

static void test_classification_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const classify_case *c = &cases[i];
		logprogress progress;
		logprogress_init(&progress, 0);
		progress.finished = c->finished;
		progress.terminal_code = c->terminal_code;
		progress.has_signature_code = c->has_signature_code;
		progress.signature_code = c->signature_code;
		progress.signature_code_specific = c->has_signature_code &&
		                                   !logprogress_code_is_unspecific(c->signature_code);
		progress.has_failure_action = c->has_action;
		progress.failure_action = c->action;
		progress.success_rule_seen = c->success_rule;
		classify_facts facts = {
			.progress = &progress,
			.process_exited = c->exited,
			.process_code = c->process_code,
			.term_signal = c->term_signal,
			.stalled = c->stalled,
		};
		classify_result result;
		classify_attempt(&facts, &result);
		if (result.verdict != c->verdict || result.code != c->code)
			fail_msg("%s: got %s %lu, expected %s %lu", c->what,
			         classify_verdict_name(result.verdict), (unsigned long)result.code,
			         classify_verdict_name(c->verdict), (unsigned long)c->code);
	}
}

static void test_stronger_action(void **state)
{
	(void)state;
	assert_int_equal(signature_stronger_action(RETRY, FIX), FIX);
	assert_int_equal(signature_stronger_action(FIX, RETRY), FIX);
	assert_int_equal(signature_stronger_action(FIX, FAIL), FAIL);
	assert_int_equal(signature_stronger_action(FAIL, RETRY), FAIL);
}

static void feed(logprogress *progress, const char *thread, const char *message)
{
	log_event event = {
		.source = LOG_SOURCE_CCMSETUP, .format = LOG_FORMAT_PLAIN, .time = "", .date = "",
		.component = "", .thread = thread, .file = "", .message = message,
		.message_length = strlen(message), .action_name = "", .action_return = -1,
	};
	logprogress_on_event(progress, &event);
}

/* Without a service manager, the logs decide: a hand-over in either
 * wording waits for the service instance's terminal line. */
static void test_logs_let_attempt_end(void **state)
{
	const char *wordings[] = { "Successfully created the ccmsetup service",
	                           "Successfully started the ccmsetup service" };
	logprogress progress;

	(void)state;
	logprogress_init(&progress, 100);
	assert_true(classify_logs_let_attempt_end(&progress, CONFIG_MODE_AUTO));
	for (size_t i = 0; i < 2; i++) {
		logprogress_init(&progress, 100);
		feed(&progress, "1", "==========[ ccmsetup started in process 100 ]==========");
		feed(&progress, "1", wordings[i]);
		feed(&progress, "1", "CcmSetup is exiting with return code 0");
		assert_false(classify_logs_let_attempt_end(&progress, CONFIG_MODE_AUTO));
		assert_false(classify_logs_let_attempt_end(&progress, CONFIG_MODE_SERVICE));
		assert_true(classify_logs_let_attempt_end(&progress, CONFIG_MODE_NOSERVICE));
		feed(&progress, "2", "==========[ ccmsetup started in process 200 ]==========");
		assert_false(classify_logs_let_attempt_end(&progress, CONFIG_MODE_AUTO));
		feed(&progress, "2", "CcmSetup is exiting with return code 1602");
		assert_true(classify_logs_let_attempt_end(&progress, CONFIG_MODE_AUTO));
		assert_true(progress.finished);
		assert_int_equal(progress.terminal_code, 1602);
	}
}

static void test_installed_verdicts(void **state)
{
	(void)state;
	assert_true(classify_installed(CLASSIFY_SUCCESS));
	assert_true(classify_installed(CLASSIFY_REBOOT));
	assert_false(classify_installed(CLASSIFY_UNVERIFIED));
	assert_false(classify_installed(CLASSIFY_RETRY));
	assert_string_equal(classify_verdict_name(CLASSIFY_UNVERIFIED), "unverified");
}

static void test_busy_poll(void **state)
{
	(void)state;
	assert_int_equal(launcher_busy_poll_ms(600000), 1000);
	assert_int_equal(launcher_busy_poll_ms(5000), 500);
	assert_int_equal(launcher_busy_poll_ms(5), 1);
	assert_int_equal(launcher_busy_poll_ms(0), 1);
}

/* A ccmsetup.log event with no fields but its message. */
static log_event ccmsetup_event(const char *message)
{
	log_event event = { .source = LOG_SOURCE_CCMSETUP, .message = message, .time = "",
	                    .date = "", .component = "", .thread = "", .file = "",
	                    .action_name = "" };
	return event;
}

static void test_event_line(void **state)
{
	log_event event = ccmsetup_event("Installation was cancelled (1602)");
	signature_match match = { .name = "kb2000387-cancelled", .action = CONFIG_ACTION_FIX_RETRY };
	logpipeline_event matched = { .log = &event, .matches = &match, .match_count = 1 };
	logpipeline_event plain = { .log = &event };
	strbuf line = STRBUF_INIT;

	(void)state;
	console_format_event(&line, &matched);
	assert_string_equal(line.data, "  ccmsetup.log    Installation was cancelled (1602)  "
	                               "[kb2000387-cancelled -> fix-retry]");
	strbuf_clear(&line);
	event.source = LOG_SOURCE_MSI;
	/* A log line drives no terminal and makes no line of its own. */
	event.message = "first\r\nsecond \x1b[2J\xc2\x9b";
	console_format_event(&line, &plain);
	assert_string_equal(line.data, "  client.msi.log  first\\x0d\\x0asecond \\x1b[2J\\u009b");
	strbuf_free(&line);
}

/* A bootstrap's exit 0 after it handed over to the ccmsetup service is
 * shown as what it is, as scan-log shows it: not the end. */
static void test_a_hand_over_is_not_shown_as_success(void **state)
{
	log_event event = ccmsetup_event("CcmSetup is exiting with return code 0");
	signature_match match = { .name = "ccmsetup-exit", .action = CONFIG_ACTION_SUCCESS };
	logpipeline_event exit = { .log = &event, .matches = &match, .match_count = 1,
	                           .handover = true };
	strbuf line = STRBUF_INIT;

	(void)state;
	console_format_event(&line, &exit);
	assert_string_equal(line.data, "  ccmsetup.log    CcmSetup is exiting with return code 0  "
	                               "[ccmsetup-exit -> hand-over]");
	strbuf_clear(&line);
	exit.handover = false;
	console_format_event(&line, &exit);
	assert_string_equal(line.data, "  ccmsetup.log    CcmSetup is exiting with return code 0  "
	                               "[ccmsetup-exit -> success]");
	strbuf_free(&line);
}

static void test_summary_line(void **state)
{
	run_result result;

	(void)state;
	result_init(&result);
	result_add_attempt(&result);
	result_add_attempt(&result);
	result.outcome = OUTCOME_SUCCESS;
	result.exit_code = 0;
	char *text = runreport_describe(&result, NULL);
	assert_string_equal(text, "ccmwrap: success, exit code 0 after 2 attempts");
	free(text);
	result.outcome = OUTCOME_FAILED;
	result.exit_code = 1602;
	text = runreport_describe(&result, "no attempt left");
	assert_string_equal(text, "ccmwrap: failed, exit code 1602 after 2 attempts: no attempt left");
	free(text);
	result_free(&result);
}

static void test_versions_compare_number_by_number(void **state)
{
	int order;

	(void)state;
	assert_true(skip_compare_versions("4.00.6487.2000", "4.0.6487.2000", &order));
	assert_int_equal(order, 0);
	assert_true(skip_compare_versions("4.00.6487.2000", "4.00.6487.2111", &order));
	assert_true(order < 0);
	assert_true(skip_compare_versions("5.00.7804.1000", "4.00.6487.2000", &order));
	assert_true(order > 0);
	assert_true(skip_compare_versions("4.00.6487", "4.00.6487.0", &order));
	assert_int_equal(order, 0);
	assert_true(skip_compare_versions("4.10", "4.9", &order));
	assert_true(order > 0);
	assert_false(skip_compare_versions("4.00 beta", "4.00", &order));
	assert_false(skip_compare_versions("", "4.00", &order));
	assert_false(skip_compare_versions("4..0", "4.00", &order));
}

static void check_current_in(const char *reg_text, config_version_view view, const char *target,
                             bool expect_ok, bool expect_current, const char *expect_why)
{
	char *folder = test_make_temp_dir();
	char *path = test_path(folder, "client.reg");
	config cfg = { 0 };
	registry *reg = NULL;
	strbuf why = STRBUF_INIT;
	error_message err;
	bool current = true;

	test_write_text(path, reg_text);
	assert_true(registry_open_file(path, &reg, &err));
	cfg.ccmsetup.version_key = "HKLM\\SOFTWARE\\Microsoft\\SMS\\Mobile Client";
	cfg.ccmsetup.version_value = "ProductVersion";
	cfg.ccmsetup.target_version = (char *)target;
	cfg.ccmsetup.version_view = view;
	assert_int_equal(skip_client_is_current(reg, &cfg, &current, &why, &err), expect_ok);
	if (expect_ok) {
		assert_int_equal(current, expect_current);
		assert_string_equal(why.data, expect_why);
	} else {
		assert_string_equal(err.text, expect_why);
	}
	strbuf_free(&why);
	registry_close(reg);
	test_remove_tree(folder);
	free(path);
	free(folder);
}

static void check_current(const char *reg_text, const char *target, bool expect_ok,
                          bool expect_current, const char *expect_why)
{
	check_current_in(reg_text, CONFIG_VIEW_AUTO, target, expect_ok, expect_current, expect_why);
}

#define CLIENT_KEY "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Mobile Client]\n"
#define CLIENT_KEY_32 "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Wow6432Node\\Microsoft\\SMS\\Mobile Client]\n"

static void test_target_version_reads_the_client_version(void **state)
{
	(void)state;
	check_current("Windows Registry Editor Version 5.00\n\n" CLIENT_KEY
	              "\"ProductVersion\"=\"4.00.6487.2000\"\n", "4.00.6487.2000", true, true,
	              "installed client 4.00.6487.2000 (32-bit view), target_version 4.00.6487.2000");
	check_current("Windows Registry Editor Version 5.00\n\n" CLIENT_KEY
	              "\"ProductVersion\"=\"2.50.4160.2000\"\n", "4.00.6487.2000", true, false,
	              "installed client 2.50.4160.2000 (32-bit view), target_version 4.00.6487.2000");
	check_current("Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE]\n",
	              "4.00.6487.2000", true, false,
	              "no client installed (HKLM\\SOFTWARE\\Microsoft\\SMS\\Mobile Client does not exist in "
	              "the 32-bit or the 64-bit view)");
	check_current("Windows Registry Editor Version 5.00\n\n" CLIENT_KEY "\"Other\"=\"x\"\n",
	              "4.00.6487.2000", true, false,
	              "no client version (HKLM\\SOFTWARE\\Microsoft\\SMS\\Mobile Client\\ProductVersion "
	              "does not exist in the 32-bit or the 64-bit view)");
	check_current("Windows Registry Editor Version 5.00\n\n" CLIENT_KEY
	              "\"ProductVersion\"=dword:00000004\n", "4.00.6487.2000", false, false,
	              "HKLM\\SOFTWARE\\Microsoft\\SMS\\Mobile Client\\ProductVersion is not a version string");
}

/* On x64 the 32-bit ConfigMgr 2007 client's key is in the 32-bit view
 * (Wow6432Node); the 64-bit view still holds the SMS 2003 client's. */
static void test_client_version_is_read_in_the_32_bit_view_first(void **state)
{
	const char *x64 = "Windows Registry Editor Version 5.00\n\n" CLIENT_KEY
	                  "\"ProductVersion\"=\"2.50.4160.2000\"\n" CLIENT_KEY_32
	                  "\"ProductVersion\"=\"4.00.6487.2000\"\n";

	(void)state;
	check_current_in(x64, CONFIG_VIEW_AUTO, "4.00.6487.2000", true, true,
	                 "installed client 4.00.6487.2000 (32-bit view), target_version 4.00.6487.2000");
	check_current_in(x64, CONFIG_VIEW_32, "4.00.6487.2000", true, true,
	                 "installed client 4.00.6487.2000 (32-bit view), target_version 4.00.6487.2000");
	check_current_in(x64, CONFIG_VIEW_64, "4.00.6487.2000", true, false,
	                 "installed client 2.50.4160.2000 (64-bit view), target_version 4.00.6487.2000");
	check_current_in("Windows Registry Editor Version 5.00\n\n" CLIENT_KEY_32
	                 "\"ProductVersion\"=\"4.00.6487.2000\"\n", CONFIG_VIEW_64, "4.00.6487.2000", true,
	                 false, "no client installed (HKLM\\SOFTWARE\\Microsoft\\SMS\\Mobile Client "
	                        "does not exist in the 64-bit view)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classification_table),
		cmocka_unit_test(test_stronger_action),
		cmocka_unit_test(test_logs_let_attempt_end),
		cmocka_unit_test(test_installed_verdicts),
		cmocka_unit_test(test_client_version_is_read_in_the_32_bit_view_first),
		cmocka_unit_test(test_busy_poll),
		cmocka_unit_test(test_event_line),
		cmocka_unit_test(test_a_hand_over_is_not_shown_as_success),
		cmocka_unit_test(test_summary_line),
		cmocka_unit_test(test_versions_compare_number_by_number),
		cmocka_unit_test(test_target_version_reads_the_client_version),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
