#include "tests/support/testfilesafety.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "config/config.h"
#include "tests/support/testsupport.h"
#include "config/base/text.h"

#define PATH_LINE "[ccmsetup]\npath = \\\\SCCM01\\SMS_ABC\\Client\\ccmsetup.exe\n"

void test_insecure_ini_is_refused_unless_allowed(test_set_writable *set_writable, const char *why)
{
	char *folder = test_make_temp_dir();
	char *ini_path = test_path(folder, "t.ini");
	config cfg;
	strlist errors = STRLIST_INIT;
	config_options options = { .allow_insecure = false };

	test_write_text(ini_path, PATH_LINE);
	set_writable(ini_path, true);
	assert_false(config_load(ini_path, &options, &cfg, &errors));
	assert_int_equal(errors.count, 1);
	strbuf expected = STRBUF_INIT;
	strbuf_printf(&expected, "%s:0: refusing an INI that non-administrators can change: the file %s %s",
	              ini_path, ini_path, why);
	assert_string_equal(errors.items[0], expected.data);
	strbuf_free(&expected);
	strlist_free(&errors);
	options.allow_insecure = true;
	assert_true(config_load(ini_path, &options, &cfg, &errors));
	config_free(&cfg);
	set_writable(ini_path, false);
	options.allow_insecure = false;
	assert_true(config_load(ini_path, &options, &cfg, &errors));
	config_free(&cfg);
	test_remove_tree(folder);
	free(ini_path);
	free(folder);
}
