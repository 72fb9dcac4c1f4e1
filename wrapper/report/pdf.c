#include "wrapper/report/pdf.h"

#include <stdlib.h>
#include <string.h>

#include "config/base/filepath.h"
#include "config/base/text.h"
#include "config/base/windows1252.h"
#include "wrapper/report/mif.h"

/* The MIF cuts at MIF_FIELD_MAX: what the format holds, the MIF holds whole
 * (docs/DESIGN.md "Package definition file"). */
_Static_assert(PDF_NAME_MAX <= MIF_FIELD_MAX && PDF_SHORT_MAX <= MIF_FIELD_MAX,
               "a value the package definition file holds reaches the MIF uncut");

#define MIF_EXTENSION ".mif"

typedef struct pdf_program {
	const char *name;
	const char *command;
	const char *comment;
} pdf_program;

static const pdf_program programs[] = {
	{ "Upgrade client", "run",
	  "Repairs the registry permissions KB2000387 names, then runs ccmsetup and retries" },
	{ "Repair permissions only", "fix", "Repairs the registry permissions KB2000387 names" },
	{ "Check permissions", "check",
	  "Exit code 0 when the registry permissions are right, 1 when a repair is needed" },
};

#define PROGRAM_COUNT (sizeof programs / sizeof programs[0])

/* "ENTRY=value" in Windows-1252, or an error naming source (the INI key
 * the value comes from). */
static bool add_entry(strbuf *pdf, const char *entry, const char *value, size_t max,
                      const char *source, error_message *err)
{
	size_t length = strlen(value), count = 0;
	strbuf ansi = STRBUF_INIT;
	bool ok = true;

	for (size_t used = 0; ok && used < length; count++) {
		uint32_t codepoint;
		unsigned char byte;
		used += text_next_codepoint(value + used, length - used, &codepoint);
		if (text_is_control(codepoint))
			ok = error_set(err, "%s: holds a control character, which would break the "
			                    "package definition file's %s line", source, entry);
		else if (!windows1252_from_codepoint(codepoint, &byte))
			ok = error_set(err, "%s: U+%04X is not in Windows-1252 (ANSI), the package "
			                    "definition file's encoding", source, (unsigned)codepoint);
		else
			strbuf_add_char(&ansi, (char)byte);
	}
	if (ok && count > max)
		ok = error_set(err, "%s: too long for the package definition file's %s: %zu "
		                    "characters, at most %zu", source, entry, count, max);
	if (ok)
		strbuf_printf(pdf, "%s=%s\r\n", entry, ansi.data ? ansi.data : "");
	strbuf_free(&ansi);
	return ok;
}

/* mif.c writes a double quote as a single one, since a MIF string has no
 * escape: such a value could never match. */
static bool add_mif_entry(strbuf *pdf, const char *entry, const char *value, size_t max,
                          const char *source, error_message *err)
{
	if (strchr(value, '"') != NULL)
		return error_set(err, "%s: holds a double quote, which the status MIF cannot hold, "
		                      "so %s would not match it", source, entry);
	return add_entry(pdf, entry, value, max, source, err);
}

/* ConfigMgr looks for MIFFileName with .mif added: any other name is
 * never found. */
static bool add_mif_file_name(strbuf *pdf, const char *mif, error_message *err)
{
	size_t length = strlen(mif), stem = length - strlen(MIF_EXTENSION);

	if (length <= strlen(MIF_EXTENSION) || !text_equal_nocase(mif + stem, MIF_EXTENSION))
		return error_set(err, "[report] mif: '%s' is not NAME" MIF_EXTENSION ", the only file "
		                      "ConfigMgr looks for (MIFFileName=NAME)", mif);
	char *name = xstrndup(mif, stem);
	bool ok = add_mif_entry(pdf, "MIFFileName", name, PDF_NAME_MAX, "[report] mif", err);
	free(name);
	return ok;
}

/* Without [report] mif a run writes no MIF, and ConfigMgr goes by the
 * exit code. */
