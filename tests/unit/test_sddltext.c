#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "checks/sddltext.h"

static void assert_round_trip(const char *text)
{
	security_descriptor sd;
	error_message err = { "" };

	assert_true(sddl_parse(text, &sd, &err));
	char *again = sddl_format(&sd);
	assert_string_equal(again, text);
	free(again);
	security_descriptor_free(&sd);
}

static void canonical_strings_round_trip(void **state)
{
	(void)state;
	assert_round_trip("O:SYG:SYD:P(A;CI;KA;;;BA)(A;CI;KR;;;WD)");
	assert_round_trip("O:BAG:SYD:PAI(D;CI;KA;;;SY)(A;CIID;KA;;;BA)(A;CIIOID;GA;;;CO)");
	assert_round_trip("D:ARAI(A;OICINPIOID;KW;;;AU)");
	assert_round_trip("D:(A;;CC;;;S-1-5-21-1-2-3-500)(A;;CCDCRC;;;BU)(A;;GX;;;NS)(A;;0x200;;;SY)");
	assert_round_trip("O:S-1-5-21-10-20-30-1001G:S-1-5-21-10-20-30-513D:(A;CI;KR;;;LS)");
	assert_round_trip("D:NO_ACCESS_CONTROL");
	assert_round_trip("D:PNO_ACCESS_CONTROL");
	assert_round_trip("D:");
	assert_round_trip("O:AN");
	assert_round_trip("D:(A;;;;;PU)(A;;GWGR;;;CG)(A;;0x100000;;;SY)(A;;FA;;;SY)");
}

/* Every alias of Microsoft's "SID Strings" page as owner, group and
 * trustee comes back as written, and so does the S-1 form of a SID whose
 * alias Windows 7 does not know. */
static void every_alias_round_trips(void **state)
{
	(void)state;
	const char *const aliases[] = {
		"AA", "AC", "AN", "AO", "AP", "AS", "AU", "BA", "BG", "BO", "BU", "CA", "CD", "CG",
		"CN", "CO", "CY", "DA", "DC", "DD", "DG", "DU", "EA", "ED", "EK", "ER", "ES", "HA",
		"HI", "HO", "IS", "IU", "KA", "LA", "LG", "LS", "LU", "LW", "ME", "MP", "MS", "MU",
		"NO", "NS", "NU", "OW", "PA", "PO", "PS", "PU", "RA", "RC", "RD", "RE", "RM", "RO",
		"RS", "RU", "SA", "SH", "SI", "SO", "SS", "SU", "SY", "UD", "WD", "WR",
	};
	char text[96];

	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
		snprintf(text, sizeof text, "O:%sG:%sD:AI(A;CIID;KR;;;%s)(D;;KW;;;%s)", aliases[i],
		         aliases[i], aliases[i], aliases[i]);
		assert_round_trip(text);
	}
	assert_round_trip("O:S-1-5-32-579G:S-1-15-2-1D:(A;;KR;;;S-1-5-84-0-0-0-0-0)(A;;KR;;;S-1-18-1)");
	assert_round_trip("D:(A;;KR;;;S-1-5-21-1-2-3-513)(A;;KR;;;DU)");
}

/* Every ACE type Windows prints, each beside A ACEs that stay as they
 * are: object GUIDs, conditions and attributes are kept as written. */
