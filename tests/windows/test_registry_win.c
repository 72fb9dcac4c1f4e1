/* The native registry backend against the machine's real registry (Wine's
 * under CI): keys created under HKLM\Software\ccmwrap-test-<pid>, DACLs
 * that deny this process's own user, so that the registry's own access
 * check is the judge. */
#include <windows.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config/base/sid.h"
#include "checks/fix.h"
#include "config/base/regpath.h"
#include "checks/registry/registry-native-win.h"
#include "checks/registry/registry.h"
#include "tests/support/testregistry.h"
#include "tests/support/testsupport.h"
#include "tests/windows/wintest.h"

typedef struct fixture {
	char key[128];        /* HKLM\Software\ccmwrap-test-<pid> */
	wchar_t subkey[128];  /* the same below HKLM */
	char user[SID_TEXT_MAX];
	registry *reg;
	strbuf steps;         /* every reported step, one line each */
} fixture;

static void record_step(void *context, const registry_step *step)
{
	fixture *f = context;
	strbuf_printf(&f->steps, "%s %s %s %s\n", step->action, step->key ? step->key : "-",
	              step->before ? step->before : "-", step->after);
}

/* <subkey>\<relative> below HKLM (relative may be L""). */
static void below_test_key(const fixture *f, const wchar_t *relative, wchar_t path[256])
{
	swprintf(path, 256, L"%ls%ls%ls", f->subkey, relative[0] ? L"\\" : L"", relative);
}

/* Creates <key>\<relative> and returns it open. */
static HKEY create_key(const fixture *f, const wchar_t *relative)
{
	wchar_t path[256];

	below_test_key(f, relative, path);
	return wintest_create_key(path);
}

static LONG open_with(const fixture *f, const wchar_t *relative, REGSAM access)
{
	wchar_t path[256];
	HKEY handle;

	below_test_key(f, relative, path);
	LONG status = RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, access, &handle);
	if (status == ERROR_SUCCESS)
		RegCloseKey(handle);
	return status;
}

static char *child(const fixture *f, const char *relative)
{
	static char path[256];
	snprintf(path, sizeof path, "%s%s%s", f->key, relative[0] ? "\\" : "", relative);
	return path;
}

/* Puts a descriptor on a key directly, bypassing the backend. */
static void set_directly(const fixture *f, const wchar_t *relative, SECURITY_INFORMATION parts,
                         const wchar_t *sddl)
{
	wchar_t path[256];

	below_test_key(f, relative, path);
	wintest_set_security_at(path, parts, sddl);
}

static int setup(void **state)
{
	fixture *f = xcalloc(1, sizeof *f);
	unsigned long pid = GetCurrentProcessId();

	snprintf(f->key, sizeof f->key, "HKLM\\Software\\ccmwrap-test-%lu", pid);
	swprintf(f->subkey, 128, L"Software\\ccmwrap-test-%lu", pid);
	wintest_process_user(f->user);
	RegCloseKey(create_key(f, L""));
	error_message err;
	assert_true(registry_open_native(&f->reg, &err));
	registry_set_step_hook(f->reg, record_step, f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	registry_close(f->reg);
	/* Every key of the test tree back to us, so that it can be deleted. */
	wintest_unlock_tree(f->subkey, NULL, L"D:(A;;KA;;;WD)");
	RegDeleteTreeW(HKEY_LOCAL_MACHINE, f->subkey);
	strbuf_free(&f->steps);
	free(f);
	return 0;
}

static char *get_security(fixture *f, const char *relative)
{
	error_message err = { "" };
	char *sddl = NULL;
	if (!registry_get_security(f->reg, child(f, relative), &sddl, &err))
		fail_msg("%s", err.text);
	return sddl;
}

static void assert_security(fixture *f, const char *relative, const char *expected)
{
	char *sddl = get_security(f, relative);
	assert_string_equal(sddl, expected);
	free(sddl);
}

static void set_security(fixture *f, const char *relative, const char *sddl)
{
	error_message err = { "" };
	if (!registry_set_security(f->reg, child(f, relative), sddl, &err))
		fail_msg("%s", err.text);
}

/* Whether the process token has the privilege enabled now. */
static bool privilege_enabled(const wchar_t *name)
{
	PRIVILEGE_SET set = { .PrivilegeCount = 1, .Control = PRIVILEGE_SET_ALL_NECESSARY };
	HANDLE token;
	BOOL enabled = FALSE;

	assert_true(LookupPrivilegeValueW(NULL, name, &set.Privilege[0].Luid));
	assert_true(OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token));
	assert_true(PrivilegeCheck(token, &set, &enabled));
	CloseHandle(token);
	return enabled != FALSE;
}

