/* An attempt seen through its logs: the running MSI action, ccmsetup
 * instances (the service-mode bootstrap's exit is not the end), and the
 * attempt's code from terminal lines and signatures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "wrapper/logs/logparse.h"
#include "wrapper/logs/logprogress.h"
#include "wrapper/logs/signature.h"
#include "tests/support/testsupport.h"
#include "config/base/text.h"

typedef struct watcher {
	signature_set *signatures;
	logprogress progress;
	uint64_t stop_after;          /* sequence to stop at; 0 = never */
	bool stopped;
	logprogress at_stop;
} watcher;

static void on_match(void *context, const log_event *event, const signature_match *match)
{
	watcher *w = context;
	(void)event;
	logprogress_on_signature(&w->progress, match);
}

static void on_event(void *context, const log_event *event)
{
	watcher *w = context;

	logprogress_on_event(&w->progress, event);
	signature_set_match(w->signatures, event, on_match, w);
	if (event->sequence == w->stop_after) {
		w->at_stop = w->progress;
		w->stopped = true;
	}
}

static void watch_sample(watcher *w, log_source source, const char *name)
{
	size_t size;
	char *bytes = test_read_sample_log(name, &size);
	logparse *parser = logparse_new(source, on_event, w);

	logparse_feed(parser, bytes, size);
	logparse_finish(parser);
	logparse_free(parser);
	free(bytes);
}

static void watcher_init(watcher *w, uint64_t stop_after)
{
	error_message err;

	memset(w, 0, sizeof *w);
	assert_true(signature_set_new(NULL, 0, &w->signatures, &err));
	logprogress_init(&w->progress, 0);
	w->stop_after = stop_after;
}

static void test_service_mode_is_not_finished_at_the_bootstrap_exit(void **state)
{
	(void)state;
	watcher w;
	uint32_t code = 99;

	watcher_init(&w, 7);   /* event 7: the bootstrap's "exiting with return code 0" */
	watch_sample(&w, LOG_SOURCE_CCMSETUP, "service-mode-ccmsetup.log");
	assert_true(w.stopped);
	assert_false(w.at_stop.finished);
	assert_int_equal(w.at_stop.instance_count, 2);
	assert_int_equal(w.at_stop.instances[0].pid, 3392);
	assert_int_equal(w.at_stop.instances[1].pid, 4412);
	assert_true(w.at_stop.instances[0].handed_over);
	assert_int_equal(w.at_stop.handover_exits, 1);
	assert_true(logprogress_service_pending(&w.at_stop));
	assert_false(logprogress_attempt_code(&w.at_stop, false, 0, &code));
	assert_int_equal(code, 0);

	assert_true(w.progress.finished);
	assert_false(logprogress_service_pending(&w.progress));
	assert_int_equal(w.progress.terminal_code, 7);
	assert_false(w.progress.has_failure_action);
	assert_string_equal(w.progress.action, "InstallFinalize");
	assert_true(logprogress_attempt_code(&w.progress, true, 0, &code));
	assert_int_equal(code, 7);
	signature_set_free(w.signatures);
}

/* ConfigMgr 2007's wording: "created" the service; the bootstrap's exit 0
 * (event 9) is the hand-over, the service instance's the end. */
static void test_2007_service_mode_sample(void **state)
{
	(void)state;
	watcher w;
	uint32_t code = 99;

	watcher_init(&w, 9);
	watch_sample(&w, LOG_SOURCE_CCMSETUP, "service-mode-2007-ccmsetup.log");
	assert_true(w.stopped);
	assert_false(w.at_stop.finished);
	assert_true(logprogress_service_pending(&w.at_stop));
	assert_int_equal(w.at_stop.instance_count, 1);
	assert_int_equal(w.at_stop.instances[0].pid, 2348);
	assert_true(w.at_stop.instances[0].handed_over);

	assert_true(w.progress.finished);
	assert_false(logprogress_service_pending(&w.progress));
	assert_int_equal(w.progress.instance_count, 2);
	assert_int_equal(w.progress.instances[1].pid, 2412);
	assert_int_equal(w.progress.handover_exits, 1);
	assert_true(logprogress_attempt_code(&w.progress, true, 0, &code));
	assert_int_equal(code, 0);
	signature_set_free(w.signatures);
}

