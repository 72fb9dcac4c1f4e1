/* The native registry backend: keys, values and security descriptors
 * through advapi32. Reads that a DACL refuses fall back to backup
 * semantics (SeBackupPrivilege, NtOpenKeyEx); writes that it refuses go
 * through registry-takeover-win.c. The extra steps this takes (privileges,
 * ownership taken and given back) go to the registry's step hook
 * (registry.h), each before it happens. */
#include "checks/registry/registry-native-win.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <winternl.h>

#include "config/base/regpath.h"
#include "config/base/wide.h"

/* Registry key names are at most 255 characters, value names 16383. */
#define KEY_NAME_UNITS 256
#define VALUE_NAME_UNITS 16384

/* ntdll's, in Windows 7 and later (ZwOpenKeyEx in the WDK); the SDK's
 * <winternl.h> does not declare it. */
NTSYSAPI NTSTATUS NTAPI NtOpenKeyEx(PHANDLE key, ACCESS_MASK access,
                                    POBJECT_ATTRIBUTES attributes, ULONG options);

/* nt_name: the hive's name in NT's namespace, for NtOpenKeyEx, which
 * knows no predefined handles; NULL for the roots that are views (of the
 * user's hive, of two hives merged, of a machine key). */
static const struct {
	const char *name;
	HKEY handle;
	const char *nt_name;
} native_roots[] = {
	{ "HKLM", HKEY_LOCAL_MACHINE, "\\Registry\\Machine" },
	{ "HKCU", HKEY_CURRENT_USER, NULL },
	{ "HKCR", HKEY_CLASSES_ROOT, NULL },
	{ "HKU", HKEY_USERS, "\\Registry\\User" },
	{ "HKCC", HKEY_CURRENT_CONFIG, NULL },
};

bool native_error(error_message *err, DWORD code, const char *what, const char *key)
{
	char *text = wide_error_text(code);

	error_set(err, "native registry: %s %s: %s (error %lu)", what, key, text,
	          (unsigned long)code);
	free(text);
	return false;
}

bool native_key_parse(const char *key, native_key *out, error_message *err)
{
	char *normalized;

	if (!regpath_normalize(key, &normalized, err))
		return false;
	const char *separator = strchr(normalized, '\\');
	size_t root_length = separator ? (size_t)(separator - normalized) : strlen(normalized);
	for (size_t i = 0; i < sizeof native_roots / sizeof native_roots[0]; i++) {
		if (strlen(native_roots[i].name) == root_length &&
		    strncmp(normalized, native_roots[i].name, root_length) == 0) {
			out->name = normalized;
			out->root = native_roots[i].handle;
			out->nt_root = native_roots[i].nt_name;
			out->subkey = wide_from_utf8(separator ? separator + 1 : "");
			return true;
		}
	}
	error_set(err, "native registry: %s: no such root key", normalized);
	free(normalized);
	return false;
}

void native_key_free(native_key *key)
{
	free(key->name);
	free(key->subkey);
}

LONG native_key_open(const native_key *key, REGSAM access, HKEY *out)
{
	return RegOpenKeyExW(key->root, key->subkey, 0, access | KEY_WOW64_64KEY, out);
}

LONG native_key_open_backup(const native_key *key, REGSAM access, HKEY *out)
{
	if (key->nt_root == NULL)
		return ERROR_ACCESS_DENIED;
	const char *below_root = strchr(key->name, '\\');
	strbuf text = STRBUF_INIT;
	strbuf_printf(&text, "%s%s", key->nt_root, below_root ? below_root : "");
	wchar_t *path = wide_from_utf8(text.data);
	strbuf_free(&text);
	size_t bytes = wcslen(path) * sizeof *path;
	/* A UNICODE_STRING counts bytes in 16 bits: a longer name is no key. */
	if (bytes > USHRT_MAX - sizeof *path) {
		free(path);
		return ERROR_FILENAME_EXCED_RANGE;
	}
	UNICODE_STRING name = { .Length = (USHORT)bytes, .MaximumLength = (USHORT)bytes,
		                .Buffer = path };
	OBJECT_ATTRIBUTES attributes;
	InitializeObjectAttributes(&attributes, &name, OBJ_CASE_INSENSITIVE, NULL, NULL);
	HANDLE handle;
	NTSTATUS status = NtOpenKeyEx(&handle, access | KEY_WOW64_64KEY, &attributes,
	                              REG_OPTION_BACKUP_RESTORE);
	free(path);
	if (!NT_SUCCESS(status)) {
		/* The backend speaks Win32 codes (native_error): ntdll's own
		 * translation, e.g. STATUS_OBJECT_NAME_NOT_FOUND -> 2. */
		return (LONG)RtlNtStatusToDosError(status);
	}
	*out = (HKEY)handle;
	return ERROR_SUCCESS;
}

