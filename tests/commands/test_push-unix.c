/* `ccmwrap push` on the simulation (--hosts-root): a fleet of folders,
 * each with its windir (ADMIN$) and registry file, the pushed ccmwrap run
 * as each host's one-shot service against fake_ccmsetup. Every host ends
 * with its result file, the broken ones repaired, the unreachable ones
 * recorded with their Win32 error, every host cleaned up; bad command
 * lines are refused before anything is touched. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <uv.h>

#include "wrapper/report/exitcode.h"
#include "wrapper/report/result.h"
#include "tests/support/testsupport.h"

#define HEALTHY "samples/registry/healthy.reg"
#define BROKEN "samples/registry/kb2000387-broken.reg"
#define NOT_A_HOST "is not a host name; expected 1 to 253 letters, digits, '-', '.' and '_'\n"

typedef struct fleet {
	char *folder;
	char *root;        /* --hosts-root */
	char *results;     /* --results */
	char *ini;
	test_run_result run;
} fleet;

static char *join(const char *folder, const char *name)
{
	return test_path(folder, name);
}

static void make_dir(const char *path)
{
	assert_int_equal(mkdir(path, 0755), 0);
}

/* Each host runs fake_ccmsetup on its own registry file and logs under
 * its own windir: the INI says so through %windir%, which is the host's. */
static void write_ini(fleet *f, const char *preflight, const char *ccmsetup_lines)
{
	strbuf ini = STRBUF_INIT;

	strbuf_printf(&ini,
	              "[ccmsetup]\n"
	              "path = %s\n"
	              "arg = /fake-registry:%%windir%%/../registry.reg\n"
	              "arg = /fake-logdir:%%windir%%/ccmsetup/Logs\n"
	              "timeout = 30s\n"
	              "busy_wait = 300ms\n"
	              "%s"
	              "\n[logs]\n"
	              "ccmsetup = %%windir%%/ccmsetup/Logs/ccmsetup.log\n"
	              "\n[acl]\n"
	              "preflight = %s\n"
	              "\n[retry]\n"
	              "max_attempts = 2\n"
	              "delay = 20ms\n"
	              "jitter = 0%%\n",
	              CCMWRAP_FAKE_CCMSETUP, ccmsetup_lines, preflight);
	test_write_text(f->ini, ini.data);
	strbuf_free(&ini);
}

static int make_fleet(void **state)
{
	fleet *f = xcalloc(1, sizeof *f);

	f->folder = test_make_temp_dir();
	f->root = join(f->folder, "hosts");
	f->results = join(f->folder, "results");
	f->ini = join(f->folder, "ccmwrap.ini");
	make_dir(f->root);
	write_ini(f, "fix", "");
	/* The admin's machine: its INI is read with these, and its own lock
	 * must not be the hosts' (each has its own). */
	char *lock = join(f->folder, "admin.lock");
	assert_int_equal(uv_os_setenv("windir", "/admin/windir"), 0);
	assert_int_equal(uv_os_setenv("ProgramData", "/admin/data"), 0);
	assert_int_equal(uv_os_setenv("CCMWRAP_INSTANCE_LOCK", lock), 0);
	free(lock);
	*state = f;
	return 0;
}

static int remove_fleet(void **state)
{
	fleet *f = *state;

	test_run_result_free(&f->run);
	test_remove_tree(f->folder);
	free(f->folder);
	free(f->root);
	free(f->results);
	free(f->ini);
	free(f);
	return 0;
}

static char *host_path(const fleet *f, const char *host, const char *below)
{
	char *folder = join(f->root, host);
	char *path = below != NULL ? join(folder, below) : xstrdup(folder);

	free(folder);
	return path;
}

/* A host: its folder, its windir with the folder ccmsetup logs to, and a
 * copy of a registry file (NULL: a host without windir, no ADMIN$). */
static void make_host(const fleet *f, const char *host, const char *registry)
{
	char *folder = host_path(f, host, NULL);
	make_dir(folder);
	free(folder);
	if (registry == NULL)
		return;
	const char *below[] = { "windir", "windir/ccmsetup", "windir/ccmsetup/Logs" };
	for (size_t i = 0; i < sizeof below / sizeof below[0]; i++) {
		char *path = host_path(f, host, below[i]);
		make_dir(path);
		free(path);
	}
	size_t size;
	char *sample = test_source_path(registry);
	char *bytes = test_read_file(sample, &size);
	char *target = host_path(f, host, "registry.reg");
	assert_non_null(bytes);
	test_write_file(target, bytes, size);
	free(target);
	free(bytes);
	free(sample);
}

/* ccmwrap push HOSTS... -c INI --hosts-root ROOT --results RESULTS and
 * the extra arguments (both NULL-terminated). */
