/* Shared option parsing: each command accepts only its own options. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "wrapper/commands/cli.h"

static bool parse(int argc, char **argv, unsigned accepted, int min, int max,
                  cli_options *options, error_message *err)
{
	memset(options, 0, sizeof *options);
	return cli_parse(argc, argv, 1, accepted, min, max, options, err);
}

static void test_values_in_both_forms(void **state)
{
	(void)state;
	char *argv[] = { "check", "-c", "a.ini", "--registry=b.reg", "--json", NULL };
	cli_options options;
	error_message err;
	assert_true(parse(5, argv, CLI_CONFIG | CLI_REGISTRY | CLI_JSON, 0, 0, &options, &err));
	assert_string_equal(options.config_path, "a.ini");
	assert_string_equal(options.registry_file, "b.reg");
	assert_true(options.json);
	cli_options_free(&options);
}

static void test_option_of_another_command_is_refused(void **state)
{
	(void)state;
	char *argv[] = { "check", "--dry-run", NULL };
	cli_options options;
	error_message err;
	assert_false(parse(2, argv, CLI_CONFIG | CLI_JSON, 0, 0, &options, &err));
	assert_string_equal(err.text, "unknown option '--dry-run' for this command");
	cli_options_free(&options);
}

static void test_missing_value_is_named(void **state)
{
	(void)state;
	char *argv[] = { "export", "HKLM\\SYSTEM", "-o", NULL };
	cli_options options;
	error_message err;
	assert_false(parse(3, argv, CLI_OUTPUT | CLI_REGISTRY, 1, 1, &options, &err));
	assert_string_equal(err.text, "option '-o' needs a value");
	cli_options_free(&options);
}

static void test_positionals_counted(void **state)
{
	(void)state;
	char *argv[] = { "scan-log", "a.log", "--", "-b.log", NULL };
	cli_options options;
	error_message err;
	assert_true(parse(4, argv, CLI_FOLLOW | CLI_JSON, 1, -1, &options, &err));
	assert_int_equal(options.arguments.count, 2);
	assert_string_equal(options.arguments.items[1], "-b.log");
	cli_options_free(&options);

	char *none[] = { "scan-log", NULL };
	assert_false(parse(1, none, CLI_FOLLOW, 1, -1, &options, &err));
	assert_string_equal(err.text, "missing argument: expected at least 1");
	cli_options_free(&options);
}

static void test_bad_format_is_refused(void **state)
{
	(void)state;
	char *argv[] = { "report", "x", "--format", "xml", NULL };
	cli_options options;
	error_message err;
	assert_false(parse(4, argv, CLI_FORMAT, 1, -1, &options, &err));
	assert_string_equal(err.text, "--format 'xml' is not known; expected text, csv or json");
	cli_options_free(&options);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values_in_both_forms),
		cmocka_unit_test(test_option_of_another_command_is_refused),
		cmocka_unit_test(test_missing_value_is_named),
		cmocka_unit_test(test_positionals_counted),
		cmocka_unit_test(test_bad_format_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
