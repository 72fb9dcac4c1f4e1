/* ccmwrap check / fix / rollback as a user runs them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <uv.h>

#include "tests/support/testsupport.h"
#include "config/base/text.h"

#define CCS "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet"

static const char registry_text[] =
    "Windows Registry Editor Version 5.00\r\n\r\n"
    "[" CCS "]\r\n"
    ";sddl=O:SYG:SYD:PAI(A;CI;KA;;;SY)(A;CI;KR;;;BU)\r\n\r\n"
    "[" CCS "\\Enum\\Root\\*SMS_MOUSE]\r\n"
    ";sddl=O:BAG:SYD:P(A;CI;KR;;;SY)\r\n\r\n"
    "[" CCS "\\Enum\\Root\\*SMS_MOUSE\\0000]\r\n"
    "\"Service\"=\"kbstuff\"\r\n\r\n"
    "[" CCS "\\Services\\kbstuff]\r\n"
    ";sddl=O:BAG:SYD:AI(D;CI;KA;;;SY)(A;CIID;KA;;;SY)\r\n\r\n"
    "[" CCS "\\Services\\other]\r\n"
    ";sddl=O:BAG:SYD:P(A;CI;KR;;;SY)\r\n";

static const char ini_text[] =
    "[ccmsetup]\n"
    "path = ccmsetup.exe\n"
    "[logs]\n"
    "ccmsetup = ccmsetup.log\n"
    "[acl]\n"
    "trustee = SY\n"
    "token = S-1-5-18, S-1-5-32-544, S-1-1-0, S-1-5-11\n"
    "scope = HKLM\\SYSTEM\\CurrentControlSet\n"
    "search = kbstuff\n"
    "key = HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_MOUSE\n"
    "journal = acl.journal\n";

typedef struct fixture {
	char *dir;
	char *reg;
	char *ini;
} fixture;

static int setup(void **state)
{
	fixture *f = xcalloc(1, sizeof *f);

	f->dir = test_make_temp_dir();
	f->reg = test_path(f->dir, "machine.reg");
	f->ini = test_path(f->dir, "ccmwrap.ini");
	test_write_text(f->reg, registry_text);
	test_write_text(f->ini, ini_text);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	test_remove_tree(f->dir);
	free(f->dir);
	free(f->reg);
	free(f->ini);
	free(f);
	return 0;
}

/* Runs ccmwrap COMMAND -c INI --registry REG [extra]. */
static int64_t ccmwrap(const char *command, const char *ini, const char *reg, const char *extra,
                       test_run_result *result)
{
	const char *args[] = { CCMWRAP_BINARY, command, "-c", ini, "--registry", reg,
	                       "--allow-insecure-config", extra, NULL };

	test_run(args, NULL, result);
	return result->exit_code;
}

