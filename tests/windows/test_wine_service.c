/* ccmsetup as a real Windows service under Wine's service manager: the
 * fake's bootstrap creates and starts the service `ccmsetup`, which
 * installs on after the bootstrap has exited. The attempt ends only once
 * the service has stopped and its terminal line was logged; a stalled
 * service is asked to stop before anything is terminated. A custom action
 * that hangs in Windows Installer's custom-action server (the double's
 * msiexec.exe under the double's MSIServer service, tests/windows/run.sh)
 * is ended after stop_grace, so that the next attempt is not blocked by
 * Global\_MSIExecute. And the layout of a real ConfigMgr 2007 client on
 * x64: logs in %windir%\ccmsetup, the version in the 32-bit view. */
#include <windows.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wrapper/report/exitcode.h"
#include "tests/scenarios/scenario.h"
#include "tests/support/testsupport.h"
#include "config/base/text.h"
#include "config/base/wide.h"

#define WAITING_LINE "the ccmsetup service goes on: waiting for it to stop"
#define STOPPED_LINE "the ccmsetup service stopped"
#define STOP_REQUESTED_LINE "asked the ccmsetup service to stop"
#define CLOSE_REQUESTED_LINE "asked ccmsetup (process "
#define CUSTOM_ACTION_ENDED_LINE "ended the hung custom action's server, process "
#define CUSTOM_ACTION_SERVER "msiexec.exe\" /fake-custom-action-server"

/* The service instance stays up this long after its terminal line, so
 * ccmwrap sees the end logged while the service still runs. */
#define LINGERING_SERVICE "arg = /fake-service\narg = /fake-service-linger:2000\nmode = service\n"
#define HANGING_SERVICE "arg = /fake-service\narg = /fake-hang\nstall_timeout = 300ms\nmode = service\n"
/* The hang inside the custom-action server; stop_grace short for a test. */
#define HUNG_CUSTOM_ACTION "arg = /fake-hang\narg = /fake-custom-action\nstall_timeout = 300ms\n" \
	"stop_grace = 1s\n"

/* The service outlives the test's processes: each test leaves the service
 * manager without it. */
static void delete_ccmsetup_service(void)
{
	SC_HANDLE manager = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
	assert_non_null(manager);
	SC_HANDLE service = OpenServiceW(manager, L"ccmsetup", DELETE);
	if (service != NULL) {
		assert_true(DeleteService(service));
		CloseServiceHandle(service);
	} else {
		assert_int_equal(GetLastError(), ERROR_SERVICE_DOES_NOT_EXIST);
	}
	CloseServiceHandle(manager);
}

static int service_fixture_teardown(void **state)
{
	delete_ccmsetup_service();
	return scenario_fixture_teardown(state);
}

#define service_test(function) \
	cmocka_unit_test_setup_teardown(function, scenario_fixture_setup, service_fixture_teardown)

/* Where text first appears on ccmwrap's console; fails when it does not. */
static size_t console_position(const scenario *s, const char *text)
{
	const char *found = strstr(s->run.out, text);
	if (found == NULL)
		fail_msg("ccmwrap's console lacks \"%s\":\n%s%s", text, s->run.out, s->run.err);
	return (size_t)(found - s->run.out);
}

static void test_attempt_ends_when_the_service_has_stopped(void **state)
{
	scenario *s = *state;
	scenario_write_ini(s, "fix", 1, LINGERING_SERVICE);

	scenario_run_to_exit(s, 0);
	scenario_assert_success_at_once(s);
	assert_true(console_position(s, WAITING_LINE) < console_position(s, STOPPED_LINE));
	assert_null(strstr(s->run.out, STOP_REQUESTED_LINE));
	assert_int_equal(scenario_file_count(s->ccmsetup_log, "Successfully created the ccmsetup service"), 1);
	assert_int_equal(scenario_file_count(s->ccmsetup_log, "Installation succeeded."), 1);
}

