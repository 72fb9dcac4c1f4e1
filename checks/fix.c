#include "checks/fix.h"

#include <stdlib.h>
#include <string.h>

#include "config/base/regpath.h"
#include "checks/acl.h"
#include "checks/compliance.h"
#include "checks/inherit.h"
#include "checks/journal.h"
#include "checks/scan.h"
#include "checks/sddltext.h"

typedef struct fix_plan {
	inherit_source source;
	const config *cfg;
	fix_summary *summary;
	hashindex change_index;    /* key -> its change (a fix may change many thousands) */
	size_t change_capacity;
} fix_plan;

static const char *changed_key_of(size_t id, const void *records)
{
	const fix_summary *summary = records;

	return id < summary->change_count ? summary->changes[id].key : NULL;
}

/* Keeps one change per key: its first before, its latest after. */
static void record_change(fix_plan *plan, const char *key, const char *before, const char *after)
{
	fix_summary *summary = plan->summary;

	inherit_source_set(&plan->source, key, after);
	size_t found = hashindex_find_nocase(&plan->change_index, key, 0, changed_key_of, summary);
	if (found != HASHINDEX_NONE) {
		free(summary->changes[found].after);
		summary->changes[found].after = xstrdup(after);
		return;
	}
	if (summary->change_count == plan->change_capacity) {
		plan->change_capacity = plan->change_capacity ? plan->change_capacity * 2 : 64;
		summary->changes = xrealloc(summary->changes,
		                            plan->change_capacity * sizeof *summary->changes);
	}
	hashindex_add(&plan->change_index, hashindex_hash_nocase(key, 0), summary->change_count);
	fix_change *change = &summary->changes[summary->change_count++];
	change->key = xstrdup(key);
	change->before = before != NULL ? xstrdup(before) : NULL;
	change->after = xstrdup(after);
}

static bool is_trustee_explicit_deny(const ace *entry, const void *trustee)
{
	return acl_ace_denies(entry) && !(entry->flags & ACE_FLAG_ID) && sid_equal(entry->sid, trustee);
}

/* Where Windows' canonical order puts a new explicit allow ACE: after the
 * explicit deny ACEs that lead the DACL. */
static size_t explicit_allow_position(const security_descriptor *sd)
{
	size_t position = 0;

	while (position < sd->ace_count && acl_ace_denies(&sd->aces[position]) &&
	       !(sd->aces[position].flags & ACE_FLAG_ID))
		position++;
	return position;
}

static bool has_ace(const security_descriptor *sd, const ace *entry)
{
	for (size_t i = 0; i < sd->ace_count; i++)
		if (sd->aces[i].type == entry->type && sd->aces[i].flags == entry->flags &&
		    sd->aces[i].mask == entry->mask && sid_equal(sd->aces[i].sid, entry->sid))
			return true;
	return false;
}

/* The trustee's full-control ACE added to sd, its explicit denies removed
 * when configured. */
static void add_trustee_grant(const config *cfg, security_descriptor *sd)
{
	ace grant;

	if (cfg->acl.remove_deny == CONFIG_REMOVE_DENY_TRUSTEE)
		security_descriptor_remove_aces(sd, is_trustee_explicit_deny, cfg->acl.trustee);
	memset(&grant, 0, sizeof grant);
	grant.type = ACE_ALLOW;
	grant.flags = ACE_FLAG_CI;
	grant.mask = KEY_ALL_ACCESS_MASK | cfg->acl.rights;
	memcpy(grant.sid, cfg->acl.trustee, sizeof grant.sid);
	sd->has_dacl = true;
	sd->dacl_null = false;
	if (!has_ace(sd, &grant))
		security_descriptor_insert_ace(sd, explicit_allow_position(sd), &grant);
}

static bool rederive_children(fix_plan *plan, const char *key, error_message *err);

/* Plans `updated` for key when it differs from what key stores. */
static void store(fix_plan *plan, const char *key, const char *stored_text,
                  const security_descriptor *stored, const security_descriptor *updated)
{
	if (stored != NULL && security_descriptor_equal(stored, updated))
		return;
	char *text = sddl_format(updated);
	record_change(plan, key, stored_text, text);
	free(text);
}

