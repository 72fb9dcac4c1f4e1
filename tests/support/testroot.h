/* Attacks by another user need a file that user owns, which only root can
 * make: such tests run when the tests run as root (as CI runs them) and
 * are announced as not run otherwise, never passed silently. POSIX only. */
#ifndef CCMWRAP_TESTROOT_H
#define CCMWRAP_TESTROOT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

/* The other user: nobody. */
#define TEST_OTHER_UID 65534

/* Runs the group as root; else prints that it did not run, and why.
 * Returns the failures, as cmocka_run_group_tests does. */
int test_run_as_root(const char *group, const struct CMUnitTest *tests, size_t count);
#define test_run_group_as_root(tests) \
	test_run_as_root(#tests, tests, sizeof(tests) / sizeof((tests)[0]))

#endif
