/* The host name a result file carries is Windows' own DNS host name, the
 * one GetComputerNameExW gives where libuv's GetHostNameW is missing
 * (Windows 7). Wine has GetHostNameW, so both paths must agree here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>
#include <windows.h>

#include "wrapper/report/hostname.h"
#include "config/base/text.h"
#include "config/base/wide.h"

static void test_the_name_is_the_computers_dns_host_name(void **state)
{
	wchar_t name[256];
	DWORD units = 256;

	(void)state;
	assert_true(GetComputerNameExW(ComputerNameDnsHostname, name, &units));
	char *expected = wide_to_utf8(name, (int)units);
	char *host = hostname_of_this_machine();
	assert_true(host[0] != '\0');
	assert_true(text_equal_nocase(host, expected));
	free(host);
	free(expected);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_name_is_the_computers_dns_host_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
