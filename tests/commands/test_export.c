/* ccmwrap export: a subtree written in the registry file format reads back
 * identically through the file backend; -o writes regedit's UTF-16LE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config/base/regpath.h"
#include "checks/registry/registry.h"
#include "tests/support/testregistry.h"
#include "tests/support/testsupport.h"
#include "config/base/text.h"

#define CCS "HKLM\\SYSTEM\\CurrentControlSet"
#define BROKEN "kb2000387-broken.reg"

/* Private copies of the registry samples, made once for all the tests. */
static char *samples;

static int copy_samples(void **state)
{
	static const char *const files[] = {
		"samples/registry/" BROKEN, "samples/registry/healthy.reg", NULL
	};
	(void)state;

	samples = test_copy_sources(files);
	return 0;
}

static int remove_samples(void **state)
{
	(void)state;
	test_remove_tree(samples);
	free(samples);
	return 0;
}

static void assert_same_security(registry *a, registry *b, const char *key)
{
	char *sa, *sb;

	assert_true(registry_get_security(a, key, &sa, NULL));
	assert_true(registry_get_security(b, key, &sb, NULL));
	if (sa == NULL)
		assert_null(sb);
	else
		assert_string_equal(sa, sb);
	free(sa);
	free(sb);
}

/* Every key below key: same subkeys in the same order, same values, same
 * descriptor. Returns how many keys were compared. */
static size_t assert_same_subtree(registry *a, registry *b, const char *key)
{
	strlist na = STRLIST_INIT, nb = STRLIST_INIT;
	size_t compared = 1;

	test_assert_same_values(a, b, key);
	assert_same_security(a, b, key);
	assert_true(registry_subkeys(a, key, &na, NULL));
	assert_true(registry_subkeys(b, key, &nb, NULL));
	assert_int_equal(na.count, nb.count);
	for (size_t i = 0; i < na.count; i++) {
		assert_string_equal(na.items[i], nb.items[i]);
		char *child = regpath_join(key, na.items[i]);
		compared += assert_same_subtree(a, b, child);
		free(child);
	}
	strlist_free(&na);
	strlist_free(&nb);
	return compared;
}

static void export_and_compare(const char *sample, const char *key, size_t expected_keys)
{
	char *folder = test_make_temp_dir();
	char *out = test_path(folder, "out.reg");
	char *source = test_path(samples, sample);
	const char *args[] = { CCMWRAP_BINARY, "export", key, "--registry", source, "-o", out, NULL };
	test_run_result run;
	registry *original, *exported;
	error_message err;

	test_run(args, NULL, &run);
	assert_string_equal(run.err, "");
	assert_string_equal(run.out, "");
	assert_int_equal(run.exit_code, 0);
	test_run_result_free(&run);
	size_t size;
	char *bytes = test_read_file(out, &size);
	assert_true(size > 2);
	assert_memory_equal(bytes, "\xFF\xFEW\0i\0n\0", 8);
	free(bytes);
	assert_true(registry_open_file(source, &original, &err));
	assert_true(registry_open_file(out, &exported, &err));
	assert_int_equal(assert_same_subtree(original, exported, key), expected_keys);
	registry_close(original);
	registry_close(exported);
	test_remove_tree(folder);
	free(folder);
	free(out);
	free(source);
}

static void test_export_whole_sample(void **state)
{
	(void)state;
	export_and_compare(BROKEN, CCS, 24);
	export_and_compare("healthy.reg", CCS, 24);
}

static void test_export_subtree(void **state)
{
	(void)state;
	export_and_compare(BROKEN, CCS "\\Enum\\Root\\*SMS_MOUSE", 2);
}

static void test_export_to_stdout(void **state)
{
	(void)state;
	char *source = test_path(samples, BROKEN);
	const char *args[] = { CCMWRAP_BINARY, "export", "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet"
	                       "\\Services\\kbstuff", "--registry", source, NULL };
	test_run_result run;

	test_run(args, NULL, &run);
	assert_int_equal(run.exit_code, 0);
	assert_string_equal(run.out,
		"Windows Registry Editor Version 5.00\n\n"
		"[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\kbstuff]\n"
		";sddl=O:BAG:SYD:P(A;CI;KR;;;SY)(A;CI;KR;;;BA)(A;CI;KR;;;BU)\n"
		"\"Type\"=dword:00000001\n"
		"\"Start\"=dword:00000003\n"
		"\"ErrorControl\"=dword:00000001\n"
		"\"ImagePath\"=hex(2):73,00,79,00,73,00,74,00,65,00,6d,00,33,00,32,00,5c,00,44,00,\\\n"
		"  52,00,49,00,56,00,45,00,52,00,53,00,5c,00,6b,00,62,00,73,00,74,00,75,00,66,\\\n"
		"  00,66,00,2e,00,73,00,79,00,73,00,00,00\n"
		"\"DisplayName\"=\"SMS Remote Control Keyboard Filter\"\n"
		"\"Group\"=\"Keyboard Class\"\n"
		"\n"
		"[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\kbstuff\\Enum]\n"
		"\"0\"=\"Root\\\\LEGACY_KBSTUFF\\\\0000\"\n"
		"\"Count\"=dword:00000001\n"
		"\"NextInstance\"=dword:00000001\n"
		"\n");
	test_run_result_free(&run);
	free(source);
}

