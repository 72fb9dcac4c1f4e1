/* An attempt's lifecycle through its API (attempt.h, docs/DESIGN.md
 * "Layout"): every way its start can fail says why, delivers nothing
 * afterwards, and leaves attempt_close to close every handle of the
 * attempt, its log pipeline and its child before close_cb frees it; an
 * attempt that ran, or was interrupted, ends with on_done and closes the
 * same way. ASan (leaks, use after free) and uv_loop_close, which refuses
 * a loop with a handle left, check that nothing outlives close_cb.
 *
 * The timers cannot fail to start: libuv's uv_timer_start refuses only a
 * NULL callback or a closing handle, which the attempt never passes. A
 * folder that cannot be watched is brought about through logfollow's
 * system seam (logfollow_use_system): inotify's limit or a folder Windows
 * refuses to list are out of reach of a test run as root or under Wine. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>
#include <uv.h>

#include "config/base/text.h"
#include "wrapper/run/attempt.h"
#include "wrapper/run/cmdline.h"
#include "tests/support/testsupport.h"
#include "tests/support/testwatch.h"

typedef struct attempt_test {
	uv_loop_t loop;
	char *folder;
	config cfg;
	loglocate_list sites;
	signature_set *signatures;
	attempt *current;
	error_message err;
	strlist log_errors;          /* "PATH: MESSAGE" */
	strlist news;                /* "NEWS: DETAIL" */
	size_t events;
	int dones;
	int closes;
	attempt_report report;       /* as on_done saw it; its signatures are not kept */
} attempt_test;

static void on_event(void *context, const logpipeline_event *event)
{
	attempt_test *t = context;

	(void)event;
	t->events++;
}

static void on_stall(void *context, const char *action, uint64_t silent_ms)
{
	(void)context;
	fail_msg("no stall was expected: %s silent for %llu ms", action,
	         (unsigned long long)silent_ms);
}

static void on_log_error(void *context, const char *path, const char *message)
{
	attempt_test *t = context;
	strbuf line = STRBUF_INIT;

	strbuf_printf(&line, "%s: %s", path, message);
	strlist_add_owned(&t->log_errors, strbuf_detach(&line));
}

static void on_news(void *context, attempt_news news, const char *detail)
{
	static const char *const names[] = {
		[ATTEMPT_LOGS_FOUND] = "logs-found",
		[ATTEMPT_SERVICE_WAITING] = "service-waiting",
		[ATTEMPT_SERVICE_STOPPED] = "service-stopped",
		[ATTEMPT_STOP_ASKED] = "stop-asked",
		[ATTEMPT_STOP_FORCED] = "stop-forced",
		[ATTEMPT_PROCESS_ENDED] = "process-ended",
		[ATTEMPT_SERVICE_ERROR] = "service-error",
	};
	attempt_test *t = context;
	strbuf line = STRBUF_INIT;

	strbuf_printf(&line, "%s: %s", names[news], detail != NULL ? detail : "");
	strlist_add_owned(&t->news, strbuf_detach(&line));
}

static void on_closed(attempt *closed)
{
	attempt_test *t = closed->data;

	t->closes++;
	free(closed);
}

static void on_done(void *context, attempt *finished)
{
	attempt_test *t = context;

	t->dones++;
	t->report = *attempt_get_report(finished);
	t->report.signatures = (strlist)STRLIST_INIT;
	attempt_close(finished, on_closed);
}

static const attempt_hooks hooks = { on_event, on_stall, on_log_error, on_news, on_done };

static int setup(void **state)
{
	attempt_test *t = xcalloc(1, sizeof *t);
	error_message err;

	uv_loop_init(&t->loop);
	t->folder = test_make_temp_dir();
	t->cfg.ccmsetup.mode = CONFIG_MODE_NOSERVICE;
	if (!signature_set_new(NULL, 0, &t->signatures, &err))
		fail_msg("%s", err.text);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	attempt_test *t = *state;
	int loop_status = uv_loop_close(&t->loop);

	logfollow_use_system(NULL);
	signature_set_free(t->signatures);
	loglocate_free(&t->sites);
	free(t->cfg.logs.ccmsetup);
	strlist_free(&t->cfg.ccmsetup.args);
	strlist_free(&t->log_errors);
	strlist_free(&t->news);
	test_remove_tree(t->folder);
	free(t->folder);
	free(t);
	return loop_status == 0 ? 0 : -1;
}

/* ---- where the logs are ---- */

static char *make_folder(attempt_test *t, const char *name)
{
	char *folder = test_path(t->folder, name);
	uv_fs_t request;

	assert_int_equal(uv_fs_mkdir(NULL, &request, folder, 0700, NULL), 0);
	uv_fs_req_cleanup(&request);
	return folder;
}

/* [logs] ccmsetup in the INI: one site, client.msi.log beside. */
static char *configure_log(attempt_test *t, const char *folder_name)
{
	char *folder = make_folder(t, folder_name);

	t->cfg.logs.ccmsetup = test_path(folder, "ccmsetup.log");
	loglocate_list_sites(&t->cfg, &t->sites);
	assert_true(t->sites.configured);
	return folder;
}

