#include "config/ini-decode.h"

#include <string.h>

#include "config/base/text.h"

static bool starts_with_bytes(const unsigned char *bytes, size_t size, const char *mark,
                              size_t mark_size)
{
	return size >= mark_size && memcmp(bytes, mark, mark_size) == 0;
}

bool inidecode_to_utf8(const unsigned char *bytes, size_t size, char **text, size_t *length,
                       error_message *err)
{
	*text = NULL;
	*length = 0;
	if (starts_with_bytes(bytes, size, "\xFF\xFE", 2)) {
		*text = text_utf16le_to_utf8(bytes + 2, size - 2, length);
		return true;
	}
	if (starts_with_bytes(bytes, size, "\xFE\xFF", 2))
		return error_set(err, "the file is UTF-16 big-endian; expected UTF-8 or UTF-16LE "
		                      "(Notepad's \"Unicode\")");
	if (starts_with_bytes(bytes, size, "\xEF\xBB\xBF", 3)) {
		bytes += 3;
		size -= 3;
	}
	if (memchr(bytes, '\0', size) != NULL)
		return error_set(err, "the file contains NUL bytes (UTF-16 without a byte-order mark?); "
		                      "expected UTF-8 text or UTF-16LE with a byte-order mark");
	*text = xstrndup((const char *)bytes, size);
	*length = size;
	return true;
}
