#include "wrapper/logs/logdecode.h"

#include <stdlib.h>
#include <string.h>

#include "config/base/windows1252.h"
#include "config/base/text.h"

#define DETECTION_BYTES 4
#define REPLACEMENT_CHARACTER 0xFFFDu

struct logdecode {
	logdecode_line_callback on_line;
	void *context;
	logdecode_encoding encoding;
	unsigned char head[DETECTION_BYTES];  /* bytes waiting for detection */
	size_t head_length;
	uint64_t offset;                      /* of the next raw byte */

	unsigned char utf16_low_byte;         /* first byte of a split code unit */
	bool has_utf16_low_byte;
	uint32_t high_surrogate;              /* 0 when none is waiting */

	unsigned char utf8_sequence[4];       /* a multi-byte sequence so far */
	size_t utf8_sequence_length;
	size_t utf8_sequence_expected;

	strbuf character;                     /* one code point as UTF-8 */
	char line[LOGDECODE_LINE_MAX + 1];
	size_t line_length;
	uint64_t line_offset;
	bool line_truncated;
};

logdecode *logdecode_new(logdecode_line_callback on_line, void *context)
{
	logdecode *decoder = xcalloc(1, sizeof *decoder);

	decoder->on_line = on_line;
	decoder->context = context;
	decoder->encoding = LOGDECODE_UNDECIDED;
	return decoder;
}

void logdecode_free(logdecode *decoder)
{
	if (decoder == NULL)
		return;
	strbuf_free(&decoder->character);
	free(decoder);
}

bool logdecode_at_line_start(const logdecode *decoder)
{
	return (decoder->encoding == LOGDECODE_BYTES || decoder->encoding == LOGDECODE_UTF8_BOM) &&
	       decoder->offset == decoder->line_offset && decoder->line_length == 0 &&
	       !decoder->line_truncated && decoder->utf8_sequence_length == 0;
}

void logdecode_skip_line(logdecode *decoder, size_t length)
{
	decoder->offset += length;
	decoder->line_offset = decoder->offset;
}

logdecode_encoding logdecode_encoding_of(const logdecode *decoder)
{
	return decoder->encoding;
}

const char *logdecode_encoding_name(logdecode_encoding encoding)
{
	switch (encoding) {
	case LOGDECODE_UNDECIDED: return "undecided";
	case LOGDECODE_BYTES: return "bytes";
	case LOGDECODE_UTF8_BOM: return "utf-8-bom";
	case LOGDECODE_UTF16LE_BOM: return "utf-16le-bom";
	case LOGDECODE_UTF16LE: return "utf-16le";
	}
	return "unknown";
}

/* Appends whole characters only, so a cut line stays valid UTF-8. */
static void line_add(logdecode *decoder, const char *bytes, size_t length)
{
	if (decoder->line_truncated || decoder->line_length + length > LOGDECODE_LINE_MAX) {
		decoder->line_truncated = true;
		return;
	}
	memcpy(decoder->line + decoder->line_length, bytes, length);
	decoder->line_length += length;
}

/* Verbatim bytes (logdecode_verbatim_span) are whole characters each: as
 * many fit as there is room for. */
static void line_add_verbatim(logdecode *decoder, const unsigned char *bytes, size_t length)
{
	size_t room = LOGDECODE_LINE_MAX - decoder->line_length;

	line_add(decoder, (const char *)bytes, length < room ? length : room);
	if (length > room)
		decoder->line_truncated = true;
}

static void line_add_codepoint(logdecode *decoder, uint32_t codepoint)
{
	strbuf_clear(&decoder->character);
	text_add_codepoint(&decoder->character, codepoint);
	line_add(decoder, decoder->character.data, decoder->character.length);
}

static void line_emit(logdecode *decoder)
{
	size_t length = decoder->line_length;

	if (length > 0 && decoder->line[length - 1] == '\r')
		length--;
	decoder->line[length] = '\0';
	logdecode_line line = {
		.text = decoder->line,
		.length = length,
		.offset = decoder->line_offset,
		.truncated = decoder->line_truncated,
	};
	decoder->on_line(decoder->context, &line);
	decoder->line_length = 0;
	decoder->line_truncated = false;
	decoder->line_offset = decoder->offset;
}

