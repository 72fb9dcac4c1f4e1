/* The shared helpers at the bottom layer: strings, UTF-16, SIDs, key paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "config/base/error.h"
#include "config/base/regpath.h"
#include "config/base/sid.h"
#include "config/base/text.h"

static void test_utf16_round_trip_keeps_surrogate_pairs(void **state)
{
	(void)state;
	const char *text = "kbstuff \xC3\xA9 \xF0\x9F\x98\x80";
	size_t size;
	unsigned char *utf16 = text_utf8_to_utf16le(text, strlen(text), &size);
	assert_int_equal(size, 2 * 12);
	assert_int_equal(utf16[0], 'k');
	assert_int_equal(utf16[1], 0);
	char *back = text_utf16le_to_utf8(utf16, size, NULL);
	assert_string_equal(back, text);
	free(back);
	free(utf16);
}

static void test_utf16_unpaired_surrogate_becomes_replacement(void **state)
{
	(void)state;
	const unsigned char lone_high[] = { 0x00, 0xD8, 'a', 0 };
	char *text = text_utf16le_to_utf8(lone_high, sizeof lone_high, NULL);
	assert_string_equal(text, "\xEF\xBF\xBD" "a");
	free(text);
}

static void test_invalid_utf8_becomes_replacement(void **state)
{
	(void)state;
	size_t size;
	unsigned char *utf16 = text_utf8_to_utf16le("a\xFF" "b", 3, &size);
	assert_int_equal(size, 6);
	assert_int_equal(utf16[2], 0xFD);
	assert_int_equal(utf16[3], 0xFF);
	free(utf16);
}

static void test_case_insensitive_search(void **state)
{
	(void)state;
	assert_true(text_contains_nocase("system32\\DRIVERS\\KBSTUFF.sys", "kbstuff"));
	assert_false(text_contains_nocase("kbdclass", "kbstuff"));
	assert_true(text_equal_nocase("HKLM\\System", "hklm\\SYSTEM"));
	/* A name against one component of a path, as the registry file's key
	 * index compares them. */
	assert_true(text_equal_nocase_n("System", "SYSTEM\\Control", 6));
	assert_false(text_equal_nocase_n("System", "SYSTEM\\Control", 5));
	assert_false(text_equal_nocase_n("Sys", "SYSTEM\\Control", 6));
	assert_true(text_equal_nocase_n("\xC3\xA9t\xC3\xA9", "\xC3\x89T\xC3\x89\\x", 5));
	assert_true(text_equal_nocase_n("", "\\x", 0));
}

static void test_trim(void **state)
{
	(void)state;
	char text[] = " \t value with spaces \r\n";
	assert_string_equal(text_trim(text), "value with spaces");
}

static void test_sid_aliases_and_forms(void **state)
{
	(void)state;
	char sid[SID_TEXT_MAX];
	error_message err;
	assert_true(sid_parse("sy", sid, sizeof sid, &err));
	assert_string_equal(sid, "S-1-5-18");
	assert_true(sid_parse("s-1-5-21-0-0-0-1000", sid, sizeof sid, &err));
	assert_string_equal(sid, "S-1-5-21-0-0-0-1000");
	assert_string_equal(sid_alias_of("S-1-5-32-544"), "BA");
	assert_null(sid_alias_of("S-1-5-21-0-0-0-1000"));
	assert_false(sid_parse("S-1-5", sid, sizeof sid, &err));
	assert_string_equal(err.text, "'S-1-5' is not a SID; expected S-1-... or an SDDL alias such as SY, BA or DU");
	assert_false(sid_is_valid("S-1-5-4294967296"));
	assert_false(sid_is_valid("S-1-5-18-"));
}

static void test_regpath_normalises_roots(void **state)
{
	(void)state;
	char *path;
	error_message err;
	assert_true(regpath_normalize("HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_MOUSE\\", &path, &err));
	assert_string_equal(path, "HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_MOUSE");
	char *long_form = regpath_to_long(path);
	assert_string_equal(long_form, "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_MOUSE");
	assert_string_equal(regpath_leaf(path), "*SMS_MOUSE");
	char *parent = regpath_parent(path);
	assert_string_equal(parent, "HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root");
	free(parent);
	free(long_form);
	free(path);
}

