/* The one-shot service `ccmwrap` under Wine's service manager: `run
 * --detach` creates and starts it and returns while the run goes on; the
 * service runs `ccmwrap service`, which reports its run's exit code and
 * deletes itself. STOP ends the run as `interrupted` with the result and
 * the run state written and no status MIF; SHUTDOWN and PRESHUTDOWN, which
 * no program may send, take the same way from the control handler on
 * (tests/unit/test_servicemain-win.c). Only Windows proves that the
 * service runs as LocalSystem and that the system sends SHUTDOWN at
 * shutdown (Wine runs services as the user and ends them at its own).
 * `push .` takes the same service through push's native backend: this
 * machine's %windir% for its ADMIN$, the real local service manager. */
#include <windows.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tests/scenarios/scenario.h"
#include "tests/support/testsupport.h"
#include "wrapper/report/exitcode.h"
#include "wrapper/report/hostname.h"

static SC_HANDLE open_ccmwrap_service(DWORD access)
{
	SC_HANDLE manager = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
	assert_non_null(manager);
	SC_HANDLE service = OpenServiceW(manager, L"ccmwrap", access);
	CloseServiceHandle(manager);
	return service;
}

static bool service_is_gone(void *context)
{
	(void)context;
	SC_HANDLE service = open_ccmwrap_service(SERVICE_QUERY_STATUS);
	if (service != NULL)
		CloseServiceHandle(service);
	return service == NULL && GetLastError() == ERROR_SERVICE_DOES_NOT_EXIST;
}

/* A failed test must not leave the service, or its run, to the next one:
 * stopped, deleted, and gone before the next test starts. */
static int oneshot_teardown(void **state)
{
	SC_HANDLE service = open_ccmwrap_service(SERVICE_STOP | DELETE);
	SERVICE_STATUS status;

	if (service != NULL) {
		ControlService(service, SERVICE_CONTROL_STOP, &status);
		DeleteService(service);
		CloseServiceHandle(service);
	}
	if (!test_wait_until(service_is_gone, NULL, 60000))
		fprintf(stderr, "the ccmwrap service outlived its test\n");
	return scenario_fixture_teardown(state);
}

/* Waits for what the service's run does; when it does not come, what the
 * run logged says why. */
static void wait_for_the_run(scenario *s, bool (*condition)(void *), const char *what)
{
	if (test_wait_until(condition, s, 60000))
		return;
	char *own_log = test_read_file(s->own_log, NULL);
	char *ccmsetup_log = test_read_file(s->ccmsetup_log, NULL);
	fprintf(stderr, "ccmwrap's own log:\n%s\nccmsetup.log:\n%s\n",
	        own_log != NULL ? own_log : "(none)", ccmsetup_log != NULL ? ccmsetup_log : "(none)");
	free(own_log);
	free(ccmsetup_log);
	fail_msg("no %s after 60 s (the logs above say how far the run got)", what);
}

#define oneshot_test(function) \
	cmocka_unit_test_setup_teardown(function, scenario_fixture_setup, oneshot_teardown)

static void run_detached(scenario *s)
{
	scenario_run_detached(s, NULL);
	if (s->run.exit_code != 0)
		fail_msg("run --detach exited %lld:\n%s%s", (long long)s->run.exit_code, s->run.out,
		         s->run.err);
}

static bool result_is_success(void *context)
{
	return scenario_result_is(context, "success");
}

static bool result_is_interrupted(void *context)
{
	return scenario_result_is(context, "interrupted");
}

static void test_detach_runs_the_one_shot_service_which_deletes_itself(void **state)
{
	scenario *s = *state;
	char *release = test_path(s->folder, "release");
	strbuf lines = STRBUF_INIT;

	strbuf_printf(&lines, "arg = /fake-hold-until:%s\n", release);
	scenario_write_ini(s, "fix", 1, lines.data);
	run_detached(s);
	scenario_assert_said(&s->run, "the run goes on in the background, as the service ccmwrap: ");
	scenario_assert_said(&s->run, "\\ccmwrap\\ccmwrap.exe\" service -c ");

	wait_for_the_run(s, scenario_ccmsetup_is_held, "held installation");
	SC_HANDLE service = open_ccmwrap_service(SERVICE_QUERY_STATUS);
	assert_non_null(service);
	SERVICE_STATUS status;
	assert_true(QueryServiceStatus(service, &status));
	assert_int_equal(status.dwCurrentState, SERVICE_RUNNING);
	CloseServiceHandle(service);
	scenario_read_result(s);
	assert_int_equal(s->result.outcome, OUTCOME_RUNNING);

	test_write_text(release, "");
	wait_for_the_run(s, result_is_success, "successful result");
	scenario_read_result(s);
	scenario_assert_success_at_once(s);
	assert_true(test_wait_until(service_is_gone, NULL, 60000));
	assert_int_equal(scenario_check(s), 0);
	strbuf_free(&lines);
	free(release);
}

