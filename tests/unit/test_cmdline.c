/* Command lines as ccmwrap shows them: quoted where a word has spaces,
 * secrets masked wherever they are. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "wrapper/run/cmdline.h"

static void test_words_with_spaces_are_quoted(void **state)
{
	strlist args = STRLIST_INIT;

	(void)state;
	strlist_add(&args, "/mp:SCCM01");
	strlist_add(&args, "SMSSITECODE=ABC");
	strlist_add(&args, "CCMLOGPATH=C:\\Program Files\\logs");
	char *line = cmdline_format("C:\\ccm setup\\ccmsetup.exe", &args);
	assert_string_equal(line, "\"C:\\ccm setup\\ccmsetup.exe\" /mp:SCCM01 SMSSITECODE=ABC "
	                          "\"CCMLOGPATH=C:\\Program Files\\logs\"");
	free(line);
	strlist_free(&args);
}

static void test_secrets_are_masked(void **state)
{
	strlist args = STRLIST_INIT;

	(void)state;
	strlist_add(&args, "/mp:SCCM01");
	strlist_add(&args, "/regtoken:eyJ0eXAiOiJKV1Qi");
	strlist_add(&args, "PROXYPASSWORD=s3cret");
	strlist_add(&args, "CCMHTTPSTOKEN=abc def");
	strlist_add(&args, "/source:http://tokens.example/client");
	char *line = cmdline_format("ccmsetup.exe", &args);
	assert_string_equal(line, "ccmsetup.exe /mp:SCCM01 /regtoken:" CMDLINE_MASK
	                          " PROXYPASSWORD=" CMDLINE_MASK " \"CCMHTTPSTOKEN=" CMDLINE_MASK "\""
	                          " /source:http://tokens.example/client");
	free(line);
	strlist_free(&args);
}

/* A command line as Windows or the service manager keeps it. */
static void test_secrets_in_a_whole_command_line_are_masked(void **state)
{
	(void)state;
	char *line = cmdline_mask("\"C:\\Windows\\ccmsetup\\ccmsetup.exe\" /service "
	                          "/RegToken:abc  \"ProxyPassword=a b\" SMSMP=mp1 "
	                          "AUTHTOKEN=\"x y\"");
	assert_string_equal(line, "\"C:\\Windows\\ccmsetup\\ccmsetup.exe\" /service "
	                          "/RegToken:" CMDLINE_MASK "  \"ProxyPassword=" CMDLINE_MASK "\" "
	                          "SMSMP=mp1 AUTHTOKEN=" CMDLINE_MASK);
	free(line);
}

static void expect_quoted(const char *word, const char *expected)
{
	strbuf line = STRBUF_INIT;

	cmdline_quote_word(&line, word);
	assert_string_equal(line.data, expected);
	strbuf_free(&line);
}

/* What CommandLineToArgvW reads back as the same word. */
static void test_words_are_quoted_for_the_argv_parser(void **state)
{
	(void)state;
	expect_quoted("service", "service");
	expect_quoted("C:\\Windows\\ccmwrap\\ccmwrap.exe", "C:\\Windows\\ccmwrap\\ccmwrap.exe");
	expect_quoted("", "\"\"");
	expect_quoted("C:\\Program Files\\x.ini", "\"C:\\Program Files\\x.ini\"");
	expect_quoted("C:\\a b\\", "\"C:\\a b\\\\\"");
	expect_quoted("say \"hi\"", "\"say \\\"hi\\\"\"");
	expect_quoted("a\\\"b", "\"a\\\\\\\"b\"");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_with_spaces_are_quoted),
		cmocka_unit_test(test_words_are_quoted_for_the_argv_parser),
		cmocka_unit_test(test_secrets_are_masked),
		cmocka_unit_test(test_secrets_in_a_whole_command_line_are_masked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
