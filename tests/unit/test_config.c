/* The INI loader: syntax through libinih, every key typed and validated,
 * defaults, expansion, and each error by its exact FILE:LINE message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include <cmocka.h>

#include "config/config.h"
#include "config/base/filepath.h"
#include "tests/support/testsupport.h"

static char *folder;
static char *ini_path;

static int make_folder(void **state)
{
	(void)state;
	folder = test_make_temp_dir();
	ini_path = test_path(folder, "t.ini");
	uv_os_unsetenv("windir");
	uv_os_unsetenv("ProgramData");
	uv_os_setenv("CCMWRAP_TEST_SHARE", "\\\\SCCM01\\SMS_ABC");
	return 0;
}

static int remove_folder(void **state)
{
	(void)state;
	test_remove_tree(folder);
	free(folder);
	free(ini_path);
	return 0;
}

static bool load_bytes(const void *bytes, size_t size, config *cfg, strlist *errors)
{
	config_options options = { .allow_insecure = false };

	test_write_file(ini_path, bytes, size);
	return config_load(ini_path, &options, cfg, errors);
}

static bool load(const char *text, config *cfg, strlist *errors)
{
	return load_bytes(text, strlen(text), cfg, errors);
}

/* "FILE:" + suffix, the way every message starts. */
static char *message(const char *suffix)
{
	size_t length = strlen(ini_path) + strlen(suffix) + 2;
	char *text = malloc(length);

	snprintf(text, length, "%s:%s", ini_path, suffix);
	return text;
}

/* Loading text fails with exactly these messages (NULL-terminated). */
static void assert_errors(const char *text, ...)
{
	config cfg;
	strlist errors = STRLIST_INIT;
	va_list args;
	size_t count = 0;

	assert_false(load(text, &cfg, &errors));
	va_start(args, text);
	for (const char *suffix; (suffix = va_arg(args, const char *)) != NULL; count++) {
		char *expected = message(suffix);
		assert_true(count < errors.count);
		assert_string_equal(errors.items[count], expected);
		free(expected);
	}
	va_end(args);
	assert_int_equal(errors.count, count);
	assert_null(cfg.ccmsetup.path);
	config_free(&cfg);
	strlist_free(&errors);
}

static void assert_loads(const char *text, config *cfg)
{
	strlist errors = STRLIST_INIT;
	bool ok = load(text, cfg, &errors);

	if (!ok)
		print_error("unexpected: %s\n", errors.items[0]);
	assert_true(ok);
	strlist_free(&errors);
}

#define PATH_LINE "[ccmsetup]\npath = \\\\SCCM01\\SMS_ABC\\Client\\ccmsetup.exe\n"

static char *in_folder(const char *name)
{
	return test_path(folder, name);
}

/* Configured paths take this platform's separators. */
static void assert_native_path(const char *actual, const char *expected_with_slashes)
{
	char *expected = test_native_path(expected_with_slashes);

	assert_string_equal(actual, expected);
	free(expected);
}

