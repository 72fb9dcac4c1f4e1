/* The package definition file: its exact bytes for a sample INI, and every
 * value the format cannot hold refused with the INI key named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "wrapper/report/pdf.h"

static const char program_keys[] =
    "CanRunWhen=AnyUserStatus\r\n"
    "UserInputRequired=False\r\n"
    "AdminRightsRequired=True\r\n"
    "UseInstallAccount=True\r\n"
    "Run=Minimized\r\n";

/* "Café" in Windows-1252, as the file holds it. */
static const char expected_pdf_start[] =
    "[PDF]\r\n"
    "Version=2.0\r\n"
    "\r\n"
    "[Package Definition]\r\n"
    "Name=Client Upgrade\r\n"
    "Version=4.00.6487.2000\r\n"
    "Publisher=Caf\xE9\r\n"
    "Language=English\r\n"
    "Comment=ccmwrap: repairs the registry permissions KB2000387 names, then upgrades the "
    "ConfigMgr client\r\n"
    "Programs=Upgrade client, Repair permissions only, Check permissions\r\n"
    "MIFFileName=Status\r\n"
    "MIFName=Client Upgrade\r\n"
    "MIFVersion=4.00.6487.2000\r\n"
    "MIFPublisher=Caf\xE9\r\n"
    "\r\n"
    "[Upgrade client]\r\n"
    "Name=Upgrade client\r\n"
    "Comment=Repairs the registry permissions KB2000387 names, then runs ccmsetup and retries\r\n"
    "CommandLine=ccmwrap.exe run -c ccmwrap.ini\r\n";

static const char expected_pdf_repair[] =
    "\r\n"
    "[Repair permissions only]\r\n"
    "Name=Repair permissions only\r\n"
    "Comment=Repairs the registry permissions KB2000387 names\r\n"
    "CommandLine=ccmwrap.exe fix -c ccmwrap.ini\r\n";

static const char expected_pdf_check[] =
    "\r\n"
    "[Check permissions]\r\n"
    "Name=Check permissions\r\n"
    "Comment=Exit code 0 when the registry permissions are right, 1 when a repair is needed\r\n"
    "CommandLine=ccmwrap.exe check -c ccmwrap.ini\r\n";

static config sample_config(void)
{
	config cfg;

	memset(&cfg, 0, sizeof cfg);
	cfg.file = "/srv/packages/ccmwrap/ccmwrap.ini";
	cfg.report.mif = "Status.MIF";
	cfg.report.publisher = "Caf\xC3\xA9";
	cfg.report.product = "Client Upgrade";
	cfg.report.version = "4.00.6487.2000";
	return cfg;
}

static char *format_ok(const config *cfg)
{
	char *text;
	error_message err;

	if (!pdf_format(cfg, &text, &err))
		fail_msg("%s", err.text);
	return text;
}

static void assert_refused(const config *cfg, const char *message)
{
	char *text = (char *)"unchanged";
	error_message err;

	assert_false(pdf_format(cfg, &text, &err));
	assert_null(text);
	assert_string_equal(err.text, message);
}

static void test_bytes_are_exact(void **state)
{
	config cfg = sample_config();
	char expected[4096];

	(void)state;
	snprintf(expected, sizeof expected, "%s%s%s%s%s%s", expected_pdf_start, program_keys,
	         expected_pdf_repair, program_keys, expected_pdf_check, program_keys);
	char *text = format_ok(&cfg);
	assert_string_equal(text, expected);
	free(text);
}

/* Without a MIF, ConfigMgr goes by the exit code: no MIF entries. */
static void test_no_mif_means_no_mif_match(void **state)
{
	config cfg = sample_config();

	(void)state;
	cfg.report.mif = "";
	char *text = format_ok(&cfg);
	assert_null(strstr(text, "MIF"));
	assert_non_null(strstr(text, "Publisher=Caf\xE9\r\nLanguage=English\r\n"));
	free(text);
}

static void test_ini_name_with_a_space_is_quoted(void **state)
{
	config cfg = sample_config();

	(void)state;
	cfg.file = "C:\\pkg\\site A.ini";
	char *text = format_ok(&cfg);
	assert_non_null(strstr(text, "\r\nCommandLine=ccmwrap.exe run -c \"site A.ini\"\r\n"));
	free(text);
}

/* The longest values the format holds pass; one more character is
 * refused, never cut. */