/* [logs] ccmsetup = auto: a site per folder, as loglocate lists them. */
static void add_auto_site(attempt_test *t, const char *folder_name)
{
	char *folder = make_folder(t, folder_name);

	t->sites.sites = xrealloc(t->sites.sites, (t->sites.count + 1) * sizeof *t->sites.sites);
	loglocate_site *site = &t->sites.sites[t->sites.count++];
	memset(site, 0, sizeof *site);
	site->folder = folder;
	site->ccmsetup_log = test_path(folder, "ccmsetup.log");
	site->msi_log = test_path(folder, "client.msi.log");
	site->reason = xstrdup("a test site");
}

/* A folder where a log file should be: it cannot be followed. */
static void make_log_a_folder(const char *path)
{
	uv_fs_t request;

	assert_int_equal(uv_fs_mkdir(NULL, &request, path, 0700, NULL), 0);
	uv_fs_req_cleanup(&request);
}

/* ---- running it ---- */

static void init_attempt(attempt_test *t, const char *program)
{
	t->current = xmalloc(sizeof *t->current);
	t->current->data = t;
	attempt_init(&t->loop, t->current, &t->cfg, &t->sites, t->signatures, program, &hooks, t);
}

static void append_unless_folder(const char *log)
{
	const char *line = "<![LOG[written after the start failed]LOG]!>\r\n";
	uv_fs_t request;
	bool folder = uv_fs_stat(NULL, &request, log, NULL) == 0 &&
	              (request.statbuf.st_mode & S_IFMT) == S_IFDIR;

	uv_fs_req_cleanup(&request);
	if (!folder)
		test_append_file(log, line, strlen(line));
}

/* A start that fails: nothing is delivered afterwards, even what is
 * written to the logs before the close; close_cb comes once, on the loop. */
static void assert_start_fails(attempt_test *t, const char *program, const char *message)
{
	init_attempt(t, program);
	assert_false(attempt_start(t->current, &t->err));
	assert_string_equal(t->err.text, message);
	for (size_t i = 0; i < t->sites.count; i++) {
		append_unless_folder(t->sites.sites[i].ccmsetup_log);
		append_unless_folder(t->sites.sites[i].msi_log);
	}
	attempt_close(t->current, on_closed);
	assert_int_equal(t->closes, 0);
	uv_run(&t->loop, UV_RUN_DEFAULT);
	assert_int_equal(t->closes, 1);
	assert_int_equal(t->dones, 0);
	assert_int_equal(t->events, 0);
	assert_int_equal(t->news.count, 0);
}

/* A start that succeeds runs to on_done, which closes it. */
static void run_attempt(attempt_test *t, const char *program, bool interrupt)
{
	init_attempt(t, program);
	if (!attempt_start(t->current, &t->err))
		fail_msg("%s", t->err.text);
	if (interrupt)
		attempt_interrupt(t->current);
	uv_run(&t->loop, UV_RUN_DEFAULT);
	assert_int_equal(t->dones, 1);
	assert_int_equal(t->closes, 1);
}

static char *expected_text(const char *format, ...) PRINTF_LIKE(1, 2);

static char *expected_text(const char *format, ...)
{
	strbuf text = STRBUF_INIT;
	va_list args;

	va_start(args, format);
	strbuf_vprintf(&text, format, args);
	va_end(args);
	return strbuf_detach(&text);
}

/* ---- start failures ---- */

/* issue 12's use after free: the followers run when the spawn fails. */
static void test_a_program_that_cannot_be_executed(void **state)
{
	attempt_test *t = *state;
	char *logs = configure_log(t, "Logs");
	char *program = test_path(t->folder, "ccmsetup.exe");

	test_write_text(program, "not a program\r\n");
#ifdef _WIN32
	/* CreateProcess's ERROR_BAD_EXE_FORMAT is among no error libuv maps. */
	char *message = expected_text("cannot start '%s': %s", program, uv_strerror(UV_UNKNOWN));
#else
	char *message = expected_text("cannot start '%s': %s", program, uv_strerror(UV_EACCES));
#endif
	assert_start_fails(t, program, message);
	assert_int_equal(t->log_errors.count, 0);
	free(message);
	free(program);
	free(logs);
}

/* Resolved when the run began, gone when the attempt starts. */
static void test_a_program_that_vanished(void **state)
{
	attempt_test *t = *state;
	char *logs = configure_log(t, "Logs");
	char *program = test_path(t->folder, "ccmsetup.exe");
	char *message = expected_text("cannot start '%s': %s", program, uv_strerror(UV_ENOENT));

	assert_start_fails(t, program, message);
	free(message);
	free(program);
	free(logs);
}

/* The INI's log cannot be followed: ccmsetup is never started. */
static void test_a_configured_log_that_is_a_folder(void **state)
{
	attempt_test *t = *state;
	char *logs = configure_log(t, "Logs");
	const char *log = t->cfg.logs.ccmsetup;

	make_log_a_folder(log);
	char *message = expected_text("cannot follow %s: not a regular file", log);
	assert_start_fails(t, CCMWRAP_CHILD_HELPER, message);
	assert_int_equal(t->log_errors.count, 0);
	free(message);
	free(logs);
}

