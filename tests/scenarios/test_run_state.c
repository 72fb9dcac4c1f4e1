/* The run state under state_key and min_interval: every run that did
 * something leaves LastRun, LastOutcome and LastExitCode in the registry;
 * a run within min_interval of LastRun is skipped (exit 0, nothing
 * started) unless --force; min_interval 0 never skips. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "checks/registry/registry.h"
#include "tests/scenarios/scenario.h"
#include "config/base/text.h"

#define STATE_KEY "HKLM\\SOFTWARE\\ccmwrap"
#define TWELVE_HOURS "min_interval = 12h\n"

typedef struct run_state {
	bool present;
	char *last_run;
	char *last_outcome;
	uint32_t last_exit_code;
} run_state;

static char *string_of(const registry_value *value)
{
	strlist text = STRLIST_INIT;

	assert_non_null(value);
	assert_int_equal(value->type, REGISTRY_SZ);
	assert_true(registry_value_strings(value, &text));
	assert_int_equal(text.count, 1);
	char *string = xstrdup(text.items[0]);
	strlist_free(&text);
	return string;
}

static run_state read_state(const scenario *s)
{
	run_state state = { 0 };
	registry *reg;
	registry_value *values;
	size_t count;
	error_message err;

	assert_true(registry_open_file(s->registry, &reg, &err));
	state.present = registry_key_exists(reg, STATE_KEY);
	if (state.present) {
		assert_true(registry_values(reg, STATE_KEY, &values, &count, &err));
		state.last_run = string_of(registry_find_value(values, count, "LastRun"));
		state.last_outcome = string_of(registry_find_value(values, count, "LastOutcome"));
		const registry_value *code = registry_find_value(values, count, "LastExitCode");
		assert_non_null(code);
		assert_int_equal(code->type, REGISTRY_DWORD);
		assert_int_equal(code->size, 4);
		state.last_exit_code = (uint32_t)code->data[0] | (uint32_t)code->data[1] << 8 |
		                       (uint32_t)code->data[2] << 16 | (uint32_t)code->data[3] << 24;
		registry_values_free(values, count);
	}
	registry_close(reg);
	return state;
}

static void run_state_free(run_state *state)
{
	free(state->last_run);
	free(state->last_outcome);
}

/* LastRun written by another tool, or by hand. */
static void write_last_run(const scenario *s, const char *text)
{
	registry *reg;
	error_message err;
	size_t size;
	unsigned char *wide = text_utf8_to_utf16le(text, strlen(text) + 1, &size);
	registry_value value = { "LastRun", REGISTRY_SZ, wide, size };

	assert_true(registry_open_file(s->registry, &reg, &err));
	assert_true(registry_set_value(reg, STATE_KEY, &value, &err));
	assert_true(registry_commit(reg, &err));
	registry_close(reg);
	free(wide);
}

static void run_with(scenario *s, const char *option)
{
	const char *args[] = { CCMWRAP_BINARY, "run", "-c", s->ini, "--registry", s->registry, "-v",
	                       option, NULL };

	test_run_result_free(&s->run);
	test_run(args, s->folder, &s->run);
}

static void read_new_result(scenario *s)
{
	if (s->result_read)
		result_free(&s->result);
	s->result_read = false;
	scenario_read_result(s);
}

static bool said(const scenario *s, const char *text)
{
	return strstr(s->run.out, text) != NULL || strstr(s->run.err, text) != NULL;
}

static void test_a_run_records_its_state(void **state)
{
	scenario *s = *state;
	scenario_write_ini(s, "fix", 3, TWELVE_HOURS);

	scenario_run_to_exit(s, 0);
	run_state recorded = read_state(s);
	assert_true(recorded.present);
	assert_string_equal(recorded.last_run, s->result.started_text);
	assert_string_equal(recorded.last_outcome, "success");
	assert_int_equal(recorded.last_exit_code, 0);
	run_state_free(&recorded);
}

static void test_a_failure_records_the_full_exit_code(void **state)
{
	scenario *s = *state;
	scenario_write_ini(s, "fix", 1, "arg = /fake-fail:1603\n");

	scenario_run_to_exit(s, 1603);
	run_state recorded = read_state(s);
	assert_string_equal(recorded.last_outcome, "failed");
	assert_int_equal(recorded.last_exit_code, 1603);
	run_state_free(&recorded);
}