static void every_ace_type_round_trips(void **state)
{
	(void)state;
	const char *const aces[] = {
		"(A;OICI;KA;;;SY)",
		"(D;CIIO;KW;;;WD)",
		"(OA;;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;WD)",
		"(OA;CIIO;RPWP;bf967a7f-0de6-11d0-a285-00aa003049e2;bf967aba-0de6-11d0-a285-00aa003049e2;PS)",
		"(OA;CI;KR;;4828cc14-1437-45bc-9b07-ad6f015e5f28;DU)",
		"(OD;;CR;00299570-246d-11d0-a768-00aa006e0529;;AU)",
		"(AU;SAFA;KA;;;WD)",
		"(AL;CISA;KW;;;BA)",
		"(OU;CIIOSA;WP;bf967a7f-0de6-11d0-a285-00aa003049e2;;WD)",
		"(OL;FA;WP;bf967a7f-0de6-11d0-a285-00aa003049e2;bf967aba-0de6-11d0-a285-00aa003049e2;WD)",
		"(XA;;KA;;;WD;(Member_of {SID(BA), SID(DU)}))",
		"(XA;;KR;;;IU)",
		"(XD;CI;KA;;;AU;(@User.Project Any_of {\"A (x\", \"B;)\"}))",
		"(ZA;;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;WD;(@User.clearance >= 3))",
		"(XU;SA;KA;;;WD;((Member_of {SID(DA)}) || (@Device.managed == 1)))",
		"(ML;;NW;;;LW)",
		"(ML;OICI;NWNRNX;;;HI)",
		"(SP;OICI;;;;S-1-17-3260955821-1180564752-1365479606-2616254494)",
		"(RA;CI;;;;WD;(\"Project\",TS,0x0,\"Windows\",\"SQL (2012)\"))",
		"(TL;;0x200;;;S-1-19-512-1024)",
		"(FL;;KR;;;WD;(WIN://SYSAPPID Contains \"x\"))",
	};
	char text[512];

	for (size_t i = 0; i < sizeof aces / sizeof aces[0]; i++) {
		snprintf(text, sizeof text, "O:BAG:DUD:PAI(A;;KR;;;BU)%s(A;CIID;KA;;;SY)", aces[i]);
		assert_round_trip(text);
	}
}

