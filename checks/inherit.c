#include "checks/inherit.h"

#include <stdlib.h>
#include <string.h>

#include "config/base/regpath.h"
#include "checks/acl.h"

#define CREATOR_OWNER_SID "S-1-3-0"
#define CREATOR_GROUP_SID "S-1-3-1"

static bool is_creator_sid(const char *sid)
{
	return text_equal_nocase(sid, CREATOR_OWNER_SID) || text_equal_nocase(sid, CREATOR_GROUP_SID);
}

static bool needs_mapping(const ace *entry)
{
	return acl_map_generic(entry->mask) != entry->mask || is_creator_sid(entry->sid);
}

/* The flags an inherited copy keeps whatever its inheritance: an audit
 * ACE's success and failure flags. */
static uint8_t kept_flags(const ace *entry)
{
	return entry->flags & (ACE_FLAG_SA | ACE_FLAG_FA);
}

/* The parent ACE as it takes effect on the child itself. */
static ace effective_copy(const ace *entry, const security_descriptor *child)
{
	ace copy = *entry;

	copy.flags = ACE_FLAG_ID | kept_flags(entry);
	copy.mask = acl_map_generic(entry->mask);
	if (text_equal_nocase(entry->sid, CREATOR_OWNER_SID) && child->owner[0] != '\0')
		memcpy(copy.sid, child->owner, sizeof copy.sid);
	else if (text_equal_nocase(entry->sid, CREATOR_GROUP_SID) && child->group[0] != '\0')
		memcpy(copy.sid, child->group, sizeof copy.sid);
	return copy;
}

static void inherit_container_ace(const ace *entry, security_descriptor *child)
{
	uint8_t inheritance = entry->flags & (ACE_FLAG_OI | ACE_FLAG_CI);
	ace copy = *entry;

	if (entry->flags & ACE_FLAG_NP) {
		copy = effective_copy(entry, child);
		security_descriptor_add_ace(child, &copy);
	} else if (needs_mapping(entry)) {
		copy = effective_copy(entry, child);
		security_descriptor_add_ace(child, &copy);
		copy = *entry;
		copy.flags = inheritance | ACE_FLAG_IO | ACE_FLAG_ID | kept_flags(entry);
		security_descriptor_add_ace(child, &copy);
	} else {
		copy.flags = inheritance | ACE_FLAG_ID | kept_flags(entry);
		security_descriptor_add_ace(child, &copy);
	}
}

void inherit_append_inherited(const security_descriptor *parent, security_descriptor *child)
{
	if (!parent->has_dacl || parent->dacl_null)
		return;
	for (size_t i = 0; i < parent->ace_count; i++) {
		const ace *entry = &parent->aces[i];
		if (entry->flags & ACE_FLAG_CI) {
			inherit_container_ace(entry, child);
		} else if ((entry->flags & ACE_FLAG_OI) && !(entry->flags & ACE_FLAG_NP)) {
			ace copy = *entry;
			copy.flags = ACE_FLAG_OI | ACE_FLAG_IO | ACE_FLAG_ID | kept_flags(entry);
			security_descriptor_add_ace(child, &copy);
		}
	}
}

void inherit_derive(const security_descriptor *parent_effective,
                    const security_descriptor *child_stored, security_descriptor *out)
{
	if (child_stored != NULL && (child_stored->dacl_flags & DACL_FLAG_PROTECTED)) {
		security_descriptor_copy(out, child_stored);
		return;
	}
	memset(out, 0, sizeof *out);
	const security_descriptor *owner_from =
	    child_stored != NULL && child_stored->owner[0] != '\0' ? child_stored : parent_effective;
	const security_descriptor *group_from =
	    child_stored != NULL && child_stored->group[0] != '\0' ? child_stored : parent_effective;
	memcpy(out->owner, owner_from->owner, sizeof out->owner);
	memcpy(out->group, group_from->group, sizeof out->group);
	/* A SACL stored is kept as it is: auditing is not ccmwrap's to change. */
	if (child_stored != NULL && child_stored->sacl != NULL)
		out->sacl = xstrdup(child_stored->sacl);
	bool parent_grants_all = !parent_effective->has_dacl || parent_effective->dacl_null;
	if (child_stored == NULL && parent_grants_all)
		return;
	out->has_dacl = true;
	out->dacl_flags = child_stored != NULL ? child_stored->dacl_flags : DACL_FLAG_AUTO_INHERITED;
	if (child_stored != NULL) {
		out->dacl_null = child_stored->dacl_null;
		for (size_t i = 0; i < child_stored->ace_count; i++)
			if (!(child_stored->aces[i].flags & ACE_FLAG_ID))
				security_descriptor_add_ace(out, &child_stored->aces[i]);
	}
	if (!out->dacl_null)
		inherit_append_inherited(parent_effective, out);
}

void inherit_source_init(inherit_source *source, registry *reg)
{
	memset(source, 0, sizeof *source);
	source->reg = reg;
}

static void memo_forget(inherit_memo *memo)
{
	free(memo->key);
	security_descriptor_free(&memo->effective);
	memset(memo, 0, sizeof *memo);
}

static void set_last_key(inherit_source *source, const char *key)
{
	free(source->last_key);
	source->last_key = key != NULL ? xstrdup(key) : NULL;
}

static void forget_memos(inherit_source *source)
{
	memo_forget(&source->parent);
	set_last_key(source, NULL);
}

