#include "checks/acl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/base/hashindex.h"
#include "config/base/sid.h"

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

/* acl_widens asks, for each SID two descriptors name, what it holds with
 * Everyone and Authenticated Users under each. Running the access check
 * above for each SID would take SIDs x ACEs steps, and a descriptor line
 * of a megabyte names tens of thousands; instead one pass over a DACL
 * notes, for each SID and each right, the first of that SID's ACEs that
 * decides it, and the same for the two groups: the first of the two
 * decides the right for that SID, as in the access check. */
#define RIGHT_BITS 32
#define NO_ACE SIZE_MAX

typedef struct deciders {
	size_t first[RIGHT_BITS];   /* the ACE that decides each right first, or NO_ACE */
	uint32_t allows;            /* the rights those ACEs grant */
} deciders;

/* The principals two descriptors name, each once as first written. */
typedef struct sid_table {
	strlist sids;
	hashindex index;
} sid_table;

typedef struct sought_sid {
	const sid_table *table;
	const char *sid;
} sought_sid;

static bool is_sid(size_t place, const void *context)
{
	const sought_sid *sought = context;

	return sid_equal(sought->table->sids.items[place], sought->sid);
}

static size_t sid_table_find(const sid_table *table, const char *sid)
{
	sought_sid sought = { table, sid };

	return hashindex_find(&table->index, hashindex_hash_nocase(sid_canonical(sid), 0), is_sid,
	                      &sought);
}

static void sid_table_add(sid_table *table, const char *sid)
{
	if (sid_table_find(table, sid) != HASHINDEX_NONE)
		return;
	hashindex_add(&table->index, hashindex_hash_nocase(sid_canonical(sid), 0), table->sids.count);
	strlist_add(&table->sids, sid);
}

static void deciders_init(deciders *of)
{
	for (unsigned b = 0; b < RIGHT_BITS; b++)
		of->first[b] = NO_ACE;
	of->allows = 0;
}

static void note_decider(deciders *of, size_t index, const ace *entry, acl_reading reading)
{
	ace_effect effect = effect_of(entry, reading);
	uint32_t bits = acl_map_generic(entry->mask);

	for (unsigned b = 0; b < RIGHT_BITS; b++) {
		if (!(bits >> b & 1u) || of->first[b] != NO_ACE)
			continue;
		of->first[b] = index;
		if (effect == EFFECT_ALLOW)
			of->allows |= 1u << b;
	}
}

/* The rights decided by the first of own's and the groups' deciders. */
static uint32_t rights_decided(const deciders *own, const deciders *groups)
{
	uint32_t granted = 0;

	for (unsigned b = 0; b < RIGHT_BITS; b++) {
		const deciders *first = own != NULL && own->first[b] < groups->first[b] ? own : groups;
		granted |= first->allows & (1u << b);
	}
	return granted;
}

/* Each SID of table's rights in sd under reading, with the two groups. */
static void rights_of_each(const security_descriptor *sd, acl_reading reading,
                           const sid_table *table, uint32_t *rights)
{
	size_t count = table->sids.count;

	if (grants_everything(sd)) {
		for (size_t i = 0; i < count; i++)
			rights[i] = KEY_ALL_ACCESS_MASK;
		return;
	}
	/* Everyone is the table's first SID; Authenticated Users may be in it. */
	size_t users = sid_table_find(table, AUTHENTICATED_USERS);
	deciders *own = xmalloc(count * sizeof *own);
	deciders groups;
	deciders_init(&groups);
	for (size_t i = 0; i < count; i++)
		deciders_init(&own[i]);
	for (size_t i = 0; i < sd->ace_count; i++) {
		const ace *entry = &sd->aces[i];
		if ((entry->flags & ACE_FLAG_IO) || effect_of(entry, reading) == EFFECT_NONE)
			continue;
		size_t place = sid_table_find(table, entry->sid);
		note_decider(place == 0 || place == users ? &groups : &own[place], i, entry, reading);
	}
	for (size_t i = 0; i < count; i++)
		rights[i] = rights_decided(i == 0 || i == users ? NULL : &own[i], &groups);
	free(own);
}

bool acl_widens(const security_descriptor *from, const security_descriptor *to,
                const char *except_sid, char who[SID_TEXT_MAX], uint32_t *gained)
{
	sid_table table = { STRLIST_INIT, { 0 } };
	const security_descriptor *both[] = { from, to };

	sid_table_add(&table, EVERYONE);
	for (size_t d = 0; d < 2; d++)
		for (size_t i = 0; i < both[d]->ace_count; i++)
			sid_table_add(&table, both[d]->aces[i].sid);
	size_t count = table.sids.count;
	uint32_t *rights = xmalloc(4 * count * sizeof *rights);   /* from, to x sure, generous */
	for (size_t d = 0; d < 2; d++)
		for (acl_reading reading = READING_SURE; reading <= READING_GENEROUS; reading++)
			rights_of_each(both[d], reading, &table, rights + (2 * d + reading) * count);
	bool widens = false;
	for (size_t i = 0; !widens && i < count; i++) {
		const char *sid = table.sids.items[i];
		if (except_sid != NULL && sid_equal(sid, except_sid))
			continue;
		*gained = (rights[2 * count + i] & ~rights[i]) |
		          (rights[3 * count + i] & ~rights[count + i]);
		if (*gained != 0) {
			widens = true;
			snprintf(who, SID_TEXT_MAX, "%s", sid);
		}
	}
	free(rights);
	strlist_free(&table.sids);
	hashindex_free(&table.index);
	return widens;
}
