#include "config/base/sid.h"

/* Without Windows there is no domain to ask: a relative alias stays an
 * alias, compared as text (docs/DESIGN.md "Access semantics"). */
bool sid_resolve_relative(const char *alias, char out[SID_TEXT_MAX])
{
	(void)alias;
	(void)out;
	return false;
}
