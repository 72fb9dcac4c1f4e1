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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_strictness),
		cmocka_unit_test(test_depth_is_bounded),
		cmocka_unit_test(test_integer_overflow_is_not_integer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