static void defaults_fill_every_key(void **state)
{
	config cfg;
	(void)state;

	assert_loads(PATH_LINE, &cfg);
	assert_native_path(cfg.ccmsetup.path, "//SCCM01/SMS_ABC/Client/ccmsetup.exe");
	assert_int_equal(cfg.ccmsetup.args.count, 0);
	assert_int_equal(cfg.ccmsetup.mode, CONFIG_MODE_AUTO);
	assert_int_equal(cfg.ccmsetup.timeout_ms, 2 * 3600 * 1000);
	assert_int_equal(cfg.ccmsetup.stall_timeout_ms, 15 * 60 * 1000);
	assert_int_equal(cfg.ccmsetup.busy_wait_ms, 10 * 60 * 1000);
	assert_null(cfg.ccmsetup.target_version);
	assert_string_equal(cfg.ccmsetup.version_key, "HKLM\\SOFTWARE\\Microsoft\\SMS\\Mobile Client");
	assert_string_equal(cfg.ccmsetup.version_value, "ProductVersion");
	assert_int_equal(cfg.ccmsetup.min_interval_ms, 0);
	assert_string_equal(cfg.ccmsetup.state_key, "HKLM\\SOFTWARE\\ccmwrap");
	assert_int_equal(cfg.logs.own_max_size, 2 * 1024 * 1024);
	assert_string_equal(cfg.acl.trustee, "S-1-5-18");
	assert_false(cfg.acl.allow_other_trustee);
	assert_int_equal(cfg.acl.token.count, 4);
	assert_string_equal(cfg.acl.token.items[3], "S-1-5-11");
	assert_int_equal(cfg.acl.rights, 0xF003F);
	assert_string_equal(cfg.acl.scope, "HKLM\\SYSTEM\\CurrentControlSet");
	assert_int_equal(cfg.acl.search.count, 1);
	assert_string_equal(cfg.acl.search.items[0], "kbstuff");
	assert_int_equal(cfg.acl.keys.count, 3);
	assert_string_equal(cfg.acl.keys.items[2], "HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_DISPLAY");
	assert_int_equal(cfg.acl.preflight, CONFIG_PREFLIGHT_FIX);
	assert_int_equal(cfg.acl.remove_deny, CONFIG_REMOVE_DENY_TRUSTEE);
	assert_int_equal(cfg.retry.max_attempts, 3);
	assert_int_equal(cfg.retry.delay_ms, 30000);
	assert_true(cfg.retry.backoff == 2.0);
	assert_int_equal(cfg.retry.max_delay_ms, 600000);
	assert_int_equal(cfg.retry.jitter_percent, 20);
	assert_string_equal(cfg.report.mif, "ccmwrap.mif");
	assert_string_equal(cfg.report.publisher, "Contoso");
	assert_string_equal(cfg.report.product, "ConfigMgr Client Upgrade");
	assert_string_equal(cfg.report.version, "4.00.6487.2000");
	assert_int_equal(cfg.signature_count, 0);
	config_free(&cfg);
}

static void windir_defaults_use_the_ini_folder_without_windir(void **state)
{
	config cfg;
	char *expected;
	(void)state;

	assert_loads(PATH_LINE, &cfg);
	assert_null(cfg.logs.ccmsetup);
	assert_null(cfg.logs.msi);
	char *windir = config_windir(&cfg);
	assert_string_equal(windir, folder);
	free(windir);
	assert_string_equal(cfg.report.mif_dir, folder);
	expected = in_folder("acl.journal");
	assert_string_equal(cfg.acl.journal, expected);
	free(expected);
	expected = in_folder("ccmwrap.log");
	assert_string_equal(cfg.logs.own, expected);
	free(expected);
	expected = in_folder("result.json");
	assert_string_equal(cfg.report.result, expected);
	char *state_dir = config_state_dir(&cfg);
	assert_string_equal(state_dir, folder);
	free(state_dir);
	free(expected);
	config_free(&cfg);
}

static void windir_defaults_use_windir_when_set(void **state)
{
	config cfg;
	(void)state;

	uv_os_setenv("windir", "/win");
	uv_os_setenv("ProgramData", "/data");
	assert_loads(PATH_LINE, &cfg);
	char *windir = config_windir(&cfg);
	char *state_dir = config_state_dir(&cfg);
	uv_os_unsetenv("windir");
	uv_os_unsetenv("ProgramData");
	assert_native_path(windir, "/win");
	assert_native_path(state_dir, "/data/ccmwrap");
	free(windir);
	free(state_dir);
	assert_native_path(cfg.logs.own, "/data/ccmwrap/ccmwrap.log");
	assert_native_path(cfg.acl.journal, "/data/ccmwrap/acl.journal");
	assert_native_path(cfg.report.result, "/data/ccmwrap/result.json");
	assert_native_path(cfg.report.mif_dir, "/win");
	config_free(&cfg);
}