/* The service manager's STOP, sent while ccmsetup hangs in
 * RemoveW2KDrivers: the run ends as Ctrl-C ends it, and the service's exit
 * code is the run's. */
typedef struct watched_service {
	SC_HANDLE handle;
	SERVICE_STATUS status;
} watched_service;

static bool service_has_stopped(void *context)
{
	watched_service *service = context;
	return QueryServiceStatus(service->handle, &service->status) &&
	       service->status.dwCurrentState == SERVICE_STOPPED;
}

static void test_stop_ends_the_run_as_interrupted(void **state)
{
	scenario *s = *state;

	scenario_write_ini(s, "off", 1, "arg = /fake-hang\nstall_timeout = 10m\nstop_grace = 5s\n");
	scenario_write_old_mif(s);
	run_detached(s);
	wait_for_the_run(s, scenario_ccmsetup_hangs, "hang in RemoveW2KDrivers");

	watched_service service = {
		.handle = open_ccmwrap_service(SERVICE_STOP | SERVICE_QUERY_STATUS),
	};
	assert_non_null(service.handle);
	assert_true(ControlService(service.handle, SERVICE_CONTROL_STOP, &service.status));
	wait_for_the_run(s, result_is_interrupted, "interrupted result");
	scenario_read_result(s);
	assert_int_equal(s->result.outcome, OUTCOME_INTERRUPTED);
	assert_int_equal(s->result.exit_code, EXIT_INTERRUPTED);
	assert_true(test_wait_until(service_has_stopped, &service, 60000));
	assert_int_equal(service.status.dwWin32ExitCode, ERROR_SERVICE_SPECIFIC_ERROR);
	assert_int_equal(service.status.dwServiceSpecificExitCode, EXIT_INTERRUPTED);
	CloseServiceHandle(service.handle);
	char *outcome = scenario_last_outcome(s);
	assert_string_equal(outcome, "interrupted");
	free(outcome);
	/* ConfigMgr runs an interrupted program again: no MIF, the old one gone. */
	assert_false(test_exists(s->mif));
	assert_true(test_wait_until(service_is_gone, NULL, 60000));
}

static int healthy_setup(void **state)
{
	scenario *s = xmalloc(sizeof *s);

	scenario_setup(s, "samples/registry/healthy.reg");
	*state = s;
	return 0;
}

static bool folder_exists(const wchar_t *path)
{
	DWORD attributes = GetFileAttributesW(path);
	return attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY);
}

static void test_push_to_this_machine_installs_runs_and_deletes_the_service(void **state)
{
	scenario *s = *state;
	char *results = test_path(s->folder, "results");
	const char *args[] = { CCMWRAP_BINARY, "push", ".", "-c", s->ini, "--results", results,
	                       NULL };
	wchar_t pushed[MAX_PATH];

	scenario_write_ini(s, "off", 1, "");
	test_run_result_free(&s->run);
	test_run(args, s->folder, &s->run);
	if (s->run.exit_code != 0)
		fail_msg("push . exited %lld:\n%s%s", (long long)s->run.exit_code, s->run.out,
		         s->run.err);

	char *host = hostname_of_this_machine();
	strbuf file = STRBUF_INIT;
	strbuf_printf(&file, "%s.json", host);
	char *result_file = test_path(results, file.data);
	run_result result;
	scenario_read_result_file(result_file, &s->run, &result);
	assert_int_equal(result.outcome, OUTCOME_SUCCESS);
	assert_string_equal(result.host, host);
	assert_int_equal(result.attempt_count, 1);
	result_free(&result);
	strbuf line = STRBUF_INIT;
	strbuf_printf(&line, "%s: success (exit 0)\n", host);
	scenario_assert_said(&s->run, line.data);
	/* The service was created and ran: ccmsetup's log is the fake's. */
	assert_true(scenario_file_contains(s->ccmsetup_log, "Installation succeeded."));
	assert_true(service_is_gone(NULL));
	assert_true(GetWindowsDirectoryW(pushed, MAX_PATH) > 0);
	wcscat(pushed, L"\\ccmwrap");
	assert_false(folder_exists(pushed));
	strbuf_free(&line);
	strbuf_free(&file);
	free(result_file);
	free(host);
	free(results);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		oneshot_test(test_detach_runs_the_one_shot_service_which_deletes_itself),
		oneshot_test(test_stop_ends_the_run_as_interrupted),
		cmocka_unit_test_setup_teardown(
		    test_push_to_this_machine_installs_runs_and_deletes_the_service, healthy_setup,
		    oneshot_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
