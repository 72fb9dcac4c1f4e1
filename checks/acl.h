/* Effective access of a token to an object, as Windows' access check
 * decides it (docs/DESIGN.md "Access semantics"), and why. */
#ifndef CCMWRAP_ACL_H
#define CCMWRAP_ACL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../config/text.h"
#include "sddltext.h"

/* GA GR GW GX replaced by the key rights they stand for (KEY_ALL_ACCESS,
 * KEY_READ, KEY_WRITE, KEY_EXECUTE), other bits kept. */
uint32_t acl_map_generic(uint32_t mask);

/* True when the ACE counts for a token holding these SIDs: its SID is in
 * token and it is not inherit-only. */
bool acl_ace_applies(const ace *entry, const strlist *token);

/* The rights the token (a list of S-1-... SIDs: the trustee and its
 * groups) holds: ACEs in order, inherit-only ones skipped, a bit decided by
 * the first ACE that names it. No DACL or a NULL DACL grants everything, an
 * empty DACL nothing. */
uint32_t acl_effective_rights(const security_descriptor *sd, const strlist *token);

/* Why the token lacks some of `wanted`: for each deny ACE that decides one
 * of the wanted bits first, "denied R by ACE N (D;...)", and for bits no ACE
 * decides, "nothing grants R"; joined by "; ". Adds nothing when the token
 * holds all of wanted. */
void acl_explain_missing(const security_descriptor *sd, const strlist *token, uint32_t wanted,
                         strbuf *out);

/* Whether `to` gives a principal other than except_sid rights `from` does
 * not give it: each SID the two name, and Everyone, with Everyone and
 * Authenticated Users as its groups (the groups every account has). The
 * first such SID goes to who, its rights gained to *gained. Used so that a
 * repair widens nobody's access but the trustee's, and a rollback does no
 * more than undo a repair. */
bool acl_widens(const security_descriptor *from, const security_descriptor *to,
                const char *except_sid, char who[SID_TEXT_MAX], uint32_t *gained);

#endif
