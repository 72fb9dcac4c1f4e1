#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "acl.h"

static const char *const system_token[] = { "S-1-5-18", "S-1-5-32-544", "S-1-1-0", "S-1-5-11" };

static uint32_t rights_of(const char *sddl, strbuf *why)
{
	security_descriptor sd;
	strlist token = STRLIST_INIT;

	for (size_t i = 0; i < 4; i++)
		strlist_add(&token, system_token[i]);
	assert_true(sddl_parse(sddl, &sd, NULL));
	uint32_t rights = acl_effective_rights(&sd, &token);
	if (why != NULL) {
		strbuf_add_string(why, "");
		acl_explain_missing(&sd, &token, KEY_ALL_ACCESS_MASK, why);
	}
	security_descriptor_free(&sd);
	strlist_free(&token);
	return rights;
}

static void assert_rights(const char *sddl, uint32_t expected, const char *why_expected)
{
	strbuf why = STRBUF_INIT;

	assert_int_equal(rights_of(sddl, &why), expected);
	assert_string_equal(why.data, why_expected);
	strbuf_free(&why);
}

static void deny_before_allow(void **state)
{
	(void)state;
	assert_rights("D:(D;;KA;;;SY)(A;;KA;;;SY)", 0, "denied KA by ACE 1 (D;;KA;;;SY)");
	assert_rights("D:(D;;KW;;;WD)(A;CI;KA;;;SY)", KEY_ALL_ACCESS_MASK & ~KEY_WRITE_MASK,
	              "denied KW by ACE 1 (D;;KW;;;WD)");
}

static void allow_before_deny(void **state)
{
	(void)state;
	assert_rights("D:(A;;KA;;;SY)(D;;KA;;;SY)", KEY_ALL_ACCESS_MASK, "");
	assert_rights("D:(A;;KR;;;BA)(D;;KA;;;AU)", KEY_READ_MASK,
	              "denied DCLCWPSDWDWO by ACE 2 (D;;KA;;;AU)");
}

static void generic_rights_are_mapped(void **state)
{
	(void)state;
	assert_int_equal(acl_map_generic(GENERIC_ALL_MASK), KEY_ALL_ACCESS_MASK);
	assert_int_equal(acl_map_generic(GENERIC_READ_MASK | 0x40000), KEY_READ_MASK | 0x40000);
	assert_int_equal(acl_map_generic(GENERIC_WRITE_MASK), KEY_WRITE_MASK);
	assert_int_equal(acl_map_generic(GENERIC_EXECUTE_MASK), KEY_EXECUTE_MASK);
	assert_rights("D:(A;;GA;;;SY)", KEY_ALL_ACCESS_MASK, "");
	assert_rights("D:(A;;GRGW;;;SY)", KEY_READ_MASK | KEY_WRITE_MASK, "nothing grants WPSDWDWO");
	assert_rights("D:(D;;GW;;;SY)(A;;KA;;;SY)", KEY_ALL_ACCESS_MASK & ~KEY_WRITE_MASK,
	              "denied KW by ACE 1 (D;;GW;;;SY)");
	assert_rights("D:(A;;KR;;;SY)(D;;KA;;;SY)(D;;KA;;;BA)", KEY_READ_MASK,
	              "denied DCLCWPSDWDWO by ACE 2 (D;;KA;;;SY)");
}

static void null_and_empty_dacl(void **state)
{
	(void)state;
	assert_rights("D:NO_ACCESS_CONTROL", KEY_ALL_ACCESS_MASK, "");
	assert_rights("O:SYG:SY", KEY_ALL_ACCESS_MASK, "");
	assert_rights("D:", 0, "nothing grants KA");
	assert_rights("D:P", 0, "nothing grants KA");
}

static void inherit_only_aces_are_skipped(void **state)
{
	(void)state;
	assert_rights("D:(A;CIIO;KA;;;SY)(A;;KR;;;SY)", KEY_READ_MASK, "nothing grants DCLCWPSDWDWO");
	assert_rights("D:(D;CIIO;KA;;;SY)(A;;KA;;;SY)", KEY_ALL_ACCESS_MASK, "");
	assert_rights("D:(A;CIIOID;GA;;;CO)", 0, "nothing grants KA");
}

static void group_sids_in_the_token(void **state)
{
	(void)state;
	assert_rights("D:(A;;KR;;;WD)(A;;KW;;;AU)(A;;0xd0020;;;BA)", KEY_ALL_ACCESS_MASK, "");
	assert_rights("D:(A;;KA;;;BU)", 0, "nothing grants KA");
	assert_rights("D:(D;;WD;;;BA)(A;;KA;;;SY)", KEY_ALL_ACCESS_MASK & ~0x40000u,
	              "denied WD by ACE 1 (D;;WD;;;BA)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(deny_before_allow),
		cmocka_unit_test(allow_before_deny),
		cmocka_unit_test(generic_rights_are_mapped),
		cmocka_unit_test(null_and_empty_dacl),
		cmocka_unit_test(inherit_only_aces_are_skipped),
		cmocka_unit_test(group_sids_in_the_token),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
