/* The status MIF ConfigMgr reads after the program (docs/DESIGN.md
 * "Reporting"): a run removes the one an earlier run left and writes its
 * own; a dry run leaves it alone. That a busy or interrupted run leaves
 * none is proven beside those runs (test_run_busy.c,
 * test_run_interrupt-unix.c); the creation time, which only Windows keeps,
 * in tests/unit/test_mif-win.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <uv.h>

#include "tests/scenarios/scenario.h"
#include "tests/support/testsupport.h"
#include "config/base/text.h"

static void test_a_run_replaces_an_earlier_runs_mif(void **state)
{
	scenario *s = *state;
	strbuf removed = STRBUF_INIT;
	scenario_write_old_mif(s);
	scenario_write_ini(s, "fix", 3, "");

	scenario_run_to_exit(s, 0);
	strbuf_printf(&removed, "removed the status MIF of an earlier run: %s", s->mif);
	scenario_assert_said(&s->run, removed.data);
	assert_false(scenario_file_contains(s->mif, SCENARIO_OLD_MIF));
	assert_true(scenario_file_contains(s->mif, "VALUE = \"Success\"\r\n"));
	assert_true(scenario_file_contains(
	    s->mif, "VALUE = \"ccmwrap: success, exit code 0 after 1 attempt\"\r\n"));
	strbuf_free(&removed);
}

static void test_a_dry_run_leaves_an_earlier_runs_mif_alone(void **state)
{
	scenario *s = *state;
	const char *args[] = { CCMWRAP_BINARY, "run",     "-c", s->ini, "--registry", s->registry,
	                       "--dry-run",    NULL };
	uv_fs_t req;
	scenario_write_old_mif(s);
	scenario_write_ini(s, "fix", 3, "");

	test_run(args, s->folder, &s->run);
	assert_int_equal(s->run.exit_code, 0);
	char *text = test_read_file(s->mif, NULL);
	assert_non_null(text);
	assert_string_equal(text, SCENARIO_OLD_MIF);
	free(text);
	assert_int_equal(uv_fs_stat(NULL, &req, s->mif, NULL), 0);
	assert_int_equal(req.statbuf.st_mtim.tv_sec, SCENARIO_OLD_MIF_MS / 1000);
	uv_fs_req_cleanup(&req);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		scenario_test(test_a_run_replaces_an_earlier_runs_mif),
		scenario_test(test_a_dry_run_leaves_an_earlier_runs_mif_alone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