/* The privileges a write needed are off again once it returns, while the
 * registry stays open. */
static void assert_privileges_off(void)
{
	assert_false(privilege_enabled(L"SeTakeOwnershipPrivilege"));
	assert_false(privilege_enabled(L"SeRestorePrivilege"));
	assert_false(privilege_enabled(L"SeBackupPrivilege"));
}

static void test_key_exists(void **state)
{
	fixture *f = *state;
	RegCloseKey(create_key(f, L"*SMS_MOUSE"));
	set_directly(f, L"*SMS_MOUSE", DACL_SECURITY_INFORMATION, L"D:P(A;;KA;;;SY)");

	assert_true(registry_key_exists(f->reg, f->key));
	assert_true(registry_key_exists(f->reg, child(f, "*sms_mouse")));
	assert_false(registry_key_exists(f->reg, child(f, "missing")));
	assert_false(registry_key_exists(f->reg, "HKXX\\Software"));
}

static void test_subkeys_in_registry_order(void **state)
{
	fixture *f = *state;
	RegCloseKey(create_key(f, L"b"));
	RegCloseKey(create_key(f, L"a\\deeper"));
	RegCloseKey(create_key(f, L"\u00e9t\u00e9"));
	strlist names = STRLIST_INIT;
	error_message err = { "" };

	assert_true(registry_subkeys(f->reg, f->key, &names, &err));
	assert_int_equal(names.count, 3);
	assert_string_equal(names.items[0], "a");
	assert_string_equal(names.items[1], "b");
	assert_string_equal(names.items[2], "\xc3\xa9t\xc3\xa9");
	strlist_free(&names);
}

static void test_subkeys_of_missing_key(void **state)
{
	fixture *f = *state;
	strlist names = STRLIST_INIT;
	error_message err = { "" };
	char expected[256];

	assert_false(registry_subkeys(f->reg, child(f, "missing"), &names, &err));
	snprintf(expected, sizeof expected, "native registry: cannot open %s\\missing: ", f->key);
	assert_memory_equal(err.text, expected, strlen(expected));
	assert_non_null(strstr(err.text, "(error 2)"));
	assert_int_equal(names.count, 0);
}

