/* Who may change a file or folder on Windows, as ccmwrap judges it (see
 * filesafety.h): SYSTEM, Administrators, TrustedInstaller, and the owner
 * when that is the administrator running ccmwrap. Windows only: included
 * by *-win.c files alone. */
#ifndef CCMWRAP_WINSECURITY_H
#define CCMWRAP_WINSECURITY_H

#include <stdbool.h>
#include <windows.h>

#include "config/base/error.h"
#include "config/base/sid.h"

/* What lets a trustee change a file, or the entries of a folder. */
#define WINSECURITY_WRITE_RIGHTS (FILE_WRITE_DATA | FILE_APPEND_DATA | WRITE_DAC | WRITE_OWNER | \
                                  GENERIC_WRITE | GENERIC_ALL)
/* What lets a trustee rename away a folder's entries, or the folder. */
#define WINSECURITY_REPLACE_RIGHTS (FILE_DELETE_CHILD | DELETE | WRITE_DAC | WRITE_OWNER | \
                                    GENERIC_ALL)

bool winsecurity_sid_text(PSID sid, char out[SID_TEXT_MAX]);

/* A security descriptor from SDDL text (free with LocalFree); NULL when
 * the text is none. */
PSECURITY_DESCRIPTOR winsecurity_from_sddl(const wchar_t *sddl);

/* SYSTEM, Administrators, TrustedInstaller, or the administrator running
 * ccmwrap. */
bool winsecurity_owner_trusted(PSID owner);

/* True when only trusted SIDs hold any of `rights` in dacl (owner: the
 * object's), and, with check_owner, the owner is trusted; else err says
 * "WHAT PATH ..." and why, followed by hint. */
bool winsecurity_check(PSID owner, PACL dacl, DWORD rights, bool check_owner, const char *what,
                       const char *path, const char *hint, error_message *err);

#endif
