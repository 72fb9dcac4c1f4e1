/* check, fix, journal and rollback on small registry files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "checks/compliance.h"
#include "checks/fix.h"
#include "checks/journal.h"
#include "checks/rollback.h"
#include "checks/scan.h"
#include "tests/support/testsupport.h"

#define CCS "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet"

static const char registry_text[] =
    "Windows Registry Editor Version 5.00\r\n\r\n"
    "[" CCS "]\r\n"
    ";sddl=O:SYG:SYD:PAI(A;CI;KA;;;SY)(A;CI;KA;;;S-1-5-21-1-2-3-512)(A;CI;KR;;;BU)\r\n\r\n"
    "[" CCS "\\Enum]\r\n\r\n"
    "[" CCS "\\Enum\\Root]\r\n\r\n"
    /* protected, read-only grant, subkey without own descriptor */
    "[" CCS "\\Enum\\Root\\*SMS_MOUSE]\r\n"
    ";sddl=O:BAG:SYD:P(A;CI;KR;;;SY)(A;CI;KA;;;S-1-5-21-1-2-3-512)\r\n\r\n"
    "[" CCS "\\Enum\\Root\\*SMS_MOUSE\\0000]\r\n"
    "\"Service\"=\"kbstuff\"\r\n\r\n"
    /* explicit deny; protected read-only child */
    "[" CCS "\\Enum\\Root\\*SMS_KEYBOARD]\r\n"
    ";sddl=O:BAG:SYD:AI(D;CI;KA;;;SY)(A;CIID;KA;;;SY)(A;CIID;KA;;;S-1-5-21-1-2-3-512)\r\n\r\n"
    "[" CCS "\\Enum\\Root\\*SMS_KEYBOARD\\0000]\r\n"
    ";sddl=O:BAG:SYD:P(A;;KR;;;SY)\r\n\r\n"
    /* inherit-only grant; stored unprotected child that must be re-derived */
    "[" CCS "\\Enum\\Root\\*SMS_DISPLAY]\r\n"
    ";sddl=O:BAG:SYD:P(A;CIIO;KA;;;SY)(A;CI;KA;;;S-1-5-21-1-2-3-512)\r\n\r\n"
    "[" CCS "\\Enum\\Root\\*SMS_DISPLAY\\0000]\r\n"
    ";sddl=O:BAG:SYD:AI(A;;KR;;;BU)(A;CIID;KA;;;SY)(A;CIID;KA;;;S-1-5-21-1-2-3-512)\r\n\r\n"
    "[" CCS "\\Services]\r\n\r\n"
    /* found by search, no ACE for SYSTEM at all */
    "[" CCS "\\Services\\kbstuff]\r\n"
    ";sddl=O:BAG:SYD:P(A;CI;KR;;;BA)\r\n"
    "\"Start\"=dword:00000003\r\n\r\n"
    "[" CCS "\\Services\\other]\r\n"
    ";sddl=O:BAG:SYD:P(A;CI;KR;;;BA)\r\n"
    "\"Start\"=dword:00000002\r\n\r\n"
    "[" CCS "\\Control\\Class\\{4D36E96B-E325-11CE-BFC1-08002BE10318}]\r\n"
    ";sddl=O:BAG:SYD:PAI(A;CI;KA;;;S-1-5-21-1-2-3-512)\r\n"
    "\"UpperFilters\"=hex(7):6b,00,62,00,73,00,74,00,75,00,66,00,66,00,00,00,00,00\r\n\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Outside]\r\n"
    ";sddl=O:BAG:SYD:P(A;CI;KR;;;BA)\r\n"
    "\"Ref\"=\"kbstuff\"\r\n";

static const char *const all_keys[] = {
	"HKLM\\SYSTEM\\CurrentControlSet",
	"HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_MOUSE",
	"HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_MOUSE\\0000",
	"HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_KEYBOARD",
	"HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_KEYBOARD\\0000",
	"HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_DISPLAY",
	"HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_DISPLAY\\0000",
	"HKLM\\SYSTEM\\CurrentControlSet\\Services\\kbstuff",
	"HKLM\\SYSTEM\\CurrentControlSet\\Services\\other",
	"HKLM\\SYSTEM\\CurrentControlSet\\Control\\Class\\{4D36E96B-E325-11CE-BFC1-08002BE10318}",
	"HKLM\\SOFTWARE\\Outside",
};
#define KEY_COUNT (sizeof all_keys / sizeof all_keys[0])

