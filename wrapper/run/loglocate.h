/* Where ccmsetup writes its logs (docs/DESIGN.md "Where ccmsetup writes").
 * ConfigMgr 2007's ccmsetup is 32-bit: on x64 Windows it works in
 * %windir%\ccmsetup, on x86 in %windir%\system32\ccmsetup; the current
 * branch logs to %windir%\ccmsetup\Logs; a ccmsetup service runs from its
 * own folder. With [logs] ccmsetup = auto every such folder is a site, in
 * that order, and the run follows all of them until one is written; a path
 * in the INI is the one site. client.msi.log is beside ccmsetup.log unless
 * [logs] msi names it. */
#ifndef CCMWRAP_LOGLOCATE_H
#define CCMWRAP_LOGLOCATE_H

#include <stdbool.h>
#include <stddef.h>

#include "config/config.h"
#include "config/base/text.h"

#define LOGLOCATE_CCMSETUP_LOG "ccmsetup.log"
#define LOGLOCATE_MSI_LOG "client.msi.log"

typedef struct loglocate_site {
	char *folder;
	char *ccmsetup_log;
	char *msi_log;
	char *reason;          /* why ccmsetup may write here, for the console and own log */
	bool holds_log;        /* ccmsetup.log was there when the sites were listed */
} loglocate_site;

typedef struct loglocate_list {
	loglocate_site *sites;
	size_t count;
	bool configured;       /* the INI named ccmsetup.log: one site */
	char *warning;         /* the service manager could not be asked (NULL when it could) */
} loglocate_list;

/* The sites for cfg, each folder once. Never fails: a service manager that
 * cannot be asked leaves its site out and says so in list->warning. */
void loglocate_list_sites(const config *cfg, loglocate_list *list);
void loglocate_free(loglocate_list *list);

/* The site a run expects before any is written: the first that holds
 * ccmsetup.log, else the first. */
size_t loglocate_expected(const loglocate_list *list);

/* Which folder and why, for check, --dry-run and the own log: the expected
 * site, and with auto every site watched until one is written, a line each
 * (indented by two spaces). */
void loglocate_describe(const loglocate_list *list, strbuf *out);

/* The program a service's command line starts: the quoted first word, or
 * up to and including the first ".exe", or the first word; "\SystemRoot\"
 * and "\??\" as Windows reads them (caller frees). */
char *loglocate_program_of(const char *command_line, const char *windir);

#endif
