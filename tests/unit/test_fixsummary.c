/* A fix summary in words (checks/fixsummary.h): the lines each caller asks
 * for, in its order, with its indent, to the byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "checks/fixsummary.h"

static const char *const kind_names[] = { "change", "note", "missing", "vanished", "failure",
                                          "unknown" };

/* Every line as "KIND|TEXT\n". */
static void collect(void *context, fixsummary_line kind, const char *text)
{
	strbuf_printf(context, "%s|%s\n", kind_names[kind], text);
}

static void make_summary(fix_summary *summary)
{
	memset(summary, 0, sizeof *summary);
	summary->targets = 5;
	summary->noncompliant = 3;
	summary->fixed = 2;
	summary->failed = 1;
	summary->changes = xcalloc(2, sizeof *summary->changes);
	summary->changes[0] = (fix_change){ xstrdup("HKLM\\A"), xstrdup("O:BAG:SYD:P(A;;KR;;;SY)"),
		                            xstrdup("O:BAG:SYD:P(A;;KR;;;SY)(A;CI;KA;;;SY)") };
	summary->changes[1] = (fix_change){ xstrdup("HKLM\\B"), NULL, xstrdup("D:(A;CI;KA;;;SY)") };
	summary->change_count = 2;
	strlist_add(&summary->notes, "HKLM\\A\\1: kept its own descriptor");
	strlist_add(&summary->missing, "HKLM\\GONE");
	strlist_add(&summary->vanished, "HKLM\\V");
	strlist_add(&summary->failures, "HKLM\\F: denied");
	strlist_add(&summary->unknown_keys, "HKLM\\U: no descriptor");
}

/* The lines of make_summary's summary in the style given, to the byte. */
static void assert_lines(const fixsummary_line *lines, size_t line_count, const char *indent,
                         bool dry_run, const char *expected)
{
	const fixsummary_style style = { lines, line_count, indent, dry_run };
	fix_summary summary;
	strbuf out = STRBUF_INIT;

	make_summary(&summary);
	fixsummary_lines(&summary, &style, collect, &out);
	assert_string_equal(out.data, expected);
	fix_summary_free(&summary);
	strbuf_free(&out);
}

static void test_every_kind_in_the_order_asked(void **state)
{
	static const fixsummary_line lines[] = {
		FIXSUMMARY_CHANGE,   FIXSUMMARY_NOTE,    FIXSUMMARY_MISSING,
		FIXSUMMARY_VANISHED, FIXSUMMARY_FAILURE, FIXSUMMARY_UNKNOWN,
	};

	(void)state;
	assert_lines(lines, sizeof lines / sizeof lines[0], "", false,
	             "change|changed HKLM\\A\n"
	             "  before: O:BAG:SYD:P(A;;KR;;;SY)\n"
	             "  after:  O:BAG:SYD:P(A;;KR;;;SY)(A;CI;KA;;;SY)\n"
	             "change|changed HKLM\\B\n"
	             "  before: (inherited, none stored)\n"
	             "  after:  D:(A;CI;KA;;;SY)\n"
	             "note|note HKLM\\A\\1: kept its own descriptor\n"
	             "missing|missing HKLM\\GONE: the key does not exist\n"
	             "vanished|vanished HKLM\\V: " REGISTRY_VANISHED_WHY "\n"
	             "failure|not repaired HKLM\\F: denied\n"
	             "unknown|left alone HKLM\\U: no descriptor\n");
}

/* A run's order and indent: a change's further lines indented with the
 * caller's steps, the kinds it does not list left out. */
static void test_indent_order_and_dry_run(void **state)
{
	static const fixsummary_line lines[] = { FIXSUMMARY_FAILURE, FIXSUMMARY_VANISHED,
		                                 FIXSUMMARY_CHANGE };

	(void)state;
	assert_lines(lines, sizeof lines / sizeof lines[0], "  ", true,
	             "failure|not repaired HKLM\\F: denied\n"
	             "vanished|vanished HKLM\\V: " REGISTRY_VANISHED_WHY "\n"
	             "change|would change HKLM\\A\n"
	             "    before: O:BAG:SYD:P(A;;KR;;;SY)\n"
	             "    after:  O:BAG:SYD:P(A;;KR;;;SY)(A;CI;KA;;;SY)\n"
	             "change|would change HKLM\\B\n"
	             "    before: (inherited, none stored)\n"
	             "    after:  D:(A;CI;KA;;;SY)\n");
}

static void test_counts(void **state)
{
	fix_summary summary;
	strbuf out = STRBUF_INIT;

	(void)state;
	make_summary(&summary);
	fixsummary_counts(&out, &summary, "would be fixed");
	assert_string_equal(out.data, "5 target keys, 3 noncompliant, 2 would be fixed, 1 failed");
	fix_summary_free(&summary);
	strbuf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_kind_in_the_order_asked),
		cmocka_unit_test(test_indent_order_and_dry_run),
		cmocka_unit_test(test_counts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
