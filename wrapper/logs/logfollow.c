#include "wrapper/logs/logfollow.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config/base/text.h"

/* Chunks read per loop iteration, so that a large backlog (scan-log of a
 * long file) does not keep the loop from its other handles. */
#define LOGFOLLOW_CHUNKS_PER_TURN 16

#define NO_FILE ((uv_file)-1)

typedef enum read_outcome {
	READ_AT_END,      /* everything there was delivered */
	READ_MORE_LEFT,   /* the turn's chunk budget was spent */
	READ_FAILED,      /* reported; the next event or poll retries */
	READ_STOPPED      /* a callback stopped the follower */
} read_outcome;

static int libuv_watch_start(uv_fs_event_t *watch, uv_fs_event_cb on_event, const char *folder,
                             unsigned int flags)
{
	return uv_fs_event_start(watch, on_event, folder, flags);
}

static const logfollow_system libuv_system = { libuv_watch_start };
static const logfollow_system *current_system = &libuv_system;

void logfollow_use_system(const logfollow_system *system)
{
	current_system = system != NULL ? system : &libuv_system;
}

static bool is_missing(int status)
{
	return status == UV_ENOENT || status == UV_ENOTDIR;
}

static bool is_separator(char c)
{
#ifdef _WIN32
	return c == '/' || c == '\\';
#else
	return c == '/';
#endif
}

/* A root folder ("/", "C:\") keeps its separator; "name" alone is in ".". */
static void split_path(logfollow *follower)
{
	const char *path = follower->path;
	size_t separator = strlen(path);

	while (separator > 0 && !is_separator(path[separator - 1]))
		separator--;
	follower->name = xstrdup(path + separator);
	if (separator == 0) {
		follower->folder = xstrdup(".");
		return;
	}
	size_t folder_length = separator - 1;
	bool root = folder_length == 0 || (folder_length == 2 && path[1] == ':');
	follower->folder = xstrndup(path, root ? separator : folder_length);
}

static void report_error(logfollow *follower, const char *format, ...)
    PRINTF_LIKE(2, 3);

/* Persistent errors would otherwise repeat at every poll. */
static void report_error(logfollow *follower, const char *format, ...)
{
	char message[sizeof follower->last_error];
	va_list args;

	va_start(args, format);
	vsnprintf(message, sizeof message, format, args);
	va_end(args);
	follower->error_in_this_look = true;
	if (follower->stopping || strcmp(message, follower->last_error) == 0)
		return;
	memcpy(follower->last_error, message, sizeof message);
	if (follower->callbacks.on_error != NULL)
		follower->callbacks.on_error(follower->context, message);
}

static int stat_path(logfollow *follower, uv_stat_t *out)
{
	uv_fs_t request;
	int status = uv_fs_stat(follower->loop, &request, follower->path, NULL);

	if (status == 0)
		*out = request.statbuf;
	uv_fs_req_cleanup(&request);
	return status;
}

static int stat_file(logfollow *follower, uv_file file, uv_stat_t *out)
{
	uv_fs_t request;
	int status = uv_fs_fstat(follower->loop, &request, file, NULL);

	if (status == 0)
		*out = request.statbuf;
	uv_fs_req_cleanup(&request);
	return status;
}

static void close_file(logfollow *follower)
{
	uv_fs_t request;

	if (follower->file == NO_FILE)
		return;
	uv_fs_close(follower->loop, &request, follower->file, NULL);
	uv_fs_req_cleanup(&request);
	follower->file = NO_FILE;
}

/* Opens the path and keeps its identity; returns 0 or a libuv error, with
 * UV_EINVAL meaning "not a regular file". */
