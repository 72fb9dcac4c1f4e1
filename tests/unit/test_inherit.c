#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "checks/inherit.h"
#include "tests/support/testsupport.h"

/* The child's descriptor as text; child NULL = stores none. */
static char *derive(const char *parent, const char *child)
{
	security_descriptor parent_sd, child_sd, out;

	assert_true(sddl_parse(parent, &parent_sd, NULL));
	if (child != NULL)
		assert_true(sddl_parse(child, &child_sd, NULL));
	inherit_derive(&parent_sd, child != NULL ? &child_sd : NULL, &out);
	char *text = sddl_format(&out);
	security_descriptor_free(&parent_sd);
	if (child != NULL)
		security_descriptor_free(&child_sd);
	security_descriptor_free(&out);
	return text;
}

static void assert_derived(const char *parent, const char *child, const char *expected)
{
	char *text = derive(parent, child);
	assert_string_equal(text, expected);
	free(text);
}

static void container_inherit(void **state)
{
	(void)state;
	/* CI keeps flowing; ACEs without inheritance flags stay behind */
	assert_derived("O:BAG:SYD:(A;CI;KA;;;SY)(A;;KR;;;BU)", NULL, "O:BAG:SYD:AI(A;CIID;KA;;;SY)");
	/* OI with CI is kept on the copy */
	assert_derived("D:(A;OICI;KR;;;BU)", NULL, "D:AI(A;OICIID;KR;;;BU)");
	/* ID ACEs of the parent are inherited again like any other */
	assert_derived("D:AI(A;CIID;KA;;;SY)", NULL, "D:AI(A;CIID;KA;;;SY)");
}

static void no_propagate_stops_after_one_level(void **state)
{
	(void)state;
	assert_derived("D:(A;CINP;KA;;;SY)", NULL, "D:AI(A;ID;KA;;;SY)");
	char *child = derive("D:(A;CINP;KA;;;SY)", NULL);
	assert_derived(child, NULL, "D:AI");
	free(child);
}

static void inherit_only_applies_to_children(void **state)
{
	(void)state;
	assert_derived("D:(A;CIIO;KA;;;SY)", NULL, "D:AI(A;CIID;KA;;;SY)");
	assert_derived("D:(A;CIIONP;KA;;;SY)", NULL, "D:AI(A;ID;KA;;;SY)");
}

static void object_inherit_only(void **state)
{
	(void)state;
	assert_derived("D:(A;OI;KA;;;SY)", NULL, "D:AI(A;OIIOID;KA;;;SY)");
	assert_derived("D:(A;OINP;KA;;;SY)", NULL, "D:AI");
}

static void generic_and_creator_split_in_two(void **state)
{
	(void)state;
	assert_derived("O:BAG:SYD:(A;CIIO;GA;;;CO)", NULL,
	               "O:BAG:SYD:AI(A;ID;KA;;;BA)(A;CIIOID;GA;;;CO)");
	assert_derived("D:(A;CI;GR;;;BU)", NULL, "D:AI(A;ID;KR;;;BU)(A;CIIOID;GR;;;BU)");
	assert_derived("D:(A;CINP;GR;;;BU)", NULL, "D:AI(A;ID;KR;;;BU)");
}

static void explicit_aces_first_then_inherited(void **state)
{
	(void)state;
	assert_derived("O:SYD:(A;CI;KA;;;SY)",
	               "O:BAD:AI(D;;KW;;;WD)(A;;KR;;;BU)(A;CIID;KR;;;AU)",
	               "O:BAD:AI(D;;KW;;;WD)(A;;KR;;;BU)(A;CIID;KA;;;SY)");
}

static void protected_child_keeps_its_own(void **state)
{
	(void)state;
	assert_derived("D:(A;CI;KA;;;SY)", "O:BAD:P(A;;KR;;;BU)", "O:BAD:P(A;;KR;;;BU)");
}

static void parent_without_dacl(void **state)
{
	(void)state;
	assert_derived("O:SY", NULL, "O:SY");
	assert_derived("D:NO_ACCESS_CONTROL", NULL, "");
	assert_derived("D:NO_ACCESS_CONTROL", "D:(A;;KR;;;BU)", "D:(A;;KR;;;BU)");
}

/* Every ACE type is inherited by its flags like A; what it carries
 * besides (GUIDs, a condition, an attribute, audit flags) comes along. */
static void other_ace_types_carry_what_they_hold(void **state)
{
	(void)state;
	assert_derived("D:(OA;CI;KR;ab721a53-1e2f-11d0-9819-00aa0040529b;;DU)(XD;CI;KW;;;WD;(@User.x == \"(\"))"
	               "(AU;CISAFA;KA;;;WD)(RA;OICI;;;;WD;(\"a\",TU,0x0,1))",
	               "D:AI(A;;KR;;;BU)",
	               "D:AI(A;;KR;;;BU)(OA;CIID;KR;ab721a53-1e2f-11d0-9819-00aa0040529b;;DU)"
	               "(XD;CIID;KW;;;WD;(@User.x == \"(\"))(AU;CIIDSAFA;KA;;;WD)"
	               "(RA;OICIID;;;;WD;(\"a\",TU,0x0,1))");
	assert_derived("D:(AU;OISA;KA;;;WD)(XA;CINP;GA;;;CO;(x))", "O:BAG:SYD:AI",
	               "O:BAG:SYD:AI(AU;OIIOIDSA;KA;;;WD)(XA;ID;KA;;;BA;(x))");
}

/* P's descriptor, with an ACE that stops after one level (NP), reaches
 * keys storing none; Own stores its own; R stores none up to the root. */