static void test_values_as_stored(void **state)
{
	fixture *f = *state;
	HKEY handle = create_key(f, L"values");
	const DWORD number = 0x12345678;
	const unsigned char blob[] = { 0, 1, 2, 0xff };
	const wchar_t multi[] = L"kbstuff\0mouclass\0";
	assert_int_equal(RegSetValueExW(handle, L"", 0, REG_SZ, (const BYTE *)L"x", 4), 0);
	assert_int_equal(RegSetValueExW(handle, L"Service", 0, REG_SZ, (const BYTE *)L"kbstuff",
	                                16), 0);
	assert_int_equal(RegSetValueExW(handle, L"Number", 0, REG_DWORD, (const BYTE *)&number, 4), 0);
	assert_int_equal(RegSetValueExW(handle, L"Blob", 0, REG_BINARY, blob, sizeof blob), 0);
	assert_int_equal(RegSetValueExW(handle, L"UpperFilters", 0, REG_MULTI_SZ,
	                                (const BYTE *)multi, sizeof multi), 0);
	RegCloseKey(handle);
	registry_value *values;
	size_t count;
	error_message err = { "" };

	assert_true(registry_values(f->reg, child(f, "values"), &values, &count, &err));
	assert_int_equal(count, 5);
	for (size_t i = 0; i < count; i++) {
		registry_value *v = &values[i];
		if (strcmp(v->name, "") == 0) {
			assert_int_equal(v->type, REGISTRY_SZ);
			assert_int_equal(v->size, 4);
			assert_memory_equal(v->data, "x\0\0\0", 4);
		} else if (strcmp(v->name, "Service") == 0) {
			strlist text = STRLIST_INIT;
			assert_true(registry_value_strings(v, &text));
			assert_int_equal(text.count, 1);
			assert_string_equal(text.items[0], "kbstuff");
			strlist_free(&text);
		} else if (strcmp(v->name, "Number") == 0) {
			assert_int_equal(v->type, REGISTRY_DWORD);
			assert_int_equal(v->size, 4);
			assert_memory_equal(v->data, "\x78\x56\x34\x12", 4);
		} else if (strcmp(v->name, "Blob") == 0) {
			assert_int_equal(v->type, REGISTRY_BINARY);
			assert_int_equal(v->size, 4);
			assert_memory_equal(v->data, blob, 4);
		} else {
			assert_string_equal(v->name, "UpperFilters");
			assert_int_equal(v->type, REGISTRY_MULTI_SZ);
			assert_int_equal(v->size, sizeof multi);
			strlist text = STRLIST_INIT;
			assert_true(registry_value_strings(v, &text));
			assert_int_equal(text.count, 2);
			assert_string_equal(text.items[1], "mouclass");
			strlist_free(&text);
		}
	}
	registry_values_free(values, count);
}

static void test_security_round_trips_exactly(void **state)
{
	fixture *f = *state;
	char sddl[512];
	RegCloseKey(create_key(f, L"sd"));

	snprintf(sddl, sizeof sddl, "O:%sG:SYD:P(A;CI;KA;;;SY)(A;CI;KR;;;WD)(D;;KA;;;%s)", f->user,
	         f->user);
	set_security(f, "sd", sddl);
	assert_security(f, "sd", sddl);
	set_security(f, "sd", "D:AI(A;CI;KA;;;BA)(A;CIID;KR;;;BU)");
	snprintf(sddl, sizeof sddl, "O:%sG:SYD:AI(A;CI;KA;;;BA)(A;CIID;KR;;;BU)", f->user);
	assert_security(f, "sd", sddl);
	assert_string_equal(f->steps.data ? f->steps.data : "", "");
}

/* The KB2000387 situation: the key's DACL denies the trustee Full Control,
 * so the registry itself refuses to open it for KEY_ALL_ACCESS; after the
 * backend writes a DACL granting it, the same open succeeds. */
static void test_registry_enforces_what_was_set(void **state)
{
	fixture *f = *state;
	char sddl[512];
	RegCloseKey(create_key(f, L"*SMS_KEYBOARD"));

	snprintf(sddl, sizeof sddl, "D:P(D;CI;KA;;;%s)(A;CI;KA;;;WD)", f->user);
	set_security(f, "*SMS_KEYBOARD", sddl);
	assert_int_equal(open_with(f, L"*SMS_KEYBOARD", KEY_READ), ERROR_ACCESS_DENIED);
	set_security(f, "*SMS_KEYBOARD", "D:P(A;CI;KA;;;SY)(A;CI;KR;;;BU)");
	assert_int_equal(open_with(f, L"*SMS_KEYBOARD", KEY_ALL_ACCESS), ERROR_ACCESS_DENIED);
	assert_int_equal(open_with(f, L"*SMS_KEYBOARD", KEY_READ), ERROR_SUCCESS);
	snprintf(sddl, sizeof sddl, "D:P(A;CI;KA;;;SY)(A;CI;KR;;;BU)(A;CI;KA;;;%s)", f->user);
	set_security(f, "*SMS_KEYBOARD", sddl);
	assert_int_equal(open_with(f, L"*SMS_KEYBOARD", KEY_ALL_ACCESS), ERROR_SUCCESS);
}