static void test_too_long_values_are_refused(void **state)
{
	char fifty[51], thirty_two[33];
	config cfg = sample_config();

	(void)state;
	memset(fifty, 'n', 50);
	fifty[50] = '\0';
	memset(thirty_two, 'v', 32);
	thirty_two[32] = '\0';
	cfg.report.product = fifty;
	cfg.report.version = thirty_two;
	cfg.report.publisher = thirty_two;
	free(format_ok(&cfg));

	cfg.report.product = "p23456789012345678901234567890123456789012345678901";
	assert_refused(&cfg, "[report] product: too long for the package definition file's Name: 51 "
	                     "characters, at most 50");
	cfg.report.product = "P";
	cfg.report.version = "v234567890123456789012345678901234";
	assert_refused(&cfg, "[report] version: too long for the package definition file's "
	                     "Version: 34 characters, at most 32");
	cfg.report.version = "1";
	cfg.report.publisher = "\xC3\xA9" "23456789012345678901234567890123";
	assert_refused(&cfg, "[report] publisher: too long for the package definition file's "
	                     "Publisher: 33 characters, at most 32");
}

static void test_mif_file_name_is_checked(void **state)
{
	char name[64];
	config cfg = sample_config();

	(void)state;
	memset(name, 'm', 51);
	strcpy(name + 51, ".mif");
	cfg.report.mif = name;
	assert_refused(&cfg, "[report] mif: too long for the package definition file's "
	                     "MIFFileName: 51 characters, at most 50");
	cfg.report.mif = "status.txt";
	assert_refused(&cfg, "[report] mif: 'status.txt' is not NAME.mif, the only file ConfigMgr "
	                     "looks for (MIFFileName=NAME)");
	cfg.report.mif = ".mif";
	assert_refused(&cfg, "[report] mif: '.mif' is not NAME.mif, the only file ConfigMgr "
	                     "looks for (MIFFileName=NAME)");
}

static void test_values_outside_windows_1252_are_refused(void **state)
{
	config cfg = sample_config();

	(void)state;
	cfg.report.publisher = "Contoso \xE2\x9C\x93";
	assert_refused(&cfg, "[report] publisher: U+2713 is not in Windows-1252 (ANSI), the "
	                     "package definition file's encoding");
	cfg.report.publisher = "Contoso";
	cfg.report.product = "Client \xFF";
	assert_refused(&cfg, "[report] product: U+FFFD is not in Windows-1252 (ANSI), the "
	                     "package definition file's encoding");
	cfg.report.product = "Client";
	cfg.file = "/srv/\xCE\xA9.ini";
	assert_refused(&cfg, "the INI's file name: U+03A9 is not in Windows-1252 (ANSI), the "
	                     "package definition file's encoding");
	cfg.file = "/srv/a\tb.ini";
	assert_refused(&cfg, "the INI's file name: holds a control character, which would break "
	                     "the package definition file's CommandLine line");
}

static void test_values_the_match_cannot_hold_are_refused(void **state)
{
	char long_name[128];
	config cfg = sample_config();

	(void)state;
	cfg.report.version = "4.0 \"beta\"";
	assert_refused(&cfg, "[report] version: holds a double quote, which the status MIF "
	                     "cannot hold, so MIFVersion would not match it");
	cfg.report.version = "4";
	cfg.report.product = "";
	assert_refused(&cfg, "[report] product: empty, and a package definition file requires "
	                     "a Name");
	cfg.report.product = "P";
	cfg.file = "/srv/a\"b.ini";
	assert_refused(&cfg, "the INI's file name: holds a double quote, which a Windows command "
	                     "line cannot pass");
	/* "ccmwrap.exe check -c " leaves 106 characters of the 127. */
	memset(long_name, 'i', 102);
	strcpy(long_name + 102, ".ini");
	cfg.file = long_name;
	free(format_ok(&cfg));
	memset(long_name, 'i', 103);
	strcpy(long_name + 103, ".ini");
	assert_refused(&cfg, "the INI's file name: too long for the package definition file's "
	                     "CommandLine: 128 characters, at most 127");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bytes_are_exact),
		cmocka_unit_test(test_no_mif_means_no_mif_match),
		cmocka_unit_test(test_ini_name_with_a_space_is_quoted),
		cmocka_unit_test(test_too_long_values_are_refused),
		cmocka_unit_test(test_mif_file_name_is_checked),
		cmocka_unit_test(test_values_outside_windows_1252_are_refused),
		cmocka_unit_test(test_values_the_match_cannot_hold_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
