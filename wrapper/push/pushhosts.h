/* The hosts `ccmwrap push` goes to: the command line's names and the
 * lines of --hosts FILE, checked and each kept once (docs/DESIGN.md "Push
 * and the one-shot service"). A host name becomes a path component
 * (\\HOST\ADMIN$, or the host's folder under --hosts-root), so only what
 * a computer name may hold gets through: "../x" or "a\b" never reaches
 * the file system. */
#ifndef CCMWRAP_PUSHHOSTS_H
#define CCMWRAP_PUSHHOSTS_H

#include <stdbool.h>

#include "config/base/error.h"
#include "config/base/hashindex.h"
#include "config/base/text.h"

/* What "." becomes on a machine that cannot tell its own name. */
#define PUSHHOSTS_LOCALHOST "localhost"

/* The longest DNS name. */
#define PUSHHOSTS_NAME_MAX 253

typedef struct pushhosts {
	strlist names;       /* in the order first given */
	hashindex index;     /* over names, case-insensitive */
} pushhosts;

#define PUSHHOSTS_INIT { STRLIST_INIT, { 0 } }

/* Letters, digits, '-', '.' and '_', 1 to 253 of them, and not "..";
 * "." (this machine) only when simulated is false: under --hosts-root a
 * host is a folder, and "." would be the root itself. */
bool pushhosts_check(const char *name, bool simulated, error_message *err);

/* Adds name unless it is there already (Windows compares computer names
 * without case); false for a name pushhosts_check refuses. */
bool pushhosts_add(pushhosts *hosts, const char *name, bool simulated, error_message *err);

/* Adds the names of a hosts file: one a line, spaces around it trimmed;
 * blank lines and lines starting with '#' or ';' are left out. The error
 * names FILE:LINE. */
bool pushhosts_read_file(pushhosts *hosts, const char *path, bool simulated, error_message *err);

void pushhosts_free(pushhosts *hosts);

#endif