static void every_key_is_read(void **state)
{
	config cfg;
	(void)state;

	assert_loads("[CCMSETUP]\n"
	             "Path = ccmsetup.exe\n"
	             "arg = /mp:SCCM01\n"
	             "arg = SMSSITECODE=ABC\n"
	             "mode = NoService\n"
	             "timeout = 90s\n"
	             "stall_timeout = 1500ms\n"
	             "busy_wait = 0\n"
	             "target_version = 4.00.6487.2000\n"
	             "version_key = HKEY_LOCAL_MACHINE\\SOFTWARE\\x\\\n"
	             "version_value = Version\n"
	             "min_interval = 12h\n"
	             "state_key = HKLM\\SOFTWARE\\y\n"
	             "[logs]\nown_max_size = 512kb\n"
	             "[acl]\ntrustee = BA\ntoken = SY, BA, S-1-5-32-544\nrights = read\n"
	             "search = kbstuff\nsearch = kbd\nkey = hkey_local_machine\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_MOUSE\n"
	             "preflight = check\nremove_deny = none\n"
	             "[retry]\nmax_attempts = 5\ndelay = 1m\nbackoff = 1.5\nmax_delay = 1h\njitter = 0%\n"
	             "[report]\nmif =\npublisher =\n",
	             &cfg);
	char *expected = in_folder("ccmsetup.exe");
	assert_string_equal(cfg.ccmsetup.path, expected);
	free(expected);
	assert_int_equal(cfg.ccmsetup.args.count, 2);
	assert_string_equal(cfg.ccmsetup.args.items[0], "/mp:SCCM01");
	assert_int_equal(cfg.ccmsetup.mode, CONFIG_MODE_NOSERVICE);
	assert_int_equal(cfg.ccmsetup.timeout_ms, 90000);
	assert_int_equal(cfg.ccmsetup.stall_timeout_ms, 1500);
	assert_int_equal(cfg.ccmsetup.busy_wait_ms, 0);
	assert_string_equal(cfg.ccmsetup.target_version, "4.00.6487.2000");
	assert_string_equal(cfg.ccmsetup.version_key, "HKLM\\SOFTWARE\\x");
	assert_int_equal(cfg.ccmsetup.min_interval_ms, 12 * 3600 * 1000);
	assert_int_equal(cfg.logs.own_max_size, 512 * 1024);
	assert_string_equal(cfg.acl.trustee, "S-1-5-32-544");
	assert_int_equal(cfg.acl.token.count, 2);
	assert_int_equal(cfg.acl.rights, 0x20019);
	assert_int_equal(cfg.acl.search.count, 2);
	assert_int_equal(cfg.acl.keys.count, 1);
	assert_string_equal(cfg.acl.keys.items[0], "HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_MOUSE");
	assert_int_equal(cfg.acl.preflight, CONFIG_PREFLIGHT_CHECK);
	assert_int_equal(cfg.acl.remove_deny, CONFIG_REMOVE_DENY_NONE);
	assert_int_equal(cfg.retry.max_attempts, 5);
	assert_true(cfg.retry.backoff == 1.5);
	assert_int_equal(cfg.retry.jitter_percent, 0);
	assert_null(cfg.report.mif);
	assert_string_equal(cfg.report.publisher, "");
	config_free(&cfg);
}

static void syntax_errors_are_all_reported_with_their_line(void **state)
{
	(void)state;
	assert_errors(PATH_LINE
	              "[retry\n"
	              "just words\n"
	              "C:\\x = 1\n"
	              "= 5\n"
	              "[report] extra\n"
	              "[]\n",
	              "3: section header has no closing ']'; expected [NAME]",
	              "4: line is not NAME = VALUE, a [section] or a ; comment; expected NAME = VALUE",
	              "5: line has ':' before any '='; expected NAME = VALUE",
	              "6: line has no key name before '='; expected NAME = VALUE",
	              "7: text 'extra' after the section header; expected nothing or a ; comment",
	              "8: section name '' is not valid; expected [NAME] without ';' or '['",
	              NULL);
}

static void keys_under_a_bad_header_are_not_taken_for_the_section_before(void **state)
{
	(void)state;
	assert_errors(PATH_LINE "[signature x\nmatch = y\n",
	              "3: section header has no closing ']'; expected [NAME]", NULL);
}