#define SHARED_REG                                                                       \
	"Windows Registry Editor Version 5.00\r\n\r\n"                                    \
	"[HKEY_LOCAL_MACHINE\\P]\r\n"                                                      \
	";sddl=O:BAG:SYD:P(A;CI;KA;;;SY)(A;CINP;KR;;;BU)(A;CIIO;GA;;;CO)\r\n\r\n"        \
	"[HKEY_LOCAL_MACHINE\\P\\A]\r\n\r\n"                                            \
	"[HKEY_LOCAL_MACHINE\\P\\B]\r\n\r\n"                                            \
	"[HKEY_LOCAL_MACHINE\\P\\B\\Deep]\r\n\r\n"                                      \
	"[HKEY_LOCAL_MACHINE\\P\\Own]\r\n;sddl=O:SYG:SYD:(A;;KR;;;WD)\r\n\r\n"          \
	"[HKEY_LOCAL_MACHINE\\P\\Own\\Below]\r\n\r\n"                                   \
	"[HKEY_LOCAL_MACHINE\\P\\C]\r\n\r\n"                                            \
	"[HKEY_LOCAL_MACHINE\\R\\A]\r\n\r\n"

static const char *const shared_keys[] = {
	"HKLM\\P\\A", "HKLM\\P\\B", "HKLM\\P\\B\\Deep", "HKLM\\P\\Own", "HKLM\\P\\Own\\Below",
	"HKLM\\P\\C", "HKLM\\P\\B", "HKLM\\R\\A", "HKLM\\R", "HKLM\\P\\A",
};

/* What source says of key, as "known SDDL". */
static char *effective_text(inherit_source *source, const char *key)
{
	security_descriptor sd;
	bool known = false;
	strbuf text = STRBUF_INIT;

	assert_true(inherit_effective(source, key, &sd, &known, NULL));
	char *sddl = sddl_format(&sd);
	strbuf_printf(&text, "%s %s", known ? "known" : "unknown", sddl);
	free(sddl);
	security_descriptor_free(&sd);
	return strbuf_detach(&text);
}

/* Each key as a source new to it sees it, with the same planned change. */
static char *fresh_effective_text(registry *reg, const char *key, const char *planned_p)
{
	inherit_source fresh;

	inherit_source_init(&fresh, reg);
	if (planned_p != NULL)
		inherit_source_set(&fresh, "HKLM\\P", planned_p);
	char *text = effective_text(&fresh, key);
	inherit_source_free(&fresh);
	return text;
}

static void assert_same_as_fresh(inherit_source *source, const char *key, const char *planned_p)
{
	char *shared = effective_text(source, key);
	char *fresh = fresh_effective_text(source->reg, key, planned_p);
	assert_string_equal(shared, fresh);
	free(shared);
	free(fresh);
}

/* Siblings storing none share their parent's descriptor, parsed once, and
 * children the descriptor of the key asked before them (docs/DESIGN.md
 * "Access semantics"); they get what a walk of their own gives, and a
 * planned change is seen at once. */
static void siblings_share_the_parents_descriptor(void **state)
{
	char *folder = test_make_temp_dir();
	char *path = test_path(folder, "shared.reg");
	registry *reg;
	inherit_source source;

	(void)state;
	test_write_text(path, SHARED_REG);
	assert_true(registry_open_file(path, &reg, NULL));
	inherit_source_init(&source, reg);
	for (size_t i = 0; i < sizeof shared_keys / sizeof *shared_keys; i++)
		assert_same_as_fresh(&source, shared_keys[i], NULL);
	char *a = effective_text(&source, "HKLM\\P\\A");
	assert_string_equal(a, "known O:BAG:SYD:AI(A;CIID;KA;;;SY)(A;ID;KR;;;BU)(A;ID;KA;;;BA)"
	                    "(A;CIIOID;GA;;;CO)");
	free(a);
	assert_non_null(source.parent.key);
	assert_string_equal(source.parent.key, "HKLM\\P");
	assert_string_equal(source.last_key, "HKLM\\P\\A");
	/* A child of the key asked last derives from that key's descriptor. */
	free(effective_text(&source, "HKLM\\P\\B"));
	char *deep = effective_text(&source, "HKLM\\P\\B\\Deep");
	assert_string_equal(deep, "known O:BAG:SYD:AI(A;CIID;KA;;;SY)(A;ID;KA;;;BA)(A;CIIOID;GA;;;CO)");
	free(deep);
	assert_string_equal(source.parent.key, "HKLM\\P\\B");
	assert_string_equal(source.last_key, "HKLM\\P\\B\\Deep");

	const char *planned = "O:BAG:SYD:P(A;CI;KR;;;WD)";
	inherit_source_set(&source, "HKLM\\P", planned);
	assert_null(source.parent.key);
	assert_null(source.last_key);
	for (size_t i = 0; i < sizeof shared_keys / sizeof *shared_keys; i++)
		assert_same_as_fresh(&source, shared_keys[i], planned);
	inherit_source_free(&source);
	registry_close(reg);
	test_remove_tree(folder);
	free(path);
	free(folder);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(container_inherit),
		cmocka_unit_test(no_propagate_stops_after_one_level),
		cmocka_unit_test(inherit_only_applies_to_children),
		cmocka_unit_test(object_inherit_only),
		cmocka_unit_test(generic_and_creator_split_in_two),
		cmocka_unit_test(explicit_aces_first_then_inherited),
		cmocka_unit_test(protected_child_keeps_its_own),
		cmocka_unit_test(parent_without_dacl),
		cmocka_unit_test(other_ace_types_carry_what_they_hold),
		cmocka_unit_test(siblings_share_the_parents_descriptor),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
