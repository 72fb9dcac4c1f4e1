/* libFuzzer target: any bytes as a .reg file must load or fail with a
 * message, never crash; what loads is walked and formatted again. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

#include "checks/registry/regfile-format.h"
#include "config/base/regpath.h"
#include "checks/registry/registry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void walk(registry *reg, const char *key, int depth)
{
	strlist names = STRLIST_INIT;
	registry_value *values;
	size_t count;
	char *sddl;
	strbuf text = STRBUF_INIT;

	if (depth > 600 || !registry_subkeys(reg, key, &names, NULL))
		return;
	if (registry_values(reg, key, &values, &count, NULL)) {
		for (size_t i = 0; i < count; i++)
			regfile_format_value(&text, &values[i], "\r\n", NULL);
		registry_values_free(values, count);
	}
	if (registry_get_security(reg, key, &sddl, NULL))
		free(sddl);
	strbuf_free(&text);
	for (size_t i = 0; i < names.count; i++) {
		char *child = regpath_join(key, names.items[i]);
		walk(reg, child, depth + 1);
		free(child);
	}
	strlist_free(&names);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[4200];
	static const char *const roots[] = { "HKLM", "HKCU", "HKCR", "HKU", "HKCC" };
	registry *reg;
	error_message err;

	if (path[0] == '\0') {
		char folder[4096];
		size_t length = sizeof folder;
		if (uv_os_tmpdir(folder, &length) != 0)
			abort();
		snprintf(path, sizeof path, "%s/fuzz-registry-%ld.reg", folder, (long)uv_os_getpid());
	}
	FILE *file = fopen(path, "wb");
	if (file == NULL || fwrite(data, 1, size, file) != size || fclose(file) != 0)
		abort();
	if (registry_open_file(path, &reg, &err)) {
		for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++)
			walk(reg, roots[i], 0);
		registry_close(reg);
	}
	remove(path);
	return 0;
}
