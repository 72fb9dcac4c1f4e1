/* The log pipeline (logpipeline.h): files read once or followed, their
 * events matched and fed to each file's progress, and its lifecycle: a
 * file that cannot be followed leaves the others as they were, a stopped
 * file delivers nothing more, finish hands out an entry left incomplete,
 * and close_cb comes once, after every follower closed (uv_loop_close
 * refuses a loop with a handle left). Followed files are read with
 * logpipeline_read_now, so that no test waits for a file event. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <uv.h>

#include "config/base/text.h"
#include "wrapper/logs/logpipeline.h"
#include "tests/support/testsupport.h"

#define FILE_COUNT 2
#define NO_POLL_MS 3600000   /* the safety net never looks during a test */

#define CMTRACE(message, thread)                                                        \
	"<![LOG[" message "]LOG]!><time=\"15:10:35.000+00\" date=\"02-04-2020\" "           \
	"component=\"ccmsetup\" context=\"\" type=\"1\" thread=\"" thread "\" file=\"\">\r\n"

typedef struct pipeline_test {
	uv_loop_t loop;
	char *folder;
	signature_set *signatures;
	logprogress progress;             /* both files feed it, as an attempt's logs do */
	logpipeline pipeline;
	logpipeline_file files[FILE_COUNT];
	strbuf seen;                      /* one line per callback */
	int closes;
} pipeline_test;

static size_t index_of(const pipeline_test *t, const logpipeline_file *file)
{
	return (size_t)(file - t->files);
}

static void on_bytes(void *context, logpipeline_file *file)
{
	pipeline_test *t = context;

	strbuf_printf(&t->seen, "bytes %zu\n", index_of(t, file));
}

static void on_event(void *context, logpipeline_file *file, const logpipeline_event *event)
{
	pipeline_test *t = context;

	strbuf_printf(&t->seen, "event %zu %s:%s", index_of(t, file),
	              log_source_name(event->log->source), event->log->message);
	for (size_t i = 0; i < event->match_count; i++)
		strbuf_printf(&t->seen, " [%s]", event->matches[i].name);
	strbuf_add_string(&t->seen, event->handover ? " hand-over\n" : "\n");
}

static void on_error(void *context, logpipeline_file *file, const char *message)
{
	pipeline_test *t = context;

	strbuf_printf(&t->seen, "error %zu %s\n", index_of(t, file), message);
}

static const logpipeline_callbacks callbacks = { on_bytes, on_event, on_error };

static void on_closed(logpipeline *pipeline)
{
	pipeline_test *t = pipeline->data;

	t->closes++;
}

static int setup(void **state)
{
	pipeline_test *t = xcalloc(1, sizeof *t);
	const char *names[FILE_COUNT] = { "ccmsetup.log", "client.msi.log" };
	const log_source sources[FILE_COUNT] = { LOG_SOURCE_CCMSETUP, LOG_SOURCE_MSI };
	error_message err;

	uv_loop_init(&t->loop);
	t->folder = test_make_temp_dir();
	if (!signature_set_new(NULL, 0, &t->signatures, &err))
		fail_msg("%s", err.text);
	logprogress_init(&t->progress, 100);
	for (size_t i = 0; i < FILE_COUNT; i++) {
		t->files[i].path = test_path(t->folder, names[i]);
		t->files[i].source = sources[i];
		t->files[i].progress = &t->progress;
	}
	strbuf_add_string(&t->seen, "");
	t->pipeline.data = t;
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	pipeline_test *t = *state;
	int loop_status = uv_loop_close(&t->loop);

	for (size_t i = 0; i < FILE_COUNT; i++)
		free((char *)t->files[i].path);
	signature_set_free(t->signatures);
	strbuf_free(&t->seen);
	test_remove_tree(t->folder);
	free(t->folder);
	free(t);
	return loop_status == 0 ? 0 : -1;
}

static void init_pipeline(pipeline_test *t, logfollow_start_at start_at)
{
	logpipeline_init(&t->loop, &t->pipeline, t->files, FILE_COUNT, t->signatures, start_at,
	                 NO_POLL_MS, &callbacks, t);
}

/* close_cb comes once, on the loop, never inside logpipeline_close. */
static void close_pipeline(pipeline_test *t)
{
	logpipeline_close(&t->pipeline, on_closed);
	assert_int_equal(t->closes, 0);
	uv_run(&t->loop, UV_RUN_DEFAULT);
	assert_int_equal(t->closes, 1);
}

static void write_log(pipeline_test *t, size_t file, const char *text)
{
	test_write_text(t->files[file].path, text);
}

static void append_log(pipeline_test *t, size_t file, const char *text)
{
	test_append_file(t->files[file].path, text, strlen(text));
}

/* ---- read once ---- */

/* ccmsetup hands over to its service and its bootstrap exits 0; the MSI
 * log fails: both feed the one progress. */
