#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <uv.h>

#include "config/base/text.h"
#include "wrapper/report/mif.h"
#include "tests/support/testsupport.h"

static const char expected_mif[] =
    "START COMPONENT\r\n"
    "  NAME = \"WORKSTATION\"\r\n"
    "  START GROUP\r\n"
    "    NAME = \"ComponentID\"\r\n"
    "    ID = 1\r\n"
    "    CLASS = \"DMTF|ComponentID|1.0\"\r\n"
    "    START ATTRIBUTE\r\n"
    "      NAME = \"Manufacturer\"\r\n"
    "      ID = 1\r\n"
    "      ACCESS = READ-ONLY\r\n"
    "      STORAGE = SPECIFIC\r\n"
    "      TYPE = STRING(64)\r\n"
    "      VALUE = \"Contoso\"\r\n"
    "    END ATTRIBUTE\r\n"
    "    START ATTRIBUTE\r\n"
    "      NAME = \"Product\"\r\n"
    "      ID = 2\r\n"
    "      ACCESS = READ-ONLY\r\n"
    "      STORAGE = SPECIFIC\r\n"
    "      TYPE = STRING(64)\r\n"
    "      VALUE = \"ConfigMgr Client Upgrade\"\r\n"
    "    END ATTRIBUTE\r\n"
    "    START ATTRIBUTE\r\n"
    "      NAME = \"Version\"\r\n"
    "      ID = 3\r\n"
    "      ACCESS = READ-ONLY\r\n"
    "      STORAGE = SPECIFIC\r\n"
    "      TYPE = STRING(64)\r\n"
    "      VALUE = \"4.00.6487.2000\"\r\n"
    "    END ATTRIBUTE\r\n"
    "    START ATTRIBUTE\r\n"
    "      NAME = \"Locale\"\r\n"
    "      ID = 4\r\n"
    "      ACCESS = READ-ONLY\r\n"
    "      STORAGE = SPECIFIC\r\n"
    "      TYPE = STRING(16)\r\n"
    "      VALUE = \"\"\r\n"
    "    END ATTRIBUTE\r\n"
    "    START ATTRIBUTE\r\n"
    "      NAME = \"Serial Number\"\r\n"
    "      ID = 5\r\n"
    "      ACCESS = READ-ONLY\r\n"
    "      STORAGE = SPECIFIC\r\n"
    "      TYPE = STRING(64)\r\n"
    "      VALUE = \"\"\r\n"
    "    END ATTRIBUTE\r\n"
    "    START ATTRIBUTE\r\n"
    "      NAME = \"Installation\"\r\n"
    "      ID = 6\r\n"
    "      ACCESS = READ-ONLY\r\n"
    "      STORAGE = SPECIFIC\r\n"
    "      TYPE = STRING(64)\r\n"
    "      VALUE = \"2023-11-14T22:13:20Z\"\r\n"
    "    END ATTRIBUTE\r\n"
    "  END GROUP\r\n"
    "  START GROUP\r\n"
    "    NAME = \"InstallStatus\"\r\n"
    "    ID = 2\r\n"
    "    CLASS = \"MICROSOFT|JOBSTATUS|1.0\"\r\n"
    "    START ATTRIBUTE\r\n"
    "      NAME = \"Status\"\r\n"
    "      ID = 1\r\n"
    "      ACCESS = READ-ONLY\r\n"
    "      STORAGE = SPECIFIC\r\n"
    "      TYPE = STRING(32)\r\n"
    "      VALUE = \"Failed\"\r\n"
    "    END ATTRIBUTE\r\n"
    "    START ATTRIBUTE\r\n"
    "      NAME = \"Description\"\r\n"
    "      ID = 2\r\n"
    "      ACCESS = READ-ONLY\r\n"
    "      STORAGE = SPECIFIC\r\n"
    "      TYPE = STRING(128)\r\n"
    "      VALUE = \"ccmsetup failed with 1602 after 3 attempts\"\r\n"
    "    END ATTRIBUTE\r\n"
    "  END GROUP\r\n"
    "END COMPONENT\r\n";

static config report_config(char *folder, const char *mif)
{
	config cfg;

	memset(&cfg, 0, sizeof cfg);
	cfg.report.mif = (char *)mif;
	cfg.report.mif_dir = folder;
	cfg.report.publisher = "Contoso";
	cfg.report.product = "ConfigMgr Client Upgrade";
	cfg.report.version = "4.00.6487.2000";
	return cfg;
}

static void test_layout_is_exact(void **state)
{
	mif_status status = {
		.manufacturer = "Contoso",
		.product = "ConfigMgr Client Upgrade",
		.version = "4.00.6487.2000",
		.installed_ms = 1700000000000,
		.success = false,
		.description = "ccmsetup failed with 1602 after 3 attempts",
	};

	(void)state;
	char *text = mif_format(&status);
	assert_string_equal(text, expected_mif);
	free(text);
}

static const char *value_of(const char *mif, const char *attribute)
{
	const char *name = strstr(mif, attribute);
	return strstr(name, "VALUE = ") + strlen("VALUE = ");
}

