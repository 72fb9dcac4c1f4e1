/* Writing a descriptor to a key whose DACL refuses us WRITE_DAC, as
 * KB2000387's broken keys do even to SYSTEM: take ownership (owners may
 * always rewrite the DACL), write, and give ownership back, so that the key
 * ends with exactly the descriptor asked for. */
#include <stdlib.h>

#include "checks/registry/registry-native-win.h"

#include "config/base/wide.h"

static const struct {
	const wchar_t *name;
	const char *text;
} native_privileges[NATIVE_PRIVILEGE_COUNT] = {
	[NATIVE_PRIVILEGE_BACKUP] = { L"SeBackupPrivilege", "SeBackupPrivilege" },
	[NATIVE_PRIVILEGE_RESTORE] = { L"SeRestorePrivilege", "SeRestorePrivilege" },
	[NATIVE_PRIVILEGE_TAKE_OWNERSHIP] = { L"SeTakeOwnershipPrivilege",
		                              "SeTakeOwnershipPrivilege" },
};

static void report(native_registry *self, const char *action, const char *key,
                   const char *before, const char *after)
{
	registry_step step = { action, key, before, after };
	if (self->base.step_hook != NULL)
		self->base.step_hook(self->base.step_context, &step);
}

/* *changed (may be NULL): whether the token's privilege was not already
 * as asked, so that closing undoes only what we did. */
static DWORD set_privilege(native_privilege privilege, bool enable, bool *changed)
{
	HANDLE token;
	TOKEN_PRIVILEGES change = { .PrivilegeCount = 1 };
	TOKEN_PRIVILEGES previous;
	DWORD previous_size;

	if (!LookupPrivilegeValueW(NULL, native_privileges[privilege].name,
	                           &change.Privileges[0].Luid))
		return GetLastError();
	change.Privileges[0].Attributes = enable ? SE_PRIVILEGE_ENABLED : 0;
	if (!OpenProcessToken(GetCurrentProcess(), TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY, &token))
		return GetLastError();
	/* Succeeds without assigning a privilege the token lacks; the last
	 * error tells (ERROR_NOT_ALL_ASSIGNED), so it is read on success too. */
	BOOL adjusted = AdjustTokenPrivileges(token, FALSE, &change, sizeof previous, &previous,
	                                      &previous_size);
	DWORD status = GetLastError();
	CloseHandle(token);
	if (changed != NULL)
		*changed = adjusted && previous.PrivilegeCount > 0;
	return status;
}

DWORD native_privilege_enable(native_registry *self, native_privilege privilege)
{
	if (self->enabled[privilege])
		return ERROR_SUCCESS;
	report(self, REGISTRY_STEP_ENABLE_PRIVILEGE, NULL, NULL, native_privileges[privilege].text);
	bool changed = false;
	DWORD status = set_privilege(privilege, true, &changed);
	self->enabled[privilege] = status == ERROR_SUCCESS;
	self->to_disable[privilege] = self->enabled[privilege] && changed;
	return status;
}

void native_privileges_restore(native_registry *self)
{
	for (int privilege = 0; privilege < NATIVE_PRIVILEGE_COUNT; privilege++) {
		if (self->to_disable[privilege])
			set_privilege((native_privilege)privilege, false, NULL);
		self->enabled[privilege] = false;
		self->to_disable[privilege] = false;
	}
}

static char *sid_text(PSID sid)
{
	LPWSTR wide;
	if (!ConvertSidToStringSidW(sid, &wide))
		return xstrdup("(unreadable SID)");
	char *text = wide_to_utf8(wide, -1);
	LocalFree(wide);
	return text;
}

/* The user this process runs as (SYSTEM in production), in a buffer the
 * caller frees; *sid points into it. */
static bool process_user(PSID *sid, void **buffer, error_message *err)
{
	HANDLE token;
	DWORD size = 0;

	if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
		return native_error(err, GetLastError(), "cannot read the user of", "this process");
	GetTokenInformation(token, TokenUser, NULL, 0, &size);
	*buffer = xmalloc(size ? size : 1);
	bool ok = GetTokenInformation(token, TokenUser, *buffer, size, &size);
	DWORD status = GetLastError();
	CloseHandle(token);
	if (!ok) {
		free(*buffer);
		return native_error(err, status, "cannot read the user of", "this process");
	}
	*sid = ((TOKEN_USER *)*buffer)->User.Sid;
	return true;
}

static LONG set_owner(const native_key *key, PSID owner)
{
	SECURITY_DESCRIPTOR descriptor;

	if (!InitializeSecurityDescriptor(&descriptor, SECURITY_DESCRIPTOR_REVISION) ||
	    !SetSecurityDescriptorOwner(&descriptor, owner, FALSE))
		return (LONG)GetLastError();
	return native_descriptor_write(key, OWNER_SECURITY_INFORMATION, &descriptor);
}

