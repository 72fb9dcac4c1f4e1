/* A key that another program deletes while ccmwrap works (an MSI's custom
 * action deleting its own keys) is skipped with a warning: neither check
 * nor fix stops for it. A registry file stands behind a hook that
 * deletes one key at a chosen call, so each moment is hit exactly. */
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
#include "config/base/regpath.h"
#include "checks/scan.h"
#include "tests/support/testregistry.h"
#include "tests/support/testsupport.h"

#define TEST_KEY "HKLM\\SOFTWARE\\Test"
#define READ_ONLY ";sddl=O:BAG:SYD:P(A;CI;KR;;;SY)\r\n"
#define GRANTED "O:BAG:SYD:P(A;CI;KA;;;SY)(A;CI;KR;;;SY)"

static const char registry_text[] =
    "Windows Registry Editor Version 5.00\r\n\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Test]\r\n" READ_ONLY "\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Test\\a]\r\n" READ_ONLY "\r\n"
    /* unprotected: re-deriving it lists its subkeys again */
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Test\\b]\r\n"
    ";sddl=O:BAG:SYD:AI(A;CIID;KR;;;SY)\r\n\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Test\\b\\below]\r\n\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Test\\c]\r\n" READ_ONLY
    "\"Service\"=\"kbstuff\"\r\n";

/* When the victim goes: at the nth call of op on key, before the call
 * runs or (a listing) after it answered. A victim that stays fails every
 * operation but still exists, as a key that refuses access does. */
typedef struct vanish_rule {
	const char *op;
	const char *key;
	int nth;
	bool after;
	const char *victim;
	bool stays;
} vanish_rule;

typedef struct vanishing {
	vanish_rule rule;
	int calls;
	bool gone;
} vanishing;

static bool vanish(void *context, const char *op, const char *key, bool after,
                   error_message *err)
{
	vanishing *state = context;

	if (strcmp(op, state->rule.op) == 0 && regpath_equal(key, state->rule.key) &&
	    after == state->rule.after && ++state->calls == state->rule.nth)
		state->gone = true;
	if (after || !state->gone || key == NULL || !regpath_is_within(key, state->rule.victim))
		return true;
	if (strcmp(op, "key_exists") == 0)
		return state->rule.stays;
	return error_set(err, "test registry: %s %s failed", op, key);
}

typedef struct fixture {
	char *dir;
	char *reg_path;
	config cfg;
	vanishing vanishing;
} fixture;

static int setup(void **state)
{
	fixture *f = xcalloc(1, sizeof *f);

	f->dir = test_make_temp_dir();
	f->reg_path = test_path(f->dir, "machine.reg");
	test_write_text(f->reg_path, registry_text);
	snprintf(f->cfg.acl.trustee, sizeof f->cfg.acl.trustee, "S-1-5-18");
	strlist_add(&f->cfg.acl.token, "S-1-5-18");
	f->cfg.acl.rights = 0xF003F;
	f->cfg.acl.scope = xstrdup(TEST_KEY);
	strlist_add(&f->cfg.acl.keys, TEST_KEY);
	f->cfg.acl.journal = test_path(f->dir, "acl.journal");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	test_remove_tree(f->dir);
	free(f->dir);
	free(f->reg_path);
	config_free(&f->cfg);
	free(f);
	return 0;
}

/* The registry file, one of whose keys vanishes as rule says. */
static registry *open_vanishing(fixture *f, vanish_rule rule)
{
	registry *file = NULL;
	error_message err = { "" };

	if (!registry_open_file(f->reg_path, &file, &err))
		fail_msg("%s", err.text);
	f->vanishing = (vanishing){ .rule = rule };
	return test_registry_hooked(file, true, vanish, &f->vanishing);
}

/* The fix's outcome as text: what vanished, what changed, the counts. */
static char *fix_outcome(fixture *f, vanish_rule rule)
{
	registry *reg = open_vanishing(f, rule);
	fix_options options = { .dry_run = false, .journal_path = NULL };
	fix_summary summary;
	error_message err = { "" };
	strbuf out = STRBUF_INIT;

	if (!fix_run(reg, &f->cfg, &options, &summary, &err))
		fail_msg("%s", err.text);
	registry_close(reg);
	for (size_t i = 0; i < summary.vanished.count; i++)
		strbuf_printf(&out, "vanished %s\n", summary.vanished.items[i]);
	for (size_t i = 0; i < summary.change_count; i++)
		strbuf_printf(&out, "changed %s\n", summary.changes[i].key);
	strbuf_printf(&out, "%zu targets, %zu fixed, %zu failed\n", summary.targets, summary.fixed,
	              summary.failed);
	fix_summary_free(&summary);
	return strbuf_detach(&out);
}

static void assert_fix_outcome(fixture *f, vanish_rule rule, const char *expected)
{
	char *outcome = fix_outcome(f, rule);
	assert_string_equal(outcome, expected);
	free(outcome);
}

static void assert_stored(const fixture *f, const char *key, const char *expected)
{
	registry *reg = NULL;
	char *sddl = NULL;

	assert_true(registry_open_file(f->reg_path, &reg, NULL));
	assert_true(registry_get_security(reg, key, &sddl, NULL));
	assert_string_equal(sddl, expected);
	free(sddl);
	registry_close(reg);
}

/* Listed with its siblings, deleted before the walk opens it: the check
 * lists it as vanished and not as a target; fix repairs the others. */