/* KB2000387's keys: owned by SYSTEM, readable by us, WRITE_DAC refused.
 * The backend takes ownership, writes, gives ownership back, and reports
 * every step before taking it. Wine checks SeTakeOwnershipPrivilege only
 * when an owner is set, not when the key is opened for WRITE_OWNER
 * (server/token.c), so here the DACL grants WO, as the privilege does on
 * Windows. */
static void test_write_dac_refused_takes_ownership(void **state)
{
	fixture *f = *state;
	char sddl[512], expected[2048];
	wchar_t broken[256];
	RegCloseKey(create_key(f, L"*SMS_DISPLAY"));
	swprintf(broken, 256, L"O:SYD:P(A;CI;KA;;;SY)(A;CI;KR;;;%hs)(A;CI;WO;;;%hs)", f->user,
	         f->user);
	set_directly(f, L"*SMS_DISPLAY", OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION,
	             broken);
	assert_int_equal(open_with(f, L"*SMS_DISPLAY", WRITE_DAC), ERROR_ACCESS_DENIED);

	char *before = get_security(f, "*SMS_DISPLAY");
	const char *group = strstr(before, "G:");
	assert_non_null(group);
	assert_memory_equal(before, "O:SYG:", 6);

	snprintf(sddl, sizeof sddl, "D:P(A;CI;KA;;;SY)(A;CI;KA;;;%s)", f->user);
	set_security(f, "*SMS_DISPLAY", sddl);

	snprintf(expected, sizeof expected, "O:SY%.*s%s", (int)(strstr(group, "D:") - group), group,
	         sddl);
	assert_security(f, "*SMS_DISPLAY", expected);
	free(before);
	snprintf(expected, sizeof expected,
	         "enable-privilege - - SeTakeOwnershipPrivilege\n"
	         "enable-privilege - - SeRestorePrivilege\n"
	         "take-ownership %s\\*SMS_DISPLAY S-1-5-18 %s\n"
	         "set-security %s\\*SMS_DISPLAY - %s\n"
	         "restore-owner %s\\*SMS_DISPLAY %s S-1-5-18\n",
	         f->key, f->user, f->key, sddl, f->key, f->user);
	assert_string_equal(f->steps.data, expected);
	assert_int_equal(open_with(f, L"*SMS_DISPLAY", KEY_ALL_ACCESS), ERROR_SUCCESS);
	assert_privileges_off();
}

/* What rollback does: put back a whole earlier descriptor, owner included,
 * on a key that refuses WRITE_DAC. The descriptor's own owner is the one
 * that stays, so no restore-owner step is needed. */
static void test_whole_descriptor_written_through_ownership(void **state)
{
	fixture *f = *state;
	char sddl[512], expected[2048];
	wchar_t broken[256];
	RegCloseKey(create_key(f, L"*SMS_MOUSE"));
	swprintf(broken, 256, L"O:SYG:SYD:P(A;CI;KR;;;%hs)(A;CI;WO;;;%hs)", f->user, f->user);
	set_directly(f, L"*SMS_MOUSE",
	             OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION |
	                 DACL_SECURITY_INFORMATION,
	             broken);

	snprintf(sddl, sizeof sddl, "O:BAG:SYD:AI(A;CI;KA;;;SY)(A;CIID;KR;;;%s)", f->user);
	set_security(f, "*SMS_MOUSE", sddl);

	assert_security(f, "*SMS_MOUSE", sddl);
	snprintf(expected, sizeof expected,
	         "enable-privilege - - SeTakeOwnershipPrivilege\n"
	         "enable-privilege - - SeRestorePrivilege\n"
	         "take-ownership %s\\*SMS_MOUSE S-1-5-18 %s\n"
	         "set-security %s\\*SMS_MOUSE - %s\n",
	         f->key, f->user, f->key, sddl);
	assert_string_equal(f->steps.data, expected);
	assert_privileges_off();
}

/* A key that grants us WRITE_DAC but not WRITE_OWNER: a descriptor whose
 * owner and group are the key's own is a DACL-only write, done without
 * asking for WRITE_OWNER, so without any privilege or takeover. */
