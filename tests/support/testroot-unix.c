#include "tests/support/testroot.h"

#include <stdio.h>
#include <unistd.h>

int test_run_as_root(const char *group, const struct CMUnitTest *tests, size_t count)
{
	if (geteuid() != 0) {
		printf("NOT RUN: %zu test(s) of %s need root, to own a file by another user\n", count,
		       group);
		return 0;
	}
	return _cmocka_run_group_tests(group, tests, count, NULL, NULL);
}