static void test_a_run_within_min_interval_is_skipped(void **state)
{
	scenario *s = *state;
	scenario_write_ini(s, "fix", 3, TWELVE_HOURS);
	scenario_run_to_exit(s, 0);
	run_state first = read_state(s);
	size_t log_size;
	char *log_before = test_read_file(s->ccmsetup_log, &log_size);

	scenario_run(s);

	read_new_result(s);
	scenario_assert_exit(s, 0);
	assert_int_equal(s->result.outcome, OUTCOME_SKIPPED);
	assert_int_equal(s->result.attempt_count, 0);
	size_t log_size_after;
	char *log_after = test_read_file(s->ccmsetup_log, &log_size_after);
	assert_int_equal(log_size_after, log_size);
	assert_memory_equal(log_after, log_before, log_size);
	assert_true(said(s, first.last_run));
	assert_true(said(s, "the next run is allowed from"));
	/* The skip leaves the state of the run that did something. */
	run_state second = read_state(s);
	assert_string_equal(second.last_run, first.last_run);
	assert_string_equal(second.last_outcome, "success");
	run_state_free(&first);
	run_state_free(&second);
	free(log_before);
	free(log_after);
}

static void test_force_runs_within_min_interval(void **state)
{
	scenario *s = *state;
	scenario_write_ini(s, "fix", 3, TWELVE_HOURS);
	scenario_run(s);
	scenario_read_result(s);
	assert_int_equal(s->result.outcome, OUTCOME_SUCCESS);
	run_state first = read_state(s);

	run_with(s, "--force");

	read_new_result(s);
	scenario_assert_exit(s, 0);
	assert_int_equal(s->result.outcome, OUTCOME_SUCCESS);
	assert_int_equal(s->result.attempt_count, 1);
	assert_int_equal(scenario_file_count(s->ccmsetup_log, "Installation succeeded."), 2);
	assert_true(said(s, "--force: running now"));
	run_state second = read_state(s);
	assert_string_equal(second.last_run, s->result.started_text);
	run_state_free(&first);
	run_state_free(&second);
}

static void test_min_interval_zero_never_skips(void **state)
{
	scenario *s = *state;
	scenario_write_ini(s, "fix", 3, "min_interval = 0\n");

	scenario_run_to_exit(s, 0);
	scenario_run(s);

	read_new_result(s);
	scenario_assert_exit(s, 0);
	assert_int_equal(s->result.outcome, OUTCOME_SUCCESS);
	assert_int_equal(s->result.attempt_count, 1);
	assert_int_equal(scenario_file_count(s->ccmsetup_log, "Installation succeeded."), 2);
	assert_false(said(s, "min_interval"));
}

static void test_unusable_last_run_is_ignored_with_a_warning(void **state)
{
	scenario *s = *state;
	scenario_write_ini(s, "fix", 3, TWELVE_HOURS);
	write_last_run(s, "yesterday");

	scenario_run_to_exit(s, 0);
	assert_int_equal(s->result.attempt_count, 1);
	assert_true(said(s, "min_interval: " STATE_KEY "\\LastRun = 'yesterday' is not a time; "
	                    "expected UTC in the form 2024-05-01T10:00:00Z; ignoring it and running"));
	run_state recorded = read_state(s);
	assert_string_equal(recorded.last_run, s->result.started_text);
	run_state_free(&recorded);
}

static void test_a_dry_run_records_nothing(void **state)
{
	scenario *s = *state;
	scenario_write_ini(s, "fix", 3, TWELVE_HOURS);

	run_with(s, "--dry-run");

	assert_int_equal(s->run.exit_code, 0);
	run_state recorded = read_state(s);
	assert_false(recorded.present);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		scenario_test(test_a_run_records_its_state),
		scenario_test(test_a_failure_records_the_full_exit_code),
		scenario_test(test_a_run_within_min_interval_is_skipped),
		scenario_test(test_force_runs_within_min_interval),
		scenario_test(test_min_interval_zero_never_skips),
		scenario_test(test_unusable_last_run_is_ignored_with_a_warning),
		scenario_test(test_a_dry_run_records_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