static void test_dacl_only_write_asks_no_write_owner(void **state)
{
	fixture *f = *state;
	char sddl[512];
	wchar_t dacl[256];
	RegCloseKey(create_key(f, L"*SMS_KEYBOARD"));
	swprintf(dacl, 256, L"O:SYD:P(A;CI;KR;;;%hs)(A;CI;WD;;;%hs)", f->user, f->user);
	set_directly(f, L"*SMS_KEYBOARD", OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION,
	             dacl);
	assert_int_equal(open_with(f, L"*SMS_KEYBOARD", WRITE_OWNER), ERROR_ACCESS_DENIED);
	char *before = get_security(f, "*SMS_KEYBOARD");
	const char *dacl_start = strstr(before, "D:");
	assert_non_null(dacl_start);

	snprintf(sddl, sizeof sddl, "%.*sD:P(A;CI;KA;;;%s)", (int)(dacl_start - before), before,
	         f->user);
	set_security(f, "*SMS_KEYBOARD", sddl);

	assert_security(f, "*SMS_KEYBOARD", sddl);
	assert_string_equal(f->steps.data ? f->steps.data : "", "");
	assert_int_equal(open_with(f, L"*SMS_KEYBOARD", KEY_ALL_ACCESS), ERROR_SUCCESS);
	assert_privileges_off();
	free(before);
}

static void assert_fails_with_not_found(bool ok, const error_message *err)
{
	assert_false(ok);
	assert_non_null(strstr(err->text, "(error 2)"));
}

/* Every read of a key that does not exist, or whose parent does not,
 * fails or says so, and leaves the registry as it was: nothing created,
 * also by the backup-semantics open with SeBackupPrivilege enabled. */
static void test_reading_missing_keys_creates_nothing(void **state)
{
	fixture *f = *state;
	static const char *const missing[] = { "missing", "absent\\below" };
	error_message err = { "" };

	for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
		char *key = xstrdup(child(f, missing[i]));
		strlist names = STRLIST_INIT;
		registry_value *values = NULL, *value = NULL;
		size_t count = 0;
		char *sddl = NULL;
		bool key_found = true;
		native_key path;
		HKEY handle;

		assert_false(registry_key_exists(f->reg, key));
		assert_fails_with_not_found(registry_subkeys(f->reg, key, &names, &err), &err);
		assert_fails_with_not_found(registry_values(f->reg, key, &values, &count, &err),
		                            &err);
		assert_fails_with_not_found(registry_get_security(f->reg, key, &sddl, &err), &err);
		assert_true(registry_get_value(f->reg, key, REGISTRY_VIEW_64, "Service", &value,
		                               &key_found, &err));
		assert_false(key_found);
		assert_true(native_key_parse(key, &path, &err));
		assert_int_equal(native_privilege_enable((native_registry *)f->reg,
		                                         NATIVE_PRIVILEGE_BACKUP),
		                 ERROR_SUCCESS);
		assert_int_equal(native_key_open_backup(&path, KEY_READ, &handle),
		                 ERROR_FILE_NOT_FOUND);
		native_privileges_restore((native_registry *)f->reg);
		native_key_free(&path);
		free(key);
	}
	assert_int_equal(open_with(f, L"missing", KEY_READ), ERROR_FILE_NOT_FOUND);
	assert_int_equal(open_with(f, L"absent", KEY_READ), ERROR_FILE_NOT_FOUND);
	assert_privileges_off();
}

/* Opens key with backup semantics and counts its subkeys and values. */
static LONG count_with_backup(const char *key, DWORD *subkeys, DWORD *values)
{
	native_key path;
	HKEY handle;
	error_message err = { "" };

	assert_true(native_key_parse(key, &path, &err));
	LONG status = native_key_open_backup(&path, KEY_READ, &handle);
	native_key_free(&path);
	if (status != ERROR_SUCCESS)
		return status;
	status = RegQueryInfoKeyW(handle, NULL, NULL, NULL, subkeys, NULL, NULL, values, NULL, NULL,
	                          NULL, NULL);
	RegCloseKey(handle);
	return status;
}

