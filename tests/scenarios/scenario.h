/* What the end-to-end scenarios share: a temporary folder holding a copy
 * of a registry file, an INI that runs fake_ccmsetup against it, the logs,
 * the result file and a lock of its own; running the built ccmwrap there
 * and reading back what it left. */
#ifndef CCMWRAP_SCENARIO_H
#define CCMWRAP_SCENARIO_H

#include <stdbool.h>
#include <stdint.h>

#include "wrapper/report/result.h"
#include "tests/support/testsupport.h"

#define SCENARIO_BROKEN_REGISTRY "samples/registry/kb2000387-broken.reg"

typedef struct scenario {
	char *folder;
	char *registry;        /* the copy ccmwrap and the fake work on */
	char *logs;            /* the fake's log folder */
	char *ccmsetup_log;
	char *ini;
	char *result_file;
	char *journal;         /* the INI's [acl] journal */
	char *own_log;         /* the INI's [logs] own */
	char *lock;            /* the instance lock file */
	char *mif;             /* the status MIF: [report] mif_dir is the folder */
	char *original;        /* the registry copy's bytes before the test ran */
	size_t original_size;
	char *windir;          /* set by scenario_use_windir, else NULL */
	test_run_result run;   /* of the last scenario_run / scenario_finish */
	run_result result;     /* read by scenario_read_result */
	bool result_read;
} scenario;

/* A new scenario on a copy of the source tree's registry_sample, with its
 * own instance lock (CCMWRAP_INSTANCE_LOCK) so scenarios may run side by
 * side. */
void scenario_setup(scenario *s, const char *registry_sample);
void scenario_teardown(scenario *s);
/* The same as cmocka fixtures, on the broken registry of KB2000387:
 * *state is the scenario; the teardown runs even when the test fails. */
int scenario_fixture_setup(void **state);
int scenario_fixture_teardown(void **state);
#define scenario_test(function) \
	cmocka_unit_test_setup_teardown(function, scenario_fixture_setup, scenario_fixture_teardown)

/* ccmwrap finds ccmsetup's logs itself ([logs] ccmsetup = auto): %windir%
 * is a folder of the scenario, and the fake writes to windir/below. */
void scenario_use_windir(scenario *s, const char *below);

/* Writes the INI: fake_ccmsetup on the registry copy and the log folder,
 * `preflight` (off | check | fix), max_attempts, a short retry delay, and
 * ccmsetup_lines appended to [ccmsetup] ("arg = /fake-hang\n..."). */
void scenario_write_ini(scenario *s, const char *preflight, unsigned max_attempts,
                        const char *ccmsetup_lines);
/* The same with another program as ccmsetup. */
void scenario_write_ini_for(scenario *s, const char *program, const char *preflight,
                            unsigned max_attempts, const char *ccmsetup_lines);

/* `ccmwrap run -c INI --registry FILE -v` to its end (s->run). */
void scenario_run(scenario *s);
/* The same, returning at once; scenario_finish waits for it. */
test_process *scenario_start(scenario *s);
/* scenario_start with another command that runs (`service`). */
test_process *scenario_start_as(scenario *s, const char *command);
/* `ccmwrap run --detach -c INI --registry FILE [extra]` to its end
 * (s->run); extra may be NULL. */
void scenario_run_detached(scenario *s, const char *extra);
/* Conditions for test_wait_until (context: the scenario): ccmsetup.log
 * shows the hang in RemoveW2KDrivers, or the hold of /fake-hold-until. */
bool scenario_ccmsetup_hangs(void *context);
bool scenario_ccmsetup_is_held(void *context);
void scenario_finish(scenario *s, test_process *process);

/* Parses the result file into s->result (fails the test when it is
 * missing or malformed). */
void scenario_read_result(scenario *s);
/* The result file holds this outcome now (false when it is not there). */
bool scenario_result_is(const scenario *s, const char *outcome);
/* LastOutcome under the INI's state_key in the registry copy (caller
 * frees); fails the test when it is not there. */
char *scenario_last_outcome(const scenario *s);
/* The same for any result file, showing what run printed when it fails. */
void scenario_read_result_file(const char *path, const test_run_result *run, run_result *result);

/* Asserts ccmwrap's exit code: the full code in the result file and its
 * low 8 bits as the POSIX parent sees it. */
void scenario_assert_exit(const scenario *s, uint32_t code);

/* scenario_run, scenario_read_result and scenario_assert_exit(code). */
void scenario_run_to_exit(scenario *s, uint32_t code);
/* The outcome is success after one attempt, which exited with 0. */
void scenario_assert_success_at_once(const scenario *s);

/* `ccmwrap check` on the registry copy: 0 compliant, 1 a fix is needed. */
int64_t scenario_check(const scenario *s);

bool scenario_attempt_has(const result_attempt *attempt, const char *signature);

/* The run printed text on stdout or stderr; fails showing both otherwise. */
void scenario_assert_said(const test_run_result *run, const char *text);
/* The registry copy holds exactly the bytes it had before the test. */
void scenario_assert_registry_unchanged(const scenario *s);

/* A status MIF an earlier run left, written and created in 2001
 * (SCENARIO_OLD_MIF_MS; its creation time on Windows only). */
#define SCENARIO_OLD_MIF_MS 1000000000000LL
#define SCENARIO_OLD_MIF "an earlier run's MIF\r\n"
void scenario_write_old_mif(const scenario *s);

/* Whether the file holds text, read whole at the time of the call. */
bool scenario_file_contains(const char *path, const char *text);
/* How many times it holds text. */
unsigned scenario_file_count(const char *path, const char *text);

#endif