static void test_successful_upgrade_finishes_with_zero(void **state)
{
	(void)state;
	watcher w;
	uint32_t code = 99;

	watcher_init(&w, 0);
	watch_sample(&w, LOG_SOURCE_CCMSETUP, "upgrade-2007-success-ccmsetup.log");
	assert_true(w.progress.finished);
	assert_int_equal(w.progress.instance_count, 1);
	assert_int_equal(w.progress.handover_exits, 0);
	assert_false(w.progress.handover_seen);
	assert_true(logprogress_attempt_code(&w.progress, true, 0, &code));
	assert_int_equal(code, 0);
	signature_set_free(w.signatures);
}

static void test_seed_attempt_is_1602_with_the_hung_action(void **state)
{
	(void)state;
	watcher w;
	uint32_t code = 0;

	watcher_init(&w, 1);
	watch_sample(&w, LOG_SOURCE_CCMSETUP, "kb2000387-ccmsetup.log");
	assert_true(w.at_stop.action_running);
	assert_string_equal(w.at_stop.action, "RemoveW2KDrivers");
	assert_string_equal(w.at_stop.action_started, "08:25:34.814");
	assert_false(w.progress.finished);
	assert_true(w.progress.has_failure_action);
	assert_string_equal(w.progress.action, "SmsRemovePatchManagerService");
	assert_int_equal(w.progress.action_changes, 2);

	watch_sample(&w, LOG_SOURCE_MSI, "kb2000387-client.msi.log");
	assert_false(w.progress.action_running);
	assert_int_equal(w.progress.action_changes, 5);
	assert_true(logprogress_attempt_code(&w.progress, false, 0, &code));
	assert_int_equal(code, 1602);
	assert_true(logprogress_attempt_code(&w.progress, true, 1603, &code));
	assert_int_equal(code, 1602);
	assert_true(logprogress_attempt_code(&w.progress, true, 6, &code));
	assert_int_equal(code, 1602);
	assert_true(logprogress_attempt_code(&w.progress, true, 1618, &code));
	assert_int_equal(code, 1618);
	signature_set_free(w.signatures);
}

static void test_hresult_terminal_line_maps_to_win32(void **state)
{
	(void)state;
	watcher w;
	uint32_t code = 0;

	watcher_init(&w, 0);
	watch_sample(&w, LOG_SOURCE_CCMSETUP, "multiline-ccmsetup.log");
	assert_true(w.progress.finished);
	assert_int_equal(w.progress.terminal_code, 1602);
	assert_true(logprogress_attempt_code(&w.progress, true, 0, &code));
	assert_int_equal(code, 1602);
	signature_set_free(w.signatures);
}

static log_event ccmsetup_event(const char *thread, const char *message)
{
	log_event event = {
		.source = LOG_SOURCE_CCMSETUP, .format = LOG_FORMAT_PLAIN, .time = "", .date = "",
		.component = "", .thread = thread, .file = "", .message = message,
		.message_length = strlen(message), .action_name = "", .action_return = -1,
	};
	return event;
}

static void feed(logprogress *progress, const char *thread, const char *message)
{
	log_event event = ccmsetup_event(thread, message);
	logprogress_on_event(progress, &event);
}

/* Without thread ids a handover still answers for the next exit 0; a new
 * instance after a terminal line is not finished; a failure is no handover. */
static void test_instances_without_threads_and_restarts(void **state)
{
	(void)state;
	logprogress progress;
	uint32_t code = 0;

	logprogress_init(&progress, 0);
	feed(&progress, "", "Successfully started the ccmsetup service");
	feed(&progress, "", "CcmSetup is exiting with return code 0");
	assert_false(progress.finished);
	feed(&progress, "", "CcmSetup is exiting with return code 0");
	assert_true(progress.finished);
	feed(&progress, "9", "==========[ ccmsetup started in process 4 ]==========");
	assert_false(progress.finished);
	feed(&progress, "9", "Successfully started the ccmsetup service");
	feed(&progress, "9", "CcmSetup failed with error code 0x80070643");
	assert_true(progress.finished);
	assert_int_equal(progress.terminal_code, 1603);
	assert_true(logprogress_attempt_code(&progress, true, 0, &code));
	assert_int_equal(code, 1603);
	assert_true(logprogress_code_is_unspecific(1603));
	assert_true(logprogress_code_is_unspecific(0x80004005u));
	assert_false(logprogress_code_is_unspecific(1602));
}

/* ConfigMgr 2007's wording, without thread ids: the process ccmwrap
 * started (100) handed over; its exit 0 is the hand-over's even when the
 * service instance (200) announced itself before it; the service
 * instance's failure ends the attempt. */