static void check_fix_rollback(void **state)
{
	fixture *f = *state;
	test_run_result run;

	assert_int_equal(ccmwrap("check", f->ini, f->reg, NULL, &run), 1);
	const char *keys =
	    "noncompliant HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_MOUSE rights=KR: nothing grants DCLCWPSDWDWO\n"
	    "noncompliant HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_MOUSE\\0000 rights=KR: nothing grants DCLCWPSDWDWO\n"
	    "noncompliant HKLM\\SYSTEM\\CurrentControlSet\\Services\\kbstuff rights=none: denied KA by ACE 1 (D;CI;KA;;;SY)\n"
	    "3 target keys, 3 noncompliant, 0 missing\n"
	    "ccmsetup's logs: ";
	assert_true(strncmp(run.out, keys, strlen(keys)) == 0);
	/* The INI names the log: it is the one place, and check says so. */
	char *log = test_path(f->dir, "ccmsetup.log");
	strbuf line = STRBUF_INIT;
	strbuf_printf(&line, "ccmsetup's logs: %s ([logs] ccmsetup in the INI)\n", log);
	assert_non_null(strstr(run.out, line.data));
	strbuf_free(&line);
	free(log);
	test_run_result_free(&run);

	assert_int_equal(ccmwrap("check", f->ini, f->reg, "--json", &run), 1);
	assert_true(strncmp(run.out, "{\"compliant\":false,\"targets\":3,\"noncompliant\":3,\"keys\":[{\"key\":", 62) == 0);
	assert_non_null(strstr(run.out, ",\"logs\":{\"expected\":"));
	assert_non_null(strstr(run.out, "\"holds_log\":false,\"configured\":true,\"sites\":[{\"folder\":"));
	test_run_result_free(&run);

	assert_int_equal(ccmwrap("fix", f->ini, f->reg, "--dry-run", &run), 0);
	assert_non_null(strstr(run.out, "would change HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_MOUSE\n"
	                                "  before: O:BAG:SYD:P(A;CI;KR;;;SY)\n"
	                                "  after:  O:BAG:SYD:P(A;CI;KA;;;SY)(A;CI;KR;;;SY)\n"));
	test_run_result_free(&run);
	size_t size = 0;
	char *now = test_read_file(f->reg, &size);
	assert_int_equal(size, strlen(registry_text));
	assert_memory_equal(now, registry_text, size);
	free(now);

	assert_int_equal(ccmwrap("fix", f->ini, f->reg, NULL, &run), 0);
	assert_non_null(strstr(run.out, "3 target keys, 3 noncompliant, 3 fixed, 0 failed\n"));
	test_run_result_free(&run);
	assert_int_equal(ccmwrap("check", f->ini, f->reg, NULL, &run), 0);
	test_run_result_free(&run);
	now = test_read_file(f->reg, NULL);
	assert_non_null(strstr(now, "[" CCS "\\Services\\other]\r\n;sddl=O:BAG:SYD:P(A;CI;KR;;;SY)\r\n"));
	free(now);

	assert_int_equal(ccmwrap("rollback", f->ini, f->reg, NULL, &run), 0);
	test_run_result_free(&run);
	assert_int_equal(ccmwrap("check", f->ini, f->reg, NULL, &run), 1);
	test_run_result_free(&run);
	assert_int_equal(ccmwrap("rollback", f->ini, f->reg, NULL, &run), 0);
	assert_string_equal(run.out, "0 journaled changes, 0 restored, 0 already as before, 0 conflicts\n");
	test_run_result_free(&run);
}

static void rollback_conflict_exit_code(void **state)
{
	fixture *f = *state;
	test_run_result run;

	assert_int_equal(ccmwrap("fix", f->ini, f->reg, NULL, &run), 0);
	test_run_result_free(&run);
	char *now = test_read_file(f->reg, NULL);
	char *line = strstr(now, ";sddl=O:BAG:SYD:P(A;CI;KA;;;SY)(A;CI;KR;;;SY)");
	assert_non_null(line);
	memcpy(line + strlen(";sddl=O:BAG:SYD:P(A;CI;K"), "W", 1);
	test_write_text(f->reg, now);
	free(now);
	assert_int_equal(ccmwrap("rollback", f->ini, f->reg, NULL, &run), TEST_EXIT_SEEN(10005));
	assert_non_null(strstr(run.out, "conflict HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_MOUSE: changed since the fix"));
	test_run_result_free(&run);
	assert_int_equal(ccmwrap("rollback", f->ini, f->reg, "--force", &run), 0);
	test_run_result_free(&run);
}

static void rollback_without_a_journal_says_so(void **state)
{
	fixture *f = *state;
	test_run_result run;
	char *journal = test_path(f->dir, "acl.journal");
	char *before = test_read_file(f->reg, NULL);

	assert_int_equal(ccmwrap("rollback", f->ini, f->reg, NULL, &run), 0);
	strbuf expected = STRBUF_INIT;
	strbuf_printf(&expected, "no journal at %s: no fix was made there, nothing to roll back\n",
	              journal);
	assert_string_equal(run.out, expected.data);
	char *after = test_read_file(f->reg, NULL);
	assert_string_equal(after, before);
	strbuf_free(&expected);
	free(after);
	free(before);
	free(journal);
	test_run_result_free(&run);
}

