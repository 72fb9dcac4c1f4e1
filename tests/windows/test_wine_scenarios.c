/* The KB2000387 story end to end against the machine's own registry
 * (Wine's under CI): the SMS 2003 device keys are created with DACLs that
 * keep Full Control from this process's user in several ways, and that
 * user is ccmwrap's trustee, so the registry's own access check is the
 * judge, for fake_ccmsetup.exe as for this test. This program runs under
 * Wine too, so it sees the full 32-bit exit codes a Windows parent sees. */
#include <windows.h>
#include <aclapi.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <cmocka.h>
#include <uv.h>

#include "wrapper/report/exitcode.h"
#include "checks/registry/registry-native-win.h"
#include "config/base/wide.h"
#include "wrapper/report/result.h"
#include "tests/scenarios/scenario.h"
#include "config/base/sid.h"
#include "tests/support/testsupport.h"
#include "tests/windows/wintest.h"

#define DEVICE_ROOT L"SYSTEM\\CurrentControlSet\\Enum\\Root\\"
#define SERVICE_KEY L"SYSTEM\\CurrentControlSet\\Services\\kbstuff"
#define STATE_KEY L"SOFTWARE\\ccmwrap-wine-scenarios"

/* Every key the scenarios create, below HKLM, parents before children.
 * The DACLs keep Full Control from the user ({U}) in four ways and name
 * no group of its token but Everyone: SYSTEM is the only other trustee,
 * so ccmwrap's token list (the user and Everyone) agrees with Wine's
 * access check. */
typedef struct scenario_key {
	const wchar_t *path;
	const char *broken;    /* owner, group and DACL; {U} stands for the user */
} scenario_key;

static const scenario_key scenario_keys[] = {
	/* Read-only grant, owned by SYSTEM: WRITE_DAC is refused, so the
	 * backend takes ownership. Wine checks SeTakeOwnershipPrivilege only
	 * when an owner is set, not when the key is opened for WRITE_OWNER,
	 * so the DACL grants WO as the privilege does on Windows. */
	{ DEVICE_ROOT L"*SMS_MOUSE", "O:SYG:SYD:P(A;CI;KA;;;SY)(A;CI;KR;;;{U})(A;CI;WO;;;{U})" },
	{ DEVICE_ROOT L"*SMS_MOUSE\\0000",
	  "O:{U}G:SYD:AI(A;CI;KA;;;SY)(A;CIID;KR;;;{U})(A;CIID;WO;;;{U})" },
	/* An explicit deny of set-value and create-subkey before the allow. */
	{ DEVICE_ROOT L"*SMS_KEYBOARD", "O:{U}G:SYD:P(D;CI;0x6;;;{U})(A;CI;KA;;;{U})(A;CI;KA;;;SY)" },
	{ DEVICE_ROOT L"*SMS_KEYBOARD\\0000",
	  "O:{U}G:SYD:AI(D;CIID;0x6;;;{U})(A;CIID;KA;;;{U})(A;CIID;KA;;;SY)" },
	/* Full Control granted inherit-only: for the children, not the key;
	 * its child is protected and keeps read only. */
	{ DEVICE_ROOT L"*SMS_DISPLAY", "O:{U}G:SYD:P(A;CIIO;KA;;;{U})(A;CI;KR;;;{U})(A;CI;KA;;;SY)" },
	{ DEVICE_ROOT L"*SMS_DISPLAY\\0000", "O:{U}G:SYD:P(A;CI;KR;;;{U})(A;CI;KA;;;SY)" },
	/* Found by the search for kbstuff: a read-only grant. */
	{ SERVICE_KEY, "O:{U}G:SYD:P(A;CI;KR;;;{U})(A;CI;KA;;;SY)" },
};
#define SCENARIO_KEY_COUNT (sizeof scenario_keys / sizeof scenario_keys[0])

/* What a repair can never give: Everyone, which fix never removes, is
 * denied DELETE, part of Full Control; reading stays allowed. */