/* A key its DACL hides from us is still read, with backup semantics, as a
 * repair tool running as SYSTEM must see every key it checks. The caller
 * disables the privilege again (native_privileges_restore). */
static bool open_for_reading(native_registry *self, const native_key *key, REGSAM access,
                             HKEY *out, error_message *err)
{
	LONG status = native_key_open(key, access, out);
	if (status == ERROR_ACCESS_DENIED &&
	    native_privilege_enable(self, NATIVE_PRIVILEGE_BACKUP) == ERROR_SUCCESS)
		status = native_key_open_backup(key, access, out);
	if (status != ERROR_SUCCESS)
		return native_error(err, (DWORD)status, "cannot open", key->name);
	return true;
}

static bool native_key_exists(registry *reg, const char *key)
{
	native_key path;
	HKEY handle;

	(void)reg;
	if (!native_key_parse(key, &path, NULL))
		return false;
	LONG status = native_key_open(&path, KEY_QUERY_VALUE, &handle);
	native_key_free(&path);
	if (status == ERROR_SUCCESS)
		RegCloseKey(handle);
	return status == ERROR_SUCCESS || status == ERROR_ACCESS_DENIED;
}

static bool list_subkeys(HKEY handle, const char *name, strlist *names, error_message *err)
{
	wchar_t subkey[KEY_NAME_UNITS];

	for (DWORD index = 0;; index++) {
		DWORD length = KEY_NAME_UNITS;
		LONG status = RegEnumKeyExW(handle, index, subkey, &length, NULL, NULL, NULL, NULL);
		if (status == ERROR_NO_MORE_ITEMS)
			return true;
		if (status != ERROR_SUCCESS)
			return native_error(err, (DWORD)status, "cannot list the subkeys of", name);
		strlist_add_owned(names, wide_to_utf8(subkey, (int)length));
	}
}

static bool native_subkeys(registry *reg, const char *key, strlist *names, error_message *err)
{
	native_key path;
	HKEY handle;

	if (!native_key_parse(key, &path, err))
		return false;
	bool ok = open_for_reading((native_registry *)reg, &path, KEY_ENUMERATE_SUB_KEYS,
	                           &handle, err);
	native_privileges_restore((native_registry *)reg);
	if (ok) {
		ok = list_subkeys(handle, path.name, names, err);
		RegCloseKey(handle);
	}
	native_key_free(&path);
	return ok;
}

typedef struct value_list {
	registry_value *items;
	size_t count;
	size_t capacity;
} value_list;

static void value_list_add(value_list *list, const wchar_t *name, DWORD type,
                           const unsigned char *data, DWORD size)
{
	if (list->count == list->capacity) {
		list->capacity = list->capacity ? 2 * list->capacity : 8;
		list->items = xrealloc(list->items, list->capacity * sizeof *list->items);
	}
	registry_value *value = &list->items[list->count++];
	value->name = wide_to_utf8(name, -1);
	value->type = type;
	value->size = size;
	value->data = xmalloc(size ? size : 1);
	memcpy(value->data, data, size);
}

/* One value at index, growing the data buffer when the value outgrew it
 * since the key was measured. */
static LONG read_value(HKEY handle, DWORD index, wchar_t *name, unsigned char **data,
                       DWORD *capacity, DWORD *type, DWORD *size)
{
	for (;;) {
		DWORD name_length = VALUE_NAME_UNITS;
		*size = *capacity;
		LONG status = RegEnumValueW(handle, index, name, &name_length, NULL, type, *data, size);
		if (status != ERROR_MORE_DATA)
			return status;
		*capacity = *size > 2 * *capacity ? *size : 2 * *capacity;
		*data = xrealloc(*data, *capacity);
	}
}

static bool list_values(HKEY handle, const char *name, value_list *list, error_message *err)
{
	DWORD capacity = 0;
	LONG status = RegQueryInfoKeyW(handle, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	                               &capacity, NULL, NULL);
	if (status != ERROR_SUCCESS)
		return native_error(err, (DWORD)status, "cannot measure the values of", name);
	capacity = capacity ? capacity : 16;
	unsigned char *data = xmalloc(capacity);
	wchar_t *value_name = xmalloc(VALUE_NAME_UNITS * sizeof *value_name);
	for (DWORD index = 0;; index++) {
		DWORD type, size;
		status = read_value(handle, index, value_name, &data, &capacity, &type, &size);
		if (status != ERROR_SUCCESS)
			break;
		value_list_add(list, value_name, type, data, size);
	}
	free(value_name);
	free(data);
	if (status != ERROR_NO_MORE_ITEMS)
		return native_error(err, (DWORD)status, "cannot read the values of", name);
	return true;
}

