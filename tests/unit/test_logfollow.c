/* The log follower on a real libuv loop, with the test as the writer: it
 * changes the file between loop runs and drives the loop until the expected
 * bytes arrived; a 10 s timer only guards against a hang. */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <uv.h>

#include "wrapper/logs/logfollow.h"
#include "tests/support/testsupport.h"
#include "tests/support/testwatch.h"
#include "config/base/text.h"

#define GUARD_MS 10000
#define SLOW_POLL_MS 60000   /* longer than the guard: events alone must drive these tests */
#define MAX_RESTARTS 8

typedef struct restart_seen {
	logfollow_restart_reason reason;
	size_t at;   /* bytes delivered before it */
} restart_seen;

typedef struct delivered {
	strbuf bytes;
	uint64_t next_offset;      /* where the next on_data must start */
	bool offsets_in_order;
	size_t chunks;
	size_t largest_chunk;
	restart_seen restarts[MAX_RESTARTS];
	size_t restart_count;
	strlist errors;
	logfollow *stop_in_on_data;
	logfollow *read_now_in_on_data;
	int closes;
} delivered;

typedef struct fixture {
	uv_loop_t loop;
	uv_timer_t guard;
	bool timed_out;
	char *folder;
	char *log;
	bool follower_open;       /* initialised and not closed yet */
	delivered got;
	logfollow follower;
} fixture;

static void on_data(void *context, const char *bytes, size_t length, uint64_t offset)
{
	delivered *got = context;

	if (offset != got->next_offset)
		got->offsets_in_order = false;
	got->next_offset = offset + length;
	strbuf_add(&got->bytes, bytes, length);
	got->chunks++;
	if (length > got->largest_chunk)
		got->largest_chunk = length;
	if (got->read_now_in_on_data != NULL) {
		logfollow *follower = got->read_now_in_on_data;
		got->read_now_in_on_data = NULL;
		logfollow_read_now(follower);
	}
	if (got->stop_in_on_data != NULL)
		logfollow_stop(got->stop_in_on_data);
}

static void on_restart(void *context, logfollow_restart_reason reason)
{
	delivered *got = context;

	if (got->restart_count < MAX_RESTARTS)
		got->restarts[got->restart_count] = (restart_seen){ reason, got->bytes.length };
	got->restart_count++;
	got->next_offset = 0;
}

static void on_error(void *context, const char *message)
{
	delivered *got = context;

	strlist_add(&got->errors, message);
}

static void on_closed(logfollow *follower)
{
	delivered *got = follower->data;

	got->closes++;
}

static const logfollow_callbacks callbacks = { on_data, on_restart, on_error };

static int setup(void **state)
{
	fixture *fix = xcalloc(1, sizeof *fix);

	uv_loop_init(&fix->loop);
	uv_timer_init(&fix->loop, &fix->guard);
	fix->guard.data = fix;
	fix->folder = test_make_temp_dir();
	fix->log = test_path(fix->folder, "ccmsetup.log");
	fix->got.offsets_in_order = true;
	strbuf_add(&fix->got.bytes, "", 0);
	*state = fix;
	return 0;
}

static void init_follower(fixture *fix)
{
	fix->follower.data = &fix->got;
	logfollow_init(&fix->loop, &fix->follower);
	fix->follower_open = true;
}

/* close_cb comes once, on the loop, never inside logfollow_close. */
static void close_follower(fixture *fix)
{
	int closes = fix->got.closes;

	if (!fix->follower_open)
		return;
	logfollow_close(&fix->follower, on_closed);
	fix->follower_open = false;
	assert_int_equal(fix->got.closes, closes);
	while (fix->got.closes == closes)
		uv_run(&fix->loop, UV_RUN_ONCE);
	assert_int_equal(fix->got.closes, closes + 1);
}

static int teardown(void **state)
{
	fixture *fix = *state;

	close_follower(fix);
	logfollow_use_system(NULL);
	uv_close((uv_handle_t *)&fix->guard, NULL);
	uv_run(&fix->loop, UV_RUN_DEFAULT);
	int loop_status = uv_loop_close(&fix->loop);
	test_remove_tree(fix->folder);
	free(fix->folder);
	free(fix->log);
	strbuf_free(&fix->got.bytes);
	strlist_free(&fix->got.errors);
	free(fix);
	return loop_status == 0 ? 0 : -1;
}

