/* An INI that non-administrators can change is refused (POSIX: the mode
 * bits say who may write). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include <cmocka.h>

#include "config.h"
#include "testsupport.h"
#include "text.h"

#define PATH_LINE "[ccmsetup]\npath = \\\\SCCM01\\SMS_ABC\\Client\\ccmsetup.exe\n"

static void set_mode(const char *path, int mode)
{
	uv_fs_t req;

	assert_int_equal(uv_fs_chmod(NULL, &req, path, mode, NULL), 0);
	uv_fs_req_cleanup(&req);
}

static void insecure_ini_is_refused_unless_allowed(void **state)
{
	char *folder = test_make_temp_dir();
	char *ini_path = test_path(folder, "t.ini");
	config cfg;
	strlist errors = STRLIST_INIT;
	config_options options = { .allow_insecure = false };
	(void)state;

	test_write_text(ini_path, PATH_LINE);
	set_mode(ini_path, 0666);
	assert_false(config_load(ini_path, &options, &cfg, &errors));
	assert_int_equal(errors.count, 1);
	strbuf expected = STRBUF_INIT;
	strbuf_printf(&expected, "%s:0: refusing an INI that non-administrators can change: the file %s "
	                           "is writable by its group or by others (mode 0666), so a "
	                           "non-administrator could change what runs; expected write access "
	                           "for its owner only (chmod go-w), or pass --allow-insecure-config",
	         ini_path, ini_path);
	assert_string_equal(errors.items[0], expected.data);
	strbuf_free(&expected);
	strlist_free(&errors);
	options.allow_insecure = true;
	assert_true(config_load(ini_path, &options, &cfg, &errors));
	config_free(&cfg);
	set_mode(ini_path, 0644);
	options.allow_insecure = false;
	assert_true(config_load(ini_path, &options, &cfg, &errors));
	config_free(&cfg);
	test_remove_tree(folder);
	free(ini_path);
	free(folder);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(insecure_ini_is_refused_unless_allowed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
