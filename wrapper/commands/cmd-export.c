/* ccmwrap export KEY [--registry FILE] [-o FILE]: a key and its whole
 * subtree in the registry file format, read through registry.h only, so it
 * works on the native registry as on a file. With -o the file is written
 * as regedit writes one (UTF-16LE with BOM, CRLF) and atomically; without,
 * the text goes to stdout as UTF-8 with LF line breaks. */
#include <stdio.h>
#include <stdlib.h>

#include "config/base/atomicfile.h"
#include "checks/registry/regfile-format.h"
#include "config/base/regpath.h"
#include "wrapper/commands/command.h"
#include "wrapper/report/exitcode.h"

static const unsigned char utf16_bom[] = { 0xFF, 0xFE };

/* Where the text goes: the atomic file of -o, or stdout. */
typedef struct export_output {
	atomicfile *file;
	const char *newline;
	strbuf encoded;
} export_output;

static bool put(export_output *out, strbuf *text, error_message *err)
{
	bool ok;

	if (out->file == NULL) {
		ok = fwrite(text->data, 1, text->length, stdout) == text->length ||
		     error_set(err, "cannot write to standard output");
	} else {
		strbuf_clear(&out->encoded);
		regfile_encode(&out->encoded, text->data, text->length, REGFILE_UTF16LE);
		ok = atomicfile_write(out->file, out->encoded.data, out->encoded.length, err);
	}
	strbuf_clear(text);
	return ok;
}

static bool export_key_text(registry *reg, const char *key, const char *newline, strbuf *text,
                            error_message *err)
{
	char *sddl;
	registry_value *values;
	size_t count;

	if (text_has_control(key))
		return error_set(err, "key '%s' holds a control character, which a .reg file cannot "
		                      "hold", key);
	if (!registry_get_security(reg, key, &sddl, err))
		return false;
	if (!registry_values(reg, key, &values, &count, err)) {
		free(sddl);
		return false;
	}
	regfile_format_key_line(text, key, newline);
	if (sddl != NULL)
		regfile_format_sddl_line(text, sddl, newline);
	free(sddl);
	bool ok = true;
	for (size_t i = 0; ok && i < count; i++)
		ok = regfile_format_value(text, &values[i], newline, err);
	registry_values_free(values, count);
	if (!ok)
		return error_prefix(err, "%s", key);
	strbuf_add_string(text, newline);
	return true;
}

typedef struct export_walk {
	registry *reg;
	export_output *out;
	strbuf *text;
} export_walk;

/* registry_walk visits each key before its subkeys, in the order regedit
 * exports in. */
static bool export_key(void *context, const char *key, bool *descend, error_message *err)
{
	export_walk *walk = context;

	(void)descend;
	return export_key_text(walk->reg, key, walk->out->newline, walk->text, err) &&
	       put(walk->out, walk->text, err);
}

static bool export_all(registry *reg, const char *key, export_output *out, error_message *err)
{
	strbuf text = STRBUF_INIT;

	if (!registry_key_exists(reg, key)) {
		strbuf_free(&text);
		return error_set(err, "key %s does not exist in %s", key, reg->description);
	}
	strbuf_printf(&text, "%s%s%s", REGFILE_HEADER_V5, out->newline, out->newline);
	export_walk walk = { .reg = reg, .out = out, .text = &text };
	bool ok = put(out, &text, err) && registry_walk(reg, key, export_key, &walk, NULL, err);
	strbuf_free(&text);
	return ok;
}

static bool export_to_file(registry *reg, const char *key, const char *path, error_message *err)
{
	atomicfile file;
	export_output out = { .file = &file, .newline = "\r\n", .encoded = STRBUF_INIT };

	if (!atomicfile_begin(&file, path, err))
		return false;
	bool ok = atomicfile_write(&file, utf16_bom, sizeof utf16_bom, err) &&
	          export_all(reg, key, &out, err);
	strbuf_free(&out.encoded);
	if (!ok) {
		atomicfile_abandon(&file);
		return false;
	}
	return atomicfile_commit(&file, err);
}

static bool export_to_stdout(registry *reg, const char *key, error_message *err)
{
	export_output out = { .file = NULL, .newline = "\n", .encoded = STRBUF_INIT };
	bool ok = export_all(reg, key, &out, err);

	strbuf_free(&out.encoded);
	if (fflush(stdout) != 0 && ok)
		ok = error_set(err, "cannot write to standard output");
	return ok;
}

/* The KEY argument in the one form the registry takes (regpath.h). */
static bool export_check_arguments(cli_options *options, error_message *err)
{
	char *key;

	if (!regpath_normalize(options->arguments.items[0], &key, err))
		return false;
	free(options->arguments.items[0]);
	options->arguments.items[0] = key;
	return true;
}

static int export_run(command_context *context)
{
	const cli_options *options = context->options;
	const char *key = options->arguments.items[0];
	error_message err;

	bool ok = options->output_file ? export_to_file(context->reg, key, options->output_file, &err)
	                               : export_to_stdout(context->reg, key, &err);
	if (!ok) {
		fprintf(stderr, "ccmwrap export: %s\n", err.text);
		return EXIT_COMMAND_ERROR;
	}
	return EXIT_OK;
}

const command command_export = {
	.name = "export",
	.usage = "KEY [--registry FILE] [-o FILE]",
	.summary = "write a key and its subkeys as a .reg file (-o: UTF-16LE like regedit; "
	           "otherwise UTF-8 to stdout)",
	.options = CLI_REGISTRY | CLI_OUTPUT,
	.min_arguments = 1,
	.max_arguments = 1,
	.usage_error_code = EXIT_COMMAND_ERROR,
	.needs = COMMAND_OPENS_REGISTRY,
	.registry_error_code = EXIT_COMMAND_ERROR,
	.check_arguments = export_check_arguments,
	.run = export_run,
};