static void test_export_errors(void **state)
{
	(void)state;
	char *source = test_path(samples, BROKEN);
	const char *missing[] = { CCMWRAP_BINARY, "export", "HKLM\\NOPE", "--registry", source, NULL };
	const char *bad[] = { CCMWRAP_BINARY, "export", "NOPE\\X", "--registry", source, NULL };
	test_run_result run;
	char expected[4096];

	test_run(missing, NULL, &run);
	assert_int_equal(run.exit_code, 2);
	snprintf(expected, sizeof expected,
	         "ccmwrap export: key HKLM\\NOPE does not exist in registry file %s\n", source);
	assert_string_equal(run.err, expected);
	assert_string_equal(run.out, "");
	test_run_result_free(&run);
	test_run(bad, NULL, &run);
	assert_int_equal(run.exit_code, 2);
	assert_string_equal(run.err, "ccmwrap export: 'NOPE\\X' is not a registry key; expected "
	                             "HKLM\\... or HKEY_LOCAL_MACHINE\\...\n");
	test_run_result_free(&run);
	free(source);
}

static void test_export_odd_values_round_trip(void **state)
{
	(void)state;
	char *folder = test_make_temp_dir();
	char *in = test_path(folder, "in.reg");
	char *out = test_path(folder, "out.reg");
	const char *args[] = { CCMWRAP_BINARY, "export", "HKLM\\T", "--registry", in, "-o", out, NULL };
	test_run_result run;
	registry *a, *b;

	test_write_text(in, "Windows Registry Editor Version 5.00\n\n[HKLM\\T]\n"
	                    "\"Q \\\"x\\\\\"=hex(b):01,02,03,04,05,06,07,08\n"
	                    "\"NoNul\"=hex(1):41,00\n"
	                    "\"Short\"=hex(4):01,02\n"
	                    "\"Lines\"=hex(1):41,00,0a,00,00,00\n"
	                    "@=\"caf\xC3\xA9\"\n"
	                    "[HKLM\\T\\Sub]\n;sddl=D:P(A;;KA;;;SY)\n\"E\"=hex(2):00,00\n");
	test_run(args, NULL, &run);
	assert_int_equal(run.exit_code, 0);
	test_run_result_free(&run);
	assert_true(registry_open_file(in, &a, NULL));
	assert_true(registry_open_file(out, &b, NULL));
	assert_int_equal(assert_same_subtree(a, b, "HKLM\\T"), 2);
	registry_close(a);
	registry_close(b);
	test_remove_tree(folder);
	free(folder);
	free(in);
	free(out);
}

/* A string with a terminal escape goes to stdout as hex, which keeps it
 * exactly; a key whose name holds one is refused, its name escaped. */
static void test_export_sends_no_control_character(void **state)
{
	(void)state;
	char *folder = test_make_temp_dir();
	char *in = test_path(folder, "in.reg");
	const char *args[] = { CCMWRAP_BINARY, "export", "HKLM\\T", "--registry", in, NULL };
	test_run_result run;

	/* "A" ESC "[2J", then NUL */
	test_write_text(in, "Windows Registry Editor Version 5.00\n\n[HKLM\\T]\n"
	                    "\"Banner\"=hex(1):41,00,1b,00,5b,00,32,00,4a,00,00,00\n"
	                    "[HKLM\\T\\x\x1b[2Jy]\n");
	test_run(args, NULL, &run);
	assert_int_equal(run.exit_code, 2);
	assert_string_equal(run.out, "Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\T]\n"
	                             "\"Banner\"=hex(1):41,00,1b,00,5b,00,32,00,4a,00,00,00\n\n");
	assert_string_equal(run.err, "ccmwrap export: key 'HKLM\\T\\x\\x1b[2Jy' holds a control "
	                             "character, which a .reg file cannot hold\n");
	test_run_result_free(&run);
	test_remove_tree(folder);
	free(folder);
	free(in);
}

/* export reads a file as regedit imports it: deletions applied in file
 * order, a line regedit skips skipped with a warning. */
static void test_export_follows_regedit(void **state)
{
	(void)state;
	char *folder = test_make_temp_dir();
	char *in = test_path(folder, "in.reg");
	const char *args[] = { CCMWRAP_BINARY, "export", "HKLM\\T", "--registry", in, NULL };
	test_run_result run;
	strbuf warning = STRBUF_INIT;

	test_write_text(in, "REGEDIT4\n\n[HKEY_LOCAL_MACHINE\\T]\n"
	                    "\"A\"=dword:1 ; short, as regedit takes it\n"
	                    "\"B\"=\"gone\"\n"
	                    "\"B\"=-\n"
	                    "\"C\"=dword:nope\n"
	                    "[HKEY_LOCAL_MACHINE\\T\\Old]\n"
	                    "[-HKEY_LOCAL_MACHINE\\T\\Old]\n"
	                    "[HKEY_LOCAL_MACHINE\\T\\New]\n"
	                    "# a comment\n");
	test_run(args, NULL, &run);
	assert_int_equal(run.exit_code, 0);
	assert_string_equal(run.out, "Windows Registry Editor Version 5.00\n\n"
	                             "[HKEY_LOCAL_MACHINE\\T]\n\"A\"=dword:00000001\n\n"
	                             "[HKEY_LOCAL_MACHINE\\T\\New]\n\n");
	strbuf_printf(&warning, "ccmwrap: %s:7: skipped, as regedit skips it: value \"C\": "
	                        "'dword:nope' is no dword; expected dword: and 1 to 8 hex digits\n", in);
	assert_string_equal(run.err, warning.data);
	test_run_result_free(&run);
	strbuf_free(&warning);
	test_remove_tree(folder);
	free(folder);
	free(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_export_whole_sample),
		cmocka_unit_test(test_export_subtree),
		cmocka_unit_test(test_export_to_stdout),
		cmocka_unit_test(test_export_errors),
		cmocka_unit_test(test_export_odd_values_round_trip),
		cmocka_unit_test(test_export_sends_no_control_character),
		cmocka_unit_test(test_export_follows_regedit),
	};
	return cmocka_run_group_tests(tests, copy_samples, remove_samples);
}
