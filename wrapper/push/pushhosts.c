#include "wrapper/push/pushhosts.h"

#include <stdlib.h>
#include <string.h>

#include "config/base/fileio.h"
#include "wrapper/report/hostname.h"

/* Far above any fleet's list; keeps a wrong file from being loaded whole. */
#define HOSTS_FILE_MAX_SIZE (64u * 1024 * 1024)

static bool is_name_character(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_';
}

static bool refuse(const char *name, const char *why, error_message *err)
{
	char *shown = text_escaped(name, false);

	error_set(err, "'%s' is not a host name%s; expected 1 to %d letters, digits, '-', '.' and "
	               "'_'", shown, why, PUSHHOSTS_NAME_MAX);
	free(shown);
	return false;
}

bool pushhosts_check(const char *name, bool simulated, error_message *err)
{
	size_t length = strlen(name);

	if (length == 0)
		return error_set(err, "an empty host name; expected 1 to %d letters, digits, '-', '.' "
		                      "and '_'", PUSHHOSTS_NAME_MAX);
	if (length > PUSHHOSTS_NAME_MAX)
		return refuse(name, " (too long)", err);
	for (size_t i = 0; i < length; i++)
		if (!is_name_character(name[i]))
			return refuse(name, "", err);
	if (strcmp(name, "..") == 0)
		return refuse(name, "", err);
	if (simulated && strcmp(name, ".") == 0)
		return error_set(err, "'.' (this machine) cannot be a host under --hosts-root; expected "
		                      "the name of a host's folder there");
	return true;
}

/* "." goes by this machine's name (localhost when it has none to give),
 * as its result file and progress line do, and is one host with that name
 * given too: past this list no host is ".". */
bool pushhosts_add(pushhosts *hosts, const char *name, bool simulated, error_message *err)
{
	if (!pushhosts_check(name, simulated, err))
		return false;
	char *own = strcmp(name, ".") == 0 ? hostname_of_this_machine() : NULL;
	if (own != NULL)
		name = own[0] != '\0' ? own : PUSHHOSTS_LOCALHOST;
	hashindex_strlist_add(&hosts->index, &hosts->names, name, NULL);
	free(own);
	return true;
}

static bool add_line(pushhosts *hosts, char *line, bool simulated, error_message *err)
{
	char *name = text_trim(line);

	if (*name == '\0' || *name == '#' || *name == ';')
		return true;
	return pushhosts_add(hosts, name, simulated, err);
}

bool pushhosts_read_file(pushhosts *hosts, const char *path, bool simulated, error_message *err)
{
	strbuf text = STRBUF_INIT;

	if (!fileio_read_whole(path, HOSTS_FILE_MAX_SIZE, &text, NULL, err)) {
		strbuf_free(&text);
		return error_prefix(err, "%s", path);
	}
	/* Notepad saves UTF-8 with a byte order mark. */
	char *line = text.data;
	if (strncmp(line, "\xEF\xBB\xBF", 3) == 0)
		line += 3;
	bool ok = true;
	for (unsigned number = 1; ok && line != NULL; number++) {
		char *end = memchr(line, '\n', (size_t)(text.data + text.length - line));
		if (end != NULL)
			*end = '\0';
		if (strlen(line) != (size_t)((end != NULL ? end : text.data + text.length) - line))
			ok = error_set(err, "%s:%u: a NUL byte; expected a text file, one host a line",
			               path, number);
		else if (!add_line(hosts, line, simulated, err))
			ok = error_prefix(err, "%s:%u", path, number);
		line = end != NULL ? end + 1 : NULL;
	}
	strbuf_free(&text);
	return ok;
}

void pushhosts_free(pushhosts *hosts)
{
	strlist_free(&hosts->names);
	hashindex_free(&hosts->index);
}
