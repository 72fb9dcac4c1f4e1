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
#include "checks/fixsummary.h"
#include "wrapper/commands/command.h"
#include "wrapper/report/exitcode.h"

static void print_line(void *context, fixsummary_line kind, const char *text)
{
	(void)context;
	(void)kind;
	printf("%s\n", text);
}

static void print_summary(const fix_summary *summary, bool dry_run, const char *journal_path)
{
	static const fixsummary_line lines[] = {
		FIXSUMMARY_CHANGE,   FIXSUMMARY_NOTE,    FIXSUMMARY_MISSING,
		FIXSUMMARY_VANISHED, FIXSUMMARY_FAILURE, FIXSUMMARY_UNKNOWN,
	};
	const fixsummary_style style = { lines, sizeof lines / sizeof lines[0], "", dry_run };
	strbuf counts = STRBUF_INIT;

	fixsummary_lines(summary, &style, print_line, NULL);
	fixsummary_counts(&counts, summary, "fixed");
	if (summary->unknown > 0)
		strbuf_printf(&counts, ", %zu unknown (left alone)", summary->unknown);
	printf("%s%s\n", counts.data, dry_run ? " (dry run: nothing changed)" : "");
	strbuf_free(&counts);
	if (summary->journal_set_aside != NULL)
		printf("the journal found at %s could not be used; it was set aside to %s\n",
		       journal_path, summary->journal_set_aside);
	if (!dry_run && summary->change_count > 0)
		printf("journal: %s\n", journal_path);
}

static int run_fix(command_context *context)
{
	bool dry_run = context->options->dry_run;
	fix_options fix = { .dry_run = dry_run, .journal_path = NULL };
	fix_summary summary;
	error_message err;
	int code = EXIT_OK;

	if (!fix_run(context->reg, &context->cfg, &fix, &summary, &err)) {
		fprintf(stderr, "ccmwrap fix: %s\n", err.text);
		code = EXIT_ACL_NOT_REPAIRED;
	} else {
		print_summary(&summary, dry_run, context->cfg.acl.journal);
		if (summary.failed > 0)
			code = EXIT_ACL_NOT_REPAIRED;
	}
	fix_summary_free(&summary);
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
	.needs = COMMAND_NEEDS_CONFIG | COMMAND_JOURNALS | COMMAND_WRITES_REGISTRY,
	.registry_error_code = EXIT_ACL_NOT_REPAIRED,
	.run = run_fix,
};
