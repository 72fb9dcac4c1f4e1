/* ccmwrap report PATH... [--format text|csv|json]: sums up result files,
 * given one by one or as folders of them (a fleet's share, searched with
 * its subfolders for *.json). A file that is no result file is named on
 * stderr and skipped. Exit 0, or 2 when no result file could be read. */
#include <stdio.h>
#include <string.h>

#include "wrapper/commands/command.h"
#include "wrapper/report/exitcode.h"
#include "wrapper/report/fleetreport.h"

static int run_report(command_context *context)
{
	const cli_options *options = context->options;
	fleetreport report = FLEETREPORT_INIT;
	strbuf out = STRBUF_INIT;

	fleetreport_read_paths(&report, &options->arguments, "report");
	const char *format = options->format ? options->format : "text";
	if (strcmp(format, "csv") == 0)
		fleetreport_format_csv(&report, &out);
	else if (strcmp(format, "json") == 0)
		fleetreport_format_json(&report, &out);
	else
		fleetreport_format_text(&report, &out);
	fputs(out.data, stdout);
	int code = report.files_read > 0 ? EXIT_OK : EXIT_COMMAND_ERROR;
	if (report.files_read == 0)
		fprintf(stderr, "ccmwrap report: no result file could be read\n");
	strbuf_free(&out);
	fleetreport_free(&report);
	return code;
}

const command command_report = {
	.name = "report",
	.usage = "PATH... [--format text|csv|json]",
	.summary = "sum up result files or folders of them: outcomes, signatures, failed hosts",
	.options = CLI_FORMAT,
	.min_arguments = 1,
	.max_arguments = -1,
	.usage_error_code = EXIT_COMMAND_ERROR,
	.run = run_report,
};
