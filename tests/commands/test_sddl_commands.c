/* check / fix / rollback on descriptors as Windows writes them in a
 * domain: domain-relative aliases, object, conditional and resource
 * attribute ACEs; and a descriptor that cannot be read on a key that is
 * not a target. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tests/support/testsupport.h"
#include "config/base/text.h"

#define CCS "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet"
#define SMS_MOUSE CCS "\\Enum\\Root\\*SMS_MOUSE"

/* samples/kb2000387.ini's [acl], with the journal beside the INI: the
 * sample's %ProgramData% default would be shared with the tests that run
 * beside this one on Windows. */
static const char ini_text[] =
    "[ccmsetup]\n"
    "path = ccmsetup.exe\n"
    "[logs]\n"
    "ccmsetup = ccmsetup.log\n"
    "[acl]\n"
    "trustee = SY\n"
    "token = SY, BA, WD, AU\n"
    "scope = HKLM\\SYSTEM\\CurrentControlSet\n"
    "search = kbstuff\n"
    "key = HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_MOUSE\n"
    "key = HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_KEYBOARD\n"
    "key = HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_DISPLAY\n"
    "remove_deny = trustee\n"
    "journal = acl.journal\n";

typedef struct fixture {
	test_temp_file *reg;   /* the registry file ccmwrap works on, in a folder of its own */
	char *ini;             /* ini_text beside it */
} fixture;

static int setup(void **state)
{
	fixture *f = xcalloc(1, sizeof *f);

	f->reg = test_temp_file_new("machine.reg");
	f->ini = test_path(f->reg->folder, "ccmwrap.ini");
	test_write_text(f->ini, ini_text);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	free(f->ini);
	test_temp_file_free(f->reg);
	free(f);
	return 0;
}

static int64_t ccmwrap(const fixture *f, const char *command, const char *extra,
                       test_run_result *result)
{
	const char *args[] = { CCMWRAP_BINARY, command, "-c", f->ini, "--registry", f->reg->path,
	                       "--allow-insecure-config", extra, NULL };

	test_run(args, NULL, result);
	return result->exit_code;
}

static void assert_output_has(const test_run_result *run, const char *text)
{
	if (strstr(run->out, text) == NULL && strstr(run->err, text) == NULL)
		fail_msg("expected \"%s\" in:\n%s\n%s", text, run->out, run->err);
}

/* The ";sddl=" line right under [key] in the UTF-16LE file, as UTF-8. */
static char *sddl_line_of(const char *path, const char *key)
{
	size_t size = 0;
	char *bytes = test_read_file(path, &size);
	assert_non_null(bytes);
	assert_true(size >= 2 && (unsigned char)bytes[0] == 0xFF && (unsigned char)bytes[1] == 0xFE);
	char *text = text_utf16le_to_utf8((unsigned char *)bytes + 2, size - 2, NULL);
	free(bytes);
	strbuf header = STRBUF_INIT;
	strbuf_printf(&header, "[%s]\r\n;sddl=", key);
	char *found = strstr(text, header.data);
	assert_non_null(found);
	char *start = found + header.length;
	char *line = xstrndup(start, strcspn(start, "\r"));
	strbuf_free(&header);
	free(text);
	return line;
}

static void assert_sddl_line(const char *path, const char *key, const char *expected)
{
	char *line = sddl_line_of(path, key);
	assert_string_equal(line, expected);
	free(line);
}

/* rollback says `said` and gives the registry file back byte for byte as
 * `original` (which it frees). */
static void roll_back_to(const fixture *f, char *original, size_t size, const char *said)
{
	test_run_result run;
	size_t now_size = 0;

	assert_int_equal(ccmwrap(f, "rollback", NULL, &run), 0);
	assert_output_has(&run, said);
	test_run_result_free(&run);
	char *now = test_read_file(f->reg->path, &now_size);
	assert_true(now_size == size && memcmp(now, original, size) == 0);
	free(now);
	free(original);
}

