#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config/base/sid.h"
#include "checks/acl.h"

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

#define GUID_A "ab721a53-1e2f-11d0-9819-00aa0040529b"
#define GUID_B "4828cc14-1437-45bc-9b07-ad6f015e5f28"

/* AccessCheck without an object type list, as a key is opened: an object
 * ACE counts as a plain one without an object GUID, and not at all with
 * one; its inherited object GUID does not matter. */
static void object_aces(void **state)
{
	(void)state;
	assert_rights("D:(OA;;KA;;;SY)", KEY_ALL_ACCESS_MASK, "");
	assert_rights("D:(OA;;KA;;" GUID_B ";SY)", KEY_ALL_ACCESS_MASK, "");
	assert_rights("D:(OA;;KA;" GUID_A ";;SY)", 0, "nothing grants KA");
	assert_rights("D:(OD;;KW;;;WD)(A;;KA;;;SY)", KEY_ALL_ACCESS_MASK & ~KEY_WRITE_MASK,
	              "denied KW by ACE 1 (OD;;KW;;;WD)");
	assert_rights("D:(OD;;KA;" GUID_A ";" GUID_B ";SY)(A;;KA;;;SY)", KEY_ALL_ACCESS_MASK, "");
	assert_rights("D:(OD;CIIO;KA;;;SY)(OA;;KA;;;SY)", KEY_ALL_ACCESS_MASK, "");
}

/* A condition only the machine can evaluate: a conditional allow never
 * counts, a conditional deny always does. */
static void callback_aces(void **state)
{
	(void)state;
	assert_rights("D:(XA;;KA;;;SY;(@User.x == 1))", 0, "nothing grants KA");
	assert_rights("D:(XA;;KA;;;SY)", 0, "nothing grants KA");
	assert_rights("D:(XA;;KW;;;SY)(A;;KA;;;SY)", KEY_ALL_ACCESS_MASK, "");
	assert_rights("D:(ZA;;KA;;;SY;(@User.x == 1))", 0, "nothing grants KA");
	assert_rights("D:(XD;;KW;;;WD;(@User.x == 1))(A;;KA;;;SY)",
	              KEY_ALL_ACCESS_MASK & ~KEY_WRITE_MASK,
	              "denied KW by ACE 1 (XD;;KW;;;WD;(@User.x == 1)) if its condition holds, "
	              "which only Windows can tell");
	assert_rights("D:(XD;IO;KA;;;SY;(x))(XD;;KA;;;BU;(x))(A;;KA;;;SY)", KEY_ALL_ACCESS_MASK, "");
}

/* Audit, alarm, label, policy, attribute, trust-label and filter ACEs in a
 * DACL neither grant nor deny. */
static void aces_outside_the_access_check(void **state)
{
	(void)state;
	const char *const aces[] = {
		"(AU;SAFA;KA;;;SY)", "(AL;SA;KA;;;SY)", "(OU;SA;KA;;;SY)", "(OL;SA;KA;;;SY)",
		"(XU;SA;KA;;;SY;(x))", "(ML;;NWNRNX;;;SY)", "(SP;;KA;;;SY)",
		"(RA;;KA;;;SY;(\"a\",TU,0,1))", "(TL;;KA;;;SY)", "(FL;;KA;;;SY;(x))",
	};
	char text[128];

	for (size_t i = 0; i < sizeof aces / sizeof aces[0]; i++) {
		snprintf(text, sizeof text, "D:%s", aces[i]);
		assert_rights(text, 0, "nothing grants KA");
		snprintf(text, sizeof text, "D:%s(A;;KA;;;SY)", aces[i]);
		assert_rights(text, KEY_ALL_ACCESS_MASK, "");
	}
}

/* An alias and the SID it stands for are one principal. */
static void aliases_in_the_token(void **state)
{
	(void)state;
	security_descriptor sd;
	strlist token = STRLIST_INIT;

	strlist_add(&token, "S-1-15-2-1");
	strlist_add(&token, "DU");
	assert_true(sddl_parse("D:(A;;KR;;;AC)(A;;KW;;;S-1-5-84-0-0-0-0-0)(A;;SD;;;du)", &sd, NULL));
	assert_int_equal(acl_effective_rights(&sd, &token), KEY_READ_MASK | 0x10000);
	security_descriptor_free(&sd);
	strlist_free(&token);
}

static void assert_widens(const char *from, const char *to, const char *who, uint32_t gained)
{
	security_descriptor a, b;
	char found[SID_TEXT_MAX] = "";
	uint32_t bits = 0;

	assert_true(sddl_parse(from, &a, NULL));
	assert_true(sddl_parse(to, &b, NULL));
	assert_int_equal(acl_widens(&a, &b, "S-1-5-18", found, &bits), who != NULL);
	if (who != NULL) {
		assert_string_equal(found, who);
		assert_int_equal(bits, gained);
	}
	security_descriptor_free(&a);
	security_descriptor_free(&b);
}

/* A conditional grant gained, or a conditional deny lost, widens access
 * whatever the condition turns out to be. */