static const char unrepairable_mouse[] = "O:{U}G:SYD:P(D;CI;SD;;;WD)(A;CI;KA;;;SY)(A;CI;KR;;;{U})";

/* Full Control for the user everywhere: nothing to repair. */
static const char healthy[] = "O:{U}G:SYD:AI(A;CI;KA;;;{U})(A;CI;KA;;;SY)";

/* The roots deleted with their subtrees at the end of each test. */
static const wchar_t *const created_roots[] = {
	DEVICE_ROOT L"*SMS_MOUSE", DEVICE_ROOT L"*SMS_KEYBOARD", DEVICE_ROOT L"*SMS_DISPLAY",
	SERVICE_KEY, STATE_KEY,
};

typedef struct fixture {
	char user[SID_TEXT_MAX];
	char *original[SCENARIO_KEY_COUNT];   /* each key's SDDL as created */
	char *folder;
	char *logs;
	char *ccmsetup_log;
	char *ini;
	char *result_file;
	test_run_result run;
	run_result result;
	bool result_read;
} fixture;

static bool token_has(WELL_KNOWN_SID_TYPE type)
{
	unsigned char sid[SECURITY_MAX_SID_SIZE];
	DWORD size = sizeof sid;
	BOOL member = FALSE;

	assert_true(CreateWellKnownSid(type, NULL, sid, &size));
	assert_true(CheckTokenMembership(NULL, sid, &member));
	return member;
}

/* template with every {U} replaced by the user's SID (caller frees). */
static char *with_user(const fixture *f, const char *template)
{
	strbuf text = STRBUF_INIT;

	for (const char *at = template; *at != '\0';) {
		const char *next = strstr(at, "{U}");
		size_t length = next ? (size_t)(next - at) : strlen(at);
		strbuf_printf(&text, "%.*s%s", (int)length, at, next ? f->user : "");
		at = next ? next + 3 : at + length;
	}
	return strbuf_detach(&text);
}

static char *key_name(const wchar_t *path)
{
	char *utf8 = wide_to_utf8(path, -1);
	strbuf name = STRBUF_INIT;
	strbuf_printf(&name, "HKLM\\%s", utf8);
	free(utf8);
	return strbuf_detach(&name);
}

/* The key's owner, group and DACL as text, read by GetSecurityInfo. */
static char *read_sddl(const wchar_t *path)
{
	const SECURITY_INFORMATION parts =
	    OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION;
	PSECURITY_DESCRIPTOR descriptor;
	HKEY handle;
	LPWSTR text;

	assert_int_equal(RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, READ_CONTROL, &handle),
	                 ERROR_SUCCESS);
	assert_int_equal(GetSecurityInfo(handle, SE_REGISTRY_KEY, parts, NULL, NULL, NULL, NULL,
	                                 &descriptor),
	                 ERROR_SUCCESS);
	RegCloseKey(handle);
	assert_true(ConvertSecurityDescriptorToStringSecurityDescriptorW(descriptor, SDDL_REVISION_1,
	                                                                 parts, &text, NULL));
	LocalFree(descriptor);
	char *sddl = wide_to_utf8(text, -1);
	LocalFree(text);
	return sddl;
}

static LONG open_with(const wchar_t *path, REGSAM access)
{
	HKEY handle;
	LONG status = RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, access, &handle);
	if (status == ERROR_SUCCESS)
		RegCloseKey(handle);
	return status;
}

/* Makes us the key's owner, who may always rewrite the DACL; a key whose
 * DACL refuses WRITE_OWNER stays as it is. */
static void take_ownership(const fixture *f, const wchar_t *path)
{
	wchar_t sddl[128];

	swprintf(sddl, 128, L"O:%hs", f->user);
	wintest_try_set_security(path, WRITE_OWNER, OWNER_SECURITY_INFORMATION, sddl);
}

/* Writes owner, group and DACL of the template at once (a DACL-only
 * write makes Wine report another owner), as the key's owner. */
