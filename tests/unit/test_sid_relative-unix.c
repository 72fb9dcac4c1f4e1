/* Without Windows no domain is known: a relative alias is only itself. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "config/base/sid.h"

static void relative_aliases_stay_text(void **state)
{
	(void)state;
	char out[SID_TEXT_MAX] = "";
	const char *relative[] = { "AP", "CA", "CN", "DA", "DC", "DD", "DG", "DU", "EA",
	                           "EK", "KA", "LA", "LG", "PA", "RO", "RS", "SA" };

	for (size_t i = 0; i < sizeof relative / sizeof relative[0]; i++) {
		assert_false(sid_resolve_relative(relative[i], out));
		assert_string_equal(out, "");
	}
	assert_false(sid_equal("DU", "S-1-5-21-1-2-3-513"));
	assert_false(sid_equal("LA", "S-1-5-21-1-2-3-500"));
	assert_true(sid_equal("du", "DU"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(relative_aliases_stay_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
