/* The host list of `ccmwrap push`: what a name may hold (it becomes a path
 * component), each host once, and a hosts file's lines with their errors
 * naming FILE:LINE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wrapper/push/pushhosts.h"
#include "wrapper/report/hostname.h"
#include "tests/support/testsupport.h"

#define EXPECTED "; expected 1 to 253 letters, digits, '-', '.' and '_'"

static void assert_refused(const char *name, bool simulated, const char *message)
{
	error_message err;

	assert_false(pushhosts_check(name, simulated, &err));
	assert_string_equal(err.text, message);
}

static void test_names_a_computer_may_have_pass(void **state)
{
	error_message err;
	char longest[PUSHHOSTS_NAME_MAX + 1];

	(void)state;
	memset(longest, 'a', PUSHHOSTS_NAME_MAX);
	longest[PUSHHOSTS_NAME_MAX] = '\0';
	assert_true(pushhosts_check("PC-0042", true, &err));
	assert_true(pushhosts_check("pc_7.corp.example.com", true, &err));
	assert_true(pushhosts_check(longest, true, &err));
	assert_true(pushhosts_check(".", false, &err));
	assert_true(pushhosts_check("...", true, &err));
}

static void test_a_name_that_would_be_a_path_is_refused(void **state)
{
	(void)state;
	assert_refused("../evil", true, "'../evil' is not a host name" EXPECTED);
	assert_refused("a/b", false, "'a/b' is not a host name" EXPECTED);
	assert_refused("a\\b", true, "'a\\b' is not a host name" EXPECTED);
	assert_refused("..", false, "'..' is not a host name" EXPECTED);
	assert_refused("C:", true, "'C:' is not a host name" EXPECTED);
	assert_refused("pc 1", true, "'pc 1' is not a host name" EXPECTED);
	assert_refused("pc\x1b[2J", true, "'pc\\x1b[2J' is not a host name" EXPECTED);
	assert_refused("", true, "an empty host name" EXPECTED);
	assert_refused(".", true, "'.' (this machine) cannot be a host under --hosts-root; "
	                          "expected the name of a host's folder there");
}

static void test_a_name_too_long_is_refused(void **state)
{
	char name[PUSHHOSTS_NAME_MAX + 2];
	error_message err;

	(void)state;
	memset(name, 'x', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	assert_false(pushhosts_check(name, true, &err));
	assert_non_null(strstr(err.text, "is not a host name (too long)" EXPECTED));
}

static void test_each_host_is_kept_once_whatever_its_case(void **state)
{
	pushhosts hosts = PUSHHOSTS_INIT;
	error_message err;

	(void)state;
	assert_true(pushhosts_add(&hosts, "pc1", true, &err));
	assert_true(pushhosts_add(&hosts, "PC2", true, &err));
	assert_true(pushhosts_add(&hosts, "Pc1", true, &err));
	assert_true(pushhosts_add(&hosts, "pc2", true, &err));
	assert_false(pushhosts_add(&hosts, "a/b", true, &err));
	assert_int_equal(hosts.names.count, 2);
	assert_string_equal(hosts.names.items[0], "pc1");
	assert_string_equal(hosts.names.items[1], "PC2");
	pushhosts_free(&hosts);
}

/* "." is this machine, by its name: one host with that name given too. */
static void test_this_machine_goes_by_its_name(void **state)
{
	pushhosts hosts = PUSHHOSTS_INIT;
	error_message err;
	char *own = hostname_of_this_machine();

	(void)state;
	assert_true(own[0] != '\0');
	assert_true(pushhosts_add(&hosts, ".", false, &err));
	assert_true(pushhosts_add(&hosts, own, false, &err));
	assert_int_equal(hosts.names.count, 1);
	assert_string_equal(hosts.names.items[0], own);
	pushhosts_free(&hosts);
	free(own);
}

static void test_a_hosts_file_skips_comments_and_blank_lines(void **state)
{
	test_temp_file *file = test_temp_file_new("hosts.txt");
	pushhosts hosts = PUSHHOSTS_INIT;
	error_message err;

	(void)state;
	test_write_text(file->path, "\xEF\xBB\xBF# the fleet\r\n  pc1  \r\n\r\n; old\r\n\tpc2\npc1\n"
	                            "   \npc3");
	assert_true(pushhosts_add(&hosts, "pc0", true, &err));
	assert_true(pushhosts_read_file(&hosts, file->path, true, &err));
	assert_int_equal(hosts.names.count, 4);
	assert_string_equal(hosts.names.items[0], "pc0");
	assert_string_equal(hosts.names.items[1], "pc1");
	assert_string_equal(hosts.names.items[2], "pc2");
	assert_string_equal(hosts.names.items[3], "pc3");
	pushhosts_free(&hosts);
	test_temp_file_free(file);
}

static void test_a_bad_line_is_named_by_file_and_line(void **state)
{
	test_temp_file *file = test_temp_file_new("hosts.txt");
	pushhosts hosts = PUSHHOSTS_INIT;
	error_message err;
	char expected[4096];

	(void)state;
	test_write_text(file->path, "pc1\n# fine\n../evil\npc2\n");
	assert_false(pushhosts_read_file(&hosts, file->path, true, &err));
	snprintf(expected, sizeof expected, "%s:3: '../evil' is not a host name" EXPECTED,
	         file->path);
	assert_string_equal(err.text, expected);
	pushhosts_free(&hosts);

	test_write_file(file->path, "pc1\npc\0" "2\n", 9);
	assert_false(pushhosts_read_file(&hosts, file->path, true, &err));
	snprintf(expected, sizeof expected,
	         "%s:2: a NUL byte; expected a text file, one host a line", file->path);
	assert_string_equal(err.text, expected);
	pushhosts_free(&hosts);
	test_temp_file_free(file);
}

static void test_a_missing_hosts_file_is_named(void **state)
{
	test_temp_file *file = test_temp_file_new("hosts.txt");
	pushhosts hosts = PUSHHOSTS_INIT;
	error_message err;

	(void)state;
	assert_false(pushhosts_read_file(&hosts, file->path, true, &err));
	assert_memory_equal(err.text, file->path, strlen(file->path));
	assert_string_equal(err.text + strlen(file->path), ": cannot open: no such file or directory");
	pushhosts_free(&hosts);
	test_temp_file_free(file);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_a_computer_may_have_pass),
		cmocka_unit_test(test_a_name_that_would_be_a_path_is_refused),
		cmocka_unit_test(test_a_name_too_long_is_refused),
		cmocka_unit_test(test_each_host_is_kept_once_whatever_its_case),
		cmocka_unit_test(test_this_machine_goes_by_its_name),
		cmocka_unit_test(test_a_hosts_file_skips_comments_and_blank_lines),
		cmocka_unit_test(test_a_bad_line_is_named_by_file_and_line),
		cmocka_unit_test(test_a_missing_hosts_file_is_named),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
