#include "checks/journal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "config/base/fileio.h"
#include "config/base/json.h"
#include "config/base/statefile.h"
#include "config/base/text.h"
#include "config/base/timestamp.h"

/* ---- writing ---- */

/* A line begins {"op":OP and ends with the time it was written. */
static void begin_line(json_writer *json, strbuf *line, const char *op)
{
	json_writer_init(json, line);
	json_begin_object(json);
	json_member_string(json, "op", op);
}

bool journal_flush(journal *writer, error_message *err)
{
	uv_fs_t request;
	int result = uv_fs_fsync(NULL, &request, writer->file, NULL);

	uv_fs_req_cleanup(&request);
	if (result < 0)
		return error_set(err, "journal %s: cannot be flushed to disk: %s", writer->path,
		                 uv_strerror(result));
	return true;
}

/* Ends the line with its time, writes it, flushes it to disk when asked
 * and frees it. */
static bool write_line_flushed(journal *writer, json_writer *json, bool flush, error_message *err)
{
	char time[TIMESTAMP_ISO8601_SIZE];
	strbuf *line = json->out;

	timestamp_format_iso8601(timestamp_now_ms(), time);
	json_member_string(json, "time", time);
	json_end_object(json);
	strbuf_add_char(line, '\n');
	int result = fileio_write_all(writer->file, line->data, line->length);
	strbuf_free(line);
	if (result < 0)
		return error_set(err, "journal %s: cannot be written: %s", writer->path,
		                 uv_strerror(result));
	return !flush || journal_flush(writer, err);
}

static bool write_line(journal *writer, json_writer *json, error_message *err)
{
	return write_line_flushed(writer, json, true, err);
}

bool journal_append_set(journal *writer, const char *key, const char *before, const char *after,
                        bool flush, error_message *err)
{
	strbuf line = STRBUF_INIT;
	json_writer json;

	begin_line(&json, &line, "set");
	json_member_string(&json, "key", key);
	json_member_string(&json, "before", before);
	json_member_string(&json, "after", after);
	return write_line_flushed(writer, &json, flush, err);
}

bool journal_append_step(journal *writer, const char *action, const char *key, const char *before,
                         const char *after, error_message *err)
{
	strbuf line = STRBUF_INIT;
	json_writer json;

	begin_line(&json, &line, "step");
	json_member_string(&json, "action", action);
	json_member_string(&json, "key", key);
	json_member_string(&json, "before", before);
	json_member_string(&json, "after", after);
	return write_line(writer, &json, err);
}

static bool append_marker(journal *writer, const char *op, error_message *err)
{
	strbuf line = STRBUF_INIT;
	json_writer json;

	begin_line(&json, &line, op);
	return write_line(writer, &json, err);
}

bool journal_append_done(journal *writer, error_message *err)
{
	return append_marker(writer, "done", err);
}

bool journal_append_rolled_back(journal *writer, error_message *err)
{
	return append_marker(writer, "rolled-back", err);
}

static bool append_registry(journal *writer, const char *identity, error_message *err)
{
	strbuf line = STRBUF_INIT;
	json_writer json;

	begin_line(&json, &line, "registry");
	json_member_string(&json, "registry", identity);
	return write_line(writer, &json, err);
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

static void forget_changes(journal_contents *contents);

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
	if (contents->count == contents->capacity) {
		contents->capacity = contents->capacity ? contents->capacity * 2 : 64;
		contents->changes = xrealloc(contents->changes,
		                             contents->capacity * sizeof *contents->changes);
	}
	journal_change *change = &contents->changes[contents->count++];
	change->key = xstrdup(key);
	change->before = before != NULL ? xstrdup(before) : NULL;
	change->after = xstrdup(after);
	contents->done = false;
	return true;
}

static bool take_registry_line(const json_value *line, journal_contents *contents)
{
	const char *registry = string_member(line, "registry");

	if (registry == NULL || contents->registry != NULL)
		return false;
	contents->registry = xstrdup(registry);
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
	else if (strcmp(op, "registry") == 0)
		ok = take_registry_line(&root, contents) ||
		     error_set(err, "journal %s:%zu: a registry line needs a registry, once", path,
		               number);
	else if (strcmp(op, "done") == 0)
		contents->done = true;
	else if (strcmp(op, "rolled-back") == 0)
		forget_changes(contents);
	else
		ok = error_set(err, "journal %s:%zu: unknown op '%s'; expected registry, set, step, done "
		                    "or rolled-back", path, number, op);
	json_free(&root);
	return ok;
}