static bool add_mif_match(strbuf *pdf, const config *cfg, error_message *err)
{
	if (cfg->report.mif == NULL || cfg->report.mif[0] == '\0')
		return true;
	return add_mif_file_name(pdf, cfg->report.mif, err) &&
	       add_mif_entry(pdf, "MIFName", cfg->report.product, PDF_NAME_MAX,
	                     "[report] product", err) &&
	       add_mif_entry(pdf, "MIFVersion", cfg->report.version, PDF_SHORT_MAX,
	                     "[report] version", err) &&
	       add_mif_entry(pdf, "MIFPublisher", cfg->report.publisher, PDF_SHORT_MAX,
	                     "[report] publisher", err);
}

/* An entry the format requires to hold something. */
static bool add_required_entry(strbuf *pdf, const char *entry, const char *value, size_t max,
                               const char *source, error_message *err)
{
	if (value[0] == '\0')
		return error_set(err, "%s: empty, and a package definition file requires a %s", source,
		                 entry);
	return add_entry(pdf, entry, value, max, source, err);
}

static bool add_package(strbuf *pdf, const config *cfg, error_message *err)
{
	strbuf_add_string(pdf, "[PDF]\r\nVersion=2.0\r\n\r\n[Package Definition]\r\n");
	if (!add_required_entry(pdf, "Name", cfg->report.product, PDF_NAME_MAX, "[report] product",
	                        err) ||
	    !add_entry(pdf, "Version", cfg->report.version, PDF_SHORT_MAX, "[report] version",
	               err) ||
	    !add_required_entry(pdf, "Publisher", cfg->report.publisher, PDF_SHORT_MAX,
	                        "[report] publisher", err))
		return false;
	strbuf_add_string(pdf, "Language=English\r\n"
	                       "Comment=ccmwrap: repairs the registry permissions KB2000387 "
	                       "names, then upgrades the ConfigMgr client\r\n"
	                       "Programs=");
	for (size_t i = 0; i < PROGRAM_COUNT; i++)
		strbuf_printf(pdf, "%s%s", i > 0 ? ", " : "", programs[i].name);
	strbuf_add_string(pdf, "\r\n");
	return add_mif_match(pdf, cfg, err);
}

/* Each program runs with administrative rights whether or not a user is
 * logged on, without a window to answer. A file name with a space is
 * quoted as the command line's own argument; one with a quote (POSIX
 * allows it) could not be. */
static bool add_program(strbuf *pdf, const pdf_program *program, const char *ini_name,
                        error_message *err)
{
	strbuf command = STRBUF_INIT;
	const char *quote = strchr(ini_name, ' ') != NULL ? "\"" : "";

	if (strchr(ini_name, '"') != NULL)
		return error_set(err, "the INI's file name: holds a double quote, which a Windows "
		                      "command line cannot pass");
	strbuf_printf(pdf, "\r\n[%s]\r\nName=%s\r\nComment=%s\r\n", program->name, program->name,
	              program->comment);
	strbuf_printf(&command, "ccmwrap.exe %s -c %s%s%s", program->command, quote, ini_name, quote);
	bool ok = add_entry(pdf, "CommandLine", command.data, PDF_LINE_MAX, "the INI's file name",
	                    err);
	strbuf_free(&command);
	if (ok)
		strbuf_add_string(pdf, "CanRunWhen=AnyUserStatus\r\n"
		                       "UserInputRequired=False\r\n"
		                       "AdminRightsRequired=True\r\n"
		                       "UseInstallAccount=True\r\n"
		                       "Run=Minimized\r\n");
	return ok;
}

bool pdf_format(const config *cfg, char **text, error_message *err)
{
	strbuf pdf = STRBUF_INIT;
	bool ok = add_package(&pdf, cfg, err);

	for (size_t i = 0; ok && i < PROGRAM_COUNT; i++)
		ok = add_program(&pdf, &programs[i], filepath_base_name(cfg->file), err);
	if (!ok) {
		strbuf_free(&pdf);
		*text = NULL;
		return false;
	}
	*text = strbuf_detach(&pdf);
	return true;
}
