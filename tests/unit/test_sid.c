/* Every SID alias of Microsoft's "SID Strings" page and <sddl.h>: what it
 * stands for, how it is kept and how it compares. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "config/base/sid.h"
#include "config/base/text.h"

typedef struct expected_alias {
	const char *alias;
	const char *sid;   /* NULL: domain- or machine-relative */
	bool kept;         /* stays an alias: Windows 7 does not know it, or relative */
} expected_alias;

static const expected_alias aliases[] = {
	{ "AA", "S-1-5-32-579", true },   { "AC", "S-1-15-2-1", true },
	{ "AN", "S-1-5-7", false },       { "AO", "S-1-5-32-548", false },
	{ "AP", NULL, true },             { "AS", "S-1-18-1", true },
	{ "AU", "S-1-5-11", false },      { "BA", "S-1-5-32-544", false },
	{ "BG", "S-1-5-32-546", false },  { "BO", "S-1-5-32-551", false },
	{ "BU", "S-1-5-32-545", false },  { "CA", NULL, true },
	{ "CD", "S-1-5-32-574", false },  { "CG", "S-1-3-1", false },
	{ "CN", NULL, true },             { "CO", "S-1-3-0", false },
	{ "CY", "S-1-5-32-569", false },  { "DA", NULL, true },
	{ "DC", NULL, true },             { "DD", NULL, true },
	{ "DG", NULL, true },             { "DU", NULL, true },
	{ "EA", NULL, true },             { "ED", "S-1-5-9", false },
	{ "EK", NULL, true },             { "ER", "S-1-5-32-573", false },
	{ "ES", "S-1-5-32-576", true },   { "HA", "S-1-5-32-578", true },
	{ "HI", "S-1-16-12288", false },  { "HO", "S-1-5-32-584", true },
	{ "IS", "S-1-5-32-568", false },  { "IU", "S-1-5-4", false },
	{ "KA", NULL, true },             { "LA", NULL, true },
	{ "LG", NULL, true },             { "LS", "S-1-5-19", false },
	{ "LU", "S-1-5-32-559", false },  { "LW", "S-1-16-4096", false },
	{ "ME", "S-1-16-8192", false },   { "MP", "S-1-16-8448", false },
	{ "MS", "S-1-5-32-577", true },   { "MU", "S-1-5-32-558", false },
	{ "NO", "S-1-5-32-556", false },  { "NS", "S-1-5-20", false },
	{ "NU", "S-1-5-2", false },       { "OW", "S-1-3-4", false },
	{ "PA", NULL, true },             { "PO", "S-1-5-32-550", false },
	{ "PS", "S-1-5-10", false },      { "PU", "S-1-5-32-547", false },
	{ "RA", "S-1-5-32-575", true },   { "RC", "S-1-5-12", false },
	{ "RD", "S-1-5-32-555", false },  { "RE", "S-1-5-32-552", false },
	{ "RM", "S-1-5-32-580", true },   { "RO", NULL, true },
	{ "RS", NULL, true },             { "RU", "S-1-5-32-554", false },
	{ "SA", NULL, true },             { "SH", "S-1-5-32-585", true },
	{ "SI", "S-1-16-16384", false },  { "SO", "S-1-5-32-549", false },
	{ "SS", "S-1-18-2", true },       { "SU", "S-1-5-6", false },
	{ "SY", "S-1-5-18", false },      { "UD", "S-1-5-84-0-0-0-0-0", true },
	{ "WD", "S-1-1-0", false },       { "WR", "S-1-5-33", false },
};

#define ALIAS_TOTAL (sizeof aliases / sizeof aliases[0])

static void every_alias_parses(void **state)
{
	(void)state;
	char out[SID_TEXT_MAX];
	char lower[3];
	error_message err = { "" };

	assert_int_equal(ALIAS_TOTAL, 68);
	for (size_t i = 0; i < ALIAS_TOTAL; i++) {
		const expected_alias *a = &aliases[i];
		snprintf(lower, sizeof lower, "%c%c", a->alias[0] + 32, a->alias[1] + 32);
		assert_true(sid_parse(lower, out, sizeof out, &err));
		assert_string_equal(out, a->kept ? a->alias : a->sid);
	}
}

static void fixed_sids_print_as_windows_7_does(void **state)
{
	(void)state;
	for (size_t i = 0; i < ALIAS_TOTAL; i++) {
		const expected_alias *a = &aliases[i];
		if (a->sid == NULL)
			continue;
		/* an alias Windows 7 does not know is never put in place of an S-1 form */
		if (a->kept)
			assert_null(sid_alias_of(a->sid));
		else
			assert_string_equal(sid_alias_of(a->sid), a->alias);
	}
	assert_null(sid_alias_of("S-1-5-21-1-2-3-513"));
	assert_null(sid_alias_of("DU"));
}

static void aliases_equal_their_sids(void **state)
{
	(void)state;
	char out[SID_TEXT_MAX];

	for (size_t i = 0; i < ALIAS_TOTAL; i++) {
		const expected_alias *a = &aliases[i];
		assert_true(sid_parse(a->alias, out, sizeof out, NULL));
		assert_true(sid_equal(out, a->alias));
		if (a->sid != NULL) {
			assert_true(sid_equal(out, a->sid));
			assert_true(sid_equal(a->sid, out));
		}
		assert_false(sid_equal(out, "S-1-5-21-1-2-3-4"));
	}
	assert_true(sid_equal("ac", "s-1-15-2-1"));
	assert_false(sid_equal("AC", "SY"));
	assert_false(sid_equal("DU", "DA"));
	assert_true(sid_equal("", ""));
	assert_false(sid_equal("", "SY"));
}

static void bad_sids(void **state)
{
	(void)state;
	char out[SID_TEXT_MAX];
	error_message err = { "" };
	const char *bad[] = { "XX", "S", "D", "DUX", "S-1-5", "S-2-5-18", "S-1-5-18-", "" };

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_false(sid_parse(bad[i], out, sizeof out, &err));
		char expected[160];
		snprintf(expected, sizeof expected,
		         "'%s' is not a SID; expected S-1-... or an SDDL alias such as SY, BA or DU", bad[i]);
		assert_string_equal(err.text, expected);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_alias_parses),
		cmocka_unit_test(fixed_sids_print_as_windows_7_does),
		cmocka_unit_test(aliases_equal_their_sids),
		cmocka_unit_test(bad_sids),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