/* The backup-semantics open finds existing keys by their NT names,
 * through a registry link (CurrentControlSet); a root that is only a view
 * has no NT name and is refused. */
static void test_backup_open_finds_existing_keys(void **state)
{
	fixture *f = *state;
	HKEY handle = create_key(f, L"present\\below");
	const DWORD start = 3;
	assert_int_equal(RegSetValueExW(handle, L"Start", 0, REG_DWORD, (const BYTE *)&start, 4),
	                 ERROR_SUCCESS);
	RegCloseKey(handle);
	DWORD subkeys = 0, values = 0;

	assert_int_equal(count_with_backup(child(f, "present"), &subkeys, &values), ERROR_SUCCESS);
	assert_int_equal(subkeys, 1);
	assert_int_equal(values, 0);
	assert_int_equal(count_with_backup(child(f, "present\\below"), &subkeys, &values),
	                 ERROR_SUCCESS);
	assert_int_equal(subkeys, 0);
	assert_int_equal(values, 1);
	assert_int_equal(count_with_backup("HKLM\\SYSTEM\\CurrentControlSet\\Control", &subkeys,
	                                   &values),
	                 ERROR_SUCCESS);
	assert_true(subkeys > 0);
	assert_int_equal(count_with_backup("HKCU\\Software", &subkeys, &values),
	                 ERROR_ACCESS_DENIED);
}

/* Deletes the victim (below HKLM) right after the parent was listed:
 * enumerated, then gone before ccmwrap opens it, as when an MSI's custom
 * action deletes its own keys. */
typedef struct deletion {
	const char *parent;
	wchar_t victim[256];
	bool done;
} deletion;

static bool delete_after_listing(void *context, const char *op, const char *key, bool after,
                                 error_message *err)
{
	deletion *state = context;

	(void)err;
	if (after && !state->done && strcmp(op, "subkeys") == 0 &&
	    regpath_equal(key, state->parent)) {
		wintest_unlock_tree(state->victim, NULL, L"D:(A;;KA;;;WD)");
		assert_int_equal(RegDeleteTreeW(HKEY_LOCAL_MACHINE, state->victim), ERROR_SUCCESS);
		state->done = true;
	}
	return true;
}

/* Fix of a tree whose key b vanishes between its listing and its open:
 * b is skipped with the warning, a and c are repaired, and nothing
 * brings b back. */
static void test_fix_skips_key_deleted_after_listing(void **state)
{
	fixture *f = *state;
	static const wchar_t *const keys[] = { L"", L"a", L"b", L"b\\below", L"c" };
	wchar_t read_only[128];
	swprintf(read_only, 128, L"D:P(A;CI;KR;;;%hs)", f->user);
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		RegCloseKey(create_key(f, keys[i]));
		set_directly(f, keys[i], DACL_SECURITY_INFORMATION, read_only);
	}
	deletion b = { .parent = f->key };
	below_test_key(f, L"b", b.victim);
	registry *reg = test_registry_hooked(f->reg, false, delete_after_listing, &b);
	config cfg = { 0 };
	snprintf(cfg.acl.trustee, sizeof cfg.acl.trustee, "%s", f->user);
	strlist_add(&cfg.acl.token, f->user);
	cfg.acl.rights = 0xF003F;
	cfg.acl.scope = xstrdup(f->key);
	strlist_add(&cfg.acl.keys, f->key);
	char *dir = test_make_temp_dir();
	cfg.acl.journal = test_path(dir, "acl.journal");
	fix_options options = { .dry_run = false, .journal_path = NULL };
	fix_summary summary;
	error_message err = { "" };

	if (!fix_run(reg, &cfg, &options, &summary, &err))
		fail_msg("%s", err.text);

	assert_int_equal(summary.vanished.count, 1);
	assert_string_equal(summary.vanished.items[0], child(f, "b"));
	assert_int_equal(summary.change_count, 3);
	assert_string_equal(summary.changes[0].key, f->key);
	assert_string_equal(summary.changes[1].key, child(f, "a"));
	assert_string_equal(summary.changes[2].key, child(f, "c"));
	assert_int_equal(summary.targets, 3);
	assert_int_equal(summary.fixed, 3);
	assert_int_equal(summary.failed, 0);
	assert_int_equal(open_with(f, L"a", KEY_ALL_ACCESS), ERROR_SUCCESS);
	assert_int_equal(open_with(f, L"c", KEY_ALL_ACCESS), ERROR_SUCCESS);
	assert_int_equal(open_with(f, L"b", KEY_READ), ERROR_FILE_NOT_FOUND);
	fix_summary_free(&summary);
	registry_close(reg);
	config_free(&cfg);
	test_remove_tree(dir);
	free(dir);
}

