/* The registry file reader follows regedit's import rules: Wine's
 * programs/reg/tests/import.c vectors (checked there against Windows),
 * each accepted, skipped with its warning, or refused with its error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "checks/registry/registry.h"
#include "tests/support/testregistry.h"
#include "tests/support/testsupport.h"
#include "config/base/text.h"

typedef test_temp_file fixture;

static int setup(void **state)
{
	*state = test_temp_file_new("import.reg");
	return 0;
}

static int teardown(void **state)
{
	test_temp_file_free(*state);
	return 0;
}

#define KEY "HKLM\\T"
/* Header, blank line, key: a vector's first line is line 4. */
#define R4 "REGEDIT4\n\n[HKEY_LOCAL_MACHINE\\T]\n"
#define R5 "Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\T]\n"
#define SKIP "skipped, as regedit skips it: "
#define NO_LINE "' is no .reg line; expected [KEY], \"name\"=value, @=value, a comment or a " \
                "blank line"
#define NOT_HEX "' is not hex data; regedit drops value "
#define BAD_HEX "bad hex data at '"
#define BAD_HEX_END "'; expected hex bytes separated by commas"
#define NO_TYPE "' is of no type regedit knows; expected \"string\", dword:, hex: or hex(N):, in " \
                "lower case"
#define NO_DWORD "' is no dword; expected dword: and 1 to 8 hex digits"
#define AFTER_STRING "' follows the string; only a ; comment may"
#define AFTER_BACKSLASH "' follows the '\\' that continues the hex data; only a ; comment may"

static registry *load(const fixture *f, const char *text)
{
	test_write_text(f->path, text);
	return test_open_registry_file(f->path);
}

/* The file as regedit 5 writes it: UTF-16LE with a BOM. */
static registry *load_utf16(const fixture *f, const char *utf8)
{
	size_t size;
	unsigned char *wide = text_utf8_to_utf16le(utf8, strlen(utf8), &size);
	strbuf bytes = STRBUF_INIT;

	strbuf_add(&bytes, "\xFF\xFE", 2);
	strbuf_add(&bytes, (const char *)wide, size);
	test_write_file(f->path, bytes.data, bytes.length);
	strbuf_free(&bytes);
	free(wide);
	return test_open_registry_file(f->path);
}

/* The warnings are exactly the NULL-terminated "LINE: text" list, each
 * with the file's path in front; the skipped lines are those whose
 * warning says so. */
static void expect_warnings(const fixture *f, registry *reg, ...)
{
	const strlist *warnings, *skipped;
	size_t count = 0, skips = 0;
	va_list args;

	registry_notes(reg, &warnings, &skipped);
	va_start(args, reg);
	for (const char *expected = va_arg(args, const char *); expected != NULL;
	     expected = va_arg(args, const char *), count++) {
		strbuf full = STRBUF_INIT;
		strbuf_printf(&full, "%s:%s", f->path, expected);
		if (count >= warnings->count)
			fail_msg("missing warning %s", full.data);
		assert_string_equal(warnings->items[count], full.data);
		if (strstr(expected, ": " SKIP) != NULL) {
			strbuf where = STRBUF_INIT;
			strbuf_printf(&where, "%s:%.*s", f->path, (int)strcspn(expected, ":"), expected);
			assert_true(skips < skipped->count);
			assert_string_equal(skipped->items[skips++], where.data);
			strbuf_free(&where);
		}
		strbuf_free(&full);
	}
	va_end(args);
	if (count < warnings->count)
		fail_msg("unexpected warning %s", warnings->items[count]);
	assert_int_equal(skipped->count, skips);
}

static registry_value *value_of(registry *reg, const char *key, const char *name)
{
	registry_value *value = NULL;
	bool found;
	error_message err = { "" };

	if (!registry_get_value(reg, key, REGISTRY_VIEW_64, name, &value, &found, &err))
		fail_msg("get_value %s failed: %s", name, err.text);
	return value;
}

static void expect_bytes_in(registry *reg, const char *key, const char *name, uint32_t type,
                            const void *bytes, size_t size)
{
	registry_value *value = value_of(reg, key, name);

	if (value == NULL)
		fail_msg("no value %s in %s", name, key);
	assert_int_equal(value->type, type);
	assert_int_equal(value->size, size);
	assert_memory_equal(value->data, bytes, size);
	registry_value_free(value);
}

static void expect_bytes(registry *reg, const char *name, uint32_t type, const void *bytes,
                         size_t size)
{
	expect_bytes_in(reg, KEY, name, type, bytes, size);
}

/* UTF-16LE data whose units are the bytes of ascii (NULs included). */
static void expect_wide(registry *reg, const char *name, uint32_t type, const char *ascii,
                        size_t units)
{
	unsigned char *wide = xcalloc(units + 1, 2);

	for (size_t i = 0; i < units; i++)
		wide[2 * i] = (unsigned char)ascii[i];
	expect_bytes(reg, name, type, wide, 2 * units);
	free(wide);
}

/* A REG_SZ of ASCII text, as Windows stores it. */
static void expect_sz(registry *reg, const char *name, const char *ascii)
{
	expect_wide(reg, name, REGISTRY_SZ, ascii, strlen(ascii) + 1);
}

static void expect_dword(registry *reg, const char *name, uint32_t number)
{
	unsigned char bytes[4] = { (unsigned char)number, (unsigned char)(number >> 8),
	                           (unsigned char)(number >> 16), (unsigned char)(number >> 24) };

	expect_bytes(reg, name, REGISTRY_DWORD, bytes, sizeof bytes);
}

static void expect_absent_in(registry *reg, const char *key, const char *name)
{
	registry_value *value = value_of(reg, key, name);

	if (value != NULL)
		fail_msg("value %s exists in %s", name, key);
}

static void expect_absent(registry *reg, const char *name)
{
	expect_absent_in(reg, KEY, name);
}

/* key's subkeys are exactly the NULL-terminated names, in order. */
static void expect_subkeys(registry *reg, const char *key, ...)
{
	strlist names = STRLIST_INIT;
	va_list args;
	size_t count = 0;

	assert_true(registry_subkeys(reg, key, &names, NULL));
	va_start(args, key);
	for (const char *name = va_arg(args, const char *); name != NULL;
	     name = va_arg(args, const char *)) {
		assert_true(count < names.count);
		assert_string_equal(names.items[count++], name);
	}
	va_end(args);
	assert_int_equal(names.count, count);
	strlist_free(&names);
}

static void expect_refused(const fixture *f, const char *text, const char *expected)
{
	test_write_text(f->path, text);
	test_expect_registry_file_error(f->path, expected);
}

/* ---- the header */

/* "parameters" with the letters whose bit is set in pattern upper-cased. */
static void spell(char *name, unsigned pattern)
{
	strcpy(name, "parameters");
	for (size_t i = 0; name[i] != '\0'; i++)
		if (pattern >> i & 1u)
			name[i] = (char)(name[i] - 'a' + 'A');
}

/* Keys and values share the text of a name written the same before them,
 * never one spelled differently: each keeps its spelling. More spellings
 * than the document remembers names, so some must meet in one place. */
static void test_names_keep_their_spelling_when_shared(void **state)
{
	enum { KEYS = 300 };
	fixture *f = *state;
	strbuf text = STRBUF_INIT;
	char name[16];
	error_message err = { "" };

	strbuf_add_string(&text, R5);
	for (unsigned i = 0; i < KEYS; i++) {
		spell(name, i);
		strbuf_printf(&text, "[HKEY_LOCAL_MACHINE\\T\\K%u\\%s]\n\"%s\"=dword:%x\n", i, name,
		              name, i);
	}
	registry *reg = load(f, text.data);
	for (unsigned i = 0; i < KEYS; i++) {
		strbuf key = STRBUF_INIT;
		registry_value *values;
		size_t count;
		spell(name, i);
		strbuf_printf(&key, KEY "\\K%u", i);
		expect_subkeys(reg, key.data, name, NULL);
		strbuf_printf(&key, "\\%s", name);
		assert_true(registry_values(reg, key.data, &values, &count, &err));
		assert_int_equal(count, 1);
		assert_string_equal(values[0].name, name);
		registry_values_free(values, count);
		strbuf_free(&key);
	}
	registry_close(reg);
	strbuf_free(&text);
}

