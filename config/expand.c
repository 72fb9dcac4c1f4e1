#include "config/expand.h"

#include <stdlib.h>
#include <string.h>
#include <uv.h>

char *expand_getenv(const char *name)
{
	size_t size = 256;
	char *value = xmalloc(size);
	int rc = uv_os_getenv(name, value, &size);

	if (rc == UV_ENOBUFS) {
		value = xrealloc(value, size);
		rc = uv_os_getenv(name, value, &size);
	}
	if (rc != 0) {
		free(value);
		return NULL;
	}
	return value;
}

bool expand_variables(const char *text, char **out, error_message *err)
{
	strbuf result = STRBUF_INIT;

	strbuf_add(&result, "", 0);
	for (const char *p = text; *p;) {
		const char *percent = strchr(p, '%');
		if (percent == NULL) {
			strbuf_add_string(&result, p);
			break;
		}
		strbuf_add(&result, p, (size_t)(percent - p));
		const char *close = strchr(percent + 1, '%');
		if (close == NULL) {
			strbuf_free(&result);
			return error_set(err, "'%s' has a '%%' without a closing '%%'; expected %%NAME%% "
			                      "or %%%% for a literal %%", text);
		}
		if (close == percent + 1) {
			strbuf_add_char(&result, '%');
		} else {
			char *name = xstrndup(percent + 1, (size_t)(close - percent - 1));
			char *value = expand_getenv(name);
			if (value == NULL) {
				error_set(err, "variable %%%s%% is not defined; expected it in the environment "
				               "(or %%%% for a literal %%)", name);
				free(name);
				strbuf_free(&result);
				return false;
			}
			strbuf_add_string(&result, value);
			free(value);
			free(name);
		}
		p = close + 1;
	}
	*out = strbuf_detach(&result);
	return true;
}

void expand_add_escaped(strbuf *out, const char *text)
{
	for (const char *p = text; *p; p++) {
		if (*p == '%')
			strbuf_add_char(out, '%');
		strbuf_add_char(out, *p);
	}
}
