/* Raw log bytes to UTF-8 lines: encoding detection, split code units,
 * CRLF, ANSI and invalid bytes, NUL bytes, the 64 KiB line bound. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "wrapper/logs/logdecode.h"
#include "config/base/text.h"

/* Every line as "OFFSET[+cut]:TEXT\n", so whole runs compare as strings. */
static void collect_line(void *context, const logdecode_line *line)
{
	strbuf *out = context;

	assert_int_equal(strlen(line->text), line->length);
	strbuf_printf(out, "%llu%s:", (unsigned long long)line->offset, line->truncated ? "+cut" : "");
	strbuf_add(out, line->text, line->length);
	strbuf_add_char(out, '\n');
}

/* Decodes bytes fed in pieces of `chunk` bytes. */
static char *decode(const void *bytes, size_t length, size_t chunk, logdecode_encoding *encoding)
{
	strbuf out = STRBUF_INIT;
	logdecode *decoder = logdecode_new(collect_line, &out);
	const char *p = bytes;

	strbuf_add(&out, "", 0);
	for (size_t done = 0; done < length; done += chunk)
		logdecode_feed(decoder, p + done, length - done < chunk ? length - done : chunk);
	logdecode_finish(decoder);
	if (encoding != NULL)
		*encoding = logdecode_encoding_of(decoder);
	logdecode_free(decoder);
	return strbuf_detach(&out);
}

/* The same lines whether fed whole, byte by byte or in odd pieces. */
static char *decode_checked(const void *bytes, size_t length, logdecode_encoding *encoding)
{
	char *whole = decode(bytes, length, length ? length : 1, encoding);
	size_t chunks[] = { 1, 2, 3, 7 };

	for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
		char *pieces = decode(bytes, length, chunks[i], NULL);
		assert_string_equal(pieces, whole);
		free(pieces);
	}
	return whole;
}

static unsigned char *utf16_with_bom(const char *text, size_t *size)
{
	size_t body;
	unsigned char *utf16 = text_utf8_to_utf16le(text, strlen(text), &body);
	unsigned char *out = xmalloc(body + 2);

	out[0] = 0xFF;
	out[1] = 0xFE;
	memcpy(out + 2, utf16, body);
	free(utf16);
	*size = body + 2;
	return out;
}

static void test_utf16le_with_bom_and_crlf(void **state)
{
	(void)state;
	size_t size;
	unsigned char *bytes = utf16_with_bom("Action start 8:25:34: X.\r\nDEBUG: Error 2502:\xC2\xA0 Called\r\n",
	                                      &size);
	logdecode_encoding encoding;
	char *lines = decode_checked(bytes, size, &encoding);

	assert_int_equal(encoding, LOGDECODE_UTF16LE_BOM);
	assert_string_equal(lines, "2:Action start 8:25:34: X.\n"
	                           "54:DEBUG: Error 2502:\xC2\xA0 Called\n");
	free(lines);
	free(bytes);
}

static void test_utf16le_without_bom_is_recognised_by_nul_bytes(void **state)
{
	(void)state;
	size_t size;
	unsigned char *bytes = text_utf8_to_utf16le("ab\ncd", 5, &size);
	logdecode_encoding encoding;
	char *lines = decode_checked(bytes, size, &encoding);

	assert_int_equal(encoding, LOGDECODE_UTF16LE);
	assert_string_equal(lines, "0:ab\n6:cd\n");
	free(lines);
	free(bytes);
}

static void test_utf16_surrogate_pair_split_across_feeds(void **state)
{
	(void)state;
	size_t size;
	unsigned char *bytes = utf16_with_bom("x\xF0\x9F\x98\x80y\n", &size);
	char *lines = decode_checked(bytes, size, NULL);

	assert_string_equal(lines, "2:x\xF0\x9F\x98\x80y\n");
	free(lines);
	free(bytes);
}

static void test_utf16_odd_last_byte_and_unpaired_surrogate(void **state)
{
	(void)state;
	const unsigned char bytes[] = { 0xFF, 0xFE, 'a', 0, 0x00, 0xD8, 'b', 0, 'c' };
	char *lines = decode_checked(bytes, sizeof bytes, NULL);

	assert_string_equal(lines, "2:a\xEF\xBF\xBD" "b\xEF\xBF\xBD\n");
	free(lines);
}

