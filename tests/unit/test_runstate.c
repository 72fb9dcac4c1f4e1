/* The run state under state_key and the min_interval decision: the values
 * as regedit shows them, LastRun read back strictly, and when a run is too
 * soon (skip.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config/config.h"
#include "checks/registry/registry.h"
#include "wrapper/run/runstate.h"
#include "wrapper/run/skip.h"
#include "tests/support/testsupport.h"
#include "config/base/text.h"
#include "config/base/timestamp.h"

#define STATE_KEY "HKLM\\SOFTWARE\\ccmwrap"
#define HOUR_MS (3600 * 1000)
/* 2024-05-01T10:00:00Z */
#define MAY_FIRST_MS INT64_C(1714557600000)

typedef struct fixture {
	char *folder;
	char *path;
	registry *reg;
	config cfg;
	strbuf why;
} fixture;

static int setup(void **state)
{
	fixture *f = xcalloc(1, sizeof *f);
	error_message err;

	f->folder = test_make_temp_dir();
	f->path = test_path(f->folder, "state.reg");
	test_write_text(f->path, "Windows Registry Editor Version 5.00\n\n[HKLM\\SOFTWARE]\n");
	assert_true(registry_open_file(f->path, &f->reg, &err));
	f->cfg.ccmsetup.state_key = STATE_KEY;
	f->cfg.ccmsetup.min_interval_ms = 12 * HOUR_MS;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	registry_close(f->reg);
	strbuf_free(&f->why);
	test_remove_tree(f->folder);
	free(f->folder);
	free(f->path);
	free(f);
	return 0;
}

static void set_last_run(fixture *f, uint32_t type, const void *data, size_t size)
{
	registry_value value = { "LastRun", type, (unsigned char *)data, size };
	error_message err;

	assert_true(registry_set_value(f->reg, STATE_KEY, &value, &err));
}

static void set_last_run_text(fixture *f, const char *text)
{
	size_t size;
	unsigned char *wide = text_utf8_to_utf16le(text, strlen(text) + 1, &size);

	set_last_run(f, REGISTRY_SZ, wide, size);
	free(wide);
}

static void test_iso8601_round_trip(void **state)
{
	int64_t ms;
	char text[TIMESTAMP_ISO8601_SIZE];

	(void)state;
	assert_true(timestamp_parse_iso8601("2024-05-01T10:00:00Z", &ms));
	assert_int_equal(ms, MAY_FIRST_MS);
	assert_true(timestamp_parse_iso8601("2024-02-29T23:59:59Z", &ms));
	timestamp_format_iso8601(ms, text);
	assert_string_equal(text, "2024-02-29T23:59:59Z");
	assert_true(timestamp_parse_iso8601("1970-01-01T00:00:00Z", &ms));
	assert_int_equal(ms, 0);
}

static void test_iso8601_refuses_other_forms(void **state)
{
	static const char *const bad[] = {
		"", "yesterday", "2024-05-01", "2024-05-01T10:00:00", "2024-05-01T10:00:00+00:00",
		"2024-05-01 10:00:00Z", "2024-05-01T10:00:00Zx", "2023-02-29T00:00:00Z",
		"2024-13-01T00:00:00Z", "2024-04-31T00:00:00Z", "2024-05-01T24:00:00Z",
		"2024-05-01T10:60:00Z", "2024-5-01T10:00:00Z", " 2024-05-01T10:00:00Z",
		"-024-05-01T10:00:00Z", "2024-05-01T10:00:00.123Z",
	};
	int64_t ms = 42;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (timestamp_parse_iso8601(bad[i], &ms))
			fail_msg("'%s' was read as a time", bad[i]);
	}
	assert_int_equal(ms, 42);
}

static void test_write_then_read(void **state)
{
	fixture *f = *state;
	error_message err;
	bool found;
	int64_t last_run;

	assert_true(runstate_write(f->reg, STATE_KEY, MAY_FIRST_MS + 999, OUTCOME_FAILED,
	                           UINT32_C(0x80070642), &err));
	char *text = test_read_file(f->path, NULL);
	assert_string_equal(text, "Windows Registry Editor Version 5.00\n\n[HKLM\\SOFTWARE]\n\n"
	                          "[HKEY_LOCAL_MACHINE\\SOFTWARE\\ccmwrap]\n"
	                          "\"LastRun\"=\"2024-05-01T10:00:00Z\"\n"
	                          "\"LastOutcome\"=\"failed\"\n"
	                          "\"LastExitCode\"=dword:80070642\n\n");
	free(text);
	assert_true(runstate_read_last_run(f->reg, STATE_KEY, &found, &last_run, &err));
	assert_true(found);
	assert_int_equal(last_run, MAY_FIRST_MS);
}