static void test_headers(void **state)
{
	fixture *f = *state;
	const char *accepted[] = { "REGEDIT4\n", " REGEDIT4\n", "\tREGEDIT4\n", " \t REGEDIT4\n",
	                           "Windows Registry Editor Version 5.00\n",
	                           "  Windows Registry Editor Version 5.00\n" };

	for (size_t i = 0; i < sizeof accepted / sizeof accepted[0]; i++) {
		strbuf text = STRBUF_INIT;
		strbuf_printf(&text, "%s\n[HKEY_LOCAL_MACHINE\\T]\n\"Test\"=\"Value\"\n", accepted[i]);
		registry *reg = load(f, text.data);
		expect_sz(reg, "Test", "Value");
		expect_warnings(f, reg, NULL);
		registry_close(reg);
		strbuf_free(&text);
	}
#define EXPECTED_HEADER "; expected 'Windows Registry Editor Version 5.00' or 'REGEDIT4'"
	expect_refused(f, "regedit4\n", "1: 'regedit4' is not a .reg file header" EXPECTED_HEADER);
	expect_refused(f, "Regedit4\n", "1: 'Regedit4' is not a .reg file header" EXPECTED_HEADER);
	expect_refused(f, "\nREGEDIT4\n", "1: '' is not a .reg file header" EXPECTED_HEADER);
	expect_refused(f, "AREGEDIT4\n", "1: 'AREGEDIT4' is not a .reg file header" EXPECTED_HEADER);
	expect_refused(f, "Windows Registry Editor Version 4.00\n",
	               "1: 'Windows Registry Editor Version 4.00' is not a .reg file header"
	               EXPECTED_HEADER);
	expect_refused(f, "WINDOWS REGISTRY EDITOR VERSION 5.00\n",
	               "1: 'WINDOWS REGISTRY EDITOR VERSION 5.00' is not a .reg file header"
	               EXPECTED_HEADER);
	expect_refused(f, "Windows Registry Editor version 5.00\n",
	               "1: 'Windows Registry Editor version 5.00' is not a .reg file header"
	               EXPECTED_HEADER);
	expect_refused(f, "REGEDIT\n", "1: 'REGEDIT' is a Windows 3.1 registration file, which holds "
	                               "HKEY_CLASSES_ROOT only" EXPECTED_HEADER);
	const char *imports_nothing[] = { "REGEDIT3", "REGEDIT5", "REGEDIT9", "REGEDIT 4",
	                                  "REGEDIT4FOO", "REGEDIT4 FOO", "REGEDIT4 " };
	for (size_t i = 0; i < sizeof imports_nothing / sizeof imports_nothing[0]; i++) {
		strbuf text = STRBUF_INIT, expected = STRBUF_INIT;
		strbuf_printf(&text, "%s\n\n[HKEY_LOCAL_MACHINE\\T]\n\"Test\"=\"Value\"\n",
		              imports_nothing[i]);
		strbuf_printf(&expected, "1: '%s' is a header regedit accepts but then imports "
		                         "nothing" EXPECTED_HEADER, imports_nothing[i]);
		expect_refused(f, text.data, expected.data);
		strbuf_free(&text);
		strbuf_free(&expected);
	}
}

/* ---- comments */

static void test_comments_between_values(void **state)
{
	fixture *f = *state;
	registry *reg = load(f, R4
		"\"Wine1\"=dword:00000782\n"
		"\n"
		"\"Wine2\"=\"Test Value\"\n"
		"\"Wine3\"=hex(7):4c,69,6e,65,20,\\\n"
		"  63,6f,6e,63,61,74,65,6e,61,74,69,6f,6e,00,00\n"
		"#comment\n"
		"@=\"Test\"\n"
		";comment\n"
		"\n"
		"\"Wine4\"=dword:12345678\n"
		"#comment\\\n"
		"\"Wine8\"=\"Line 1\"\n"
		";comment\\\n"
		"\"Wine9\"=\"Line 2\"\n");

	expect_dword(reg, "Wine1", 0x782);
	expect_sz(reg, "Wine2", "Test Value");
	expect_wide(reg, "Wine3", REGISTRY_MULTI_SZ, "Line concatenation\0", 20);
	expect_sz(reg, "", "Test");
	expect_dword(reg, "Wine4", 0x12345678);
	expect_sz(reg, "Wine8", "Line 1");
	expect_sz(reg, "Wine9", "Line 2");
	expect_warnings(f, reg, NULL);
	registry_close(reg);
}

static void test_comments_after_data(void **state)
{
	fixture *f = *state;
	registry *reg = load(f, R4
		"\"Wine10\"=\"Value 1\"#comment\n"
		"\"Wine11\"=\"Value 2\";comment\n"
		"\"Wine12\"=dword:01020304 #comment\n"
		"\"Wine13\"=dword:02040608 ;comment\n"
		"#\"Comment1\"=\"Value 1\"\n"
		";\"Comment2\"=\"Value 2\"\n"
		"    #\"Comment3\"=\"Value 3\"\n"
		"    ;\"Comment4\"=\"Value 4\"\n"
		"\"Wine18\"=\"Value 6\"#\"Comment5\"=\"Value 5\"\n"
		"\"Wine19\"=\"Value 7\";\"Comment6\"=\"Value 6\"\n"
		"\"Wine39a\"=\"Value1\"  ;comment\n"
		"\"Wine39b\"=\"Value2\"\t\t;comment\n"
		"\"Wine39c\"=\"Value3\"  #comment\n"
		"\"Wine39d\"=\"Value4\"\t\t#comment\n");

	expect_absent(reg, "Wine10");
	expect_sz(reg, "Wine11", "Value 2");
	expect_absent(reg, "Wine12");
	expect_dword(reg, "Wine13", 0x2040608);
	for (int i = 1; i <= 6; i++) {
		char name[16];
		snprintf(name, sizeof name, "Comment%d", i);
		expect_absent(reg, name);
	}
	expect_absent(reg, "Wine18");
	expect_sz(reg, "Wine19", "Value 7");
	expect_sz(reg, "Wine39a", "Value1");
	expect_sz(reg, "Wine39b", "Value2");
	expect_absent(reg, "Wine39c");
	expect_absent(reg, "Wine39d");
	expect_warnings(f, reg,
		"4: " SKIP "value \"Wine10\": '#comment" AFTER_STRING,
		"6: " SKIP "value \"Wine12\": 'dword:01020304 #comment" NO_DWORD,
		"12: " SKIP "value \"Wine18\": '#\"Comment5\"=\"Value 5\"" AFTER_STRING,
		"16: " SKIP "value \"Wine39c\": '#comment" AFTER_STRING,
		"17: " SKIP "value \"Wine39d\": '#comment" AFTER_STRING, NULL);
	registry_close(reg);
}

static void test_comment_characters_in_data(void **state)
{
	fixture *f = *state;
	registry *reg = load(f, R4
		"\"Wine20\"=#\"Value 8\"\n"
		"\"Wine21\"=;\"Value 9\"\n"
		"\"Wine22\"=\"#comment1\"\n"
		"\"Wine23\"=\";comment2\"\n"
		"\"Wine24\"=\"Value#comment3\"\n"
		"\"Wine25\"=\"Value;comment4\"\n"
		"\"Wine26\"=\"Value #comment5\"\n"
		"\"Wine27\"=\"Value ;comment6\"\n"
		"\"Wine28\"=#dword:00000001\n"
		"\"Wine29\"=;dword:00000002\n"
		"\"Wine30\"=dword:00000003#comment\n"
		"\"Wine31\"=dword:00000004;comment\n");

	expect_absent(reg, "Wine20");
	expect_absent(reg, "Wine21");
	expect_sz(reg, "Wine22", "#comment1");
	expect_sz(reg, "Wine23", ";comment2");
	expect_sz(reg, "Wine24", "Value#comment3");
	expect_sz(reg, "Wine25", "Value;comment4");
	expect_sz(reg, "Wine26", "Value #comment5");
	expect_sz(reg, "Wine27", "Value ;comment6");
	expect_absent(reg, "Wine28");
	expect_absent(reg, "Wine29");
	expect_absent(reg, "Wine30");
	expect_dword(reg, "Wine31", 4);
	expect_warnings(f, reg,
		"4: " SKIP "value \"Wine20\": '#\"Value 8\"" NO_TYPE,
		"5: " SKIP "value \"Wine21\": ';\"Value 9\"" NO_TYPE,
		"12: " SKIP "value \"Wine28\": '#dword:00000001" NO_TYPE,
		"13: " SKIP "value \"Wine29\": ';dword:00000002" NO_TYPE,
		"14: " SKIP "value \"Wine30\": 'dword:00000003#comment" NO_DWORD, NULL);
	registry_close(reg);
}

/* ---- dword */

static void test_dword_forms(void **state)
{
	fixture *f = *state;
	registry *reg = load(f, R4
		"\"Wine32a\"=dword:1\n"
		"\"Wine32b\"=dword:4444\n"
		"\"Wine33a\"=dword:\n"
		"\"Wine33b\"=dword:hello\n"
		"\"Wine33c\"=dword:123456789\n"
		"\"Wine33d\"=dword:012345678\n"
		"\"Wine33e\"=dword:000000001\n"
		"\"Wine34a\"=dword:12345678abc\n"
		"\"Wine34b\"=dword:12345678 abc\n"
		"\"Wine35a\"=dword:0x123\n"
		"\"Wine35b\"=dword:123 456\n"
		"\"Wine35c\"=dword:1234 5678\n"
		"\"Wine36a\"=dword:1234;5678\n"
		"\"Wine36b\"=dword:1234 ;5678\n"
		"\"Wine36c\"=dword:1234#5678\n"
		"\"Wine36d\"=dword:1234 #5678\n"
		"\"Wine9a\"=dword:  00000008\n"
		"\"Wine9b\"=dword:\t\t00000008\n"
		"\"Upper\"=DWORD:00000008\n");

	expect_dword(reg, "Wine32a", 1);
	expect_dword(reg, "Wine32b", 0x4444);
	expect_dword(reg, "Wine36a", 0x1234);
	expect_dword(reg, "Wine36b", 0x1234);
	expect_dword(reg, "Wine9a", 8);
	expect_dword(reg, "Wine9b", 8);
	expect_absent(reg, "Upper");
	expect_warnings(f, reg,
		"6: " SKIP "value \"Wine33a\": 'dword:" NO_DWORD,
		"7: " SKIP "value \"Wine33b\": 'dword:hello" NO_DWORD,
		"8: " SKIP "value \"Wine33c\": 'dword:123456789" NO_DWORD,
		"9: " SKIP "value \"Wine33d\": 'dword:012345678" NO_DWORD,
		"10: " SKIP "value \"Wine33e\": 'dword:000000001" NO_DWORD,
		"11: " SKIP "value \"Wine34a\": 'dword:12345678abc" NO_DWORD,
		"12: " SKIP "value \"Wine34b\": 'dword:12345678 abc" NO_DWORD,
		"13: " SKIP "value \"Wine35a\": 'dword:0x123" NO_DWORD,
		"14: " SKIP "value \"Wine35b\": 'dword:123 456" NO_DWORD,
		"15: " SKIP "value \"Wine35c\": 'dword:1234 5678" NO_DWORD,
		"18: " SKIP "value \"Wine36c\": 'dword:1234#5678" NO_DWORD,
		"19: " SKIP "value \"Wine36d\": 'dword:1234 #5678" NO_DWORD,
		"22: " SKIP "value \"Upper\": 'DWORD:00000008" NO_TYPE, NULL);
	registry_close(reg);
}