/* samples/registry/kb2000387-domain.reg: the seed's keys as a domain member
 * running Windows 10 prints them. fix grants SYSTEM where it lacks Full
 * Control and keeps every other ACE as written; rollback gives the file
 * back byte for byte. */
static void domain_descriptors_fix_and_roll_back(void **state)
{
	fixture *f = *state;
	test_run_result run;

	char *sample = test_source_path("samples/registry/kb2000387-domain.reg");
	size_t size = 0;
	char *original = test_read_file(sample, &size);
	assert_non_null(original);
	free(sample);
	test_write_file(f->reg->path, original, size);

	assert_int_equal(ccmwrap(f, "check", NULL, &run), 1);
	assert_output_has(&run, "noncompliant HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_KEYBOARD "
	                        "rights=none: denied KA by ACE 1 (XD;CI;KA;;;SY;(@Device.managed == 0)) "
	                        "if its condition holds, which only Windows can tell\n");
	assert_output_has(&run, "noncompliant HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_DISPLAY\\0000 "
	                        "rights=KR: nothing grants DCLCWPSDWDWO\n");
	assert_output_has(&run, "compliant    HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_DISPLAY rights=KA\n");
	assert_output_has(&run, "13 target keys, 8 noncompliant, 0 missing\n");
	test_run_result_free(&run);

	assert_int_equal(ccmwrap(f, "fix", NULL, &run), 0);
	assert_output_has(&run, "13 target keys, 8 noncompliant, 8 fixed, 0 failed\n");
	test_run_result_free(&run);
	assert_sddl_line(f->reg->path, SMS_MOUSE, "O:BAG:DUD:P(A;CI;KA;;;SY)(A;CI;KR;;;IU)(A;CI;KR;;;DU)");
	assert_sddl_line(f->reg->path, CCS "\\Enum\\Root\\*SMS_KEYBOARD",
	                 "O:BAG:DUD:P(XD;CI;KW;;;IU;(@User.Department == \"Kiosk (shared)\"))"
	                 "(A;CI;KA;;;SY)(A;CI;KA;;;DA)(A;CI;KR;;;IU)");
	assert_sddl_line(f->reg->path, CCS "\\Enum\\Root\\*SMS_DISPLAY\\0000",
	                 "O:BAG:DUD:P(A;CI;KA;;;SY)(A;CI;KR;;;BA)(A;CI;KR;;;IU)"
	                 "(OA;CI;KA;ab721a53-1e2f-11d0-9819-00aa0040529b;;SY)");
	assert_sddl_line(f->reg->path, CCS "\\Enum\\Root\\LEGACY_KBSTUFF",
	                 "O:BAG:DUD:P(A;CI;KA;;;SY)(A;CIIO;KA;;;SY)(A;CI;KR;;;BA)(A;CI;KR;;;IU)"
	                 "(RA;CI;;;;WD;(\"Secrecy\",TU,0x0,3))");
	assert_sddl_line(f->reg->path, CCS "\\Services\\kbstuff",
	                 "O:BAG:DUD:P(A;CI;KA;;;SY)(A;CI;KR;;;SY)(A;CI;KR;;;BA)(A;CI;KR;;;LA)"
	                 "(OD;CI;KW;bf967a7f-0de6-11d0-a285-00aa003049e2;;SY)");
	/* keys the fix does not need stay exactly as they were */
	assert_sddl_line(f->reg->path, CCS "\\Control\\Session Manager",
	                 "O:BAG:DUD:PAI(A;CI;KR;;;IU)(A;CI;KA;;;BA)(A;CI;KA;;;SY)"
	                 "(OA;CI;KR;;4828cc14-1437-45bc-9b07-ad6f015e5f28;DU)"
	                 "(XD;CI;KW;;;WD;(@User.Project Any_of {\"A (x)\", \"B;)\"}))");
	assert_sddl_line(f->reg->path, CCS "\\Services\\Tcpip\\Parameters",
	                 "O:BAG:SYD:PAI(A;CI;KR;;;BU)(A;CI;KA;;;BA)(A;CI;KA;;;SY)(A;CIIO;KA;;;CO)"
	                 "(A;CI;KR;;;S-1-5-84-0-0-0-0-0)");
	assert_int_equal(ccmwrap(f, "check", NULL, &run), 0);
	test_run_result_free(&run);

	roll_back_to(f, original, size, "5 journaled changes, 5 restored, 0 already as before, "
	                                "0 conflicts\n");
}