static void start(fixture *fix, logfollow_start_at start_at, uint64_t poll_ms)
{
	error_message err = { "" };

	init_follower(fix);
	assert_true(logfollow_start(&fix->follower, fix->log, start_at, poll_ms, &callbacks, &fix->got,
	    &err));
	assert_string_equal(err.text, "");
}

static void start_at_end_of(fixture *fix, size_t existing_size)
{
	fix->got.next_offset = existing_size;
	start(fix, LOGFOLLOW_FROM_END, SLOW_POLL_MS);
}

static void on_guard(uv_timer_t *timer)
{
	fixture *fix = timer->data;

	fix->timed_out = true;
}

static void run_until_length(fixture *fix, size_t length)
{
	fix->timed_out = false;
	uv_timer_start(&fix->guard, on_guard, GUARD_MS, 0);
	while (fix->got.bytes.length < length && !fix->timed_out)
		uv_run(&fix->loop, UV_RUN_ONCE);
	uv_timer_stop(&fix->guard);
	if (fix->timed_out)
		fail_msg("after %d ms, %" PRIu64 " of %" PRIu64 " bytes delivered", GUARD_MS,
		    (uint64_t)fix->got.bytes.length, (uint64_t)length);
}

/* Lets the follower handle what the kernel already queued, so that a test
 * can make it see an intermediate state (e.g. the file gone). */
static void run_pending(fixture *fix)
{
	for (int i = 0; i < 4; i++)
		uv_run(&fix->loop, UV_RUN_NOWAIT);
}

static void append(const char *path, const char *bytes, size_t length)
{
	FILE *file = fopen(path, "ab");

	assert_non_null(file);
	assert_int_equal(fwrite(bytes, 1, length, file), length);
	assert_int_equal(fclose(file), 0);
}

static void append_text(const char *path, const char *text)
{
	append(path, text, strlen(text));
}

/* libuv's rename replaces an existing target on Windows too, as C's
 * rename does not. */
static void move(const char *from, const char *to)
{
	uv_fs_t request;

	assert_int_equal(uv_fs_rename(NULL, &request, from, to, NULL), 0);
	uv_fs_req_cleanup(&request);
}

static void remove_file(const char *path)
{
	uv_fs_t request;

	assert_int_equal(uv_fs_unlink(NULL, &request, path, NULL), 0);
	uv_fs_req_cleanup(&request);
}

/* Windows keeps a deleted file's name until its last handle closes, and
 * the follower holds one: there, whoever deletes a log to create it anew
 * moves it aside first, as Windows programs do, and deletes it there. */
static void delete_log(fixture *fix)
{
#ifdef _WIN32
	char *aside = test_path(fix->folder, "ccmsetup.deleted");
	move(fix->log, aside);
	remove_file(aside);
	free(aside);
#else
	remove_file(fix->log);
#endif
}

/* A writer that keeps the log open, sharing it for renaming as libuv's
 * (and ccmsetup's) handles do on Windows. */
static uv_file open_writer(const char *path)
{
	uv_fs_t request;
	uv_file file = uv_fs_open(NULL, &request, path, UV_FS_O_WRONLY | UV_FS_O_APPEND, 0, NULL);

	uv_fs_req_cleanup(&request);
	assert_true(file >= 0);
	return file;
}

static void write_text(uv_file file, const char *text)
{
	uv_fs_t request;
	uv_buf_t buffer = uv_buf_init((char *)text, (unsigned)strlen(text));

	assert_int_equal(uv_fs_write(NULL, &request, file, &buffer, 1, -1, NULL), (int)strlen(text));
	uv_fs_req_cleanup(&request);
}

static void close_writer(uv_file file)
{
	uv_fs_t request;

	assert_int_equal(uv_fs_close(NULL, &request, file, NULL), 0);
	uv_fs_req_cleanup(&request);
}

