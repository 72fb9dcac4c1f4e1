/* The text of a regedit export (.reg file): the header line, key lines,
 * value lines in every regedit form and ";sddl=" lines, and the encodings
 * a .reg file is stored in. Used by the registry file backend for the
 * lines it writes and by `ccmwrap export`, so both write the same format. */
#ifndef CCMWRAP_REGFILE_FORMAT_H
#define CCMWRAP_REGFILE_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

#include "config/base/error.h"
#include "config/base/text.h"
#include "checks/registry/registry.h"

#define REGFILE_HEADER_V5 "Windows Registry Editor Version 5.00"
#define REGFILE_HEADER_V4 "REGEDIT4"
#define REGFILE_SDDL_PREFIX ";sddl="

typedef enum regfile_encoding {
	REGFILE_UTF16LE,   /* regedit's own form; the BOM is written separately */
	REGFILE_UTF8,
	REGFILE_ANSI,      /* REGEDIT4 files: Windows-1252 */
} regfile_encoding;

/* "[HKEY_LOCAL_MACHINE\...]" + newline for a normalised key path. */
void regfile_format_key_line(strbuf *text, const char *key, const char *newline);
/* ";sddl=SDDL" + newline. */
void regfile_format_sddl_line(strbuf *text, const char *sddl, const char *newline);
/* One value as regedit 5.00 writes it: "name"="text", dword:, hex:, hex(N):
 * with hex lines wrapped at 80 columns by "\" continuations; a string with
 * a control character as hex(1), which keeps it exactly. Fails when the
 * name holds a control character, which a .reg line cannot carry safely. */
bool regfile_format_value(strbuf *text, const registry_value *value, const char *newline,
                          error_message *err);
/* Appends UTF-8 text converted to a file encoding. */
void regfile_encode(strbuf *out, const char *utf8, size_t length, regfile_encoding encoding);

#endif
