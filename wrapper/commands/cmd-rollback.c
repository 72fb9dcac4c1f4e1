/* ccmwrap rollback [-c INI] [--registry FILE] [--journal FILE] [--force]:
 * restores what the fix journal recorded (checks/rollback.h), within the
 * INI's acl.scope and for its trustee. --journal names the journal;
 * without it the INI's acl.journal is used. Exit 0 when everything is
 * restored (or nothing was to be), 10005 when conflicts or refusals remain
 * or the rollback could not be done, 10001 for an invalid configuration or
 * command line. */
#include <stdio.h>
#include <uv.h>

#include "checks/rollback.h"
#include "wrapper/commands/command.h"
#include "wrapper/report/exitcode.h"

static bool journal_exists(const char *journal_path)
{
	uv_fs_t request;
	int status = uv_fs_lstat(NULL, &request, journal_path, NULL);

	uv_fs_req_cleanup(&request);
	return status != UV_ENOENT;
}

static int rollback_registry(registry *reg, const config *cfg, const char *journal_path,
                             bool force)
{
	rollback_summary summary;
	error_message err;

	/* Said plainly, so that a mistyped --journal is not taken for a
	 * machine that never needed a repair. */
	if (!journal_exists(journal_path)) {
		printf("no journal at %s: no fix was made there, nothing to roll back\n", journal_path);
		return EXIT_OK;
	}

	if (!rollback_run(reg, cfg, journal_path, force, &summary, &err)) {
		fprintf(stderr, "ccmwrap rollback: %s\n", err.text);
		rollback_summary_free(&summary);
		return EXIT_ROLLBACK_CONFLICTS;
	}
	for (size_t i = 0; i < summary.messages.count; i++)
		printf("%s\n", summary.messages.items[i]);
	printf("%zu journaled changes, %zu restored, %zu already as before, %zu conflicts",
	       summary.changes, summary.restored, summary.unchanged, summary.conflicts);
	if (summary.gone > 0)
		printf(", %zu gone", summary.gone);
	if (summary.refused > 0)
		printf(", %zu refused", summary.refused);
	printf("\n");
	int code = summary.unresolved > 0 ? EXIT_ROLLBACK_CONFLICTS : EXIT_OK;
	rollback_summary_free(&summary);
	return code;
}

static int run_rollback(command_context *context)
{
	const cli_options *options = context->options;
	const char *journal_path = options->journal_file != NULL ? options->journal_file
	                                                         : context->cfg.acl.journal;

	return rollback_registry(context->reg, &context->cfg, journal_path, options->force);
}

const command command_rollback = {
	.name = "rollback",
	.usage = "[-c INI] [--registry FILE] [--journal FILE] [--force]",
	.summary = "restore the descriptors the fix journal recorded",
	.options = CLI_CONFIG | CLI_REGISTRY | CLI_JOURNAL | CLI_FORCE,
	.min_arguments = 0,
	.max_arguments = 0,
	.usage_error_code = EXIT_CONFIG_INVALID,
	.needs = COMMAND_NEEDS_CONFIG | COMMAND_JOURNALS | COMMAND_WRITES_REGISTRY,
	.registry_error_code = EXIT_ROLLBACK_CONFLICTS,
	.run = run_rollback,
};