/* ---- strings and names */

static void test_strings(void **state)
{
	fixture *f = *state;
	registry *reg = load(f, R4
		"\"Wine37a\"=\"foo\"bar\"\n"
		"\"Wine37b\"=\"foo\"\"bar\"\n"
		"\"Empty string\"=\"\"\n"
		"\"\"=\"Default Value Name\"\n"
		"\"Test38a\"=\n"
		"\"Test38b\"=\\\"\n"
		"\"Test38c\"=\\\"Value\\\"\n"
		"\"TestNoBeginQuote\"=Asdffdsa\"\n"
		"\"TestNoEndQuote\"=\"Asdffdsa\n"
		"NameNoBeginQuote\"=\"Asdffdsa\"\n"
		"\"NameNoEndQuote=\"Asdffdsa\"\n"
		"\"MixedQuotes=Asdffdsa\"\n"
		"\"Wine41a\"=dword:1234\\\n"
		"5678\n"
		"\"Wine41b\"=\"Test \\\n"
		"Value\"\n"
		"\"double\\\"quote\"=\"valid \\\"or\\\" not\"\n"
		"\"single'quote\"=dword:00000008\n"
		"\"Wine\\\n"
		"42a\"=\"Value 1\"\n"
		"\"Wine42b\"=\"Value 2\"\n"
		"\"Wine\n"
		"\\42c\"=\"Value 3\"\n"
		"\"count/up\"=\"one/two/three\"\n"
		"\"\\\\foo\\\\bar\"=\"\"\n");

	expect_absent(reg, "Wine37a");
	expect_absent(reg, "Wine37b");
	expect_sz(reg, "Empty string", "");
	expect_sz(reg, "", "Default Value Name");
	expect_absent(reg, "Test38a");
	expect_absent(reg, "Test38b");
	expect_absent(reg, "Test38c");
	expect_absent(reg, "TestNoBeginQuote");
	expect_absent(reg, "TestNoEndQuote");
	expect_absent(reg, "NameNoBeginQuote");
	expect_absent(reg, "NameNoEndQuote");
	expect_absent(reg, "NameNoEndQuote=");
	expect_absent(reg, "MixedQuotes=Asdffdsa");
	expect_absent(reg, "Wine41a");
	expect_absent(reg, "Wine41b");
	expect_sz(reg, "double\"quote", "valid \"or\" not");
	expect_dword(reg, "single'quote", 8);
	expect_absent(reg, "Wine42a");
	expect_sz(reg, "Wine42b", "Value 2");
	expect_absent(reg, "Wine42c");
	expect_sz(reg, "count/up", "one/two/three");
	expect_sz(reg, "\\foo\\bar", "");
	expect_warnings(f, reg,
		"4: " SKIP "value \"Wine37a\": 'bar\"" AFTER_STRING,
		"5: " SKIP "value \"Wine37b\": '\"bar\"" AFTER_STRING,
		"8: " SKIP "value \"Test38a\": '" NO_TYPE,
		"9: " SKIP "value \"Test38b\": '\\\"" NO_TYPE,
		"10: " SKIP "value \"Test38c\": '\\\"Value\\\"" NO_TYPE,
		"11: " SKIP "value \"TestNoBeginQuote\": 'Asdffdsa\"" NO_TYPE,
		"12: " SKIP "value \"TestNoEndQuote\": the string has no closing '\"'",
		"13: " SKIP "'NameNoBeginQuote\"=\"Asdffdsa\"" NO_LINE,
		"14: " SKIP "value \"NameNoEndQuote=\": there is no '=' after the value name",
		"15: " SKIP "value \"MixedQuotes=Asdffdsa\": there is no '=' after the value name",
		"16: " SKIP "value \"Wine41a\": 'dword:1234\\" NO_DWORD,
		"17: " SKIP "'5678" NO_LINE,
		"18: " SKIP "value \"Wine41b\": the string ends in '\\' and has no closing '\"'",
		"19: " SKIP "'Value\"" NO_LINE,
		"22: " SKIP "the value name ends in '\\' and has no closing '\"'",
		"23: " SKIP "'42a\"=\"Value 1\"" NO_LINE,
		"25: " SKIP "the value name has no closing '\"'",
		"26: " SKIP "'\\42c\"=\"Value 3\"" NO_LINE, NULL);
	registry_close(reg);
}

static void test_escapes(void **state)
{
	fixture *f = *state;
	registry *reg = load(f, R4
		"\"Wine69a\"=\"\\\\0\"\n"
		"\"Wine69e\"=\"Value3\\\\0Value4\"\n"
		"\"Wine70a\"=\"\\0\"\n"
		"\"Wine70e\"=\"Value3\\0Value4\"\n"
		"\"Breaks\"=\"a\\nb\\rc\"\n"
		"\"Other\"=\"a\\qb\\t\"\n"
		"\"Name\\0\"=\"x\"\n");

	expect_sz(reg, "Wine69a", "\\0");
	expect_sz(reg, "Wine69e", "Value3\\0Value4");
	expect_absent(reg, "Wine70a");
	expect_absent(reg, "Wine70e");
	expect_sz(reg, "Breaks", "a\nb\rc");
	expect_sz(reg, "Other", "aqbt");
	expect_warnings(f, reg,
		"6: " SKIP "value \"Wine70a\": the string holds \\0, which regedit does not import",
		"7: " SKIP "value \"Wine70e\": the string holds \\0, which regedit does not import",
		"9: warning: unknown escape '\\q' in the string is read as 'q', as regedit reads it",
		"10: " SKIP "the value name holds \\0, which regedit does not import", NULL);
	registry_close(reg);
}

/* ---- hex data */

static void test_hex_continuation_and_comments(void **state)
{
	fixture *f = *state;
	registry *reg = load(f, R4
		"\"Wine14\"=hex(7):4c,69,6e,65,20,\\\n"
		"  #comment\n"
		"  63,6f,6e,63,61,74,65,6e,61,74,69,6f,6e,00,00\n"
		"\"Wine15\"=\"A valid line\"\n"
		"\"Wine16\"=hex(7):4c,69,6e,65,20,\\\n"
		"  ;comment\n"
		"  63,6f,6e,63,61,74,65,6e,61,74,69,6f,6e,00,00\n"
		"\"Wine17\"=\"Another valid line\"\n"
		"\"Multi-Line2\"=hex(7):4c,69,6e,65,20,\\\n"
		"  63,6f,6e,\\;comment\n"
		"  63,61,74,;comment\n"
		"  65,6e,61,74,69,6f,6e,00,00\n"
		"\"Multi-Line3\"=hex(7):4c,69,6e,65,20\\\n"
		",63,6f,6e,63,61,74,65,6e,61,74,69,6f,6e,00,00\n"
		"\"Multi-Line8\"=hex(7):4c,69,6e,\\;#comment\n"
		"  65,20,\\;#comment\n"
		"  63,6f,6e,63,61,74,65,6e,61,74,69,6f,6e,00,00\n"
		"\"Multi-Line9\"=hex(7):4c,69,6e,\\;comment\n"
		"  65,20,\\#comment\n"
		"  63,6f,6e,63,61,74,65,6e,61,74,69,6f,6e,00,00\n"
		"\"Multi-Line10\"=hex(7):4c,69,6e,65,20,\\\n"
		"  63,6f,6e,\\;comment\n"
		"  63,61,74,\\\n"
		"\n"
		"  65,6e,\\;comment\n"
		"\t \t\n"
		"  61,74,69,6f,6e,00,00\n");

	expect_absent(reg, "Wine14");
	expect_sz(reg, "Wine15", "A valid line");
	expect_wide(reg, "Wine16", REGISTRY_MULTI_SZ, "Line concatenation\0", 20);
	expect_sz(reg, "Wine17", "Another valid line");
	expect_wide(reg, "Multi-Line2", REGISTRY_MULTI_SZ, "Line concat", 12);
	expect_absent(reg, "Multi-Line3");
	expect_wide(reg, "Multi-Line8", REGISTRY_MULTI_SZ, "Line concatenation\0", 20);
	expect_absent(reg, "Multi-Line9");
	expect_wide(reg, "Multi-Line10", REGISTRY_MULTI_SZ, "Line concatenation\0", 20);
	expect_warnings(f, reg,
		"5: " SKIP "'#comment" NOT_HEX "\"Wine14\" continued from line 4 with it",
		"6: " SKIP "'63,6f,6e,63,61,74,65,6e,61,74,69,6f,6e,00,00" NO_LINE,
		"15: " SKIP "'65,6e,61,74,69,6f,6e,00,00" NO_LINE,
		"16: " SKIP "value \"Multi-Line3\": " BAD_HEX "\\" BAD_HEX_END,
		"17: " SKIP "',63,6f,6e,63,61,74,65,6e,61,74,69,6f,6e,00,00" NO_LINE,
		"22: " SKIP "'#comment" AFTER_BACKSLASH "; regedit drops value \"Multi-Line9\" "
		"continued from line 21 with it",
		"23: " SKIP "'63,6f,6e,63,61,74,65,6e,61,74,69,6f,6e,00,00" NO_LINE, NULL);
	registry_close(reg);
}

