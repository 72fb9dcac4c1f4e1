/* [logs] ccmsetup = auto: ccmwrap follows every folder where a ccmsetup
 * version writes and takes the one that is written (docs/DESIGN.md "Where
 * ccmsetup writes"). Here %windir% is the scenario's folder and the fake
 * writes to %windir%\ccmsetup, as ConfigMgr 2007 does on x64, while an
 * old ccmsetup.log lies in the first folder, %windir%\ccmsetup\Logs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <uv.h>

#include "tests/scenarios/scenario.h"
#include "config/base/text.h"

#define STALE_LINE "<![LOG[an old installation]LOG]!><time=\"08:00:00.000+000\" " \
	"date=\"01-01-2010\" component=\"ccmsetup\" context=\"\" type=\"1\" thread=\"1\" file=\"\">\r\n"

static char *first_site_log(const scenario *s)
{
	char *logs = test_path(s->logs, "Logs");
	char *log = test_path(logs, "ccmsetup.log");

	free(logs);
	return log;
}

static void test_the_log_is_found_in_the_second_folder(void **state)
{
	scenario *s = *state;
	scenario_use_windir(s, "ccmsetup");
	char *stale = first_site_log(s);
	char *stale_folder = test_path(s->logs, "Logs");
	const char *dry_run[] = { CCMWRAP_BINARY, "run", "-c", s->ini, "--registry", s->registry,
	                          "--dry-run", NULL };
	test_run_result plan;

	scenario_write_ini(s, "fix", 2, "");
	test_run_result_free(&s->run);
	uv_fs_t req;
	uv_fs_mkdir(NULL, &req, stale_folder, 0700, NULL);
	uv_fs_req_cleanup(&req);
	test_write_text(stale, STALE_LINE);

	test_run(dry_run, s->folder, &plan);
	assert_non_null(strstr(plan.out, "ccmsetup's logs: "));
	assert_non_null(strstr(plan.out, ": it holds ccmsetup.log (the current branch's log folder)"));
	test_run_result_free(&plan);

	scenario_run_to_exit(s, 0);
	scenario_assert_success_at_once(s);
	assert_non_null(strstr(s->run.out, "ccmsetup writes to "));
	assert_non_null(strstr(s->run.out, "(ConfigMgr 2007's folder on x64 Windows"));
	assert_int_equal(scenario_file_count(s->ccmsetup_log, "Installation succeeded."), 1);
	char *own_log = test_path(s->folder, "ccmwrap.log");
	assert_true(scenario_file_contains(own_log, "ccmsetup writes to "));
	free(own_log);
	free(stale_folder);
	free(stale);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		scenario_test(test_the_log_is_found_in_the_second_folder),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