static void test_no_state_yet(void **state)
{
	fixture *f = *state;
	error_message err;
	bool found = true;
	int64_t last_run;
	registry_value other = { "LastOutcome", REGISTRY_DWORD, (unsigned char *)"\0\0\0\0", 4 };

	assert_true(runstate_read_last_run(f->reg, STATE_KEY, &found, &last_run, &err));
	assert_false(found);
	assert_true(registry_set_value(f->reg, STATE_KEY, &other, &err));
	found = true;
	assert_true(runstate_read_last_run(f->reg, STATE_KEY, &found, &last_run, &err));
	assert_false(found);
}

static void test_last_run_of_another_type_is_an_error(void **state)
{
	fixture *f = *state;
	error_message err;
	bool found;
	int64_t last_run;

	set_last_run(f, REGISTRY_QWORD, "\0\0\0\0\0\0\0\0", 8);
	assert_false(runstate_read_last_run(f->reg, STATE_KEY, &found, &last_run, &err));
	assert_false(found);
	assert_string_equal(err.text, STATE_KEY "\\LastRun is of type 11; expected a string "
	                              "(REG_SZ) such as 2024-05-01T10:00:00Z");
}

static void expect_skip(fixture *f, int64_t now_ms, bool expected, const char *why)
{
	error_message err = { "" };
	bool skip = !expected;

	strbuf_clear(&f->why);
	if (!skip_within_min_interval(f->reg, &f->cfg, now_ms, &skip, &f->why, &err))
		fail_msg("skip_within_min_interval failed: %s", err.text);
	assert_int_equal(skip, expected);
	assert_string_equal(f->why.data ? f->why.data : "", why);
}

static void test_min_interval_decides(void **state)
{
	fixture *f = *state;

	expect_skip(f, MAY_FIRST_MS, false,
	            "no earlier run recorded (" STATE_KEY "\\LastRun does not exist)");
	set_last_run_text(f, "2024-05-01T10:00:00Z");
	expect_skip(f, MAY_FIRST_MS, true, "the last run was at 2024-05-01T10:00:00Z and "
	            "min_interval is 12h: the next run is allowed from 2024-05-01T22:00:00Z");
	expect_skip(f, MAY_FIRST_MS + 12 * HOUR_MS - 1, true, "the last run was at "
	            "2024-05-01T10:00:00Z and min_interval is 12h: the next run is allowed from "
	            "2024-05-01T22:00:00Z");
	expect_skip(f, MAY_FIRST_MS + 12 * HOUR_MS, false, "the last run was at "
	            "2024-05-01T10:00:00Z and min_interval is 12h: 2024-05-01T22:00:00Z has passed");
}

static void test_min_interval_zero_reads_nothing(void **state)
{
	fixture *f = *state;

	f->cfg.ccmsetup.min_interval_ms = 0;
	set_last_run_text(f, "not a time");
	expect_skip(f, MAY_FIRST_MS, false, "");
}

static void expect_unusable(fixture *f, const char *last_run, const char *message)
{
	error_message err = { "" };
	bool skip = true;

	set_last_run_text(f, last_run);
	assert_false(skip_within_min_interval(f->reg, &f->cfg, MAY_FIRST_MS, &skip, &f->why, &err));
	assert_false(skip);
	assert_string_equal(err.text, message);
}

static void test_unusable_last_run(void **state)
{
	fixture *f = *state;

	expect_unusable(f, "yesterday", STATE_KEY "\\LastRun = 'yesterday' is not a time; expected "
	                "UTC in the form 2024-05-01T10:00:00Z");
	expect_unusable(f, "2024-05-01T10:00:01Z", STATE_KEY "\\LastRun = 2024-05-01T10:00:01Z is "
	                "later than now; expected a past time (was the clock set back?)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iso8601_round_trip),
		cmocka_unit_test(test_iso8601_refuses_other_forms),
		cmocka_unit_test_setup_teardown(test_write_then_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_state_yet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_last_run_of_another_type_is_an_error, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_min_interval_decides, setup, teardown),
		cmocka_unit_test_setup_teardown(test_min_interval_zero_reads_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unusable_last_run, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
