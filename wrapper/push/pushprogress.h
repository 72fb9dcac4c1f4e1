/* What push shows while it works (docs/DESIGN.md "Push and the one-shot
 * service"): on a terminal one line rewritten in place, "37/200 done ·
 * 3 failed · 8 running · 2 unreachable"; otherwise, for a log, one plain
 * line per host as it finishes, "HOST: outcome (exit N)", and ", K keys
 * repaired" when its run repaired permissions. */
#ifndef CCMWRAP_PUSHPROGRESS_H
#define CCMWRAP_PUSHPROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "config/base/text.h"
#include "wrapper/report/outcome.h"

typedef struct pushprogress {
	FILE *out;
	bool live;             /* a terminal: the one line, rewritten */
	size_t total;
	size_t done;           /* finished, whatever the outcome */
	size_t failed;         /* finished, neither successful nor unreachable */
	size_t unreachable;
	size_t running;
	size_t shown_width;    /* of the live line last written, to blank what is left over */
} pushprogress;

void pushprogress_init(pushprogress *progress, FILE *out, bool live, size_t total);
/* A host's work began (live line only). */
void pushprogress_started(pushprogress *progress);
/* A host ended: counted, and its line written when not live. fixed: the
 * keys its run repaired. */
void pushprogress_finished(pushprogress *progress, const char *host, outcome_kind outcome,
                           uint32_t exit_code, unsigned fixed);
/* Ends the live line, so what follows starts on a line of its own. */
void pushprogress_end(pushprogress *progress);

/* The counts as the live line shows them. */
void pushprogress_format(const pushprogress *progress, strbuf *out);

#endif