static void errors_exit_codes(void **state)
{
	fixture *f = *state;
	test_run_result run;
	char *missing = test_path(f->dir, "absent.reg");

	assert_int_equal(ccmwrap("check", f->ini, missing, NULL, &run), 2);
	test_run_result_free(&run);
	assert_int_equal(ccmwrap("check", f->ini, f->reg, "--bogus", &run), 2);
	test_run_result_free(&run);
	assert_int_equal(ccmwrap("fix", f->ini, f->reg, "--bogus", &run), TEST_EXIT_SEEN(10001));
	test_run_result_free(&run);
	free(missing);
}

/* The acceptance: the shipped samples. */
static void kb2000387_samples(void **state)
{
	fixture *f = *state;
	test_run_result run;
	char *broken = test_source_path("samples/registry/kb2000387-broken.reg");
	size_t size = 0;
	char *original = test_read_file(broken, &size);

	assert_non_null(original);
	/* Without %ProgramData% the sample keeps its state beside the INI. */
	char *copy_ini = test_copy_source("samples/kb2000387.ini", f->dir);
	test_write_file(f->reg, original, size);

	assert_int_equal(ccmwrap("check", copy_ini, f->reg, NULL, &run), 1);
	assert_non_null(strstr(run.out, "noncompliant HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_MOUSE"));
	test_run_result_free(&run);
	assert_int_equal(ccmwrap("fix", copy_ini, f->reg, "--dry-run", &run), 0);
	test_run_result_free(&run);
	size_t now_size = 0;
	char *now = test_read_file(f->reg, &now_size);
	assert_int_equal(now_size, size);
	assert_memory_equal(now, original, size);
	free(now);
	assert_int_equal(ccmwrap("fix", copy_ini, f->reg, NULL, &run), 0);
	test_run_result_free(&run);
	assert_int_equal(ccmwrap("check", copy_ini, f->reg, NULL, &run), 0);
	test_run_result_free(&run);
	assert_int_equal(ccmwrap("rollback", copy_ini, f->reg, NULL, &run), 0);
	test_run_result_free(&run);
	assert_int_equal(ccmwrap("check", copy_ini, f->reg, NULL, &run), 1);
	test_run_result_free(&run);
	free(copy_ini);
	free(broken);
	free(original);
}

/* ---- files as regedit writes and imports them */

#define MOUSE_KEY "HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_MOUSE"
#define KBSTUFF_KEY "HKLM\\SYSTEM\\CurrentControlSet\\Services\\kbstuff"
#define UNKNOWN_WHY ": no descriptor ccmwrap can read is stored for it or any key above it, so " \
                    "what it allows is unknown\n"

/* A plain regedit export: no ";sddl=" anywhere. */
static const char export_text[] =
    "Windows Registry Editor Version 5.00\r\n\r\n"
    "[" CCS "]\r\n\r\n"
    "[" CCS "\\Enum\\Root\\*SMS_MOUSE]\r\n\r\n"
    "[" CCS "\\Enum\\Root\\*SMS_MOUSE\\0000]\r\n"
    "\"Service\"=\"kbstuff\"\r\n\r\n"
    "[" CCS "\\Services\\kbstuff]\r\n";

static void expect_file(const char *path, const char *text)
{
	char *now = test_read_file(path, NULL);

	assert_string_equal(now, text);
	free(now);
}

static void expect_no_journal(const fixture *f)
{
	char *journal = test_path(f->dir, "acl.journal");

	assert_null(test_read_file(journal, NULL));
	free(journal);
}