typedef struct fixture {
	char *dir;
	char *reg_path;
	char *journal_path;
	config cfg;
} fixture;

static int setup(void **state)
{
	fixture *f = xcalloc(1, sizeof *f);

	f->dir = test_make_temp_dir();
	f->reg_path = test_path(f->dir, "machine.reg");
	f->journal_path = test_path(f->dir, "acl.journal");
	test_write_text(f->reg_path, registry_text);
	snprintf(f->cfg.acl.trustee, sizeof f->cfg.acl.trustee, "S-1-5-18");
	strlist_add(&f->cfg.acl.token, "S-1-5-18");
	strlist_add(&f->cfg.acl.token, "S-1-5-32-544");
	strlist_add(&f->cfg.acl.token, "S-1-1-0");
	strlist_add(&f->cfg.acl.token, "S-1-5-11");
	f->cfg.acl.rights = 0xF003F;
	f->cfg.acl.scope = xstrdup("HKLM\\SYSTEM\\CurrentControlSet");
	strlist_add(&f->cfg.acl.search, "KBSTUFF");
	strlist_add(&f->cfg.acl.keys, "HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_MOUSE");
	strlist_add(&f->cfg.acl.keys, "HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_KEYBOARD");
	strlist_add(&f->cfg.acl.keys, "HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_DISPLAY");
	strlist_add(&f->cfg.acl.keys, "HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_ABSENT");
	f->cfg.acl.remove_deny = CONFIG_REMOVE_DENY_TRUSTEE;
	f->cfg.acl.journal = xstrdup(f->journal_path);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	test_remove_tree(f->dir);
	free(f->dir);
	free(f->reg_path);
	free(f->journal_path);
	strlist_free(&f->cfg.acl.token);
	strlist_free(&f->cfg.acl.search);
	strlist_free(&f->cfg.acl.keys);
	free(f->cfg.acl.scope);
	free(f->cfg.acl.journal);
	free(f);
	return 0;
}

static registry *open_registry(const fixture *f)
{
	registry *reg = NULL;
	error_message err = { "" };

	if (!registry_open_file(f->reg_path, &reg, &err))
		fail_msg("%s", err.text);
	return reg;
}

/* Every key's stored descriptor ("-" for none), one per line. */
static char *descriptors(const fixture *f)
{
	registry *reg = open_registry(f);
	strbuf out = STRBUF_INIT;

	for (size_t i = 0; i < KEY_COUNT; i++) {
		char *sddl = NULL;
		assert_true(registry_get_security(reg, all_keys[i], &sddl, NULL));
		strbuf_printf(&out, "%s=%s\n", all_keys[i], sddl != NULL ? sddl : "-");
		free(sddl);
	}
	registry_close(reg);
	return strbuf_detach(&out);
}

static size_t count_noncompliant(const fixture *f, strbuf *listing)
{
	registry *reg = open_registry(f);
	scan_result targets = SCAN_RESULT_INIT;
	compliance_report report;
	inherit_source source;

	inherit_source_init(&source, reg);
	assert_true(scan_targets(reg, &f->cfg, &targets, NULL));
	assert_true(compliance_check(&source, &f->cfg, &targets, &report, NULL));
	for (size_t i = 0; listing != NULL && i < report.count; i++)
		strbuf_printf(listing, "%s %s %s\n", report.keys[i].compliant ? "ok" : "NO",
		              report.keys[i].key, report.keys[i].why);
	size_t count = report.noncompliant;
	compliance_report_free(&report);
	scan_result_free(&targets);
	inherit_source_free(&source);
	registry_close(reg);
	return count;
}

static bool run_fix(const fixture *f, bool dry_run, fix_summary *summary)
{
	registry *reg = open_registry(f);
	fix_options options = { .dry_run = dry_run, .journal_path = NULL };
	error_message err = { "" };

	bool ok = fix_run(reg, &f->cfg, &options, summary, &err);
	if (!ok)
		print_error("%s\n", err.text);
	registry_close(reg);
	return ok;
}

