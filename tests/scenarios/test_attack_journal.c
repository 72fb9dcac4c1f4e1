/* The fix journal as an attacker would use it: a planted or forged journal
 * never makes rollback do more than undo a fix, never stops a repair, and
 * a journal of one registry is never applied to another. Each test tries
 * the attack through the built ccmwrap and checks the registry after it
 * (docs/DESIGN.md "Hardening"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <uv.h>

#include "wrapper/report/exitcode.h"
#include "checks/registry/registry.h"
#include "tests/scenarios/scenario.h"
#include "config/base/json.h"
#include "config/base/text.h"

#define MOUSE "HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_MOUSE"
#define MOUSE_NOW "O:BAG:SYD:P(A;CI;KR;;;BU)"
#define IFEO "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution " \
             "Options\\sethc.exe"
#define IFEO_NOW "O:BAG:SYD:P(A;CI;KA;;;BA)(A;CI;KR;;;BU)"
/* What the attacker wants back: their own key, everyone in full control. */
#define PLANTED_BEFORE "O:S-1-5-21-1-2-3-1001G:SYD:P(A;CI;KA;;;WD)"

static int setup(void **state)
{
	scenario *s = xcalloc(1, sizeof *s);

	scenario_setup(s, SCENARIO_BROKEN_REGISTRY);
	scenario_write_ini(s, "fix", 1, "");
	*state = s;
	return 0;
}

static int teardown(void **state)
{
	scenario_teardown(*state);
	free(*state);
	return 0;
}

/* ccmwrap COMMAND -c INI --registry REGISTRY [extra] in the scenario. */
static void run_on(scenario *s, const char *command, const char *registry, const char *extra,
                   test_run_result *run)
{
	const char *args[] = { CCMWRAP_BINARY, command, "-c", s->ini, "--registry", registry,
	                       extra, NULL };
	test_run(args, s->folder, run);
}

static char *identity_of(const char *registry_path)
{
	uv_fs_t request;
	registry *reg;

	assert_int_equal(uv_fs_realpath(NULL, &request, registry_path, NULL), 0);
	assert_true(registry_open_file(request.ptr, &reg, NULL));
	uv_fs_req_cleanup(&request);
	char *identity = registry_identity(reg);
	registry_close(reg);
	return identity;
}

/* A journal as an attacker writes it: this registry's, one change. */
static void plant_journal(const scenario *s, const char *key, const char *before,
                          const char *after)
{
	char *identity = identity_of(s->registry);
	strbuf text = STRBUF_INIT;

	strbuf_add_string(&text, "{\"op\":\"registry\",\"registry\":");
	json_add_string(&text, identity);
	strbuf_add_string(&text, ",\"time\":\"2026-12-01T00:00:00Z\"}\n{\"op\":\"set\",\"key\":");
	json_add_string(&text, key);
	strbuf_add_string(&text, ",\"before\":");
	json_add_string(&text, before);
	strbuf_add_string(&text, ",\"after\":");
	json_add_string(&text, after);
	strbuf_add_string(&text, ",\"time\":\"2026-12-01T00:00:00Z\"}\n");
	test_write_text(s->journal, text.data);
	strbuf_free(&text);
	free(identity);
}

static char *security_of(const char *registry_path, const char *key)
{
	registry *reg;
	char *sddl = NULL;

	assert_true(registry_open_file(registry_path, &reg, NULL));
	assert_true(registry_get_security(reg, key, &sddl, NULL));
	registry_close(reg);
	return sddl;
}

static void assert_security(const char *registry_path, const char *key, const char *expected)
{
	char *sddl = security_of(registry_path, key);

	assert_non_null(sddl);
	assert_string_equal(sddl, expected);
	free(sddl);
}

/* The attack of the report: a key outside scope (a debugger for sethc.exe
 * runs as SYSTEM at the logon screen) given to the attacker. Not even
 * --force restores it. */
static void test_a_key_outside_scope_is_never_restored(void **state)
{
	scenario *s = *state;
	registry *reg;
	test_run_result run;
	size_t size;
	unsigned char *data = text_utf8_to_utf16le("cmd.exe", 8, &size);
	registry_value debugger = { "Debugger", REGISTRY_SZ, data, size };

	assert_true(registry_open_file(s->registry, &reg, NULL));
	assert_true(registry_set_value(reg, IFEO, &debugger, NULL));
	assert_true(registry_set_security(reg, IFEO, IFEO_NOW, NULL));
	assert_true(registry_commit(reg, NULL));
	registry_close(reg);
	free(data);
	plant_journal(s, IFEO, PLANTED_BEFORE, IFEO_NOW);

	run_on(s, "rollback", s->registry, "--force", &run);
	assert_int_equal(run.exit_code, TEST_EXIT_SEEN(EXIT_ROLLBACK_CONFLICTS));
	scenario_assert_said(&run, "refused " IFEO ": not restored: outside acl.scope "
	                  "HKLM\\SYSTEM\\CurrentControlSet, which no fix changes");
	test_run_result_free(&run);
	assert_security(s->registry, IFEO, IFEO_NOW);
}

/* A journal line forged for *SMS_MOUSE, which rollback refuses even with
 * --force, leaving the registry as it was. */
static void forged_restore_is_refused(scenario *s, const char *before, const char *refusal)
{
	test_run_result run;

	plant_journal(s, MOUSE, before, MOUSE_NOW);
	run_on(s, "rollback", s->registry, "--force", &run);
	assert_int_equal(run.exit_code, TEST_EXIT_SEEN(EXIT_ROLLBACK_CONFLICTS));
	scenario_assert_said(&run, refusal);
	test_run_result_free(&run);
	scenario_assert_registry_unchanged(s);
}

