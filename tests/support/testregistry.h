/* cmocka assertions over registries: two of them (any backends), for the
 * tests that compare what an export or a copy holds with its original, and
 * registry files that must open or must not; and a registry with a hook,
 * for tests of what happens when the registry changes under ccmwrap. */
#ifndef CCMWRAP_TESTREGISTRY_H
#define CCMWRAP_TESTREGISTRY_H

#include "checks/registry/registry.h"

/* key has the same values in a and b: names, types and bytes, in order. */
void test_assert_same_values(registry *a, registry *b, const char *key);

/* Asked by a hooked registry before each operation on key (after false;
 * op is the registry_ops member's name, "key_exists" included; key is
 * NULL for commit and refresh) and once a listing has answered or a write
 * (set_security, set_value, commit) was done (after true). Before, false
 * fails the operation with err set, makes key_exists answer false, and
 * leaves the key out of its parent's listing; after, false fails the
 * operation although it was done. */
typedef bool (*test_registry_hook)(void *context, const char *op, const char *key, bool after,
                                   error_message *err);

/* A registry that passes every operation to inner (closed with it when
 * owns_inner), asking hook first: another program's doings at an exact
 * moment of ccmwrap's walk. Close with registry_close. */
registry *test_registry_hooked(registry *inner, bool owns_inner, test_registry_hook hook,
                               void *context);

/* The registry file at path, which must open. */
registry *test_open_registry_file(const char *path);
/* Opening the registry file at path must fail with "PATH:" + expected. */
void test_expect_registry_file_error(const char *path, const char *expected);

#endif
