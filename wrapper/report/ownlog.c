#include "wrapper/report/ownlog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "config/base/fileio.h"
#include "config/base/statefile.h"

#define ENTRY_END "]LOG]!>"

/* The message as an entry can hold it: no control character but line
 * breaks, and no end of entry that would let the rest pass for an entry
 * of its own (its '>' escaped as text_add_escaped writes bytes). */
static void add_message(strbuf *out, const char *message)
{
	char *escaped = text_escaped(message, true);
	const char *rest = escaped;

	for (const char *end; (end = strstr(rest, ENTRY_END)) != NULL; rest = end + strlen(ENTRY_END)) {
		strbuf_add(out, rest, (size_t)(end - rest) + strlen(ENTRY_END) - 1);
		strbuf_add_string(out, "\\x3e");
	}
	strbuf_add_string(out, rest);
	free(escaped);
}

void ownlog_format_entry(strbuf *out, const char *message, ownlog_type type,
                         const timestamp_parts *local_time, int bias_minutes,
                         unsigned long thread)
{
	strbuf_add_string(out, "<![LOG[");
	add_message(out, message);
	strbuf_printf(out,
	              ENTRY_END "<time=\"%02d:%02d:%02d.%03d%+04d\" date=\"%02d-%02d-%04d\" "
	              "component=\"ccmwrap\" context=\"\" type=\"%d\" thread=\"%lu\" file=\"\">\r\n",
	              local_time->hour, local_time->minute, local_time->second,
	              local_time->millisecond, bias_minutes, local_time->month, local_time->day,
	              local_time->year, (int)type, thread);
}

char *ownlog_rotated_path(const char *path)
{
	size_t length = strlen(path);
	strbuf rotated = STRBUF_INIT;

	if (length > 4 && text_equal_nocase(path + length - 4, ".log"))
		strbuf_printf(&rotated, "%.*s_", (int)length - 1, path);
	else
		strbuf_printf(&rotated, "%s.lo_", path);
	return strbuf_detach(&rotated);
}

/* A state file: never through a link, never one others could write. */
static bool open_file(ownlog *log, error_message *err)
{
	uv_fs_t req;
	int file;

	if (!statefile_open(log->path, STATEFILE_APPEND, &file, NULL, err))
		return error_prefix(err, "cannot open the log");
	int rc = uv_fs_fstat(NULL, &req, file, NULL);
	log->size = rc == 0 ? req.statbuf.st_size : 0;
	uv_fs_req_cleanup(&req);
	log->file = file;
	return true;
}

static void close_file(ownlog *log)
{
	uv_fs_t req;

	if (log->file >= 0) {
		uv_fs_close(NULL, &req, log->file, NULL);
		uv_fs_req_cleanup(&req);
	}
	log->file = -1;
}

static bool open_log(void *context, error_message *err)
{
	return open_file(context, err);
}

bool ownlog_open(ownlog *log, const char *path, uint64_t max_size, char **set_aside,
                 error_message *err)
{
	memset(log, 0, sizeof *log);
	*set_aside = NULL;
	log->file = -1;
	log->path = xstrdup(path);
	log->rotated_path = ownlog_rotated_path(path);
	log->max_size = max_size;
	/* The process has one thread; its id is the process id on Linux. */
	log->thread = (unsigned long)uv_os_getpid();
	if (statefile_open_or_set_aside(log->path, open_log, log, set_aside, err))
		return true;
	ownlog_close(log);
	return false;
}

static bool rotate(ownlog *log, error_message *err)
{
	uv_fs_t req;

	close_file(log);
	int rc = uv_fs_rename(NULL, &req, log->path, log->rotated_path, NULL);
	uv_fs_req_cleanup(&req);
	if (rc < 0)
		error_set(err, "cannot rotate the log '%s' to '%s': %s", log->path, log->rotated_path,
		          uv_strerror(rc));
	/* Reopen even when the rename failed, so that logging goes on. */
	bool reopened = open_file(log, rc < 0 ? NULL : err);
	return rc == 0 && reopened;
}

static bool append(ownlog *log, const strbuf *entry, error_message *err)
{
	int result = fileio_write_all(log->file, entry->data, entry->length);

	if (result < 0)
		return error_set(err, "cannot write the log '%s': %s", log->path, uv_strerror(result));
	log->size += entry->length;
	return true;
}

bool ownlog_write(ownlog *log, ownlog_type type, const char *message, error_message *err)
{
	strbuf entry = STRBUF_INIT;
	timestamp_parts now;
	int bias;
	bool ok = true;

	if (log->path == NULL)
		return error_set(err, "the log is not open");
	timestamp_local_parts(timestamp_now_ms(), &now, &bias);
	ownlog_format_entry(&entry, message, type, &now, bias, log->thread);
	if (log->size > 0 && log->size + entry.length > log->max_size)
		ok = rotate(log, err);
	if (log->file >= 0)
		ok = append(log, &entry, err) && ok;
	strbuf_free(&entry);
	return ok;
}



void ownlog_close(ownlog *log)
{
	close_file(log);
	free(log->path);
	free(log->rotated_path);
	log->path = NULL;
	log->rotated_path = NULL;
}
