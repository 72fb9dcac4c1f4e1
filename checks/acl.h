/* Effective access of a token to an object, as Windows' access check
 * decides it (docs/DESIGN.md "Access semantics"), and why. Of the DACL's
 * ACEs only these take part, as AccessCheck without an object type list
 * (how a registry key is opened) treats them:
 *   - A and D;
 *   - OA and OD without an object GUID, as A and D; with one, none: it
 *     applies to that object type, and a key is checked with none;
 *   - XD (callback or conditional deny): counted as denying, since
 *     whether its condition holds on the machine cannot be known here and
 *     Windows denies when a condition cannot be evaluated;
 *   - XA and ZA (callback or conditional allow): never counted as
 *     granting, for the same reason.
 * Audit, alarm, label, scoped-policy, resource-attribute, trust-label and
 * filter ACEs in a DACL neither grant nor deny. So the rights reported are
 * rights the token surely holds. */
#ifndef CCMWRAP_ACL_H
#define CCMWRAP_ACL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/base/text.h"
#include "checks/sddltext.h"

/* GA GR GW GX replaced by the key rights they stand for (KEY_ALL_ACCESS,
 * KEY_READ, KEY_WRITE, KEY_EXECUTE), other bits kept. */
uint32_t acl_map_generic(uint32_t mask);

/* True when the ACE counts for a token holding these SIDs: its SID is in
 * token (config/base/sid.h's sid_equal) and it is not inherit-only. */
bool acl_ace_applies(const ace *entry, const strlist *token);

/* True when the ACE denies in the access check as above (D, OD without
 * an object GUID, XD), whoever it names. */
bool acl_ace_denies(const ace *entry);

/* The rights the token (a list of SIDs: the trustee and its groups)
 * surely holds: the ACEs above in order, inherit-only ones skipped, a bit
 * decided by the first ACE that grants or denies it. No DACL or a NULL
 * DACL grants everything, an empty DACL nothing. */
uint32_t acl_effective_rights(const security_descriptor *sd, const strlist *token);

/* Why the token lacks some of `wanted`: for each deny ACE that decides one
 * of the wanted bits first, "denied R by ACE N (D;...)" (with "if its
 * condition holds" for XD), and for bits no ACE decides, "nothing grants
 * R"; joined by "; ". Adds nothing when the token holds all of wanted. */
void acl_explain_missing(const security_descriptor *sd, const strlist *token, uint32_t wanted,
                         strbuf *out);

/* Whether `to` gives a principal other than except_sid rights `from` does
 * not give it: each SID the two name, and Everyone, with Everyone and
 * Authenticated Users as its groups (the groups every account has). Both
 * readings of the conditional ACEs count: their conditions false (the
 * rights above) and true (XA and ZA grant, XD denies nothing), so that a
 * conditional grant gained or a conditional deny lost is seen. The first
 * such SID goes to who, its rights gained to *gained. Used so that a
 * repair widens nobody's access but the trustee's, and a rollback does no
 * more than undo a repair. */
bool acl_widens(const security_descriptor *from, const security_descriptor *to,
                const char *except_sid, char who[SID_TEXT_MAX], uint32_t *gained);

#endif
