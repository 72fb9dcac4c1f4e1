#include "wrapper/report/hostname.h"

#include <uv.h>
#include <windows.h>

#include "config/base/text.h"
#include "config/base/wide.h"

char *hostname_of_this_machine(void)
{
	char host[UV_MAXHOSTNAMESIZE];
	size_t size = sizeof host;
	wchar_t name[UV_MAXHOSTNAMESIZE];
	DWORD units = UV_MAXHOSTNAMESIZE;

	if (uv_os_gethostname(host, &size) == 0)
		return xstrdup(host);
	if (GetComputerNameExW(ComputerNameDnsHostname, name, &units))
		return wide_to_utf8(name, (int)units);
	return xstrdup("");
}
