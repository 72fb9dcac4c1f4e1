#include "checks/rollback.h"

#include <stdlib.h>
#include <string.h>

#include "config/base/regpath.h"
#include "checks/acl.h"
#include "checks/journal.h"
#include "checks/sddltext.h"

/* NULL (no own descriptor) equals only NULL; text that does not parse
 * equals only the same text. */
static bool same_descriptor(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0 || sddl_equal_text(a, b);
}

static void note_conflict(rollback_summary *summary, const journal_change *change,
                          const char *current, bool force)
{
	strbuf line = STRBUF_INIT;

	strbuf_printf(&line, "conflict %s: changed since the fix (now %s, fix wrote %s)%s", change->key,
	              current != NULL ? current : "no descriptor of its own", change->after,
	              force ? "; restored anyway (--force)" : "; left alone, use --force to restore");
	strlist_add_owned(&summary->messages, strbuf_detach(&line));
	summary->conflicts++;
	summary->unresolved += !force;
}

static void note_refusal(rollback_summary *summary, const char *key, const char *why)
{
	strbuf line = STRBUF_INIT;

	strbuf_printf(&line, "refused %s: not restored: %s", key, why);
	strlist_add_owned(&summary->messages, strbuf_detach(&line));
	summary->refused++;
	summary->unresolved++;
}

/* Why restoring before over after would do more than undo a fix, into
 * why; nothing when it would not. */
static void judge_undo(const config *cfg, const journal_change *change, strbuf *why)
{
	security_descriptor before, after;
	char who[SID_TEXT_MAX];
	uint32_t gained;
	error_message err;

	if (!regpath_is_within(change->key, cfg->acl.scope)) {
		strbuf_printf(why, "outside acl.scope %s, which no fix changes", cfg->acl.scope);
		return;
	}
	if (change->before == NULL)
		return;   /* no descriptor of its own again: it inherits, it grants nothing */
	if (!sddl_parse(change->before, &before, &err) || !sddl_parse(change->after, &after, &err)) {
		strbuf_printf(why, "the journal's descriptor is not SDDL: %s", err.text);
		return;
	}
	if (strcmp(before.owner, after.owner) != 0 || strcmp(before.group, after.group) != 0)
		strbuf_printf(why, "it would change the owner or group (%s %s to %s %s), which no fix "
		              "leaves changed", after.owner, after.group, before.owner, before.group);
	else if (acl_widens(&after, &before, cfg->acl.trustee, who, &gained)) {
		strbuf_printf(why, "it would give %s rights the fix did not take away (", who);
		sddl_format_mask(gained, why);
		strbuf_add_char(why, ')');
	}
	security_descriptor_free(&after);
	security_descriptor_free(&before);
}

static bool undo_change(registry *reg, const config *cfg, const journal_change *change,
                        bool force, rollback_summary *summary, error_message *err)
{
	char *current = NULL;
	strbuf why = STRBUF_INIT;

	judge_undo(cfg, change, &why);
	if (why.length > 0) {
		note_refusal(summary, change->key, why.data);
		strbuf_free(&why);
		return true;
	}
	if (!registry_key_exists(reg, change->key)) {
		/* Deleted since, maybe before the fix could write it (docs/DESIGN.md
		 * "Journal"): nothing of the fix is left on it to undo. */
		strbuf line = STRBUF_INIT;
		strbuf_printf(&line, "gone %s: the key no longer exists; nothing to restore",
		              change->key);
		strlist_add_owned(&summary->messages, strbuf_detach(&line));
		summary->gone++;
		return true;
	}
	if (!registry_get_security(reg, change->key, &current, err))
		return false;
	bool ok = true;
	if (same_descriptor(current, change->before)) {
		summary->unchanged++;
	} else {
		bool conflict = !same_descriptor(current, change->after);
		if (conflict)
			note_conflict(summary, change, current, force);
		if (!conflict || force) {
			ok = registry_set_security(reg, change->key, change->before, err);
			summary->restored += ok;
		}
	}
	free(current);
	return ok;
}

static bool mark_rolled_back(const char *journal_path, const char *identity, error_message *err)
{
	journal writer;
	char *set_aside = NULL;

	if (!journal_open(&writer, journal_path, identity, &set_aside, err))
		return false;
	free(set_aside);
	bool ok = journal_append_rolled_back(&writer, err);
	journal_close(&writer);
	return ok;
}

static bool undo_all(registry *reg, const config *cfg, const journal_contents *contents,
                     bool force, rollback_summary *summary, error_message *err)
{
	bool ok = true;

	summary->changes = contents->count;
	for (size_t i = contents->count; ok && i-- > 0;)
		ok = undo_change(reg, cfg, &contents->changes[i], force, summary, err);
	return ok && (summary->restored == 0 || registry_commit(reg, err));
}

bool rollback_run(registry *reg, const config *cfg, const char *journal_path, bool force,
                  rollback_summary *summary, error_message *err)
{
	journal_contents contents;
	char *identity = registry_identity(reg);
	bool ok;

	memset(summary, 0, sizeof *summary);
	summary->forced = force;
	if (!journal_read(journal_path, &contents, err)) {
		free(identity);
		return false;
	}
	if (contents.count > 0 && (contents.registry == NULL || strcmp(contents.registry, identity) != 0))
		ok = error_set(err, "journal %s belongs to %s, not to %s: nothing restored",
		               journal_path, contents.registry != NULL ? contents.registry : "no registry",
		               identity);
	else
		ok = undo_all(reg, cfg, &contents, force, summary, err);
	journal_contents_free(&contents);
	if (ok && summary->changes > 0 && summary->refused == 0 && (summary->unresolved == 0 || force))
		ok = mark_rolled_back(journal_path, identity, err);
	free(identity);
	return ok;
}

void rollback_summary_free(rollback_summary *summary)
{
	strlist_free(&summary->messages);
	memset(summary, 0, sizeof *summary);
}
