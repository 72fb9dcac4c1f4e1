/* Anyone may start a program called ccmsetup.exe: only one running from a
 * ccmsetup folder (a site where ccmsetup logs, the folder above it, the
 * configured program's) is an installation. Under Wine every process runs
 * as the same user, never as SYSTEM, so the folder decides here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <uv.h>

#include "wrapper/run/busy.h"
#include "tests/support/testsupport.h"

typedef struct fixture {
	char *folder;
	char *site;            /* folder\ccmsetup\Logs */
	loglocate_site site_entry;
	loglocate_list sites;
} fixture;

static void make_folder(const char *path)
{
	uv_fs_t request;
	int rc = uv_fs_mkdir(NULL, &request, path, 0700, NULL);
	uv_fs_req_cleanup(&request);
	assert_true(rc == 0 || rc == UV_EEXIST);
}

static int setup(void **state)
{
	fixture *f = xcalloc(1, sizeof *f);

	f->folder = test_make_temp_dir();
	char *ccmsetup = test_path(f->folder, "ccmsetup");
	make_folder(ccmsetup);
	f->site = test_path(ccmsetup, "Logs");
	make_folder(f->site);
	free(ccmsetup);
	f->site_entry.folder = f->site;
	f->sites.sites = &f->site_entry;
	f->sites.count = 1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	test_remove_tree(f->folder);
	free(f->site);
	free(f->folder);
	free(f);
	return 0;
}

/* Starts a copy of the child helper called ccmsetup.exe in folder below
 * the fixture's, sleeping until killed. */
static test_process *start_ccmsetup_in(const fixture *f, const char *below, char **program)
{
	char *folder = test_path(f->folder, below);
	uv_fs_t request;

	make_folder(folder);
	*program = test_path(folder, "ccmsetup.exe");
	assert_int_equal(uv_fs_copyfile(NULL, &request, CCMWRAP_CHILD_HELPER, *program, 0, NULL), 0);
	uv_fs_req_cleanup(&request);
	free(folder);
	const char *args[] = { *program, "sleep", "600000", NULL };
	return test_start(args, NULL);
}

static void stop(test_process *process)
{
	test_run_result run;

	test_signal(process, SIGKILL);
	test_wait(process, &run);
	test_run_result_free(&run);
}

static bool busy_now(const fixture *f, const char *program_folder, strbuf *reason)
{
	busy_places places = { &f->sites, program_folder };
	bool busy;
	error_message err;

	strbuf_clear(reason);
	if (!busy_check(&places, &busy, reason, &err))
		fail_msg("%s", err.text);
	return busy;
}

static void test_ccmsetup_exe_elsewhere_is_not_an_installation(void **state)
{
	fixture *f = *state;
	strbuf reason = STRBUF_INIT;
	char *program;

	test_process *planted = start_ccmsetup_in(f, "Downloads", &program);
	assert_false(busy_now(f, NULL, &reason));
	assert_int_equal(reason.length, 0);
	stop(planted);
	free(program);
	strbuf_free(&reason);
}

static void test_ccmsetup_exe_in_its_folders_is_an_installation(void **state)
{
	fixture *f = *state;
	strbuf reason = STRBUF_INIT;
	const char *folders[] = { "ccmsetup", "ccmsetup\\Logs" };

	for (size_t i = 0; i < sizeof folders / sizeof folders[0]; i++) {
		char *program;
		test_process *installing = start_ccmsetup_in(f, folders[i], &program);
		assert_true(busy_now(f, NULL, &reason));
		assert_non_null(strstr(reason.data, "ccmsetup.exe is running (process "));
		stop(installing);
		free(program);
	}
	strbuf_free(&reason);
}

/* The program the INI names counts wherever it lives. */
static void test_the_configured_program_is_an_installation(void **state)
{
	fixture *f = *state;
	strbuf reason = STRBUF_INIT;
	char *program;

	test_process *installing = start_ccmsetup_in(f, "Client", &program);
	char *client = test_path(f->folder, "Client");
	assert_false(busy_now(f, NULL, &reason));
	assert_true(busy_now(f, client, &reason));
	stop(installing);
	free(client);
	free(program);
	strbuf_free(&reason);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ccmsetup_exe_elsewhere_is_not_an_installation, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_ccmsetup_exe_in_its_folders_is_an_installation,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(test_the_configured_program_is_an_installation, setup,
		                                teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