static void assert_delivered(const fixture *fix, const char *expected)
{
	assert_int_equal(fix->got.bytes.length, strlen(expected));
	assert_memory_equal(fix->got.bytes.data, expected, strlen(expected));
	assert_true(fix->got.offsets_in_order);
	assert_int_equal(fix->got.errors.count, 0);
}

/* Runs until size bytes have come and checks they are content, with no
 * gap, overlap or restart. */
static void assert_all_delivered_in_order(fixture *fix, const char *content, size_t size)
{
	run_until_length(fix, size);
	assert_int_equal(fix->got.bytes.length, size);
	assert_memory_equal(fix->got.bytes.data, content, size);
	assert_true(fix->got.offsets_in_order);
	assert_int_equal(fix->got.restart_count, 0);
}

static void assert_one_restart(const fixture *fix, logfollow_restart_reason reason, size_t at)
{
	assert_int_equal(fix->got.restart_count, 1);
	assert_int_equal(fix->got.restarts[0].reason, reason);
	assert_int_equal(fix->got.restarts[0].at, at);
}

/* Text-like bytes with line ends, the same for every run. */
static char *make_content(size_t size, uint32_t seed)
{
	char *content = xmalloc(size);
	uint32_t state = seed;

	for (size_t i = 0; i < size; i++) {
		state = state * 1103515245u + 12345u;
		unsigned value = (state >> 16) % 64;
		content[i] = value == 0 ? '\n' : (char)(' ' + value);
	}
	return content;
}

static void test_start_from_end_ignores_existing_content(void **state)
{
	fixture *fix = *state;

	append_text(fix->log, "before the attempt\n");
	start_at_end_of(fix, 19);
	append_text(fix->log, "after\n");
	run_until_length(fix, 6);
	assert_delivered(fix, "after\n");
	assert_int_equal(fix->got.restart_count, 0);
}

static void test_appends_split_anywhere_arrive_exactly_and_in_order(void **state)
{
	fixture *fix = *state;
	const size_t size = 300000;
	char *content = make_content(size, 7);
	uint32_t random = 99;

	append_text(fix->log, "");
	start_at_end_of(fix, 0);
	FILE *writer = fopen(fix->log, "ab");
	assert_non_null(writer);
	for (size_t written = 0; written < size;) {
		random = random * 1103515245u + 12345u;
		size_t piece = 1 + (random >> 16) % 3000;
		if (piece > size - written)
			piece = size - written;
		assert_int_equal(fwrite(content + written, 1, piece, writer), piece);
		assert_int_equal(fflush(writer), 0);
		written += piece;
		if ((random >> 8) % 3 == 0)
			run_pending(fix);
	}
	assert_int_equal(fclose(writer), 0);
	assert_all_delivered_in_order(fix, content, size);
	free(content);
}

static void test_missing_file_is_waited_for_and_read_from_start(void **state)
{
	fixture *fix = *state;

	start_at_end_of(fix, 0);
	run_pending(fix);
	assert_int_equal(fix->got.bytes.length, 0);
	append_text(fix->log, "<![LOG[first]LOG]!>\n");
	run_until_length(fix, 20);
	append_text(fix->log, "second\n");
	run_until_length(fix, 27);
	assert_delivered(fix, "<![LOG[first]LOG]!>\nsecond\n");
	assert_one_restart(fix, LOGFOLLOW_CREATED, 0);
}

static void test_missing_folder_is_waited_for(void **state)
{
	fixture *fix = *state;
	char *logs = test_path(fix->folder, "Logs");
	free(fix->log);
	fix->log = test_path(logs, "ccmsetup.log");
	uv_fs_t request;

	start(fix, LOGFOLLOW_FROM_END, 20);
	run_pending(fix);
	assert_int_equal(uv_fs_mkdir(&fix->loop, &request, logs, 0700, NULL), 0);
	uv_fs_req_cleanup(&request);
	append_text(fix->log, "created\n");
	run_until_length(fix, 8);
	append_text(fix->log, "appended\n");
	run_until_length(fix, 17);
	assert_delivered(fix, "created\nappended\n");
	assert_one_restart(fix, LOGFOLLOW_CREATED, 0);
	free(logs);
}

/* ccmsetup finishes the entry in the old file, renames it to .lo_, creates
 * a new file and goes on. The follower gets the old file's tail, one
 * restart, then the new file. */
