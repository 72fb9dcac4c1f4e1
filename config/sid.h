/* Security identifiers as text: "S-1-5-18" or an SDDL alias ("SY"). The
 * alias table lives here, at the bottom layer, because the INI names
 * trustees and the SDDL code in checks/ formats them. */
#ifndef CCMWRAP_SID_H
#define CCMWRAP_SID_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* Accepts "S-1-..." (1 to 15 sub-authorities) or an alias (SY BA BU WD AU
 * CO CG NS LS AN PU, any case) and stores the "S-1-..." form in out. */
bool sid_parse(const char *text, char *out, size_t out_size, error_message *err);
/* The alias of a well-known SID ("SY" for S-1-5-18) or NULL. */
const char *sid_alias_of(const char *sid);
bool sid_is_valid(const char *text);

#define SID_TEXT_MAX 192

#endif
