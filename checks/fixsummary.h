/* A fix summary in words, said in one place for both that show one:
 * `ccmwrap fix` prints it, and a run shows it on its console and in its
 * own log, with what needs an administrator among the result file's
 * warnings (docs/DESIGN.md "Fix"). Each caller picks the lines it shows
 * and their order, and where they go. */
#ifndef CCMWRAP_FIXSUMMARY_H
#define CCMWRAP_FIXSUMMARY_H

#include <stdbool.h>
#include <stddef.h>

#include "checks/fix.h"
#include "config/base/text.h"

typedef enum fixsummary_line {
	FIXSUMMARY_CHANGE,     /* "changed KEY" ("would change KEY"), then its before and after */
	FIXSUMMARY_NOTE,       /* "note KEY: why" */
	FIXSUMMARY_MISSING,    /* "missing KEY: the key does not exist" */
	FIXSUMMARY_VANISHED,   /* "vanished KEY: " REGISTRY_VANISHED_WHY */
	FIXSUMMARY_FAILURE,    /* "not repaired KEY: why" */
	FIXSUMMARY_UNKNOWN,    /* "left alone KEY: why" */
} fixsummary_line;

typedef struct fixsummary_style {
	const fixsummary_line *lines;   /* the kinds of line shown, in this order */
	size_t line_count;
	const char *indent;             /* what the caller puts before each line it shows; a
	                                   change's before and after lines begin with it too */
	bool dry_run;
} fixsummary_style;

typedef void (*fixsummary_emit)(void *context, fixsummary_line kind, const char *text);

/* Calls emit once for each line of the kinds style lists: each key of the
 * summary's lists, without the caller's indent and line break. */
void fixsummary_lines(const fix_summary *summary, const fixsummary_style *style,
                      fixsummary_emit emit, void *context);

/* "N target keys, N noncompliant, N FIXED, N failed", FIXED the word for
 * the keys repaired ("fixed", "would be fixed"). */
void fixsummary_counts(strbuf *out, const fix_summary *summary, const char *fixed);

#endif
