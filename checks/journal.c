#include "journal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "../config/fileio.h"
#include "../config/json.h"
#include "../config/text.h"
#include "../config/timestamp.h"

/* Far beyond any real journal (a run appends a few hundred bytes a key);
 * keeps a stray huge file from being loaded. */
#define JOURNAL_MAX_SIZE (64u * 1024 * 1024)

/* ---- writing ---- */

static void add_time(strbuf *line)
{
	char text[TIMESTAMP_ISO8601_SIZE];

	timestamp_format_iso8601(timestamp_now_ms(), text);
	strbuf_add_string(line, ",\"time\":");
	strbuf_add_json_string(line, text);
}

/* Length of the file up to and including its last newline: what a crash
 * mid-line leaves behind is cut off there. */
static bool complete_length(const char *path, int64_t *length, error_message *err)
{
	strbuf data = STRBUF_INIT;
	bool missing;

	*length = 0;
	if (!fileio_read_whole(path, JOURNAL_MAX_SIZE, &data, &missing, err)) {
		strbuf_free(&data);
		return error_prefix(err, "journal %s", path);
	}
	for (size_t i = data.length; i > 0; i--) {
		if (data.data[i - 1] == '\n') {
			*length = (int64_t)i;
			break;
		}
	}
	strbuf_free(&data);
	return true;
}

bool journal_open(journal *writer, const char *path, error_message *err)
{
	uv_fs_t request;
	int64_t length = 0;

	memset(writer, 0, sizeof *writer);
	if (!complete_length(path, &length, err))
		return false;
	int result = uv_fs_open(NULL, &request, path, UV_FS_O_RDWR | UV_FS_O_CREAT | UV_FS_O_APPEND,
	                        0600, NULL);
	uv_fs_req_cleanup(&request);
	if (result < 0)
		return error_set(err, "journal %s: cannot be opened: %s", path, uv_strerror(result));
	writer->file = result;
	writer->path = xstrdup(path);
	result = uv_fs_ftruncate(NULL, &request, writer->file, length, NULL);
	uv_fs_req_cleanup(&request);
	if (result < 0) {
		journal_close(writer);
		return error_set(err, "journal %s: cannot drop a cut-off last line: %s", path,
		                 uv_strerror(result));
	}
	return true;
}

static bool write_line(journal *writer, strbuf *line, error_message *err)
{
	uv_fs_t request;

	strbuf_add_string(line, "}\n");
	int result = fileio_write_all(writer->file, line->data, line->length);
	if (result < 0)
		return error_set(err, "journal %s: cannot be written: %s", writer->path,
		                 uv_strerror(result));
	result = uv_fs_fsync(NULL, &request, writer->file, NULL);
	uv_fs_req_cleanup(&request);
	if (result < 0)
		return error_set(err, "journal %s: cannot be flushed to disk: %s", writer->path,
		                 uv_strerror(result));
	return true;
}

bool journal_append_set(journal *writer, const char *key, const char *before, const char *after,
                        error_message *err)
{
	strbuf line = STRBUF_INIT;

	strbuf_add_string(&line, "{\"op\":\"set\",\"key\":");
	strbuf_add_json_string(&line, key);
	strbuf_add_string(&line, ",\"before\":");
	if (before == NULL)
		strbuf_add_string(&line, "null");
	else
		strbuf_add_json_string(&line, before);
	strbuf_add_string(&line, ",\"after\":");
	strbuf_add_json_string(&line, after);
	add_time(&line);
	bool ok = write_line(writer, &line, err);
	strbuf_free(&line);
	return ok;
}

static void add_member_or_null(strbuf *line, const char *name, const char *text)
{
	strbuf_printf(line, ",\"%s\":", name);
	if (text == NULL)
		strbuf_add_string(line, "null");
	else
		strbuf_add_json_string(line, text);
}

bool journal_append_step(journal *writer, const char *action, const char *key, const char *before,
                         const char *after, error_message *err)
{
	strbuf line = STRBUF_INIT;

	strbuf_add_string(&line, "{\"op\":\"step\",\"action\":");
	strbuf_add_json_string(&line, action);
	add_member_or_null(&line, "key", key);
	add_member_or_null(&line, "before", before);
	add_member_or_null(&line, "after", after);
	add_time(&line);
	bool ok = write_line(writer, &line, err);
	strbuf_free(&line);
	return ok;
}

