#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "checks/registry/regfile.h"
#include "config/base/windows1252.h"

#define CHUNK_SIZE 65536u

#define WINDOW_SIZE (1024u * 1024u)

static bool read_error(const char *path, int code, error_message *err)
{
	return error_set(err, "%s: cannot read: %s", path, uv_strerror(code));
}

/* The stamp out of a finished stat request (status its result). */
static bool stamp_from(const char *path, uv_fs_t *req, int status, regfile_stamp *stamp,
                       error_message *err)
{
	if (status == 0) {
		stamp->device = req->statbuf.st_dev;
		stamp->inode = req->statbuf.st_ino;
		stamp->size = req->statbuf.st_size;
		stamp->modified_sec = req->statbuf.st_mtim.tv_sec;
		stamp->modified_nsec = req->statbuf.st_mtim.tv_nsec;
	}
	uv_fs_req_cleanup(req);
	if (status != 0)
		return error_set(err, "cannot look at %s: %s", path, uv_strerror(status));
	return true;
}

bool regfile_stamp_of(const char *path, regfile_stamp *stamp, error_message *err)
{
	uv_fs_t req;

	return stamp_from(path, &req, uv_fs_stat(NULL, &req, path, NULL), stamp, err);
}

static bool stamp_of_open_file(const char *path, int file, regfile_stamp *stamp,
                               error_message *err)
{
	uv_fs_t req;

	return stamp_from(path, &req, uv_fs_fstat(NULL, &req, file, NULL), stamp, err);
}

bool regfile_stamp_equal(const regfile_stamp *a, const regfile_stamp *b)
{
	return a->device == b->device && a->inode == b->inode && a->size == b->size &&
	       a->modified_sec == b->modified_sec && a->modified_nsec == b->modified_nsec;
}

static void close_file(int file)
{
	uv_fs_t req;

	uv_fs_close(NULL, &req, file, NULL);
	uv_fs_req_cleanup(&req);
}

/* Keeps what is left of the chunk and reads more after it. */
static bool fill_chunk(regfile_reader *reader, error_message *err)
{
	uv_fs_t req;
	size_t left = reader->chunk_used - reader->chunk_position;

	memmove(reader->chunk, reader->chunk + reader->chunk_position, left);
	reader->chunk_offset += reader->chunk_position;
	reader->chunk_used = left;
	reader->chunk_position = 0;
	uv_buf_t buffer = uv_buf_init((char *)reader->chunk + left, (unsigned)(CHUNK_SIZE - left));
	int result = uv_fs_read(NULL, &req, reader->file, &buffer, 1, -1, NULL);
	uv_fs_req_cleanup(&req);
	if (result < 0)
		return read_error(reader->path, result, err);
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

/* path opened for reading, with its stamp; -1 with err set. */
static int open_stamped(const char *path, regfile_stamp *stamp, error_message *err)
{
	uv_fs_t req;
	int file = uv_fs_open(NULL, &req, path, UV_FS_O_RDONLY, 0, NULL);

	uv_fs_req_cleanup(&req);
	if (file < 0) {
		error_set(err, "%s: cannot open: %s", path, uv_strerror(file));
		return -1;
	}
	if (!stamp_of_open_file(path, file, stamp, err)) {
		close_file(file);
		return -1;
	}
	return file;
}

bool regfile_reader_open(regfile_reader *reader, const char *path, error_message *err)
{
	memset(reader, 0, sizeof *reader);
	reader->path = path;
	reader->file = open_stamped(path, &reader->stamp, err);
	if (reader->file < 0)
		return false;
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
	if (reader->file >= 0 && reader->chunk != NULL)
		close_file(reader->file);
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
	reader->line_offset = reader->chunk_offset + reader->chunk_position;
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

/* ---- lines read back */

bool regfile_source_open(regfile_source *source, const char *path, const regfile_stamp *stamp,
                         error_message *err)
{
	regfile_stamp now;

	memset(source, 0, sizeof *source);
	source->path = path;
	source->file = open_stamped(path, &now, err);
	if (source->file < 0)
		return false;
	if (regfile_stamp_equal(&now, stamp))
		return true;
	regfile_source_close(source);
	return error_set(err, "%s was changed by another program since ccmwrap read it; nothing "
	                      "written, so that its change is not lost", path);
}

/* The window filled from offset with at least size bytes. */
static bool fill_window(regfile_source *source, uint64_t offset, size_t size, error_message *err)
{
	size_t wanted = size > WINDOW_SIZE ? size : WINDOW_SIZE;

	if (source->capacity < wanted) {
		source->window = xrealloc(source->window, wanted);
		source->capacity = wanted;
	}
	source->start = offset;
	source->used = 0;
	while (source->used < size) {
		uv_fs_t req;
		uv_buf_t buffer = uv_buf_init((char *)source->window + source->used,
		                              (unsigned)(wanted - source->used));
		int result = uv_fs_read(NULL, &req, source->file, &buffer, 1,
		                        (int64_t)(offset + source->used), NULL);
		uv_fs_req_cleanup(&req);
		if (result < 0)
			return read_error(source->path, result, err);
		if (result == 0)
			return error_set(err, "%s is shorter than when ccmwrap read it; nothing written",
			                 source->path);
		source->used += (size_t)result;
	}
	return true;
}

bool regfile_source_read(regfile_source *source, uint64_t offset, size_t size,
                         const unsigned char **raw, error_message *err)
{
	bool inside = offset >= source->start && offset + size <= source->start + source->used;

	if (!inside && !fill_window(source, offset, size, err))
		return false;
	*raw = source->window + (offset - source->start);
	return true;
}

void regfile_source_close(regfile_source *source)
{
	if (source->file >= 0)
		close_file(source->file);
	free(source->window);
	memset(source, 0, sizeof *source);
	source->file = -1;
}