static void write_registry(const fixture *f, const char *keys)
{
	strbuf text = STRBUF_INIT;

	strbuf_printf(&text, "Windows Registry Editor Version 5.00\r\n\r\n%s", keys);
	test_write_text(f->reg->path, text.data);
	strbuf_free(&text);
}

/* The case: a key whose group is Domain Users and that grants
 * Interactive read made `fix` fail before ccmsetup started. */
static void domain_users_group_and_interactive_read(void **state)
{
	fixture *f = *state;
	test_run_result run;

	write_registry(f, "[" CCS "]\r\n"
	                  ";sddl=O:BAG:SYD:PAI(A;CI;KA;;;SY)(A;CI;KA;;;BA)\r\n\r\n"
	                  "[" SMS_MOUSE "]\r\n"
	                  ";sddl=O:BAG:DUD:PAI(A;CI;KR;;;IU)\r\n");
	assert_int_equal(ccmwrap(f, "fix", NULL, &run), 0);
	assert_output_has(&run, "changed HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_MOUSE\n"
	                        "  before: O:BAG:DUD:PAI(A;CI;KR;;;IU)\n"
	                        "  after:  O:BAG:DUD:PAI(A;CI;KA;;;SY)(A;CI;KR;;;IU)\n");
	assert_output_has(&run, "1 target keys, 1 noncompliant, 1 fixed, 0 failed\n");
	test_run_result_free(&run);
}

/* A SACL, as Get-Acl -Audit prints it, is kept: the fix changes the DACL
 * alone, a re-derived child keeps its own, and rollback gives the file
 * back byte for byte. */
static void sacl_survives_fix_and_rollback(void **state)
{
	fixture *f = *state;
	test_run_result run;

	write_registry(f, "[" CCS "]\r\n;sddl=O:BAG:SYD:PAI(A;CI;KR;;;SY)S:AI(AU;CISA;KA;;;WD)\r\n\r\n"
	                  "[" SMS_MOUSE "]\r\n;sddl=O:BAG:SYD:P(A;CI;KR;;;SY)S:P(AU;SAFA;KW;;;WD)\r\n\r\n"
	                  "[" SMS_MOUSE "\\0000]\r\n;sddl=O:BAG:SYD:AI(A;CIID;KR;;;SY)S:(AU;SA;KA;;;WD)\r\n");
	size_t size = 0;
	char *original = test_read_file(f->reg->path, &size);
	assert_int_equal(ccmwrap(f, "fix", NULL, &run), 0);
	assert_output_has(&run, "changed HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_MOUSE\n"
	                        "  before: O:BAG:SYD:P(A;CI;KR;;;SY)S:P(AU;SAFA;KW;;;WD)\n"
	                        "  after:  O:BAG:SYD:P(A;CI;KA;;;SY)(A;CI;KR;;;SY)S:P(AU;SAFA;KW;;;WD)\n");
	assert_output_has(&run, "  after:  O:BAG:SYD:AI(A;CIID;KA;;;SY)(A;CIID;KR;;;SY)"
	                        "S:(AU;SA;KA;;;WD)\n");
	test_run_result_free(&run);
	roll_back_to(f, original, size, "2 journaled changes, 2 restored, 0 already as before, "
	                                "0 conflicts\n");
}

