/* cmocka assertions over registries: two of them (any backends), for the
 * tests that compare what an export or a copy holds with its original, and
 * registry files that must open or must not. */
#ifndef CCMWRAP_TESTREGISTRY_H
#define CCMWRAP_TESTREGISTRY_H

#include "registry.h"

/* key has the same values in a and b: names, types and bytes, in order. */
void test_assert_same_values(registry *a, registry *b, const char *key);

/* The registry file at path, which must open. */
registry *test_open_registry_file(const char *path);
/* Opening the registry file at path must fail with "PATH:" + expected. */
void test_expect_registry_file_error(const char *path, const char *expected);

#endif
