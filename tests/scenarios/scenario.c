#include "tests/scenarios/scenario.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <uv.h>

#include "checks/registry/registry.h"
#include "config/base/filetime.h"
#include "config/base/text.h"
#include "tests/support/testregistry.h"
#include "wrapper/run/runstate.h"

void scenario_setup(scenario *s, const char *registry_sample)
{
	uv_fs_t req;
	size_t size;

	memset(s, 0, sizeof *s);
	s->folder = test_make_temp_dir();
	s->registry = test_path(s->folder, "registry.reg");
	s->logs = test_path(s->folder, "logs");
	s->ccmsetup_log = test_path(s->logs, "ccmsetup.log");
	s->ini = test_path(s->folder, "ccmwrap.ini");
	s->result_file = test_path(s->folder, "result.json");
	s->journal = test_path(s->folder, "acl.journal");
	s->own_log = test_path(s->folder, "ccmwrap.log");
	s->lock = test_path(s->folder, "ccmwrap.lock");
	s->mif = test_path(s->folder, "ccmwrap.mif");

	char *sample = test_source_path(registry_sample);
	char *bytes = test_read_file(sample, &size);
	assert_non_null(bytes);
	test_write_file(s->registry, bytes, size);
	s->original = bytes;
	s->original_size = size;
	free(sample);
	assert_int_equal(uv_fs_mkdir(NULL, &req, s->logs, 0700, NULL), 0);
	uv_fs_req_cleanup(&req);

	assert_int_equal(uv_os_setenv("CCMWRAP_INSTANCE_LOCK", s->lock), 0);
}

static void make_folders(const char *path)
{
	char *copy = xstrdup(path);
	uv_fs_t req;

	for (char *p = copy + 1; *p != '\0'; p++) {
		if (*p != '/' && *p != '\\')
			continue;
		char separator = *p;
		*p = '\0';
		uv_fs_mkdir(NULL, &req, copy, 0700, NULL);
		uv_fs_req_cleanup(&req);
		*p = separator;
	}
	uv_fs_mkdir(NULL, &req, copy, 0700, NULL);
	uv_fs_req_cleanup(&req);
	free(copy);
}

void scenario_use_windir(scenario *s, const char *below)
{
	s->windir = test_path(s->folder, "windir");
	free(s->logs);
	free(s->ccmsetup_log);
	s->logs = test_path(s->windir, below);
	s->ccmsetup_log = test_path(s->logs, "ccmsetup.log");
	make_folders(s->logs);
	assert_int_equal(uv_os_setenv("windir", s->windir), 0);
}

void scenario_teardown(scenario *s)
{
	if (s->windir != NULL)
		uv_os_unsetenv("windir");
	free(s->windir);
	if (s->result_read)
		result_free(&s->result);
	test_run_result_free(&s->run);
	test_remove_tree(s->folder);
	free(s->folder);
	free(s->registry);
	free(s->logs);
	free(s->ccmsetup_log);
	free(s->ini);
	free(s->result_file);
	free(s->journal);
	free(s->own_log);
	free(s->lock);
	free(s->mif);
	free(s->original);
}

int scenario_fixture_setup(void **state)
{
	scenario *s = xmalloc(sizeof *s);

	scenario_setup(s, SCENARIO_BROKEN_REGISTRY);
	*state = s;
	return 0;
}

int scenario_fixture_teardown(void **state)
{
	scenario_teardown(*state);
	free(*state);
	return 0;
}

void scenario_write_ini(scenario *s, const char *preflight, unsigned max_attempts,
                        const char *ccmsetup_lines)
{
	scenario_write_ini_for(s, CCMWRAP_FAKE_CCMSETUP, preflight, max_attempts, ccmsetup_lines);
}

void scenario_write_ini_for(scenario *s, const char *program, const char *preflight,
                            unsigned max_attempts, const char *ccmsetup_lines)
{
	strbuf ini = STRBUF_INIT;
	strbuf logs = STRBUF_INIT;
	uv_fs_t req;

	if (s->windir == NULL)
		strbuf_printf(&logs, "ccmsetup = %s\nmsi = %s/client.msi.log\n", s->ccmsetup_log, s->logs);
	strbuf_printf(&ini,
	              "[ccmsetup]\n"
	              "path = %s\n"
	              "arg = /fake-registry:%s\n"
	              "arg = /fake-logdir:%s\n"
	              "timeout = 20s\n"
	              "busy_wait = 300ms\n"
	              "%s"
	              "\n[logs]\n"
	              "%s"
	              "own = %s\n"
	              "\n[acl]\n"
	              "preflight = %s\n"
	              "journal = %s\n"
	              "\n[retry]\n"
	              "max_attempts = %u\n"
	              "delay = 100ms\n"
	              "jitter = 0%%\n"
	              "\n[report]\n"
	              "result = %s\n"
	              "mif_dir = %s\n",
	              program, s->registry, s->logs, ccmsetup_lines, logs.length ? logs.data : "",
	              s->own_log, preflight, s->journal, max_attempts, s->result_file, s->folder);
	test_write_text(s->ini, ini.data);
	/* The INI decides what runs: ccmwrap refuses one others may write. */
	assert_int_equal(uv_fs_chmod(NULL, &req, s->ini, 0600, NULL), 0);
	uv_fs_req_cleanup(&req);
	strbuf_free(&logs);
	strbuf_free(&ini);
}

test_process *scenario_start_as(scenario *s, const char *command)
{
	const char *args[] = { CCMWRAP_BINARY, command, "-c", s->ini, "--registry", s->registry, "-v",
	                       NULL };

	test_run_result_free(&s->run);
	return test_start(args, s->folder);
}

