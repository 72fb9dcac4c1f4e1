#include "wrapper/report/hostname.h"

#include <uv.h>

#include "config/base/text.h"

char *hostname_of_this_machine(void)
{
	char host[UV_MAXHOSTNAMESIZE];
	size_t size = sizeof host;

	return xstrdup(uv_os_gethostname(host, &size) == 0 ? host : "");
}
