/* fix and rollback failing at each registry operation in turn
 * (docs/DESIGN.md "Crash safety"): whichever operation fails, and whether
 * a write fails before or after it was done, the error names it, and a
 * rollback gives the registry file back byte for byte. On
 * samples/registry/kb2000387-broken.reg with samples/kb2000387.ini. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <uv.h>

#include "checks/fix.h"
#include "checks/journal.h"
#include "checks/rollback.h"
#include "config/base/regpath.h"
#include "config/config.h"
#include "tests/support/testfault.h"
#include "tests/support/testregistry.h"
#include "tests/support/testsupport.h"

#define SAMPLE_REGISTRY "samples/registry/kb2000387-broken.reg"
#define SAMPLE_INI "samples/kb2000387.ini"

/* One private folder for the whole group: each run begins from a copy of
 * the sample (or of what a fix made of it) written there afresh, so that
 * the journal's registry, the copy's path, stays the same. */
typedef struct fixture {
	config cfg;
	char *dir;
	char *reg;                   /* the copy fix and rollback work on */
	char *journal;               /* beside it */
	char *original;              /* the sample's bytes */
	size_t original_size;
	char *fixed;                 /* the copy after a fix */
	size_t fixed_size;
	char *fixed_journal;         /* and its journal */
	size_t fixed_journal_size;
	size_t changes;              /* journaled by that fix */
	strlist fix_trace;           /* the operations of a fix without fault */
	strlist rollback_trace;      /* and of its rollback */
} fixture;

/* The copy as the sample is, without a journal. */
static void begin_original(const fixture *f)
{
	uv_fs_t request;

	test_write_file(f->reg, f->original, f->original_size);
	uv_fs_unlink(NULL, &request, f->journal, NULL);
	uv_fs_req_cleanup(&request);
}

/* The copy and its journal as a fix without fault leaves them. */
static void begin_fixed(const fixture *f)
{
	test_write_file(f->reg, f->fixed, f->fixed_size);
	test_write_file(f->journal, f->fixed_journal, f->fixed_journal_size);
}

static bool fix(const fixture *f, test_fault *fault, fix_summary *summary, error_message *err)
{
	registry *reg = test_registry_faulty(test_open_registry_file(f->reg), fault);
	fix_options options = { .dry_run = false, .journal_path = f->journal };

	bool ok = fix_run(reg, &f->cfg, &options, summary, err);
	registry_close(reg);
	return ok;
}

static bool rollback(const fixture *f, test_fault *fault, rollback_summary *summary,
                     error_message *err)
{
	registry *reg = test_registry_faulty(test_open_registry_file(f->reg), fault);

	bool ok = rollback_run(reg, &f->cfg, f->journal, false, summary, err);
	registry_close(reg);
	return ok;
}

static void assert_file(const fixture *f, const char *expected, size_t expected_size)
{
	size_t size;
	char *bytes = test_read_file(f->reg, &size);

	assert_non_null(bytes);
	assert_int_equal(size, expected_size);
	assert_memory_equal(bytes, expected, size);
	free(bytes);
}

/* How many changes the journal still has to undo. */
static size_t journal_changes(const fixture *f)
{
	journal_contents contents;
	error_message err = { "" };

	if (!journal_read(f->journal, &contents, &err))
		fail_msg("%s", err.text);
	size_t count = contents.count;
	journal_contents_free(&contents);
	return count;
}

/* message says that a key below the one fault deleted is gone. */
static void assert_gone(const char *message, const test_fault *fault)
{
	static const char why[] = ": the key no longer exists; nothing to restore";
	size_t length = strlen(message);

	assert_non_null(fault->gone);
	assert_true(length > strlen("gone ") + strlen(why));
	assert_memory_equal(message, "gone ", strlen("gone "));
	assert_string_equal(message + length - strlen(why), why);
	char *key = xstrndup(message + strlen("gone "), length - strlen("gone ") - strlen(why));
	if (!regpath_is_within(key, fault->gone))
		fail_msg("%s is gone, but %s was deleted", key, fault->gone);
	free(key);
}

/* A rollback without fault (through `fault`, whose failure is past, so
 * that a key it deleted stays deleted) restores the original bytes and
 * consumes the journal; a deleted key that the journal names is gone.
 * Returns how many were. */
