/* cmocka assertions over two registries (any backends), for the tests
 * that compare what an export or a copy holds with its original. */
#ifndef CCMWRAP_TESTREGISTRY_H
#define CCMWRAP_TESTREGISTRY_H

#include "registry.h"

/* key has the same values in a and b: names, types and bytes, in order. */
void test_assert_same_values(registry *a, registry *b, const char *key);

#endif