/* A line that is not hex data ends the value, and regedit drops both:
 * the next value, a key header, a comment starting with '#'. */
static void test_hex_continuation_broken_off(void **state)
{
	fixture *f = *state;
	registry *reg = load(f, R4
		"\"Wine40a\"=hex(2):4c,69,6e,65,00\n"
		"\"Wine40c\"=hex(2):4c,69,6e,65\\\n"
		"\"Wine40d\"=\"Value 2\"\n"
		"\"Wine40e\"=hex(2):4c,69,6e,65,\\\n"
		"\"Wine40f\"=\"Value 3\"\n"
		"\"Wine55c\"=hex(2):4c,69,6e,65,20,\\\n"
		";comment\n"
		"\"Wine55d\"=\"Test value\"\n"
		"\"Wine55e\"=hex(2):4c,69,6e,65,20,\\\n"
		"#comment\n"
		"\"Wine55f\"=\"Test value\"\n"
		"\"Wine58a\"=hex(2):4c,69,6e,65,20,\\\n"
		"@=\"Default value 1\"\n"
		"\"Wine59a\"=hex:11,22,33,\\\n"
		"\\\n"
		"  44,55,66\n"
		"\"Wine54a\"=hex(2):4c,69,6e,65,20,\\\n"
		"[HKEY_LOCAL_MACHINE\\T\\Subkey1]\n"
		"\"After\"=\"still in T\"\n");

	expect_wide(reg, "Wine40a", REGISTRY_EXPAND_SZ, "Line", 5);
	expect_absent(reg, "Wine40c");
	expect_sz(reg, "Wine40d", "Value 2");
	expect_absent(reg, "Wine40e");
	expect_absent(reg, "Wine40f");
	expect_absent(reg, "Wine55c");
	expect_absent(reg, "Wine55d");
	expect_absent(reg, "Wine55e");
	expect_sz(reg, "Wine55f", "Test value");
	expect_absent(reg, "Wine58a");
	expect_absent(reg, "");
	expect_absent(reg, "Wine59a");
	expect_absent(reg, "Wine54a");
	assert_false(registry_key_exists(reg, KEY "\\Subkey1"));
	expect_sz(reg, "After", "still in T");
	expect_warnings(f, reg,
		"5: " SKIP "value \"Wine40c\": " BAD_HEX "\\" BAD_HEX_END,
		"8: " SKIP "'\"Wine40f\"=\"Value 3\"" NOT_HEX "\"Wine40e\" continued from line 7 with it",
		"11: " SKIP "'\"Wine55d\"=\"Test value\"" NOT_HEX "\"Wine55c\" continued from line 9 "
		"with it",
		"13: " SKIP "'#comment" NOT_HEX "\"Wine55e\" continued from line 12 with it",
		"16: " SKIP "'@=\"Default value 1\"" NOT_HEX "\"Wine58a\" continued from line 15 with it",
		"18: " SKIP "'\\" NOT_HEX "\"Wine59a\" continued from line 17 with it",
		"19: " SKIP "'44,55,66" NO_LINE,
		"21: " SKIP "'[HKEY_LOCAL_MACHINE\\T\\Subkey1]" NOT_HEX "\"Wine54a\" continued from line "
		"20 with it", NULL);
	registry_close(reg);
}

/* Wine43: where a "\" may stand, on REG_NONE data. */
static void test_hex_backslash_places(void **state)
{
	fixture *f = *state;
	registry *reg = load(f, R4
		"\"Wine43a\"=hex(0):56,00,61,00,6c,00,75,00,65,00,00,00\n"
		"\"Wine43b\"=hex(0):56,00,61,00,6c,00,\\\n"
		"  75,00,65,00,00,00\n"
		"\"Wine43c\"=hex(0):56,00,61,00,6c,00\\\n"
		",75,00,65,00,00,00\n"
		"\"Wine43f\"=hex(0):56,00,61,00,6c,00,7\\\n"
		"5,00,65,00,00,00\n"
		"\"Wine43h\"=hex(0):56,00,61,00,\\;comment\n"
		"  6c,00,75,00,\\\n"
		"  65,00,00,00\n"
		"\"Wine43i\"=hex(0):56,00,61,00,\\;comment\n"
		"  6c,00,75,00,\n"
		"  65,00,00,00\n"
		"\"Wine48a\"=hex(7):4c,69,6e,65,20,  \\\n"
		"  63,6f,6e,63,61,74,65,6e,61,74,69,6f,6e,00,00\n"
		"\"Wine48b\"=hex(7):4c,69,6e,65,20,\t\\\n"
		"  63,6f,6e,63,61,74,65,6e,61,74,69,6f,6e,00,00\n"
		"\"Wine52a\"=hex(2):25,48\\,4f,4d,45,25,00\n"
		"\"Wine52b\"=hex(2):25,48,\\4f,4d,45,25,00\n"
		"\"Wine52e\"=hex(2):\\25,48,4f,4d,45,25,00\n"
		"\"Wine52k\"=hex(2):,\\\n"
		"  25,48,4f,4d,45,25,00\n"
		"\"Wine52l\"=hex(2):\\\n"
		"  25,48,4f,4d,45,25,00\n"
		"\"Wine53c\"=hex(2):25,48,4f,4d,45,25,5c,  \\  ;comment\n"
		"  25,50,41,54,48,25,00\n"
		"\"Wine53d\"=hex(2):25,48,4f,4d,45,25,5c  \\  ;comment\n"
		"  25,50,41,54,48,25,00\n"
		"\"Wine61a\"=hex(0):25,48,4f,4d,45,25,5c,/\n"
		"\"Wine63b\"=hex(7):4c,69,6e,65,20,\\\n"
		"  63,,6f,6e,63,61,74,65,6e,61,74,69,6f,6e,00,00\n");
	static const unsigned char value[] = "V\0a\0l\0u\0e\0\0";

	expect_bytes(reg, "Wine43a", REGISTRY_NONE, value, 12);
	expect_bytes(reg, "Wine43b", REGISTRY_NONE, value, 12);
	expect_absent(reg, "Wine43c");
	expect_absent(reg, "Wine43f");
	expect_bytes(reg, "Wine43h", REGISTRY_NONE, value, 12);
	expect_bytes(reg, "Wine43i", REGISTRY_NONE, value, 8);
	expect_wide(reg, "Wine48a", REGISTRY_MULTI_SZ, "Line concatenation\0", 20);
	expect_wide(reg, "Wine48b", REGISTRY_MULTI_SZ, "Line concatenation\0", 20);
	expect_absent(reg, "Wine52a");
	expect_absent(reg, "Wine52b");
	expect_absent(reg, "Wine52e");
	expect_absent(reg, "Wine52k");
	expect_wide(reg, "Wine52l", REGISTRY_EXPAND_SZ, "%HOME%", 7);
	expect_wide(reg, "Wine53c", REGISTRY_EXPAND_SZ, "%HOME%\\%PATH%", 14);
	expect_absent(reg, "Wine53d");
	expect_absent(reg, "Wine61a");
	expect_absent(reg, "Wine63b");
	expect_warnings(f, reg,
		"7: " SKIP "value \"Wine43c\": " BAD_HEX "\\" BAD_HEX_END,
		"8: " SKIP "',75,00,65,00,00,00" NO_LINE,
		"9: " SKIP "value \"Wine43f\": " BAD_HEX "\\" BAD_HEX_END,
		"10: " SKIP "'5,00,65,00,00,00" NO_LINE,
		"16: " SKIP "'65,00,00,00" NO_LINE,
		"21: " SKIP "value \"Wine52a\": " BAD_HEX "\\,4f,4d,45,25,00" BAD_HEX_END,
		"22: " SKIP "value \"Wine52b\": '4f,4d,45,25,00" AFTER_BACKSLASH,
		"23: " SKIP "value \"Wine52e\": '25,48,4f,4d,45,25,00" AFTER_BACKSLASH,
		"24: " SKIP "value \"Wine52k\": " BAD_HEX ",\\" BAD_HEX_END,
		"25: " SKIP "'25,48,4f,4d,45,25,00" NO_LINE,
		"30: " SKIP "value \"Wine53d\": " BAD_HEX "\\  ;comment" BAD_HEX_END,
		"31: " SKIP "'25,50,41,54,48,25,00" NO_LINE,
		"32: " SKIP "value \"Wine61a\": " BAD_HEX "/" BAD_HEX_END,
		"34: " SKIP BAD_HEX ",6f,6e,63,61,74,65,6e,61,74,69,6f,6e,00,00" BAD_HEX_END
		"; regedit drops value \"Wine63b\" continued from line 33 with it", NULL);
	registry_close(reg);
}

