#include "wrapper/report/mif.h"

#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "config/base/text.h"
#include "config/base/atomicfile.h"
#include "config/base/windows1252.h"
#include "config/base/filepath.h"
#include "config/base/filetime.h"
#include "config/base/timestamp.h"

/* A MIF string has no escapes, and a line break or other control would
 * end or corrupt the value. */
static char ansi_byte(uint32_t codepoint)
{
	unsigned char byte;

	if (codepoint == '"')
		return '\'';
	if (codepoint < 0x20 || (codepoint >= 0x7F && codepoint < 0xA0))
		return ' ';
	return windows1252_from_codepoint(codepoint, &byte) ? (char)byte : '?';
}

/* A quoted MIF value of at most max characters. */
static void add_value(strbuf *mif, const char *value, size_t max)
{
	const char *text = value ? value : "";
	size_t length = strlen(text);

	strbuf_add_char(mif, '"');
	for (size_t used = 0, count = 0; used < length && count < max; count++) {
		uint32_t codepoint;
		used += text_next_codepoint(text + used, length - used, &codepoint);
		strbuf_add_char(mif, ansi_byte(codepoint));
	}
	strbuf_add_string(mif, "\"\r\n");
}

static void add_attribute(strbuf *mif, const char *name, int id, size_t type_length,
                          const char *value)
{
	strbuf_printf(mif,
	              "    START ATTRIBUTE\r\n"
	              "      NAME = \"%s\"\r\n"
	              "      ID = %d\r\n"
	              "      ACCESS = READ-ONLY\r\n"
	              "      STORAGE = SPECIFIC\r\n"
	              "      TYPE = STRING(%zu)\r\n"
	              "      VALUE = ",
	              name, id, type_length);
	add_value(mif, value, type_length);
	strbuf_add_string(mif, "    END ATTRIBUTE\r\n");
}

static void add_group_start(strbuf *mif, const char *name, int id, const char *class_name)
{
	strbuf_printf(mif,
	              "  START GROUP\r\n"
	              "    NAME = \"%s\"\r\n"
	              "    ID = %d\r\n"
	              "    CLASS = \"%s\"\r\n",
	              name, id, class_name);
}

char *mif_format(const mif_status *status)
{
	strbuf mif = STRBUF_INIT;
	char installed[TIMESTAMP_ISO8601_SIZE];

	timestamp_format_iso8601(status->installed_ms, installed);
	strbuf_add_string(&mif, "START COMPONENT\r\n  NAME = \"WORKSTATION\"\r\n");
	add_group_start(&mif, "ComponentID", 1, "DMTF|ComponentID|1.0");
	add_attribute(&mif, "Manufacturer", 1, MIF_FIELD_MAX, status->manufacturer);
	add_attribute(&mif, "Product", 2, MIF_FIELD_MAX, status->product);
	add_attribute(&mif, "Version", 3, MIF_FIELD_MAX, status->version);
	add_attribute(&mif, "Locale", 4, MIF_LOCALE_MAX, status->locale);
	add_attribute(&mif, "Serial Number", 5, MIF_FIELD_MAX, status->serial_number);
	add_attribute(&mif, "Installation", 6, MIF_FIELD_MAX, installed);
	strbuf_add_string(&mif, "  END GROUP\r\n");
	add_group_start(&mif, "InstallStatus", 2, "MICROSOFT|JOBSTATUS|1.0");
	add_attribute(&mif, "Status", 1, 32, status->success ? "Success" : "Failed");
	add_attribute(&mif, "Description", 2, MIF_DESCRIPTION_MAX, status->description);
	strbuf_add_string(&mif, "  END GROUP\r\nEND COMPONENT\r\n");
	return strbuf_detach(&mif);
}

bool mif_write(const config *cfg, bool success, const char *description, int64_t installed_ms,
               error_message *err)
{
	if (cfg->report.mif == NULL || cfg->report.mif[0] == '\0')
		return true;
	mif_status status = {
		.manufacturer = cfg->report.publisher,
		.product = cfg->report.product,
		.version = cfg->report.version,
		.installed_ms = installed_ms,
		.success = success,
		.description = description,
	};
	char *text = mif_format(&status);
	char *path = filepath_resolve(cfg->report.mif_dir, cfg->report.mif);
	bool ok = atomicfile_replace(path, text, strlen(text), err) &&
	          filetime_set_created(path, installed_ms, err);
	if (!ok)
		error_prefix(err, "status MIF");
	free(path);
	free(text);
	return ok;
}

bool mif_remove_stale(const config *cfg, char **removed, error_message *err)
{
	uv_fs_t req;

	*removed = NULL;
	if (cfg->report.mif == NULL || cfg->report.mif[0] == '\0')
		return true;
	char *path = filepath_resolve(cfg->report.mif_dir, cfg->report.mif);
	int status = uv_fs_unlink(NULL, &req, path, NULL);
	uv_fs_req_cleanup(&req);
	if (status == 0) {
		*removed = path;
		return true;
	}
	if (status != UV_ENOENT)
		error_set(err, "cannot remove the status MIF of an earlier run %s: %s", path,
		          uv_strerror(status));
	free(path);
	return status == UV_ENOENT;
}