static bool native_values(registry *reg, const char *key, registry_value **values, size_t *count,
                          error_message *err)
{
	native_key path;
	HKEY handle;
	value_list list = { NULL, 0, 0 };

	if (!native_key_parse(key, &path, err))
		return false;
	bool ok = open_for_reading((native_registry *)reg, &path, KEY_QUERY_VALUE, &handle, err);
	native_privileges_restore((native_registry *)reg);
	if (ok) {
		ok = list_values(handle, path.name, &list, err);
		RegCloseKey(handle);
	}
	native_key_free(&path);
	if (!ok) {
		registry_values_free(list.items, list.count);
		return false;
	}
	*values = list.items;
	*count = list.count;
	return true;
}

/* The value's type and bytes; ERROR_FILE_NOT_FOUND when there is none. */
static LONG query_value(HKEY handle, const wchar_t *name, DWORD *type, unsigned char **data,
                        DWORD *size)
{
	DWORD capacity = 0;
	LONG status = RegQueryValueExW(handle, name, NULL, type, NULL, &capacity);

	while (status == ERROR_SUCCESS || status == ERROR_MORE_DATA) {
		*data = xrealloc(*data, capacity + 1);
		*size = capacity;
		status = RegQueryValueExW(handle, name, NULL, type, *data, size);
		if (status == ERROR_SUCCESS)
			return status;
		capacity = *size > capacity ? *size : 2 * capacity + 2;
	}
	return status;
}

static bool native_get_value(registry *reg, const char *key, registry_view view,
                             const char *name, registry_value **value, bool *key_found,
                             error_message *err)
{
	native_key path;
	HKEY handle;
	REGSAM access = KEY_QUERY_VALUE | (view == REGISTRY_VIEW_32 ? KEY_WOW64_32KEY : KEY_WOW64_64KEY);

	(void)reg;
	if (!native_key_parse(key, &path, err))
		return false;
	LONG status = RegOpenKeyExW(path.root, path.subkey, 0, access, &handle);
	bool ok = status == ERROR_SUCCESS || status == ERROR_FILE_NOT_FOUND ||
	          native_error(err, (DWORD)status, "cannot open", path.name);
	*key_found = status == ERROR_SUCCESS;
	if (*key_found) {
		wchar_t *wide = wide_from_utf8(name);
		unsigned char *data = NULL;
		DWORD type = REG_NONE, size = 0;
		status = query_value(handle, wide, &type, &data, &size);
		if (status == ERROR_SUCCESS) {
			registry_value *found = xcalloc(1, sizeof *found);
			*found = (registry_value){ xstrdup(name), type, data, size };
			*value = found;
			data = NULL;
		} else if (status != ERROR_FILE_NOT_FOUND) {
			ok = native_error(err, (DWORD)status, "cannot read a value of", path.name);
		}
		free(data);
		free(wide);
		RegCloseKey(handle);
	}
	native_key_free(&path);
	return ok;
}

bool native_descriptor_read(native_registry *self, const native_key *key,
                            SECURITY_INFORMATION parts, PSECURITY_DESCRIPTOR *out,
                            error_message *err)
{
	HKEY handle;
	DWORD size = 0;

	if (!open_for_reading(self, key, READ_CONTROL, &handle, err))
		return false;
	LONG status = RegGetKeySecurity(handle, parts, NULL, &size);
	PSECURITY_DESCRIPTOR descriptor = NULL;
	while (status == ERROR_INSUFFICIENT_BUFFER) {
		descriptor = xrealloc(descriptor, size);
		status = RegGetKeySecurity(handle, parts, descriptor, &size);
	}
	RegCloseKey(handle);
	if (status != ERROR_SUCCESS) {
		free(descriptor);
		return native_error(err, (DWORD)status, "cannot read the security descriptor of",
		                    key->name);
	}
	*out = descriptor;
	return true;
}

