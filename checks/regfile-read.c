#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "regfile.h"
#include "windows1252.h"

#define CHUNK_SIZE 65536u

static bool read_error(regfile_reader *reader, int code, error_message *err)
{
	return error_set(err, "%s: cannot read: %s", reader->path, uv_strerror(code));
}

static bool fill_chunk(regfile_reader *reader, error_message *err)
{
	uv_fs_t req;
	uv_buf_t buffer = uv_buf_init((char *)reader->chunk, CHUNK_SIZE);
	int result = uv_fs_read(NULL, &req, reader->file, &buffer, 1, -1, NULL);

	uv_fs_req_cleanup(&req);
	if (result < 0)
		return read_error(reader, result, err);
	reader->chunk_used = (size_t)result;
	reader->chunk_position = 0;
	reader->end_of_file = result == 0;
	return true;
}

static void detect_encoding(regfile_reader *reader)
{
	const unsigned char *b = reader->chunk;
	size_t n = reader->chunk_used;

	reader->encoding = REGFILE_UTF8;
	if (n >= 2 && b[0] == 0xFF && b[1] == 0xFE) {
		reader->encoding = REGFILE_UTF16LE;
		reader->bom_size = 2;
	} else if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
		reader->bom_size = 3;
	} else if (n >= 2 && b[0] != 0 && b[1] == 0) {
		reader->encoding = REGFILE_UTF16LE;   /* "W\0i\0...": UTF-16LE saved without BOM */
	}
	memcpy(reader->bom, b, reader->bom_size);
	reader->chunk_position = reader->bom_size;
}

bool regfile_reader_open(regfile_reader *reader, const char *path, error_message *err)
{
	uv_fs_t req;

	memset(reader, 0, sizeof *reader);
	reader->path = path;
	reader->file = uv_fs_open(NULL, &req, path, UV_FS_O_RDONLY, 0, NULL);
	uv_fs_req_cleanup(&req);
	if (reader->file < 0)
		return error_set(err, "%s: cannot open: %s", path, uv_strerror(reader->file));
	reader->chunk = xmalloc(CHUNK_SIZE);
	if (!fill_chunk(reader, err)) {
		regfile_reader_close(reader);
		return false;
	}
	detect_encoding(reader);
	return true;
}

void regfile_reader_close(regfile_reader *reader)
{
	uv_fs_t req;

	if (reader->file >= 0 && reader->chunk != NULL) {
		uv_fs_close(NULL, &req, reader->file, NULL);
		uv_fs_req_cleanup(&req);
	}
	free(reader->chunk);
	reader->chunk = NULL;
	strbuf_free(&reader->raw);
	strbuf_free(&reader->text);
}

/* Where the line ends within bytes (just past its line feed), or
 * REGFILE_NONE when it goes on past them. In UTF-16LE a line feed is the
 * unit 0A 00, which may straddle two chunks. */
static size_t find_line_end(const regfile_reader *reader, const unsigned char *bytes, size_t size)
{
	if (reader->encoding != REGFILE_UTF16LE) {
		const unsigned char *feed = memchr(bytes, '\n', size);
		return feed ? (size_t)(feed - bytes) + 1 : REGFILE_NONE;
	}
	size_t i = reader->raw.length % 2;
	if (i == 1 && size > 0 && reader->raw.data[reader->raw.length - 1] == '\n' && bytes[0] == 0)
		return 1;
	for (; i + 1 < size; i += 2)
		if (bytes[i] == '\n' && bytes[i + 1] == 0)
			return i + 2;
	return REGFILE_NONE;
}

static bool line_error(const regfile_reader *reader, error_message *err, const char *what)
{
	return error_set(err, "%s:%zu: %s", reader->path, reader->line_number, what);
}

static bool is_valid_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t length = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
		              : (c & 0xF8) == 0xF0 ? 4 : 0;
		if (length == 0 || i + length > n || (length == 2 && c < 0xC2))
			return false;
		for (size_t k = 1; k < length; k++)
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
		i += length;
	}
	return true;
}

/* reader->raw without its terminator, as UTF-8 in reader->text. */
static bool decode_line(regfile_reader *reader, error_message *err)
{
	const unsigned char *raw = (const unsigned char *)reader->raw.data;
	size_t size = reader->raw.length;
	size_t unit = reader->encoding == REGFILE_UTF16LE ? 2 : 1;

	reader->terminated = size >= unit && raw[size - unit] == '\n' && (unit == 1 || raw[size - 1] == 0);
	if (reader->terminated)
		size -= unit;
	if (size >= unit && raw[size - unit] == '\r' && (unit == 1 || raw[size - 1] == 0))
		size -= unit;
	strbuf_clear(&reader->text);
	if (reader->encoding == REGFILE_UTF16LE) {
		if (size % 2 != 0)
			return line_error(reader, err, "the file ends in the middle of a UTF-16 character; "
			                               "expected an even number of bytes");
		for (size_t i = 0; i < size; i += 2)
			if (raw[i] == 0 && raw[i + 1] == 0)
				return line_error(reader, err, "the line holds a NUL character; expected text");
		size_t length;
		char *text = text_utf16le_to_utf8(raw, size, &length);
		strbuf_add(&reader->text, text, length);
		free(text);
		return true;
	}
	if (memchr(raw, 0, size) != NULL)
		return line_error(reader, err, "the line holds a NUL byte; expected text");
	if (reader->encoding == REGFILE_ANSI) {
		strbuf_add(&reader->text, "", 0);
		for (size_t i = 0; i < size; i++)
			text_add_codepoint(&reader->text, windows1252_to_codepoint(raw[i]));
		return true;
	}
	if (!is_valid_utf8(raw, size))
		return line_error(reader, err, "the line is not valid UTF-8; expected a UTF-8 or "
		                               "UTF-16LE file (a REGEDIT4 file may use ANSI)");
	strbuf_add(&reader->text, (const char *)raw, size);
	return true;
}

bool regfile_reader_next(regfile_reader *reader, bool *have_line, error_message *err)
{
	strbuf_clear(&reader->raw);
	reader->line_number++;
	*have_line = false;
	for (;;) {
		if (reader->chunk_position == reader->chunk_used) {
			if (reader->end_of_file)
				break;
			if (!fill_chunk(reader, err))
				return false;
			if (reader->end_of_file)
				break;
		}
		const unsigned char *bytes = reader->chunk + reader->chunk_position;
		size_t available = reader->chunk_used - reader->chunk_position;
		size_t end = find_line_end(reader, bytes, available);
		size_t take = end == REGFILE_NONE ? available : end;
		strbuf_add(&reader->raw, (const char *)bytes, take);
		reader->chunk_position += take;
		if (reader->raw.length > REGFILE_MAX_LINE_BYTES)
			return error_set(err, "%s:%zu: the line is longer than %u bytes; expected a .reg file "
			                      "line", reader->path, reader->line_number, REGFILE_MAX_LINE_BYTES);
		if (end != REGFILE_NONE)
			break;
	}
	if (reader->raw.length == 0)
		return true;
	*have_line = true;
	return decode_line(reader, err);
}
