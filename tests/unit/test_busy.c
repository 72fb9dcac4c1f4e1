#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "wrapper/run/busy.h"
#include "tests/support/testsupport.h"

static void test_lock_lies_beside_the_ccmsetup_log(void **state)
{
	const char *cases[][2] = {
		{ "/var/ccmsetup/ccmsetup.log", "/var/ccmsetup/ccmsetup-busy" },
		{ "C:\\Windows\\system32\\ccmsetup\\ccmsetup.log",
		  "C:\\Windows\\system32\\ccmsetup\\ccmsetup-busy" },
		{ "ccmsetup.log", "ccmsetup-busy" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *path = busy_lock_path(cases[i][0]);
		assert_string_equal(path, cases[i][1]);
		free(path);
	}
}


int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lock_lies_beside_the_ccmsetup_log),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
