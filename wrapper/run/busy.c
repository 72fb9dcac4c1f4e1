#include "wrapper/run/busy.h"

#include "config/base/filepath.h"

char *busy_lock_path(const char *ccmsetup_log)
{
	int folder_length = (int)(filepath_base_name(ccmsetup_log) - ccmsetup_log);
	strbuf path = STRBUF_INIT;

	strbuf_printf(&path, "%.*sccmsetup-busy", folder_length, ccmsetup_log);
	return strbuf_detach(&path);
}