/* Loads what key stores: *stored_text NULL when nothing. */
static bool load_stored(fix_plan *plan, const char *key, char **stored_text,
                        security_descriptor *stored, error_message *err)
{
	memset(stored, 0, sizeof *stored);
	if (!inherit_source_stored(&plan->source, key, stored_text, err))
		return false;
	if (*stored_text != NULL && !sddl_parse(*stored_text, stored, err)) {
		free(*stored_text);
		*stored_text = NULL;
		return error_prefix(err, "key %s", key);
	}
	return true;
}

static bool grant_on_key(fix_plan *plan, const char *key, error_message *err)
{
	char *stored_text = NULL;
	security_descriptor stored, updated;
	bool known = true;

	if (!load_stored(plan, key, &stored_text, &stored, err))
		return false;
	if (stored_text != NULL)
		security_descriptor_copy(&updated, &stored);
	else if (!inherit_effective(&plan->source, key, &updated, &known, err))
		return false;   /* nothing stored: nothing to free */
	if (!known) {
		/* A descriptor made up for it could narrow what it allows today. */
		security_descriptor_free(&updated);
		return true;
	}
	add_trustee_grant(plan->cfg, &updated);
	store(plan, key, stored_text, stored_text != NULL ? &stored : NULL, &updated);
	free(stored_text);
	security_descriptor_free(&stored);
	security_descriptor_free(&updated);
	return rederive_children(plan, key, err);
}

static void note(fix_plan *plan, const char *key, const char *who, uint32_t gained)
{
	strbuf line = STRBUF_INIT;

	strbuf_printf(&line, "%s: re-deriving it from its parent would give %s more than it has (",
	              key, who);
	sddl_format_mask(gained, &line);
	strbuf_add_string(&line, "); it gets the trustee's ACE of its own instead");
	strlist_add_owned(&plan->summary->notes, strbuf_detach(&line));
}

/* The child under its changed parent, unless that would widen someone
 * else's access: then its own descriptor with the trustee's grant. */
static void rederive_or_grant(fix_plan *plan, const security_descriptor *parent,
                              const char *child, const char *stored_text,
                              const security_descriptor *stored)
{
	security_descriptor updated;
	char who[SID_TEXT_MAX];
	uint32_t gained;

	inherit_derive(parent, stored, &updated);
	if (acl_widens(stored, &updated, plan->cfg->acl.trustee, who, &gained)) {
		security_descriptor_free(&updated);
		security_descriptor_copy(&updated, stored);
		add_trustee_grant(plan->cfg, &updated);
		note(plan, child, who, gained);
	}
	store(plan, child, stored_text, stored, &updated);
	security_descriptor_free(&updated);
}

static bool rederive_child(fix_plan *plan, const security_descriptor *parent, const char *child,
                           error_message *err)
{
	char *stored_text = NULL;
	security_descriptor stored;

	if (!load_stored(plan, child, &stored_text, &stored, err))
		return false;
	bool descend = true;
	if (stored_text != NULL && (stored.dacl_flags & DACL_FLAG_PROTECTED))
		descend = false;   /* its own subtree inherits from it, and it did not change */
	else if (stored_text != NULL)
		rederive_or_grant(plan, parent, child, stored_text, &stored);
	free(stored_text);
	security_descriptor_free(&stored);
	return !descend || rederive_children(plan, child, err);
}

static bool rederive_children(fix_plan *plan, const char *key, error_message *err)
{
	strlist children = STRLIST_INIT;
	security_descriptor effective;

	if (!inherit_effective(&plan->source, key, &effective, NULL, err))
		return false;
	bool ok = registry_subkeys(plan->source.reg, key, &children, err) ||
	          registry_vanished(plan->source.reg, key, &plan->summary->vanished);
	for (size_t i = 0; ok && i < children.count; i++) {
		char *child = regpath_join(key, children.items[i]);
		ok = rederive_child(plan, &effective, child, err);
		free(child);
	}
	strlist_free(&children);
	security_descriptor_free(&effective);
	return ok;
}

static bool in_scope(const config *cfg, const char *key)
{
	return cfg->acl.scope != NULL && regpath_is_within(key, cfg->acl.scope);
}