static void test_a_configured_folder_that_cannot_be_watched(void **state)
{
	attempt_test *t = *state;
	char *logs = configure_log(t, "Logs");
	char *message = expected_text("cannot follow %s: cannot watch folder %s: %s",
	                              t->cfg.logs.ccmsetup, logs, uv_strerror(TEST_WATCH_REFUSAL));

	logfollow_use_system(&test_refusing_watches);
	assert_start_fails(t, CCMWRAP_CHILD_HELPER, message);
	free(message);
	free(logs);
}

/* With auto every log that cannot be followed is said, and when none can,
 * the attempt cannot start. */
static void test_no_site_that_can_be_watched(void **state)
{
	attempt_test *t = *state;

	add_auto_site(t, "ccmsetup");
	add_auto_site(t, "Logs");
	logfollow_use_system(&test_refusing_watches);
	assert_start_fails(t, CCMWRAP_CHILD_HELPER, "no folder where ccmsetup writes can be followed");
	assert_int_equal(t->log_errors.count, 4);
	for (size_t i = 0; i < t->sites.count; i++) {
		const loglocate_site *site = &t->sites.sites[i];
		char *ccmsetup = expected_text("%s: cannot watch folder %s: %s", site->ccmsetup_log,
		                               site->folder, uv_strerror(TEST_WATCH_REFUSAL));
		char *msi = expected_text("%s: cannot watch folder %s: %s", site->msi_log, site->folder,
		                          uv_strerror(TEST_WATCH_REFUSAL));
		assert_string_equal(t->log_errors.items[2 * i], ccmsetup);
		assert_string_equal(t->log_errors.items[2 * i + 1], msi);
		free(msi);
		free(ccmsetup);
	}
}

/* ---- attempts that start ---- */

/* A site that cannot be followed is left out, the others followed, and
 * ccmsetup runs to its end. */
static void test_an_auto_site_that_cannot_be_followed_is_left_out(void **state)
{
	attempt_test *t = *state;

	add_auto_site(t, "broken");
	add_auto_site(t, "Logs");
	make_log_a_folder(t->sites.sites[0].ccmsetup_log);
	strlist_add(&t->cfg.ccmsetup.args, "exit");
	strlist_add(&t->cfg.ccmsetup.args, "3");
	run_attempt(t, CCMWRAP_CHILD_HELPER, false);
	assert_int_equal(t->log_errors.count, 1);
	char *error = expected_text("%s: not a regular file", t->sites.sites[0].ccmsetup_log);
	assert_string_equal(t->log_errors.items[0], error);
	assert_true(t->report.process_exited);
	assert_int_equal(t->report.exit_status, 3);
	assert_false(t->report.interrupted);
	assert_false(t->report.logs_found);
	assert_int_equal(t->news.count, 0);
	free(error);
}

/* Interrupted while ccmsetup runs: stopped, ended, over, closed. */
static void test_an_interrupted_attempt_ends_and_closes(void **state)
{
	attempt_test *t = *state;
	char *logs = configure_log(t, "Logs");

	strlist_add(&t->cfg.ccmsetup.args, "sleep");
	strlist_add(&t->cfg.ccmsetup.args, "600000");
	run_attempt(t, CCMWRAP_CHILD_HELPER, true);
	assert_true(t->report.interrupted);
	assert_true(t->report.killed);
	assert_true(t->report.process_exited);
	assert_int_not_equal(t->report.term_signal, 0);
	char *process = expected_text("ccmsetup (process %d)", t->report.process_id);
	char *asked = expected_text("stop-asked: %s", process);
	char *shown = cmdline_format(CCMWRAP_CHILD_HELPER, &t->cfg.ccmsetup.args);
	char *ended = expected_text("process-ended: ccmsetup, process %d: %s", t->report.process_id,
	                            shown);
#ifdef _WIN32
	/* A program without a window cannot be asked (child.h). */
	const char *expected[] = { "stop-forced: nothing could be asked to stop", ended };
#else
	const char *expected[] = { asked, "stop-forced: stop_grace is 0", ended };
#endif
	size_t count = sizeof expected / sizeof expected[0];
	assert_int_equal(t->news.count, count);
	for (size_t i = 0; i < count; i++)
		assert_string_equal(t->news.items[i], expected[i]);
	free(ended);
	free(shown);
	free(asked);
	free(process);
	free(logs);
}

#define ATTEMPT_TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		ATTEMPT_TEST(test_a_program_that_cannot_be_executed),
		ATTEMPT_TEST(test_a_program_that_vanished),
		ATTEMPT_TEST(test_a_configured_log_that_is_a_folder),
		ATTEMPT_TEST(test_a_configured_folder_that_cannot_be_watched),
		ATTEMPT_TEST(test_no_site_that_can_be_watched),
		ATTEMPT_TEST(test_an_auto_site_that_cannot_be_followed_is_left_out),
		ATTEMPT_TEST(test_an_interrupted_attempt_ends_and_closes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