static void an_over_long_line_is_an_error_and_its_tail_never_a_key(void **state)
{
	char text[600];
	char value[251];
	(void)state;

	memset(value, 'a', 200);
	memcpy(value + 200, " path = /evil\0", 14);
	snprintf(text, sizeof text, PATH_LINE "arg = %s\narg = ok\n", value);
	assert_errors(text,
	              "3: line is longer than 197 characters; expected at most 197 (libinih's limit): "
	              "shorten it, e.g. with a %VARIABLE%",
	              NULL);

	config cfg;
	strlist errors = STRLIST_INIT;
	config_options options = { .allow_insecure = true };
	memset(value, 'b', 250);
	value[250] = '\0';
	snprintf(text, sizeof text, PATH_LINE "arg = %s\narg = ok\n", value);
	test_write_text(ini_path, text);
	assert_false(config_load(ini_path, &options, &cfg, &errors));
	assert_int_equal(errors.count, 1);
	strlist_free(&errors);
	config_free(&cfg);
}

static void a_line_of_exactly_197_characters_is_read(void **state)
{
	char text[400];
	char value[192];
	config cfg;
	(void)state;

	memset(value, 'c', 191);
	value[191] = '\0';
	snprintf(text, sizeof text, PATH_LINE "arg = %s\r\n", value);  /* 6 + 191 = 197 */
	assert_loads(text, &cfg);
	assert_string_equal(cfg.ccmsetup.args.items[0], value);
	config_free(&cfg);
}

static void indentation_never_continues_a_value(void **state)
{
	config cfg;
	(void)state;

	assert_loads(PATH_LINE "arg = one\n    arg = two\n\t[acl]\n  search = x\n", &cfg);
	assert_int_equal(cfg.ccmsetup.args.count, 2);
	assert_string_equal(cfg.ccmsetup.args.items[0], "one");
	assert_string_equal(cfg.ccmsetup.args.items[1], "two");
	assert_string_equal(cfg.acl.search.items[0], "x");
	config_free(&cfg);
	assert_errors(PATH_LINE "arg = one\n    continued\n",
	              "4: line is not NAME = VALUE, a [section] or a ; comment; expected NAME = VALUE",
	              NULL);
}

static void inline_comments_need_white_space_before_the_semicolon(void **state)
{
	config cfg;
	(void)state;

	assert_loads(PATH_LINE "arg = a ; comment\narg = b;c\n# hash comment\n; whole line\n", &cfg);
	assert_string_equal(cfg.ccmsetup.args.items[0], "a");
	assert_string_equal(cfg.ccmsetup.args.items[1], "b;c");
	config_free(&cfg);
	assert_errors(PATH_LINE "[signature s]\nmatch =;x\naction = fail\n",
	              "4: match: ';x' starts with ';', which an INI line reads as a comment; expected "
	              "a value not starting with ';'",
	              NULL);
}

static void structure_errors(void **state)
{
	(void)state;
	assert_errors("mode = auto\n" PATH_LINE "timeout = 1h\ntimeout = 2h\nbogus = 1\n[extra]\n[ACL]\nscope = HKLM\\X\n",
	              "1: key 'mode' is outside any section; expected a [section] header above it",
	              "5: key 'timeout' in [ccmsetup] is repeated (first at line 4); expected it once",
	              "6: unknown key 'bogus' in [ccmsetup]; expected one of path, arg, mode, timeout, "
	              "stall_timeout, busy_wait, target_version, version_key, version_value, "
	              "min_interval, state_key, stop_grace, version_view",
	              "7: unknown section [extra]; expected [ccmsetup], [logs], [acl], [retry], "
	              "[report] or [signature NAME]",
	              "9: scope HKLM\\X does not contain the default key "
	              "HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_MOUSE; expected key = lines "
	              "within the scope, or a scope that contains it",
	              "9: scope HKLM\\X does not contain the default key "
	              "HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_KEYBOARD; expected key = lines "
	              "within the scope, or a scope that contains it",
	              "9: scope HKLM\\X does not contain the default key "
	              "HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_DISPLAY; expected key = lines "
	              "within the scope, or a scope that contains it",
	              NULL);
}

