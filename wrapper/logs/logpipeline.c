#include "wrapper/logs/logpipeline.h"

#include <stdlib.h>

#include "config/base/text.h"

/* The largest read of a file read once. */
#define READ_CHUNK LOGFOLLOW_CHUNK_SIZE

static void on_match(void *context, const log_event *event, const signature_match *match)
{
	logpipeline_file *file = context;
	logpipeline *pipeline = file->owner;

	(void)event;
	pipeline->matches[pipeline->match_count++] = *match;
	logprogress_on_signature(file->progress, match);
}

/* With skimming, an event the parser could not pass over (an MSI action,
 * a line cut by a read) often holds no wanted text all the same: then no
 * signature's text and no progress text is in it, which one quick search
 * tells (logpipeline_skim). An ASCII search is enough for the progress's
 * case-insensitive one too: no character outside ASCII upper-cases into
 * it (casefold.h keeps LONG S and DOTLESS I as they are). */
static bool holds_nothing_wanted(const logpipeline *pipeline, const log_event *log)
{
	return pipeline->wanted != NULL &&
	       textsearch_find(pipeline->wanted, log->message, log->message_length) == NULL;
}

static void on_parsed(void *context, const log_event *log)
{
	logpipeline_file *file = context;
	logpipeline *pipeline = file->owner;
	unsigned handovers = file->progress->handover_exits;

	pipeline->match_count = 0;
	if (holds_nothing_wanted(pipeline, log)) {
		signature_set_match_action(pipeline->signatures, log, on_match, file);
		logprogress_on_action(file->progress, log);
	} else {
		signature_set_match(pipeline->signatures, log, on_match, file);
		logprogress_on_event(file->progress, log);
	}
	logpipeline_event event = {
		.log = log,
		.matches = pipeline->matches,
		.match_count = pipeline->match_count,
		.handover = file->progress->handover_exits != handovers,
	};
	pipeline->callbacks.on_event(pipeline->context, file, &event);
}

static void take_bytes(logpipeline_file *file)
{
	logpipeline *pipeline = file->owner;

	if (pipeline->callbacks.on_bytes != NULL)
		pipeline->callbacks.on_bytes(pipeline->context, file);
}

static void on_follow_data(void *context, const char *bytes, size_t length, uint64_t offset)
{
	logpipeline_file *file = context;

	take_bytes(file);
	logparse_feed_at(file->parser, offset, bytes, length);
}

static void on_follow_restart(void *context, logfollow_restart_reason reason)
{
	logpipeline_file *file = context;

	(void)reason;
	logparse_restart(file->parser, 0);
}

static void on_follow_error(void *context, const char *message)
{
	logpipeline_file *file = context;
	logpipeline *pipeline = file->owner;

	pipeline->callbacks.on_error(pipeline->context, file, message);
}

void logpipeline_init(uv_loop_t *loop, logpipeline *pipeline, logpipeline_file *files,
                      size_t count, signature_set *signatures, logfollow_start_at start_at,
                      uint64_t poll_interval_ms, const logpipeline_callbacks *callbacks,
                      void *context)
{
	void *data = pipeline->data;

	*pipeline = (logpipeline){
		.data = data,
		.files = files,
		.file_count = count,
		.signatures = signatures,
		.start_at = start_at,
		.poll_interval_ms = poll_interval_ms,
		.callbacks = *callbacks,
		.context = context,
		.matches = xcalloc(signature_set_rule_count(signatures) + 1, sizeof *pipeline->matches),
	};
	for (size_t i = 0; i < count; i++) {
		logpipeline_file *file = &files[i];
		file->owner = pipeline;
		file->parser = logparse_new(file->source, on_parsed, file);
		file->follower.data = file;
		logfollow_init(loop, &file->follower);
	}
}

void logpipeline_skim(logpipeline *pipeline)
{
	strlist texts = STRLIST_INIT;

	signature_set_texts(pipeline->signatures, &texts);
	logprogress_texts(&texts);
	pipeline->wanted = textsearch_new((const char *const *)texts.items, texts.count);
	strlist_free(&texts);
	for (size_t i = 0; i < pipeline->file_count; i++)
		logparse_skim(pipeline->files[i].parser, pipeline->wanted);
}

bool logpipeline_start_file(logpipeline_file *file, error_message *err)
{
	static const logfollow_callbacks callbacks = {
		.on_data = on_follow_data,
		.on_restart = on_follow_restart,
		.on_error = on_follow_error,
	};
	logpipeline *pipeline = file->owner;

	if (logfollow_start(&file->follower, file->path, pipeline->start_at,
	                    pipeline->poll_interval_ms, &callbacks, file, err))
		return true;
	logfollow_stop(&file->follower);
	return false;
}

bool logpipeline_read_file(logpipeline_file *file, error_message *err)
{
	uv_fs_t request;
	int fd = uv_fs_open(NULL, &request, file->path, UV_FS_O_RDONLY, 0, NULL);
	uv_fs_req_cleanup(&request);
	if (fd < 0)
		return error_set(err, "cannot open '%s': %s", file->path, uv_strerror(fd));

	char *chunk = xmalloc(READ_CHUNK);
	bool ok = true;
	for (;;) {
		uv_buf_t buffer = uv_buf_init(chunk, READ_CHUNK);
		int count = uv_fs_read(NULL, &request, fd, &buffer, 1, -1, NULL);
		uv_fs_req_cleanup(&request);
		if (count < 0)
			ok = error_set(err, "cannot read '%s': %s", file->path, uv_strerror(count));
		if (count <= 0)
			break;
		take_bytes(file);
		logparse_feed(file->parser, chunk, (size_t)count);
	}
	logparse_finish(file->parser);
	free(chunk);
	uv_fs_close(NULL, &request, fd, NULL);
	uv_fs_req_cleanup(&request);
	return ok;
}

void logpipeline_read_now(logpipeline *pipeline)
{
	for (size_t i = 0; i < pipeline->file_count; i++)
		logfollow_read_now(&pipeline->files[i].follower);
}

void logpipeline_stop_file(logpipeline_file *file)
{
	logfollow_stop(&file->follower);
}

void logpipeline_stop(logpipeline *pipeline)
{
	for (size_t i = 0; i < pipeline->file_count; i++)
		logpipeline_stop_file(&pipeline->files[i]);
}

void logpipeline_finish(logpipeline *pipeline)
{
	for (size_t i = 0; i < pipeline->file_count; i++)
		logparse_finish(pipeline->files[i].parser);
}

static void follower_closed(logfollow *follower)
{
	logpipeline_file *file = follower->data;
	logpipeline *pipeline = file->owner;

	if (--pipeline->open_followers > 0)
		return;
	for (size_t i = 0; i < pipeline->file_count; i++) {
		logparse_free(pipeline->files[i].parser);
		pipeline->files[i].parser = NULL;
	}
	free(pipeline->matches);
	pipeline->matches = NULL;
	textsearch_free(pipeline->wanted);
	pipeline->wanted = NULL;
	if (pipeline->close_cb != NULL)
		pipeline->close_cb(pipeline);
}

void logpipeline_close(logpipeline *pipeline, logpipeline_close_cb close_cb)
{
	pipeline->close_cb = close_cb;
	pipeline->open_followers = pipeline->file_count;
	for (size_t i = 0; i < pipeline->file_count; i++)
		logfollow_close(&pipeline->files[i].follower, follower_closed);
}