/* One decoded character; `decoder->offset` is already past its last byte. */
static void take_codepoint(logdecode *decoder, uint32_t codepoint)
{
	if (codepoint == '\n')
		line_emit(decoder);
	else if (codepoint != 0)   /* NUL padding carries no text */
		line_add_codepoint(decoder, codepoint);
}

static void take_ansi_byte(logdecode *decoder, unsigned char byte)
{
	uint32_t codepoint = windows1252_to_codepoint(byte);

	/* A byte Windows-1252 leaves unassigned is no text in a log. */
	if (codepoint >= 0x80 && codepoint < 0xA0)
		codepoint = REPLACEMENT_CHARACTER;
	take_codepoint(decoder, codepoint);
}

/* Bytes of a sequence that turned out invalid are read as ANSI text, so
 * nothing is lost and the line stays valid UTF-8. */
static void flush_utf8_sequence_as_ansi(logdecode *decoder)
{
	for (size_t i = 0; i < decoder->utf8_sequence_length; i++)
		take_ansi_byte(decoder, decoder->utf8_sequence[i]);
	decoder->utf8_sequence_length = 0;
}

/* How many bytes a sequence starting with `lead` has, 0 when it is no
 * valid lead byte. */
static size_t utf8_sequence_length(unsigned char lead)
{
	if (lead >= 0xC2 && lead <= 0xDF)
		return 2;
	if (lead >= 0xE0 && lead <= 0xEF)
		return 3;
	if (lead >= 0xF0 && lead <= 0xF4)
		return 4;
	return 0;
}

/* The second byte's range rules out overlong forms, surrogates and code
 * points above U+10FFFF (RFC 3629's table). */
static bool utf8_continuation_valid(const unsigned char *sequence, size_t position,
                                    unsigned char byte)
{
	unsigned char low = 0x80, high = 0xBF;

	if (position == 1) {
		switch (sequence[0]) {
		case 0xE0: low = 0xA0; break;
		case 0xED: high = 0x9F; break;
		case 0xF0: low = 0x90; break;
		case 0xF4: high = 0x8F; break;
		default: break;
		}
	}
	return byte >= low && byte <= high;
}

static void take_byte(logdecode *decoder, unsigned char byte)
{
	decoder->offset++;
	if (decoder->utf8_sequence_length > 0) {
		if (utf8_continuation_valid(decoder->utf8_sequence, decoder->utf8_sequence_length, byte)) {
			decoder->utf8_sequence[decoder->utf8_sequence_length++] = byte;
			if (decoder->utf8_sequence_length == decoder->utf8_sequence_expected) {
				line_add(decoder, (const char *)decoder->utf8_sequence,
				         decoder->utf8_sequence_length);
				decoder->utf8_sequence_length = 0;
			}
			return;
		}
		flush_utf8_sequence_as_ansi(decoder);
	}
	size_t expected = utf8_sequence_length(byte);
	if (expected > 0) {
		decoder->utf8_sequence[0] = byte;
		decoder->utf8_sequence_length = 1;
		decoder->utf8_sequence_expected = expected;
	} else {
		take_ansi_byte(decoder, byte);
	}
}

static void take_utf16_unit(logdecode *decoder, uint32_t unit)
{
	if (decoder->high_surrogate != 0) {
		uint32_t high = decoder->high_surrogate;
		decoder->high_surrogate = 0;
		if (unit >= 0xDC00 && unit <= 0xDFFF) {
			take_codepoint(decoder, 0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00));
			return;
		}
		line_add_codepoint(decoder, REPLACEMENT_CHARACTER);
	}
	if (unit >= 0xD800 && unit <= 0xDBFF)
		decoder->high_surrogate = unit;
	else
		take_codepoint(decoder, unit);
}

static void take_utf16_byte(logdecode *decoder, unsigned char byte)
{
	decoder->offset++;
	if (!decoder->has_utf16_low_byte) {
		decoder->utf16_low_byte = byte;
		decoder->has_utf16_low_byte = true;
		return;
	}
	decoder->has_utf16_low_byte = false;
	take_utf16_unit(decoder, (uint32_t)decoder->utf16_low_byte | ((uint32_t)byte << 8));
}

#define BYTE_ONES UINT64_C(0x0101010101010101)
#define BYTE_HIGHS UINT64_C(0x8080808080808080)

/* Whether any of the eight bytes of word is 0 (exact as a whole, the usual
 * borrow trick). */
static uint64_t has_zero_byte(uint64_t word)
{
	return (word - BYTE_ONES) & ~word & BYTE_HIGHS;
}