static void set_security(const fixture *f, const wchar_t *path, const char *template)
{
	char *sddl = with_user(f, template);
	wchar_t *wide = wide_from_utf8(sddl);

	free(sddl);
	take_ownership(f, path);
	wintest_set_security_at(path,
	                        OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION |
	                            DACL_SECURITY_INFORMATION,
	                        wide);
	free(wide);
}

static void create_key(const wchar_t *path)
{
	HKEY handle = wintest_create_key(path);

	assert_int_equal(RegSetValueExW(handle, L"Service", 0, REG_SZ, (const BYTE *)L"kbstuff",
	                                sizeof L"kbstuff"),
	                 ERROR_SUCCESS);
	RegCloseKey(handle);
}

/* Gives each root and its subtree back to us, whatever a test left on
 * them, before deleting it. */
static void delete_created_keys(const fixture *f)
{
	wchar_t owner[128], open_to_us[128];

	swprintf(owner, 128, L"O:%hs", f->user);
	swprintf(open_to_us, 128, L"D:(A;;KA;;;%hs)", f->user);
	for (size_t i = 0; i < sizeof created_roots / sizeof created_roots[0]; i++) {
		wintest_unlock_tree(created_roots[i], owner, open_to_us);
		LONG status = RegDeleteTreeW(HKEY_LOCAL_MACHINE, created_roots[i]);
		assert_true(status == ERROR_SUCCESS || status == ERROR_FILE_NOT_FOUND);
	}
}

/* Gives every key the template's descriptor and records what Wine stores. */
static void secure_keys(fixture *f, const char *template)
{
	for (size_t i = 0; i < SCENARIO_KEY_COUNT; i++) {
		set_security(f, scenario_keys[i].path, template ? template : scenario_keys[i].broken);
		free(f->original[i]);
		f->original[i] = read_sddl(scenario_keys[i].path);
	}
}

