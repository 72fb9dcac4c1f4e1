/* Turns the raw bytes of a log, as they arrive in chunks of any size, into
 * UTF-8 lines (docs/DESIGN.md "Logs"). The encoding is detected from the first
 * bytes: BOM FF FE = UTF-16LE, EF BB BF = UTF-8, UTF-16LE without BOM when
 * the second byte is NUL, otherwise bytes as they are. Lines end at LF; a CR
 * before it is dropped. Whatever the input, a line handed out is valid UTF-8
 * without NUL bytes and at most LOGDECODE_LINE_MAX bytes, and memory stays
 * fixed: a longer line is cut at a code point boundary and flagged. */
#ifndef CCMWRAP_LOGDECODE_H
#define CCMWRAP_LOGDECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LOGDECODE_LINE_MAX 65536

typedef enum logdecode_encoding {
	LOGDECODE_UNDECIDED,      /* fewer than 4 bytes seen yet */
	LOGDECODE_BYTES,          /* UTF-8 or ANSI, no BOM */
	LOGDECODE_UTF8_BOM,
	LOGDECODE_UTF16LE_BOM,
	LOGDECODE_UTF16LE,        /* recognised by its NUL bytes */
} logdecode_encoding;

typedef struct logdecode_line {
	const char *text;         /* NUL-terminated, valid only during the callback */
	size_t length;
	uint64_t offset;          /* byte offset in the file of the line's first byte */
	bool truncated;           /* longer than LOGDECODE_LINE_MAX, cut */
} logdecode_line;

typedef void (*logdecode_line_callback)(void *context, const logdecode_line *line);

typedef struct logdecode logdecode;

logdecode *logdecode_new(logdecode_line_callback on_line, void *context);
void logdecode_free(logdecode *decoder);

/* Bytes that follow the ones fed before; a code unit or an invalid sequence
 * may be split across calls. */
void logdecode_feed(logdecode *decoder, const char *bytes, size_t length);

/* End of the current file: a last line without LF is handed out as it is.
 * The next bytes fed belong to a new file starting at byte `offset` (0, or
 * where following began), whose encoding is detected afresh. */
void logdecode_restart(logdecode *decoder, uint64_t offset);

/* End of input: a last line without LF is handed out. */
void logdecode_finish(logdecode *decoder);

/* Whether the next byte fed starts a line of a file read as bytes
 * (LOGDECODE_BYTES or LOGDECODE_UTF8_BOM): nothing of a line is pending. */
bool logdecode_at_line_start(const logdecode *decoder);

/* Passes over a whole line of such a file, `length` bytes up to and with
 * its LF, that the caller has read itself (logparse.h's skim): the next
 * line's offset is as if it had been decoded. Only at a line start. */
void logdecode_skip_line(logdecode *decoder, size_t length);

/* How many of the first `length` bytes of a file read as bytes the decoder
 * would hand out unchanged and within one line: ASCII other than NUL and
 * LF. */
size_t logdecode_verbatim_span(const char *bytes, size_t length);

logdecode_encoding logdecode_encoding_of(const logdecode *decoder);
const char *logdecode_encoding_name(logdecode_encoding encoding);

#endif