static size_t assert_rolls_back(const fixture *f, test_fault *fault)
{
	rollback_summary summary;
	error_message err = { "" };

	fault->fail_at = 0;
	if (!rollback(f, fault, &summary, &err))
		fail_msg("%s", err.text);
	assert_int_equal(summary.unresolved, 0);
	assert_int_equal(summary.refused, 0);
	assert_int_equal(summary.messages.count, summary.gone);
	for (size_t i = 0; i < summary.messages.count; i++)
		assert_gone(summary.messages.items[i], fault);
	size_t gone = summary.gone;
	rollback_summary_free(&summary);
	assert_file(f, f->original, f->original_size);
	assert_int_equal(journal_changes(f), 0);
	return gone;
}

/* The error is the fault's, or "key KEY: " and the fault's where a
 * caller names the key. */
static void assert_fault_error(const error_message *err, const test_fault *fault)
{
	strbuf prefixed = STRBUF_INIT;

	strbuf_printf(&prefixed, "key %s: %s", fault->failed_key, fault->message);
	if (strcmp(err->text, fault->message) != 0 &&
	    (fault->failed_key == NULL || strcmp(err->text, prefixed.data) != 0))
		fail_msg("\"%s\" is not the error of the fault, \"%s\"", err->text, fault->message);
	strbuf_free(&prefixed);
}

/* A key's descriptor read as an ancestor's (for a key below that stores
 * none) may fail without stopping the fix (docs/DESIGN.md "Access
 * semantics"): the fix notes it, with the fault's error. */
static void assert_noted(const fix_summary *summary, const test_fault *fault)
{
	strbuf start = STRBUF_INIT, why = STRBUF_INIT;
	bool noted = false;

	assert_string_equal(fault->failed_op, "get_security");
	strbuf_printf(&start, "%s: ", fault->failed_key);
	strbuf_printf(&why, "(%s)", fault->message);
	for (size_t i = 0; i < summary->notes.count; i++) {
		const char *note = summary->notes.items[i];
		noted |= strncmp(note, start.data, start.length) == 0 && strstr(note, why.data) != NULL;
	}
	if (!noted)
		fail_msg("the fix went on after \"%s\" without noting it", fault->message);
	strbuf_free(&start);
	strbuf_free(&why);
}

static bool committed(const test_fault *fault)
{
	return fault->after && strcmp(fault->failed_op, "commit") == 0;
}

/* A fix failing as fault says stops with the fault's error and writes the
 * file only when its commit was done, or goes on and notes it; either
 * way a rollback restores the file. */
static void fix_fails(const fixture *f, test_fault *fault)
{
	fix_summary summary;
	error_message err = { "" };

	begin_original(f);
	bool ok = fix(f, fault, &summary, &err);
	assert_non_null(fault->message);
	if (ok)
		assert_noted(&summary, fault);
	else
		assert_fault_error(&err, fault);
	fix_summary_free(&summary);
	if (!ok && committed(fault))
		assert_file(f, f->fixed, f->fixed_size);
	else if (!ok)
		assert_file(f, f->original, f->original_size);
	assert_rolls_back(f, fault);
}

/* A rollback failing as fault says stops with the fault's error, leaves
 * the journal to a second rollback, and writes the file only when its
 * commit was done; the second rollback restores it. */
static void rollback_fails(const fixture *f, test_fault *fault)
{
	rollback_summary summary;
	error_message err = { "" };

	begin_fixed(f);
	assert_false(rollback(f, fault, &summary, &err));
	rollback_summary_free(&summary);
	assert_non_null(fault->message);
	assert_fault_error(&err, fault);
	if (committed(fault))
		assert_file(f, f->original, f->original_size);
	else
		assert_file(f, f->fixed, f->fixed_size);
	assert_int_equal(journal_changes(f), f->changes);
	assert_rolls_back(f, fault);
}

/* Fails operation n of trace, then, a write, once it was done. */
static void fail_both_ways(const fixture *f, const strlist *trace, size_t n,
                           void (*run)(const fixture *, test_fault *))
{
	const char *op = trace->items[n - 1];
	test_fault before = { .fail_at = n };

	run(f, &before);
	/* The same operations in the same order each time. */
	assert_string_equal(before.failed_op, op);
	test_fault_free(&before);
	if (test_fault_is_write(op)) {
		test_fault after = { .fail_at = n, .after = true };
		run(f, &after);
		assert_string_equal(after.failed_op, op);
		test_fault_free(&after);
	}
}

/* trace has every operation of kinds: each is failed in turn. */
static void assert_traced(const strlist *trace, const char *const *kinds, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		size_t j = 0;
		while (j < trace->count && strcmp(trace->items[j], kinds[i]) != 0)
			j++;
		if (j == trace->count)
			fail_msg("no %s to fail", kinds[i]);
	}
}