static void a_missing_required_key_names_the_section_line_or_line_0(void **state)
{
	(void)state;
	assert_errors("; nothing\n[ccmsetup]\nmode = auto\n",
	              "2: [ccmsetup] has no path; expected a 'path = ...' line", NULL);
	assert_errors("[logs]\n", "0: [ccmsetup] has no path; expected a 'path = ...' line", NULL);
}

static void durations(void **state)
{
	(void)state;
	assert_errors(PATH_LINE "timeout = 5\nstall_timeout = 5x\nbusy_wait = 9000h\nmin_interval = soon\n",
	              "3: timeout: '5' has no unit; expected a number and ms, s, m or h (500ms, 90s, "
	              "15m, 2h), or 0 for none",
	              "4: stall_timeout: '5x' has an unknown unit 'x'; expected a number and ms, s, m "
	              "or h (500ms, 90s, 15m, 2h), or 0 for none",
	              "5: busy_wait: '9000h' is more than 8760h; expected at most 8760h (365 days)",
	              "6: min_interval: 'soon' is not a duration; expected a number and ms, s, m or h "
	              "(500ms, 90s, 15m, 2h), or 0 for none",
	              NULL);
}

static void sizes_percentages_counts_decimals_booleans_enums(void **state)
{
	(void)state;
	assert_errors(PATH_LINE "mode = fast\n"
	              "[logs]\nown_max_size = 100\n"
	              "[retry]\nmax_attempts = 0\nbackoff = 2,5\njitter = 20\n"
	              "[acl]\nallow_other_trustee = maybe\nrights = 0x0\n"
	              "[logs]\nmsi = \n"
	              "[report]\nmif = sub\\x.mif\n",
	              "3: mode: 'fast' is not known; expected auto, noservice or service",
	              "5: own_max_size: '100' has no unit; expected a number and KB or MB (512KB, 2MB), "
	              "from 1KB to 1024MB",
	              "7: max_attempts: '0' is not a whole number from 1 to 100; expected one",
	              "8: backoff: '2,5' is not a number from 1.0 to 10.0 with at most 3 decimals; "
	              "expected e.g. 2.0",
	              "9: jitter: '20' is not a percentage; expected 0% to 100%, e.g. 20%",
	              "11: allow_other_trustee: 'maybe' is not a boolean; expected yes or no "
	              "(true/false, 1/0)",
	              "12: rights: '0x0' is not an access mask; expected full, read or 0x and hex digits "
	              "(not 0x0), e.g. 0xF003F",
	              "14: msi: the path is empty; expected a file path",
	              "16: mif: 'sub\\x.mif' is a path; expected a file name only (the folder is mif_dir)",
	              NULL);
	assert_errors(PATH_LINE "[logs]\nown_max_size = 0KB\n[retry]\njitter = 101%\n",
	              "4: own_max_size: '0KB' is out of range; expected a number and KB or MB (512KB, "
	              "2MB), from 1KB to 1024MB",
	              "6: jitter: '101%' is not a percentage; expected 0% to 100%, e.g. 20%", NULL);
}

static void trustee_and_token(void **state)
{
	config cfg;
	(void)state;

	assert_errors(PATH_LINE "[acl]\ntrustee = BU\ntoken = SY,,BA\n",
	              "4: trustee S-1-5-32-545 is neither SY (S-1-5-18) nor BA (S-1-5-32-544); "
	              "expected allow_other_trustee = yes to use another trustee",
	              "5: token: 'SY,,BA' has an empty entry; expected SIDs separated by commas", NULL);
	assert_errors(PATH_LINE "[acl]\ntrustee = S-1-x\n",
	              "4: trustee: 'S-1-x' is not a SID; expected S-1-... or an SDDL alias such as SY, "
	              "BA or DU",
	              NULL);
	assert_loads(PATH_LINE "[acl]\ntrustee = S-1-5-21-1-2-3-1001\nallow_other_trustee = yes\n"
	             "token = WD, wd, AU\nrights = 0x1f\n",
	             &cfg);
	assert_int_equal(cfg.acl.token.count, 3);
	assert_string_equal(cfg.acl.token.items[0], "S-1-1-0");
	assert_string_equal(cfg.acl.token.items[2], "S-1-5-21-1-2-3-1001");
	assert_int_equal(cfg.acl.rights, 0x1F);
	config_free(&cfg);
}

