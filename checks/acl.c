#include "acl.h"

#include <stdio.h>
#include <string.h>

uint32_t acl_map_generic(uint32_t mask)
{
	uint32_t mapped = mask & ~(GENERIC_ALL_MASK | GENERIC_READ_MASK | GENERIC_WRITE_MASK |
	                           GENERIC_EXECUTE_MASK);

	if (mask & GENERIC_ALL_MASK)
		mapped |= KEY_ALL_ACCESS_MASK;
	if (mask & GENERIC_READ_MASK)
		mapped |= KEY_READ_MASK;
	if (mask & GENERIC_WRITE_MASK)
		mapped |= KEY_WRITE_MASK;
	if (mask & GENERIC_EXECUTE_MASK)
		mapped |= KEY_EXECUTE_MASK;
	return mapped;
}

bool acl_ace_applies(const ace *entry, const strlist *token)
{
	if (entry->flags & ACE_FLAG_IO)
		return false;
	for (size_t i = 0; i < token->count; i++)
		if (text_equal_nocase(token->items[i], entry->sid))
			return true;
	return false;
}

static bool grants_everything(const security_descriptor *sd)
{
	return !sd->has_dacl || sd->dacl_null;
}

uint32_t acl_effective_rights(const security_descriptor *sd, const strlist *token)
{
	uint32_t granted = 0;
	uint32_t decided = 0;

	if (grants_everything(sd))
		return KEY_ALL_ACCESS_MASK;
	for (size_t i = 0; i < sd->ace_count; i++) {
		const ace *entry = &sd->aces[i];
		if (!acl_ace_applies(entry, token))
			continue;
		uint32_t bits = acl_map_generic(entry->mask) & ~decided;
		if (entry->type == ACE_ALLOW)
			granted |= bits;
		decided |= bits;
	}
	return granted;
}

void acl_explain_missing(const security_descriptor *sd, const strlist *token, uint32_t wanted,
                         strbuf *out)
{
	uint32_t decided = 0;
	size_t start = out->length;

	if (grants_everything(sd))
		return;
	for (size_t i = 0; i < sd->ace_count; i++) {
		const ace *entry = &sd->aces[i];
		if (!acl_ace_applies(entry, token))
			continue;
		uint32_t bits = acl_map_generic(entry->mask) & ~decided;
		decided |= bits;
		if (entry->type != ACE_DENY || (bits & wanted) == 0)
			continue;
		if (out->length > start)
			strbuf_add_string(out, "; ");
		strbuf_add_string(out, "denied ");
		sddl_format_mask(bits & wanted, out);
		strbuf_printf(out, " by ACE %zu ", i + 1);
		sddl_format_ace(entry, out);
	}
	uint32_t undecided = wanted & ~decided;
	if (undecided != 0) {
		if (out->length > start)
			strbuf_add_string(out, "; ");
		strbuf_add_string(out, "nothing grants ");
		sddl_format_mask(undecided, out);
	}
}

#define EVERYONE "S-1-1-0"
#define AUTHENTICATED_USERS "S-1-5-11"

static void add_sid(strlist *sids, const char *sid)
{
	for (size_t i = 0; i < sids->count; i++)
		if (text_equal_nocase(sids->items[i], sid))
			return;
	strlist_add(sids, sid);
}

static void add_named_sids(strlist *sids, const security_descriptor *sd)
{
	for (size_t i = 0; i < sd->ace_count; i++)
		add_sid(sids, sd->aces[i].sid);
}

static uint32_t rights_of(const security_descriptor *sd, const char *sid)
{
	strlist token = STRLIST_INIT;

	add_sid(&token, sid);
	add_sid(&token, EVERYONE);
	add_sid(&token, AUTHENTICATED_USERS);
	uint32_t rights = acl_effective_rights(sd, &token);
	strlist_free(&token);
	return rights;
}

bool acl_widens(const security_descriptor *from, const security_descriptor *to,
                const char *except_sid, char who[SID_TEXT_MAX], uint32_t *gained)
{
	strlist sids = STRLIST_INIT;
	bool widens = false;

	add_sid(&sids, EVERYONE);
	add_named_sids(&sids, from);
	add_named_sids(&sids, to);
	for (size_t i = 0; !widens && i < sids.count; i++) {
		const char *sid = sids.items[i];
		if (except_sid != NULL && text_equal_nocase(sid, except_sid))
			continue;
		*gained = rights_of(to, sid) & ~rights_of(from, sid);
		if (*gained != 0) {
			widens = true;
			snprintf(who, SID_TEXT_MAX, "%s", sid);
		}
	}
	strlist_free(&sids);
	return widens;
}
