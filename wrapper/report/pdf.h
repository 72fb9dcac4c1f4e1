/* The package definition file (.sms) of SMS 2003 / ConfigMgr 2007: the
 * package and its programs (upgrade, repair permissions only, check) as
 * the console imports them, with the status MIF's match (MIFFileName,
 * MIFName, MIFVersion, MIFPublisher) taken from the same [report] keys
 * mif.c writes the MIF from, so that the two cannot disagree
 * (docs/DESIGN.md "Package definition file"). */
#ifndef CCMWRAP_PDF_H
#define CCMWRAP_PDF_H

#include <stdbool.h>

#include "config/config.h"
#include "config/base/error.h"

/* The limits the format sets on the fields taken from the INI. */
#define PDF_NAME_MAX 50      /* Name, MIFFileName, MIFName */
#define PDF_SHORT_MAX 32     /* Version, Publisher, MIFVersion, MIFPublisher */
#define PDF_LINE_MAX 127     /* Comment, CommandLine */

/* The package definition file for cfg in *text (caller frees): ANSI
 * (Windows-1252), CRLF lines. The programs' command lines pass the INI by
 * its file name, relative to the package's source folder. A value too
 * long for its field, or with a character Windows-1252 cannot hold, is
 * refused with the INI key named, never cut: a cut MIF name would no
 * longer match the MIF. */
bool pdf_format(const config *cfg, char **text, error_message *err);

#endif