static int open_file(logfollow *follower, uv_stat_t *opened)
{
	uv_fs_t request;
	int file = uv_fs_open(follower->loop, &request, follower->path, UV_FS_O_RDONLY, 0, NULL);

	uv_fs_req_cleanup(&request);
	if (file < 0)
		return file;
	int status = stat_file(follower, file, opened);
	if (status == 0 && (opened->st_mode & S_IFMT) != S_IFREG)
		status = UV_EINVAL;
	if (status != 0) {
		uv_fs_close(follower->loop, &request, file, NULL);
		uv_fs_req_cleanup(&request);
		return status;
	}
	follower->file = file;
	follower->file_device = opened->st_dev;
	follower->file_inode = opened->st_ino;
	return 0;
}

static bool is_current_file(const logfollow *follower, const uv_stat_t *at_path)
{
	return at_path->st_dev == follower->file_device && at_path->st_ino == follower->file_inode;
}

static void on_folder_event(uv_fs_event_t *handle, const char *filename, int events, int status);

static void release(logfollow *follower);

/* Every handle's close ends here: the follower's memory is released when
 * the last one of a closing follower has closed, never before. */
static void handle_closed(logfollow *follower)
{
	if (--follower->open_handles > 0 || !follower->closing)
		return;
	release(follower);
	if (follower->close_cb != NULL)
		follower->close_cb(follower);
}

static void on_handle_closed(uv_handle_t *handle)
{
	handle_closed(handle->data);
}

static void on_watch_closed(uv_handle_t *handle)
{
	logfollow *follower = handle->data;

	free(handle);
	handle_closed(follower);
}

static void discard_folder_watch(logfollow *follower)
{
	if (follower->folder_watch == NULL)
		return;
	uv_close((uv_handle_t *)follower->folder_watch, on_watch_closed);
	follower->folder_watch = NULL;
}

static int stat_folder(logfollow *follower, uv_stat_t *out)
{
	uv_fs_t request;
	int status = uv_fs_stat(follower->loop, &request, follower->folder, NULL);

	if (status == 0)
		*out = request.statbuf;
	uv_fs_req_cleanup(&request);
	return status;
}

static int watch_folder(logfollow *follower)
{
	uv_stat_t folder;

	if (follower->folder_watch != NULL)
		return 0;
	int status = stat_folder(follower, &folder);
	if (status != 0)
		return status;
	uv_fs_event_t *watch = xmalloc(sizeof *watch);
	uv_fs_event_init(follower->loop, watch);
	watch->data = follower;
	follower->open_handles++;
	status = current_system->watch_start(watch, on_folder_event, follower->folder, 0);
	if (status != 0) {
		uv_close((uv_handle_t *)watch, on_watch_closed);
		return status;
	}
	follower->folder_watch = watch;
	follower->folder_device = folder.st_dev;
	follower->folder_inode = folder.st_ino;
	return 0;
}

static void retry_folder_watch(logfollow *follower)
{
	int status = watch_folder(follower);

	if (status != 0 && !is_missing(status))
		report_error(follower, "cannot watch folder %s: %s", follower->folder, uv_strerror(status));
}

/* A folder deleted and created again is another folder: a new file in it
 * needs a new watch (inotify watches the old folder's inode). */
static void rewatch_folder(logfollow *follower)
{
	uv_stat_t folder;

	if (follower->folder_watch != NULL && stat_folder(follower, &folder) == 0 &&
	    folder.st_dev == follower->folder_device && folder.st_ino == follower->folder_inode)
		return;
	discard_folder_watch(follower);
	retry_folder_watch(follower);
}

/* Returns false when a callback stopped the follower (it may have done so
 * from on_error, before these bytes). */
static bool deliver(logfollow *follower, size_t length)
{
	uint64_t offset = follower->offset;

	if (follower->stopping)
		return false;
	follower->offset += length;
	follower->callbacks.on_data(follower->context, follower->chunk, length, offset);
	return !follower->stopping;
}

