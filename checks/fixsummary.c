#include "checks/fixsummary.h"

static void emit_changes(const fix_summary *summary, const fixsummary_style *style,
                         fixsummary_emit emit, void *context)
{
	strbuf text = STRBUF_INIT;

	for (size_t i = 0; i < summary->change_count; i++) {
		const fix_change *change = &summary->changes[i];
		strbuf_clear(&text);
		strbuf_printf(&text, "%s %s\n%s  before: %s\n%s  after:  %s",
		              style->dry_run ? "would change" : "changed", change->key, style->indent,
		              change->before != NULL ? change->before : "(inherited, none stored)",
		              style->indent, change->after);
		emit(context, FIXSUMMARY_CHANGE, text.data);
	}
	strbuf_free(&text);
}

/* Each item of a list as "LABEL ITEM", or "LABEL ITEM: why" with a why
 * the list's items do not carry themselves. */
static void emit_list(const strlist *items, fixsummary_line kind, const char *label,
                      const char *why, fixsummary_emit emit, void *context)
{
	strbuf text = STRBUF_INIT;

	for (size_t i = 0; i < items->count; i++) {
		strbuf_clear(&text);
		strbuf_printf(&text, "%s %s", label, items->items[i]);
		if (why != NULL)
			strbuf_printf(&text, ": %s", why);
		emit(context, kind, text.data);
	}
	strbuf_free(&text);
}

void fixsummary_lines(const fix_summary *summary, const fixsummary_style *style,
                      fixsummary_emit emit, void *context)
{
	for (size_t i = 0; i < style->line_count; i++) {
		switch (style->lines[i]) {
		case FIXSUMMARY_CHANGE: emit_changes(summary, style, emit, context); break;
		case FIXSUMMARY_NOTE:
			emit_list(&summary->notes, FIXSUMMARY_NOTE, "note", NULL, emit, context);
			break;
		case FIXSUMMARY_MISSING:
			emit_list(&summary->missing, FIXSUMMARY_MISSING, "missing",
			          "the key does not exist", emit, context);
			break;
		case FIXSUMMARY_VANISHED:
			emit_list(&summary->vanished, FIXSUMMARY_VANISHED, "vanished",
			          REGISTRY_VANISHED_WHY, emit, context);
			break;
		case FIXSUMMARY_FAILURE:
			emit_list(&summary->failures, FIXSUMMARY_FAILURE, "not repaired", NULL, emit,
			          context);
			break;
		case FIXSUMMARY_UNKNOWN:
			emit_list(&summary->unknown_keys, FIXSUMMARY_UNKNOWN, "left alone", NULL, emit,
			          context);
			break;
		}
	}
}

void fixsummary_counts(strbuf *out, const fix_summary *summary, const char *fixed)
{
	strbuf_printf(out, "%zu target keys, %zu noncompliant, %zu %s, %zu failed", summary->targets,
	              summary->noncompliant, summary->fixed, fixed, summary->failed);
}
