#include "rollback.h"

#include <stdlib.h>
#include <string.h>

#include "journal.h"
#include "sddl.h"

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

	strbuf_printf(&line, "%s: changed since the fix (now %s, fix wrote %s)%s", change->key,
	              current != NULL ? current : "no descriptor of its own", change->after,
	              force ? "; restored anyway (--force)" : "; left alone, use --force to restore");
	strlist_add_owned(&summary->messages, strbuf_detach(&line));
	summary->conflicts++;
	summary->unresolved += !force;
}

static bool undo_change(registry *reg, const journal_change *change, bool force,
                        rollback_summary *summary, error_message *err)
{
	char *current = NULL;

	if (!registry_key_exists(reg, change->key)) {
		strbuf line = STRBUF_INIT;
		strbuf_printf(&line, "%s: the key no longer exists; nothing restored", change->key);
		strlist_add_owned(&summary->messages, strbuf_detach(&line));
		summary->conflicts++;
		summary->unresolved++;
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

static bool mark_rolled_back(const char *journal_path, error_message *err)
{
	journal writer;

	if (!journal_open(&writer, journal_path, err))
		return false;
	bool ok = journal_append_rolled_back(&writer, err);
	journal_close(&writer);
	return ok;
}

bool rollback_run(registry *reg, const char *journal_path, bool force, rollback_summary *summary,
                  error_message *err)
{
	journal_contents contents;

	memset(summary, 0, sizeof *summary);
	summary->forced = force;
	if (!journal_read(journal_path, &contents, err))
		return false;
	summary->changes = contents.count;
	bool ok = true;
	for (size_t i = contents.count; ok && i-- > 0;)
		ok = undo_change(reg, &contents.changes[i], force, summary, err);
	journal_contents_free(&contents);
	if (!ok || summary->changes == 0)
		return ok;
	if (summary->restored > 0 && !registry_commit(reg, err))
		return false;
	if (summary->unresolved == 0 || force)
		return mark_rolled_back(journal_path, err);
	return true;
}

void rollback_summary_free(rollback_summary *summary)
{
	strlist_free(&summary->messages);
	memset(summary, 0, sizeof *summary);
}
