/* Shared between the native registry backend (registry-win.c) and its
 * ownership takeover (registry-takeover-win.c); not for other modules. */
#ifndef CCMWRAP_REGISTRY_NATIVE_WIN_H
#define CCMWRAP_REGISTRY_NATIVE_WIN_H

#include <windows.h>
#include <sddl.h>

#include "checks/registry/registry.h"

typedef enum native_privilege {
	NATIVE_PRIVILEGE_BACKUP,
	NATIVE_PRIVILEGE_RESTORE,
	NATIVE_PRIVILEGE_TAKE_OWNERSHIP,
	NATIVE_PRIVILEGE_COUNT,
} native_privilege;

typedef struct native_registry {
	registry base;
	bool enabled[NATIVE_PRIVILEGE_COUNT];       /* on in the token: not asked for again */
	bool to_disable[NATIVE_PRIVILEGE_COUNT];    /* was off before we enabled it */
} native_registry;

typedef struct native_key {
	char *name;            /* normalised path, for messages and steps */
	HKEY root;
	const char *nt_root;   /* the root's NT name ("\\Registry\\Machine"), NULL if none */
	wchar_t *subkey;       /* below root; L"" for the root itself */
} native_key;

/* "native registry: <what> <key>: <system message> (error N)"; returns false. */
bool native_error(error_message *err, DWORD code, const char *what, const char *key);

bool native_key_parse(const char *key, native_key *out, error_message *err);
void native_key_free(native_key *key);
LONG native_key_open(const native_key *key, REGSAM access, HKEY *out);
/* Opens the key, if it exists, with backup semantics (access granted by
 * SeBackupPrivilege whatever the DACL says, when enabled): NtOpenKeyEx with
 * REG_OPTION_BACKUP_RESTORE, which never creates a key, where advapi32's
 * only such open, RegCreateKeyExW, creates it and its missing parents
 * (docs/DESIGN.md "Windows specifics"). ERROR_ACCESS_DENIED for a root
 * without an NT name. */
LONG native_key_open_backup(const native_key *key, REGSAM access, HKEY *out);

/* The descriptor's requested parts (caller frees with free()). */
bool native_descriptor_read(native_registry *self, const native_key *key,
                            SECURITY_INFORMATION parts, PSECURITY_DESCRIPTOR *out,
                            error_message *err);
/* Opens the key with the access the parts need and stores them. */
LONG native_descriptor_write(const native_key *key, SECURITY_INFORMATION parts,
                             PSECURITY_DESCRIPTOR descriptor);

/* Enables the privilege (reported as a step) for the call that needs it,
 * which then restores them: a SYSTEM process that keeps SeBackup and
 * SeRestore on reads and writes every file it opens past its DACL
 * (docs/DESIGN.md "Hardening"). Returns ERROR_SUCCESS or why not
 * (ERROR_NOT_ALL_ASSIGNED: the token lacks it). */
DWORD native_privilege_enable(native_registry *self, native_privilege privilege);
/* Disables the privileges this registry enabled, leaving on those that
 * were on before. */
void native_privileges_restore(native_registry *self);

/* Writes a descriptor whose key refuses WRITE_DAC: takes ownership with
 * SeTakeOwnershipPrivilege, writes, gives ownership back (SeRestorePrivilege),
 * reporting each step before it happens. */
bool native_takeover(native_registry *self, const native_key *key, const char *sddl,
                     SECURITY_INFORMATION parts, PSECURITY_DESCRIPTOR descriptor,
                     error_message *err);

#endif