static void run_push(fleet *f, const char *const *hosts, const char *const *extra)
{
	const char *args[128] = { CCMWRAP_BINARY, "push" };
	size_t n = 2;

	for (; hosts != NULL && *hosts != NULL; hosts++)
		args[n++] = *hosts;
	const char *common[] = { "-c", f->ini, "--hosts-root", f->root, "--results", f->results };
	for (size_t i = 0; i < sizeof common / sizeof common[0]; i++)
		args[n++] = common[i];
	for (; extra != NULL && *extra != NULL; extra++)
		args[n++] = *extra;
	args[n] = NULL;
	assert_true(n < sizeof args / sizeof args[0]);
	test_run_result_free(&f->run);
	test_run(args, f->folder, &f->run);
}

static void assert_pushed(const fleet *f, int64_t code)
{
	if (f->run.exit_code != code)
		fail_msg("push exited %lld, expected %lld:\n%s%s", (long long)f->run.exit_code,
		         (long long)code, f->run.out, f->run.err);
}

static void read_result(const fleet *f, const char *host, run_result *result)
{
	char name[300];
	size_t size;
	error_message err;

	snprintf(name, sizeof name, "%s.json", host);
	char *path = join(f->results, name);
	char *text = test_read_file(path, &size);
	if (text == NULL)
		fail_msg("no result for %s:\n%s%s", host, f->run.out, f->run.err);
	if (!result_parse(text, size, result, &err))
		fail_msg("%s: %s", path, err.text);
	free(text);
	free(path);
}

static bool host_has(const fleet *f, const char *host, const char *below)
{
	char *path = host_path(f, host, below);
	struct stat info;
	bool found = lstat(path, &info) == 0;

	free(path);
	return found;
}

static void assert_cleaned_up(const fleet *f, const char *host)
{
	assert_false(host_has(f, host, "windir/ccmwrap"));
	assert_false(host_has(f, host, "services/ccmwrap"));
}

/* `ccmwrap check` on the host's registry file: 0 compliant. */
static int64_t check_host(const fleet *f, const char *host)
{
	char *registry = host_path(f, host, "registry.reg");
	const char *args[] = { CCMWRAP_BINARY, "check", "-c", f->ini, "--registry", registry,
		               NULL };
	test_run_result run;

	test_run(args, f->folder, &run);
	int64_t code = run.exit_code;
	test_run_result_free(&run);
	free(registry);
	return code;
}

/* text holds line (ending in '\n') as a whole line. */
static bool has_line(const char *text, const char *line)
{
	for (const char *at = strstr(text, line); at != NULL; at = strstr(at + 1, line))
		if (at == text || at[-1] == '\n')
			return true;
	return false;
}

static void assert_ends_with(const char *text, const char *end)
{
	size_t length = strlen(text);
	size_t end_length = strlen(end);

	if (length < end_length || strcmp(text + length - end_length, end) != 0)
		fail_msg("'%s'\ndoes not end with\n'%s'", text, end);
}

/* 50 hosts, 8 at once: healthy ones, ones with the KB2000387 permissions
 * that the pushed ccmwrap repairs, two without a folder (no such host)
 * and two without windir (no ADMIN$). */
static void test_a_fleet_is_pushed_repaired_and_reported(void **state)
{
	fleet *f = *state;
	char names[50][8];
	const char *hosts[51];

	for (int i = 0; i < 50; i++) {
		snprintf(names[i], sizeof names[i], "pc%02d", i + 1);
		hosts[i] = names[i];
		if (i < 46)
			make_host(f, names[i], i % 3 == 0 ? BROKEN : HEALTHY);
		else if (i >= 48)
			make_host(f, names[i], NULL);
	}
	hosts[50] = NULL;
	run_push(f, hosts, (const char *[]){ "--parallel", "8", NULL });
	assert_pushed(f, TEST_EXIT_SEEN(EXIT_PUSH_FAILED));

	for (int i = 0; i < 50; i++) {
		run_result result;
		read_result(f, names[i], &result);
		/* Each host names itself (a simulated host by its COMPUTERNAME). */
		assert_string_equal(result.host, names[i]);
		if (i < 46 && result.outcome != OUTCOME_SUCCESS)
			fail_msg("%s ended %s (exit %u): %s", names[i], outcome_name(result.outcome),
			         result.exit_code,
			         result.warnings.count > 0 ? result.warnings.items[0] : "no warning");
		if (i < 46) {
			assert_int_equal(result.exit_code, 0);
			assert_int_equal(result.acl.failed, 0);
			assert_int_equal(result.acl.fixed, i % 3 == 0 ? result.acl.noncompliant : 0);
			assert_true(i % 3 != 0 || result.acl.fixed > 0);
			char line[64];
			snprintf(line, sizeof line, i % 3 == 0 ? "%s: success (exit 0), %u keys repaired\n"
			                                       : "%s: success (exit 0)\n",
			         names[i], result.acl.fixed);
			assert_true(has_line(f->run.out, line));
			assert_cleaned_up(f, names[i]);
		} else {
			uint32_t error = i < 48 ? 53 : 67;
			assert_int_equal(result.outcome, OUTCOME_UNREACHABLE);
			assert_int_equal(result.exit_code, error);
			assert_int_equal(result.warnings.count, 1);
			assert_string_equal(result.warnings.items[0],
			                    i < 48 ? "push: reaching the host: The network path was not "
			                             "found. (Win32 error 53)"
			                           : "push: reaching the host: ADMIN$: The network name "
			                             "cannot be found. (Win32 error 67)");
			assert_false(host_has(f, names[i], "windir"));
			char line[64];
			snprintf(line, sizeof line, "%s: unreachable (exit %u)\n", names[i], error);
			assert_non_null(strstr(f->run.out, line));
		}
		result_free(&result);
	}
	for (int i = 0; i < 46; i += 3)
		assert_int_equal(check_host(f, names[i]), 0);

	const char *report_args[] = { CCMWRAP_BINARY, "report", f->results, NULL };
	test_run_result report;
	test_run(report_args, f->folder, &report);
	assert_int_equal(report.exit_code, 0);
	assert_non_null(strstr(report.out, "  success      46\n  unreachable  4\n"));
	assert_ends_with(f->run.out, report.out);
	test_run_result_free(&report);
}