static bool native_get_security(registry *reg, const char *key, char **sddl, error_message *err)
{
	const SECURITY_INFORMATION parts =
	    OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION;
	native_key path;
	PSECURITY_DESCRIPTOR descriptor;
	LPWSTR text;

	if (!native_key_parse(key, &path, err))
		return false;
	bool ok = native_descriptor_read((native_registry *)reg, &path, parts, &descriptor, err);
	native_privileges_restore((native_registry *)reg);
	if (ok) {
		ok = ConvertSecurityDescriptorToStringSecurityDescriptorW(descriptor, SDDL_REVISION_1,
		                                                          parts, &text, NULL);
		if (ok) {
			*sddl = wide_to_utf8(text, -1);
			LocalFree(text);
		} else
			native_error(err, GetLastError(), "cannot write as SDDL the descriptor of",
			             path.name);
		free(descriptor);
	}
	native_key_free(&path);
	return ok;
}

/* The descriptor's owner (part OWNER_SECURITY_INFORMATION) or group; NULL
 * when it names none. */
static PSID descriptor_sid(PSECURITY_DESCRIPTOR descriptor, SECURITY_INFORMATION part)
{
	PSID sid = NULL;
	BOOL defaulted;

	if (!(part == OWNER_SECURITY_INFORMATION
	          ? GetSecurityDescriptorOwner(descriptor, &sid, &defaulted)
	          : GetSecurityDescriptorGroup(descriptor, &sid, &defaulted)))
		return NULL;
	return sid;
}

/* The parts a descriptor parsed from SDDL names: "D:..." alone must leave
 * the owner and group as they are. */
static SECURITY_INFORMATION descriptor_parts(PSECURITY_DESCRIPTOR descriptor)
{
	SECURITY_INFORMATION parts = 0;
	PACL acl;
	BOOL present, defaulted;

	if (descriptor_sid(descriptor, OWNER_SECURITY_INFORMATION) != NULL)
		parts |= OWNER_SECURITY_INFORMATION;
	if (descriptor_sid(descriptor, GROUP_SECURITY_INFORMATION) != NULL)
		parts |= GROUP_SECURITY_INFORMATION;
	if (GetSecurityDescriptorDacl(descriptor, &present, &acl, &defaulted) && present)
		parts |= DACL_SECURITY_INFORMATION;
	return parts;
}

/* parts without the owner and group the key has already. Writing them
 * needs WRITE_OWNER, which a key may refuse where it grants WRITE_DAC: a
 * DACL-only repair must not turn into an ownership takeover
 * (docs/DESIGN.md "Fix"). A key whose owner cannot be read keeps every
 * part: the write tells what it may do. */
static SECURITY_INFORMATION parts_to_write(native_registry *self, const native_key *key,
                                           PSECURITY_DESCRIPTOR wanted,
                                           SECURITY_INFORMATION parts)
{
	static const SECURITY_INFORMATION names[] = { OWNER_SECURITY_INFORMATION,
		                                      GROUP_SECURITY_INFORMATION };
	const SECURITY_INFORMATION named = parts & (names[0] | names[1]);
	PSECURITY_DESCRIPTOR current;

	if (named == 0 || !native_descriptor_read(self, key, named, &current, NULL))
		return parts;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		PSID has = descriptor_sid(current, names[i]);
		if ((named & names[i]) && has != NULL &&
		    EqualSid(has, descriptor_sid(wanted, names[i])))
			parts &= ~names[i];
	}
	free(current);
	return parts;
}

LONG native_descriptor_write(const native_key *key, SECURITY_INFORMATION parts,
                             PSECURITY_DESCRIPTOR descriptor)
{
	REGSAM access = 0;
	HKEY handle;

	if (parts & DACL_SECURITY_INFORMATION)
		access |= WRITE_DAC;
	if (parts & (OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION))
		access |= WRITE_OWNER;
	LONG status = native_key_open(key, access, &handle);
	if (status != ERROR_SUCCESS)
		return status;
	status = RegSetKeySecurity(handle, parts, descriptor);
	RegCloseKey(handle);
	return status;
}

static bool write_descriptor(native_registry *self, const native_key *key, const char *sddl,
                             PSECURITY_DESCRIPTOR descriptor, error_message *err)
{
	SECURITY_INFORMATION parts = descriptor_parts(descriptor);
	if (parts == 0)
		return error_set(err, "native registry: %s: security descriptor '%s' names no owner, "
		                 "group or DACL", key->name, sddl);
	parts = parts_to_write(self, key, descriptor, parts);
	native_privileges_restore(self);
	if (parts == 0)
		return true;
	LONG status = native_descriptor_write(key, parts, descriptor);
	/* Only SeRestorePrivilege lets an owner other than ourselves be set. */
	if (status == ERROR_INVALID_OWNER &&
	    native_privilege_enable(self, NATIVE_PRIVILEGE_RESTORE) == ERROR_SUCCESS)
		status = native_descriptor_write(key, parts, descriptor);
	bool ok = status == ERROR_SUCCESS;
	if (status == ERROR_ACCESS_DENIED)
		ok = native_takeover(self, key, sddl, parts, descriptor, err);
	else if (!ok)
		native_error(err, (DWORD)status, "cannot set the security descriptor of", key->name);
	native_privileges_restore(self);
	return ok;
}