static bool verbatim_byte(unsigned char byte)
{
	return byte != 0 && byte != '\n' && byte < 0x80;
}

/* Eight bytes at a time: a log is mostly ASCII. */
size_t logdecode_verbatim_span(const char *bytes, size_t length)
{
	size_t span = 0;

	for (; span + sizeof(uint64_t) <= length; span += sizeof(uint64_t)) {
		uint64_t word;
		memcpy(&word, bytes + span, sizeof word);
		if (((word | has_zero_byte(word) | has_zero_byte(word ^ (BYTE_ONES * '\n'))) &
		     BYTE_HIGHS) != 0)
			break;
	}
	while (span < length && verbatim_byte((unsigned char)bytes[span]))
		span++;
	return span;
}

/* Runs of verbatim bytes are copied whole, outside a multi-byte sequence. */
static void take_bytes(logdecode *decoder, const unsigned char *bytes, size_t length)
{
	size_t i = 0;

	while (i < length) {
		size_t span = decoder->utf8_sequence_length == 0
		                  ? logdecode_verbatim_span((const char *)bytes + i, length - i) : 0;
		if (span == 0) {
			take_byte(decoder, bytes[i++]);
			continue;
		}
		line_add_verbatim(decoder, bytes + i, span);
		decoder->offset += span;
		i += span;
	}
}

static bool is_utf16(const logdecode *decoder)
{
	return decoder->encoding == LOGDECODE_UTF16LE || decoder->encoding == LOGDECODE_UTF16LE_BOM;
}

static void take_raw(logdecode *decoder, const unsigned char *bytes, size_t length)
{
	if (!is_utf16(decoder)) {
		take_bytes(decoder, bytes, length);
		return;
	}
	for (size_t i = 0; i < length; i++)
		take_utf16_byte(decoder, bytes[i]);
}

/* Decides from the bytes in `head` (up to 4; fewer only at the end of a
 * file) and decodes them. */
static void detect_encoding(logdecode *decoder)
{
	const unsigned char *head = decoder->head;
	size_t length = decoder->head_length;
	size_t bom = 0;

	if (length >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF) {
		decoder->encoding = LOGDECODE_UTF8_BOM;
		bom = 3;
	} else if (length >= 2 && head[0] == 0xFF && head[1] == 0xFE) {
		decoder->encoding = LOGDECODE_UTF16LE_BOM;
		bom = 2;
	} else if (length >= 2 && head[0] != 0 && head[1] == 0 && (length < 4 || head[3] == 0)) {
		decoder->encoding = LOGDECODE_UTF16LE;
	} else {
		decoder->encoding = LOGDECODE_BYTES;
	}
	decoder->offset += bom;
	decoder->line_offset = decoder->offset;
	decoder->head_length = 0;
	take_raw(decoder, head + bom, length - bom);
}

void logdecode_feed(logdecode *decoder, const char *bytes, size_t length)
{
	const unsigned char *raw = (const unsigned char *)bytes;

	while (decoder->encoding == LOGDECODE_UNDECIDED && length > 0) {
		decoder->head[decoder->head_length++] = *raw++;
		length--;
		if (decoder->head_length == DETECTION_BYTES)
			detect_encoding(decoder);
	}
	take_raw(decoder, raw, length);
}

/* Whatever is left of the file is handed out; a split code unit or an
 * unfinished sequence cannot be completed any more. */
static void flush_file(logdecode *decoder)
{
	if (decoder->encoding == LOGDECODE_UNDECIDED && decoder->head_length > 0)
		detect_encoding(decoder);
	flush_utf8_sequence_as_ansi(decoder);
	if (decoder->high_surrogate != 0 || decoder->has_utf16_low_byte)
		line_add_codepoint(decoder, REPLACEMENT_CHARACTER);
	decoder->high_surrogate = 0;
	decoder->has_utf16_low_byte = false;
	if (decoder->offset > decoder->line_offset)
		line_emit(decoder);
}

void logdecode_finish(logdecode *decoder)
{
	flush_file(decoder);
}

void logdecode_restart(logdecode *decoder, uint64_t offset)
{
	flush_file(decoder);
	decoder->encoding = LOGDECODE_UNDECIDED;
	decoder->offset = offset;
	decoder->line_offset = offset;
	decoder->line_length = 0;
	decoder->line_truncated = false;
}
