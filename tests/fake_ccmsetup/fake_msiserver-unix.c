#include "tests/fake_ccmsetup/fake_msiserver.h"

#include <stdio.h>
#include <stdlib.h>

static bool windows_only(void)
{
	fprintf(stderr, "fake_ccmsetup: Windows Installer's roles exist on Windows only\n");
	return false;
}

bool fake_msiserver_install(void)
{
	return windows_only();
}

int fake_msiserver_run(void)
{
	return windows_only() ? 0 : EXIT_FAILURE;
}

int fake_custom_action_server(void)
{
	return windows_only() ? 0 : EXIT_FAILURE;
}

bool fake_msiserver_custom_action(unsigned limit_ms)
{
	(void)limit_ms;
	return windows_only();
}

bool fake_msiserver_busy_while_alive(void)
{
	return windows_only();
}
