/* Crash safety: `fix` over 20,000 keys killed with SIGKILL at 20 points
 * (19 as its journal grows, one while the registry file is being
 * replaced), and `rollback` killed while it writes: the registry file is
 * never partial (as it was, or wholly fixed), and a rollback afterwards
 * gives back the original byte for byte (docs/DESIGN.md "Crash safety").
 * Each kill waits for what the process has visibly done, never for a time. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <uv.h>

#include "tests/scenarios/scenario.h"
#include "config/base/text.h"

#define KEYS 20000
#define JOURNAL_KILL_POINTS 19
/* Long enough for the slowest machine to reach any kill point. */
#define REACH_MS 600000u

typedef struct fixture {
	scenario s;
	char *fixed;            /* the registry file once wholly fixed */
	size_t fixed_size;
	int64_t journal_size;   /* of a whole fix */
} fixture;

/* *SMS_MOUSE readable only, and KEYS subkeys storing descriptors it
 * passes down: fix grants SYSTEM on it and re-derives every one. */
static void write_big_registry(scenario *s)
{
	strbuf text = STRBUF_INIT;

	strbuf_add_string(&text, "Windows Registry Editor Version 5.00\n\n"
	                         "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_MOUSE]\n"
	                         ";sddl=O:BAG:SYD:P(A;CI;KR;;;SY)(A;CI;KR;;;BU)\n\n");
	for (int i = 0; i < KEYS; i++)
		strbuf_printf(&text, "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_MOUSE"
		                     "\\%05d]\n;sddl=O:BAG:SYD:AI(A;CIID;KR;;;SY)(A;CIID;KR;;;BU)\n"
		                     "\"Service\"=\"kbstuff\"\n\n", i);
	test_write_file(s->registry, text.data, text.length);
	free(s->original);
	s->original_size = text.length;
	s->original = strbuf_detach(&text);
}

static int64_t size_of(const char *path)
{
	uv_fs_t request;
	int rc = uv_fs_stat(NULL, &request, path, NULL);
	int64_t size = rc == 0 ? (int64_t)request.statbuf.st_size : -1;

	uv_fs_req_cleanup(&request);
	return size;
}

static void remove_file(const char *path)
{
	uv_fs_t request;

	uv_fs_unlink(NULL, &request, path, NULL);
	uv_fs_req_cleanup(&request);
}

/* The temporary files of registry file replacements (atomicfile.h):
 * counted, and with remove, removed (what a kill left behind). */
static int temporary_files(const scenario *s, bool remove)
{
	uv_fs_t request;
	uv_dirent_t entry;
	int found = 0;
	const char *name = strrchr(s->registry, '/') + 1;
	size_t length = strlen(name);

	if (uv_fs_scandir(NULL, &request, s->folder, 0, NULL) < 0)
		return 0;
	while (uv_fs_scandir_next(&request, &entry) != UV_EOF) {
		if (strncmp(entry.name, name, length) != 0 || strncmp(entry.name + length, ".tmp-", 5) != 0)
			continue;
		found++;
		char *path = test_path(s->folder, entry.name);
		if (remove)
			remove_file(path);
		free(path);
	}
	uv_fs_req_cleanup(&request);
	return found;
}

static test_process *start(const scenario *s, const char *command)
{
	const char *args[] = { CCMWRAP_BINARY, command, "-c", s->ini, "--registry", s->registry,
	                       NULL };
	return test_start(args, s->folder);
}

static void run_to_end(const scenario *s, const char *command)
{
	test_run_result run;

	test_wait(start(s, command), &run);
	if (run.exit_code != 0)
		fail_msg("%s: exit %lld\n%s%s", command, (long long)run.exit_code, run.out, run.err);
	test_run_result_free(&run);
}

/* The registry file is whole: as it was, or as a whole fix leaves it. */
static void assert_whole(const fixture *f)
{
	size_t size;
	char *now = test_read_file(f->s.registry, &size);
	bool original = size == f->s.original_size && memcmp(now, f->s.original, size) == 0;
	bool fixed = size == f->fixed_size && memcmp(now, f->fixed, size) == 0;

	free(now);
	if (!original && !fixed)
		fail_msg("the registry file is neither the original nor the fixed one (%zu bytes)", size);
}

/* Then the next round starts clean: no journal, no temporary file. */
static void roll_back_to_the_original(const fixture *f)
{
	run_to_end(&f->s, "rollback");
	scenario_assert_registry_unchanged(&f->s);
	remove_file(f->s.journal);
	temporary_files(&f->s, true);
}

static int setup(void **state)
{
	fixture *f = xcalloc(1, sizeof *f);

	scenario_setup(&f->s, SCENARIO_BROKEN_REGISTRY);
	scenario_write_ini(&f->s, "fix", 1, "");
	write_big_registry(&f->s);
	/* One whole fix: what the kill points are measured against. */
	run_to_end(&f->s, "fix");
	f->fixed = test_read_file(f->s.registry, &f->fixed_size);
	f->journal_size = size_of(f->s.journal);
	assert_true(f->journal_size > 0);
	roll_back_to_the_original(f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	scenario_teardown(&f->s);
	free(f->fixed);
	free(f);
	return 0;
}

typedef struct kill_point {
	const fixture *f;
	int64_t journal_at_least;   /* or, when negative: the commit */
	const char *end_line;       /* what the journal's last line holds when the command is done */
} kill_point;

static bool reached(void *context)
{
	const kill_point *point = context;
	const scenario *s = &point->f->s;

	if (point->journal_at_least >= 0)
		return size_of(s->journal) >= point->journal_at_least;
	return temporary_files(s, false) > 0 || scenario_file_contains(s->journal, point->end_line);
}

/* Starts command, kills it at the point, and says whether it was still
 * running then. */
static bool kill_at(const fixture *f, const char *command, kill_point *point)
{
	test_run_result run;
	test_process *process = start(&f->s, command);

	point->f = f;
	bool got_there = test_wait_until(reached, point, REACH_MS);
	test_signal(process, SIGKILL);
	test_wait(process, &run);
	if (!got_there)
		fail_msg("%s never reached its kill point:\n%s%s", command, run.out, run.err);
	bool killed = run.term_signal == SIGKILL;
	test_run_result_free(&run);
	return killed;
}

static void test_fix_killed_anywhere_rolls_back_to_the_original(void **state)
{
	fixture *f = *state;
	int killed_midway = 0;

	for (int k = 1; k <= JOURNAL_KILL_POINTS + 1; k++) {
		kill_point point = { .end_line = "\"op\":\"done\"" };
		point.journal_at_least = k <= JOURNAL_KILL_POINTS
		                             ? f->journal_size * k / (JOURNAL_KILL_POINTS + 1) : -1;
		killed_midway += kill_at(f, "fix", &point);
		assert_whole(f);
		roll_back_to_the_original(f);
	}
	printf("fix: %d of %d kills landed while it ran\n", killed_midway, JOURNAL_KILL_POINTS + 1);
	/* The first lands with nineteen twentieths of the journal unwritten. */
	assert_true(killed_midway > 0);
}

static void test_rollback_killed_while_writing_is_finished_by_the_next(void **state)
{
	fixture *f = *state;
	kill_point point = { .journal_at_least = -1, .end_line = "\"op\":\"rolled-back\"" };

	run_to_end(&f->s, "fix");
	kill_at(f, "rollback", &point);
	assert_whole(f);
	roll_back_to_the_original(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fix_killed_anywhere_rolls_back_to_the_original,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(test_rollback_killed_while_writing_is_finished_by_the_next,
		                                setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