static void plain_export_is_unknown(void **state)
{
	fixture *f = *state;
	test_run_result run;

	test_write_text(f->reg, export_text);
	assert_int_equal(ccmwrap("check", f->ini, f->reg, NULL, &run), 2);
	const char *keys =
	    "unknown      " MOUSE_KEY UNKNOWN_WHY
	    "unknown      " MOUSE_KEY "\\0000" UNKNOWN_WHY
	    "unknown      " KBSTUFF_KEY UNKNOWN_WHY
	    "3 target keys, 0 noncompliant, 3 unknown, 0 missing\n"
	    "ccmsetup's logs: ";
	assert_true(strncmp(run.out, keys, strlen(keys)) == 0);
	assert_string_equal(run.err, "");
	test_run_result_free(&run);
	assert_int_equal(ccmwrap("check", f->ini, f->reg, "--json", &run), 2);
	const char *json = "{\"compliant\":false,\"targets\":3,\"noncompliant\":0,\"keys\":[";
	assert_true(strncmp(run.out, json, strlen(json)) == 0);
	assert_non_null(strstr(run.out, ",\"compliant\":false,\"unknown\":true,"));
	assert_non_null(strstr(run.out, "],\"missing\":[],\"vanished\":[],\"unknown\":3,\"logs\":"));
	test_run_result_free(&run);

	assert_int_equal(ccmwrap("fix", f->ini, f->reg, NULL, &run), 0);
	assert_string_equal(run.out,
	    "left alone " MOUSE_KEY UNKNOWN_WHY
	    "left alone " MOUSE_KEY "\\0000" UNKNOWN_WHY
	    "left alone " KBSTUFF_KEY UNKNOWN_WHY
	    "3 target keys, 0 noncompliant, 0 fixed, 0 failed, 3 unknown (left alone)\n");
	test_run_result_free(&run);
	expect_file(f->reg, export_text);
	expect_no_journal(f);
}

/* Descriptors stored for some keys only: those are checked and fixed, the
 * others left alone and said so. */
static void fix_leaves_unknown_keys_alone(void **state)
{
	fixture *f = *state;
	test_run_result run;
	strbuf text = STRBUF_INIT;

	strbuf_printf(&text, "%s", export_text);
	strbuf_printf(&text, "\r\n[" CCS "\\Enum]\r\n;sddl=O:SYG:SYD:PAI(A;CI;KR;;;SY)\r\n");
	test_write_text(f->reg, text.data);
	assert_int_equal(ccmwrap("check", f->ini, f->reg, NULL, &run), 2);
	assert_non_null(strstr(run.out, "noncompliant " MOUSE_KEY " rights=KR: "));
	assert_non_null(strstr(run.out, "unknown      " KBSTUFF_KEY UNKNOWN_WHY
	                                "3 target keys, 2 noncompliant, 1 unknown, 0 missing\n"));
	test_run_result_free(&run);
	assert_int_equal(ccmwrap("fix", f->ini, f->reg, NULL, &run), 0);
	assert_non_null(strstr(run.out, "changed " MOUSE_KEY "\n"));
	assert_non_null(strstr(run.out, "left alone " KBSTUFF_KEY UNKNOWN_WHY
	                                "3 target keys, 2 noncompliant, 2 fixed, 0 failed, 1 unknown "
	                                "(left alone)\n"));
	assert_null(strstr(run.out, "changed " KBSTUFF_KEY));
	test_run_result_free(&run);
	assert_int_equal(ccmwrap("check", f->ini, f->reg, NULL, &run), 2);
	assert_non_null(strstr(run.out, "3 target keys, 0 noncompliant, 1 unknown, 0 missing\n"));
	test_run_result_free(&run);
	strbuf_free(&text);
}

/* Commands that only read take a file with lines regedit skips, saying
 * which; fix and rollback, which write it back, refuse it and list them. */