static void test_an_owner_change_is_never_restored(void **state)
{
	forged_restore_is_refused(*state, "O:S-1-5-21-1-2-3-1001G:SYD:P(A;CI;KR;;;BU)",
	                          "refused " MOUSE ": not restored: it would change the owner or "
	                          "group");
}

/* A fix never takes anything from anyone: a "before" that grants more
 * than now is no fix's. */
static void test_a_widening_restore_is_refused(void **state)
{
	forged_restore_is_refused(*state, "O:BAG:SYD:P(A;CI;KA;;;WD)(A;CI;KR;;;BU)",
	                          "refused " MOUSE ": not restored: it would give S-1-1-0 rights the "
	                          "fix did not take away");
}

/* fix --registry on a copy with the production INI: the journal names the
 * copy, and a rollback of the real registry refuses it. The next fix of
 * the real one sets the copy's journal aside and starts its own. */
static void test_a_journal_of_another_registry_is_never_applied(void **state)
{
	scenario *s = *state;
	char *copy = test_path(s->folder, "copy.reg");
	test_run_result run;

	test_write_file(copy, s->original, s->original_size);
	run_on(s, "fix", copy, NULL, &run);
	assert_int_equal(run.exit_code, 0);
	test_run_result_free(&run);

	run_on(s, "rollback", s->registry, NULL, &run);
	assert_int_equal(run.exit_code, TEST_EXIT_SEEN(EXIT_ROLLBACK_CONFLICTS));
	char *copy_identity = identity_of(copy);
	strbuf expected = STRBUF_INIT;
	strbuf_printf(&expected, "belongs to %s, not to ", copy_identity);
	scenario_assert_said(&run, expected.data);
	scenario_assert_said(&run, ": nothing restored");
	test_run_result_free(&run);
	scenario_assert_registry_unchanged(s);

	run_on(s, "fix", s->registry, NULL, &run);
	assert_int_equal(run.exit_code, 0);
	strbuf_clear(&expected);
	strbuf_printf(&expected, "belongs to %s, not to ", copy_identity);
	scenario_assert_said(&run, "could not be used; it was set aside to ");
	scenario_assert_said(&run, expected.data);
	test_run_result_free(&run);
	run_on(s, "rollback", s->registry, NULL, &run);
	assert_int_equal(run.exit_code, 0);
	test_run_result_free(&run);
	scenario_assert_registry_unchanged(s);
	strbuf_free(&expected);
	free(copy_identity);
	free(copy);
}

/* What once stopped every repair (a folder, a journal too large, one line
 * of garbage) is set aside: the fix is made and journaled afresh, and its
 * rollback gives back the registry byte for byte. */
static void fix_then_rollback_despite(scenario *s, const char *why)
{
	test_run_result run;

	run_on(s, "fix", s->registry, NULL, &run);
	assert_int_equal(run.exit_code, 0);
	scenario_assert_said(&run, "could not be used; it was set aside to ");
	scenario_assert_said(&run, why);
	scenario_assert_said(&run, "8 fixed, 0 failed");
	test_run_result_free(&run);
	run_on(s, "rollback", s->registry, NULL, &run);
	assert_int_equal(run.exit_code, 0);
	scenario_assert_said(&run, "5 journaled changes, 5 restored");
	test_run_result_free(&run);
	scenario_assert_registry_unchanged(s);
}

static void test_a_folder_for_a_journal_stops_nothing(void **state)
{
	scenario *s = *state;
	uv_fs_t request;

	assert_int_equal(uv_fs_mkdir(NULL, &request, s->journal, 0700, NULL), 0);
	uv_fs_req_cleanup(&request);
	fix_then_rollback_despite(s, "is a folder, not a state file ccmwrap made");
}

static void test_an_oversized_journal_stops_nothing(void **state)
{
	scenario *s = *state;
	uv_fs_t request;

	test_write_text(s->journal, "");
	int file = uv_fs_open(NULL, &request, s->journal, UV_FS_O_WRONLY, 0, NULL);
	uv_fs_req_cleanup(&request);
	assert_true(file >= 0);
	assert_int_equal(uv_fs_ftruncate(NULL, &request, file, 65 * 1024 * 1024, NULL), 0);
	uv_fs_req_cleanup(&request);
	uv_fs_close(NULL, &request, file, NULL);
	uv_fs_req_cleanup(&request);
	fix_then_rollback_despite(s, "larger than");
}

static void test_a_garbage_line_stops_nothing(void **state)
{
	scenario *s = *state;

	plant_journal(s, MOUSE, MOUSE_NOW, MOUSE_NOW);
	test_append_file(s->journal, "garbage\n", 8);
	fix_then_rollback_despite(s, ":3: not a journal line");
}

/* The same through `run`: the repair is made, ccmsetup starts, and the
 * result file says what was set aside. */
static void test_a_planted_journal_does_not_stop_a_run(void **state)
{
	scenario *s = *state;
	uv_fs_t request;

	assert_int_equal(uv_fs_mkdir(NULL, &request, s->journal, 0700, NULL), 0);
	uv_fs_req_cleanup(&request);
	scenario_run_to_exit(s, 0);
	scenario_assert_success_at_once(s);
	assert_true(s->result.acl.fixed > 0);
	assert_int_equal(s->result.warnings.count, 1);
	assert_non_null(strstr(s->result.warnings.items[0], "set aside"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_a_key_outside_scope_is_never_restored, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_an_owner_change_is_never_restored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_widening_restore_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_journal_of_another_registry_is_never_applied,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_folder_for_a_journal_stops_nothing, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_an_oversized_journal_stops_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_garbage_line_stops_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_planted_journal_does_not_stop_a_run, setup,
		                                teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
