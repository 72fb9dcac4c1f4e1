#include "wrapper/push/pushprogress.h"

#include <stdlib.h>

/* " · ", U+00B7 MIDDLE DOT in UTF-8. */
#define DOT " \xC2\xB7 "

void pushprogress_init(pushprogress *progress, FILE *out, bool live, size_t total)
{
	*progress = (pushprogress){ .out = out, .live = live, .total = total };
}

void pushprogress_format(const pushprogress *progress, strbuf *out)
{
	strbuf_printf(out, "%zu/%zu done" DOT "%zu failed" DOT "%zu running" DOT "%zu unreachable",
	              progress->done, progress->total, progress->failed, progress->running,
	              progress->unreachable);
}

static void show_live(pushprogress *progress)
{
	strbuf line = STRBUF_INIT;

	pushprogress_format(progress, &line);
	size_t width = line.length;
	while (line.length < progress->shown_width)
		strbuf_add_char(&line, ' ');
	progress->shown_width = width;
	fprintf(progress->out, "\r%s", line.data);
	fflush(progress->out);
	strbuf_free(&line);
}

void pushprogress_started(pushprogress *progress)
{
	progress->running++;
	if (progress->live)
		show_live(progress);
}

void pushprogress_finished(pushprogress *progress, const char *host, outcome_kind outcome,
                           uint32_t exit_code, unsigned fixed)
{
	if (progress->running > 0)
		progress->running--;
	progress->done++;
	if (outcome == OUTCOME_UNREACHABLE)
		progress->unreachable++;
	else if (!outcome_is_success(outcome))
		progress->failed++;
	if (progress->live) {
		show_live(progress);
		return;
	}
	char *shown = text_escaped(host, false);
	fprintf(progress->out, "%s: %s (exit %lu)", shown, outcome_name(outcome),
	        (unsigned long)exit_code);
	if (fixed > 0)
		fprintf(progress->out, ", %u keys repaired", fixed);
	fputc('\n', progress->out);
	fflush(progress->out);
	free(shown);
}

void pushprogress_end(pushprogress *progress)
{
	if (progress->live && progress->shown_width > 0)
		fputc('\n', progress->out);
	fflush(progress->out);
}
