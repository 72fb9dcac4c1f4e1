/* On Windows the native backend is the default registry (a command that
 * exports from it: tests/commands/test_native_command-win.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "checks/registry/registry.h"

static void test_native_registry_is_the_default(void **state)
{
	(void)state;
	registry *reg = NULL;
	error_message err;

	assert_true(registry_open_native(&reg, &err));
	assert_string_equal(reg->description, "native registry");
	assert_true(registry_key_exists(reg, "HKLM\\SOFTWARE"));
	registry_close(reg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_native_registry_is_the_default),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