static void rotate_mid_entry(fixture *fix, bool wait_between_steps)
{
	const char *old_tail = "<![LOG[Downloading ccmsetup.cab";
	const char *old_end = " completed]LOG]!><time=\"15:10:35.458+00\">\n";
	const char *fresh = "<![LOG[Next entry in the new file]LOG]!>\n";
	char *rotated = test_path(fix->folder, "ccmsetup.lo_");
	char expected[256];

	snprintf(expected, sizeof expected, "%s%s%s", old_tail, old_end, fresh);
	append_text(fix->log, "<![LOG[earlier]LOG]!>\n");
	start_at_end_of(fix, 22);
	append_text(fix->log, old_tail);
	if (wait_between_steps)
		run_until_length(fix, strlen(old_tail));
	append_text(fix->log, old_end);
	move(fix->log, rotated);
	if (wait_between_steps)
		run_pending(fix);
	append_text(fix->log, fresh);
	run_until_length(fix, strlen(expected));
	assert_delivered(fix, expected);
	assert_one_restart(fix, LOGFOLLOW_ROTATED, strlen(old_tail) + strlen(old_end));
	free(rotated);
}

static void test_rotation_mid_entry_step_by_step(void **state)
{
	rotate_mid_entry(*state, true);
}

static void test_rotation_mid_entry_all_at_once(void **state)
{
	rotate_mid_entry(*state, false);
}

static void test_rotation_to_dated_name_with_writer_keeping_file_open(void **state)
{
	fixture *fix = *state;
	char *rotated = test_path(fix->folder, "ccmsetup-20200204-151035.log");

	append_text(fix->log, "");
	start_at_end_of(fix, 0);
	uv_file writer = open_writer(fix->log);
	write_text(writer, "old one\nold tw");
	run_until_length(fix, 14);
	write_text(writer, "o\n");
	move(fix->log, rotated);
	write_text(writer, "old three\n");
	close_writer(writer);
	append_text(fix->log, "new one\n");
	run_until_length(fix, 34);
	assert_delivered(fix, "old one\nold two\nold three\nnew one\n");
	assert_one_restart(fix, LOGFOLLOW_ROTATED, 26);
	free(rotated);
}

static void test_truncation_restarts_at_zero(void **state)
{
	fixture *fix = *state;

	append_text(fix->log, "0123456789\n");
	start(fix, LOGFOLLOW_FROM_BEGINNING, SLOW_POLL_MS);
	run_until_length(fix, 11);
	test_write_text(fix->log, "ab\n");
	run_until_length(fix, 14);
	append_text(fix->log, "cd\n");
	run_until_length(fix, 17);
	assert_delivered(fix, "0123456789\nab\ncd\n");
	assert_one_restart(fix, LOGFOLLOW_TRUNCATED, 11);
}

static void test_deletion_then_recreation(void **state)
{
	fixture *fix = *state;

	append_text(fix->log, "old\n");
	start_at_end_of(fix, 4);
	append_text(fix->log, "last old line\n");
	delete_log(fix);
	run_pending(fix);
	append_text(fix->log, "new\n");
	run_until_length(fix, 18);
	append_text(fix->log, "more\n");
	run_until_length(fix, 23);
	assert_delivered(fix, "last old line\nnew\nmore\n");
	assert_one_restart(fix, LOGFOLLOW_ROTATED, 14);
}

static void test_megabyte_line_arrives_in_bounded_chunks(void **state)
{
	fixture *fix = *state;
	const size_t size = 1024 * 1024 + 1;
	char *line = xmalloc(size);

	memset(line, 'x', size - 1);
	line[size - 1] = '\n';
	append_text(fix->log, "");
	start_at_end_of(fix, 0);
	append(fix->log, line, size);
	run_until_length(fix, size);
	assert_int_equal(fix->got.bytes.length, size);
	assert_memory_equal(fix->got.bytes.data, line, size);
	assert_true(fix->got.largest_chunk <= LOGFOLLOW_CHUNK_SIZE);
	assert_true(fix->got.chunks >= size / LOGFOLLOW_CHUNK_SIZE);
	free(line);
}

