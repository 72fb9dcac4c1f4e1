#include "wrapper/run/loglocate.h"

#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "config/base/filepath.h"
#include "wrapper/run/scm.h"

/* Where the ccmsetup versions write, below %windir%, in the order tried. */
static const struct {
	const char *below_windir;
	const char *reason;
} known_folders[] = {
	{ "ccmsetup\\Logs", "the current branch's log folder" },
	{ "ccmsetup", "ConfigMgr 2007's folder on x64 Windows, where its ccmsetup is 32-bit" },
	{ "SysWOW64\\ccmsetup", "a 32-bit ccmsetup's system32\\ccmsetup on x64 Windows" },
	{ "system32\\ccmsetup", "ConfigMgr 2007's folder on x86 Windows" },
};

#define KNOWN_FOLDER_COUNT (sizeof known_folders / sizeof known_folders[0])

static bool file_exists(const char *path)
{
	uv_fs_t req;
	int status = uv_fs_stat(NULL, &req, path, NULL);

	uv_fs_req_cleanup(&req);
	return status == 0;
}

/* Takes folder and the log paths. */
static void append_site(loglocate_list *list, char *folder, char *ccmsetup_log, char *msi_log,
                        const char *reason)
{
	list->sites = xrealloc(list->sites, (list->count + 1) * sizeof *list->sites);
	loglocate_site *site = &list->sites[list->count++];
	site->folder = folder;
	site->ccmsetup_log = ccmsetup_log;
	site->msi_log = msi_log;
	site->reason = xstrdup(reason);
	site->holds_log = file_exists(ccmsetup_log);
}

static char *msi_log_in(const config *cfg, const char *folder)
{
	return cfg->logs.msi != NULL ? xstrdup(cfg->logs.msi) : filepath_resolve(folder, LOGLOCATE_MSI_LOG);
}

/* Takes folder; a folder already listed is not listed again. */
static void add_site(loglocate_list *list, const config *cfg, char *folder, const char *reason)
{
	for (size_t i = 0; i < list->count; i++) {
		if (text_equal_nocase(list->sites[i].folder, folder)) {
			free(folder);
			return;
		}
	}
	append_site(list, folder, filepath_resolve(folder, LOGLOCATE_CCMSETUP_LOG),
	            msi_log_in(cfg, folder), reason);
}

/* The folder of a ccmsetup service's program, and its Logs folder (the
 * current branch runs from %windir%\ccmsetup and logs below it). */
static void add_service_sites(loglocate_list *list, const config *cfg, const char *windir)
{
	char *command_line = NULL;
	error_message err;

	if (!scm_command_line(SCM_CCMSETUP, &command_line, &err)) {
		strbuf warning = STRBUF_INIT;
		strbuf_printf(&warning, "the ccmsetup service's folder is not known: %s", err.text);
		list->warning = strbuf_detach(&warning);
		return;
	}
	if (command_line == NULL)
		return;
	char *program = loglocate_program_of(command_line, windir);
	if (filepath_is_absolute(program)) {
		char *folder = xstrndup(program, (size_t)(filepath_base_name(program) - program));
		strbuf reason = STRBUF_INIT;
		strbuf_printf(&reason, "beside the ccmsetup service's program %s", program);
		add_site(list, cfg, filepath_resolve(folder, "Logs"), reason.data);
		add_site(list, cfg, filepath_resolve(folder, ""), reason.data);
		strbuf_free(&reason);
		free(folder);
	}
	free(program);
	free(command_line);
}

void loglocate_list_sites(const config *cfg, loglocate_list *list)
{
	memset(list, 0, sizeof *list);
	if (cfg->logs.ccmsetup != NULL) {
		const char *log = cfg->logs.ccmsetup;
		char *folder = xstrndup(log, (size_t)(filepath_base_name(log) - log));
		list->configured = true;
		append_site(list, folder, xstrdup(log), msi_log_in(cfg, folder),
		            "[logs] ccmsetup in the INI");
		return;
	}
	char *windir = config_windir(cfg);
	add_service_sites(list, cfg, windir);
	for (size_t i = 0; i < KNOWN_FOLDER_COUNT; i++)
		add_site(list, cfg, filepath_resolve(windir, known_folders[i].below_windir),
		         known_folders[i].reason);
	free(windir);
}

void loglocate_free(loglocate_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		free(list->sites[i].folder);
		free(list->sites[i].ccmsetup_log);
		free(list->sites[i].msi_log);
		free(list->sites[i].reason);
	}
	free(list->sites);
	free(list->warning);
	memset(list, 0, sizeof *list);
}

size_t loglocate_expected(const loglocate_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		if (list->sites[i].holds_log)
			return i;
	return 0;
}

void loglocate_describe(const loglocate_list *list, strbuf *out)
{
	size_t expected = loglocate_expected(list);
	const loglocate_site *site = &list->sites[expected];

	if (list->configured) {
		strbuf_printf(out, "%s (%s)", site->ccmsetup_log, site->reason);
		return;
	}
	if (site->holds_log)
		strbuf_printf(out, "%s: it holds ccmsetup.log (%s)", site->folder, site->reason);
	else
		strbuf_printf(out, "no folder holds ccmsetup.log yet");
	strbuf_printf(out, "; each folder is watched until ccmsetup writes to one:");
	for (size_t i = 0; i < list->count; i++)
		strbuf_printf(out, "\n  %s (%s)", list->sites[i].folder, list->sites[i].reason);
	if (list->warning != NULL)
		strbuf_printf(out, "\n  %s", list->warning);
}

/* "\SystemRoot\x" and "\??\C:\x" as the kernel writes them. */
static char *as_win32_path(const char *path, const char *windir)
{
	strbuf out = STRBUF_INIT;

	if (text_starts_with_nocase(path, "\\SystemRoot\\"))
		strbuf_printf(&out, "%s\\%s", windir, path + strlen("\\SystemRoot\\"));
	else if (strncmp(path, "\\??\\", 4) == 0)
		strbuf_add_string(&out, path + 4);
	else
		strbuf_add_string(&out, path);
	return strbuf_detach(&out);
}

char *loglocate_program_of(const char *command_line, const char *windir)
{
	const char *start = command_line;
	size_t length;

	while (*start == ' ' || *start == '\t')
		start++;
	if (*start == '"') {
		start++;
		const char *close = strchr(start, '"');
		length = close != NULL ? (size_t)(close - start) : strlen(start);
	} else {
		const char *exe = text_find_nocase(start, ".exe");
		length = exe != NULL ? (size_t)(exe - start) + 4 : strcspn(start, " \t");
	}
	char *program = xstrndup(start, length);
	char *path = as_win32_path(program, windir);
	free(program);
	return path;
}
