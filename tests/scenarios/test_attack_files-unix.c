/* ccmwrap's state files as another user would attack them where they can
 * reach: a link in place of the journal, the own log or the lock (ccmwrap
 * would write through it into a file of root's), a hard link, a file of
 * theirs planted first, a folder where the result belongs, state put in a
 * folder everyone may write. Each is refused or set aside, nothing behind
 * a link is touched, and the run goes on (docs/DESIGN.md "Hardening").
 * The tests that need a file of another user run as root. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "wrapper/run/cmdline.h"
#include "wrapper/report/exitcode.h"
#include "tests/scenarios/scenario.h"
#include "tests/support/testroot.h"
#include "config/base/text.h"

#define VICTIM_TEXT "a file of root's that ccmwrap must never write\n"
#define TOKEN "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9"

typedef struct fixture {
	scenario s;
	char *victim;          /* what a link points to */
} fixture;

static int setup(void **state)
{
	fixture *f = xcalloc(1, sizeof *f);

	scenario_setup(&f->s, SCENARIO_BROKEN_REGISTRY);
	scenario_write_ini(&f->s, "fix", 1, "arg = /regtoken:" TOKEN "\n");
	f->victim = test_path(f->s.folder, "victim.bin");
	test_write_text(f->victim, VICTIM_TEXT);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	scenario_teardown(&f->s);
	free(f->victim);
	free(f);
	return 0;
}

/* Its content as it was (a hard link set aside keeps a second name). */
static void assert_victim_untouched(const fixture *f)
{
	char *now = test_read_file(f->victim, NULL);

	assert_non_null(now);
	assert_string_equal(now, VICTIM_TEXT);
	free(now);
}

static void run_command(fixture *f, const char *command, test_run_result *run)
{
	const char *args[] = { CCMWRAP_BINARY, command, "-c", f->s.ini, "--registry", f->s.registry,
	                       NULL };
	test_run(args, f->s.folder, run);
}

/* fix with the journal attacked, then rollback: byte-identical registry,
 * the victim untouched, the planted thing set aside. */
static void fix_and_roll_back(fixture *f, const char *why)
{
	test_run_result run;

	run_command(f, "fix", &run);
	assert_int_equal(run.exit_code, 0);
	scenario_assert_said(&run, "it was set aside to ");
	scenario_assert_said(&run, why);
	test_run_result_free(&run);
	run_command(f, "rollback", &run);
	assert_int_equal(run.exit_code, 0);
	scenario_assert_said(&run, "5 journaled changes, 5 restored");
	test_run_result_free(&run);
	scenario_assert_registry_unchanged(&f->s);
	assert_victim_untouched(f);
}

static void test_a_symlinked_journal_is_set_aside(void **state)
{
	fixture *f = *state;

	assert_int_equal(symlink(f->victim, f->s.journal), 0);
	fix_and_roll_back(f, "is a symbolic link");
}

static void test_a_hard_linked_journal_is_set_aside(void **state)
{
	fixture *f = *state;

	assert_int_equal(link(f->victim, f->s.journal), 0);
	fix_and_roll_back(f, "has 2 names (hard links)");
}

/* The full run: state attacked, ccmsetup still runs, the result says what
 * was set aside, the token is nowhere in what ccmwrap wrote. */
static void run_despite(fixture *f, const char *warning)
{
	scenario_run_to_exit(&f->s, 0);
	scenario_assert_success_at_once(&f->s);
	bool found = false;
	for (size_t i = 0; i < f->s.result.warnings.count; i++)
		found = found || strstr(f->s.result.warnings.items[i], warning) != NULL;
	if (!found)
		fail_msg("no warning with '%s' in the result file; ccmwrap said:\n%s%s", warning,
		         f->s.run.out, f->s.run.err);
	assert_null(strstr(f->s.run.out, TOKEN));
	assert_false(scenario_file_contains(f->s.own_log, TOKEN));
	assert_true(scenario_file_contains(f->s.own_log, "/regtoken:" CMDLINE_MASK));
}

static void test_a_symlinked_own_log_is_set_aside(void **state)
{
	fixture *f = *state;

	assert_int_equal(symlink(f->victim, f->s.own_log), 0);
	run_despite(f, "own log");
	assert_victim_untouched(f);
}

static void test_a_hard_linked_own_log_is_set_aside(void **state)
{
	fixture *f = *state;

	assert_int_equal(link(f->victim, f->s.own_log), 0);
	run_despite(f, "own log");
	assert_victim_untouched(f);
}

static void test_a_symlinked_lock_is_set_aside(void **state)
{
	fixture *f = *state;

	assert_int_equal(symlink(f->victim, f->s.lock), 0);
	run_despite(f, "the instance lock file could not be trusted and was set aside");
	assert_victim_untouched(f);
}