static void skipped_lines_refuse_a_rewrite(void **state)
{
	fixture *f = *state;
	test_run_result run;
	strbuf text = STRBUF_INIT, warnings = STRBUF_INIT, refusal = STRBUF_INIT;

	strbuf_printf(&text, "%s\"Bad\"=dword:zz\r\ngarbage\r\n", registry_text);
	test_write_text(f->reg, text.data);
	strbuf_printf(&warnings,
	              "ccmwrap: %s:17: skipped, as regedit skips it: value \"Bad\": 'dword:zz' is no "
	              "dword; expected dword: and 1 to 8 hex digits\n"
	              "ccmwrap: %s:18: skipped, as regedit skips it: 'garbage' is no .reg line; "
	              "expected [KEY], \"name\"=value, @=value, a comment or a blank line\n",
	              f->reg, f->reg);
	assert_int_equal(ccmwrap("check", f->ini, f->reg, NULL, &run), 1);
	assert_string_equal(run.err, warnings.data);
	assert_non_null(strstr(run.out, "3 target keys, 3 noncompliant, 0 missing\n"));
	test_run_result_free(&run);
	assert_int_equal(ccmwrap("fix", f->ini, f->reg, "--dry-run", &run), 0);
	assert_string_equal(run.err, warnings.data);
	assert_non_null(strstr(run.out, "would change " MOUSE_KEY "\n"));
	test_run_result_free(&run);

	const struct {
		const char *command;
		int64_t exit_code;
	} writers[] = { { "fix", TEST_EXIT_SEEN(10002) }, { "rollback", TEST_EXIT_SEEN(10005) } };
	for (size_t i = 0; i < sizeof writers / sizeof writers[0]; i++) {
		strbuf_clear(&refusal);
		strbuf_printf(&refusal, "%sccmwrap %s: registry file %s: refused, because reading it "
		                        "skipped 2 lines as regedit skips them (%s:17, %s:18); ccmwrap "
		                        "writes back only a file it read whole, so that nothing in it is "
		                        "lost: correct or remove those lines first\n", warnings.data,
		              writers[i].command, f->reg, f->reg, f->reg);
		assert_int_equal(ccmwrap(writers[i].command, f->ini, f->reg, NULL, &run),
		                 writers[i].exit_code);
		assert_string_equal(run.err, refusal.data);
		test_run_result_free(&run);
		expect_file(f->reg, text.data);
		expect_no_journal(f);
	}
	strbuf_free(&text);
	strbuf_free(&warnings);
	strbuf_free(&refusal);
}

/* Deletions applied in file order: the key deleted and written again is
 * the one fixed; only its ";sddl=" line changes, and rollback gives back
 * the file byte for byte. */
static const char deletions_text[] =
    "Windows Registry Editor Version 5.00\r\n\r\n"
    "[" CCS "]\r\n"
    ";sddl=O:SYG:SYD:PAI(A;CI;KA;;;SY)(A;CI;KR;;;BU)\r\n\r\n"
    "[" CCS "\\Enum\\Root\\*SMS_MOUSE]\r\n"
    ";sddl=O:BAG:SYD:P(A;CI;KA;;;SY)\r\n"
    "\"Gone\"=\"x\"\r\n\r\n"
    "[" CCS "\\Enum\\Root\\*SMS_MOUSE\\0000]\r\n"
    "\"Service\"=\"kbstuff\"\r\n\r\n"
    "[-" CCS "\\Enum\\Root\\*SMS_MOUSE]\r\n\r\n"
    "[" CCS "\\Enum\\Root\\*SMS_MOUSE]\r\n"
    ";sddl=O:BAG:SYD:P(A;CI;KR;;;SY)\r\n\r\n"
    "[" CCS "\\Enum\\Root\\*SMS_MOUSE\\0000]\r\n"
    "\"Service\"=\"kbstuff\"\r\n"
    "\"Driver\"=\"x\"\r\n"
    "\"Driver\"=-\r\n\r\n"
    "[" CCS "\\Services\\kbstuff]\r\n"
    ";sddl=O:BAG:SYD:AI(D;CI;KA;;;SY)(A;CIID;KA;;;SY)\r\n";