static void test_hex_bytes(void **state)
{
	fixture *f = *state;
	registry *reg = load(f, R4
		"\"Wine45a\"=hex:11,22,33,44,55,66,77,88\n"
		"\"Short\"=hex:1,0a,001,ff\n"
		"\"Wine49\"=hex(2):25,50,41,54,48,25,00,\n"
		"\"Wine50a\"=hex(2):25,50,41,54,48,25,00  ;comment\n"
		"\"Wine50c\"=hex(2):25,50,41,54,48,25,00  #comment\n"
		"\"Wine51a\"=hex(0):25,50,100,54,48,25,00\n"
		"\"Upper\"=HEX:11\n");

	expect_bytes(reg, "Wine45a", REGISTRY_BINARY, "\x11\x22\x33\x44\x55\x66\x77\x88", 8);
	expect_bytes(reg, "Short", REGISTRY_BINARY, "\x01\x0a\x01\xff", 4);
	expect_wide(reg, "Wine49", REGISTRY_EXPAND_SZ, "%PATH%", 7);
	expect_wide(reg, "Wine50a", REGISTRY_EXPAND_SZ, "%PATH%", 7);
	expect_absent(reg, "Wine50c");
	expect_absent(reg, "Wine51a");
	expect_absent(reg, "Upper");
	expect_warnings(f, reg,
		"8: " SKIP "value \"Wine50c\": " BAD_HEX "#comment" BAD_HEX_END,
		"9: " SKIP "value \"Wine51a\": '100' is more than one byte",
		"10: " SKIP "value \"Upper\": 'HEX:11" NO_TYPE, NULL);
	registry_close(reg);
}

static void test_hex_types(void **state)
{
	fixture *f = *state;
	registry *reg = load(f, R4
		"\"Wine47a\"=hex(0):56,61,6c,75,65,00\n"
		"\"Wine47b\"=hex(10):56,61,6c,75,65,00\n"
		"\"Wine47h\"=hex(ffffffff):56,61,6c,75,65,00\n"
		"\"Wine47i\"=hex(100000000):56,61,6c,75,65,00\n"
		"\"Wine47j\"=hex(0x2):56,61,6c,75,65,00\n"
		"\"Wine47k\"=hex(0X2):56,61,6c,75,65,00\n"
		"\"Wine47l\"=hex(x2):56,61,6c,75,65,00\n"
		"\"Wine68a\"=hex(1):\n"
		"\"Wine68b\"=hex(2):\n"
		"\"Wine68e\"=hex(7):\n"
		"\"Wine68g\"=hex(abcd):\n"
		"\"Wine68h\"=hex:\n");

	expect_bytes(reg, "Wine47a", REGISTRY_NONE, "Value", 6);
	expect_bytes(reg, "Wine47b", 0x10, "Value", 6);
	expect_bytes(reg, "Wine47h", 0xffffffff, "Value", 6);
	expect_absent(reg, "Wine47i");
	expect_absent(reg, "Wine47j");
	expect_absent(reg, "Wine47k");
	expect_absent(reg, "Wine47l");
	expect_bytes(reg, "Wine68a", REGISTRY_SZ, "", 0);
	expect_bytes(reg, "Wine68b", REGISTRY_EXPAND_SZ, "", 0);
	expect_bytes(reg, "Wine68e", REGISTRY_MULTI_SZ, "", 0);
	expect_bytes(reg, "Wine68g", 0xabcd, "", 0);
	expect_bytes(reg, "Wine68h", REGISTRY_BINARY, "", 0);
	expect_warnings(f, reg,
		"7: " SKIP "value \"Wine47i\": bad value type in 'hex(100000000):56,61,6c,75,65,00'; "
		"expected hex(N): with N in hex up to ffffffff",
		"8: " SKIP "value \"Wine47j\": bad value type in 'hex(0x2):56,61,6c,75,65,00'; "
		"expected hex(N): with N in hex up to ffffffff",
		"9: " SKIP "value \"Wine47k\": bad value type in 'hex(0X2):56,61,6c,75,65,00'; "
		"expected hex(N): with N in hex up to ffffffff",
		"10: " SKIP "value \"Wine47l\": bad value type in 'hex(x2):56,61,6c,75,65,00'; "
		"expected hex(N): with N in hex up to ffffffff", NULL);
	registry_close(reg);
}

/* Wine66/67: string types given as hex end with a NUL. */
static void test_hex_strings_get_their_nul(void **state)
{
	fixture *f = *state;
	registry *reg = load(f, R4
		"\"Wine66a\"=hex(7):4c,69,6e,65\n"
		"\"Wine66b\"=hex(7):4c,69,6e,65,\n"
		"\"Wine66c\"=hex(7):4c,69,6e,65,00\n"
		"\"Wine66e\"=hex(7):4c,69,6e,65,00,00\n"
		"\"Wine67a\"=hex(2):25,50,41,54,48,25\n"
		"\"Sz\"=hex(1):41\n"
		"\"Wine65a\"=hex(100):25,50,41,54,48,25\n");

	expect_wide(reg, "Wine66a", REGISTRY_MULTI_SZ, "Line", 5);
	expect_wide(reg, "Wine66b", REGISTRY_MULTI_SZ, "Line", 5);
	expect_wide(reg, "Wine66c", REGISTRY_MULTI_SZ, "Line", 5);
	expect_wide(reg, "Wine66e", REGISTRY_MULTI_SZ, "Line\0", 6);
	expect_wide(reg, "Wine67a", REGISTRY_EXPAND_SZ, "%PATH%", 7);
	expect_wide(reg, "Sz", REGISTRY_SZ, "A", 2);
	expect_bytes(reg, "Wine65a", 0x100, "%PATH%", 6);
	expect_warnings(f, reg, NULL);
	registry_close(reg);

	reg = load_utf16(f, R5
		"\"Wine66a\"=hex(7):4c,00,69,00,6e,00,65,00\n"
		"\"Wine66e\"=hex(7):4c,00,69,00,6e,00,65,00,00,00,00,00\n"
		"\"Wine67b\"=hex(2):25,00,50,00,41,00,54,00,48,00,25,00,\n"
		"\"Wine67c\"=hex(2):25,00,50,00,41,00,54,00,48,00,25,00,00,00\n");
	expect_wide(reg, "Wine66a", REGISTRY_MULTI_SZ, "Line", 5);
	expect_wide(reg, "Wine66e", REGISTRY_MULTI_SZ, "Line\0", 6);
	expect_wide(reg, "Wine67b", REGISTRY_EXPAND_SZ, "%PATH%", 7);
	expect_wide(reg, "Wine67c", REGISTRY_EXPAND_SZ, "%PATH%", 7);
	expect_warnings(f, reg, NULL);
	registry_close(reg);
}

/* Wine62: the file may end right after the "\"; regedit sets what it read. */
static void test_end_of_file_after_backslash(void **state)
{
	fixture *f = *state;
	registry *reg = load(f, R4 "\"Wine62a\"=hex(0):56,61,6c,75,65,\\");

	expect_bytes(reg, "Wine62a", REGISTRY_NONE, "Value", 5);
	expect_warnings(f, reg, NULL);
	registry_close(reg);
	reg = load(f, R4 "\"Wine62b\"=hex(2):25,50,41,54,48,25,\\\n  ;comment\n");
	expect_wide(reg, "Wine62b", REGISTRY_EXPAND_SZ, "%PATH%", 7);
	registry_close(reg);
	reg = load(f, R4 "\"Wine62f\"=hex(7):4c,69,6e,65,20\\");
	expect_absent(reg, "Wine62f");
	expect_warnings(f, reg, "4: " SKIP "value \"Wine62f\": " BAD_HEX "\\" BAD_HEX_END, NULL);
	registry_close(reg);
}

/* ---- whitespace */

static void test_whitespace(void **state)
{
	fixture *f = *state;
	registry *reg = load(f, "    REGEDIT4\n\n"
		"\t[HKEY_LOCAL_MACHINE\\T]\n"
		"  \"Wine5a\"=\"Leading spaces\"\n"
		"\t\t\"Wine5b\"\t\t=\"Leading tabs\"\n"
		"\t  \"Wine5c\"=\t  \"Tabs and spaces\"\n"
		"    \"Wine5d\"    \t    =    \t    \"More whitespace\"\n"
		"\"  Wine6a\"=\"Leading spaces\"\n"
		"  \"  Wine6c  \"  =  \"  Spaces everywhere  \"  \n"
		"\"Wine8b\"=\"Trailing tabs and spaces\"\t  \t\n"
		"\t@\t=\tdword:\t00000008\t\n"
		"\t  \t  \"Wine4c\"=hex(7):4c,69,6e,65,20,\\\n"
		"        63,6f,6e,\\;comment\n"
		"\t\t\t\t63,61,74,\\;comment\n"
		"  \t65,6e,61,74,69,6f,6e,00,00\n");

	expect_sz(reg, "Wine5a", "Leading spaces");
	expect_sz(reg, "Wine5b", "Leading tabs");
	expect_sz(reg, "Wine5c", "Tabs and spaces");
	expect_sz(reg, "Wine5d", "More whitespace");
	expect_sz(reg, "  Wine6a", "Leading spaces");
	expect_sz(reg, "  Wine6c  ", "  Spaces everywhere  ");
	expect_sz(reg, "Wine8b", "Trailing tabs and spaces");
	expect_dword(reg, "", 8);
	expect_wide(reg, "Wine4c", REGISTRY_MULTI_SZ, "Line concatenation\0", 20);
	expect_warnings(f, reg, NULL);
	registry_close(reg);
}

/* regedit ends a line at CR LF, LF or a CR alone. */
static void test_line_breaks(void **state)
{
	fixture *f = *state;
	registry *reg = load(f, "REGEDIT4\r\r[HKEY_LOCAL_MACHINE\\T]\r\"A\"=\"x\"\r\n"
	                        "\"B\"=\"y\rz\"\n\"C\"=dword:00000003");

	expect_sz(reg, "A", "x");
	expect_absent(reg, "B");
	expect_dword(reg, "C", 3);
	expect_warnings(f, reg, "5: " SKIP "value \"B\": the string has no closing '\"'",
	                "6: " SKIP "'z\"" NO_LINE, NULL);
	registry_close(reg);
}