static void test_regpath_rejects_bad_paths(void **state)
{
	(void)state;
	char *path = NULL;
	error_message err;
	assert_false(regpath_normalize("SYSTEM\\CurrentControlSet", &path, &err));
	assert_string_equal(err.text, "'SYSTEM\\CurrentControlSet' is not a registry key; expected HKLM\\... or HKEY_LOCAL_MACHINE\\...");
	assert_false(regpath_normalize("HKLM\\SYSTEM\\\\Enum", &path, &err));
	assert_string_equal(err.text, "'HKLM\\SYSTEM\\\\Enum' has an empty key name; expected names separated by one '\\'");
	assert_null(path);
}

static void test_regpath_scope_is_a_component_boundary(void **state)
{
	(void)state;
	assert_true(regpath_is_within("HKLM\\SYSTEM\\CurrentControlSet\\Enum", "hklm\\system\\currentcontrolset"));
	assert_true(regpath_is_within("HKLM\\SYSTEM\\CurrentControlSet", "HKLM\\SYSTEM\\CurrentControlSet"));
	assert_false(regpath_is_within("HKLM\\SYSTEM\\CurrentControlSet2", "HKLM\\SYSTEM\\CurrentControlSet"));
	assert_false(regpath_is_within("HKLM\\SOFTWARE", "HKLM\\SYSTEM"));
}

/* A set answers for a member and every path below it, whatever the case,
 * never for a sibling whose name starts the same; with marks, it names
 * every member a path is within. */
static void test_regpath_set_holds_paths_below_its_members(void **state)
{
	regpath_set set = REGPATH_SET_INIT;
	bool marks[4] = { false };

	(void)state;
	regpath_set_add(&set, "HKLM\\SYSTEM\\\u00c4rger");
	regpath_set_add(&set, "HKLM\\SYSTEM\\\u00c4rger\\Deep\\Er");
	regpath_set_add(&set, "HKLM\\SOFTWARE\\K");
	assert_true(regpath_set_holds(&set, "hklm\\system\\\u00e4RGER", NULL));
	assert_true(regpath_set_holds(&set, "HKLM\\SOFTWARE\\K\\Sub\\Sub", NULL));
	assert_false(regpath_set_holds(&set, "HKLM\\SOFTWARE\\K2", NULL));
	assert_false(regpath_set_holds(&set, "HKLM\\SOFTWARE", NULL));
	assert_false(regpath_set_holds(&set, "HKLM", NULL));
	assert_true(regpath_set_holds(&set, "HKLM\\SYSTEM\\\u00c4rger\\deep\\er\\x", marks));
	assert_true(marks[0] && marks[1] && !marks[2] && !marks[3]);
	regpath_set_free(&set);
}

static void test_error_prefix_keeps_message(void **state)
{
	(void)state;
	error_message err;
	error_set(&err, "access denied");
	error_prefix(&err, "%s", "HKLM\\SYSTEM");
	assert_string_equal(err.text, "HKLM\\SYSTEM: access denied");
}

/* Control characters from logs, the registry or result files: escaped,
 * UTF-8 text kept, a second pass changing nothing. */
static void test_control_characters_are_escaped(void **state)
{
	const char *raw = "a\tb\x1b[31mc\x7f \xc2\x9b caf\xc3\xa9 \xef\xbf\xbd \xc0\x9b\xff\nz\\";
	const char *once = "a\\x09b\\x1b[31mc\\x7f \\u009b caf\xc3\xa9 \xef\xbf\xbd \\xc0\\x9b\\xff";

	(void)state;
	char *escaped = text_escaped(raw, false);
	char *expected = NULL;
	strbuf text = STRBUF_INIT;
	strbuf_printf(&text, "%s\\x0az\\", once);
	expected = strbuf_detach(&text);
	assert_string_equal(escaped, expected);
	char *again = text_escaped(escaped, false);
	assert_string_equal(again, escaped);
	free(again);
	free(escaped);
	free(expected);
	escaped = text_escaped(raw, true);
	strbuf_printf(&text, "%s\nz\\", once);
	expected = strbuf_detach(&text);
	assert_string_equal(escaped, expected);
	free(escaped);
	free(expected);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf16_round_trip_keeps_surrogate_pairs),
		cmocka_unit_test(test_utf16_unpaired_surrogate_becomes_replacement),
		cmocka_unit_test(test_invalid_utf8_becomes_replacement),
		cmocka_unit_test(test_case_insensitive_search),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_sid_aliases_and_forms),
		cmocka_unit_test(test_regpath_normalises_roots),
		cmocka_unit_test(test_regpath_rejects_bad_paths),
		cmocka_unit_test(test_regpath_scope_is_a_component_boundary),
		cmocka_unit_test(test_regpath_set_holds_paths_below_its_members),
		cmocka_unit_test(test_error_prefix_keeps_message),
		cmocka_unit_test(test_control_characters_are_escaped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