/* A key above the targets whose descriptor is no SDDL ccmwrap reads (a
 * right that does not exist) is passed over with a note, and the run goes on: *SMS_MOUSE
 * is fixed, while *SMS_KEYBOARD, which stores none and would inherit from
 * that key, is unknown and left alone. The same descriptor on a target
 * stops the fix, naming the key. */
static void unreadable_descriptor_off_target(void **state)
{
	fixture *f = *state;
	test_run_result run;

	write_registry(f, "[" CCS "]\r\n;sddl=O:BAG:SYD:PAI(A;CI;KA;;;SY)\r\n\r\n"
	                  "[" CCS "\\Enum]\r\n;sddl=O:BAG:SYD:P(A;CI;KA;;;SY)(A;;KQ;;;BU)\r\n\r\n"
	                  "[" SMS_MOUSE "]\r\n;sddl=O:BAG:DUD:P(A;CI;KR;;;IU)\r\n\r\n"
	                  "[" CCS "\\Enum\\Root\\*SMS_KEYBOARD]\r\n\"NextInstance\"=dword:00000001\r\n");
	assert_int_equal(ccmwrap(f, "fix", NULL, &run), 0);
	assert_output_has(&run, "changed HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_MOUSE\n"
	                        "  before: O:BAG:DUD:P(A;CI;KR;;;IU)\n"
	                        "  after:  O:BAG:DUD:P(A;CI;KA;;;SY)(A;CI;KR;;;IU)\n");
	assert_output_has(&run, "note HKLM\\SYSTEM\\CurrentControlSet\\Enum: its "
	                        "descriptor cannot be read (bad SDDL 'O:BAG:SYD:P(A;CI;KA;;;SY)(A;;KQ;;;BU)': "
	                        "ACE 2 '(A;;KQ;;;BU)': unknown right 'KQ' in 'KQ'; expected 0xHEX or pairs of "
	                        "KA KR KW KX GA GR GW GX RC SD WD WO CC DC LC SW RP WP DT LO CR FA FR FW FX NW "
	                        "NR NX): the keys below it "
	                        "that store none are unknown\n");
	assert_output_has(&run, "left alone HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_KEYBOARD: "
	                        "no descriptor ccmwrap can read");
	test_run_result_free(&run);
	assert_int_equal(ccmwrap(f, "check", NULL, &run), 2);
	assert_output_has(&run, "ccmwrap check: warning: HKLM\\SYSTEM\\CurrentControlSet\\Enum: its "
	                        "descriptor cannot be read");
	assert_output_has(&run, "HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_KEYBOARD: no "
	                        "descriptor ccmwrap can read");
	test_run_result_free(&run);

	write_registry(f, "[" CCS "]\r\n;sddl=O:BAG:SYD:PAI(A;CI;KA;;;SY)\r\n\r\n"
	                  "[" SMS_MOUSE "]\r\n;sddl=O:BAG:SYD:P(A;CI;KA;;;SY)(A;;KQ;;;BU)\r\n");
	assert_int_equal(ccmwrap(f, "fix", NULL, &run), TEST_EXIT_SEEN(10002));
	assert_output_has(&run, "ccmwrap fix: key HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_MOUSE: "
	                        "bad SDDL 'O:BAG:SYD:P(A;CI;KA;;;SY)(A;;KQ;;;BU)': ACE 2 '(A;;KQ;;;BU)': "
	                        "unknown right 'KQ' in 'KQ'");
	test_run_result_free(&run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(domain_descriptors_fix_and_roll_back, setup, teardown),
		cmocka_unit_test_setup_teardown(domain_users_group_and_interactive_read, setup, teardown),
		cmocka_unit_test_setup_teardown(unreadable_descriptor_off_target, setup, teardown),
		cmocka_unit_test_setup_teardown(sacl_survives_fix_and_rollback, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
