/* Without a Windows registry, a command that would read the native one
 * says so and names the alternative. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "tests/support/testsupport.h"

static void test_export_without_registry_file_is_refused(void **state)
{
	(void)state;
	const char *native[] = { CCMWRAP_BINARY, "export", "HKLM\\SOFTWARE", NULL };
	test_run_result run;

	test_run(native, NULL, &run);
	assert_int_equal(run.exit_code, 2);
	assert_string_equal(run.err, "ccmwrap export: this system has no Windows registry; pass "
	                             "--registry FILE to work on a registry file (.reg)\n");
	assert_string_equal(run.out, "");
	test_run_result_free(&run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_export_without_registry_file_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
