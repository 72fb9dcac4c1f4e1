/* ccmwrap package [-c INI] [-o FILE]: the package definition file (.sms)
 * to import in the ConfigMgr console, its MIF match taken from the INI's
 * [report] (wrapper/report/pdf.h). With -o it is written atomically,
 * otherwise to stdout; the bytes are the same (ANSI, CRLF). Exit 0; 2 when
 * a value does not fit the format or the file cannot be written; 10001
 * for a bad command line or an invalid INI, as `config`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uv.h>

#include "config/base/atomicfile.h"
#include "config/base/fileio.h"
#include "wrapper/commands/command.h"
#include "wrapper/report/exitcode.h"
#include "wrapper/report/pdf.h"

/* Standard output through libuv, not stdio: on Windows stdio's text mode
 * would turn each CR LF into CR CR LF. */
#define STANDARD_OUTPUT 1

static bool write_pdf(const char *path, const char *text, error_message *err)
{
	size_t length = strlen(text);

	if (path != NULL)
		return atomicfile_replace(path, text, length, err);
	int code = fileio_write_all(STANDARD_OUTPUT, text, length);
	return code == 0 || error_set(err, "cannot write to standard output: %s", uv_strerror(code));
}

static int run_package(command_context *context)
{
	char *text;
	error_message err;

	bool ok = pdf_format(&context->cfg, &text, &err) ||
	          error_prefix(&err, "%s", context->cfg.file);
	ok = ok && write_pdf(context->options->output_file, text, &err);
	free(text);
	if (!ok) {
		fprintf(stderr, "ccmwrap package: %s\n", err.text);
		return EXIT_COMMAND_ERROR;
	}
	return EXIT_OK;
}

const command command_package = {
	.name = "package",
	.usage = "[-c INI] [-o FILE]",
	.summary = "write the package definition file (.sms) for the ConfigMgr console, its MIF "
	           "match from the INI",
	.options = CLI_CONFIG | CLI_OUTPUT,
	.min_arguments = 0,
	.max_arguments = 0,
	.usage_error_code = EXIT_CONFIG_INVALID,
	.needs = COMMAND_NEEDS_CONFIG,
	.run = run_package,
};