static void test_stalled_service_is_asked_to_stop_and_retried(void **state)
{
	scenario *s = *state;
	scenario_write_ini(s, "off", 3, HANGING_SERVICE);

	scenario_run_to_exit(s, 0);
	assert_int_equal(s->result.outcome, OUTCOME_SUCCESS);
	assert_int_equal(s->result.attempt_count, 2);
	assert_true(s->result.attempts[0].stalled);
	assert_false(s->result.attempts[1].stalled);
	assert_int_equal(s->result.attempts[1].exit_code, 0);
	console_position(s, STOP_REQUESTED_LINE);
	assert_null(strstr(s->run.out, "ended the ccmsetup service's process"));
	assert_int_equal(scenario_check(s), 0);
	assert_int_equal(scenario_file_count(s->ccmsetup_log, "Installation succeeded."), 1);
}

static void test_stalled_service_with_one_attempt_is_a_stall(void **state)
{
	scenario *s = *state;
	scenario_write_ini(s, "off", 1, HANGING_SERVICE);

	scenario_run_to_exit(s, EXIT_STALLED);
	assert_int_equal(s->result.attempt_count, 1);
	assert_true(s->result.attempts[0].stalled);
	console_position(s, STOP_REQUESTED_LINE);
}

/* Ended after stop_grace, the hung custom-action server abandons the
 * mutex: the next attempt installs instead of meeting 1618. Whom ccmwrap
 * asked to stop first, it asked before anything was ended. */
static void run_hung_custom_action(scenario *s, const char *mode_lines, const char *asked_line)
{
	strbuf lines = STRBUF_INIT;
	strbuf_printf(&lines, HUNG_CUSTOM_ACTION "%s", mode_lines);
	scenario_write_ini(s, "off", 3, lines.data);
	strbuf_free(&lines);

	scenario_run_to_exit(s, 0);
	assert_int_equal(s->result.outcome, OUTCOME_SUCCESS);
	assert_int_equal(s->result.attempt_count, 2);
	assert_true(s->result.attempts[0].stalled);
	assert_int_equal(s->result.attempts[1].exit_code, 0);
	size_t ended = console_position(s, CUSTOM_ACTION_ENDED_LINE);
	assert_non_null(strstr(s->run.out + ended, CUSTOM_ACTION_SERVER));
	assert_true(console_position(s, asked_line) < ended);
	assert_null(strstr(s->run.out, "1618"));
	char *own_log = test_path(s->folder, "ccmwrap.log");
	assert_true(scenario_file_contains(own_log, CUSTOM_ACTION_SERVER));
	free(own_log);
	assert_int_equal(scenario_check(s), 0);
}

/* Without service ccmsetup is asked through the window it has. */
static void test_hung_custom_action_is_ended_without_service(void **state)
{
	run_hung_custom_action(*state, "mode = noservice\n", CLOSE_REQUESTED_LINE);
}

/* The seed's shape: the ccmsetup service, asked to stop, cannot while the
 * custom action hangs. */
static void test_hung_custom_action_is_ended_in_service_mode(void **state)
{
	run_hung_custom_action(*state, "arg = /fake-service\nmode = service\n", STOP_REQUESTED_LINE);
}

/* ---- the layout of a real ConfigMgr 2007 client on x64 ---- */

#define CLIENT_KEY L"SOFTWARE\\Microsoft\\SMS\\Mobile Client"
#define STATE_KEY "HKLM\\SOFTWARE\\ccmwrap-wine-client"

static void delete_in_view(const wchar_t *key, REGSAM view)
{
	LONG status = RegDeleteKeyExW(HKEY_LOCAL_MACHINE, key, view, 0);
	assert_true(status == ERROR_SUCCESS || status == ERROR_FILE_NOT_FOUND);
}

static bool value_in_view(REGSAM view)
{
	HKEY handle;
	bool found = RegOpenKeyExW(HKEY_LOCAL_MACHINE, CLIENT_KEY, 0, KEY_QUERY_VALUE | view,
	                           &handle) == ERROR_SUCCESS;
	if (found) {
		found = RegQueryValueExW(handle, L"ProductVersion", NULL, NULL, NULL, NULL) ==
		        ERROR_SUCCESS;
		RegCloseKey(handle);
	}
	return found;
}