static int setup(void **state)
{
	fixture *f = xcalloc(1, sizeof *f);
	uv_fs_t req;

	wintest_process_user(f->user);
	/* The INI's token is the user and Everyone: right for these DACLs only
	 * while SYSTEM, their other trustee, is not in our token. */
	assert_true(token_has(WinWorldSid));
	assert_false(token_has(WinLocalSystemSid));
	delete_created_keys(f);
	for (size_t i = 0; i < SCENARIO_KEY_COUNT; i++)
		create_key(scenario_keys[i].path);
	secure_keys(f, NULL);

	f->folder = test_make_temp_dir();
	f->logs = test_path(f->folder, "logs");
	f->ccmsetup_log = test_path(f->logs, "ccmsetup.log");
	f->ini = test_path(f->folder, "ccmwrap.ini");
	f->result_file = test_path(f->folder, "result.json");
	assert_int_equal(uv_fs_mkdir(NULL, &req, f->logs, 0700, NULL), 0);
	uv_fs_req_cleanup(&req);
	/* A mutex of our own, so that other tests' ccmwrap runs do not wait. */
	assert_int_equal(uv_os_setenv("CCMWRAP_INSTANCE_LOCK", "Local\\ccmwrap-wine-scenarios"), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	delete_created_keys(f);
	for (size_t i = 0; i < SCENARIO_KEY_COUNT; i++)
		free(f->original[i]);
	if (f->result_read)
		result_free(&f->result);
	test_run_result_free(&f->run);
	test_remove_tree(f->folder);
	free(f->folder);
	free(f->logs);
	free(f->ccmsetup_log);
	free(f->ini);
	free(f->result_file);
	free(f);
	return 0;
}

/* The INI: fake_ccmsetup.exe on the native registry, the user as trustee,
 * extra_ccmsetup_lines appended to [ccmsetup]. */
static void write_ini(const fixture *f, const char *preflight, unsigned max_attempts,
                      const char *extra_ccmsetup_lines)
{
	strbuf ini = STRBUF_INIT;
	char *state_key = key_name(STATE_KEY);

	strbuf_printf(&ini,
	              "[ccmsetup]\n"
	              "path = %s\n"
	              "arg = /fake-logdir:%s\n"
	              "arg = /fake-trustee:%s\n"
	              "%s"
	              "mode = noservice\n"
	              "timeout = 60s\n"
	              "busy_wait = 300ms\n"
	              "state_key = %s\n"
	              "\n[logs]\n"
	              "ccmsetup = %s\n"
	              "msi = %s\\client.msi.log\n"
	              "own = %s\\ccmwrap.log\n"
	              "\n[acl]\n"
	              "trustee = %s\n"
	              "allow_other_trustee = yes\n"
	              "token = %s, S-1-1-0\n"
	              "scope = HKLM\\SYSTEM\\CurrentControlSet\n"
	              "preflight = %s\n"
	              "journal = %s\\acl.journal\n"
	              "\n[retry]\n"
	              "max_attempts = %u\n"
	              "delay = 100ms\n"
	              "jitter = 0%%\n"
	              "\n[report]\n"
	              "result = %s\n"
	              "mif_dir = %s\n",
	              CCMWRAP_FAKE_CCMSETUP, f->logs, f->user, extra_ccmsetup_lines, state_key,
	              f->ccmsetup_log, f->logs, f->folder, f->user, f->user, preflight, f->folder,
	              max_attempts, f->result_file, f->folder);
	test_write_text(f->ini, ini.data);
	strbuf_free(&ini);
	free(state_key);
}

/* `ccmwrap.exe COMMAND -c INI [extra]` to its end, into f->run. */
static int64_t run_ccmwrap(fixture *f, const char *command, const char *extra)
{
	const char *args[] = { CCMWRAP_BINARY, command, "-c", f->ini, extra, NULL };

	test_run_result_free(&f->run);
	test_run(args, f->folder, &f->run);
	return f->run.exit_code;
}

static void assert_ccmwrap_exit(const fixture *f, int64_t expected)
{
	if (f->run.exit_code != expected || f->run.term_signal != 0) {
		fprintf(stderr, "ccmwrap said:\n%s%s", f->run.out, f->run.err);
		fail_msg("ccmwrap exited with %lld (signal %d), expected %lld",
		         (long long)f->run.exit_code, f->run.term_signal, (long long)expected);
	}
}

static void read_result(fixture *f)
{
	scenario_read_result_file(f->result_file, &f->run, &f->result);
	f->result_read = true;
}

static void assert_full_control_everywhere(void)
{
	for (size_t i = 0; i < SCENARIO_KEY_COUNT; i++) {
		LONG status = open_with(scenario_keys[i].path, KEY_ALL_ACCESS);
		if (status != ERROR_SUCCESS) {
			char *name = key_name(scenario_keys[i].path);
			char *sddl = read_sddl(scenario_keys[i].path);
			fail_msg("%s refuses KEY_ALL_ACCESS (error %ld): %s", name, (long)status, sddl);
		}
	}
}

static void assert_original_descriptors(const fixture *f)
{
	for (size_t i = 0; i < SCENARIO_KEY_COUNT; i++) {
		char *sddl = read_sddl(scenario_keys[i].path);
		if (strcmp(sddl, f->original[i]) != 0) {
			char *name = key_name(scenario_keys[i].path);
			fail_msg("%s: %s, expected %s", name, sddl, f->original[i]);
		}
		free(sddl);
	}
}

static void test_broken_keys_refuse_full_control(void **state)
{
	(void)state;
	for (size_t i = 0; i < SCENARIO_KEY_COUNT; i++) {
		assert_int_equal(open_with(scenario_keys[i].path, KEY_ALL_ACCESS), ERROR_ACCESS_DENIED);
		assert_int_equal(open_with(scenario_keys[i].path, KEY_READ), ERROR_SUCCESS);
	}
}

/* Attempt 1 meets Wine's refusal (1602), the repair follows, attempt 2
 * succeeds; rollback then puts every descriptor back exactly. */
static void test_kb2000387_fails_then_repairs_then_succeeds(void **state)
{
	fixture *f = *state;
	write_ini(f, "off", 3, "");

	assert_int_equal(run_ccmwrap(f, "run", "-v"), 0);

	assert_ccmwrap_exit(f, 0);
	read_result(f);
	assert_int_equal(f->result.exit_code, 0);
	assert_int_equal(f->result.outcome, OUTCOME_SUCCESS);
	assert_int_equal(f->result.attempt_count, 2);
	const result_attempt *first = &f->result.attempts[0];
	assert_int_equal(first->exit_code, 1602);
	assert_true(scenario_attempt_has(first, "kb2000387-cancelled"));
	assert_true(scenario_attempt_has(first, "msi-internal-error-2502"));
	assert_int_equal(f->result.attempts[1].exit_code, 0);
	assert_int_equal(f->result.acl.failed, 0);
	assert_full_control_everywhere();
	/* Every key was written, the child keys too (Wine does not propagate
	 * inheritance), and the key refusing WRITE_DAC through its ownership. */
	char *journal = test_path(f->folder, "acl.journal");
	assert_int_equal(scenario_file_count(journal, "{\"op\":\"set\","), SCENARIO_KEY_COUNT);
	assert_int_equal(scenario_file_count(journal, "\"action\":\"take-ownership\",\"key\":"
	                                              "\"HKLM\\\\SYSTEM\\\\CurrentControlSet\\\\Enum"
	                                              "\\\\Root\\\\*SMS_MOUSE\""),
	                 1);
	free(journal);

	assert_int_equal(run_ccmwrap(f, "rollback", NULL), 0);
	assert_ccmwrap_exit(f, 0);
	assert_original_descriptors(f);
	assert_int_equal(open_with(DEVICE_ROOT L"*SMS_MOUSE", KEY_ALL_ACCESS), ERROR_ACCESS_DENIED);
}

static void test_last_failure_is_the_whole_exit_code(void **state)
{
	fixture *f = *state;
	write_ini(f, "off", 1, "");

	run_ccmwrap(f, "run", "-v");

	assert_ccmwrap_exit(f, 1602);
	read_result(f);
	assert_int_equal(f->result.exit_code, 1602);
	assert_int_equal(f->result.attempt_count, 1);
}

static void test_reboot_required_is_3010(void **state)
{
	fixture *f = *state;
	secure_keys(f, healthy);
	write_ini(f, "fix", 3, "arg = /fake-exit:7\n");

	run_ccmwrap(f, "run", "-v");

	assert_ccmwrap_exit(f, EXIT_REBOOT_REQUIRED);
	read_result(f);
	assert_int_equal(f->result.exit_code, 3010);
	assert_int_equal(f->result.outcome, OUTCOME_REBOOT);
	assert_int_equal(f->result.attempt_count, 1);
}

static void test_unrepairable_permissions_start_nothing(void **state)
{
	fixture *f = *state;
	set_security(f, scenario_keys[0].path, unrepairable_mouse);
	write_ini(f, "fix", 3, "");

	run_ccmwrap(f, "run", "-v");

	assert_ccmwrap_exit(f, EXIT_ACL_NOT_REPAIRED);
	read_result(f);
	assert_int_equal(f->result.exit_code, 10002);
	assert_int_equal(f->result.outcome, OUTCOME_ACL);
	assert_int_equal(f->result.attempt_count, 0);
	assert_true(f->result.acl.failed > 0);
	assert_null(test_read_file(f->ccmsetup_log, NULL));
}

static void test_check_before_and_after_fix(void **state)
{
	fixture *f = *state;
	write_ini(f, "fix", 3, "");

	assert_int_equal(run_ccmwrap(f, "check", NULL), 1);
	assert_int_equal(run_ccmwrap(f, "fix", NULL), 0);
	assert_ccmwrap_exit(f, 0);
	assert_int_equal(run_ccmwrap(f, "check", NULL), 0);
	assert_full_control_everywhere();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_broken_keys_refuse_full_control, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kb2000387_fails_then_repairs_then_succeeds, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_last_failure_is_the_whole_exit_code, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reboot_required_is_3010, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unrepairable_permissions_start_nothing, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_check_before_and_after_fix, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
