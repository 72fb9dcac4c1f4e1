#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "config/base/json.h"

static void assert_rejected(const char *text, const char *message)
{
	json_value value;
	error_message err;

	assert_false(json_parse(text, strlen(text), &value, &err));
	assert_string_equal(err.text, message);
}

static void test_values(void **state)
{
	const char *text = "\xEF\xBB\xBF{\"a\": [1, -2.5e1, true, false, null],\n"
	                   " \"b\": \"x\\u00e9\\ud83d\\ude00\\n\\/\", \"big\": 4294967295}";
	json_value root;
	error_message err;

	(void)state;
	assert_true(json_parse(text, strlen(text), &root, &err));
	assert_int_equal(root.type, JSON_OBJECT);
	const json_value *a = json_object_get(&root, "a");
	assert_int_equal(a->count, 5);
	assert_true(a->items[0].is_integer);
	assert_int_equal(a->items[0].integer, 1);
	assert_false(a->items[1].is_integer);
	assert_true(a->items[1].number == -25.0);
	assert_true(a->items[2].boolean);
	assert_int_equal(a->items[3].type, JSON_BOOL);
	assert_false(a->items[3].boolean);
	assert_int_equal(a->items[4].type, JSON_NULL);
	const json_value *b = json_object_get(&root, "b");
	assert_int_equal(b->line, 2);
	assert_string_equal(b->string, "x\xC3\xA9\xF0\x9F\x98\x80\n/");
	assert_int_equal(json_object_get(&root, "big")->integer, 4294967295);
	assert_null(json_object_get(&root, "missing"));
	assert_null(json_object_get(a, "a"));
	json_free(&root);
}

static void test_strictness(void **state)
{
	(void)state;
	assert_rejected("{\"a\":1,}", "line 1: expected a member name in double quotes");
	assert_rejected("[1,]", "line 1: unexpected character; expected a value");
	assert_rejected("01", "line 1: unexpected text after the end of the value");
	assert_rejected("1.", "line 1: invalid number: digits expected after '.'");
	assert_rejected("1e", "line 1: invalid number: digits expected in the exponent");
	assert_rejected("-", "line 1: invalid number");
	assert_rejected("\"a\tb\"", "line 1: control character in a string");
	assert_rejected("\"\\x\"", "line 1: invalid escape in a string");
	assert_rejected("\"\\u12\"", "line 1: invalid \\u escape: four hex digits expected");
	assert_rejected("\"\\ud800\"", "line 1: invalid \\u escape: unpaired high surrogate");
	assert_rejected("\"\\udc00\"", "line 1: invalid \\u escape: unpaired low surrogate");
	assert_rejected("\"\\u0000\"", "line 1: \\u0000 is not supported in a string");
	assert_rejected("\"abc", "line 1: unterminated string");
	assert_rejected("{\"a\":1,\n\"a\":2}", "line 2: member 'a' appears twice");
	assert_rejected("{\"a\" 1}", "line 1: expected ':' after a member name");
	assert_rejected("[1 2]", "line 1: expected ',' or ']' in an array");
	assert_rejected("{\"a\":1\n\n\"b\":2}", "line 3: expected ',' or '}' in an object");
	assert_rejected("tru", "line 1: unexpected text; expected a value");
	assert_rejected("'a'", "line 1: unexpected character; expected a value");
	assert_rejected("  \n ", "line 2: unexpected end of the text; expected a value");
}

static void test_depth_is_bounded(void **state)
{
	char deep[200];
	json_value value;
	error_message err;

	(void)state;
	memset(deep, '[', sizeof deep);
	assert_false(json_parse(deep, sizeof deep, &value, &err));
	assert_string_equal(err.text, "line 1: nested too deeply");
	memset(deep, '[', 64);
	memset(deep + 64, ']', 64);
	assert_true(json_parse(deep, 128, &value, &err));
	json_free(&value);
}

static void test_integer_overflow_is_not_integer(void **state)
{
	const char *text = "99999999999999999999";
	json_value value;
	error_message err;

	(void)state;
	assert_true(json_parse(text, strlen(text), &value, &err));
	assert_false(value.is_integer);
	json_free(&value);
}

/* ---- writing ---- */

static void assert_escaped(const char *text, const char *literal)
{
	strbuf out = STRBUF_INIT;

	json_add_string(&out, text);
	assert_string_equal(out.data, literal);
	strbuf_free(&out);
}

