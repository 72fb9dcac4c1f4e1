#include "journal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <uv.h>

#include "../config/text.h"

/* ---- writing ---- */

static void add_time(strbuf *line)
{
	char text[32];
	time_t now = time(NULL);
	struct tm *utc = gmtime(&now);

	if (utc == NULL || strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", utc) == 0)
		snprintf(text, sizeof text, "%lld", (long long)now);
	strbuf_add_string(line, ",\"time\":");
	strbuf_add_json_string(line, text);
}

/* Length of the file up to and including its last newline: what a crash
 * mid-line leaves behind is cut off there. */
static bool complete_length(const char *path, int64_t *length, error_message *err)
{
	FILE *file = fopen(path, "rb");
	int64_t position = 0;
	int c;

	*length = 0;
	if (file == NULL)
		return true;
	while ((c = fgetc(file)) != EOF) {
		position++;
		if (c == '\n')
			*length = position;
	}
	bool failed = ferror(file) != 0;
	fclose(file);
	if (failed)
		return error_set(err, "journal %s: cannot be read", path);
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
	size_t written = 0;

	strbuf_add_string(line, "}\n");
	while (written < line->length) {
		uv_buf_t buffer = uv_buf_init(line->data + written, (unsigned)(line->length - written));
		int result = uv_fs_write(NULL, &request, writer->file, &buffer, 1, -1, NULL);
		uv_fs_req_cleanup(&request);
		if (result < 0)
			return error_set(err, "journal %s: cannot be written: %s", writer->path,
			                 uv_strerror(result));
		written += (size_t)result;
	}
	int result = uv_fs_fsync(NULL, &request, writer->file, NULL);
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

/* ---- reading: the flat JSON objects written above ---- */

typedef struct line_fields {
	char *op;
	char *key;
	char *before;
	char *after;
	bool before_null;
} line_fields;

static void skip_space(const char **p)
{
	while (**p == ' ' || **p == '\t' || **p == '\r')
		(*p)++;
}

static int hex_value(char c)
{
	return c >= '0' && c <= '9' ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
	                              : -1;
}

static bool parse_hex4(const char *p, uint32_t *value)
{
	*value = 0;
	for (int i = 0; i < 4; i++) {
		int digit = hex_value(p[i]);
		if (digit < 0)
			return false;
		*value = *value << 4 | (uint32_t)digit;
	}
	return true;
}

static bool parse_escape(const char **p, strbuf *out)
{
	static const char plain[] = "\"\\/bfnrt";
	static const char meaning[] = "\"\\/\b\f\n\r\t";
	const char *found = **p != '\0' ? strchr(plain, **p) : NULL;
	uint32_t unit, low;

	if (found != NULL) {
		strbuf_add_char(out, meaning[found - plain]);
		(*p)++;
		return true;
	}
	if (**p != 'u' || !parse_hex4(*p + 1, &unit))
		return false;
	*p += 5;
	if (unit >= 0xD800 && unit < 0xDC00 && (*p)[0] == '\\' && (*p)[1] == 'u' &&
	    parse_hex4(*p + 2, &low) && low >= 0xDC00 && low < 0xE000) {
		unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
		*p += 6;
	}
	text_add_codepoint(out, unit);
	return true;
}

static bool parse_string(const char **p, char **out)
{
	strbuf text = STRBUF_INIT;

	if (**p != '"')
		return false;
	(*p)++;
	strbuf_add_string(&text, "");
	while (**p != '"') {
		bool ok = **p != '\0';
		if (ok && **p == '\\') {
			(*p)++;
			ok = parse_escape(p, &text);
		} else if (ok) {
			strbuf_add_char(&text, *(*p)++);
		}
		if (!ok) {
			strbuf_free(&text);
			return false;
		}
	}
	(*p)++;
	*out = strbuf_detach(&text);
	return true;
}

/* A value other than a string: null, true, false or a number, skipped. */
static bool skip_scalar(const char **p)
{
	const char *start = *p;

	while (**p != '\0' && strchr(",} \t\r", **p) == NULL)
		(*p)++;
	return *p > start;
}

static char **field_slot(line_fields *fields, const char *name)
{
	if (strcmp(name, "op") == 0)
		return &fields->op;
	if (strcmp(name, "key") == 0)
		return &fields->key;
	if (strcmp(name, "before") == 0)
		return &fields->before;
	if (strcmp(name, "after") == 0)
		return &fields->after;
	return NULL;
}

static bool parse_member(const char **p, line_fields *fields)
{
	char *name = NULL;
	char *value = NULL;

	skip_space(p);
	if (!parse_string(p, &name))
		return false;
	skip_space(p);
	bool ok = *(*p)++ == ':';
	skip_space(p);
	char **slot = field_slot(fields, name);
	if (ok && **p == '"') {
		ok = parse_string(p, &value);
		if (ok && slot != NULL && *slot == NULL)
			*slot = value;
		else
			free(value);
	} else if (ok) {
		if (slot == &fields->before && strncmp(*p, "null", 4) == 0)
			fields->before_null = true;
		ok = skip_scalar(p);
	}
	free(name);
	skip_space(p);
	return ok;
}

static bool parse_object(const char *line, line_fields *fields)
{
	const char *p = line;

	skip_space(&p);
	if (*p++ != '{')
		return false;
	skip_space(&p);
	if (*p != '}') {
		for (;;) {
			if (!parse_member(&p, fields))
				return false;
			if (*p != ',')
				break;
			p++;
		}
	}
	if (*p++ != '}')
		return false;
	skip_space(&p);
	return *p == '\0';
}

static void free_fields(line_fields *fields)
{
	free(fields->op);
	free(fields->key);
	free(fields->before);
	free(fields->after);
}

static bool take_line(const char *path, size_t number, const char *line,
                      journal_contents *contents, error_message *err)
{
	line_fields fields;

	memset(&fields, 0, sizeof fields);
	if (!parse_object(line, &fields) || fields.op == NULL) {
		free_fields(&fields);
		return error_set(err, "journal %s:%zu: not a journal line; expected {\"op\":...}", path,
		                 number);
	}
	bool ok = true;
	if (strcmp(fields.op, "set") == 0) {
		if (fields.key == NULL || fields.after == NULL ||
		    (fields.before == NULL && !fields.before_null)) {
			ok = error_set(err, "journal %s:%zu: a set line needs key, before and after", path,
			               number);
		} else {
			contents->changes = xrealloc(contents->changes,
			                             (contents->count + 1) * sizeof *contents->changes);
			journal_change *change = &contents->changes[contents->count++];
			change->key = fields.key;
			change->before = fields.before;
			change->after = fields.after;
			fields.key = fields.before = fields.after = NULL;
			contents->done = false;
		}
	} else if (strcmp(fields.op, "done") == 0) {
		contents->done = true;
	} else if (strcmp(fields.op, "rolled-back") == 0) {
		journal_contents_free(contents);
	} else {
		ok = error_set(err, "journal %s:%zu: unknown op '%s'; expected set, done or rolled-back",
		               path, number, fields.op);
	}
	free_fields(&fields);
	return ok;
}

static char *read_whole(const char *path, size_t *size, bool *missing)
{
	FILE *file = fopen(path, "rb");
	strbuf data = STRBUF_INIT;
	char chunk[8192];
	size_t got;

	*missing = file == NULL;
	if (file == NULL)
		return NULL;
	strbuf_add_string(&data, "");
	while ((got = fread(chunk, 1, sizeof chunk, file)) > 0)
		strbuf_add(&data, chunk, got);
	bool failed = ferror(file) != 0;
	fclose(file);
	*size = data.length;
	if (failed) {
		strbuf_free(&data);
		return NULL;
	}
	return strbuf_detach(&data);
}

bool journal_read(const char *path, journal_contents *contents, error_message *err)
{
	size_t size = 0;
	bool missing = false;

	memset(contents, 0, sizeof *contents);
	char *data = read_whole(path, &size, &missing);
	if (data == NULL)
		return missing ? true : error_set(err, "journal %s: cannot be read", path);
	if (strlen(data) != size) {
		free(data);
		return error_set(err, "journal %s: contains NUL bytes; not a journal", path);
	}
	bool ok = true;
	size_t number = 0;
	char *line = data;
	char *end;
	while (ok && (end = strchr(line, '\n')) != NULL) {
		*end = '\0';
		number++;
		if (*text_trim(line) != '\0')
			ok = take_line(path, number, line, contents, err);
		line = end + 1;
	}
	free(data);
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