static bool append_marker(journal *writer, const char *op, error_message *err)
{
	strbuf line = STRBUF_INIT;

	strbuf_add_string(&line, "{\"op\":");
	strbuf_add_json_string(&line, op);
	add_time(&line);
	bool ok = write_line(writer, &line, err);
	strbuf_free(&line);
	return ok;
}

bool journal_append_done(journal *writer, error_message *err)
{
	return append_marker(writer, "done", err);
}

bool journal_append_rolled_back(journal *writer, error_message *err)
{
	return append_marker(writer, "rolled-back", err);
}

void journal_close(journal *writer)
{
	if (writer->path != NULL) {
		uv_fs_t request;
		uv_fs_close(NULL, &request, writer->file, NULL);
		uv_fs_req_cleanup(&request);
	}
	free(writer->path);
	memset(writer, 0, sizeof *writer);
}

/* ---- reading ---- */

/* The member `name` when it is a string, else NULL. */
static const char *string_member(const json_value *object, const char *name)
{
	const json_value *member = json_object_get(object, name);

	return member != NULL && member->type == JSON_STRING ? member->string : NULL;
}

static bool null_member(const json_value *object, const char *name)
{
	const json_value *member = json_object_get(object, name);

	return member != NULL && member->type == JSON_NULL;
}

static bool take_set_line(const json_value *line, journal_contents *contents)
{
	const char *key = string_member(line, "key");
	const char *before = string_member(line, "before");
	const char *after = string_member(line, "after");

	if (key == NULL || after == NULL || (before == NULL && !null_member(line, "before")))
		return false;
	contents->changes =
	    xrealloc(contents->changes, (contents->count + 1) * sizeof *contents->changes);
	journal_change *change = &contents->changes[contents->count++];
	change->key = xstrdup(key);
	change->before = before != NULL ? xstrdup(before) : NULL;
	change->after = xstrdup(after);
	contents->done = false;
	return true;
}

static bool take_line(const char *path, size_t number, const char *line,
                      journal_contents *contents, error_message *err)
{
	json_value root;
	const char *op = json_parse(line, strlen(line), &root, NULL) ? string_member(&root, "op")
	                                                              : NULL;
	bool ok = true;

	if (op == NULL)
		ok = error_set(err, "journal %s:%zu: not a journal line; expected {\"op\":...}", path,
		               number);
	else if (strcmp(op, "set") == 0)
		ok = take_set_line(&root, contents) ||
		     error_set(err, "journal %s:%zu: a set line needs key, before and after", path,
		               number);
	else if (strcmp(op, "step") == 0)
		ok = true;   /* the "set" line before it already holds what rollback restores */
	else if (strcmp(op, "done") == 0)
		contents->done = true;
	else if (strcmp(op, "rolled-back") == 0)
		journal_contents_free(contents);
	else
		ok = error_set(err, "journal %s:%zu: unknown op '%s'; expected set, step, done or rolled-back",
		               path, number, op);
	json_free(&root);
	return ok;
}

bool journal_read(const char *path, journal_contents *contents, error_message *err)
{
	strbuf data = STRBUF_INIT;
	bool missing;

	memset(contents, 0, sizeof *contents);
	if (!fileio_read_whole(path, JOURNAL_MAX_SIZE, &data, &missing, err)) {
		strbuf_free(&data);
		return error_prefix(err, "journal %s", path);
	}
	if (strlen(data.data) != data.length) {
		strbuf_free(&data);
		return error_set(err, "journal %s: contains NUL bytes; not a journal", path);
	}
	bool ok = true;
	size_t number = 0;
	char *line = data.data;
	char *end;
	while (ok && (end = strchr(line, '\n')) != NULL) {
		*end = '\0';
		number++;
		if (*text_trim(line) != '\0')
			ok = take_line(path, number, line, contents, err);
		line = end + 1;
	}
	strbuf_free(&data);
	if (!ok)
		journal_contents_free(contents);
	return ok;
}

void journal_contents_free(journal_contents *contents)
{
	for (size_t i = 0; i < contents->count; i++) {
		free(contents->changes[i].key);
		free(contents->changes[i].before);
		free(contents->changes[i].after);
	}
	free(contents->changes);
	memset(contents, 0, sizeof *contents);
}