static void registry_keys_lie_within_scope(void **state)
{
	config cfg;
	(void)state;

	assert_errors(PATH_LINE "[acl]\nkey = HKLM\\SOFTWARE\\x\nkey = HKCU\\\\y\nkey = SOFTWARE\\z\n",
	              "4: key HKLM\\SOFTWARE\\x is outside scope HKLM\\SYSTEM\\CurrentControlSet; "
	              "expected a key within the scope, or a wider scope",
	              "5: key: 'HKCU\\\\y' has an empty key name; expected names separated by one '\\'",
	              "6: key: 'SOFTWARE\\z' is not a registry key; expected HKLM\\... or "
	              "HKEY_LOCAL_MACHINE\\...",
	              NULL);
	assert_errors(PATH_LINE "[acl]\nkey = HKLM\\SYSTEM\\CurrentControlSet\\a\nkey =\n",
	              "5: key is empty, meaning none, but other key lines give values; expected either "
	              "one empty key line or only lines with values",
	              NULL);
	assert_loads(PATH_LINE "[acl]\nkey =\nsearch =\nscope = HKEY_LOCAL_MACHINE\\SYSTEM\n", &cfg);
	assert_int_equal(cfg.acl.keys.count, 0);
	assert_int_equal(cfg.acl.search.count, 0);
	assert_string_equal(cfg.acl.scope, "HKLM\\SYSTEM");
	config_free(&cfg);
}

static void variables_are_expanded_from_the_environment(void **state)
{
	config cfg;
	(void)state;

	uv_os_setenv("CCMWRAP_TEST_SPACE", "a ;b");
	assert_loads("[ccmsetup]\npath = %CCMWRAP_TEST_SHARE%\\Client\\ccmsetup.exe\n"
	             "arg = 100%%\narg = %CCMWRAP_TEST_SHARE%\n"
	             "[acl]\nsearch = %SystemRoot%\\kbstuff\n",
	             &cfg);
	assert_native_path(cfg.ccmsetup.path, "//SCCM01/SMS_ABC/Client/ccmsetup.exe");
	assert_string_equal(cfg.ccmsetup.args.items[0], "100%");
	assert_string_equal(cfg.ccmsetup.args.items[1], "\\\\SCCM01\\SMS_ABC");
	assert_string_equal(cfg.acl.search.items[0], "%SystemRoot%\\kbstuff");
	config_free(&cfg);
	assert_errors(PATH_LINE "arg = %CCMWRAP_UNDEFINED%\narg = 50% off\narg = x%CCMWRAP_TEST_SPACE%\n",
	              "3: arg: variable %CCMWRAP_UNDEFINED% is not defined; expected it in the "
	              "environment (or %% for a literal %)",
	              "4: arg: '50% off' has a '%' without a closing '%'; expected %NAME% or %% for a "
	              "literal %",
	              "5: arg: 'xa ;b' contains ';' after white space, which an INI line reads as a "
	              "comment; expected no ' ;' in the value",
	              NULL);
	uv_os_unsetenv("CCMWRAP_TEST_SPACE");
}

static void relative_paths_resolve_against_the_ini_folder(void **state)
{
	config cfg;
	(void)state;

	assert_loads(PATH_LINE "[logs]\nown = logs\\own.log\nmsi = .\\a\\..\\msi.log\n"
	             "ccmsetup = /var/log/../log/ccmsetup.log\n",
	             &cfg);
	char *expected = in_folder("logs/own.log");
	assert_string_equal(cfg.logs.own, expected);
	free(expected);
	expected = in_folder("msi.log");
	assert_string_equal(cfg.logs.msi, expected);
	free(expected);
	assert_native_path(cfg.logs.ccmsetup, "/var/log/ccmsetup.log");
	assert_string_equal(cfg.directory, folder);
	config_free(&cfg);
}

