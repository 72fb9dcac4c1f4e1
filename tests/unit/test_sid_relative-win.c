/* On Windows a relative alias stands for the SID of the machine's domain
 * (Wine's is S-1-5-21-0-0-0), which Windows itself tells. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "config/base/sid.h"

static void relative_aliases_resolve(void **state)
{
	(void)state;
	char users[SID_TEXT_MAX] = "";
	char admins[SID_TEXT_MAX] = "";

	assert_true(sid_resolve_relative("DU", users));
	assert_true(sid_resolve_relative("DA", admins));
	assert_true(strncmp(users, "S-1-5-21-", 9) == 0);
	size_t domain = strlen(users) - strlen("-513");
	assert_string_equal(users + domain, "-513");
	assert_true(strncmp(admins, users, domain) == 0);
	assert_string_equal(admins + domain, "-512");
	assert_true(sid_equal("DU", users));
	assert_true(sid_equal(users, "du"));
	assert_false(sid_equal("DA", users));
	assert_false(sid_equal("DU", "S-1-5-21-9-9-9-513"));
}

static void not_an_alias(void **state)
{
	(void)state;
	char out[SID_TEXT_MAX] = "";

	assert_false(sid_resolve_relative("D", out));
	assert_false(sid_resolve_relative("DUX", out));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(relative_aliases_resolve),
		cmocka_unit_test(not_an_alias),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