static void format_follows_windows(void **state)
{
	(void)state;
	security_descriptor sd;
	struct { const char *in; const char *out; } cases[] = {
		/* hex equal to a named right prints the name; KR wins over KX */
		{ "D:(A;;0xF003F;;;S-1-5-18)", "D:(A;;KA;;;SY)" },
		{ "D:(A;;0x20019;;;S-1-5-32-544)", "D:(A;;KR;;;BA)" },
		{ "D:(A;;KX;;;SY)", "D:(A;;KR;;;SY)" },
		{ "D:(A;;KW;;;SY)", "D:(A;;KW;;;SY)" },
		/* bits with letters print as letters from bit 0 up */
		{ "D:(A;;0x30000;;;SY)", "D:(A;;SDRC;;;SY)" },
		{ "D:(A;;WORCSD;;;SY)", "D:(A;;SDRCWO;;;SY)" },
		/* a bit without letters prints the whole mask as lower-case hex */
		{ "D:(A;;0x10001;;;SY)", "D:(A;;CCSD;;;SY)" },
		{ "D:(A;;0x1;;;SY)", "D:(A;;CC;;;SY)" },
		{ "D:(A;;0x1000;;;SY)", "D:(A;;0x1000;;;SY)" },
		{ "D:(A;;0xF003FF;;;SY)", "D:(A;;0xf003ff;;;SY)" },
		/* flags in Windows' order; parts in O G D order; S-1 form to alias */
		{ "D:AIP(A;IDCIOI;KA;;;s-1-5-18)", "D:PAI(A;OICIID;KA;;;SY)" },
		{ "D:(A;;KA;;;SY)G:BAO:SY", "O:SYG:BAD:(A;;KA;;;SY)" },
		{ "D:AIAR", "D:ARAI" },
		/* audit flags after the others; a label's mask in its own letters */
		{ "D:(AU;FASACI;KA;;;WD)", "D:(AU;CISAFA;KA;;;WD)" },
		{ "D:(ML;;0x1;;;ME)(ML;;CC;;;ME)(ML;;0x8;;;ME)", "D:(ML;;NW;;;ME)(ML;;NW;;;ME)(ML;;0x8;;;ME)" },
		{ "D:(A;;NW;;;SY)", "D:(A;;CC;;;SY)" },
		/* an alias Windows 7 knows replaces the S-1 form; a newer one does not */
		{ "D:(A;;KA;;;s-1-5-4)(A;;KA;;;S-1-15-2-1)(A;;KA;;;ac)(A;;KA;;;du)",
		  "D:(A;;KA;;;IU)(A;;KA;;;S-1-15-2-1)(A;;KA;;;AC)(A;;KA;;;DU)" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_true(sddl_parse(cases[i].in, &sd, NULL));
		char *text = sddl_format(&sd);
		assert_string_equal(text, cases[i].out);
		free(text);
		security_descriptor_free(&sd);
	}
}

static void parsed_fields(void **state)
{
	(void)state;
	security_descriptor sd;

	assert_true(sddl_parse("O:SYG:BAD:P(D;CINP;GA;;;WD)(A;OI;0x3;;;S-1-5-21-9-9-9-1000)", &sd, NULL));
	assert_string_equal(sd.owner, "S-1-5-18");
	assert_string_equal(sd.group, "S-1-5-32-544");
	assert_true(sd.has_dacl);
	assert_false(sd.dacl_null);
	assert_int_equal(sd.dacl_flags, DACL_FLAG_PROTECTED);
	assert_int_equal(sd.ace_count, 2);
	assert_int_equal(sd.aces[0].type, ACE_DENY);
	assert_int_equal(sd.aces[0].flags, ACE_FLAG_CI | ACE_FLAG_NP);
	assert_int_equal(sd.aces[0].mask, GENERIC_ALL_MASK);
	assert_string_equal(sd.aces[0].sid, "S-1-1-0");
	assert_int_equal(sd.aces[1].type, ACE_ALLOW);
	assert_int_equal(sd.aces[1].flags, ACE_FLAG_OI);
	assert_int_equal(sd.aces[1].mask, 3);
	assert_string_equal(sd.aces[1].sid, "S-1-5-21-9-9-9-1000");
	security_descriptor_free(&sd);

	assert_true(sddl_parse("G:DUD:(OA;CI;CR;AB721A53-1E2F-11D0-9819-00AA0040529B;;LA)"
	                       "(XD;;KA;;;WD;(a;b))", &sd, NULL));
	assert_string_equal(sd.group, "DU");
	assert_int_equal(sd.aces[0].type, ACE_ALLOW_OBJECT);
	assert_string_equal(sd.aces[0].object_type, "AB721A53-1E2F-11D0-9819-00AA0040529B");
	assert_string_equal(sd.aces[0].inherited_object_type, "");
	assert_string_equal(sd.aces[0].sid, "LA");
	assert_null(sd.aces[0].data);
	assert_int_equal(sd.aces[1].type, ACE_DENY_CALLBACK);
	assert_string_equal(sd.aces[1].data, "(a;b)");
	security_descriptor_free(&sd);

	assert_true(sddl_parse("O:SY", &sd, NULL));
	assert_false(sd.has_dacl);
	security_descriptor_free(&sd);
	assert_true(sddl_parse("D:NO_ACCESS_CONTROL", &sd, NULL));
	assert_true(sd.has_dacl && sd.dacl_null);
	security_descriptor_free(&sd);
}

static void assert_parse_error(const char *text, const char *message)
{
	security_descriptor sd;
	error_message err = { "" };

	assert_false(sddl_parse(text, &sd, &err));
	assert_string_equal(err.text, message);
	assert_null(sd.aces);
}

static void bad_sddl_names_the_part(void **state)
{
	(void)state;
	assert_parse_error("", "SDDL is empty");
	assert_parse_error("D:(X;;KA;;;SY)",
	                   "bad SDDL 'D:(X;;KA;;;SY)': ACE 1 '(X;;KA;;;SY)': unknown ACE type 'X'; expected A D OA OD AU AL OU OL XA XD ZA XU ML SP RA TL FL");
	assert_parse_error("D:(A;;KA;;;SY)(A;ZZ;KA;;;SY)",
	                   "bad SDDL 'D:(A;;KA;;;SY)(A;ZZ;KA;;;SY)': ACE 2 '(A;ZZ;KA;;;SY)': unknown ACE flag 'ZZ'; expected OI CI NP IO ID SA FA");
	assert_parse_error("D:(A;;KQ;;;SY)",
	                   "bad SDDL 'D:(A;;KQ;;;SY)': ACE 1 '(A;;KQ;;;SY)': unknown right 'KQ' in 'KQ'; expected 0xHEX or pairs of KA KR KW KX GA GR GW GX RC SD WD WO CC DC LC SW RP WP DT LO CR FA FR FW FX NW NR NX");
	assert_parse_error("D:(A;;0x12G;;;SY)",
	                   "bad SDDL 'D:(A;;0x12G;;;SY)': ACE 1 '(A;;0x12G;;;SY)': rights '0x12G' contain 'G', which is not a hex digit");
	assert_parse_error("D:(A;;0x123456789;;;SY)",
	                   "bad SDDL 'D:(A;;0x123456789;;;SY)': ACE 1 '(A;;0x123456789;;;SY)': rights '0x123456789' are not 1 to 8 hex digits after 0x");
	assert_parse_error("D:(A;;KA;;;XX)",
	                   "bad SDDL 'D:(A;;KA;;;XX)': ACE 1 '(A;;KA;;;XX)': 'XX' is not a SID; expected S-1-... or an SDDL alias such as SY, BA or DU");
	assert_parse_error("D:(A;;KA;;SY)",
	                   "bad SDDL 'D:(A;;KA;;SY)': ACE 1 '(A;;KA;;SY)': has 5 fields; expected type;flags;rights;object GUID;inherited object GUID;SID");
	assert_parse_error("D:(A;;KA;;;SY",
	                   "bad SDDL 'D:(A;;KA;;;SY': ACE 1 '(A;;KA;;;SY' has no closing ')'");
	assert_parse_error("D:(A;;KA;x;;SY)",
	                   "bad SDDL 'D:(A;;KA;x;;SY)': ACE 1 '(A;;KA;x;;SY)': object GUIDs are only for the object ACE types OA OD OU OL ZA");
	assert_parse_error("D:(OA;;CR;ab721a53-1e2f-11d0-9819;;WD)",
	                   "bad SDDL 'D:(OA;;CR;ab721a53-1e2f-11d0-9819;;WD)': ACE 1 '(OA;;CR;ab721a53-1e2f-11d0-9819;;WD)': "
	                   "object GUID 'ab721a53-1e2f-11d0-9819' is not of the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx");
	assert_parse_error("D:(OD;;CR;;ab721a53-1e2f-11d0-9819-00aa0040529g;WD)",
	                   "bad SDDL 'D:(OD;;CR;;ab721a53-1e2f-11d0-9819-00aa0040529g;WD)': ACE 1 '(OD;;CR;;ab721a53-1e2f-11d0-9819-00aa0040529g;WD)': "
	                   "object GUID 'ab721a53-1e2f-11d0-9819-00aa0040529g' is not of the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx");
	assert_parse_error("D:(A;;KA;;;SY;(x))",
	                   "bad SDDL 'D:(A;;KA;;;SY;(x))': ACE 1 '(A;;KA;;;SY;(x))': has a seventh field, which "
	                   "only XA XD XU ZA FL (a condition) and RA (an attribute) take");
	assert_parse_error("D:(XA;;KA;;;SY;)",
	                   "bad SDDL 'D:(XA;;KA;;;SY;)': ACE 1 '(XA;;KA;;;SY;)': '' is not a (condition) or (attribute) in parentheses");
	assert_parse_error("D:(XA;;KA;;;SY;(a)(b))",
	                   "bad SDDL 'D:(XA;;KA;;;SY;(a)(b))': ACE 1 '(XA;;KA;;;SY;(a)(b))': '(a)(b)' is not a (condition) or (attribute) in parentheses");
	assert_parse_error("D:(XA;;KA;;;SY;x(a))",
	                   "bad SDDL 'D:(XA;;KA;;;SY;x(a))': ACE 1 '(XA;;KA;;;SY;x(a))': 'x(a)' is not a (condition) or (attribute) in parentheses");
	assert_parse_error("D:(XA;;KA;;;SY;(a)",
	                   "bad SDDL 'D:(XA;;KA;;;SY;(a)': ACE 1 '(XA;;KA;;;SY;(a)' has no closing ')'");
	/* a quoted ')' closes nothing */
	assert_parse_error("D:(XA;;KA;;;SY;(\"a)))",
	                   "bad SDDL 'D:(XA;;KA;;;SY;(\"a)))': ACE 1 '(XA;;KA;;;SY;(\"a)))' has no closing ')'");
	assert_parse_error("O:SYO:BA", "bad SDDL 'O:SYO:BA': 'O:' appears twice");
	assert_parse_error("O:XYZ", "bad SDDL 'O:XYZ': owner: 'XYZ' is not a SID; expected S-1-... or an SDDL alias such as SY, BA or DU");
	assert_parse_error("D:(A;;KA;;;SY)S:(AU;SA;KA;;;WD",
	                   "bad SDDL 'D:(A;;KA;;;SY)S:(AU;SA;KA;;;WD': SACL: '(AU;SA;KA;;;WD' has no closing ')'");
	assert_parse_error("S:AI(AU;SA;KA;;;WD)x",
	                   "bad SDDL 'S:AI(AU;SA;KA;;;WD)x': SACL: unexpected 'x'; expected ACEs in parentheses");
	assert_parse_error("S:(AU;SA;KA;;;WD)S:(AU;SA;KA;;;WD)",
	                   "bad SDDL 'S:(AU;SA;KA;;;WD)S:(AU;SA;KA;;;WD)': 'S:' appears twice");
	assert_parse_error("D:PX(A;;KA;;;SY)",
	                   "bad SDDL 'D:PX(A;;KA;;;SY)': unexpected 'X(A;;KA;;;SY)' in the DACL; expected DACL flags P AR AI, then ACEs in parentheses");
	assert_parse_error("Q:SY", "bad SDDL 'Q:SY': unexpected 'Q:SY'; expected O:, G:, D: or S:");
	assert_parse_error("D:NO_ACCESS_CONTROL(A;;KA;;;SY)",
	                   "bad SDDL 'D:NO_ACCESS_CONTROL(A;;KA;;;SY)': DACL is NO_ACCESS_CONTROL and also has ACEs");
}

static void equality_is_semantic(void **state)
{
	(void)state;
	assert_true(sddl_equal_text("D:(A;;KA;;;SY)", "D:(A;;0xf003f;;;S-1-5-18)"));
	assert_true(sddl_equal_text("O:SYD:AIP(A;CIOI;KR;;;BA)", "O:S-1-5-18D:PAI(A;OICI;KX;;;BA)"));
	assert_false(sddl_equal_text("D:(A;;KA;;;SY)", "D:(A;;GA;;;SY)"));
	assert_false(sddl_equal_text("D:(A;;KA;;;SY)(A;;KR;;;BA)", "D:(A;;KR;;;BA)(A;;KA;;;SY)"));
	assert_false(sddl_equal_text("D:(A;;KA;;;SY)", "D:P(A;;KA;;;SY)"));
	assert_false(sddl_equal_text("D:", "O:SY"));
	assert_false(sddl_equal_text("D:(", "D:("));
	/* aliases equal the SIDs they stand for; GUIDs compare in any case;
	 * conditions and attributes only as written */
	assert_true(sddl_equal_text("O:ACD:(A;;KA;;;UD)", "O:S-1-15-2-1D:(A;;KA;;;S-1-5-84-0-0-0-0-0)"));
	assert_true(sddl_equal_text("D:(OA;;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;WD)",
	                            "D:(OA;;CR;AB721A53-1E2F-11D0-9819-00AA0040529B;;WD)"));
	assert_false(sddl_equal_text("D:(OA;;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;WD)",
	                             "D:(OA;;CR;;ab721a53-1e2f-11d0-9819-00aa0040529b;WD)"));
	assert_false(sddl_equal_text("D:(XA;;KA;;;WD;(a))", "D:(XA;;KA;;;WD;(b))"));
	assert_false(sddl_equal_text("D:(XA;;KA;;;WD;(a))", "D:(XA;;KA;;;WD)"));
	assert_false(sddl_equal_text("D:(XA;;KA;;;WD)", "D:(A;;KA;;;WD)"));
	assert_false(sddl_equal_text("D:(AU;SA;KA;;;WD)", "D:(AU;FA;KA;;;WD)"));
	assert_false(sddl_equal_text("D:(A;;KA;;;DU)", "D:(A;;KA;;;DA)"));
}

static bool is_deny(const ace *entry, const void *context)
{
	(void)context;
	return entry->type == ACE_DENY || entry->type == ACE_DENY_CALLBACK;
}

static void ace_editing(void **state)
{
	(void)state;
	security_descriptor sd, copy;
	ace entry = { .type = ACE_ALLOW, .flags = ACE_FLAG_CI, .mask = KEY_ALL_ACCESS_MASK, .sid = "S-1-5-18" };

	assert_true(sddl_parse("D:(D;;KW;;;WD)(A;;KR;;;BU)", &sd, NULL));
	security_descriptor_insert_ace(&sd, 1, &entry);
	security_descriptor_copy(&copy, &sd);
	security_descriptor_remove_aces(&sd, is_deny, NULL);
	char *text = sddl_format(&sd);
	assert_string_equal(text, "D:(A;CI;KA;;;SY)(A;;KR;;;BU)");
	free(text);
	text = sddl_format(&copy);
	assert_string_equal(text, "D:(D;;KW;;;WD)(A;CI;KA;;;SY)(A;;KR;;;BU)");
	free(text);
	security_descriptor_free(&sd);
	security_descriptor_free(&copy);

	/* every match goes in one pass, the others keep their order */
	assert_true(sddl_parse("D:(D;;KW;;;WD)(A;;KR;;;BU)(D;;KA;;;SY)(A;;KA;;;BA)(XD;;KW;;;WD;(a))",
	                       &sd, NULL));
	security_descriptor_remove_aces(&sd, is_deny, NULL);
	text = sddl_format(&sd);
	assert_string_equal(text, "D:(A;;KR;;;BU)(A;;KA;;;BA)");
	free(text);
	security_descriptor_free(&sd);

	/* the descriptor owns its own copy of an ACE's condition */
	char condition[] = "(@User.x == 1)";
	entry.type = ACE_ALLOW_CALLBACK;
	entry.data = condition;
	assert_true(sddl_parse("D:(XD;;KW;;;WD;(a))", &sd, NULL));
	security_descriptor_add_ace(&sd, &entry);
	security_descriptor_copy(&copy, &sd);
	security_descriptor_remove_aces(&sd, is_deny, NULL);
	condition[1] = '!';
	text = sddl_format(&sd);
	assert_string_equal(text, "D:(XA;CI;KA;;;SY;(@User.x == 1))");
	free(text);
	text = sddl_format(&copy);
	assert_string_equal(text, "D:(XD;;KW;;;WD;(a))(XA;CI;KA;;;SY;(@User.x == 1))");
	free(text);
	security_descriptor_free(&sd);
	security_descriptor_free(&copy);
}

/* A SACL (what Get-Acl -Audit prints) is kept as written: auditing plays
 * no part in access, and a fix must not drop it. */
static void sacl_is_kept_as_written(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"O:BAG:SYD:PAI(A;CI;KA;;;SY)S:AI(AU;CISA;KA;;;WD)",
		"D:(A;;KA;;;SY)S:P(AU;SAFA;KR;;;WD)(ML;;NW;;;LW)",
		"O:SYS:NO_ACCESS_CONTROL",
	};
	security_descriptor sd, copy;

	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		assert_true(sddl_parse(texts[i], &sd, NULL));
		char *again = sddl_format(&sd);
		assert_string_equal(again, texts[i]);
		free(again);
		security_descriptor_copy(&copy, &sd);
		assert_true(security_descriptor_equal(&copy, &sd));
		security_descriptor_free(&copy);
		security_descriptor_free(&sd);
	}
	assert_false(sddl_equal_text("D:(A;;KA;;;SY)S:(AU;SA;KA;;;WD)", "D:(A;;KA;;;SY)"));
	assert_false(sddl_equal_text("D:(A;;KA;;;SY)S:(AU;SA;KA;;;WD)", "D:(A;;KA;;;SY)S:(AU;FA;KA;;;WD)"));
	assert_true(sddl_parse("S:(AU;SA;KA;;;WD)D:(A;;KA;;;SY)", &sd, NULL));
	assert_string_equal(sd.sacl, "(AU;SA;KA;;;WD)");
	assert_int_equal(sd.ace_count, 1);
	security_descriptor_free(&sd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(canonical_strings_round_trip),
		cmocka_unit_test(every_alias_round_trips),
		cmocka_unit_test(every_ace_type_round_trips),
		cmocka_unit_test(format_follows_windows),
		cmocka_unit_test(parsed_fields),
		cmocka_unit_test(bad_sddl_names_the_part),
		cmocka_unit_test(sacl_is_kept_as_written),
		cmocka_unit_test(equality_is_semantic),
		cmocka_unit_test(ace_editing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