static void targets_and_check(void **state)
{
	fixture *f = *state;
	registry *reg = open_registry(f);
	scan_result targets = SCAN_RESULT_INIT;
	strbuf listing = STRBUF_INIT;

	assert_true(scan_targets(reg, &f->cfg, &targets, NULL));
	assert_int_equal(targets.missing.count, 1);
	assert_string_equal(targets.missing.items[0],
	                    "HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_ABSENT");
	/* three configured roots, then the search hits (not the one outside scope) */
	assert_int_equal(targets.roots.count, 5);
	assert_string_equal(targets.roots.items[3],
	                    "HKLM\\SYSTEM\\CurrentControlSet\\Services\\kbstuff");
	assert_string_equal(targets.roots.items[4], all_keys[9]);
	assert_int_equal(targets.keys.count, 8);
	scan_result_free(&targets);
	registry_close(reg);

	assert_int_equal(count_noncompliant(f, &listing), 7);
	assert_string_equal(
	    listing.data,
	    "NO HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_MOUSE nothing grants DCLCWPSDWDWO\n"
	    "NO HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_MOUSE\\0000 nothing grants DCLCWPSDWDWO\n"
	    "NO HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_KEYBOARD denied KA by ACE 1 (D;CI;KA;;;SY)\n"
	    "NO HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_KEYBOARD\\0000 nothing grants DCLCWPSDWDWO\n"
	    "NO HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_DISPLAY nothing grants KA\n"
	    "ok HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_DISPLAY\\0000 \n"
	    "NO HKLM\\SYSTEM\\CurrentControlSet\\Services\\kbstuff nothing grants DCLCWPSDWDWO\n"
	    "NO HKLM\\SYSTEM\\CurrentControlSet\\Control\\Class\\{4D36E96B-E325-11CE-BFC1-08002BE10318} nothing grants KA\n");
	strbuf_free(&listing);
}

static void dry_run_changes_nothing(void **state)
{
	fixture *f = *state;
	fix_summary summary;

	assert_true(run_fix(f, true, &summary));
	assert_int_equal(summary.noncompliant, 7);
	assert_int_equal(summary.fixed, 7);
	assert_int_equal(summary.failed, 0);
	assert_true(summary.change_count > 0);
	fix_summary_free(&summary);
	size_t size = 0;
	char *after = test_read_file(f->reg_path, &size);
	assert_int_equal(size, strlen(registry_text));
	assert_memory_equal(after, registry_text, size);
	free(after);
	assert_null(test_read_file(f->journal_path, NULL));
}

static void fix_then_compliant_then_rollback(void **state)
{
	fixture *f = *state;
	fix_summary summary;
	char *original = descriptors(f);

	assert_true(run_fix(f, false, &summary));
	assert_int_equal(summary.targets, 8);
	assert_int_equal(summary.fixed, 7);
	assert_int_equal(summary.failed, 0);
	assert_int_equal(summary.missing.count, 1);
	/* the root got the grant after the explicit denies were removed */
	assert_string_equal(summary.changes[0].key, all_keys[1]);
	assert_string_equal(summary.changes[0].after, "O:BAG:SYD:P(A;CI;KA;;;SY)(A;CI;KR;;;SY)(A;CI;KA;;;S-1-5-21-1-2-3-512)");
	fix_summary_free(&summary);
	assert_int_equal(count_noncompliant(f, NULL), 0);

	char *fixed = descriptors(f);
	assert_string_not_equal(fixed, original);
	/* unrelated keys are untouched, inside scope and outside */
	assert_non_null(strstr(fixed, "Services\\other=O:BAG:SYD:P(A;CI;KR;;;BA)\n"));
	assert_non_null(strstr(fixed, "Outside=O:BAG:SYD:P(A;CI;KR;;;BA)\n"));
	/* the key without a descriptor still inherits; the stored child was re-derived */
	assert_non_null(strstr(fixed, "*SMS_MOUSE\\0000=-\n"));
	assert_non_null(strstr(fixed, "*SMS_DISPLAY\\0000=O:BAG:SYD:AI(A;;KR;;;BU)(A;CIID;KA;;;SY)(A;CIID;KA;;;SY)(A;CIID;KA;;;S-1-5-21-1-2-3-512)\n"));
	char *text = test_read_file(f->reg_path, NULL);
	assert_non_null(strstr(text, "[" CCS "\\Services\\other]\r\n;sddl=O:BAG:SYD:P(A;CI;KR;;;BA)\r\n\"Start\"=dword:00000002\r\n"));
	free(text);
	char *journal_text = test_read_file(f->journal_path, NULL);
	assert_non_null(strstr(journal_text, "{\"op\":\"done\""));
	free(journal_text);

	/* a second fix has nothing to do */
	assert_true(run_fix(f, false, &summary));
	assert_int_equal(summary.noncompliant, 0);
	assert_int_equal(summary.change_count, 0);
	fix_summary_free(&summary);

	registry *reg = open_registry(f);
	rollback_summary undo;
	assert_true(rollback_run(reg, &f->cfg, f->journal_path, false, &undo, NULL));
	assert_int_equal(undo.unresolved, 0);
	assert_true(undo.restored > 0);
	rollback_summary_free(&undo);
	registry_close(reg);
	char *restored = descriptors(f);
	assert_string_equal(restored, original);

	/* marked: a second rollback finds nothing */
	reg = open_registry(f);
	assert_true(rollback_run(reg, &f->cfg, f->journal_path, false, &undo, NULL));
	assert_int_equal(undo.changes, 0);
	rollback_summary_free(&undo);
	registry_close(reg);
	free(original);
	free(fixed);
	free(restored);
}