static bool enable_takeover_privileges(native_registry *self, const native_key *key,
                                       error_message *err)
{
	static const native_privilege needed[] = { NATIVE_PRIVILEGE_TAKE_OWNERSHIP,
		                                   NATIVE_PRIVILEGE_RESTORE };

	for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++) {
		DWORD status = native_privilege_enable(self, needed[i]);
		if (status != ERROR_SUCCESS) {
			native_error(err, status, "cannot enable", native_privileges[needed[i]].text);
			return error_prefix(err, "native registry: %s refuses WRITE_DAC", key->name);
		}
	}
	return true;
}

/* The descriptor asked for with the original owner put back, so that the
 * DACL and the owner are written in one call: an owner-only write may reset
 * the DACL's protection (Wine's does). */
static bool with_owner(PSECURITY_DESCRIPTOR wanted, PSID owner, SECURITY_DESCRIPTOR *out)
{
	const SECURITY_DESCRIPTOR_CONTROL dacl_flags =
	    SE_DACL_PROTECTED | SE_DACL_AUTO_INHERITED | SE_DACL_AUTO_INHERIT_REQ;
	SECURITY_DESCRIPTOR_CONTROL control;
	DWORD revision;
	PSID group;
	PACL dacl;
	BOOL present, defaulted;

	return InitializeSecurityDescriptor(out, SECURITY_DESCRIPTOR_REVISION) &&
	       SetSecurityDescriptorOwner(out, owner, FALSE) &&
	       GetSecurityDescriptorGroup(wanted, &group, &defaulted) &&
	       SetSecurityDescriptorGroup(out, group, FALSE) &&
	       GetSecurityDescriptorDacl(wanted, &present, &dacl, &defaulted) &&
	       SetSecurityDescriptorDacl(out, present, dacl, FALSE) &&
	       GetSecurityDescriptorControl(wanted, &control, &revision) &&
	       SetSecurityDescriptorControl(out, dacl_flags, control & dacl_flags);
}

/* Ownership is ours from here: write, handing the key back to its original
 * owner unless the descriptor names a new one; on failure, hand it back
 * as it was. */
static bool write_as_owner(native_registry *self, const native_key *key, const char *sddl,
                           SECURITY_INFORMATION parts, PSECURITY_DESCRIPTOR descriptor,
                           PSID original_owner, const char *original, const char *ours,
                           error_message *err)
{
	SECURITY_DESCRIPTOR final;
	LONG written;

	report(self, REGISTRY_STEP_SET_SECURITY, key->name, NULL, sddl);
	if (parts & OWNER_SECURITY_INFORMATION)
		written = native_descriptor_write(key, parts, descriptor);
	else {
		report(self, REGISTRY_STEP_RESTORE_OWNER, key->name, ours, original);
		written = with_owner(descriptor, original_owner, &final)
		              ? native_descriptor_write(key, parts | OWNER_SECURITY_INFORMATION, &final)
		              : (LONG)GetLastError();
	}
	if (written == ERROR_SUCCESS)
		return true;
	if (parts & OWNER_SECURITY_INFORMATION)
		report(self, REGISTRY_STEP_RESTORE_OWNER, key->name, ours, original);
	LONG restored = set_owner(key, original_owner);
	native_error(err, (DWORD)written, "cannot set, even as its owner, the security descriptor of",
	             key->name);
	if (restored != ERROR_SUCCESS)
		error_prefix(err, "native registry: %s keeps owner %s (giving it back to %s failed with "
		             "error %ld)", key->name, ours, original, (long)restored);
	return false;
}

/* The key's owner, pointing into *descriptor (caller frees). */
static bool read_owner(native_registry *self, const native_key *key,
                       PSECURITY_DESCRIPTOR *descriptor, PSID *owner, error_message *err)
{
	BOOL defaulted;

	if (!native_descriptor_read(self, key, OWNER_SECURITY_INFORMATION, descriptor, err))
		return false;
	if (GetSecurityDescriptorOwner(*descriptor, owner, &defaulted))
		return true;
	native_error(err, GetLastError(), "cannot read the owner of", key->name);
	free(*descriptor);
	return false;
}

bool native_takeover(native_registry *self, const native_key *key, const char *sddl,
                     SECURITY_INFORMATION parts, PSECURITY_DESCRIPTOR descriptor,
                     error_message *err)
{
	PSECURITY_DESCRIPTOR current;
	PSID original_owner, ours;
	void *user;

	if (!enable_takeover_privileges(self, key, err) ||
	    !read_owner(self, key, &current, &original_owner, err))
		return false;
	if (!process_user(&ours, &user, err)) {
		free(current);
		return false;
	}
	char *original = sid_text(original_owner);
	char *ours_text = sid_text(ours);
	report(self, REGISTRY_STEP_TAKE_OWNERSHIP, key->name, original, ours_text);
	LONG status = set_owner(key, ours);
	bool ok = status == ERROR_SUCCESS
	              ? write_as_owner(self, key, sddl, parts, descriptor, original_owner, original,
	                               ours_text, err)
	              : native_error(err, (DWORD)status, "cannot take ownership of", key->name);
	free(original);
	free(ours_text);
	free(user);
	free(current);
	return ok;
}