/* Whether the memo holds key's descriptor in force, stepping it down to
 * the last key when that is key (a child of key's is being asked about):
 * the last key stores none, so its descriptor derives from the memo's. */
static bool memo_holds(inherit_source *source, const char *key)
{
	if (source->parent.key != NULL && strcmp(source->parent.key, key) == 0)
		return true;
	if (source->last_key == NULL || strcmp(source->last_key, key) != 0)
		return false;
	inherit_memo below = { .key = source->last_key, .known = source->parent.known };
	inherit_derive(&source->parent.effective, NULL, &below.effective);
	source->last_key = NULL;
	memo_forget(&source->parent);
	source->parent = below;
	return true;
}

void inherit_source_free(inherit_source *source)
{
	forget_memos(source);
	strlist_free(&source->warnings);
	hashindex_free(&source->warning_index);
	strlist_free(&source->pending_keys);
	strlist_free(&source->pending_sddl);
	hashindex_free(&source->pending_index);
}

void inherit_source_set(inherit_source *source, const char *key, const char *sddl)
{
	bool added;
	size_t place =
	    hashindex_strlist_add(&source->pending_index, &source->pending_keys, key, &added);

	forget_memos(source);
	if (added) {
		strlist_add(&source->pending_sddl, sddl);
		return;
	}
	free(source->pending_sddl.items[place]);
	source->pending_sddl.items[place] = xstrdup(sddl);
}

bool inherit_source_stored(inherit_source *source, const char *key, char **sddl,
                           error_message *err)
{
	size_t place = hashindex_strlist_find(&source->pending_index, &source->pending_keys, key);

	*sddl = NULL;
	if (place != HASHINDEX_NONE) {
		*sddl = xstrdup(source->pending_sddl.items[place]);
		return true;
	}
	if (!registry_key_exists(source->reg, key))
		return true;
	/* One that vanished since stores nothing either (docs/DESIGN.md "Fix"). */
	return registry_get_security(source->reg, key, sddl, err) ||
	       registry_vanished(source->reg, key, NULL);
}

/* The stored descriptor of key parsed, *found false when it stores none. */
static bool stored_descriptor(inherit_source *source, const char *key, security_descriptor *out,
                              bool *found, error_message *err)
{
	char *text = NULL;

	*found = false;
	if (!inherit_source_stored(source, key, &text, err))
		return false;
	if (text == NULL)
		return true;
	bool ok = sddl_parse(text, out, err);
	free(text);
	*found = ok;
	return ok;
}

/* An ancestor's descriptor that cannot be read or parsed, noted once
 * (through an index: a file may have thousands of such ancestors). */
static void warn_unreadable_ancestor(inherit_source *source, const char *ancestor,
                                     const error_message *why)
{
	strbuf text = STRBUF_INIT;

	strbuf_printf(&text, "%s: its descriptor cannot be read (%s): the keys "
	              "below it that store none are unknown", ancestor, why->text);
	hashindex_strlist_add(&source->warning_index, &source->warnings, text.data, NULL);
	strbuf_free(&text);
}

/* effective: the descriptor in force on key's parent (a root has none). */
static void remember_parent_of(inherit_source *source, const char *key,
                               const security_descriptor *effective, bool known)
{
	memo_forget(&source->parent);
	source->parent.key = regpath_parent(key);
	if (source->parent.key == NULL)
		return;
	security_descriptor_copy(&source->parent.effective, effective);
	source->parent.known = known;
}

/* out, the descriptor in force on the last key of chain's parent, becomes
 * the one in force on its first key: each key of chain stores none. */
static void derive_down(inherit_source *source, const strlist *chain, security_descriptor *out,
                        bool found)
{
	for (size_t i = chain->count; i-- > 0;) {
		security_descriptor child;
		if (i == 0)
			remember_parent_of(source, chain->items[0], out, found);
		inherit_derive(out, NULL, &child);
		security_descriptor_free(out);
		*out = child;
	}
}

/* For key, storing none, under the memo's key. */
static void derive_from_memo(inherit_source *source, const char *key, security_descriptor *out,
                             bool *known)
{
	inherit_derive(&source->parent.effective, NULL, out);
	set_last_key(source, key);
	if (known != NULL)
		*known = source->parent.known;
}

bool inherit_effective(inherit_source *source, const char *key, security_descriptor *out,
                       bool *known, error_message *err)
{
	strlist chain = STRLIST_INIT;   /* key and its ancestors storing nothing, nearest last */
	bool found = false;
	char *current = xstrdup(key);
	error_message why;

	memset(out, 0, sizeof *out);
	while (current != NULL) {
		bool is_key = chain.count == 0;
		if (chain.count == 1 && memo_holds(source, current)) {
			free(current);
			strlist_free(&chain);
			derive_from_memo(source, key, out, known);
			return true;
		}
		if (!stored_descriptor(source, current, out, &found, &why)) {
			if (is_key) {
				error_set(err, "key %s: %s", current, why.text);
				free(current);
				strlist_free(&chain);
				return false;
			}
			warn_unreadable_ancestor(source, current, &why);
			free(current);
			current = NULL;
			break;
		}
		if (found)
			break;
		strlist_add_owned(&chain, current);
		current = regpath_parent(chain.items[chain.count - 1]);
	}
	free(current);
	if (known != NULL)
		*known = found;
	derive_down(source, &chain, out, found);
	set_last_key(source, chain.count > 0 && source->parent.key != NULL ? key : NULL);
	strlist_free(&chain);
	return true;
}