static void test_2007_hand_over_told_apart_by_process(void **state)
{
	(void)state;
	logprogress progress;
	uint32_t code = 0;

	logprogress_init(&progress, 100);
	feed(&progress, "", "==========[ ccmsetup started in process 100 ]==========");
	feed(&progress, "", "Successfully created the ccmsetup service");
	feed(&progress, "", "==========[ ccmsetup started in process 200 ]==========");
	feed(&progress, "", "CcmSetup is exiting with return code 0");
	assert_false(progress.finished);
	assert_true(logprogress_service_pending(&progress));
	assert_int_equal(progress.handover_exits, 1);
	assert_true(progress.instances[0].ended);
	assert_false(progress.instances[1].ended);
	feed(&progress, "", "Installation was cancelled (1602)");
	feed(&progress, "", "CcmSetup is exiting with return code 1602");
	assert_true(progress.finished);
	assert_false(logprogress_service_pending(&progress));
	assert_int_equal(progress.terminal_code, 1602);
	assert_true(logprogress_attempt_code(&progress, true, 0, &code));
	assert_int_equal(code, 1602);
}

/* Thread ids say whose line it is, whatever the order. */
static void test_lines_belong_to_their_thread(void **state)
{
	(void)state;
	logprogress progress;

	logprogress_init(&progress, 100);
	feed(&progress, "7", "==========[ ccmsetup started in process 100 ]==========");
	feed(&progress, "7", "Successfully started the ccmsetup service");
	feed(&progress, "8", "==========[ ccmsetup started in process 200 ]==========");
	feed(&progress, "8", "CcmSetup is exiting with return code 0");
	assert_true(progress.finished);
	assert_int_equal(progress.terminal_code, 0);
	/* The bootstrap's late exit line is the hand-over's, not a new end. */
	feed(&progress, "7", "CcmSetup is exiting with return code 0");
	assert_true(progress.finished);
	assert_int_equal(progress.handover_exits, 1);
}

/* A specific signature code wins over an unspecific one seen first. */
static void test_specific_signature_code_wins(void **state)
{
	(void)state;
	logprogress progress;
	signature_match generic = { .name = "msi-return-value-3", .action = CONFIG_ACTION_RETRY,
	                            .has_code = true, .code = 1603 };
	signature_match cancelled = { .name = "kb2000387-cancelled", .action = CONFIG_ACTION_FIX_RETRY,
	                              .has_code = true, .code = 1602 };
	signature_match busy = { .name = "msi-busy-1618", .action = CONFIG_ACTION_RETRY,
	                         .has_code = true, .code = 1618 };
	signature_match success = { .name = "ccmsetup-exit", .action = CONFIG_ACTION_SUCCESS,
	                            .has_code = true, .code = 0 };
	uint32_t code = 0;

	logprogress_init(&progress, 0);
	logprogress_on_signature(&progress, &success);
	assert_false(progress.has_failure_action);
	logprogress_on_signature(&progress, &generic);
	assert_int_equal(progress.signature_code, 1603);
	logprogress_on_signature(&progress, &cancelled);
	logprogress_on_signature(&progress, &busy);
	assert_int_equal(progress.signature_code, 1602);
	assert_true(logprogress_attempt_code(&progress, true, 1, &code));
	assert_int_equal(code, 1602);
	/* An exit 0 that no terminal line confirms says less than the failure. */
	assert_true(logprogress_attempt_code(&progress, true, 0, &code));
	assert_int_equal(code, 1602);
	feed(&progress, "", "CcmSetup is exiting with return code 0");
	assert_true(logprogress_attempt_code(&progress, true, 0, &code));
	assert_int_equal(code, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_service_mode_is_not_finished_at_the_bootstrap_exit),
		cmocka_unit_test(test_2007_service_mode_sample),
		cmocka_unit_test(test_successful_upgrade_finishes_with_zero),
		cmocka_unit_test(test_seed_attempt_is_1602_with_the_hung_action),
		cmocka_unit_test(test_hresult_terminal_line_maps_to_win32),
		cmocka_unit_test(test_instances_without_threads_and_restarts),
		cmocka_unit_test(test_2007_hand_over_told_apart_by_process),
		cmocka_unit_test(test_lines_belong_to_their_thread),
		cmocka_unit_test(test_specific_signature_code_wins),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