/* The complete lines of text (up to the last newline) into contents. */
static bool parse_lines(const char *path, char *text, journal_contents *contents,
                        error_message *err)
{
	bool ok = true;
	size_t number = 0;
	char *line = text;
	char *end;

	memset(contents, 0, sizeof *contents);
	while (ok && (end = strchr(line, '\n')) != NULL) {
		*end = '\0';
		number++;
		if (*text_trim(line) != '\0')
			ok = take_line(path, number, line, contents, err);
		line = end + 1;
	}
	if (!ok)
		journal_contents_free(contents);
	return ok;
}

/* The whole open journal, which is text, into data. */
static bool read_text(int file, const char *path, strbuf *data, error_message *err)
{
	int result = fileio_read_open(file, JOURNAL_MAX_SIZE, data);

	if (result == UV_EFBIG)
		return error_set(err, "journal %s: larger than %u MiB, far beyond any journal", path,
		                 JOURNAL_MAX_SIZE / (1024 * 1024));
	if (result < 0)
		return error_set(err, "journal %s: cannot be read: %s", path, uv_strerror(result));
	if (strlen(data->data) != data->length)
		return error_set(err, "journal %s: contains NUL bytes; not a journal", path);
	return true;
}

static void close_file(int file)
{
	uv_fs_t request;

	uv_fs_close(NULL, &request, file, NULL);
	uv_fs_req_cleanup(&request);
}

bool journal_read(const char *path, journal_contents *contents, error_message *err)
{
	strbuf data = STRBUF_INIT;
	int file;
	bool missing;

	memset(contents, 0, sizeof *contents);
	if (!statefile_open(path, STATEFILE_READ, &file, &missing, err))
		return error_prefix(err, "journal");
	if (missing)
		return true;
	bool ok = read_text(file, path, &data, err) && parse_lines(path, data.data, contents, err);
	close_file(file);
	strbuf_free(&data);
	return ok;
}

/* ---- opening to append ---- */

/* Length of text up to and including its last newline: what a crash
 * mid-line leaves behind is cut off there. */
static size_t complete_length(const strbuf *text)
{
	for (size_t i = text->length; i > 0; i--)
		if (text->data[i - 1] == '\n')
			return i;
	return 0;
}

/* Whether the open journal can be appended to for identity: readable,
 * every complete line a journal line, the same registry's. *length is
 * what is kept of it, 0 for a journal to begin anew. */
static bool usable(int file, const char *path, const char *identity, size_t *length,
                   error_message *err)
{
	strbuf data = STRBUF_INIT;
	journal_contents contents;
	bool ok = read_text(file, path, &data, err);

	*length = ok ? complete_length(&data) : 0;
	if (ok && *length > 0) {
		data.data[*length] = '\0';
		ok = parse_lines(path, data.data, &contents, err);
		if (ok) {
			if (contents.registry == NULL)
				ok = error_set(err, "journal %s names no registry; expected one a ccmwrap that "
				                    "records it wrote", path);
			else if (strcmp(contents.registry, identity) != 0)
				ok = error_set(err, "journal %s belongs to %s, not to %s", path,
				               contents.registry, identity);
			journal_contents_free(&contents);
		}
	}
	strbuf_free(&data);
	return ok;
}

/* One look: opened (or created), checked, cut to its complete lines. */
static bool try_open(journal *writer, const char *path, const char *identity,
                     error_message *err)
{
	size_t length;
	int file;

	if (!statefile_open(path, STATEFILE_APPEND, &file, NULL, err))
		return error_prefix(err, "journal");
	if (!usable(file, path, identity, &length, err) ||
	    !statefile_truncate(file, (int64_t)length, err)) {
		close_file(file);
		return false;
	}
	writer->file = file;
	writer->path = xstrdup(path);
	if (length == 0 && !append_registry(writer, identity, err)) {
		journal_close(writer);
		return false;
	}
	return true;
}

typedef struct journal_opening {
	journal *writer;
	const char *path;
	const char *identity;
} journal_opening;

static bool open_for_writing(void *context, error_message *err)
{
	journal_opening *opening = context;

	return try_open(opening->writer, opening->path, opening->identity, err);
}

bool journal_open(journal *writer, const char *path, const char *identity, char **set_aside,
                  error_message *err)
{
	journal_opening opening = { writer, path, identity };

	memset(writer, 0, sizeof *writer);
	return statefile_open_or_set_aside(path, open_for_writing, &opening, set_aside, err);
}

/* A "rolled-back" line: the changes before it are undone. */
static void forget_changes(journal_contents *contents)
{
	for (size_t i = 0; i < contents->count; i++) {
		free(contents->changes[i].key);
		free(contents->changes[i].before);
		free(contents->changes[i].after);
	}
	free(contents->changes);
	contents->changes = NULL;
	contents->count = 0;
	contents->capacity = 0;
	contents->done = false;
}

void journal_contents_free(journal_contents *contents)
{
	forget_changes(contents);
	free(contents->registry);
	memset(contents, 0, sizeof *contents);
}