static void test_invalid_sddl_names_key_and_text(void **state)
{
	fixture *f = *state;
	error_message err = { "" };
	char expected[512];

	assert_false(registry_set_security(f->reg, f->key, "D:(A;;KA;;;NOSUCHSID)", &err));
	snprintf(expected, sizeof expected,
	         "native registry: %s: invalid security descriptor 'D:(A;;KA;;;NOSUCHSID)' (error ",
	         f->key);
	assert_memory_equal(err.text, expected, strlen(expected));
}

static void test_set_value_creates_key_and_replaces(void **state)
{
	fixture *f = *state;
	error_message err = { "" };
	registry_value run = { "LastRun", REGISTRY_SZ, (unsigned char *)L"20", 6 };
	registry_value code = { "LastExitCode", REGISTRY_DWORD, (unsigned char *)"\x42\x06\x07\x80", 4 };
	registry_value newer = { "lastrun", REGISTRY_SZ, (unsigned char *)L"3", 4 };
	wchar_t data[8];
	DWORD type, size = sizeof data, number, number_size = sizeof number;

	assert_true(registry_set_value(f->reg, child(f, "state\\below"), &run, &err));
	assert_true(registry_set_value(f->reg, child(f, "state\\below"), &code, &err));
	assert_true(registry_set_value(f->reg, child(f, "state\\below"), &newer, &err));
	HKEY handle = create_key(f, L"state\\below");
	assert_int_equal(RegQueryValueExW(handle, L"LastRun", NULL, &type, (BYTE *)data, &size), 0);
	assert_int_equal(type, REG_SZ);
	assert_int_equal(size, 4);
	assert_memory_equal(data, L"3", 4);
	assert_int_equal(RegQueryValueExW(handle, L"LastExitCode", NULL, &type, (BYTE *)&number,
	                                  &number_size), 0);
	assert_int_equal(type, REG_DWORD);
	assert_int_equal(number, 0x80070642);
	RegCloseKey(handle);
	assert_false(registry_set_value(f->reg, "HKXX\\nowhere", &run, &err));
}

static void test_commit_has_nothing_to_do(void **state)
{
	fixture *f = *state;
	error_message err = { "" };
	assert_true(registry_commit(f->reg, &err));
}

static void test_open_native_describes_itself(void **state)
{
	(void)state;
	registry *reg;
	error_message err;
	assert_true(registry_open_native(&reg, &err));
	assert_string_equal(reg->description, "native registry");
	registry_close(reg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_key_exists, setup, teardown),
		cmocka_unit_test_setup_teardown(test_subkeys_in_registry_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_subkeys_of_missing_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_values_as_stored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_security_round_trips_exactly, setup, teardown),
		cmocka_unit_test_setup_teardown(test_registry_enforces_what_was_set, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_dac_refused_takes_ownership, setup, teardown),
		cmocka_unit_test_setup_teardown(test_whole_descriptor_written_through_ownership, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_dacl_only_write_asks_no_write_owner, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_reading_missing_keys_creates_nothing, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_backup_open_finds_existing_keys, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_fix_skips_key_deleted_after_listing, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_invalid_sddl_names_key_and_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_value_creates_key_and_replaces, setup, teardown),
		cmocka_unit_test_setup_teardown(test_commit_has_nothing_to_do, setup, teardown),
		cmocka_unit_test(test_open_native_describes_itself),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
