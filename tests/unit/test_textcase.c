/* Names compared as Windows compares registry names, for all of Unicode,
 * and the strict decoders that refuse what is not text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "config/base/casefold.h"
#include "config/base/error.h"
#include "config/base/hashindex.h"
#include "config/base/text.h"

static void test_unicode_names_compare_without_case(void **state)
{
	(void)state;
	assert_true(text_equal_nocase("\u00c4rger", "\u00e4RGER"));
	assert_true(text_equal_nocase("\u0391\u03b2\u03b3", "\u03b1\u0392\u0393"));
	assert_true(text_equal_nocase("\u0414\u043e\u043c", "\u0434\u041e\u041c"));
	assert_false(text_equal_nocase("\u00c4rger", "Arger"));
	assert_false(text_equal_nocase("\u0414", "\u0434\u0434"));
	assert_true(text_compare_nocase("a", "B") < 0);
	assert_true(text_compare_nocase("\u00e9", "E") > 0);
	assert_true(text_starts_with_nocase("\u00c4RGER\\x", "\u00e4rger"));
	assert_false(text_starts_with_nocase("\u00c4", "\u00e4rger"));
	const char *haystack = "Die \u00c4rger-Taste";
	assert_ptr_equal(text_find_nocase(haystack, "\u00e4RGER"), haystack + 4);
	assert_null(text_find_nocase(haystack, "\u00f6"));
	assert_int_equal(hashindex_hash_nocase("\u00c4rger", 7), hashindex_hash_nocase("\u00e4RGER", 7));
	assert_int_not_equal(hashindex_hash_nocase("\u00c4rger", 7),
	                     hashindex_hash_nocase("\u00c4rger", 8));
}

/* Bytes that are not UTF-8 compare as themselves: never two different
 * ones as equal, as both would be as U+FFFD. */
static void test_bytes_that_are_not_utf8_compare_as_themselves(void **state)
{
	(void)state;
	assert_false(text_equal_nocase("a\xFF", "a\xFE"));
	assert_true(text_equal_nocase("A\xFF", "a\xFF"));
	assert_false(text_equal_nocase("\xFF", "\xEF\xBF\xBD"));
	const char *text = "\xC3";
	assert_int_equal(text_next_folded(&text), 0x110000u + 0xC3);
	assert_int_equal(text_next_folded(&text), 0);
}

/* One UTF-16 unit at a time, as Windows maps: beyond the BMP nothing
 * changes case (U+10428 DESERET SMALL LONG I). */
static void test_casefold_maps_the_bmp_only(void **state)
{
	(void)state;
	assert_int_equal(casefold_upper('a'), 'A');
	assert_int_equal(casefold_upper(0x00E4), 0x00C4);
	assert_int_equal(casefold_upper(0x03C9), 0x03A9);
	assert_int_equal(casefold_upper(0x044F), 0x042F);
	assert_int_equal(casefold_upper(0x00C4), 0x00C4);
	assert_int_equal(casefold_upper('1'), '1');
	assert_int_equal(casefold_upper(0x10428), 0x10428);
}

static void expect_utf8_error(const char *bytes, size_t size, const char *expected)
{
	error_message err = { "" };

	assert_false(text_check_utf8(bytes, size, &err));
	assert_string_equal(err.text, expected);
}