static read_outcome read_to_end(logfollow *follower)
{
	for (;;) {
		if (follower->chunks_left == 0)
			return READ_MORE_LEFT;
		follower->chunks_left--;
		uv_fs_t request;
		uv_buf_t buffer = uv_buf_init(follower->chunk, sizeof follower->chunk);
		int result = uv_fs_read(follower->loop, &request, follower->file, &buffer, 1,
		    (int64_t)follower->offset, NULL);
		uv_fs_req_cleanup(&request);
		if (result < 0) {
			report_error(follower, "cannot read at offset %" PRIu64 ": %s",
			    follower->offset, uv_strerror(result));
			return READ_FAILED;
		}
		if (result == 0)
			return READ_AT_END;
		if (!deliver(follower, (size_t)result))
			return READ_STOPPED;
	}
}

static read_outcome restart(logfollow *follower, logfollow_restart_reason reason)
{
	follower->offset = 0;
	if (follower->stopping)
		return READ_STOPPED;
	follower->callbacks.on_restart(follower->context, reason);
	if (follower->stopping)
		return READ_STOPPED;
	return read_to_end(follower);
}

static read_outcome open_new_file(logfollow *follower)
{
	uv_stat_t opened;
	int status = open_file(follower, &opened);

	if (is_missing(status))
		return READ_AT_END;
	if (status == UV_EINVAL) {
		report_error(follower, "not a regular file");
		return READ_FAILED;
	}
	if (status != 0) {
		report_error(follower, "cannot open it: %s", uv_strerror(status));
		return READ_FAILED;
	}
	rewatch_folder(follower);
	return restart(follower, follower->reason_for_next_file);
}

static read_outcome read_current_file(logfollow *follower)
{
	uv_stat_t opened;
	int status = stat_file(follower, follower->file, &opened);

	if (status != 0) {
		report_error(follower, "cannot look at it: %s", uv_strerror(status));
		return READ_FAILED;
	}
	if (opened.st_size < follower->offset)
		return restart(follower, LOGFOLLOW_TRUNCATED);
	return read_to_end(follower);
}

/* One look: the path is examined before the open file is read, so that when
 * a replacement is seen the old file is complete (the writer finished it
 * before renaming it) and reading it to its end loses nothing. */
static read_outcome look(logfollow *follower)
{
	uv_stat_t at_path;
	int status = stat_path(follower, &at_path);

	if (status != 0 && !is_missing(status))
		report_error(follower, "cannot look at it: %s", uv_strerror(status));
	if (follower->file == NO_FILE)
		return status == 0 ? open_new_file(follower) : READ_AT_END;
	if (status != 0 || is_current_file(follower, &at_path))
		return read_current_file(follower);
	read_outcome outcome = read_to_end(follower);
	if (outcome != READ_AT_END)
		return outcome;
	close_file(follower);
	follower->reason_for_next_file = LOGFOLLOW_ROTATED;
	return open_new_file(follower);
}

static void request_look(logfollow *follower);

static void run_look(logfollow *follower, size_t chunk_budget)
{
	if (follower->stopping)
		return;
	if (follower->looking) {
		follower->chunks_left = chunk_budget;
		return;
	}
	follower->looking = true;
	follower->chunks_left = chunk_budget;
	follower->error_in_this_look = false;
	retry_folder_watch(follower);
	read_outcome outcome = look(follower);
	if (outcome == READ_AT_END && !follower->error_in_this_look)
		follower->last_error[0] = '\0';
	follower->looking = false;
	if (outcome == READ_MORE_LEFT)
		request_look(follower);
}

static void on_pending_look(uv_idle_t *handle)
{
	logfollow *follower = handle->data;

	uv_idle_stop(handle);
	run_look(follower, LOGFOLLOW_CHUNKS_PER_TURN);
}

static void request_look(logfollow *follower)
{
	if (!follower->stopping)
		uv_idle_start(&follower->pending_look, on_pending_look);
}

static void on_folder_event(uv_fs_event_t *handle, const char *filename, int events, int status)
{
	logfollow *follower = handle->data;

	(void)events;
	if (status < 0) {
		discard_folder_watch(follower);
	} else if (filename != NULL && !text_equal_nocase(filename, follower->name)) {
		return;
	}
	request_look(follower);
}