/* Which roots hold a noncompliant key: marks[i] for targets->roots.items[i]
 * (caller frees). */
static bool *mark_noncompliant_roots(const scan_result *targets, const compliance_report *report)
{
	regpath_set roots = REGPATH_SET_INIT;
	bool *marks = xcalloc(targets->roots.count + 1, sizeof *marks);

	for (size_t i = 0; i < targets->roots.count; i++)
		regpath_set_add(&roots, targets->roots.items[i]);
	for (size_t i = 0; i < report->count; i++)
		if (!report->keys[i].compliant)
			regpath_set_holds(&roots, report->keys[i].key, marks);
	regpath_set_free(&roots);
	return marks;
}

/* The second pass: each key still lacking the rights, parents first, gets
 * the grant itself (protected keys and keys behind them end up here). */
static bool grant_remaining(fix_plan *plan, const scan_result *targets, error_message *err)
{
	strlist token = STRLIST_INIT;
	bool ok = true;

	compliance_token(plan->cfg, &token);
	for (size_t i = 0; ok && i < targets->keys.count; i++) {
		const char *key = targets->keys.items[i];
		compliance_key result;
		ok = compliance_check_key(&plan->source, plan->cfg, &token, key, &result, err);
		if (ok && !result.compliant && in_scope(plan->cfg, key))
			ok = grant_on_key(plan, key, err);
		compliance_key_free(&result);
	}
	strlist_free(&token);
	return ok;
}

static bool plan_fix(fix_plan *plan, const scan_result *targets, const compliance_report *before,
                     error_message *err)
{
	bool *noncompliant = mark_noncompliant_roots(targets, before);
	bool ok = true;

	for (size_t i = 0; ok && i < targets->roots.count; i++) {
		const char *root = targets->roots.items[i];
		if (in_scope(plan->cfg, root) && noncompliant[i])
			ok = grant_on_key(plan, root, err);
	}
	free(noncompliant);
	return ok && grant_remaining(plan, targets, err);
}

static void change_free(fix_change *change)
{
	free(change->key);
	free(change->before);
	free(change->after);
}

/* Drops changes that came back to where they started. */
static void drop_no_op_changes(fix_summary *summary)
{
	size_t kept = 0;

	for (size_t i = 0; i < summary->change_count; i++) {
		fix_change *change = &summary->changes[i];
		if (change->before != NULL && sddl_equal_text(change->before, change->after)) {
			change_free(change);
			continue;
		}
		summary->changes[kept++] = *change;
	}
	summary->change_count = kept;
}

static void list_key(strlist *list, const char *key, const char *why)
{
	strbuf line = STRBUF_INIT;

	strbuf_printf(&line, "%s: %s", key, why);
	strlist_add_owned(list, strbuf_detach(&line));
}

/* Counts the targets that still exist. */
static void count_outcome(const compliance_report *before, const compliance_report *after,
                          fix_summary *summary)
{
	for (size_t i = 0; i < after->count; i++) {
		const compliance_key *key = &after->keys[i];
		if (regpath_is_within_any(key->key, &summary->vanished))
			continue;
		summary->targets++;
		summary->noncompliant += !before->keys[i].compliant && !before->keys[i].unknown;
		if (!before->keys[i].compliant && key->compliant)
			summary->fixed++;
		if (key->unknown) {
			summary->unknown++;
			list_key(&summary->unknown_keys, key->key, key->why);
		} else if (!key->compliant) {
			summary->failed++;
			list_key(&summary->failures, key->key,
			         key->in_scope ? key->why : "outside acl.scope, left unchanged");
		}
	}
}

typedef struct step_journal {
	journal *writer;
	bool failed;
	error_message err;
} step_journal;

/* The backend's own steps (ownership takeover) go into the journal before
 * they happen. The step follows even when its line could not be written;
 * the change's "set" line is already on disk, so rollback is unaffected,
 * and the failure ends the fix after that change. */
static void journal_step(void *context, const registry_step *step)
{
	step_journal *steps = context;

	if (!steps->failed)
		steps->failed = !journal_append_step(steps->writer, step->action, step->key,
		                                      step->before, step->after, &steps->err);
}

