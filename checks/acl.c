#include "checks/acl.h"

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
		if (sid_equal(token->items[i], entry->sid))
			return true;
	return false;
}

/* How to read the conditional ACEs, whose conditions only the machine can
 * evaluate (docs/DESIGN.md "Access semantics"). */
typedef enum acl_reading {
	READING_SURE,       /* as Windows does an unknown condition: allow nothing, deny */
	READING_GENEROUS,   /* every conditional allow grants, no conditional deny denies */
} acl_reading;

typedef enum ace_effect {
	EFFECT_NONE,
	EFFECT_ALLOW,
	EFFECT_DENY,
} ace_effect;

static ace_effect effect_of(const ace *entry, acl_reading reading)
{
	bool whole_object = entry->object_type[0] == '\0';

	switch (entry->type) {
	case ACE_ALLOW:
		return EFFECT_ALLOW;
	case ACE_DENY:
		return EFFECT_DENY;
	case ACE_ALLOW_OBJECT:
		return whole_object ? EFFECT_ALLOW : EFFECT_NONE;
	case ACE_DENY_OBJECT:
		return whole_object ? EFFECT_DENY : EFFECT_NONE;
	case ACE_ALLOW_CALLBACK:
	case ACE_ALLOW_CALLBACK_OBJECT:
		return reading == READING_GENEROUS && whole_object ? EFFECT_ALLOW : EFFECT_NONE;
	case ACE_DENY_CALLBACK:
		return reading == READING_GENEROUS ? EFFECT_NONE : EFFECT_DENY;
	default:
		return EFFECT_NONE;   /* audit, alarm, label, policy, attribute, trust, filter */
	}
}

bool acl_ace_denies(const ace *entry)
{
	return effect_of(entry, READING_SURE) == EFFECT_DENY;
}

static bool grants_everything(const security_descriptor *sd)
{
	return !sd->has_dacl || sd->dacl_null;
}

typedef struct decision {
	uint32_t granted;
	uint32_t decided;   /* granted or denied by an earlier ACE */
} decision;

/* Lets entry decide the bits no earlier ACE decided; returns those it
 * denies. */
static uint32_t apply_ace(decision *state, const ace *entry, const strlist *token,
                          acl_reading reading)
{
	ace_effect effect = effect_of(entry, reading);

	if (effect == EFFECT_NONE || !acl_ace_applies(entry, token))
		return 0;
	uint32_t bits = acl_map_generic(entry->mask) & ~state->decided;
	state->decided |= bits;
	if (effect == EFFECT_DENY)
		return bits;
	state->granted |= bits;
	return 0;
}

static uint32_t rights_read(const security_descriptor *sd, const strlist *token,
                            acl_reading reading)
{
	decision state = { 0, 0 };

	if (grants_everything(sd))
		return KEY_ALL_ACCESS_MASK;
	for (size_t i = 0; i < sd->ace_count; i++)
		apply_ace(&state, &sd->aces[i], token, reading);
	return state.granted;
}

uint32_t acl_effective_rights(const security_descriptor *sd, const strlist *token)
{
	return rights_read(sd, token, READING_SURE);
}

static void add_separator(strbuf *out, size_t start)
{
	if (out->length > start)
		strbuf_add_string(out, "; ");
}

void acl_explain_missing(const security_descriptor *sd, const strlist *token, uint32_t wanted,
                         strbuf *out)
{
	decision state = { 0, 0 };
	size_t start = out->length;

	if (grants_everything(sd))
		return;
	for (size_t i = 0; i < sd->ace_count; i++) {
		const ace *entry = &sd->aces[i];
		uint32_t denied = apply_ace(&state, entry, token, READING_SURE) & wanted;
		if (denied == 0)
			continue;
		add_separator(out, start);
		strbuf_add_string(out, "denied ");
		sddl_format_mask(denied, out);
		strbuf_printf(out, " by ACE %zu ", i + 1);
		sddl_format_ace(entry, out);
		if (entry->type == ACE_DENY_CALLBACK)
			strbuf_add_string(out, " if its condition holds, which only Windows can tell");
	}
	uint32_t undecided = wanted & ~state.decided;
	if (undecided != 0) {
		add_separator(out, start);
		strbuf_add_string(out, "nothing grants ");
		sddl_format_mask(undecided, out);
	}
}

#define EVERYONE "S-1-1-0"
#define AUTHENTICATED_USERS "S-1-5-11"

static void add_sid(strlist *sids, const char *sid)
{
	for (size_t i = 0; i < sids->count; i++)
		if (sid_equal(sids->items[i], sid))
			return;
	strlist_add(sids, sid);
}

static void add_named_sids(strlist *sids, const security_descriptor *sd)
{
	for (size_t i = 0; i < sd->ace_count; i++)
		add_sid(sids, sd->aces[i].sid);
}

/* What the principal sid gains from `from` to `to`, under both readings. */
static uint32_t rights_gained(const security_descriptor *from, const security_descriptor *to,
                              const char *sid)
{
	strlist token = STRLIST_INIT;

	add_sid(&token, sid);
	add_sid(&token, EVERYONE);
	add_sid(&token, AUTHENTICATED_USERS);
	uint32_t gained = 0;
	for (acl_reading reading = READING_SURE; reading <= READING_GENEROUS; reading++)
		gained |= rights_read(to, &token, reading) & ~rights_read(from, &token, reading);
	strlist_free(&token);
	return gained;
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
		if (except_sid != NULL && sid_equal(sid, except_sid))
			continue;
		*gained = rights_gained(from, to, sid);
		if (*gained != 0) {
			widens = true;
			snprintf(who, SID_TEXT_MAX, "%s", sid);
		}
	}
	strlist_free(&sids);
	return widens;
}