static void widening_counts_both_readings(void **state)
{
	(void)state;
	assert_widens("D:(A;;KR;;;BU)", "D:(A;;KR;;;BU)(XA;;KA;;;BU;(x))", "S-1-5-32-545",
	              KEY_ALL_ACCESS_MASK & ~KEY_READ_MASK);
	assert_widens("D:(XD;;KW;;;BU;(x))(A;;KA;;;BU)", "D:(A;;KA;;;BU)", "S-1-5-32-545",
	              KEY_WRITE_MASK);
	assert_widens("D:(XA;;KA;;;BU;(x))(XD;;KW;;;AC;(y))", "D:(XA;;KA;;;BU;(x))(XD;;KW;;;AC;(y))",
	              NULL, 0);
	assert_widens("D:(A;;KR;;;BU)", "D:(A;;KR;;;BU)(A;CI;KA;;;SY)(OA;;KA;" GUID_A ";;BU)", NULL,
	              0);
	assert_widens("D:(A;;KR;;;DU)", "D:(A;;KA;;;DU)", "DU", KEY_ALL_ACCESS_MASK & ~KEY_READ_MASK);
}

/* What acl_widens must find, asked the long way: each SID in its order
 * (Everyone, then the SIDs of from and of to as they first appear), its
 * rights in each descriptor by the access check, the first SID other than
 * SYSTEM that gains. Without conditional ACEs both readings agree. */
static const char *reference_widens(const security_descriptor *from,
                                    const security_descriptor *to, uint32_t *gained)
{
	const security_descriptor *both[] = { from, to };
	strlist order = STRLIST_INIT;
	static char found[SID_TEXT_MAX];
	const char *who = NULL;

	strlist_add(&order, "S-1-1-0");
	for (size_t d = 0; d < 2; d++)
		for (size_t i = 0; i < both[d]->ace_count; i++) {
			bool seen = false;
			for (size_t k = 0; k < order.count; k++)
				seen = seen || sid_equal(order.items[k], both[d]->aces[i].sid);
			if (!seen)
				strlist_add(&order, both[d]->aces[i].sid);
		}
	for (size_t k = 0; who == NULL && k < order.count; k++) {
		if (sid_equal(order.items[k], "S-1-5-18"))
			continue;
		strlist token = STRLIST_INIT;
		strlist_add(&token, order.items[k]);
		strlist_add(&token, "S-1-1-0");
		strlist_add(&token, "S-1-5-11");
		*gained = acl_effective_rights(to, &token) & ~acl_effective_rights(from, &token);
		strlist_free(&token);
		if (*gained != 0) {
			snprintf(found, sizeof found, "%s", order.items[k]);
			who = found;
		}
	}
	strlist_free(&order);
	return who;
}

static void random_dacl(uint32_t *seed, strbuf *sddl)
{
	static const char *const sids[] = { "WD", "S-1-1-0", "AU", "SY", "S-1-5-18", "BA", "BU",
	                                    "S-1-5-32-545", "S-1-5-21-1-2-3-1001",
	                                    "S-1-5-21-1-2-3-1002" };
	static const char *const types[] = { "A", "D", "OA", "AU" };
	static const char *const flags[] = { "", "CI", "IO", "CIIO" };
	static const char *const masks[] = { "KR", "KW", "KA", "KX", "GA", "GR", "SDRC", "KRSD" };
	size_t count = (*seed = *seed * 1103515245u + 12345u) >> 16 & 7u;

	strbuf_clear(sddl);
	strbuf_add_string(sddl, "D:");
	for (size_t i = 0; i < count; i++) {
		uint32_t r = (*seed = *seed * 1103515245u + 12345u) >> 8;
		strbuf_printf(sddl, "(%s;%s;%s;;;%s)", types[r % 4], flags[r / 4 % 4], masks[r / 16 % 8],
		              sids[r / 128 % 10]);
	}
}

/* acl_widens against the long way on a thousand pairs of random DACLs
 * (aliases and S-1 forms of the same SIDs, groups, inherit-only ACEs,
 * audit ACEs, generic rights). */
static void widening_matches_the_access_check(void **state)
{
	uint32_t seed = 2000387;
	strbuf a = STRBUF_INIT, b = STRBUF_INIT;

	(void)state;
	for (int round = 0; round < 1000; round++) {
		security_descriptor from, to;
		char found[SID_TEXT_MAX] = "";
		uint32_t bits = 0, expected_bits = 0;
		random_dacl(&seed, &a);
		random_dacl(&seed, &b);
		assert_true(sddl_parse(a.data, &from, NULL));
		assert_true(sddl_parse(b.data, &to, NULL));
		const char *expected = reference_widens(&from, &to, &expected_bits);
		bool widens = acl_widens(&from, &to, "S-1-5-18", found, &bits);
		if (widens != (expected != NULL) || (widens && (strcmp(found, expected) != 0 ||
		                                                bits != expected_bits)))
			fail_msg("%s -> %s: acl_widens %d %s %x, expected %s %x", a.data, b.data, widens,
			         found, bits, expected != NULL ? expected : "none", expected_bits);
		security_descriptor_free(&from);
		security_descriptor_free(&to);
	}
	strbuf_free(&a);
	strbuf_free(&b);
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
		cmocka_unit_test(object_aces),
		cmocka_unit_test(callback_aces),
		cmocka_unit_test(aces_outside_the_access_check),
		cmocka_unit_test(aliases_in_the_token),
		cmocka_unit_test(widening_counts_both_readings),
		cmocka_unit_test(widening_matches_the_access_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