/* *applied false: the key vanished before it could be written. */
static bool apply_change(registry *reg, journal *writer, const step_journal *steps,
                         const fix_change *change, fix_summary *summary, bool *applied,
                         error_message *err)
{
	if (!journal_append_set(writer, change->key, change->before, change->after,
	                        !registry_writes_at_commit(reg), err))
		return false;
	*applied = registry_set_security(reg, change->key, change->after, err);
	if (!*applied && !registry_vanished(reg, change->key, &summary->vanished))
		return false;
	if (steps->failed)
		*err = steps->err;
	return !steps->failed;
}

/* Applies every change; one whose key vanished is dropped from the summary. */
static bool apply_all(registry *reg, journal *writer, const step_journal *steps,
                      fix_summary *summary, error_message *err)
{
	size_t kept = 0;
	bool ok = true;

	for (size_t i = 0; i < summary->change_count; i++) {
		fix_change *change = &summary->changes[i];
		bool applied = true;
		if (ok)
			ok = apply_change(reg, writer, steps, change, summary, &applied, err);
		if (applied)
			summary->changes[kept++] = *change;
		else
			change_free(change);
	}
	summary->change_count = kept;
	return ok;
}

static bool apply_changes(registry *reg, const char *journal_path, fix_summary *summary,
                          error_message *err)
{
	journal writer;
	step_journal steps = { .writer = &writer };

	if (summary->change_count == 0)
		return true;
	char *identity = registry_identity(reg);
	bool opened = journal_open(&writer, journal_path, identity, &summary->journal_set_aside, err);
	free(identity);
	if (!opened)
		return false;
	registry_step_hook caller_hook = reg->step_hook;
	void *caller_context = reg->step_context;
	registry_set_step_hook(reg, journal_step, &steps);
	bool ok = apply_all(reg, &writer, &steps, summary, err);
	registry_set_step_hook(reg, caller_hook, caller_context);
	/* A registry that writes at commit has its journal on disk before then. */
	ok = ok && (!registry_writes_at_commit(reg) || journal_flush(&writer, err)) &&
	     registry_commit(reg, err) && journal_append_done(&writer, err);
	journal_close(&writer);
	return ok;
}

bool fix_run(registry *reg, const config *cfg, const fix_options *options, fix_summary *summary,
             error_message *err)
{
	scan_result targets = SCAN_RESULT_INIT;
	compliance_report before, after;
	fix_plan plan = { .cfg = cfg, .summary = summary };

	memset(summary, 0, sizeof *summary);
	memset(&before, 0, sizeof before);
	memset(&after, 0, sizeof after);
	inherit_source_init(&plan.source, reg);
	bool ok = scan_targets(reg, cfg, &targets, err);
	/* The summary's list of vanished keys starts with the scan's. */
	summary->vanished = targets.vanished;
	targets.vanished = (strlist)STRLIST_INIT;
	ok = ok && compliance_check(&plan.source, cfg, &targets, &before, err) &&
	     plan_fix(&plan, &targets, &before, err) &&
	     compliance_check(&plan.source, cfg, &targets, &after, err);
	if (ok) {
		drop_no_op_changes(summary);
		for (size_t i = 0; i < targets.missing.count; i++)
			strlist_add(&summary->missing, targets.missing.items[i]);
		for (size_t i = 0; i < plan.source.warnings.count; i++)
			strlist_add(&summary->notes, plan.source.warnings.items[i]);
		const char *journal_path = options->journal_path ? options->journal_path : cfg->acl.journal;
		if (!options->dry_run)
			ok = apply_changes(reg, journal_path, summary, err);
		count_outcome(&before, &after, summary);
	}
	compliance_report_free(&before);
	compliance_report_free(&after);
	inherit_source_free(&plan.source);
	hashindex_free(&plan.change_index);
	scan_result_free(&targets);
	return ok;
}

void fix_summary_free(fix_summary *summary)
{
	for (size_t i = 0; i < summary->change_count; i++)
		change_free(&summary->changes[i]);
	free(summary->changes);
	strlist_free(&summary->failures);
	strlist_free(&summary->unknown_keys);
	strlist_free(&summary->missing);
	free(summary->journal_set_aside);
	strlist_free(&summary->notes);
	strlist_free(&summary->vanished);
	memset(summary, 0, sizeof *summary);
}