static void test_strict_utf8(void **state)
{
	(void)state;
	const char *valid = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF\xEF\xBF\xBD";
	assert_true(text_check_utf8(valid, strlen(valid), NULL));
	expect_utf8_error("\xC0\xAF", 2, "not UTF-8 at byte 1: C0 AF is an overlong form");
	expect_utf8_error("ab\xC1\xBF", 4, "not UTF-8 at byte 3: C1 BF is an overlong form");
	expect_utf8_error("\xE0\x9F\xBF", 3, "not UTF-8 at byte 1: E0 9F BF is an overlong form");
	expect_utf8_error("\xF0\x8F\xBF\xBF", 4, "not UTF-8 at byte 1: F0 8F BF BF is an overlong form");
	expect_utf8_error("\xED\xBF\xBF", 3, "not UTF-8 at byte 1: ED BF BF is an encoded surrogate "
	                                     "(U+D800 to U+DFFF)");
	expect_utf8_error("\xF4\x90\x80\x80", 4, "not UTF-8 at byte 1: F4 90 80 80 is beyond U+10FFFF");
	expect_utf8_error("\xF7\xBF\xBF\xBF", 4, "not UTF-8 at byte 1: F7 is a byte that never occurs "
	                                         "in UTF-8");
	expect_utf8_error("\xF8\x88\x80\x80\x80", 5, "not UTF-8 at byte 1: F8 is a byte that never "
	                                             "occurs in UTF-8");
	expect_utf8_error("x\xF0\x9F\x98", 4, "not UTF-8 at byte 2: F0 is a sequence cut short");
	expect_utf8_error("\xE2\x28\xA1", 3, "not UTF-8 at byte 1: E2 is a sequence cut short");
	expect_utf8_error("\xBF", 1, "not UTF-8 at byte 1: BF is a continuation byte where a "
	                             "character starts");
}

/* ASCII is passed over eight bytes at a time: a bad byte at any place
 * after runs of every length is still found and named by its place. */
static void test_utf8_after_ascii_runs(void **state)
{
	char bytes[40];
	char expected[96];

	(void)state;
	for (size_t at = 0; at < 24; at++) {
		memset(bytes, 'a', sizeof bytes);
		memcpy(bytes + at, "\xC3\xA9", 2);
		assert_true(text_check_utf8(bytes, sizeof bytes, NULL));
		bytes[at + 1] = 'b';
		snprintf(expected, sizeof expected, "not UTF-8 at byte %zu: C3 is a sequence cut short",
		         at + 1);
		expect_utf8_error(bytes, sizeof bytes, expected);
		bytes[at] = 'a';
		bytes[sizeof bytes - 1] = '\xC3';
		expect_utf8_error(bytes, sizeof bytes, "not UTF-8 at byte 40: C3 is a sequence cut short");
	}
}

static void expect_utf16_error(const unsigned char *bytes, size_t size, const char *expected)
{
	strbuf out = STRBUF_INIT;
	error_message err = { "" };

	assert_false(text_decode_utf16le(bytes, size, &out, &err));
	assert_string_equal(err.text, expected);
	strbuf_free(&out);
}

static void test_strict_utf16(void **state)
{
	(void)state;
	const unsigned char pair[] = { 'a', 0, 0x3D, 0xD8, 0x00, 0xDE, 0xE4, 0 };
	strbuf out = STRBUF_INIT;
	assert_true(text_decode_utf16le(pair, sizeof pair, &out, NULL));
	assert_string_equal(out.data, "a\xF0\x9F\x98\x80\xC3\xA4");
	strbuf_free(&out);
	const unsigned char high_then_text[] = { 0x3D, 0xD8, 'a', 0 };
	expect_utf16_error(high_then_text, sizeof high_then_text,
	                   "not UTF-16 at character 1: a high surrogate (U+D83D) without its low half");
	const unsigned char high_at_end[] = { 'a', 0, 0x3D, 0xD8 };
	expect_utf16_error(high_at_end, sizeof high_at_end,
	                   "not UTF-16 at character 2: a high surrogate (U+D83D) without its low half");
	const unsigned char low_alone[] = { 'a', 0, 'b', 0, 0x00, 0xDE };
	expect_utf16_error(low_alone, sizeof low_alone,
	                   "not UTF-16 at character 3: a low surrogate (U+DE00) without its high half");
	const unsigned char two_highs[] = { 0x3D, 0xD8, 0x3D, 0xD8, 0x00, 0xDE };
	expect_utf16_error(two_highs, sizeof two_highs,
	                   "not UTF-16 at character 1: a high surrogate (U+D83D) without its low half");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unicode_names_compare_without_case),
		cmocka_unit_test(test_bytes_that_are_not_utf8_compare_as_themselves),
		cmocka_unit_test(test_casefold_maps_the_bmp_only),
		cmocka_unit_test(test_strict_utf8),
		cmocka_unit_test(test_utf8_after_ascii_runs),
		cmocka_unit_test(test_strict_utf16),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