static void test_long_existing_file_read_from_beginning(void **state)
{
	fixture *fix = *state;
	const size_t size = 3 * 1024 * 1024 + 17;
	char *content = make_content(size, 3);

	test_write_file(fix->log, content, size);
	start(fix, LOGFOLLOW_FROM_BEGINNING, SLOW_POLL_MS);
	assert_all_delivered_in_order(fix, content, size);
	free(content);
}

static void test_read_now_delivers_at_once_and_nothing_twice(void **state)
{
	fixture *fix = *state;

	append_text(fix->log, "old\n");
	start_at_end_of(fix, 4);
	append_text(fix->log, "one\n");
	logfollow_read_now(&fix->follower);
	assert_delivered(fix, "one\n");
	run_pending(fix);
	logfollow_read_now(&fix->follower);
	append_text(fix->log, "two\n");
	run_until_length(fix, 8);
	run_pending(fix);
	assert_delivered(fix, "one\ntwo\n");
}

static void test_read_now_follows_a_rotation_it_finds(void **state)
{
	fixture *fix = *state;
	char *rotated = test_path(fix->folder, "ccmsetup.lo_");

	append_text(fix->log, "");
	start_at_end_of(fix, 0);
	append_text(fix->log, "end of old\n");
	move(fix->log, rotated);
	append_text(fix->log, "start of new\n");
	logfollow_read_now(&fix->follower);
	assert_delivered(fix, "end of old\nstart of new\n");
	assert_one_restart(fix, LOGFOLLOW_ROTATED, 11);
	free(rotated);
}

static void test_read_now_inside_on_data_reads_to_end(void **state)
{
	fixture *fix = *state;
	const size_t size = 2 * 1024 * 1024;
	char *content = make_content(size, 5);

	test_write_file(fix->log, content, size);
	start(fix, LOGFOLLOW_FROM_BEGINNING, SLOW_POLL_MS);
	fix->got.read_now_in_on_data = &fix->follower;
	run_until_length(fix, 1);
	assert_int_equal(fix->got.bytes.length, size);
	assert_memory_equal(fix->got.bytes.data, content, size);
	free(content);
}

static void test_stop_inside_on_data_ends_delivery(void **state)
{
	fixture *fix = *state;

	append_text(fix->log, "abc\n");
	start(fix, LOGFOLLOW_FROM_BEGINNING, SLOW_POLL_MS);
	fix->got.stop_in_on_data = &fix->follower;
	run_until_length(fix, 4);
	append_text(fix->log, "never\n");
	run_pending(fix);
	assert_delivered(fix, "abc\n");
	assert_int_equal(fix->got.chunks, 1);
}

static void test_error_reported_once_then_following_resumes(void **state)
{
	fixture *fix = *state;
	uv_fs_t request;

	append_text(fix->log, "old\n");
	start_at_end_of(fix, 4);
	delete_log(fix);
	assert_int_equal(uv_fs_mkdir(&fix->loop, &request, fix->log, 0700, NULL), 0);
	uv_fs_req_cleanup(&request);
	logfollow_read_now(&fix->follower);
	logfollow_read_now(&fix->follower);
	run_pending(fix);
	assert_int_equal(fix->got.errors.count, 1);
	assert_string_equal(fix->got.errors.items[0], "not a regular file");
	assert_int_equal(uv_fs_rmdir(&fix->loop, &request, fix->log, NULL), 0);
	uv_fs_req_cleanup(&request);
	append_text(fix->log, "new\n");
	run_until_length(fix, 4);
	assert_int_equal(fix->got.bytes.length, 4);
	assert_memory_equal(fix->got.bytes.data, "new\n", 4);
	assert_one_restart(fix, LOGFOLLOW_ROTATED, 0);
	assert_int_equal(fix->got.errors.count, 1);
}

/* A start that fails leaves close as the only call, and close releases
 * everything it had set up. */
static void assert_start_fails(fixture *fix, const char *path, uint64_t poll_ms,
    const logfollow_callbacks *with, const char *message)
{
	error_message err = { "" };

	init_follower(fix);
	assert_false(logfollow_start(&fix->follower, path, LOGFOLLOW_FROM_END, poll_ms, with,
	    &fix->got, &err));
	assert_string_equal(err.text, message);
	logfollow_read_now(&fix->follower);
	close_follower(fix);
	assert_int_equal(fix->got.bytes.length, 0);
	assert_int_equal(fix->got.errors.count, 0);
}