static void fix_and_rollback_with_deletions(void **state)
{
	fixture *f = *state;
	test_run_result run;

	test_write_text(f->reg, deletions_text);
	assert_int_equal(ccmwrap("check", f->ini, f->reg, NULL, &run), 1);
	assert_non_null(strstr(run.out, "noncompliant " MOUSE_KEY " rights=KR: "));
	assert_non_null(strstr(run.out, "3 target keys, 3 noncompliant, 0 missing\n"));
	assert_string_equal(run.err, "");
	test_run_result_free(&run);
	assert_int_equal(ccmwrap("fix", f->ini, f->reg, NULL, &run), 0);
	assert_non_null(strstr(run.out, "changed " MOUSE_KEY "\n"
	                                "  before: O:BAG:SYD:P(A;CI;KR;;;SY)\n"
	                                "  after:  O:BAG:SYD:P(A;CI;KA;;;SY)(A;CI;KR;;;SY)\n"));
	assert_non_null(strstr(run.out, "3 target keys, 3 noncompliant, 3 fixed, 0 failed\n"));
	test_run_result_free(&run);
	char *now = test_read_file(f->reg, NULL);
	assert_non_null(strstr(now, "*SMS_MOUSE]\r\n;sddl=O:BAG:SYD:P(A;CI;KA;;;SY)\r\n\"Gone\""));
	assert_non_null(strstr(now, "*SMS_MOUSE]\r\n;sddl=O:BAG:SYD:P(A;CI;KA;;;SY)(A;CI;KR;;;SY)"
	                            "\r\n\r\n"));
	assert_non_null(strstr(now, "\"Driver\"=\"x\"\r\n\"Driver\"=-\r\n"));
	free(now);
	assert_int_equal(ccmwrap("check", f->ini, f->reg, NULL, &run), 0);
	test_run_result_free(&run);
	assert_int_equal(ccmwrap("rollback", f->ini, f->reg, NULL, &run), 0);
	test_run_result_free(&run);
	expect_file(f->reg, deletions_text);
}

/* text without its [KBSTUFF] section (caller frees). */
static char *without_kbstuff(const char *text)
{
	const char *start = strstr(text, "[" CCS "\\Services\\kbstuff]");
	const char *end = strstr(text, "[" CCS "\\Services\\other]");
	strbuf out = STRBUF_INIT;

	assert_non_null(start);
	assert_non_null(end);
	strbuf_add(&out, text, (size_t)(start - text));
	strbuf_add_string(&out, end);
	return strbuf_detach(&out);
}

/* A key the fix changed and another program deleted since holds nothing
 * of the fix: rollback says it is gone, restores the rest and is done. */
static void rollback_of_a_deleted_key(void **state)
{
	fixture *f = *state;
	test_run_result run;

	assert_int_equal(ccmwrap("fix", f->ini, f->reg, NULL, &run), 0);
	test_run_result_free(&run);
	char *fixed = test_read_file(f->reg, NULL);
	char *deleted = without_kbstuff(fixed);
	test_write_text(f->reg, deleted);
	assert_int_equal(ccmwrap("rollback", f->ini, f->reg, NULL, &run), 0);
	assert_string_equal(run.out, "gone HKLM\\SYSTEM\\CurrentControlSet\\Services\\kbstuff: the "
	                             "key no longer exists; nothing to restore\n"
	                             "2 journaled changes, 1 restored, 0 already as before, "
	                             "0 conflicts, 1 gone\n");
	test_run_result_free(&run);
	char *original = without_kbstuff(registry_text);
	expect_file(f->reg, original);
	assert_int_equal(ccmwrap("rollback", f->ini, f->reg, NULL, &run), 0);
	assert_string_equal(run.out,
	                    "0 journaled changes, 0 restored, 0 already as before, 0 conflicts\n");
	test_run_result_free(&run);
	free(original);
	free(deleted);
	free(fixed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(check_fix_rollback, setup, teardown),
		cmocka_unit_test_setup_teardown(rollback_conflict_exit_code, setup, teardown),
		cmocka_unit_test_setup_teardown(rollback_without_a_journal_says_so, setup, teardown),
		cmocka_unit_test_setup_teardown(errors_exit_codes, setup, teardown),
		cmocka_unit_test_setup_teardown(kb2000387_samples, setup, teardown),
		cmocka_unit_test_setup_teardown(plain_export_is_unknown, setup, teardown),
		cmocka_unit_test_setup_teardown(fix_leaves_unknown_keys_alone, setup, teardown),
		cmocka_unit_test_setup_teardown(skipped_lines_refuse_a_rewrite, setup, teardown),
		cmocka_unit_test_setup_teardown(fix_and_rollback_with_deletions, setup, teardown),
		cmocka_unit_test_setup_teardown(rollback_of_a_deleted_key, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