static void test_values_are_ansi_and_bounded(void **state)
{
	char description[400];
	mif_status status = {
		.manufacturer = "Caf\xC3\xA9 \xE2\x82\xAC \xE2\x9C\x93 \"Q\"\nX\xFF",
		.product = "P",
		.version = "V",
		.success = true,
		.description = description,
	};

	(void)state;
	memset(description, 'd', sizeof description - 1);
	description[sizeof description - 1] = '\0';
	char *text = mif_format(&status);
	assert_memory_equal(value_of(text, "\"Manufacturer\""), "\"Caf\xE9 \x80 ? 'Q' X?\"\r\n", 18);
	assert_memory_equal(value_of(text, "\"Status\""), "\"Success\"\r\n", 11);
	const char *value = value_of(text, "\"Description\"");
	assert_int_equal(strchr(value + 1, '"') - (value + 1), 128);
	free(text);
}

static void test_write_puts_it_in_mif_dir(void **state)
{
	char *folder = test_make_temp_dir();
	char *path = test_path(folder, "ccmwrap.mif");
	config cfg = report_config(folder, "ccmwrap.mif");
	error_message err;

	(void)state;
	assert_true(mif_write(&cfg, false, "ccmsetup failed with 1602 after 3 attempts",
	                      1700000000000, &err));
	char *text = test_read_file(path, NULL);
	assert_non_null(text);
	assert_string_equal(text, expected_mif);
	free(text);
	test_remove_tree(folder);
	free(path);
	free(folder);
}

static void test_empty_name_writes_nothing(void **state)
{
	char *folder = test_make_temp_dir();
	config cfg = report_config(folder, "");
	error_message err;

	(void)state;
	assert_true(mif_write(&cfg, true, "done", 0, &err));
	cfg.report.mif = NULL;
	assert_true(mif_write(&cfg, true, "done", 0, &err));
	uv_fs_t req;
	uv_dirent_t entry;
	uv_fs_scandir(NULL, &req, folder, 0, NULL);
	assert_int_equal(uv_fs_scandir_next(&req, &entry), UV_EOF);
	uv_fs_req_cleanup(&req);
	test_remove_tree(folder);
	free(folder);
}

static void test_missing_folder_is_an_error(void **state)
{
	char *folder = test_make_temp_dir();
	char *missing = test_path(folder, "missing");
	config cfg = report_config(missing, "ccmwrap.mif");
	error_message err;

	(void)state;
	assert_false(mif_write(&cfg, true, "done", 0, &err));
	assert_non_null(strstr(err.text, "status MIF: "));
	char *missing_file = test_native_path("missing/ccmwrap.mif");
	assert_non_null(strstr(err.text, missing_file));
	free(missing_file);
	test_remove_tree(folder);
	free(missing);
	free(folder);
}

/* A temporary folder where ccmwrap.mif belongs, as a cmocka fixture. */
typedef struct mif_folder {
	char *folder;
	char *path;
	char *native;   /* path as the messages name it */
	config cfg;
} mif_folder;

static int mif_folder_setup(void **state)
{
	mif_folder *f = xmalloc(sizeof *f);

	f->folder = test_make_temp_dir();
	f->path = test_path(f->folder, "ccmwrap.mif");
	f->native = test_native_path(f->path);
	f->cfg = report_config(f->folder, "ccmwrap.mif");
	*state = f;
	return 0;
}

static int mif_folder_teardown(void **state)
{
	mif_folder *f = *state;

	test_remove_tree(f->folder);
	free(f->folder);
	free(f->path);
	free(f->native);
	free(f);
	return 0;
}

#define mif_folder_test(function) \
	cmocka_unit_test_setup_teardown(function, mif_folder_setup, mif_folder_teardown)

static void test_remove_stale_removes_an_earlier_mif(void **state)
{
	mif_folder *f = *state;
	char *removed;
	error_message err;

	test_write_text(f->path, "an earlier run's MIF\r\n");
	assert_true(mif_remove_stale(&f->cfg, &removed, &err));
	assert_string_equal(removed, f->native);
	assert_false(test_exists(f->path));
	free(removed);
	/* Nothing left to remove is no error. */
	assert_true(mif_remove_stale(&f->cfg, &removed, &err));
	assert_null(removed);
}

static void test_remove_stale_without_a_name_removes_nothing(void **state)
{
	mif_folder *f = *state;
	char *removed;
	error_message err;

	test_write_text(f->path, "an earlier run's MIF\r\n");
	f->cfg.report.mif = "";
	assert_true(mif_remove_stale(&f->cfg, &removed, &err));
	assert_null(removed);
	assert_true(test_exists(f->path));
}

static void test_remove_stale_that_fails_names_the_file(void **state)
{
	mif_folder *f = *state;
	char *removed;
	error_message err;
	uv_fs_t req;
	strbuf expected = STRBUF_INIT;

	assert_int_equal(uv_fs_mkdir(NULL, &req, f->path, 0700, NULL), 0);
	uv_fs_req_cleanup(&req);
	assert_false(mif_remove_stale(&f->cfg, &removed, &err));
	assert_null(removed);
	strbuf_printf(&expected, "cannot remove the status MIF of an earlier run %s: ", f->native);
	assert_memory_equal(err.text, expected.data, expected.length);
	assert_true(test_exists(f->path));
	strbuf_free(&expected);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_is_exact),
		cmocka_unit_test(test_values_are_ansi_and_bounded),
		cmocka_unit_test(test_write_puts_it_in_mif_dir),
		cmocka_unit_test(test_empty_name_writes_nothing),
		cmocka_unit_test(test_missing_folder_is_an_error),
		mif_folder_test(test_remove_stale_removes_an_earlier_mif),
		mif_folder_test(test_remove_stale_without_a_name_removes_nothing),
		mif_folder_test(test_remove_stale_that_fails_names_the_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