static void test_bad_arguments_are_refused(void **state)
{
	fixture *fix = *state;
	const logfollow_callbacks no_data = { NULL, on_restart, on_error };

	assert_start_fails(fix, "", 1000, &callbacks, "log follower: no log file path given");
	assert_start_fails(fix, "logs/", 1000, &callbacks,
	    "log follower: logs/ names a folder, not a log file");
	assert_start_fails(fix, "a.log", 0, &callbacks,
	    "log follower for a.log: the poll interval must be at least 1 ms");
	assert_start_fails(fix, "a.log", 1000, &no_data,
	    "log follower for a.log: on_data and on_restart callbacks are required");
	assert_start_fails(fix, fix->folder, 1000, &callbacks, "not a regular file");
}

/* inotify's watch limit, for one: the file is open by then, and the
 * handle of the failed watch closes before close_cb. */
static void test_a_folder_that_cannot_be_watched_fails_the_start(void **state)
{
	fixture *fix = *state;
	char message[512];

	append_text(fix->log, "old\n");
	snprintf(message, sizeof message, "cannot watch folder %s: %s", fix->folder,
	    uv_strerror(TEST_WATCH_REFUSAL));
	logfollow_use_system(&test_refusing_watches);
	assert_start_fails(fix, fix->log, 1000, &callbacks, message);
}

/* Closed without a start: only its own handles, then close_cb. */
static void test_a_follower_never_started_closes(void **state)
{
	fixture *fix = *state;

	init_follower(fix);
	logfollow_read_now(&fix->follower);
	logfollow_stop(&fix->follower);
	close_follower(fix);
	assert_int_equal(fix->got.chunks, 0);
}

/* A stopped follower keeps no loop alive: a program whose last follower
 * stopped can leave its loop (scan-log --follow after Ctrl-C). */
static void test_a_stopped_follower_keeps_no_loop_alive(void **state)
{
	fixture *fix = *state;

	append_text(fix->log, "old\n");
	start_at_end_of(fix, 4);
	run_pending(fix);
	logfollow_stop(&fix->follower);
	append_text(fix->log, "never\n");
	uv_run(&fix->loop, UV_RUN_DEFAULT);
	assert_int_equal(fix->got.chunks, 0);
}

#define FOLLOW_TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		FOLLOW_TEST(test_start_from_end_ignores_existing_content),
		FOLLOW_TEST(test_appends_split_anywhere_arrive_exactly_and_in_order),
		FOLLOW_TEST(test_missing_file_is_waited_for_and_read_from_start),
		FOLLOW_TEST(test_missing_folder_is_waited_for),
		FOLLOW_TEST(test_rotation_mid_entry_step_by_step),
		FOLLOW_TEST(test_rotation_mid_entry_all_at_once),
		FOLLOW_TEST(test_rotation_to_dated_name_with_writer_keeping_file_open),
		FOLLOW_TEST(test_truncation_restarts_at_zero),
		FOLLOW_TEST(test_deletion_then_recreation),
		FOLLOW_TEST(test_megabyte_line_arrives_in_bounded_chunks),
		FOLLOW_TEST(test_long_existing_file_read_from_beginning),
		FOLLOW_TEST(test_read_now_delivers_at_once_and_nothing_twice),
		FOLLOW_TEST(test_read_now_follows_a_rotation_it_finds),
		FOLLOW_TEST(test_read_now_inside_on_data_reads_to_end),
		FOLLOW_TEST(test_stop_inside_on_data_ends_delivery),
		FOLLOW_TEST(test_error_reported_once_then_following_resumes),
		FOLLOW_TEST(test_bad_arguments_are_refused),
		FOLLOW_TEST(test_a_folder_that_cannot_be_watched_fails_the_start),
		FOLLOW_TEST(test_a_follower_never_started_closes),
		FOLLOW_TEST(test_a_stopped_follower_keeps_no_loop_alive),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
