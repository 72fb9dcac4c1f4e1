/* What the generators share: the seeded numbers and the files. */
#include <errno.h>
#include <string.h>

#include "bench/generate.h"

uint32_t bench_random(uint32_t *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 8;
}

bool bench_create(const char *path, FILE **file)
{
	*file = fopen(path, "wb");
	if (*file == NULL)
		fprintf(stderr, "bench_generate: cannot create %s: %s\n", path, strerror(errno));
	return *file != NULL;
}

bool bench_close(FILE *file, const char *path)
{
	bool ok = !ferror(file);

	ok = fclose(file) == 0 && ok;
	if (!ok)
		fprintf(stderr, "bench_generate: cannot write %s\n", path);
	return ok;
}
