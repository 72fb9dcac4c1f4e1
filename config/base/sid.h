/* Security identifiers as text: "S-1-5-18" or an SDDL alias ("SY"). The
 * alias table lives here, at the bottom layer, because the INI names
 * trustees and the SDDL code in checks/ formats them. It is the whole
 * table of Microsoft's "SID Strings" page and <sddl.h>
 * (docs/DESIGN.md "Access semantics", SIDs):
 *   - aliases of fixed SIDs that every Windows ccmwrap runs on (7 SP1 and
 *     later) reads and writes (SY BA IU ...) stand for their S-1 form;
 *   - aliases of fixed SIDs that Windows 7 neither reads nor writes (AC AA
 *     UD ...) stay aliases as written, so that a descriptor Windows 7
 *     wrote with the S-1 form and one Windows 10 wrote with the alias both
 *     come back exactly as they were;
 *   - domain- and machine-relative aliases (DA DU LA ...) stay aliases:
 *     their SID depends on the domain, which only Windows can tell. */
#ifndef CCMWRAP_SID_H
#define CCMWRAP_SID_H

#include <stdbool.h>
#include <stddef.h>

#include "config/base/error.h"

#define SID_TEXT_MAX 192

/* Accepts "S-1-..." (1 to 15 sub-authorities) or an alias (any case) and
 * stores in out the S-1 form, or the alias in upper case as said above. */
bool sid_parse(const char *text, char *out, size_t out_size, error_message *err);
/* The alias Windows writes for sid (S-1 form: "SY" for S-1-5-18), or NULL
 * when every Windows ccmwrap runs on writes the S-1 form. */
const char *sid_alias_of(const char *sid);
bool sid_is_valid(const char *text);
/* Whether two SIDs as sid_parse stores them name the same principal: the
 * same text, or an alias and the SID it stands for. A relative alias
 * equals an S-1 form only where sid_resolve_relative knows its SID. */
bool sid_equal(const char *a, const char *b);
/* The S-1 form of a SID or alias, or the alias itself where it has none:
 * two SIDs sid_equal finds equal have the same, but for case. */
const char *sid_canonical(const char *text);

/* Platform part (sid-unix.c, sid-win.c): the SID a domain- or
 * machine-relative alias stands for on this machine. False where it
 * cannot be known: without Windows, or when Windows cannot tell it. */
bool sid_resolve_relative(const char *alias, char out[SID_TEXT_MAX]);

#endif
