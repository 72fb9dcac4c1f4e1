/* An INI that non-administrators can change is refused (POSIX: the mode
 * bits say who may write). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include <cmocka.h>

#include "tests/support/testfilesafety.h"

static void set_writable(const char *path, bool others_write)
{
	uv_fs_t req;

	assert_int_equal(uv_fs_chmod(NULL, &req, path, others_write ? 0666 : 0644, NULL), 0);
	uv_fs_req_cleanup(&req);
}

static void insecure_ini_is_refused_unless_allowed(void **state)
{
	(void)state;
	test_insecure_ini_is_refused_unless_allowed(
	    set_writable, "is writable by its group or by others (mode 0666), so a non-administrator "
	                  "could change what runs; expected write access for its owner only (chmod "
	                  "go-w), or pass --allow-insecure-config");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(insecure_ini_is_refused_unless_allowed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
