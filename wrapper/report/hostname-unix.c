/* Linux simulates a Windows client, whose name is %COMPUTERNAME%: set, it
 * is the machine's name here too (push's simulated hosts each have their
 * own); else the DNS host name. */
#include "wrapper/report/hostname.h"

#include <uv.h>

#include "config/base/text.h"

char *hostname_of_this_machine(void)
{
	char host[UV_MAXHOSTNAMESIZE];
	size_t size = sizeof host;

	if (uv_os_getenv("COMPUTERNAME", host, &size) == 0 && host[0] != '\0')
		return xstrdup(host);
	size = sizeof host;
	return xstrdup(uv_os_gethostname(host, &size) == 0 ? host : "");
}
