/* The creation time of the status MIF, which ConfigMgr reads: a MIF
 * created before the program started is ignored, and a file renamed over
 * an old one may keep the old one's creation time (docs/DESIGN.md
 * "Reporting"). mif_write sets it to the MIF's own Installation time, so
 * that a test can tell it from the temporary file's. Wine 8 accepts a
 * creation time and keeps the file's own: there the tests prove that the
 * file is opened and the time accepted, and Windows the time itself. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <windows.h>

#include "config/base/filetime.h"
#include "config/base/wide.h"
#include "wrapper/report/mif.h"
#include "tests/support/testsupport.h"
#include "tests/support/testwine.h"

#define CREATED_2001_MS 1000000000000LL
#define INSTALLED_2023_MS 1700000000123LL

static int64_t creation_ms(const char *path)
{
	wchar_t *wide = wide_from_utf8(path);
	WIN32_FILE_ATTRIBUTE_DATA data;

	assert_true(GetFileAttributesExW(wide, GetFileExInfoStandard, &data));
	free(wide);
	return filetime_to_unix_ms(data.ftCreationTime);
}

static void test_filetime_round_trips_milliseconds(void **state)
{
	(void)state;
	assert_int_equal(filetime_to_unix_ms(filetime_from_unix_ms(INSTALLED_2023_MS)),
	                 INSTALLED_2023_MS);
	FILETIME epoch = filetime_from_unix_ms(0);
	ULARGE_INTEGER ticks = { .LowPart = epoch.dwLowDateTime, .HighPart = epoch.dwHighDateTime };
	assert_true(ticks.QuadPart == 116444736000000000ULL);
}

static void test_set_created_sets_it(void **state)
{
	char *folder = test_make_temp_dir();
	char *path = test_path(folder, "file");
	error_message err;

	(void)state;
	test_write_text(path, "x");
	if (!filetime_set_created(path, CREATED_2001_MS, &err))
		fail_msg("%s", err.text);
	if (!test_under_wine())
		assert_int_equal(creation_ms(path), CREATED_2001_MS);
	test_remove_tree(folder);
	free(path);
	free(folder);
}

static void test_set_created_of_a_missing_file_names_it(void **state)
{
	char *folder = test_make_temp_dir();
	char *path = test_path(folder, "missing");
	error_message err;

	(void)state;
	assert_false(filetime_set_created(path, CREATED_2001_MS, &err));
	strbuf expected = STRBUF_INIT;
	strbuf_printf(&expected, "cannot open %s to set its creation time: Windows error 2", path);
	assert_string_equal(err.text, expected.data);
	strbuf_free(&expected);
	test_remove_tree(folder);
	free(path);
	free(folder);
}

/* The old MIF's creation time does not survive the new one written over
 * it: the new one was created when it says it was. */
static void test_a_mif_written_over_an_old_one_is_created_anew(void **state)
{
	char *folder = test_make_temp_dir();
	char *path = test_path(folder, "ccmwrap.mif");
	config cfg = { .report = { .mif = "ccmwrap.mif", .mif_dir = folder } };
	error_message err;

	(void)state;
	test_write_text(path, "an earlier run's MIF\r\n");
	assert_true(filetime_set_created(path, CREATED_2001_MS, &err));
	if (!mif_write(&cfg, true, "done", INSTALLED_2023_MS, &err))
		fail_msg("%s", err.text);
	assert_int_not_equal(creation_ms(path), CREATED_2001_MS);
	if (!test_under_wine())
		assert_int_equal(creation_ms(path), INSTALLED_2023_MS);
	test_remove_tree(folder);
	free(path);
	free(folder);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_filetime_round_trips_milliseconds),
		cmocka_unit_test(test_set_created_sets_it),
		cmocka_unit_test(test_set_created_of_a_missing_file_names_it),
		cmocka_unit_test(test_a_mif_written_over_an_old_one_is_created_anew),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