static void signatures(void **state)
{
	config cfg;
	(void)state;

	assert_loads(PATH_LINE "[signature kb-1602]\nmatch = Installation was cancelled (1602)\n"
	             "source = CCMSETUP\ncode = 1602\naction = fix-retry\n"
	             "[signature hr]\nmatch = failed with error code 0x80070642\ncode = 0x80070642\n"
	             "action = retry\n",
	             &cfg);
	assert_int_equal(cfg.signature_count, 2);
	assert_string_equal(cfg.signatures[0].name, "kb-1602");
	assert_int_equal(cfg.signatures[0].source, CONFIG_SOURCE_CCMSETUP);
	assert_true(cfg.signatures[0].has_code);
	assert_int_equal(cfg.signatures[0].code, 1602);
	assert_int_equal(cfg.signatures[0].action, CONFIG_ACTION_FIX_RETRY);
	assert_int_equal(cfg.signatures[0].line, 3);
	assert_int_equal(cfg.signatures[1].source, CONFIG_SOURCE_ANY);
	assert_int_equal(cfg.signatures[1].code, 0x80070642u);
	config_free(&cfg);
	assert_errors(PATH_LINE "[signature a]\nsource = log\ncode = -1\n[signature]\nmatch = x\n"
	              "[signature b c]\n[signature d]\naction = fail\nmatch = m\nmatch = n\n",
	              "3: [signature a] has no match; expected a 'match = ...' line",
	              "3: [signature a] has no action; expected a 'action = ...' line",
	              "4: source: 'log' is not known; expected ccmsetup, msi or any",
	              "5: code: '-1' is not a 32-bit result code; expected a decimal number (1602) or "
	              "0x and up to 8 hex digits (0x80070642)",
	              "6: [signature] needs a name of letters, digits, '.', '_' or '-'; expected "
	              "[signature NAME]",
	              "8: [signature b c] needs a name of letters, digits, '.', '_' or '-'; expected "
	              "[signature NAME]",
	              "12: key 'match' in [signature d] is repeated (first at line 11); expected it once",
	              NULL);
}

static void encodings(void **state)
{
	static const char utf8_bom[] = "\xEF\xBB\xBF" PATH_LINE "arg = caf\xC3\xA9\n";
	config cfg;
	strlist errors = STRLIST_INIT;
	size_t size;
	(void)state;

	assert_true(load_bytes(utf8_bom, sizeof utf8_bom - 1, &cfg, &errors));
	assert_string_equal(cfg.ccmsetup.args.items[0], "caf\xC3\xA9");
	config_free(&cfg);

	const char *text = PATH_LINE "arg = caf\xC3\xA9\r\n";
	unsigned char *utf16 = text_utf8_to_utf16le(text, strlen(text), &size);
	unsigned char *with_bom = malloc(size + 2);
	memcpy(with_bom, "\xFF\xFE", 2);
	memcpy(with_bom + 2, utf16, size);
	assert_true(load_bytes(with_bom, size + 2, &cfg, &errors));
	assert_string_equal(cfg.ccmsetup.args.items[0], "caf\xC3\xA9");
	config_free(&cfg);

	assert_false(load_bytes(utf16, size, &cfg, &errors));
	assert_int_equal(errors.count, 1);
	char *expected = message("0: the file contains NUL bytes (UTF-16 without a byte-order mark?); "
	                         "expected UTF-8 text or UTF-16LE with a byte-order mark");
	assert_string_equal(errors.items[0], expected);
	free(expected);
	strlist_free(&errors);

	assert_false(load_bytes("\xFE\xFF\0[", 4, &cfg, &errors));
	expected = message("0: the file is UTF-16 big-endian; expected UTF-8 or UTF-16LE "
	                   "(Notepad's \"Unicode\")");
	assert_string_equal(errors.items[0], expected);
	free(expected);
	strlist_free(&errors);
	free(utf16);
	free(with_bom);

	assert_errors(PATH_LINE "arg = caf\xE9\n",
	              "3: line is not valid UTF-8; expected UTF-8 text (save the INI as UTF-8 or as Unicode)",
	              NULL);
}

