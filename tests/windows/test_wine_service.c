/* ccmsetup as a real Windows service under Wine's service manager: the
 * fake's bootstrap creates and starts the service `ccmsetup`, which
 * installs on after the bootstrap has exited. The attempt ends only once
 * the service has stopped and its terminal line was logged; a stalled
 * service is asked to stop before anything is terminated. */
#include <windows.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "exitcode.h"
#include "scenario.h"

#define WAITING_LINE "the logs say the end; waiting for the ccmsetup service to stop"
#define STOPPED_LINE "the ccmsetup service stopped"
#define STOP_REQUESTED_LINE "asked the ccmsetup service to stop"

/* The service instance stays up this long after its terminal line, so
 * ccmwrap sees the end logged while the service still runs. */
#define LINGERING_SERVICE "arg = /fake-service\narg = /fake-service-linger:2000\nmode = service\n"
#define HANGING_SERVICE "arg = /fake-service\narg = /fake-hang\nstall_timeout = 300ms\nmode = service\n"

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
	assert_int_equal(scenario_file_count(s->ccmsetup_log, "Successfully started the ccmsetup service"), 1);
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
	assert_null(strstr(s->run.out, "its process was ended"));
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		service_test(test_attempt_ends_when_the_service_has_stopped),
		service_test(test_stalled_service_is_asked_to_stop_and_retried),
		service_test(test_stalled_service_with_one_attempt_is_a_stall),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
