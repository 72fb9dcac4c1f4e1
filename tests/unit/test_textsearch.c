/* The multi-text search (textsearch.h): leftmost occurrence, ASCII letters
 * without case and other bytes as themselves, texts of one byte and texts
 * longer than its window, and the same answers as a naive search over
 * generated buffers (fixed seed). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "config/base/text.h"
#include "config/base/textsearch.h"

#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

/* Where the search finds a text in bytes, as an offset; -1 for none. */
static long find_in(const char *const *texts, size_t count, const char *bytes, size_t length)
{
	textsearch *search = textsearch_new(texts, count);
	const char *at = textsearch_find(search, bytes, length);

	textsearch_free(search);
	return at != NULL ? (long)(at - bytes) : -1;
}

static long find_in_string(const char *const *texts, size_t count, const char *string)
{
	return find_in(texts, count, string, strlen(string));
}

static void test_leftmost_of_several_texts_without_case(void **state)
{
	(void)state;
	const char *const texts[] = { "Return value 3", "error", "CcmSetup failed" };

	assert_int_equal(find_in_string(texts, 3, "An ERROR: return VALUE 3"), 3);
	assert_int_equal(find_in_string(texts, 3, "ccmsetup FAILED, return value 3"), 0);
	assert_int_equal(find_in_string(texts, 3, "x RETURN VALUE 3"), 2);
	assert_int_equal(find_in_string(texts, 3, "Return value 2, erro"), -1);
	assert_int_equal(find_in_string(texts, 3, "erro"), -1);
	assert_int_equal(find_in_string(texts, 3, ""), -1);
}

/* Case is ASCII's only; a byte outside ASCII, NUL included, is itself. */
static void test_other_bytes_compare_as_themselves(void **state)
{
	(void)state;
	const char *const accented[] = { "R\xC3\xBC" "ckgabewert 3" };
	const char *const plain[] = { "cd" };

	assert_int_equal(find_in_string(accented, 1, "x R\xC3\xBC" "CKGABEWERT 3"), 2);
	assert_int_equal(find_in_string(accented, 1, "x R\xC3\x9C" "ckgabewert 3"), -1);
	assert_int_equal(find_in(plain, 1, "ab\0cd", 5), 3);
	assert_int_equal(find_in(plain, 1, "ab\0cD", 4), -1);
	assert_int_equal(find_in(plain, 1, "c\0d", 3), -1);
}

static void test_a_one_byte_text_is_found_anywhere(void **state)
{
	(void)state;
	const char *const texts[] = { "a long text", "Z" };

	assert_int_equal(find_in_string(texts, 2, "nothing here"), -1);
	assert_int_equal(find_in_string(texts, 2, "lazy"), 2);
	assert_int_equal(find_in_string(texts, 2, "A LONG TEXT z"), 0);
}

/* A text longer than the skip's window (255 bytes) is still found whole. */
static void test_texts_longer_than_the_window(void **state)
{
	(void)state;
	char text[301], buffer[400];

	for (size_t i = 0; i < 300; i++)
		text[i] = (char)('a' + i % 26);
	text[300] = '\0';
	memset(buffer, '.', sizeof buffer);
	memcpy(buffer + 50, text, 300);
	const char *const texts[] = { text };
	assert_int_equal(find_in(texts, 1, buffer, sizeof buffer), 50);
	assert_int_equal(find_in(texts, 1, buffer, 349), -1);
	buffer[349] = '#';
	assert_int_equal(find_in(texts, 1, buffer, sizeof buffer), -1);
}

/* ---- against a naive search ---- */

static uint32_t next_random(uint32_t *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 8;
}

/* A few bytes, so that texts occur often and overlap: letters in both
 * cases, NUL, a byte outside ASCII. */
static char random_byte(uint32_t *seed)
{
	static const char alphabet[] = { 'a', 'A', 'b', 'B', 'c', '\0', '\xC3', ' ' };

	return alphabet[next_random(seed) % sizeof alphabet];
}

static unsigned char ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

static bool naive_at(const char *bytes, size_t length, const char *text, size_t text_length)
{
	if (text_length > length)
		return false;
	for (size_t i = 0; i < text_length; i++)
		if (ascii_lower((unsigned char)bytes[i]) != ascii_lower((unsigned char)text[i]))
			return false;
	return true;
}

static long naive_find(char **texts, size_t count, const char *bytes, size_t length)
{
	for (size_t start = 0; start < length; start++)
		for (size_t i = 0; i < count; i++)
			if (naive_at(bytes + start, length - start, texts[i], strlen(texts[i])))
				return (long)start;
	return -1;
}

static void test_the_same_as_a_naive_search(void **state)
{
	(void)state;
	uint32_t seed = 14;

	for (int round = 0; round < 3000; round++) {
		char *texts[5];
		size_t count = 1 + next_random(&seed) % COUNT_OF(texts);
		for (size_t i = 0; i < count; i++) {
			size_t length = 1 + next_random(&seed) % (round % 3 == 0 ? 3 : 7);
			texts[i] = xmalloc(length + 1);
			for (size_t j = 0; j < length; j++) {
				do
					texts[i][j] = random_byte(&seed);
				while (texts[i][j] == '\0');
			}
			texts[i][length] = '\0';
		}
		char buffer[200];
		size_t length = next_random(&seed) % sizeof buffer;
		for (size_t i = 0; i < length; i++)
			buffer[i] = random_byte(&seed);
		long expected = naive_find(texts, count, buffer, length);
		assert_int_equal(find_in((const char *const *)texts, count, buffer, length), expected);
		for (size_t i = 0; i < count; i++)
			free(texts[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_leftmost_of_several_texts_without_case),
		cmocka_unit_test(test_other_bytes_compare_as_themselves),
		cmocka_unit_test(test_a_one_byte_text_is_found_anywhere),
		cmocka_unit_test(test_texts_longer_than_the_window),
		cmocka_unit_test(test_the_same_as_a_naive_search),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