static void rollback_after_crash(void **state)
{
	fixture *f = *state;
	fix_summary summary;
	char *original = descriptors(f);

	assert_true(run_fix(f, false, &summary));
	fix_summary_free(&summary);
	/* as if killed mid-way: no "done", the last line cut off */
	size_t size = 0;
	char *journal_text = test_read_file(f->journal_path, &size);
	char *done = strstr(journal_text, "{\"op\":\"done\"");
	assert_non_null(done);
	strcpy(done, "{\"op\":\"set\",\"key\":\"HKLM\\\\SYS");
	test_write_text(f->journal_path, journal_text);
	free(journal_text);

	journal_contents contents;
	assert_true(journal_read(f->journal_path, &contents, NULL));
	assert_false(contents.done);
	assert_true(contents.count > 0);
	journal_contents_free(&contents);

	registry *reg = open_registry(f);
	rollback_summary undo;
	assert_true(rollback_run(reg, &f->cfg, f->journal_path, false, &undo, NULL));
	assert_int_equal(undo.unresolved, 0);
	rollback_summary_free(&undo);
	registry_close(reg);
	char *restored = descriptors(f);
	assert_string_equal(restored, original);
	journal_text = test_read_file(f->journal_path, NULL);
	assert_null(strstr(journal_text, "HKLM\\\\SYS\""));
	assert_non_null(strstr(journal_text, "}\n{\"op\":\"rolled-back\""));
	free(journal_text);
	free(original);
	free(restored);
}

static void rollback_conflict_left_alone_unless_forced(void **state)
{
	fixture *f = *state;
	fix_summary summary;
	const char *mouse = all_keys[1];

	assert_true(run_fix(f, false, &summary));
	fix_summary_free(&summary);
	registry *reg = open_registry(f);
	assert_true(registry_set_security(reg, mouse, "O:BAG:SYD:P(A;;KA;;;BU)", NULL));
	assert_true(registry_commit(reg, NULL));
	registry_close(reg);

	rollback_summary undo;
	reg = open_registry(f);
	assert_true(rollback_run(reg, &f->cfg, f->journal_path, false, &undo, NULL));
	assert_int_equal(undo.conflicts, 1);
	assert_int_equal(undo.unresolved, 1);
	assert_true(strstr(undo.messages.items[0], "*SMS_MOUSE: changed since the fix (now O:BAG:SYD:P(A;;KA;;;BU)") != NULL);
	rollback_summary_free(&undo);
	registry_close(reg);
	reg = open_registry(f);
	char *sddl = NULL;
	assert_true(registry_get_security(reg, mouse, &sddl, NULL));
	assert_string_equal(sddl, "O:BAG:SYD:P(A;;KA;;;BU)");
	free(sddl);
	assert_true(rollback_run(reg, &f->cfg, f->journal_path, true, &undo, NULL));
	assert_int_equal(undo.unresolved, 0);
	rollback_summary_free(&undo);
	registry_close(reg);
	reg = open_registry(f);
	assert_true(registry_get_security(reg, mouse, &sddl, NULL));
	assert_string_equal(sddl, "O:BAG:SYD:P(A;CI;KR;;;SY)(A;CI;KA;;;S-1-5-21-1-2-3-512)");
	free(sddl);
	registry_close(reg);
}