static void test_utf8_bom_is_skipped(void **state)
{
	(void)state;
	const char bytes[] = "\xEF\xBB\xBFone\r\ntwo";
	logdecode_encoding encoding;
	char *lines = decode_checked(bytes, sizeof bytes - 1, &encoding);

	assert_int_equal(encoding, LOGDECODE_UTF8_BOM);
	assert_string_equal(lines, "3:one\n8:two\n");
	free(lines);
}

static void test_lf_and_crlf_mixed_and_empty_lines(void **state)
{
	(void)state;
	const char bytes[] = "a\r\n\nb\n\r\nc\r";
	logdecode_encoding encoding;
	char *lines = decode_checked(bytes, sizeof bytes - 1, &encoding);

	assert_int_equal(encoding, LOGDECODE_BYTES);
	assert_string_equal(lines, "0:a\n3:\n4:b\n6:\n8:c\n");
	free(lines);
}

static void test_valid_utf8_passes_unchanged(void **state)
{
	(void)state;
	const char bytes[] = "Gr\xC3\xBC\xC3\x9F \xE2\x82\xAC \xF0\x9F\x98\x80\n";
	char *lines = decode_checked(bytes, sizeof bytes - 1, NULL);

	assert_string_equal(lines, "0:Gr\xC3\xBC\xC3\x9F \xE2\x82\xAC \xF0\x9F\x98\x80\n");
	free(lines);
}

/* ANSI text (Windows-1252) and broken UTF-8 come out as valid UTF-8. */
static void test_ansi_and_invalid_utf8_become_valid_utf8(void **state)
{
	(void)state;
	const char bytes[] = "caf\xE9 \x80 \x81|\xC3|\xE2\x82|\xED\xA0\x80|\xC0\xAF|\xF5\n";
	char *lines = decode_checked(bytes, sizeof bytes - 1, NULL);

	assert_string_equal(lines, "0:caf\xC3\xA9 \xE2\x82\xAC \xEF\xBF\xBD|\xC3\x83|"
	                           "\xC3\xA2\xE2\x80\x9A|\xC3\xAD\xC2\xA0\xE2\x82\xAC|"
	                           "\xC3\x80\xC2\xAF|\xC3\xB5\n");
	free(lines);
}

static void test_nul_bytes_are_dropped(void **state)
{
	(void)state;
	const char bytes[] = "\0\0\0\0ab\0c\n\0\0\0\0\0";
	char *lines = decode_checked(bytes, sizeof bytes - 1, NULL);

	assert_string_equal(lines, "0:abc\n9:\n");
	free(lines);
}

static void test_long_line_is_cut_at_64_kib_and_marked(void **state)
{
	(void)state;
	size_t length = 1024 * 1024;
	char *bytes = xmalloc(length + 16);

	/* Two-byte characters from an odd start, so the limit falls inside one. */
	bytes[0] = 'x';
	for (size_t i = 1; i + 1 < length; i += 2) {
		bytes[i] = '\xC3';
		bytes[i + 1] = '\xA9';
	}
	memcpy(bytes + length - 1, "\nnext\n", 6);
	char *lines = decode(bytes, length + 5, length + 5, NULL);
	char *expected_tail = strstr(lines, "\n");

	assert_non_null(expected_tail);
	assert_memory_equal(lines, "0+cut:x\xC3\xA9", 9);
	assert_int_equal(expected_tail - (lines + 6), LOGDECODE_LINE_MAX - 1);
	assert_string_equal(expected_tail, "\n1048576:next\n");
	char *pieces = decode(bytes, length + 5, 4093, NULL);
	assert_string_equal(pieces, lines);
	free(pieces);
	free(lines);
	free(bytes);
}

/* ASCII is copied in runs: a line of exactly the bound is whole, one byte
 * more is cut there, and a CR that does not fit any more marks the line
 * cut too, fed whole or in pieces. */
