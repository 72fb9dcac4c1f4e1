/* Command lines as ccmwrap shows them (console, own log, result file):
 * words with spaces quoted, and secrets masked, because ccmsetup's
 * command line carries them (/regtoken:, a proxy password) and what ccmwrap
 * writes is read by more people than may know them. A word is a secret
 * when it names one: "/regtoken:VALUE", or NAME=VALUE / NAME:VALUE whose
 * NAME holds PASSWORD or TOKEN in any case; its value becomes "********".
 * What ccmsetup is started with is never masked. */
#ifndef CCMWRAP_CMDLINE_H
#define CCMWRAP_CMDLINE_H

#include "config/base/text.h"

#define CMDLINE_MASK "********"

/* The program and its arguments, for showing (caller frees). */
char *cmdline_format(const char *program, const strlist *arguments);

/* Appends word as the C runtime's argv parser (CommandLineToArgvW) reads
 * it back: as it is when it holds no space, tab or quote, else quoted,
 * with the backslashes before a quote doubled. For a service's ImagePath,
 * which Windows starts without a shell and never masked. */
void cmdline_quote_word(strbuf *line, const char *word);

/* A whole command line (as Windows keeps it, or a service's) with its
 * secrets masked (caller frees). */
char *cmdline_mask(const char *line);

#endif