static void format_reads_back_unchanged(void **state)
{
	config cfg;
	strlist errors = STRLIST_INIT;
	(void)state;

	uv_os_setenv("CCMWRAP_TEST_PERCENT", "50%");
	assert_loads(PATH_LINE "arg = %CCMWRAP_TEST_PERCENT%\narg = a;b\nstall_timeout = 120s\n"
	             "[retry]\nbackoff = 1.125\n[acl]\nsearch =\nrights = 0x1F\ntrustee = BA\n"
	             "[signature s]\nmatch = 100% done\ncode = 0x80070642\naction = ignore\n",
	             &cfg);
	char *first = config_format(&cfg);
	config_free(&cfg);
	assert_non_null(strstr(first, "arg = 50%%\narg = a;b\n"));
	assert_non_null(strstr(first, "stall_timeout = 2m\n"));
	assert_non_null(strstr(first, "backoff = 1.125\n"));
	assert_non_null(strstr(first, "search =\n"));
	assert_non_null(strstr(first, "token = S-1-5-18, S-1-5-32-544, S-1-1-0, S-1-5-11\n"));
	assert_non_null(strstr(first, "rights = 0x1F\n"));
	assert_non_null(strstr(first, "match = 100% done\nsource = any\ncode = 0x80070642\naction = ignore\n"));
	assert_true(config_load_bytes("again.ini", "/elsewhere", first, strlen(first), &cfg, &errors));
	char *second = config_format(&cfg);
	assert_string_equal(first, second);
	config_free(&cfg);
	free(first);
	free(second);
	strlist_free(&errors);
	uv_os_unsetenv("CCMWRAP_TEST_PERCENT");
}

static void a_missing_file_is_named(void **state)
{
	config cfg;
	strlist errors = STRLIST_INIT;
	config_options options = { .allow_insecure = false };
	char *missing = in_folder("missing.ini");
	(void)state;

	assert_false(config_load(missing, &options, &cfg, &errors));
	size_t length = strlen(missing) + 100;
	char *expected = malloc(length);
	snprintf(expected, length, "%s:0: cannot read the file: no such file or directory; expected "
	                           "an INI file (-c FILE)", missing);
	assert_string_equal(errors.items[0], expected);
	free(expected);
	free(missing);
	strlist_free(&errors);
	config_free(&cfg);
}

static void default_path_is_beside_the_executable(void **state)
{
	char executable[4096];
	size_t size = sizeof executable;
	(void)state;

	assert_int_equal(uv_exepath(executable, &size), 0);
	char *path = config_default_path("ignored");
	const char *name = filepath_base_name(executable);
	assert_true(name > executable);
	executable[name - executable - 1] = '\0';
	char *expected = test_path(executable, "ccmwrap.ini");
	assert_string_equal(path, expected);
	free(expected);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults_fill_every_key),
		cmocka_unit_test(windir_defaults_use_the_ini_folder_without_windir),
		cmocka_unit_test(windir_defaults_use_windir_when_set),
		cmocka_unit_test(every_key_is_read),
		cmocka_unit_test(syntax_errors_are_all_reported_with_their_line),
		cmocka_unit_test(keys_under_a_bad_header_are_not_taken_for_the_section_before),
		cmocka_unit_test(an_over_long_line_is_an_error_and_its_tail_never_a_key),
		cmocka_unit_test(a_line_of_exactly_197_characters_is_read),
		cmocka_unit_test(indentation_never_continues_a_value),
		cmocka_unit_test(inline_comments_need_white_space_before_the_semicolon),
		cmocka_unit_test(structure_errors),
		cmocka_unit_test(a_missing_required_key_names_the_section_line_or_line_0),
		cmocka_unit_test(durations),
		cmocka_unit_test(sizes_percentages_counts_decimals_booleans_enums),
		cmocka_unit_test(trustee_and_token),
		cmocka_unit_test(registry_keys_lie_within_scope),
		cmocka_unit_test(variables_are_expanded_from_the_environment),
		cmocka_unit_test(relative_paths_resolve_against_the_ini_folder),
		cmocka_unit_test(signatures),
		cmocka_unit_test(encodings),
		cmocka_unit_test(format_reads_back_unchanged),
		cmocka_unit_test(a_missing_file_is_named),
		cmocka_unit_test(default_path_is_beside_the_executable),
	};
	return cmocka_run_group_tests(tests, make_folder, remove_folder);
}
