/* Linux and other POSIX systems have no Windows registry: every command
 * that needs one works on a registry file instead. */
#include "checks/registry/registry.h"

bool registry_open_native(registry **out, error_message *err)
{
	*out = NULL;
	return error_set(err, "this system has no Windows registry; pass --registry FILE to work on "
	                      "a registry file (.reg)");
}