test_process *scenario_start(scenario *s)
{
	return scenario_start_as(s, "run");
}

void scenario_run_detached(scenario *s, const char *extra)
{
	const char *args[] = { CCMWRAP_BINARY, "run", "--detach", "-c", s->ini, "--registry",
	                       s->registry, extra, NULL };

	test_run_result_free(&s->run);
	test_run(args, s->folder, &s->run);
}

bool scenario_ccmsetup_hangs(void *context)
{
	const scenario *s = context;
	return scenario_file_contains(s->ccmsetup_log, "RemoveW2KDrivers");
}

bool scenario_ccmsetup_is_held(void *context)
{
	const scenario *s = context;
	return scenario_file_contains(s->ccmsetup_log, "Holding the installation");
}

void scenario_finish(scenario *s, test_process *process)
{
	test_wait(process, &s->run);
}

void scenario_run(scenario *s)
{
	scenario_finish(s, scenario_start(s));
}

void scenario_read_result_file(const char *path, const test_run_result *run, run_result *result)
{
	size_t size;
	error_message err;
	char *text = test_read_file(path, &size);

	if (text == NULL) {
		fprintf(stderr, "ccmwrap said:\n%s%s", run->out, run->err);
		fail_msg("no result file %s", path);
	}
	if (!result_parse(text, size, result, &err))
		fail_msg("result file %s: %s\n%s", path, err.text, text);
	free(text);
}

void scenario_read_result(scenario *s)
{
	if (s->result_read)
		result_free(&s->result);
	scenario_read_result_file(s->result_file, &s->run, &s->result);
	s->result_read = true;
}

bool scenario_result_is(const scenario *s, const char *outcome)
{
	strbuf text = STRBUF_INIT;
	strbuf_printf(&text, "\"outcome\":\"%s\"", outcome);
	bool is = scenario_file_contains(s->result_file, text.data);
	strbuf_free(&text);
	return is;
}

char *scenario_last_outcome(const scenario *s)
{
	registry *reg = test_open_registry_file(s->registry);
	registry_value *value = NULL;
	strlist text = STRLIST_INIT;
	bool found;
	error_message err;

	assert_true(registry_get_value(reg, "HKLM\\SOFTWARE\\ccmwrap", REGISTRY_VIEW_64,
	                               RUNSTATE_LAST_OUTCOME, &value, &found, &err));
	assert_non_null(value);
	assert_true(registry_value_strings(value, &text));
	char *outcome = xstrdup(text.items[0]);
	strlist_free(&text);
	registry_value_free(value);
	registry_close(reg);
	return outcome;
}

void scenario_assert_exit(const scenario *s, uint32_t code)
{
	if (s->run.exit_code != TEST_EXIT_SEEN(code) || s->run.term_signal != 0) {
		fprintf(stderr, "ccmwrap said:\n%s%s", s->run.out, s->run.err);
		fail_msg("ccmwrap exited with %lld (signal %d), expected %u (%lld as the parent sees it)",
		         (long long)s->run.exit_code, s->run.term_signal, code,
		         (long long)TEST_EXIT_SEEN(code));
	}
	assert_true(s->result_read);
	assert_int_equal(s->result.exit_code, code);
}

void scenario_run_to_exit(scenario *s, uint32_t code)
{
	scenario_run(s);
	scenario_read_result(s);
	scenario_assert_exit(s, code);
}

void scenario_assert_success_at_once(const scenario *s)
{
	assert_int_equal(s->result.outcome, OUTCOME_SUCCESS);
	assert_int_equal(s->result.attempt_count, 1);
	assert_int_equal(s->result.attempts[0].exit_code, 0);
}

int64_t scenario_check(const scenario *s)
{
	const char *args[] = { CCMWRAP_BINARY, "check", "-c", s->ini, "--registry", s->registry, NULL };
	test_run_result run;

	test_run(args, s->folder, &run);
	int64_t code = run.exit_code;
	test_run_result_free(&run);
	return code;
}

bool scenario_attempt_has(const result_attempt *attempt, const char *signature)
{
	for (size_t i = 0; i < attempt->signatures.count; i++)
		if (strcmp(attempt->signatures.items[i], signature) == 0)
			return true;
	return false;
}

unsigned scenario_file_count(const char *path, const char *text)
{
	char *content = test_read_file(path, NULL);
	unsigned count = 0;

	for (const char *at = content; at != NULL && (at = strstr(at, text)) != NULL; at++)
		count++;
	free(content);
	return count;
}

bool scenario_file_contains(const char *path, const char *text)
{
	return scenario_file_count(path, text) > 0;
}

void scenario_assert_said(const test_run_result *run, const char *text)
{
	if (strstr(run->out, text) == NULL && strstr(run->err, text) == NULL)
		fail_msg("expected '%s' in:\n%s%s", text, run->out, run->err);
}

void scenario_assert_registry_unchanged(const scenario *s)
{
	size_t size;
	char *now = test_read_file(s->registry, &size);

	assert_non_null(now);
	assert_int_equal(size, s->original_size);
	assert_memory_equal(now, s->original, size);
	free(now);
}

void scenario_write_old_mif(const scenario *s)
{
	const double old_s = (double)SCENARIO_OLD_MIF_MS / 1000.0;
	uv_fs_t req;
	error_message err;

	test_write_text(s->mif, SCENARIO_OLD_MIF);
	assert_int_equal(uv_fs_utime(NULL, &req, s->mif, old_s, old_s, NULL), 0);
	uv_fs_req_cleanup(&req);
	assert_true(filetime_set_created(s->mif, SCENARIO_OLD_MIF_MS, &err));
}
