/* The C library's Unicode tables narrowed to Windows' file system casing
 * table: mappings that do not lower back to the same character are not in
 * it, final sigma aside (docs/DESIGN.md "Registry model and the registry
 * file"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "config/base/casefold.h"

static void test_one_way_mappings_stay_out(void **state)
{
	(void)state;
	assert_int_equal(casefold_upper(0x017F), 0x017F);   /* LONG S, not S */
	assert_int_equal(casefold_upper(0x0131), 0x0131);   /* DOTLESS I, not I */
	assert_int_equal(casefold_upper(0x03F1), 0x03F1);   /* RHO SYMBOL, not RHO */
	assert_int_equal(casefold_upper(0x03C2), 0x03A3);   /* final sigma is SIGMA */
	assert_int_equal(casefold_upper(0x0250), 0x2C6F);   /* round trip, 2 to 3 UTF-8 bytes */
	assert_int_equal(casefold_upper(0xD800), 0xD800);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_way_mappings_stay_out),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
