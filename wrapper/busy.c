#include "busy.h"

#include <string.h>

char *busy_lock_path(const char *ccmsetup_log)
{
	const char *slash = strrchr(ccmsetup_log, '/');
	const char *backslash = strrchr(ccmsetup_log, '\\');
	const char *separator = backslash > slash ? backslash : slash;
	strbuf path = STRBUF_INIT;

	if (separator == NULL)
		strbuf_add_string(&path, "ccmsetup-busy");
	else
		strbuf_printf(&path, "%.*s%cccmsetup-busy", (int)(separator - ccmsetup_log),
		              ccmsetup_log, *separator);
	return strbuf_detach(&path);
}