/* %windir%\ccmsetup, where ConfigMgr 2007's 32-bit ccmsetup works on x64. */
static char *windir_ccmsetup(void)
{
	wchar_t windir[MAX_PATH];
	UINT length = GetWindowsDirectoryW(windir, MAX_PATH);
	assert_true(length > 0 && length < MAX_PATH);
	char *utf8 = wide_to_utf8(windir, -1);
	char *folder = test_path(utf8, "ccmsetup");
	free(utf8);
	return folder;
}

static void forget_the_client(void)
{
	delete_in_view(CLIENT_KEY, KEY_WOW64_32KEY);
	delete_in_view(CLIENT_KEY, KEY_WOW64_64KEY);
	delete_in_view(L"SOFTWARE\\ccmwrap-wine-client", KEY_WOW64_64KEY);
	char *folder = windir_ccmsetup();
	test_remove_tree(folder);
	free(folder);
}

static int client_fixture_setup(void **state)
{
	forget_the_client();
	return scenario_fixture_setup(state);
}

static int client_fixture_teardown(void **state)
{
	forget_the_client();
	return service_fixture_teardown(state);
}

/* The native registry, ccmsetup's logs and the version found by ccmwrap. */
static void write_client_ini(const scenario *s, const char *ccmsetup_folder)
{
	strbuf ini = STRBUF_INIT;

	strbuf_printf(&ini,
	              "[ccmsetup]\n"
	              "path = %s\n"
	              "arg = /fake-service\n"
	              "arg = /fake-service-linger:500\n"
	              "arg = /fake-logdir:%s\n"
	              "arg = /fake-version:4.00.6487.2000\n"
	              "mode = service\n"
	              "timeout = 60s\n"
	              "busy_wait = 300ms\n"
	              "target_version = 4.00.6487.2000\n"
	              "state_key = " STATE_KEY "\n"
	              "\n[logs]\n"
	              "own = %s\\ccmwrap.log\n"
	              "\n[acl]\n"
	              "journal = %s\\acl.journal\n"
	              "\n[report]\n"
	              "result = %s\n"
	              "mif_dir = %s\n",
	              CCMWRAP_FAKE_CCMSETUP, ccmsetup_folder, s->folder, s->folder, s->result_file,
	              s->folder);
	test_write_text(s->ini, ini.data);
	strbuf_free(&ini);
}

static void test_a_real_client_layout_is_followed_to_its_end(void **state)
{
	scenario *s = *state;
	char *folder = windir_ccmsetup();
	assert_true(CreateDirectoryA(folder, NULL));
	write_client_ini(s, folder);
	const char *args[] = { CCMWRAP_BINARY, "run", "-c", s->ini, "-v", NULL };

	test_run_result_free(&s->run);
	test_run(args, s->folder, &s->run);
	scenario_read_result(s);
	scenario_assert_exit(s, 0);
	scenario_assert_success_at_once(s);
	strbuf found = STRBUF_INIT;
	strbuf_printf(&found, "ccmsetup writes to %s (ConfigMgr 2007's folder on x64 Windows", folder);
	console_position(s, found.data);
	console_position(s, "installed client 4.00.6487.2000 (32-bit view)");
	assert_true(console_position(s, WAITING_LINE) < console_position(s, STOPPED_LINE));
	/* The 32-bit view is where the 32-bit client keeps its version. */
	assert_true(value_in_view(KEY_WOW64_32KEY));
	assert_false(value_in_view(KEY_WOW64_64KEY));
	strbuf_free(&found);
	free(folder);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		service_test(test_attempt_ends_when_the_service_has_stopped),
		service_test(test_stalled_service_is_asked_to_stop_and_retried),
		service_test(test_stalled_service_with_one_attempt_is_a_stall),
		service_test(test_hung_custom_action_is_ended_without_service),
		service_test(test_hung_custom_action_is_ended_in_service_mode),
		cmocka_unit_test_setup_teardown(test_a_real_client_layout_is_followed_to_its_end,
		                                client_fixture_setup, client_fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