/* ---- keys */

static void test_key_headers(void **state)
{
	fixture *f = *state;
	registry *reg = load(f, R4
		"\"InT\"=\"1\"\n"
		"[HKEY_LOCAL_MACHINE\\T\\\n"
		"Subkey1]\n"
		"\"Still\"=\"in T\"\n"
		"HKEY_LOCAL_MACHINE\\T\\No_Opening_Bracket]\n"
		"[HKEY_LOCAL_MACHINE\\T\\No_Closing_Bracket\n"
		"[ HKEY_LOCAL_MACHINE\\T\\Subkey1a]\n"
		"[\tHKEY_LOCAL_MACHINE\\T\\Subkey1b]\n"
		"\"Also\"=\"in T\"\n"
		"[HKEY_LOCAL_MACHINE\\T\\Subkey1c ]\n"
		"[HKEY_LOCAL_MACHINE\\T\\Subkey1e\\]\n"
		"\"Wine\"=\"e\"\n"
		"[HKEY_LOCAL_MACHINE\\T\\Subkey1g\\\\\\\\]\n"
		"\"Wine\"=\"g\"\n"
		"[hkey_LOCAL_machine\\T\\Subkey3a] ; after the header\n"
		"[HKEY_LOCAL_MACHINE\\T\\Subkey\"1]\n"
		"\"Wine\\\\31\"=\"Test value\"\n"
		"[HKEY_LOCAL_MACHINE\\T\\https://winehq.org]\n"
		"[HKEY_CURRENT_USERS\\T\\Subkey4b]\n"
		"\"Wine46b\"=dword:12345678\n");

	expect_sz(reg, "InT", "1");
	expect_sz(reg, "Still", "in T");
	expect_sz(reg, "Also", "in T");
	assert_false(registry_key_exists(reg, KEY "\\Subkey1"));
	assert_false(registry_key_exists(reg, KEY "\\No_Opening_Bracket"));
	assert_false(registry_key_exists(reg, KEY "\\No_Closing_Bracket"));
	assert_false(registry_key_exists(reg, KEY "\\Subkey1a"));
	assert_false(registry_key_exists(reg, KEY "\\Subkey1b"));
	assert_true(registry_key_exists(reg, KEY "\\Subkey1c "));
	assert_false(registry_key_exists(reg, KEY "\\Subkey1c"));
	expect_bytes_in(reg, KEY "\\Subkey1e", "Wine", REGISTRY_SZ, "e\0\0", 4);
	expect_bytes_in(reg, KEY "\\Subkey1g", "Wine", REGISTRY_SZ, "g\0\0", 4);
	assert_true(registry_key_exists(reg, KEY "\\SUBKEY3A"));
	expect_bytes_in(reg, KEY "\\Subkey\"1", "Wine\\31", REGISTRY_SZ,
	                "T\0e\0s\0t\0 \0v\0a\0l\0u\0e\0\0", 22);
	assert_true(registry_key_exists(reg, KEY "\\https://winehq.org"));
	strlist names = STRLIST_INIT;
	assert_true(registry_subkeys(reg, KEY, &names, NULL));
	assert_int_equal(names.count, 6);
	strlist_free(&names);
	/* The tab of line 11 reaches the warning escaped, as in every message. */
	expect_warnings(f, reg,
		"5: " SKIP "'[HKEY_LOCAL_MACHINE\\T\\' has no closing ']'",
		"6: " SKIP "'Subkey1]" NO_LINE,
		"8: " SKIP "'HKEY_LOCAL_MACHINE\\T\\No_Opening_Bracket]" NO_LINE,
		"9: " SKIP "'[HKEY_LOCAL_MACHINE\\T\\No_Closing_Bracket' has no closing ']'",
		"10: " SKIP "'[ HKEY_LOCAL_MACHINE\\T\\Subkey1a]' has blanks after '['; regedit reads "
		"no key in it",
		"11: " SKIP "'[\\x09HKEY_LOCAL_MACHINE\\T\\Subkey1b]' has blanks after '['; regedit reads "
		"no key in it",
		"22: " SKIP "'HKEY_CURRENT_USERS\\T\\Subkey4b' is under no registry root; the values "
		"below it are skipped too",
		"23: " SKIP "value \"Wine46b\": there is no key to put it in (no [KEY] above it, or the "
		"one above was skipped or deleted)", NULL);
	registry_close(reg);
}

static void test_key_nesting_limit(void **state)
{
	fixture *f = *state;
	strbuf text = STRBUF_INIT;

	strbuf_add_string(&text, R4 "[HKEY_LOCAL_MACHINE");
	for (int i = 0; i < 513; i++)
		strbuf_add_string(&text, "\\k");
	strbuf_add_string(&text, "]\n\"Deep\"=\"x\"\n[HKEY_LOCAL_MACHINE\\T]\n\"Back\"=\"y\"\n");
	registry *reg = load(f, text.data);
	expect_sz(reg, "Back", "y");
	expect_warnings(f, reg,
		"4: " SKIP "the key is nested 513 levels deep and Windows allows at most 512 below a "
		"root; the values below it are skipped too",
		"5: " SKIP "value \"Deep\": there is no key to put it in (no [KEY] above it, or the one "
		"above was skipped or deleted)", NULL);
	registry_close(reg);
	strbuf_free(&text);
}

/* ---- deletions, in file order */

static void test_key_deletion(void **state)
{
	fixture *f = *state;
	registry *reg = load(f, R4
		"[HKEY_LOCAL_MACHINE\\T\\Subkey2a]\n"
		"[HKEY_LOCAL_MACHINE\\T\\Subkey2b\\Deep]\n"
		"\"Old\"=\"gone\"\n"
		"[ -HKEY_LOCAL_MACHINE\\T\\Subkey2a]\n"
		"[- HKEY_LOCAL_MACHINE\\T\\Subkey2a]\n"
		"\"Lost\"=\"x\"\n"
		"[-HKEY_local_MACHINE\\T\\SUBKEY2B]\n"
		"\"Wine46a\"=dword:12345678\n"
		"[HKEY_LOCAL_MACHINE\\T\\Subkey2b]\n"
		"\"New\"=\"here\"\n"
		"[-HKEY_LOCAL_MACHINE\\T\\Missing]\n"
		"\"Back\"=-\n"
		"[HKEY_LOCAL_MACHINE\\T]\n"
		"\"Back\"=\"in T\"\n");

	assert_true(registry_key_exists(reg, KEY "\\Subkey2a"));
	assert_true(registry_key_exists(reg, KEY "\\Subkey2b"));
	assert_false(registry_key_exists(reg, KEY "\\Subkey2b\\Deep"));
	expect_absent_in(reg, KEY "\\Subkey2b", "Old");
	expect_bytes_in(reg, KEY "\\Subkey2b", "New", REGISTRY_SZ, "h\0e\0r\0e\0\0", 10);
	expect_absent(reg, "Wine46a");
	expect_sz(reg, "Back", "in T");
	expect_subkeys(reg, KEY, "Subkey2a", "Subkey2b", NULL);
	expect_warnings(f, reg,
		"7: " SKIP "'[ -HKEY_LOCAL_MACHINE\\T\\Subkey2a]' has blanks after '['; regedit reads no "
		"key in it",
		"8: " SKIP "'[- HKEY_LOCAL_MACHINE\\T\\Subkey2a]' names no key to delete (regedit wants "
		"HKEY_... right after '[-'); the values below it are skipped too",
		"9: " SKIP "value \"Lost\": there is no key to put it in (no [KEY] above it, or the one "
		"above was skipped or deleted)",
		"11: " SKIP "value \"Wine46a\": there is no key to put it in (no [KEY] above it, or the "
		"one above was skipped or deleted)",
		"15: " SKIP "deleting value \"Back\": there is no key to put it in (no [KEY] above it, "
		"or the one above was skipped or deleted)", NULL);
	registry_close(reg);
}

/* regedit stops importing at these: the file is refused. */
static void test_key_deletion_refused(void **state)
{
	fixture *f = *state;

	expect_refused(f, R4 "[-HKEY_LOCAL_MACHINE]\n",
	               "4: '[-HKEY_LOCAL_MACHINE]' would delete a whole root, where regedit stops "
	               "importing; expected a key below the root");
	expect_refused(f, R4 "[-HKEY_LOCAL_MACHINE\\\\]\n",
	               "4: '[-HKEY_LOCAL_MACHINE]' would delete a whole root, where regedit stops "
	               "importing; expected a key below the root");
	expect_refused(f, R4 "[-HKEY_CURRENT_USERS\\T]\n",
	               "4: '[-HKEY_CURRENT_USERS\\T]' deletes a key under an unknown root, where "
	               "regedit stops importing; expected [-HKEY_LOCAL_MACHINE\\...]");
}