static void test_string_escaping(void **state)
{
	(void)state;
	assert_escaped("", "\"\"");
	assert_escaped("a\"b\\c/d", "\"a\\\"b\\\\c/d\"");
	assert_escaped("\n\r\t", "\"\\n\\r\\t\"");
	/* The other C0 controls, DEL and the C1 controls as \u escapes. */
	assert_escaped("\x01\x08\x0c\x1b[2J\x1f", "\"\\u0001\\u0008\\u000c\\u001b[2J\\u001f\"");
	assert_escaped("x\x7fy", "\"x\\u007fy\"");
	assert_escaped("\xC2\x80\xC2\x85\xC2\x9F", "\"\\u0080\\u0085\\u009f\"");
	/* Other UTF-8 as it is: U+00A0 (after the C1 range), e acute, the
	 * replacement character itself, an emoji. */
	assert_escaped("\xC2\xA0\xC3\xA9\xEF\xBF\xBD\xF0\x9F\x98\x80",
	               "\"\xC2\xA0\xC3\xA9\xEF\xBF\xBD\xF0\x9F\x98\x80\"");
	/* Bytes that are not UTF-8 (a stray continuation, a cut sequence, an
	 * overlong '/') as U+FFFD, so the text stays valid JSON. */
	assert_escaped("a\x80" "b\xE2\x82", "\"a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD\"");
	assert_escaped("\xC0\xAF", "\"\xEF\xBF\xBD\"");
}

/* What the writer escapes, the reader gives back unchanged. */
static void test_string_round_trip(void **state)
{
	char text[160];
	size_t length = 0;
	strbuf out = STRBUF_INIT;
	json_value value;
	error_message err;

	(void)state;
	for (int c = 1; c < 0x80; c++)
		text[length++] = (char)c;
	memcpy(text + length, "\xC2\x85\xC3\xA9\xF0\x9F\x98\x80", 9);
	json_add_string(&out, text);
	assert_true(json_parse(out.data, out.length, &value, &err));
	assert_int_equal(value.type, JSON_STRING);
	assert_string_equal(value.string, text);
	json_free(&value);
	strbuf_free(&out);
}

static void test_writer_values_and_nesting(void **state)
{
	strbuf out = STRBUF_INIT;
	json_writer json;
	strlist names = STRLIST_INIT;

	(void)state;
	strlist_add(&names, "a");
	strlist_add(&names, "b\"");
	json_writer_init(&json, &out);
	json_begin_object(&json);
	json_member_string(&json, "s", "x");
	json_member_string(&json, "none", NULL);
	json_member_integer(&json, "i", INT64_MIN);
	json_member_unsigned(&json, "u", UINT64_MAX);
	json_member_bool(&json, "t", true);
	json_member_bool(&json, "f", false);
	json_key(&json, "empty");
	json_begin_object(&json);
	json_end_object(&json);
	json_key(&json, "list");
	json_begin_array(&json);
	json_begin_array(&json);
	json_end_array(&json);
	json_null(&json);
	json_begin_object(&json);
	json_key(&json, "k\n");
	json_strings(&json, &names);
	json_end_object(&json);
	json_integer(&json, -1);
	json_end_array(&json);
	json_key(&json, "no strings");
	json_strings(&json, &(strlist)STRLIST_INIT);
	json_end_object(&json);
	assert_string_equal(out.data,
	                    "{\"s\":\"x\",\"none\":null,\"i\":-9223372036854775808,"
	                    "\"u\":18446744073709551615,\"t\":true,\"f\":false,\"empty\":{},"
	                    "\"list\":[[],null,{\"k\\n\":[\"a\",\"b\\\"\"]},-1],\"no strings\":[]}");
	strlist_free(&names);
	strbuf_free(&out);
}

/* A writer appends: what the strbuf held stays, and a second text on the
 * same buffer (a JSON Lines file) starts without a comma. */
static void test_writer_appends(void **state)
{
	strbuf out = STRBUF_INIT;
	json_writer json;

	(void)state;
	for (int line = 1; line <= 2; line++) {
		json_writer_init(&json, &out);
		json_begin_object(&json);
		json_member_integer(&json, "line", line);
		json_end_object(&json);
		strbuf_add_char(&out, '\n');
	}
	assert_string_equal(out.data, "{\"line\":1}\n{\"line\":2}\n");
	strbuf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_strictness),
		cmocka_unit_test(test_depth_is_bounded),
		cmocka_unit_test(test_integer_overflow_is_not_integer),
		cmocka_unit_test(test_string_escaping),
		cmocka_unit_test(test_string_round_trip),
		cmocka_unit_test(test_writer_values_and_nesting),
		cmocka_unit_test(test_writer_appends),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