static void test_fix_fails_at_each_operation(void **state)
{
	const fixture *f = *state;
	static const char *const kinds[] = { "subkeys", "values", "get_security", "set_security",
		                             "commit" };

	assert_traced(&f->fix_trace, kinds, sizeof kinds / sizeof kinds[0]);
	for (size_t n = 1; n <= f->fix_trace.count; n++)
		fail_both_ways(f, &f->fix_trace, n, fix_fails);
}

static void test_rollback_fails_at_each_operation(void **state)
{
	const fixture *f = *state;
	static const char *const kinds[] = { "get_security", "set_security", "commit" };

	assert_traced(&f->rollback_trace, kinds, sizeof kinds / sizeof kinds[0]);
	for (size_t n = 1; n <= f->rollback_trace.count; n++)
		fail_both_ways(f, &f->rollback_trace, n, rollback_fails);
}

/* A key another program deletes as the fix is about to write it, after
 * its journal line: the fix skips it and goes on, and rollback restores
 * every other key and reports that key gone, not as a conflict, since the
 * fix left nothing on it. */
static void test_key_deleted_at_its_write(void **state)
{
	const fixture *f = *state;

	for (size_t n = 1; n <= f->fix_trace.count; n++) {
		if (strcmp(f->fix_trace.items[n - 1], "set_security") != 0)
			continue;
		test_fault fault = { .fail_at = n, .vanish = true };
		fix_summary summary;
		error_message err = { "" };
		begin_original(f);
		if (!fix(f, &fault, &summary, &err))
			fail_msg("%s deleted at operation %zu: %s", fault.gone, n, err.text);
		assert_int_equal(summary.vanished.count, 1);
		assert_string_equal(summary.vanished.items[0], fault.gone);
		assert_int_equal(summary.change_count, f->changes - 1);
		fix_summary_free(&summary);
		assert_int_equal(journal_changes(f), f->changes);
		assert_int_equal(assert_rolls_back(f, &fault), 1);
		test_fault_free(&fault);
	}
}

static char *read_sample(const char *relative, size_t *size)
{
	char *path = test_source_path(relative);
	char *bytes = test_read_file(path, size);

	assert_non_null(bytes);
	free(path);
	return bytes;
}

static void load_config(config *cfg)
{
	size_t size;
	char *bytes = read_sample(SAMPLE_INI, &size);
	char *folder = test_source_path("samples");
	strlist errors = STRLIST_INIT;

	if (!config_load_bytes("kb2000387.ini", folder, bytes, size, cfg, &errors))
		fail_msg("%s", errors.items[0]);
	free(folder);
	free(bytes);
}

/* Traces the operations of a fix and of its rollback, without fault. */
static int setup(void **state)
{
	fixture *f = xcalloc(1, sizeof *f);
	test_fault fixing = { .fail_at = 0 }, undoing = { .fail_at = 0 };
	fix_summary fixed;
	rollback_summary undone;
	error_message err = { "" };

	load_config(&f->cfg);
	f->dir = test_make_temp_dir();
	f->reg = test_path(f->dir, "machine.reg");
	f->journal = test_path(f->dir, "acl.journal");
	f->original = read_sample(SAMPLE_REGISTRY, &f->original_size);
	begin_original(f);
	if (!fix(f, &fixing, &fixed, &err))
		fail_msg("%s", err.text);
	fix_summary_free(&fixed);
	f->fixed = test_read_file(f->reg, &f->fixed_size);
	f->fixed_journal = test_read_file(f->journal, &f->fixed_journal_size);
	f->changes = journal_changes(f);
	if (!rollback(f, &undoing, &undone, &err))
		fail_msg("%s", err.text);
	assert_int_equal(undone.restored, f->changes);
	rollback_summary_free(&undone);
	assert_file(f, f->original, f->original_size);
	f->fix_trace = fixing.trace;
	f->rollback_trace = undoing.trace;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	config_free(&f->cfg);
	test_remove_tree(f->dir);
	free(f->dir);
	free(f->reg);
	free(f->journal);
	free(f->original);
	free(f->fixed);
	free(f->fixed_journal);
	strlist_free(&f->fix_trace);
	strlist_free(&f->rollback_trace);
	free(f);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fix_fails_at_each_operation),
		cmocka_unit_test(test_rollback_fails_at_each_operation),
		cmocka_unit_test(test_key_deleted_at_its_write),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