static void test_value_deletion(void **state)
{
	fixture *f = *state;
	registry *reg = load(f, R4
		"\"Wine46a\"=\"Test Value\"\n"
		"\"Wine46b\"=dword:00000008\n"
		"\"Wine46c\"=hex:11,22,33,44\n"
		"\"Wine46d\"=hex(7):4c,69,6e,65,20,\\\n"
		"  63,6f,6e,63,61,74,65,6e,61,74,69,6f,6e,00,00\n"
		"\"Wine46e\"=hex(2):25,50,41,54,48,25,00\n"
		"\"Wine46f\"=hex(0):56,00,61,00,6c,00,75,00,65,00,00,00\n"
		"\"Kept\"=\"after them\"\n"
		"\"Wine46a\"=-\n"
		"\"wine46B\"=  -\n"
		"\"Wine46c\"=  \t-\t  \n"
		"\"Wine46d\"=-\"Test\"\n"
		"\"Wine46e\"=- ;comment\n"
		"\"Wine46f\"=- #comment\n"
		"\"Never\"=-\n"
		"\"Wine46a\"=\"again\"\n");

	expect_sz(reg, "Wine46a", "again");
	expect_absent(reg, "Wine46b");
	expect_absent(reg, "Wine46c");
	expect_wide(reg, "Wine46d", REGISTRY_MULTI_SZ, "Line concatenation\0", 20);
	expect_absent(reg, "Wine46e");
	expect_bytes(reg, "Wine46f", REGISTRY_NONE, "V\0a\0l\0u\0e\0\0", 12);
	expect_sz(reg, "Kept", "after them");
	registry_value *values;
	size_t count;
	assert_true(registry_values(reg, KEY, &values, &count, NULL));
	assert_int_equal(count, 4);
	assert_string_equal(values[0].name, "Wine46d");
	assert_string_equal(values[1].name, "Wine46f");
	assert_string_equal(values[2].name, "Kept");
	assert_string_equal(values[3].name, "Wine46a");
	registry_values_free(values, count);
	expect_warnings(f, reg,
		"15: " SKIP "value \"Wine46d\": '\"Test\"' follows the '-' that deletes the value; only a "
		"; comment may",
		"17: " SKIP "value \"Wine46f\": '#comment' follows the '-' that deletes the value; only "
		"a ; comment may", NULL);
	registry_close(reg);
}

/* Many values in one key, set, deleted and set again across sections and
 * spellings: a key past a few values is looked up by an index, one with
 * few in order; either way the last word of the file counts, names keep
 * their first spelling, and the order is the file's. */
static void test_many_values_set_and_deleted(void **state)
{
	fixture *f = *state;
	strbuf text = STRBUF_INIT;
	bool present[40] = { false };
	unsigned number[40] = { 0 };

	strbuf_add_string(&text, R5);
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 40; i++) {
			strbuf_printf(&text, "\"%s%02d\"=dword:%08x\n", round == 1 ? "VALUE" : "value", i,
			              round * 100 + i);
			present[i] = true;
			number[i] = (unsigned)(round * 100 + i);
		}
		/* Down to a handful, then up again in the next round. */
		for (int i = round; i < 40; i += round == 2 ? 3 : 1) {
			if (i % 7 == 0)
				continue;
			strbuf_printf(&text, "\"Value%02d\"=-\n", i);
			present[i] = false;
		}
		strbuf_add_string(&text, "[HKEY_LOCAL_MACHINE\\Other]\n[HKEY_LOCAL_MACHINE\\T]\n");
	}
	registry *reg = load(f, text.data);

	registry_value *values;
	size_t count, expected = 0;
	assert_true(registry_values(reg, KEY, &values, &count, NULL));
	for (int i = 0; i < 40; i++) {
		char name[16];
		snprintf(name, sizeof name, "VaLuE%02d", i);
		if (present[i])
			expect_dword(reg, name, number[i]);
		else
			expect_absent(reg, name);
		expected += present[i];
	}
	assert_int_equal(count, expected);
	for (size_t i = 1; i < count; i++)
		assert_true(strcmp(values[i - 1].name, values[i].name) != 0);
	registry_values_free(values, count);
	expect_warnings(f, reg, NULL);
	registry_close(reg);
	strbuf_free(&text);
}

/* One value of a key past the index's threshold removed and set again
 * many times: it ends up last, with the last data, and the others keep
 * their places. */
static void test_value_removed_and_set_again_many_times(void **state)
{
	enum { VALUES = 20, ROUNDS = 50 };
	fixture *f = *state;
	strbuf text = STRBUF_INIT;

	strbuf_add_string(&text, R5);
	for (unsigned i = 0; i < VALUES; i++)
		strbuf_printf(&text, "\"V%02u\"=dword:%x\n", i, i);
	for (unsigned round = 0; round < ROUNDS; round++)
		strbuf_printf(&text, "\"v05\"=-\n\"V05\"=dword:%x\n", 100 + round);
	strbuf_add_string(&text, "\"V10\"=-\n");
	registry *reg = load(f, text.data);
	registry_value *values;
	size_t count;
	assert_true(registry_values(reg, KEY, &values, &count, NULL));
	assert_int_equal(count, VALUES - 1);
	size_t at = 0;
	for (unsigned i = 0; i < VALUES; i++) {
		char name[8];
		snprintf(name, sizeof name, "V%02u", i);
		if (i != 5 && i != 10)
			assert_string_equal(values[at++].name, name);
	}
	assert_string_equal(values[at].name, "V05");
	registry_values_free(values, count);
	expect_dword(reg, "v05", 100 + ROUNDS - 1);
	expect_absent(reg, "V10");
	registry_close(reg);
	strbuf_free(&text);
}

/* A key named again after its parent was deleted hangs under a new
 * parent; the key named just before is no parent of it, however alike
 * the names look. */
static void test_keys_after_deletion_find_their_parents(void **state)
{
	fixture *f = *state;
	registry *reg = load(f, R5
		"[HKEY_LOCAL_MACHINE\\T\\A\\B]\n"
		"\"x\"=\"1\"\n"
		"[-HKEY_LOCAL_MACHINE\\T\\A]\n"
		"[HKEY_LOCAL_MACHINE\\T\\A\\B\\C]\n"
		"[HKEY_LOCAL_MACHINE\\T\\p]\n"
		"[HKEY_LOCAL_MACHINE\\T\\P\\Q]\n"
		"[HKEY_LOCAL_MACHINE\\T\\AB]\n"
		"[HKEY_LOCAL_MACHINE\\T\\A\\B\\D]\n");

	expect_subkeys(reg, KEY, "A", "p", "AB", NULL);
	expect_subkeys(reg, KEY "\\A\\B", "C", "D", NULL);
	expect_subkeys(reg, KEY "\\P", "Q", NULL);
	expect_absent_in(reg, KEY "\\A\\B", "x");
	registry_close(reg);
}

/* Subkeys deleted in any order, nested deletions, and keys named again:
 * the listing holds the keys that live, in the order they were made. */
static void test_subkeys_after_deletions_in_any_order(void **state)
{
	fixture *f = *state;
	registry *reg = load(f, R5
		"[HKEY_LOCAL_MACHINE\\T\\X]\n"
		"[HKEY_LOCAL_MACHINE\\T\\Y\\Deep]\n"
		"\"old\"=\"1\"\n"
		"[HKEY_LOCAL_MACHINE\\T\\Z]\n"
		"[-HKEY_LOCAL_MACHINE\\T\\Z]\n"
		"[-HKEY_LOCAL_MACHINE\\T\\Y\\Deep]\n"
		"[-HKEY_LOCAL_MACHINE\\T\\Y]\n"
		"[HKEY_LOCAL_MACHINE\\T\\y\\Deep]\n"
		"[HKEY_LOCAL_MACHINE\\T\\W]\n"
		"[-HKEY_LOCAL_MACHINE\\T\\X]\n");

	expect_subkeys(reg, KEY, "y", "W", NULL);
	expect_subkeys(reg, KEY "\\Y", "Deep", NULL);
	expect_absent_in(reg, KEY "\\Y\\Deep", "old");
	assert_false(registry_key_exists(reg, KEY "\\X"));
	assert_false(registry_key_exists(reg, KEY "\\Z"));
	registry_close(reg);
}

/* A key deleted and named again many times, with a subkey each time:
 * the last one is the key, holding only what its last sections gave it. */
static void test_key_named_again_after_each_deletion(void **state)
{
	enum { ROUNDS = 100 };
	fixture *f = *state;
	strbuf text = STRBUF_INIT;

	strbuf_add_string(&text, R5);
	for (unsigned i = 0; i < ROUNDS; i++)
		strbuf_printf(&text, "[HKEY_LOCAL_MACHINE\\T\\K]\n\"V%u\"=dword:%x\n"
		              "[HKEY_LOCAL_MACHINE\\T\\K\\Sub%u]\n[-HKEY_LOCAL_MACHINE\\T\\K]\n", i, i, i);
	strbuf_add_string(&text, "[HKEY_LOCAL_MACHINE\\T\\k\\Sub7]\n[HKEY_LOCAL_MACHINE\\T\\K]\n"
	                         "\"Last\"=dword:1\n");
	registry *reg = load(f, text.data);
	expect_subkeys(reg, KEY, "k", NULL);
	expect_subkeys(reg, KEY "\\K", "Sub7", NULL);
	expect_bytes_in(reg, KEY "\\K", "Last", REGISTRY_DWORD, "\1\0\0\0", 4);
	expect_absent_in(reg, KEY "\\K", "V99");
	assert_false(registry_key_exists(reg, KEY "\\K\\Sub99"));
	registry_close(reg);
	strbuf_free(&text);
}

/* ---- descriptors around deletions */

static void test_descriptor_after_deletion_is_the_new_keys(void **state)
{
	fixture *f = *state;
	registry *reg = load(f, R5
		";sddl=D:P(A;;KA;;;SY)\n"
		"[-HKEY_LOCAL_MACHINE\\T]\n"
		"[HKEY_LOCAL_MACHINE\\T]\n"
		"\"V\"=\"x\"\n");
	char *sddl = (char *)"unset";

	assert_true(registry_get_security(reg, KEY, &sddl, NULL));
	assert_null(sddl);
	registry_close(reg);
	expect_refused(f, R5 "[-HKEY_LOCAL_MACHINE\\T]\n;sddl=D:P(A;;KA;;;SY)\n",
	               "5: ';sddl=D:P(A;;KA;;;SY)' is not a descriptor line ccmwrap can trust: it is "
	               "not directly under a key's header; expected ';sddl=...' at the start of the "
	               "line below [KEY]");
}

