/* Without a Windows registry, opening the native backend says so and
 * names the alternative (what a command prints then:
 * tests/commands/test_native_command-unix.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "checks/registry/registry.h"

static void test_native_registry_is_missing(void **state)
{
	(void)state;
	registry *reg = (registry *)1;
	error_message err;

	assert_false(registry_open_native(&reg, &err));
	assert_null(reg);
	assert_string_equal(err.text, "this system has no Windows registry; pass --registry FILE to "
	                              "work on a registry file (.reg)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_native_registry_is_missing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
