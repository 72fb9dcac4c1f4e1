#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "checks/registry/regfile.h"
#include "config/base/windows1252.h"

#define CHUNK_SIZE 65536u

static bool read_error(regfile_reader *reader, int code, error_message *err)
{
	return error_set(err, "%s: cannot read: %s", reader->path, uv_strerror(code));
}

/* Keeps what is left of the chunk and reads more after it. */
static bool fill_chunk(regfile_reader *reader, error_message *err)
{
	uv_fs_t req;
	size_t left = reader->chunk_used - reader->chunk_position;

	memmove(reader->chunk, reader->chunk + reader->chunk_position, left);
	reader->chunk_used = left;
	reader->chunk_position = 0;
	uv_buf_t buffer = uv_buf_init((char *)reader->chunk + left, (unsigned)(CHUNK_SIZE - left));
	int result = uv_fs_read(NULL, &req, reader->file, &buffer, 1, -1, NULL);
	uv_fs_req_cleanup(&req);
	if (result < 0)
		return read_error(reader, result, err);
	reader->chunk_used += (size_t)result;
	reader->end_of_file = result == 0;
	return true;
}

/* At least count bytes at chunk_position, unless the file ends first. */
static bool have_bytes(regfile_reader *reader, size_t count, error_message *err)
{
	while (reader->chunk_used - reader->chunk_position < count && !reader->end_of_file)
		if (!fill_chunk(reader, err))
			return false;
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
	if (!have_bytes(reader, 3, err)) {
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

static size_t unit_size(const regfile_reader *reader)
{
	return reader->encoding == REGFILE_UTF16LE ? 2 : 1;
}

/* The character unit at bytes (one byte, or a UTF-16LE unit). */
static uint32_t unit_at(const regfile_reader *reader, const unsigned char *bytes)
{
	return reader->encoding == REGFILE_UTF16LE ? (uint32_t)bytes[0] | (uint32_t)bytes[1] << 8
	                                           : bytes[0];
}

static bool line_error(const regfile_reader *reader, error_message *err, const char *what)
{
	return error_set(err, "%s:%zu: %s", reader->path, reader->line_number, what);
}

/* reader->raw without its line break, as UTF-8 in reader->text. A line
 * ends with CR LF, LF or a CR alone, as regedit reads it. */
static bool decode_line(regfile_reader *reader, error_message *err)
{
	const unsigned char *raw = (const unsigned char *)reader->raw.data;
	size_t size = reader->raw.length;
	size_t unit = unit_size(reader);
	error_message why;

	reader->terminated = false;
	if (size >= unit && unit_at(reader, raw + size - unit) == '\n') {
		size -= unit;
		reader->terminated = true;
	}
	if (size >= unit && unit_at(reader, raw + size - unit) == '\r') {
		size -= unit;
		reader->terminated = true;
	}
	strbuf_clear(&reader->text);
	strbuf_add(&reader->text, "", 0);
	if (reader->encoding == REGFILE_UTF16LE) {
		if (size % 2 != 0)
			return line_error(reader, err, "the file ends in the middle of a UTF-16 character; "
			                               "expected an even number of bytes");
		for (size_t i = 0; i < size; i += 2)
			if (raw[i] == 0 && raw[i + 1] == 0)
				return line_error(reader, err, "the line holds a NUL character; expected text");
		if (!text_decode_utf16le(raw, size, &reader->text, &why))
			return error_set(err, "%s:%zu: %s; expected UTF-16LE text as regedit writes it",
			                 reader->path, reader->line_number, why.text);
		return true;
	}
	if (memchr(raw, 0, size) != NULL)
		return line_error(reader, err, "the line holds a NUL byte; expected text");
	if (reader->encoding == REGFILE_ANSI) {
		for (size_t i = 0; i < size; i++)
			text_add_codepoint(&reader->text, windows1252_to_codepoint(raw[i]));
		return true;
	}
	if (!text_check_utf8((const char *)raw, size, &why))
		return error_set(err, "%s:%zu: %s; expected a UTF-8 or UTF-16LE file (a REGEDIT4 file "
		                      "may use ANSI)", reader->path, reader->line_number, why.text);
	strbuf_add(&reader->text, (const char *)raw, size);
	return true;
}

static void take(regfile_reader *reader, size_t size)
{
	strbuf_add(&reader->raw, (const char *)reader->chunk + reader->chunk_position, size);
	reader->chunk_position += size;
}

/* Takes the line break at chunk_position: LF, CR, or CR LF. */
static bool take_line_break(regfile_reader *reader, error_message *err)
{
	size_t unit = unit_size(reader);
	bool carriage_return = unit_at(reader, reader->chunk + reader->chunk_position) == '\r';

	take(reader, unit);
	if (!carriage_return)
		return true;
	if (!have_bytes(reader, unit, err))
		return false;
	if (reader->chunk_used - reader->chunk_position >= unit &&
	    unit_at(reader, reader->chunk + reader->chunk_position) == '\n')
		take(reader, unit);
	return true;
}

bool regfile_reader_next(regfile_reader *reader, bool *have_line, error_message *err)
{
	size_t unit = unit_size(reader);

	strbuf_clear(&reader->raw);
	reader->line_number++;
	*have_line = false;
	for (;;) {
		if (!have_bytes(reader, unit, err))
			return false;
		const unsigned char *bytes = reader->chunk + reader->chunk_position;
		size_t available = reader->chunk_used - reader->chunk_position;
		if (available < unit) {
			take(reader, available);   /* the end of the file */
			break;
		}
		size_t run = 0;
		while (run + unit <= available && unit_at(reader, bytes + run) != '\n' &&
		       unit_at(reader, bytes + run) != '\r')
			run += unit;
		take(reader, run);
		if (reader->raw.length > REGFILE_MAX_LINE_BYTES)
			return error_set(err, "%s:%zu: the line is longer than %u bytes; expected a .reg file "
			                      "line", reader->path, reader->line_number, REGFILE_MAX_LINE_BYTES);
		if (run + unit <= available) {
			if (!take_line_break(reader, err))
				return false;
			break;
		}
	}
	if (reader->raw.length == 0)
		return true;
	*have_line = true;
	return decode_line(reader, err);
}
