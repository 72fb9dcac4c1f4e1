/* ccmwrap.exe loads no DLL planted beside it (cmake/delayload.cmake,
 * wrapper/main-win.c): copies of a marker DLL named IPHLPAPI.DLL and
 * USERENV.dll beside a copy of ccmwrap.exe stay unloaded, where a program
 * importing USERENV.dll the plain way loads the planted one (the attack
 * works here, so its absence means something). Its arguments arrive as
 * UTF-16, whatever the ANSI code page: an INI whose name no code page
 * holds is found. And the delay-loaded functions work when called. */
#include <windows.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <uv.h>

#include "config/base/text.h"
#include "tests/support/testsupport.h"

typedef struct fixture {
	char *folder;
} fixture;

static void copy(const char *from, const char *folder, const char *name)
{
	char *to = test_path(folder, name);
	uv_fs_t request;

	assert_int_equal(uv_fs_copyfile(NULL, &request, from, to, 0, NULL), 0);
	uv_fs_req_cleanup(&request);
	free(to);
}

static bool exists(const char *folder, const char *name)
{
	char *path = test_path(folder, name);
	uv_fs_t request;
	int rc = uv_fs_stat(NULL, &request, path, NULL);

	uv_fs_req_cleanup(&request);
	free(path);
	return rc == 0;
}

static int setup(void **state)
{
	fixture *f = xcalloc(1, sizeof *f);

	f->folder = test_make_temp_dir();
	copy(CCMWRAP_PLANTED_DLL, f->folder, "IPHLPAPI.DLL");
	copy(CCMWRAP_PLANTED_DLL, f->folder, "USERENV.dll");
	copy(CCMWRAP_BINARY, f->folder, "ccmwrap.exe");
	copy(CCMWRAP_USERENV_PROBE, f->folder, "userenv_probe.exe");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	test_remove_tree(f->folder);
	free(f->folder);
	free(f);
	return 0;
}

static void run_in(const fixture *f, const char *program, const char *const *more,
                   test_run_result *run)
{
	const char *args[8] = { NULL };
	char *path = test_path(f->folder, program);
	size_t count = 0;

	args[count++] = path;
	for (; more != NULL && more[count - 1] != NULL; count++)
		args[count] = more[count - 1];
	test_run(args, f->folder, run);
	free(path);
}

static void test_a_plain_import_loads_the_planted_dll(void **state)
{
	fixture *f = *state;
	test_run_result run;

	run_in(f, "userenv_probe.exe", NULL, &run);
	test_run_result_free(&run);
	assert_true(exists(f->folder, "USERENV.dll.loaded"));
}

static void test_ccmwrap_loads_no_planted_dll(void **state)
{
	fixture *f = *state;
	const char *version[] = { "--version", NULL };
	char *ini = test_path(f->folder, "ccmwrap.ini");
	const char *check[] = { "config", "-c", ini, NULL };
	test_run_result run;

	run_in(f, "ccmwrap.exe", version, &run);
	assert_int_equal(run.exit_code, 0);
	test_run_result_free(&run);
	test_write_text(ini, "[ccmsetup]\npath = C:\\windows\\system32\\notepad.exe\n");
	run_in(f, "ccmwrap.exe", check, &run);
	test_run_result_free(&run);
	assert_false(exists(f->folder, "USERENV.dll.loaded"));
	assert_false(exists(f->folder, "IPHLPAPI.DLL.loaded"));
	free(ini);
}

static void test_arguments_arrive_whatever_the_code_page(void **state)
{
	fixture *f = *state;
	char *ini = test_path(f->folder, "pr\xc3\xbc" "fung-\xe6\x97\xa5\xe6\x9c\xac.ini");
	const char *check[] = { "config", "-c", ini, NULL };
	test_run_result run;

	test_write_text(ini, "[ccmsetup]\npath = C:\\windows\\system32\\notepad.exe\n");
	run_in(f, "ccmwrap.exe", check, &run);
	if (run.exit_code != 0)
		fail_msg("config -c %s: %s%s", ini, run.out, run.err);
	assert_non_null(strstr(run.out, "path = C:\\windows\\system32\\notepad.exe"));
	test_run_result_free(&run);
	free(ini);
}

/* The delay-load stubs reach the system's DLLs when called. */
static void test_delay_loaded_functions_work(void **state)
{
	uv_passwd_t user;
	uv_interface_address_t *addresses;
	int count;

	(void)state;
	assert_int_equal(uv_os_get_passwd(&user), 0);
	assert_non_null(user.homedir);
	uv_os_free_passwd(&user);
	assert_int_equal(uv_interface_addresses(&addresses, &count), 0);
	uv_free_interface_addresses(addresses, count);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_a_plain_import_loads_the_planted_dll, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ccmwrap_loads_no_planted_dll, setup, teardown),
		cmocka_unit_test_setup_teardown(test_arguments_arrive_whatever_the_code_page, setup,
		                                teardown),
		cmocka_unit_test(test_delay_loaded_functions_work),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