static bool native_set_security(registry *reg, const char *key, const char *sddl,
                                error_message *err)
{
	native_key path;
	PSECURITY_DESCRIPTOR descriptor;

	if (!native_key_parse(key, &path, err))
		return false;
	wchar_t *wide = wide_from_utf8(sddl);
	bool ok = ConvertStringSecurityDescriptorToSecurityDescriptorW(wide, SDDL_REVISION_1,
	                                                               &descriptor, NULL);
	DWORD conversion_error = ok ? ERROR_SUCCESS : GetLastError();  /* before free() can change it */
	free(wide);
	if (!ok)
		error_set(err, "native registry: %s: invalid security descriptor '%s' (error %lu)",
		          path.name, sddl, (unsigned long)conversion_error);
	else {
		ok = write_descriptor((native_registry *)reg, &path, sddl, descriptor, err);
		LocalFree(descriptor);
	}
	native_key_free(&path);
	return ok;
}

/* The machine as Windows names it for good: MachineGuid, set at setup. */
static char *native_identity(registry *reg)
{
	registry_value *value = NULL;
	bool key_found = false;
	strlist text = STRLIST_INIT;
	strbuf identity = STRBUF_INIT;

	if (native_get_value(reg, "HKLM\\SOFTWARE\\Microsoft\\Cryptography", REGISTRY_VIEW_64,
	                     "MachineGuid", &value, &key_found, NULL) &&
	    value != NULL && registry_value_strings(value, &text) && text.count == 1) {
		strbuf_printf(&identity, "native:%s", text.items[0]);
	} else {
		wchar_t name[MAX_COMPUTERNAME_LENGTH + 1];
		DWORD units = MAX_COMPUTERNAME_LENGTH + 1;
		char *host = GetComputerNameW(name, &units) ? wide_to_utf8(name, (int)units) : xstrdup("");
		strbuf_printf(&identity, "native:%s", host);
		free(host);
	}
	registry_value_free(value);
	strlist_free(&text);
	return strbuf_detach(&identity);
}

/* Nothing is kept back: commit has nothing to write, refresh nothing to read. */
static bool native_nothing_to_do(registry *reg, error_message *err)
{
	(void)reg;
	(void)err;
	return true;
}

static void native_close(registry *reg)
{
	native_registry *self = (native_registry *)reg;
	native_privileges_restore(self);
	free(self);
}

/* Creates the key and its missing parents, as the file backend does. */
static bool native_set_value(registry *reg, const char *key, const registry_value *value,
                             error_message *err)
{
	native_key path;
	HKEY handle;

	(void)reg;
	if (!native_key_parse(key, &path, err))
		return false;
	LONG status = RegCreateKeyExW(path.root, path.subkey, 0, NULL, 0,
	                              KEY_SET_VALUE | KEY_WOW64_64KEY, NULL, &handle, NULL);
	bool ok = status == ERROR_SUCCESS || native_error(err, (DWORD)status, "cannot create", path.name);
	if (ok) {
		wchar_t *name = wide_from_utf8(value->name);
		status = RegSetValueExW(handle, name, 0, value->type, value->data, (DWORD)value->size);
		free(name);
		RegCloseKey(handle);
		ok = status == ERROR_SUCCESS ||
		     native_error(err, (DWORD)status, "cannot write a value of", path.name);
	}
	native_key_free(&path);
	return ok;
}

static const registry_ops native_registry_ops = {
	.key_exists = native_key_exists,
	.subkeys = native_subkeys,
	.values = native_values,
	.get_value = native_get_value,
	.get_security = native_get_security,
	.set_security = native_set_security,
	.set_value = native_set_value,
	.commit = native_nothing_to_do,
	.refresh = native_nothing_to_do,
	.identity = native_identity,
	.close = native_close,
};

bool registry_open_native(registry **out, error_message *err)
{
	(void)err;
	native_registry *self = xcalloc(1, sizeof *self);
	self->base.ops = &native_registry_ops;
	self->base.description = "native registry";
	*out = &self->base;
	return true;
}