static void on_safety_timer(uv_timer_t *handle)
{
	request_look(handle->data);
}

static bool check_arguments(const char *path, uint64_t poll_interval_ms,
    const logfollow_callbacks *callbacks, error_message *err)
{
	if (path == NULL || path[0] == '\0')
		return error_set(err, "log follower: no log file path given");
	if (is_separator(path[strlen(path) - 1]))
		return error_set(err, "log follower: %s names a folder, not a log file", path);
	if (poll_interval_ms == 0)
		return error_set(err, "log follower for %s: the poll interval must be at least 1 ms", path);
	if (callbacks == NULL || callbacks->on_data == NULL || callbacks->on_restart == NULL)
		return error_set(err, "log follower for %s: on_data and on_restart callbacks are required",
		    path);
	return true;
}

static bool open_at_start(logfollow *follower, logfollow_start_at start_at, error_message *err)
{
	uv_stat_t opened;
	int status = open_file(follower, &opened);

	if (is_missing(status)) {
		follower->reason_for_next_file = LOGFOLLOW_CREATED;
		return true;
	}
	if (status == UV_EINVAL)
		return error_set(err, "not a regular file");
	if (status != 0)
		return error_set(err, "cannot open it: %s", uv_strerror(status));
	follower->offset = start_at == LOGFOLLOW_FROM_END ? opened.st_size : 0;
	return true;
}

/* What start set up, released once the last handle closed. */
static void release(logfollow *follower)
{
	close_file(follower);
	free(follower->path);
	free(follower->folder);
	free(follower->name);
	follower->path = follower->folder = follower->name = NULL;
}

void logfollow_init(uv_loop_t *loop, logfollow *follower)
{
	void *data = follower->data;

	memset(follower, 0, offsetof(logfollow, chunk));
	follower->data = data;
	follower->loop = loop;
	follower->file = NO_FILE;
	uv_timer_init(loop, &follower->safety_timer);
	uv_idle_init(loop, &follower->pending_look);
	follower->safety_timer.data = follower;
	follower->pending_look.data = follower;
	follower->open_handles = 2;
}

static bool start_handles(logfollow *follower, error_message *err)
{
	int status = watch_folder(follower);

	if (status != 0 && !is_missing(status))
		return error_set(err, "cannot watch folder %s: %s", follower->folder, uv_strerror(status));
	uv_timer_start(&follower->safety_timer, on_safety_timer, follower->poll_interval_ms,
	               follower->poll_interval_ms);
	/* Bytes appended between the open and the watch have no event. */
	request_look(follower);
	return true;
}

bool logfollow_start(logfollow *follower, const char *path, logfollow_start_at start_at,
                     uint64_t poll_interval_ms, const logfollow_callbacks *callbacks,
                     void *context, error_message *err)
{
	if (!check_arguments(path, poll_interval_ms, callbacks, err))
		return false;
	follower->path = xstrdup(path);
	follower->callbacks = *callbacks;
	follower->context = context;
	follower->poll_interval_ms = poll_interval_ms;
	split_path(follower);
	follower->started = open_at_start(follower, start_at, err) && start_handles(follower, err);
	return follower->started;
}

void logfollow_read_now(logfollow *follower)
{
	if (follower->started)
		run_look(follower, SIZE_MAX);
}

void logfollow_stop(logfollow *follower)
{
	if (follower->stopping)
		return;
	follower->stopping = true;
	discard_folder_watch(follower);
	uv_timer_stop(&follower->safety_timer);
	uv_idle_stop(&follower->pending_look);
}

void logfollow_close(logfollow *follower, logfollow_close_cb close_cb)
{
	logfollow_stop(follower);
	follower->closing = true;
	follower->close_cb = close_cb;
	uv_close((uv_handle_t *)&follower->safety_timer, on_handle_closed);
	uv_close((uv_handle_t *)&follower->pending_look, on_handle_closed);
}