static void test_ascii_lines_at_the_bound(void **state)
{
	(void)state;
	const size_t lengths[] = { LOGDECODE_LINE_MAX - 1, LOGDECODE_LINE_MAX, LOGDECODE_LINE_MAX + 1 };
	const char *const ends[] = { "\n", "\r\n" };

	for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++)
		for (size_t j = 0; j < 2; j++) {
			size_t end_length = strlen(ends[j]);
			size_t size = lengths[i] + end_length + 2;
			char *bytes = xmalloc(size);
			memset(bytes, 'a', lengths[i]);
			memcpy(bytes + lengths[i], ends[j], end_length);
			memcpy(bytes + lengths[i] + end_length, "b\n", 2);
			char *lines = decode_checked(bytes, size, NULL);
			size_t kept = lengths[i] < LOGDECODE_LINE_MAX ? lengths[i] : LOGDECODE_LINE_MAX;
			bool cut = lengths[i] + end_length - 1 > LOGDECODE_LINE_MAX;
			strbuf expected = STRBUF_INIT;
			strbuf_printf(&expected, "0%s:", cut ? "+cut" : "");
			for (size_t k = 0; k < kept; k++)
				strbuf_add_char(&expected, 'a');
			strbuf_printf(&expected, "\n%zu:b\n", lengths[i] + end_length);
			assert_string_equal(lines, expected.data);
			strbuf_free(&expected);
			free(lines);
			free(bytes);
		}
}

static void test_verbatim_span_stops_at_nul_lf_and_bytes_outside_ascii(void **state)
{
	(void)state;
	const char stops[] = { '\0', '\n', '\x80', '\xFF' };
	char bytes[24];

	memset(bytes, 'x', sizeof bytes);
	assert_int_equal(logdecode_verbatim_span(bytes, sizeof bytes), sizeof bytes);
	assert_int_equal(logdecode_verbatim_span(bytes, 0), 0);
	for (size_t s = 0; s < sizeof stops; s++)
		for (size_t at = 0; at < sizeof bytes; at++) {
			memset(bytes, 'x', sizeof bytes);
			bytes[at] = stops[s];
			assert_int_equal(logdecode_verbatim_span(bytes, sizeof bytes), at);
			assert_int_equal(logdecode_verbatim_span(bytes + 1, sizeof bytes - 1),
			                 at == 0 ? sizeof bytes - 1 : at - 1);
		}
}

static void test_restart_flushes_and_detects_again(void **state)
{
	(void)state;
	strbuf out = STRBUF_INIT;
	logdecode *decoder = logdecode_new(collect_line, &out);
	size_t size;
	unsigned char *utf16 = utf16_with_bom("new\n", &size);

	logdecode_feed(decoder, "old without end", 15);
	logdecode_restart(decoder, 0);
	logdecode_feed(decoder, (const char *)utf16, size);
	assert_int_equal(logdecode_encoding_of(decoder), LOGDECODE_UTF16LE_BOM);
	logdecode_restart(decoder, 120);
	logdecode_feed(decoder, "tail\n", 5);
	logdecode_finish(decoder);
	assert_string_equal(out.data, "0:old without end\n2:new\n120:tail\n");
	assert_string_equal(logdecode_encoding_name(logdecode_encoding_of(decoder)), "bytes");
	logdecode_free(decoder);
	strbuf_free(&out);
	free(utf16);
}

static void test_short_file_is_decided_at_the_end(void **state)
{
	(void)state;
	char *lines = decode_checked("ok", 2, NULL);
	assert_string_equal(lines, "0:ok\n");
	free(lines);
	lines = decode_checked("", 0, NULL);
	assert_string_equal(lines, "");
	free(lines);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf16le_with_bom_and_crlf),
		cmocka_unit_test(test_utf16le_without_bom_is_recognised_by_nul_bytes),
		cmocka_unit_test(test_utf16_surrogate_pair_split_across_feeds),
		cmocka_unit_test(test_utf16_odd_last_byte_and_unpaired_surrogate),
		cmocka_unit_test(test_utf8_bom_is_skipped),
		cmocka_unit_test(test_lf_and_crlf_mixed_and_empty_lines),
		cmocka_unit_test(test_valid_utf8_passes_unchanged),
		cmocka_unit_test(test_ansi_and_invalid_utf8_become_valid_utf8),
		cmocka_unit_test(test_nul_bytes_are_dropped),
		cmocka_unit_test(test_long_line_is_cut_at_64_kib_and_marked),
		cmocka_unit_test(test_ascii_lines_at_the_bound),
		cmocka_unit_test(test_verbatim_span_stops_at_nul_lf_and_bytes_outside_ascii),
		cmocka_unit_test(test_restart_flushes_and_detects_again),
		cmocka_unit_test(test_short_file_is_decided_at_the_end),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