static void test_keep_leaves_the_folder_and_the_service(void **state)
{
	fleet *f = *state;
	char *source = join(f->folder, "source");
	char *inside = join(source, "ccmsetup.txt");
	char *extra = join(f->folder, "extra.txt");

	make_host(f, "pc1", HEALTHY);
	make_dir(source);
	test_write_text(inside, "the ccmsetup source");
	test_write_text(extra, "one more file");
	run_push(f, (const char *[]){ "pc1", NULL },
	         (const char *[]){ "--keep", "--with", source, "--with", extra, NULL });
	assert_pushed(f, 0);
	assert_non_null(strstr(f->run.out, "pc1: success (exit 0)\n"));

	const char *kept[] = { "windir/ccmwrap/ccmwrap", "windir/ccmwrap/ccmwrap.ini",
		               "windir/ccmwrap/result.json", "windir/ccmwrap/extra.txt",
		               "windir/ccmwrap/source/ccmsetup.txt" };
	for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++)
		assert_true(host_has(f, "pc1", kept[i]));
	char *service = host_path(f, "pc1", "services/ccmwrap");
	char *command_line = test_read_file(service, NULL);
	assert_non_null(command_line);
	assert_string_equal(command_line,
	                    "\"%windir%\\ccmwrap\\ccmwrap\" service -c "
	                    "\"%windir%\\ccmwrap\\ccmwrap.ini\" --result "
	                    "\"%windir%\\ccmwrap\\result.json\" --keep\n");
	char *copied = host_path(f, "pc1", "windir/ccmwrap/source/ccmsetup.txt");
	char *text = test_read_file(copied, NULL);
	assert_string_equal(text, "the ccmsetup source");
	free(text);
	free(copied);
	free(command_line);
	free(service);
	free(extra);
	free(inside);
	free(source);
}

static void test_a_healthy_fleet_exits_0_and_leaves_nothing(void **state)
{
	fleet *f = *state;
	const char *hosts[] = { "pc1", "pc2", "pc3", "PC1", NULL };

	for (int i = 0; i < 3; i++)
		make_host(f, hosts[i], HEALTHY);
	run_push(f, hosts, (const char *[]){ "--parallel", "2", NULL });
	assert_pushed(f, 0);
	for (int i = 0; i < 3; i++) {
		run_result result;
		read_result(f, hosts[i], &result);
		assert_int_equal(result.outcome, OUTCOME_SUCCESS);
		result_free(&result);
		assert_cleaned_up(f, hosts[i]);
	}
	assert_null(strstr(f->run.out, "PC1"));
}

/* A link planted in the host's ADMIN$\ccmwrap (by anyone who could write
 * there) is removed as a link: what it points to stays. */
static void test_a_planted_link_is_not_followed(void **state)
{
	fleet *f = *state;
	char *outside = join(f->folder, "outside");
	char *precious = join(outside, "precious");
	char *planted = host_path(f, "pc1", "windir/ccmwrap");
	char *link = join(planted, "evil");

	make_host(f, "pc1", HEALTHY);
	make_dir(outside);
	test_write_text(precious, "keep me");
	make_dir(planted);
	assert_int_equal(symlink(outside, link), 0);
	run_push(f, (const char *[]){ "pc1", NULL }, NULL);
	assert_pushed(f, 0);
	assert_cleaned_up(f, "pc1");
	char *text = test_read_file(precious, NULL);
	assert_string_equal(text, "keep me");
	free(text);
	free(link);
	free(planted);
	free(precious);
	free(outside);
}

