/* The install status MIF of SMS 2003 / ConfigMgr 2007 software
 * distribution: the file a program leaves in %windir% or %TEMP% so that the
 * advertisement reports Success or Failed with a description, matched by
 * its name, publisher, product and version ([report] mif, publisher,
 * product, version). */
#ifndef CCMWRAP_MIF_H
#define CCMWRAP_MIF_H

#include <stdbool.h>
#include <stdint.h>

#include "config/config.h"
#include "config/base/error.h"

/* The lengths the MIF declares, as the ConfigMgr SDK's InstallStatusMIF
 * limits them (the status message takes 128 characters); longer values are
 * cut. */
#define MIF_FIELD_MAX 64
#define MIF_LOCALE_MAX 16
#define MIF_DESCRIPTION_MAX 128

typedef struct mif_status {
	const char *manufacturer;
	const char *product;
	const char *version;
	const char *locale;          /* NULL = "" */
	const char *serial_number;   /* NULL = "" */
	int64_t installed_ms;        /* Unix epoch: "Installation" date, UTC */
	bool success;
	const char *description;
} mif_status;

/* The MIF text: ANSI (Windows-1252; other characters become '?'), CRLF
 * lines, double quotes in values replaced by single ones because a MIF
 * string has no escape (caller frees). */
char *mif_format(const mif_status *status);

/* Writes [report] mif_dir\mif; nothing when [report] mif is empty. The
 * file's creation time becomes installed_ms: ConfigMgr takes only a MIF
 * created after the program started, and a file renamed over an old one
 * may keep the old one's (docs/DESIGN.md "Reporting"). */
bool mif_write(const config *cfg, bool success, const char *description, int64_t installed_ms,
               error_message *err);

/* Removes the MIF an earlier run left, so that a run that writes none
 * leaves none. *removed is the path of the file removed (caller frees),
 * NULL when there was none or [report] mif is empty. */
bool mif_remove_stale(const config *cfg, char **removed, error_message *err);

#endif
