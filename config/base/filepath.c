#include "config/base/filepath.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "config/base/text.h"

#ifdef _WIN32
#define NATIVE_SEPARATOR '\\'
#define FOREIGN_SEPARATOR '/'
#else
#define NATIVE_SEPARATOR '/'
#define FOREIGN_SEPARATOR '\\'
#endif

static bool is_separator(char c)
{
	return c == '/' || c == '\\';
}

void filepath_to_native(char *path)
{
	for (char *p = path; *p; p++)
		if (*p == FOREIGN_SEPARATOR)
			*p = NATIVE_SEPARATOR;
}

/* Length of the root: "C:\" 3, "\\" (UNC) 2, "\" 1, "C:" 2, else 0. */
static size_t root_length(const char *path)
{
	if (isalpha((unsigned char)path[0]) && path[1] == ':')
		return is_separator(path[2]) ? 3 : 2;
	if (is_separator(path[0]))
		return is_separator(path[1]) ? 2 : 1;
	return 0;
}

bool filepath_is_absolute(const char *path)
{
	return root_length(path) > 0;
}

/* Appends the components of path after its root, dropping "." and
 * resolving ".." against what came before (never above the root). */
static void add_components(strlist *components, const char *path, bool rooted)
{
	const char *p = path;

	while (*p) {
		while (is_separator(*p))
			p++;
		const char *end = p;
		while (*end && !is_separator(*end))
			end++;
		size_t length = (size_t)(end - p);
		bool dot_dot = length == 2 && p[0] == '.' && p[1] == '.';
		bool can_pop = components->count > 0 &&
		               strcmp(components->items[components->count - 1], "..") != 0;
		bool dot = length == 1 && p[0] == '.';
		if (dot_dot && can_pop)
			free(components->items[--components->count]);
		else if (length > 0 && !dot && !(dot_dot && rooted))
			strlist_add_owned(components, xstrndup(p, length));
		p = end;
	}
}

char *filepath_resolve(const char *folder, const char *path)
{
	const char *base = filepath_is_absolute(path) ? path : folder;
	size_t root = root_length(base);
	strlist components = STRLIST_INIT;
	strbuf result = STRBUF_INIT;

	strbuf_add(&result, base, root);
	add_components(&components, base + root, root > 0);
	if (base != path)
		add_components(&components, path, root > 0);
	for (size_t i = 0; i < components.count; i++) {
		if (i > 0)
			strbuf_add_char(&result, NATIVE_SEPARATOR);
		strbuf_add_string(&result, components.items[i]);
	}
	if (result.length == 0)
		strbuf_add_char(&result, '.');
	strlist_free(&components);
	char *resolved = strbuf_detach(&result);
	filepath_to_native(resolved);
	return resolved;
}

const char *filepath_base_name(const char *path)
{
	const char *base = path;

	for (const char *p = path; *p; p++)
		if (is_separator(*p))
			base = p + 1;
	return base;
}

char *filepath_absolute(const char *path)
{
	char current[4096];
	size_t size = sizeof current;

	if (filepath_is_absolute(path))
		return filepath_resolve(path, "");
	if (uv_cwd(current, &size) != 0)
		return NULL;
	return filepath_resolve(current, path);
}

bool filepath_own_program(char **path, error_message *err)
{
	char program[4096];
	size_t size = sizeof program;
	int rc = uv_exepath(program, &size);

	*path = NULL;
	if (rc != 0)
		return error_set(err, "cannot find ccmwrap's own program: %s", uv_strerror(rc));
	*path = xstrdup(program);
	return true;
}

char *filepath_folder_of(const char *file)
{
	char *folder = xstrndup(file, (size_t)(filepath_base_name(file) - file));
	char *resolved = filepath_absolute(folder);

	free(folder);
	return resolved;
}
