/* The seed's keys as a domain member running Windows 10 prints their
 * descriptors (Domain Users as group, Interactive read, object, conditional
 * and resource attribute ACEs): a preflight fix used to end with 10002
 * before ccmsetup started; now it repairs them, ccmsetup succeeds, and a
 * rollback undoes the repair (test_sddl_commands.c shows it byte for byte:
 * here ccmsetup has written the client's version since). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tests/scenarios/scenario.h"
#include "config/base/text.h"

static int domain_setup(void **state)
{
	scenario *s = xmalloc(sizeof *s);

	scenario_setup(s, "samples/registry/kb2000387-domain.reg");
	*state = s;
	return 0;
}

static void test_preflight_fix_repairs_domain_descriptors(void **state)
{
	scenario *s = *state;
	scenario_write_ini(s, "fix", 3, "");
	assert_int_equal(scenario_check(s), 1);

	scenario_run_to_exit(s, 0);
	scenario_assert_success_at_once(s);
	assert_int_equal(s->result.acl.targets, 13);
	assert_int_equal(s->result.acl.noncompliant, 8);
	assert_int_equal(s->result.acl.fixed, 8);
	assert_int_equal(s->result.acl.failed, 0);
	assert_int_equal(scenario_check(s), 0);

	const char *args[] = { CCMWRAP_BINARY, "rollback", "-c", s->ini, "--registry", s->registry,
	                       NULL };
	test_run_result run;
	test_run(args, s->folder, &run);
	assert_int_equal(run.exit_code, 0);
	assert_non_null(strstr(run.out, "5 journaled changes, 5 restored, 0 already as before, 0 conflicts\n"));
	test_run_result_free(&run);
	assert_int_equal(scenario_check(s), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_preflight_fix_repairs_domain_descriptors,
		                                domain_setup, scenario_fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