static void deny_for_another_sid_is_not_repaired(void **state)
{
	fixture *f = *state;
	fix_summary summary;

	test_write_text(f->reg_path,
	                "Windows Registry Editor Version 5.00\r\n\r\n"
	                "[" CCS "\\Enum\\Root\\*SMS_MOUSE]\r\n"
	                ";sddl=O:BAG:SYD:P(D;;KW;;;WD)(A;CI;KA;;;S-1-5-21-1-2-3-512)\r\n");
	assert_true(run_fix(f, false, &summary));
	assert_int_equal(summary.failed, 1);
	assert_string_equal(summary.failures.items[0],
	                    "HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_MOUSE: denied KW by ACE 1 (D;;KW;;;WD)");
	/* the grant still went in, after the deny; the deny for Everyone stays */
	assert_string_equal(summary.changes[0].after, "O:BAG:SYD:P(D;;KW;;;WD)(A;CI;KA;;;SY)(A;CI;KA;;;S-1-5-21-1-2-3-512)");
	fix_summary_free(&summary);
}

static void key_outside_scope_is_never_changed(void **state)
{
	fixture *f = *state;
	fix_summary summary;

	strlist_add(&f->cfg.acl.keys, "HKLM\\SOFTWARE\\Outside");
	assert_true(run_fix(f, false, &summary));
	assert_int_equal(summary.failed, 1);
	assert_string_equal(summary.failures.items[0],
	                    "HKLM\\SOFTWARE\\Outside: outside acl.scope, left unchanged");
	for (size_t i = 0; i < summary.change_count; i++)
		assert_null(strstr(summary.changes[i].key, "SOFTWARE"));
	fix_summary_free(&summary);
	char *now = descriptors(f);
	assert_non_null(strstr(now, "Outside=O:BAG:SYD:P(A;CI;KR;;;BA)\n"));
	free(now);
}

static void journal_lines_round_trip(void **state)
{
	fixture *f = *state;
	journal writer;
	journal_contents contents;
	error_message err = { "" };

	char *set_aside = NULL;
	assert_true(journal_open(&writer, f->journal_path, "file:test", &set_aside, NULL));
	assert_null(set_aside);
	assert_true(journal_append_set(&writer, "HKLM\\A \"q\"", NULL, "D:(A;;KA;;;SY)", true, NULL));
	assert_true(journal_append_set(&writer, "HKLM\\B", "D:", "D:P", false, NULL));
	assert_true(journal_append_done(&writer, NULL));
	journal_close(&writer);
	assert_true(journal_read(f->journal_path, &contents, NULL));
	assert_int_equal(contents.count, 2);
	assert_true(contents.done);
	assert_string_equal(contents.registry, "file:test");
	assert_string_equal(contents.changes[0].key, "HKLM\\A \"q\"");
	assert_null(contents.changes[0].before);
	assert_string_equal(contents.changes[1].before, "D:");
	journal_contents_free(&contents);

	test_write_text(f->journal_path, "{\"op\":\"done\"}\nnot json\n{\"op\":\"done\"}\n");
	assert_false(journal_read(f->journal_path, &contents, &err));
	char expected[4096];
	snprintf(expected, sizeof expected, "journal %s:2: not a journal line; expected {\"op\":...}",
	         f->journal_path);
	assert_string_equal(err.text, expected);
}

/* A child stored out of step with its parent: re-deriving it would hand
 * BUILTIN\Users the parent's full control, so it gets SYSTEM's ACE of its
 * own and the plan says why. */