/* The descriptor of a key deleted and written again goes under the new
 * header; the old key's lines stay as they are, and giving the key back
 * its state gives back the file byte for byte. */
static void test_descriptor_written_under_the_live_header(void **state)
{
	fixture *f = *state;
	const char *original = R5
		"[HKEY_LOCAL_MACHINE\\T\\A]\n"
		";sddl=D:P(A;;KA;;;SY)\n"
		"\"V\"=\"old\"\n"
		"[-HKEY_LOCAL_MACHINE\\T\\A]\n"
		"[HKEY_LOCAL_MACHINE\\T\\A]\n"
		"\"V\"=\"new\"\n";
	registry *reg = load(f, original);
	error_message err = { "" };

	assert_true(registry_set_security(reg, KEY "\\A", "D:P(A;;KR;;;BU)", &err));
	assert_true(registry_commit(reg, &err));
	registry_close(reg);
	char *now = test_read_file(f->path, NULL);
	assert_string_equal(now, R5
		"[HKEY_LOCAL_MACHINE\\T\\A]\n"
		";sddl=D:P(A;;KA;;;SY)\n"
		"\"V\"=\"old\"\n"
		"[-HKEY_LOCAL_MACHINE\\T\\A]\n"
		"[HKEY_LOCAL_MACHINE\\T\\A]\n"
		";sddl=D:P(A;;KR;;;BU)\n"
		"\"V\"=\"new\"\n");
	free(now);
	reg = test_open_registry_file(f->path);
	char *sddl = NULL;
	assert_true(registry_get_security(reg, KEY "\\A", &sddl, &err));
	assert_string_equal(sddl, "D:P(A;;KR;;;BU)");
	free(sddl);
	assert_true(registry_set_security(reg, KEY "\\A", NULL, &err));
	assert_true(registry_commit(reg, &err));
	registry_close(reg);
	now = test_read_file(f->path, NULL);
	assert_string_equal(now, original);
	free(now);
}

/* A file read with skipped lines is never written back: the commit says
 * which lines, and the file stays as it is. */
static void test_commit_refuses_a_file_with_skipped_lines(void **state)
{
	fixture *f = *state;
	const char *original = R5 "\"A\"=dword:zz\n[HKEY_LOCAL_MACHINE\\T\\B]\ngarbage\n";
	registry *reg = load(f, original);
	error_message err = { "" };
	strbuf expected = STRBUF_INIT;

	assert_true(registry_set_security(reg, KEY, "D:P(A;;KA;;;SY)", &err));
	assert_false(registry_commit(reg, &err));
	strbuf_printf(&expected, "registry file %s: refused, because reading it skipped 2 lines as "
	                         "regedit skips them (%s:4, %s:6); ccmwrap writes back only a file it "
	                         "read whole, so that nothing in it is lost: correct or remove those "
	                         "lines first", f->path, f->path, f->path);
	assert_string_equal(err.text, expected.data);
	assert_false(registry_check_rewritable(reg, NULL));
	registry_close(reg);
	char *now = test_read_file(f->path, NULL);
	assert_string_equal(now, original);
	free(now);
	strbuf_free(&expected);
}

/* ---- names compare as Windows compares them, for all of Unicode */

static void test_unicode_case_folding(void **state)
{
	fixture *f = *state;
	registry *reg = load_utf16(f, "Windows Registry Editor Version 5.00\n\n"
		"[HKEY_LOCAL_MACHINE\\T\\\u00c4rger]\n"
		"\"\u00dcber\"=\"1\"\n"
		"[HKEY_LOCAL_MACHINE\\T\\\u00e4rger]\n"
		"\"\u00fcber\"=\"2\"\n"
		"[HKEY_LOCAL_MACHINE\\T\\\u0391\u03b2\u03b3]\n"
		"\"\u0414\u043e\u043c\"=dword:00000001\n"
		"[HKEY_LOCAL_MACHINE\\T\\\u03b1\u0392\u0393]\n"
		"\"\u0434\u041e\u041c\"=dword:00000002\n"
		"\"\u0434\u043e\u043c\"=-\n");

	/* Spelled as first written. */
	expect_subkeys(reg, KEY, "\u00c4rger", "\u0391\u03b2\u03b3", NULL);
	assert_true(registry_key_exists(reg, KEY "\\\u00c4RGER"));
	expect_bytes_in(reg, KEY "\\\u00e4rger", "\u00dcBER", REGISTRY_SZ, "2\0\0", 4);
	assert_true(registry_key_exists(reg, KEY "\\\u03b1\u03b2\u03b3"));
	expect_absent_in(reg, KEY "\\\u0391\u0392\u0393", "\u0414\u041e\u041c");
	expect_warnings(f, reg, NULL);
	registry_close(reg);
}

/* ---- what is not text is refused, never replaced */

static void test_decoder_errors(void **state)
{
	fixture *f = *state;
	static const struct {
		const char *line;
		const char *error;
	} utf8[] = {
		{ "\"a\"=\"\xC0\x80\"", "not UTF-8 at byte 6: C0 80 is an overlong form" },
		{ "\"a\"=\"\xE0\x80\x80\"", "not UTF-8 at byte 6: E0 80 80 is an overlong form" },
		{ "\"a\"=\"\xED\xA0\x80\"", "not UTF-8 at byte 6: ED A0 80 is an encoded surrogate "
		                              "(U+D800 to U+DFFF)" },
		{ "\"a\"=\"\xF4\x90\x80\x80\"", "not UTF-8 at byte 6: F4 90 80 80 is beyond U+10FFFF" },
		{ "\"a\"=\"\xF5\x80\x80\x80\"", "not UTF-8 at byte 6: F5 is a byte that never occurs in "
		                                   "UTF-8" },
		{ "\"a\"=\"\xFF\"", "not UTF-8 at byte 6: FF is a byte that never occurs in UTF-8" },
		{ "\"a\"=\"\xE2\x82\"", "not UTF-8 at byte 6: E2 is a sequence cut short" },
		{ "\"a\"=\"\xE2\x82", "not UTF-8 at byte 6: E2 is a sequence cut short" },
		{ "\"a\"=\"\x80\"", "not UTF-8 at byte 6: 80 is a continuation byte where a character "
		                     "starts" },
	};

	for (size_t i = 0; i < sizeof utf8 / sizeof utf8[0]; i++) {
		strbuf text = STRBUF_INIT, expected = STRBUF_INIT;
		strbuf_printf(&text, R5 "%s\n", utf8[i].line);
		strbuf_printf(&expected, "4: %s; expected a UTF-8 or UTF-16LE file (a REGEDIT4 file may "
		                         "use ANSI)", utf8[i].error);
		expect_refused(f, text.data, expected.data);
		strbuf_free(&text);
		strbuf_free(&expected);
	}
	static const struct {
		const char *units;
		size_t size;
		const char *error;
	} utf16[] = {
		{ "\"\0a\0\"\0=\0\"\0\x3D\xD8\"\0", 14, "not UTF-16 at character 6: a high surrogate "
		                                          "(U+D83D) without its low half" },
		{ "\"\0a\0\"\0=\0\"\0\x3D\xD8", 12, "not UTF-16 at character 6: a high surrogate "
		                                    "(U+D83D) without its low half" },
		{ "\"\0a\0\"\0=\0\"\0\x00\xDE\x3D\xD8\"\0", 16, "not UTF-16 at character 6: a low "
		                                                 "surrogate (U+DE00) without its high half" },
	};
	for (size_t i = 0; i < sizeof utf16 / sizeof utf16[0]; i++) {
		size_t size;
		unsigned char *head = text_utf8_to_utf16le(R5, strlen(R5), &size);
		strbuf bytes = STRBUF_INIT, expected = STRBUF_INIT;
		strbuf_add(&bytes, "\xFF\xFE", 2);
		strbuf_add(&bytes, (const char *)head, size);
		strbuf_add(&bytes, utf16[i].units, utf16[i].size);
		strbuf_add(&bytes, "\n\0", 2);
		test_write_file(f->path, bytes.data, bytes.length);
		strbuf_printf(&expected, "4: %s; expected UTF-16LE text as regedit writes it",
		              utf16[i].error);
		test_expect_registry_file_error(f->path, expected.data);
		free(head);
		strbuf_free(&bytes);
		strbuf_free(&expected);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_headers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_comments_between_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_comments_after_data, setup, teardown),
		cmocka_unit_test_setup_teardown(test_comment_characters_in_data, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dword_forms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_strings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escapes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hex_continuation_and_comments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hex_continuation_broken_off, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hex_backslash_places, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hex_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hex_types, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hex_strings_get_their_nul, setup, teardown),
		cmocka_unit_test_setup_teardown(test_end_of_file_after_backslash, setup, teardown),
		cmocka_unit_test_setup_teardown(test_whitespace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_line_breaks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_headers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_nesting_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_deletion, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_deletion_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_value_deletion, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_values_set_and_deleted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_value_removed_and_set_again_many_times, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_keys_after_deletion_find_their_parents, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_descriptor_after_deletion_is_the_new_keys, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_descriptor_written_under_the_live_header, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_commit_refuses_a_file_with_skipped_lines, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_unicode_case_folding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_subkeys_after_deletions_in_any_order, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_key_named_again_after_each_deletion, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_names_keep_their_spelling_when_shared, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_decoder_errors, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
