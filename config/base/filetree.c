#include "config/base/filetree.h"

#include <stdlib.h>

#include "config/base/filepath.h"

bool filetree_copy_names(const char *source, const char *target, const strlist *names,
                         error_message *err)
{
	bool ok = true;

	for (size_t i = 0; ok && i < names->count; i++) {
		char *from = filepath_resolve(source, names->items[i]);
		char *to = filepath_resolve(target, names->items[i]);
		ok = filetree_copy(from, to, err);
		free(from);
		free(to);
	}
	return ok;
}
