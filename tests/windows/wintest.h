/* What the Windows tests against the machine's registry share: the SID of
 * this process's user, keys created below HKLM, descriptors written onto
 * them directly (bypassing ccmwrap's backend), and a test tree given back
 * to us so that it can be deleted whatever a test left on it. */
#ifndef CCMWRAP_WINTEST_H
#define CCMWRAP_WINTEST_H

#include <windows.h>

#include "config/base/sid.h"

/* The SID of this process's user as text ("S-1-5-21-..."). */
void wintest_process_user(char out[SID_TEXT_MAX]);

/* Creates HKLM\path (and its parents) and returns it open with full
 * access. */
HKEY wintest_create_key(const wchar_t *path);

/* Writes the parts of the descriptor sddl onto HKLM\path, opened for
 * WRITE_DAC and WRITE_OWNER. */
void wintest_set_security_at(const wchar_t *path, SECURITY_INFORMATION parts,
                             const wchar_t *sddl);

/* Writes the parts of sddl onto HKLM\path when the key opens for access;
 * leaves it as it is otherwise. */
void wintest_try_set_security(const wchar_t *path, REGSAM access, SECURITY_INFORMATION parts,
                              const wchar_t *sddl);

/* Writes the owner of owner_sddl ("O:..."; NULL: the owner stays) and
 * then the DACL of dacl_sddl ("D:...") onto HKLM\path and every key below
 * it. A part the key's descriptor refuses to us stays as it is: the
 * owner, once ours, opens the DACL. */
void wintest_unlock_tree(const wchar_t *path, const wchar_t *owner_sddl, const wchar_t *dacl_sddl);

#endif