static void test_files_read_once_feed_their_progress(void **state)
{
	pipeline_test *t = *state;
	error_message err;

	write_log(t, 0, CMTRACE("==========[ ccmsetup started in process 100 ]==========", "1")
	                CMTRACE("Successfully started the ccmsetup service", "1")
	                CMTRACE("CcmSetup is exiting with return code 0", "1"));
	write_log(t, 1, "MSI (s) (B4:44) [15:14:28:516]: Note: 1: 2502\r\n");
	init_pipeline(t, LOGFOLLOW_FROM_BEGINNING);
	for (size_t i = 0; i < FILE_COUNT; i++)
		assert_true(logpipeline_read_file(&t->files[i], &err));
	assert_string_equal(t->seen.data,
	                    "bytes 0\n"
	                    "event 0 ccmsetup:==========[ ccmsetup started in process 100 ]==========\n"
	                    "event 0 ccmsetup:Successfully started the ccmsetup service\n"
	                    "event 0 ccmsetup:CcmSetup is exiting with return code 0 [ccmsetup-exit] "
	                    "hand-over\n"
	                    "bytes 1\n"
	                    "event 1 msi:Note: 1: 2502 [msi-internal-error-2502]\n");
	assert_int_equal(t->progress.handover_exits, 1);
	assert_false(t->progress.finished);
	assert_true(t->progress.has_failure_action);
	assert_int_equal(t->progress.failure_action, CONFIG_ACTION_FIX_RETRY);
	close_pipeline(t);
}

static void test_a_file_that_cannot_be_opened_is_named(void **state)
{
	pipeline_test *t = *state;
	error_message err;
	strbuf expected = STRBUF_INIT;

	init_pipeline(t, LOGFOLLOW_FROM_BEGINNING);
	assert_false(logpipeline_read_file(&t->files[0], &err));
	strbuf_printf(&expected, "cannot open '%s': %s", t->files[0].path, uv_strerror(UV_ENOENT));
	assert_string_equal(err.text, expected.data);
	assert_string_equal(t->seen.data, "");
	close_pipeline(t);
	strbuf_free(&expected);
}

/* ---- followed ---- */

/* From the end: only what is appended after the start; an entry still
 * open is handed out by finish, as it is. */
static void test_followed_files_deliver_what_is_appended(void **state)
{
	pipeline_test *t = *state;
	error_message err;

	write_log(t, 0, CMTRACE("before the attempt", "1"));
	init_pipeline(t, LOGFOLLOW_FROM_END);
	for (size_t i = 0; i < FILE_COUNT; i++)
		assert_true(logpipeline_start_file(&t->files[i], &err));
	append_log(t, 0, CMTRACE("Installation was cancelled (1602)", "1") "<![LOG[cut off");
	logpipeline_read_now(&t->pipeline);
	assert_string_equal(t->seen.data,
	                    "bytes 0\n"
	                    "event 0 ccmsetup:Installation was cancelled (1602) [kb2000387-cancelled]\n");
	strbuf_clear(&t->seen);
	logpipeline_stop(&t->pipeline);
	logpipeline_finish(&t->pipeline);
	assert_string_equal(t->seen.data, "event 0 ccmsetup:cut off\n");
	close_pipeline(t);
}

/* One file that cannot be followed says why and leaves the other
 * followed; a file stopped delivers nothing more. */
static void test_a_file_that_cannot_be_followed_leaves_the_others(void **state)
{
	pipeline_test *t = *state;
	error_message err;
	uv_fs_t request;
	strbuf expected = STRBUF_INIT;

	assert_int_equal(uv_fs_mkdir(NULL, &request, t->files[1].path, 0700, NULL), 0);
	uv_fs_req_cleanup(&request);
	init_pipeline(t, LOGFOLLOW_FROM_END);
	assert_true(logpipeline_start_file(&t->files[0], &err));
	assert_false(logpipeline_start_file(&t->files[1], &err));
	assert_string_equal(err.text, "not a regular file");
	append_log(t, 0, CMTRACE("first", "1"));
	logpipeline_read_now(&t->pipeline);
	logpipeline_stop_file(&t->files[0]);
	append_log(t, 0, CMTRACE("after the stop", "1"));
	logpipeline_read_now(&t->pipeline);
	uv_run(&t->loop, UV_RUN_NOWAIT);
	assert_string_equal(t->seen.data, "bytes 0\nevent 0 ccmsetup:first\n");
	close_pipeline(t);
	strbuf_free(&expected);
}

/* Set up, never started: close alone closes it. */
static void test_a_pipeline_never_started_closes(void **state)
{
	pipeline_test *t = *state;

	init_pipeline(t, LOGFOLLOW_FROM_END);
	logpipeline_read_now(&t->pipeline);
	close_pipeline(t);
	assert_string_equal(t->seen.data, "");
}

#define PIPELINE_TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		PIPELINE_TEST(test_files_read_once_feed_their_progress),
		PIPELINE_TEST(test_a_file_that_cannot_be_opened_is_named),
		PIPELINE_TEST(test_followed_files_deliver_what_is_appended),
		PIPELINE_TEST(test_a_file_that_cannot_be_followed_leaves_the_others),
		PIPELINE_TEST(test_a_pipeline_never_started_closes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
