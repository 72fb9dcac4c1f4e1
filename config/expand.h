/* %VAR% expansion from the environment, on every platform, as a Windows
 * administrator writes it (%windir%, %TEMP%). "%%" is a literal '%'. An
 * undefined variable or a lone '%' is an error, never left as it is. */
#ifndef CCMWRAP_EXPAND_H
#define CCMWRAP_EXPAND_H

#include <stdbool.h>

#include "config/base/error.h"
#include "config/base/text.h"

bool expand_variables(const char *text, char **out, error_message *err);
/* The environment variable's value (caller frees), or NULL when unset. */
char *expand_getenv(const char *name);
/* Appends text with every '%' doubled, so that expansion gives it back. */
void expand_add_escaped(strbuf *out, const char *text);

#endif
