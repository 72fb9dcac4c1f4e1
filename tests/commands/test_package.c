/* `ccmwrap package` as an administrator runs it: the .sms read back as an
 * INI holds the MIF match of the INI's [report] (in Windows-1252, CRLF),
 * stdout carries the same bytes as -o, and what the format cannot hold
 * is refused with the key named and nothing written. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include <cmocka.h>

#include "config/base/filepath.h"
#include "config/base/windows1252.h"
#include "config/config.h"
#include "config/ini-reader.h"
#include "wrapper/report/exitcode.h"
#include "tests/support/testsupport.h"

static void run_package(const char *ini, const char *output, test_run_result *result)
{
	const char *args[] = { CCMWRAP_BINARY, "package", "-c", ini, output ? "-o" : NULL, output,
		               NULL };

	test_run(args, NULL, result);
}

/* The file's Windows-1252 bytes as UTF-8, every line ended by CRLF. */
static char *decode_ansi(const char *bytes, size_t size)
{
	strbuf text = STRBUF_INIT;

	for (size_t i = 0; i < size; i++) {
		if (bytes[i] == '\n')
			assert_true(i > 0 && bytes[i - 1] == '\r');
		text_add_codepoint(&text, windows1252_to_codepoint((unsigned char)bytes[i]));
	}
	return strbuf_detach(&text);
}

static const char *entry_of(const inireader_document *doc, const char *section, const char *name)
{
	for (size_t i = 0; i < doc->entry_count; i++) {
		const inireader_entry *entry = &doc->entries[i];
		if (entry->section != INIREADER_NO_SECTION &&
		    strcmp(doc->sections[entry->section].name, section) == 0 &&
		    strcmp(entry->name, name) == 0)
			return entry->value;
	}
	fail_msg("no %s in [%s]", name, section);
	return NULL;
}

static void assert_program(const inireader_document *doc, const char *name, const char *command)
{
	assert_string_equal(entry_of(doc, name, "Name"), name);
	assert_string_equal(entry_of(doc, name, "CommandLine"), command);
	assert_string_equal(entry_of(doc, name, "CanRunWhen"), "AnyUserStatus");
	assert_string_equal(entry_of(doc, name, "AdminRightsRequired"), "True");
}

/* The file read back as an INI: its MIF match is the INI's [report]. */
static void assert_matches_report(const char *ini, const char *bytes, size_t size)
{
	config cfg;
	strlist errors = STRLIST_INIT;
	inireader_document doc;
	char *text = decode_ansi(bytes, size);
	char command[256];

	assert_true(config_load(ini, &(config_options){ 0 }, &cfg, &errors));
	assert_true(inireader_parse("package.sms", text, strlen(text), &doc, &errors));
	assert_int_equal(errors.count, 0);
	assert_string_equal(entry_of(&doc, "PDF", "Version"), "2.0");
	const char *mif = cfg.report.mif;
	assert_memory_equal(entry_of(&doc, "Package Definition", "MIFFileName"), mif,
	                    strlen(mif) - strlen(".mif"));
	assert_string_equal(entry_of(&doc, "Package Definition", "MIFName"), cfg.report.product);
	assert_string_equal(entry_of(&doc, "Package Definition", "MIFVersion"), cfg.report.version);
	assert_string_equal(entry_of(&doc, "Package Definition", "MIFPublisher"),
	                    cfg.report.publisher);
	assert_string_equal(entry_of(&doc, "Package Definition", "Programs"),
	                    "Upgrade client, Repair permissions only, Check permissions");
	const char *name = filepath_base_name(ini);
	snprintf(command, sizeof command, "ccmwrap.exe run -c %s", name);
	assert_program(&doc, "Upgrade client", command);
	snprintf(command, sizeof command, "ccmwrap.exe fix -c %s", name);
	assert_program(&doc, "Repair permissions only", command);
	snprintf(command, sizeof command, "ccmwrap.exe check -c %s", name);
	assert_program(&doc, "Check permissions", command);
	inireader_document_free(&doc);
	strlist_free(&errors);
	config_free(&cfg);
	free(text);
}