static void test_key_deleted_after_listing(void **state)
{
	fixture *f = *state;
	const vanish_rule rule = { .op = "subkeys", .key = TEST_KEY, .nth = 1, .after = true,
		                   .victim = TEST_KEY "\\b" };
	registry *reg = open_vanishing(f, rule);
	scan_result targets = SCAN_RESULT_INIT;
	compliance_report report;
	inherit_source source;
	error_message err = { "" };

	inherit_source_init(&source, reg);
	assert_true(scan_targets(reg, &f->cfg, &targets, &err));
	assert_true(compliance_check(&source, &f->cfg, &targets, &report, &err));
	assert_int_equal(targets.vanished.count, 1);
	assert_string_equal(targets.vanished.items[0], TEST_KEY "\\b");
	assert_int_equal(targets.keys.count, 3);
	assert_string_equal(targets.keys.items[1], TEST_KEY "\\a");
	assert_string_equal(targets.keys.items[2], TEST_KEY "\\c");
	assert_int_equal(report.noncompliant, 3);
	compliance_report_free(&report);
	scan_result_free(&targets);
	inherit_source_free(&source);
	registry_close(reg);

	assert_fix_outcome(f, rule,
	                   "vanished " TEST_KEY "\\b\n"
	                   "changed " TEST_KEY "\n"
	                   "changed " TEST_KEY "\\a\n"
	                   "changed " TEST_KEY "\\c\n"
	                   "3 targets, 3 fixed, 0 failed\n");
	assert_stored(f, TEST_KEY "\\c", GRANTED);
	assert_stored(f, TEST_KEY "\\b", "O:BAG:SYD:AI(A;CIID;KR;;;SY)");
}

/* The search reads a key's values to match it: gone by then, it is
 * skipped and the search goes on to the key that matches. */
static void test_key_deleted_before_search_reads_it(void **state)
{
	fixture *f = *state;
	const vanish_rule rule = { .op = "values", .key = TEST_KEY "\\a", .nth = 1,
		                   .victim = TEST_KEY "\\a" };

	strlist_free(&f->cfg.acl.keys);
	strlist_add(&f->cfg.acl.search, "KBSTUFF");
	assert_fix_outcome(f, rule,
	                   "vanished " TEST_KEY "\\a\n"
	                   "changed " TEST_KEY "\\c\n"
	                   "1 targets, 1 fixed, 0 failed\n");
	assert_stored(f, TEST_KEY "\\c", GRANTED);
}

/* Deleted after the check, while the plan re-derives it from its
 * repaired parent: the plan goes on without its subkeys. */
static void test_key_deleted_while_planning(void **state)
{
	const vanish_rule rule = { .op = "subkeys", .key = TEST_KEY "\\b", .nth = 2,
		                   .victim = TEST_KEY "\\b" };

	assert_fix_outcome(*state, rule,
	                   "vanished " TEST_KEY "\\b\n"
	                   "changed " TEST_KEY "\n"
	                   "changed " TEST_KEY "\\a\n"
	                   "changed " TEST_KEY "\\c\n"
	                   "3 targets, 3 fixed, 0 failed\n");
}

/* Deleted just before its descriptor is written: that change is dropped
 * and the others are written. */
static void test_key_deleted_before_its_write(void **state)
{
	fixture *f = *state;
	const vanish_rule rule = { .op = "set_security", .key = TEST_KEY "\\a", .nth = 1,
		                   .victim = TEST_KEY "\\a" };

	assert_fix_outcome(f, rule,
	                   "vanished " TEST_KEY "\\a\n"
	                   "changed " TEST_KEY "\n"
	                   "changed " TEST_KEY "\\b\n"
	                   "changed " TEST_KEY "\\c\n"
	                   "4 targets, 4 fixed, 0 failed\n");
	assert_stored(f, TEST_KEY "\\a", "O:BAG:SYD:P(A;CI;KR;;;SY)");
	assert_stored(f, TEST_KEY "\\c", GRANTED);
}

/* Export walks without a list of vanished keys: there a vanished key is
 * the backend's error, as before. */
static void test_walk_without_list_fails_on_vanished_key(void **state)
{
	fixture *f = *state;
	const vanish_rule rule = { .op = "subkeys", .key = TEST_KEY, .nth = 1, .after = true,
		                   .victim = TEST_KEY "\\b" };
	registry *reg = open_vanishing(f, rule);
	strlist keys = STRLIST_INIT;
	error_message err = { "" };

	assert_false(scan_subtree(reg, TEST_KEY, &keys, NULL, &err));
	assert_string_equal(err.text, "test registry: subkeys " TEST_KEY "\\b failed");
	strlist_free(&keys);
	registry_close(reg);
}

/* A key that fails but still exists is no vanished key: fix stops there
 * with the backend's error. */
static void test_failure_on_existing_key_is_an_error(void **state)
{
	fixture *f = *state;
	const vanish_rule rule = { .op = "subkeys", .key = TEST_KEY, .nth = 1, .after = true,
		                   .victim = TEST_KEY "\\b", .stays = true };
	registry *reg = open_vanishing(f, rule);
	fix_options options = { .dry_run = false, .journal_path = NULL };
	fix_summary summary;
	error_message err = { "" };

	assert_false(fix_run(reg, &f->cfg, &options, &summary, &err));
	assert_string_equal(err.text, "test registry: subkeys " TEST_KEY "\\b failed");
	fix_summary_free(&summary);
	registry_close(reg);
	assert_stored(f, TEST_KEY, "O:BAG:SYD:P(A;CI;KR;;;SY)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_key_deleted_after_listing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_deleted_before_search_reads_it, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_key_deleted_while_planning, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_deleted_before_its_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_walk_without_list_fails_on_vanished_key, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_failure_on_existing_key_is_an_error, setup,
		                                teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
