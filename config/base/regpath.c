#include "config/base/regpath.h"

#include <stdlib.h>
#include <string.h>

#include "config/base/text.h"

static const struct {
	const char *short_name;
	const char *long_name;
} regpath_roots[] = {
	{ "HKLM", "HKEY_LOCAL_MACHINE" }, { "HKCU", "HKEY_CURRENT_USER" },
	{ "HKCR", "HKEY_CLASSES_ROOT" },  { "HKU", "HKEY_USERS" },
	{ "HKCC", "HKEY_CURRENT_CONFIG" },
};

#define ROOT_COUNT (sizeof regpath_roots / sizeof regpath_roots[0])

static int root_index(const char *name, size_t length)
{
	for (size_t i = 0; i < ROOT_COUNT; i++) {
		if ((strlen(regpath_roots[i].short_name) == length &&
		     text_starts_with_nocase(name, regpath_roots[i].short_name)) ||
		    (strlen(regpath_roots[i].long_name) == length &&
		     text_starts_with_nocase(name, regpath_roots[i].long_name)))
			return (int)i;
	}
	return -1;
}

bool regpath_normalize(const char *text, char **out, error_message *err)
{
	const char *root_end = strchr(text, '\\');
	size_t root_length = root_end ? (size_t)(root_end - text) : strlen(text);
	int root = root_index(text, root_length);
	strbuf path = STRBUF_INIT;

	if (root < 0)
		return error_set(err, "'%s' is not a registry key; expected HKLM\\... or HKEY_LOCAL_MACHINE\\...", text);
	strbuf_add_string(&path, regpath_roots[root].short_name);
	const char *p = root_end;
	while (p != NULL && *p == '\\') {
		const char *start = p + 1;
		const char *end = strchr(start, '\\');
		size_t length = end ? (size_t)(end - start) : strlen(start);
		if (length == 0 && end == NULL)
			break; /* one trailing backslash */
		if (length == 0) {
			strbuf_free(&path);
			return error_set(err, "'%s' has an empty key name; expected names separated by one '\\'", text);
		}
		strbuf_add_char(&path, '\\');
		strbuf_add(&path, start, length);
		p = end;
	}
	*out = strbuf_detach(&path);
	return true;
}

const char *regpath_long_root(const char *normalized)
{
	const char *end = strchr(normalized, '\\');
	int root = root_index(normalized, end ? (size_t)(end - normalized) : strlen(normalized));

	return root < 0 ? normalized : regpath_roots[root].long_name;
}

char *regpath_to_long(const char *normalized)
{
	const char *rest = strchr(normalized, '\\');
	strbuf out = STRBUF_INIT;

	strbuf_add_string(&out, regpath_long_root(normalized));
	if (rest != NULL)
		strbuf_add_string(&out, rest);
	return strbuf_detach(&out);
}

bool regpath_is_within(const char *path, const char *scope)
{
	size_t length = strlen(scope);

	if (!text_starts_with_nocase(path, scope))
		return false;
	return path[length] == '\0' || path[length] == '\\';
}

bool regpath_is_within_any(const char *path, const strlist *scopes)
{
	for (size_t i = 0; i < scopes->count; i++)
		if (regpath_is_within(path, scopes->items[i]))
			return true;
	return false;
}

void regpath_set_add(regpath_set *set, const char *path)
{
	hashindex_add(&set->index, hashindex_hash_nocase(path, 0), set->paths.count);
	strlist_add(&set->paths, path);
}

typedef struct prefix_sought {
	const strlist *paths;
	const char *path;
	size_t length;
} prefix_sought;

static bool is_prefix_sought(size_t id, const void *context)
{
	const prefix_sought *sought = context;

	return id < sought->paths->count &&
	       text_equal_nocase_n(sought->paths->items[id], sought->path, sought->length);
}

/* Each ancestor of path, then path itself, looked up whole; their hashes
 * come from one pass over path, so a key hundreds of levels deep costs
 * its length, not its length times its depth. */
bool regpath_set_holds(const regpath_set *set, const char *path, bool *marks)
{
	prefix_sought sought = { &set->paths, path, 0 };
	hashindex_hasher hasher;
	bool held = false;

	hashindex_hasher_init(&hasher, 0);
	for (const char *end = path; *end != '\0';) {
		const char *piece = end;
		end = strchr(piece + 1, '\\');
		if (end == NULL)
			end = piece + strlen(piece);
		hashindex_hasher_add(&hasher, piece, (size_t)(end - piece));
		sought.length = (size_t)(end - path);
		size_t member = hashindex_find(&set->index, hashindex_hasher_value(&hasher),
		                               is_prefix_sought, &sought);
		if (member != HASHINDEX_NONE) {
			held = true;
			if (marks == NULL)
				break;
			marks[member] = true;
		}
	}
	return held;
}

void regpath_set_free(regpath_set *set)
{
	strlist_free(&set->paths);
	hashindex_free(&set->index);
}

const char *regpath_leaf(const char *path)
{
	const char *slash = strrchr(path, '\\');

	return slash ? slash + 1 : path;
}

char *regpath_parent(const char *path)
{
	const char *slash = strrchr(path, '\\');

	return slash ? xstrndup(path, (size_t)(slash - path)) : NULL;
}

char *regpath_join(const char *parent, const char *child)
{
	strbuf out = STRBUF_INIT;

	strbuf_printf(&out, "%s\\%s", parent, child);
	return strbuf_detach(&out);
}

bool regpath_equal(const char *a, const char *b)
{
	return text_equal_nocase(a, b);
}