static void rederiving_never_widens_another_principal(void **state)
{
	fixture *f = *state;
	fix_summary summary;

	test_write_text(f->reg_path,
	                "Windows Registry Editor Version 5.00\r\n\r\n"
	                "[" CCS "\\Enum\\Root\\*SMS_MOUSE]\r\n"
	                ";sddl=O:BAG:SYD:P(A;CI;KR;;;SY)(A;CI;KA;;;BU)\r\n\r\n"
	                "[" CCS "\\Enum\\Root\\*SMS_MOUSE\\0000]\r\n"
	                ";sddl=O:BAG:SYD:AI(A;CIID;KR;;;SY)(A;CIID;KR;;;BU)\r\n");
	assert_true(run_fix(f, false, &summary));
	assert_int_equal(summary.failed, 0);
	assert_int_equal(summary.notes.count, 1);
	assert_string_equal(summary.notes.items[0],
	                    "HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_MOUSE\\0000: "
	                    "re-deriving it from its parent would give S-1-5-32-545 more than it has (DCLCWPSDWDWO); "
	                    "it gets the trustee's ACE of its own instead");
	fix_summary_free(&summary);
	registry *reg = open_registry(f);
	char *sddl = NULL;
	assert_true(registry_get_security(reg, "HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_MOUSE\\0000", &sddl, NULL));
	assert_string_equal(sddl, "O:BAG:SYD:AI(A;CI;KA;;;SY)(A;CIID;KR;;;SY)(A;CIID;KR;;;BU)");
	free(sddl);
	registry_close(reg);
}

/* A key with no descriptor on it or above it is unknown: fix gives it
 * none (one made up could narrow what it allows today), while a key below
 * it that stores one is fixed as usual. */
static void unknown_key_is_left_alone(void **state)
{
	fixture *f = *state;
	fix_summary summary;

	test_write_text(f->reg_path, "Windows Registry Editor Version 5.00\r\n\r\n"
	                "[" CCS "\\Enum\\Root\\*SMS_MOUSE]\r\n\r\n"
	                "[" CCS "\\Enum\\Root\\*SMS_MOUSE\\0000]\r\n"
	                ";sddl=O:BAG:SYD:P(A;CI;KR;;;SY)\r\n"
	                "\"Service\"=\"kbstuff\"\r\n");
	assert_true(run_fix(f, false, &summary));
	assert_int_equal(summary.targets, 2);
	assert_int_equal(summary.noncompliant, 1);
	assert_int_equal(summary.fixed, 1);
	assert_int_equal(summary.failed, 0);
	assert_int_equal(summary.unknown, 1);
	assert_string_equal(summary.unknown_keys.items[0],
	                    "HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_MOUSE: no descriptor ccmwrap "
	                    "can read is stored for it or any key above it, so what it allows is "
	                    "unknown");
	assert_int_equal(summary.change_count, 1);
	assert_string_equal(summary.changes[0].key,
	                    "HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_MOUSE\\0000");
	fix_summary_free(&summary);
	registry *reg = open_registry(f);
	char *sddl = NULL;
	assert_true(registry_get_security(reg, all_keys[1], &sddl, NULL));
	assert_null(sddl);
	assert_true(registry_get_security(reg, all_keys[2], &sddl, NULL));
	assert_string_equal(sddl, "O:BAG:SYD:P(A;CI;KA;;;SY)(A;CI;KR;;;SY)");
	free(sddl);
	registry_close(reg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(targets_and_check, setup, teardown),
		cmocka_unit_test_setup_teardown(dry_run_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(fix_then_compliant_then_rollback, setup, teardown),
		cmocka_unit_test_setup_teardown(rollback_after_crash, setup, teardown),
		cmocka_unit_test_setup_teardown(rollback_conflict_left_alone_unless_forced, setup, teardown),
		cmocka_unit_test_setup_teardown(deny_for_another_sid_is_not_repaired, setup, teardown),
		cmocka_unit_test_setup_teardown(key_outside_scope_is_never_changed, setup, teardown),
		cmocka_unit_test_setup_teardown(journal_lines_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(rederiving_never_widens_another_principal, setup, teardown),
		cmocka_unit_test_setup_teardown(unknown_key_is_left_alone, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