static void test_a_folder_where_the_result_belongs_is_set_aside(void **state)
{
	fixture *f = *state;

	assert_int_equal(mkdir(f->s.result_file, 0700), 0);
	run_despite(f, "result file: set aside ");
}

/* State the INI puts in a folder everyone may write (as C:\Windows\Temp
 * is): refused like an insecure INI, before anything runs. */
static void test_state_in_a_folder_others_can_write_is_refused(void **state)
{
	fixture *f = *state;
	char *shared = test_path(f->s.folder, "shared");
	char *ini = test_read_file(f->s.ini, NULL);
	strbuf text = STRBUF_INIT;

	assert_int_equal(mkdir(shared, 0700), 0);
	assert_int_equal(chmod(shared, 01777), 0);
	strbuf_printf(&text, "%s", ini);
	char *journal_line = strstr(text.data, "journal = ");
	assert_non_null(journal_line);
	strbuf rewritten = STRBUF_INIT;
	strbuf_add(&rewritten, text.data, (size_t)(journal_line - text.data));
	strbuf_printf(&rewritten, "journal = %s/acl.journal%s", shared, strchr(journal_line, '\n'));
	test_write_text(f->s.ini, rewritten.data);

	test_run_result run;
	run_command(f, "fix", &run);
	assert_int_equal(run.exit_code, TEST_EXIT_SEEN(EXIT_CONFIG_INVALID));
	scenario_assert_said(&run, "refusing [acl] journal ");
	scenario_assert_said(&run, "in a folder non-administrators can change");
	test_run_result_free(&run);
	scenario_assert_registry_unchanged(&f->s);
	strbuf_free(&rewritten);
	strbuf_free(&text);
	free(ini);
	free(shared);
}

/* --registry through a link: the fix lands in the real file, and the link
 * stays a link (an atomic replace must not put a file in its place). */
static void test_a_registry_given_through_a_link_is_fixed_in_place(void **state)
{
	fixture *f = *state;
	char *link_path = test_path(f->s.folder, "linked.reg");
	const char *args[] = { CCMWRAP_BINARY, "fix", "-c", f->s.ini, "--registry", link_path, NULL };
	test_run_result run;
	struct stat info;

	assert_int_equal(symlink(f->s.registry, link_path), 0);
	test_run(args, f->s.folder, &run);
	assert_int_equal(run.exit_code, 0);
	scenario_assert_said(&run, "8 fixed, 0 failed");
	test_run_result_free(&run);
	assert_int_equal(lstat(link_path, &info), 0);
	assert_true(S_ISLNK(info.st_mode));
	assert_int_equal(scenario_check(&f->s), 0);
	free(link_path);
}

/* ---- as root: files another user planted first ---- */

static void plant_as_other_user(const char *path, const char *text)
{
	test_write_text(path, text);
	assert_int_equal(chown(path, TEST_OTHER_UID, TEST_OTHER_UID), 0);
}

/* The attack of the report: the user's journal would give them kbstuff;
 * it is set aside unread, and rollback undoes only ccmwrap's fix. */
static void test_a_journal_of_another_user_is_set_aside(void **state)
{
	fixture *f = *state;

	plant_as_other_user(f->s.journal, "{\"op\":\"set\",\"key\":\"HKLM\\\\SYSTEM\\\\CurrentControlSet"
	                                "\\\\Services\\\\kbstuff\",\"before\":\"O:S-1-5-21-1-2-3-1001G:SY"
	                                "D:P(A;CI;KA;;;WD)\",\"after\":\"x\"}\n");
	fix_and_roll_back(f, "is owned by");
}

/* A log the user made first would let them read the command line and
 * forge entries: set aside, and what ccmwrap logs goes to its own file. */
static void test_an_own_log_of_another_user_is_set_aside(void **state)
{
	fixture *f = *state;

	plant_as_other_user(f->s.own_log, "");
	run_despite(f, "own log");
}

static void test_a_lock_of_another_user_is_set_aside(void **state)
{
	fixture *f = *state;

	plant_as_other_user(f->s.lock, "");
	run_despite(f, "the instance lock file could not be trusted and was set aside");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_a_symlinked_journal_is_set_aside, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_hard_linked_journal_is_set_aside, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_symlinked_own_log_is_set_aside, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_hard_linked_own_log_is_set_aside, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_symlinked_lock_is_set_aside, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_folder_where_the_result_belongs_is_set_aside,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(test_state_in_a_folder_others_can_write_is_refused,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_registry_given_through_a_link_is_fixed_in_place,
		                                setup, teardown),
	};
	const struct CMUnitTest as_root[] = {
		cmocka_unit_test_setup_teardown(test_a_journal_of_another_user_is_set_aside, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_an_own_log_of_another_user_is_set_aside, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_a_lock_of_another_user_is_set_aside, setup,
		                                teardown),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	return failed + test_run_group_as_root(as_root);
}
