/* ccmwrap fix [-c INI] [--registry FILE] [--dry-run]: repairs the target
 * keys' permissions (checks/fix.h), journaling each change first. Prints
 * each key's before and after SDDL; with --dry-run that is all it does.
 * Exit 0 when everything is compliant (or nothing needed doing), 10002
 * when a key could not be repaired or the repair could not be written
 * (a registry file read with skipped lines is not written at all), 10001
 * for an invalid configuration or command line. A key whose descriptor is
 * unknown (none stored on it or above it) is left alone and listed; it
 * changes no exit code, as nothing was found wrong with it. */
#include <stdio.h>

#include "checks/fix.h"
#include "wrapper/commands/command.h"
#include "wrapper/report/exitcode.h"

static void print_summary(const fix_summary *summary, bool dry_run, const char *journal_path)
{
	for (size_t i = 0; i < summary->change_count; i++) {
		const fix_change *change = &summary->changes[i];
		printf("%s %s\n  before: %s\n  after:  %s\n", dry_run ? "would change" : "changed",
		       change->key, change->before != NULL ? change->before : "(inherited, none stored)",
		       change->after);
	}
	for (size_t i = 0; i < summary->notes.count; i++)
		printf("note %s\n", summary->notes.items[i]);
	for (size_t i = 0; i < summary->missing.count; i++)
		printf("missing %s: the key does not exist\n", summary->missing.items[i]);
	for (size_t i = 0; i < summary->vanished.count; i++)
		printf("vanished %s: %s\n", summary->vanished.items[i], REGISTRY_VANISHED_WHY);
	for (size_t i = 0; i < summary->failures.count; i++)
		printf("not repaired %s\n", summary->failures.items[i]);
	for (size_t i = 0; i < summary->unknown_keys.count; i++)
		printf("left alone %s\n", summary->unknown_keys.items[i]);
	printf("%zu target keys, %zu noncompliant, %zu fixed, %zu failed", summary->targets,
	       summary->noncompliant, summary->fixed, summary->failed);
	if (summary->unknown > 0)
		printf(", %zu unknown (left alone)", summary->unknown);
	printf("%s\n", dry_run ? " (dry run: nothing changed)" : "");
	if (summary->journal_set_aside != NULL)
		printf("the journal found at %s could not be used; it was set aside to %s\n",
		       journal_path, summary->journal_set_aside);
	if (!dry_run && summary->change_count > 0)
		printf("journal: %s\n", journal_path);
}

static int run_fix(cli_options *options)
{
	config cfg = { 0 };
	registry *reg = NULL;
	error_message err;
	fix_summary summary;

	if (!cli_load_config(options, &cfg) || (!options->dry_run && !cli_prepare_state(options, &cfg))) {
		config_free(&cfg);
		return EXIT_CONFIG_INVALID;
	}
	if (!cli_open_registry(options, !options->dry_run, &reg, &err)) {
		fprintf(stderr, "ccmwrap fix: %s\n", err.text);
		config_free(&cfg);
		return EXIT_ACL_NOT_REPAIRED;
	}
	fix_options fix = { .dry_run = options->dry_run, .journal_path = NULL };
	int code = EXIT_OK;
	if (!fix_run(reg, &cfg, &fix, &summary, &err)) {
		fprintf(stderr, "ccmwrap fix: %s\n", err.text);
		code = EXIT_ACL_NOT_REPAIRED;
	} else {
		print_summary(&summary, options->dry_run, cfg.acl.journal);
		if (summary.failed > 0)
			code = EXIT_ACL_NOT_REPAIRED;
	}
	fix_summary_free(&summary);
	registry_close(reg);
	config_free(&cfg);
	return code;
}

const command command_fix = {
	.name = "fix",
	.usage = "[-c INI] [--registry FILE] [--dry-run]",
	.summary = "give the trustee the configured rights on every target key, journaled",
	.options = CLI_CONFIG | CLI_REGISTRY | CLI_DRY_RUN,
	.min_arguments = 0,
	.max_arguments = 0,
	.usage_error_code = EXIT_CONFIG_INVALID,
	.run = run_fix,
};