/* -o and stdout carry the same bytes; both read back to the INI's match. */
static void assert_package_of(const char *ini)
{
	test_run_result to_file, to_stdout;
	char *sms = test_path(test_group_folder, "ccmwrap.sms");
	size_t size;

	run_package(ini, sms, &to_file);
	assert_string_equal(to_file.err, "");
	assert_int_equal(to_file.exit_code, EXIT_OK);
	assert_string_equal(to_file.out, "");
	char *bytes = test_read_file(sms, &size);
	assert_non_null(bytes);
	assert_matches_report(ini, bytes, size);
	run_package(ini, NULL, &to_stdout);
	assert_int_equal(to_stdout.exit_code, EXIT_OK);
	assert_string_equal(to_stdout.out, bytes);
	test_run_result_free(&to_file);
	test_run_result_free(&to_stdout);
	free(bytes);
	free(sms);
}

static void samples_read_back_with_their_mif_match(void **state)
{
	(void)state;
	for (const char *const *sample = (const char *const[]){ "samples/kb2000387.ini",
	                                                         "samples/current-branch.ini", NULL };
	     *sample != NULL; sample++) {
		char *ini = test_copy_source(*sample, test_group_folder);
		assert_package_of(ini);
		free(ini);
	}
}

/* The INI is UTF-8; the .sms holds the same text in Windows-1252. */
static void non_ascii_values_read_back_from_ansi(void **state)
{
	char *ini = test_path(test_group_folder, "cafe.ini");
	(void)state;

	test_write_text(ini, "[ccmsetup]\npath = ccmsetup.exe\n[report]\nmif = Caf\xC3\xA9.MIF\n"
	                     "publisher = Caf\xC3\xA9 \xE2\x82\xAC\nproduct = Client\nversion = 4.0\n");
	assert_package_of(ini);
	char *sms = test_path(test_group_folder, "ccmwrap.sms");
	char *bytes = test_read_file(sms, NULL);
	assert_non_null(strstr(bytes, "\r\nMIFPublisher=Caf\xE9 \x80\r\n"));
	assert_non_null(strstr(bytes, "\r\nMIFFileName=Caf\xE9\r\n"));
	free(bytes);
	free(sms);
	free(ini);
}

static void a_value_too_long_exits_2_and_writes_nothing(void **state)
{
	test_run_result result;
	char *ini = test_path(test_group_folder, "long.ini");
	char *sms = test_path(test_group_folder, "refused.sms");
	char expected[1024];
	(void)state;

	test_write_text(ini, "[ccmsetup]\npath = ccmsetup.exe\n[report]\n"
	                     "publisher = Contoso Information Technology Dept\n");
	run_package(ini, sms, &result);
	assert_int_equal(result.exit_code, EXIT_COMMAND_ERROR);
	snprintf(expected, sizeof expected,
	         "ccmwrap package: %s: [report] publisher: too long for the package definition "
	         "file's Publisher: 35 characters, at most 32\n", ini);
	assert_string_equal(result.err, expected);
	assert_string_equal(result.out, "");
	assert_null(test_read_file(sms, NULL));
	test_run_result_free(&result);
	free(sms);
	free(ini);
}

static void an_invalid_ini_exits_10001(void **state)
{
	test_run_result result;
	char *ini = test_path(test_group_folder, "bad.ini");
	char expected[1024];
	(void)state;

	test_write_text(ini, "[report]\nmif = ccmwrap.mif\n");
	run_package(ini, NULL, &result);
	assert_int_equal(result.exit_code, TEST_EXIT_SEEN(EXIT_CONFIG_INVALID));
	snprintf(expected, sizeof expected, "%s:0: [ccmsetup] has no path; expected a 'path = ...' "
	         "line\n", ini);
	assert_string_equal(result.err, expected);
	assert_string_equal(result.out, "");
	test_run_result_free(&result);
	free(ini);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(samples_read_back_with_their_mif_match),
		cmocka_unit_test(non_ascii_values_read_back_from_ansi),
		cmocka_unit_test(a_value_too_long_exits_2_and_writes_nothing),
		cmocka_unit_test(an_invalid_ini_exits_10001),
	};
	return cmocka_run_group_tests(tests, test_group_folder_make, test_group_folder_remove);
}