/* A run that hangs: at the timeout the service is asked to stop, and push
 * records what the host left, cleans up and ends. */
static void test_a_hanging_host_is_stopped_at_the_timeout(void **state)
{
	fleet *f = *state;

	write_ini(f, "off", "arg = /fake-hang\nstop_grace = 2s\n");
	make_host(f, "pc1", BROKEN);
	run_push(f, (const char *[]){ "pc1", NULL }, (const char *[]){ "--timeout", "2s", NULL });
	assert_pushed(f, TEST_EXIT_SEEN(EXIT_PUSH_FAILED));
	run_result result;
	read_result(f, "pc1", &result);
	if (result.outcome != OUTCOME_INTERRUPTED && result.outcome != OUTCOME_RUNNING)
		fail_msg("outcome %s:\n%s%s", outcome_name(result.outcome), f->run.out, f->run.err);
	result_free(&result);
	assert_cleaned_up(f, "pc1");
}

static void assert_refused(fleet *f, const char *message)
{
	assert_pushed(f, TEST_EXIT_SEEN(EXIT_CONFIG_INVALID));
	assert_string_equal(f->run.err, message);
	assert_string_equal(f->run.out, "");
	assert_false(test_exists(f->results));
}

static void test_a_host_name_that_is_a_path_is_refused(void **state)
{
	fleet *f = *state;
	char *evil = join(f->folder, "evil");

	make_host(f, "pc1", HEALTHY);
	run_push(f, (const char *[]){ "pc1", "../evil", NULL }, NULL);
	assert_refused(f, "ccmwrap push: '../evil' " NOT_A_HOST);
	run_push(f, (const char *[]){ "a/b", NULL }, NULL);
	assert_refused(f, "ccmwrap push: 'a/b' " NOT_A_HOST);
	assert_false(test_exists(evil));
	assert_false(host_has(f, "pc1", "windir/ccmwrap"));
	free(evil);
}

static void test_a_bad_line_of_the_hosts_file_is_named(void **state)
{
	fleet *f = *state;
	char *hosts = join(f->folder, "hosts.txt");
	char expected[4096];

	test_write_text(hosts, "pc1\n\n  pc 2\n");
	run_push(f, NULL, (const char *[]){ "--hosts", hosts, NULL });
	snprintf(expected, sizeof expected, "ccmwrap push: %s:3: 'pc 2' " NOT_A_HOST, hosts);
	assert_refused(f, expected);
	free(hosts);
}

static void test_bad_options_are_refused(void **state)
{
	fleet *f = *state;

	run_push(f, (const char *[]){ "pc1", NULL }, (const char *[]){ "--parallel", "0", NULL });
	assert_refused(f, "ccmwrap push: --parallel: '0' is not a whole number from 1 to 64; "
	                  "expected one\n");
	run_push(f, (const char *[]){ "pc1", NULL }, (const char *[]){ "--parallel", "abc", NULL });
	assert_refused(f, "ccmwrap push: --parallel: 'abc' is not a whole number from 1 to 64; "
	                  "expected one\n");
	run_push(f, NULL, NULL);
	assert_refused(f, "ccmwrap push: no host given; expected HOST... or --hosts FILE\n");
}

static void test_without_hosts_root_there_is_no_service_manager(void **state)
{
	fleet *f = *state;
	const char *args[] = { CCMWRAP_BINARY, "push", "pc1", "-c", f->ini, NULL };

	test_run(args, f->folder, &f->run);
	assert_refused(f, "ccmwrap push: push needs --hosts-root on this platform (no service "
	                  "manager)\n");
}

#define FLEET_TEST(function) cmocka_unit_test_setup_teardown(function, make_fleet, remove_fleet)

int main(void)
{
	const struct CMUnitTest tests[] = {
		FLEET_TEST(test_a_fleet_is_pushed_repaired_and_reported),
		FLEET_TEST(test_keep_leaves_the_folder_and_the_service),
		FLEET_TEST(test_a_healthy_fleet_exits_0_and_leaves_nothing),
		FLEET_TEST(test_a_planted_link_is_not_followed),
		FLEET_TEST(test_a_hanging_host_is_stopped_at_the_timeout),
		FLEET_TEST(test_a_host_name_that_is_a_path_is_refused),
		FLEET_TEST(test_a_bad_line_of_the_hosts_file_is_named),
		FLEET_TEST(test_bad_options_are_refused),
		FLEET_TEST(test_without_hosts_root_there_is_no_service_manager),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
