/* bench_generate: the inputs of `make bench`, deterministic (bench/run.sh).
 *
 *   bench_generate texts                     the built-in signatures' texts
 *   bench_generate log FILE BYTES TEXTS      a CMTrace log carrying TEXTS' lines
 *   bench_generate export FILE SERVICES HIT_EVERY
 *   bench_generate inherit FILE SDDL_BYTES SUBKEYS
 *   bench_generate flood FILE COUNT crafted|random
 *   bench_generate WHAT FILE NUMBER          the inputs of one number
 *                                            (one_number below) */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bench/generate.h"
#include "wrapper/logs/signature.h"

/* The texts come from the logs layer itself, so that grep looks for what
 * scan-log looks for. */
static void builtin_texts(strlist *texts)
{
	signature_set *set = NULL;
	error_message err;

	if (!signature_set_new(NULL, 0, &set, &err)) {
		fprintf(stderr, "bench_generate: %s\n", err.text);
		exit(2);
	}
	signature_set_texts(set, texts);
	signature_set_free(set);
}

static int print_texts(void)
{
	strlist texts = STRLIST_INIT;

	builtin_texts(&texts);
	for (size_t i = 0; i < texts.count; i++)
		printf("%s\n", texts.items[i]);
	strlist_free(&texts);
	return 0;
}

static bool read_texts(const char *path, strlist *texts)
{
	FILE *file = fopen(path, "rb");
	char line[1024];

	if (file == NULL) {
		fprintf(stderr, "bench_generate: cannot read %s: %s\n", path, strerror(errno));
		return false;
	}
	while (fgets(line, sizeof line, file) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] != '\0')
			strlist_add(texts, line);
	}
	fclose(file);
	return true;
}

static int generate_log(const char *path, uint64_t size, const char *texts_path)
{
	strlist texts = STRLIST_INIT;
	bool ok = read_texts(texts_path, &texts) && texts.count > 0 &&
	          bench_generate_log(path, size, &texts);

	strlist_free(&texts);
	return ok ? 0 : 2;
}

static bool number(const char *text, uint64_t *value)
{
	char *end;

	errno = 0;
	*value = strtoull(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0') {
		fprintf(stderr, "bench_generate: '%s' is not a number\n", text);
		return false;
	}
	return true;
}

/* The inputs made from a path and one number (generate.h says what each
 * is). */
static const struct {
	const char *name;
	bool (*make)(const char *path, uint64_t number);
} one_number[] = {
	{ "sized", bench_generate_sized },     { "changed", bench_generate_changed },
	{ "deleted", bench_generate_deleted }, { "removed", bench_generate_removed },
	{ "again", bench_generate_again },     { "reset", bench_generate_reset },
	{ "denies", bench_generate_denies },   { "sids", bench_generate_sids },
	{ "nested", bench_generate_nested },   { "results", bench_generate_results },
};

static int usage(void)
{
	fprintf(stderr, "usage: bench_generate texts | log FILE BYTES TEXTS | export FILE SERVICES "
	                "HIT_EVERY | sized FILE BYTES | changed FILE COUNT | inherit FILE SDDL_BYTES "
	                "SUBKEYS | deleted|removed|again|reset|denies|sids FILE COUNT | nested FILE DEPTH | flood FILE COUNT "
	                "crafted|random | results FOLDER COUNT\n");
	return 2;
}

static int generate(int argc, char **argv)
{
	const char *what = argv[1], *path = argv[2];
	uint64_t a = 0, b = 0;

	if (argc >= 4 && !number(argv[3], &a))
		return 2;
	if (argc == 5 && strcmp(what, "log") != 0 && strcmp(what, "flood") != 0 &&
	    !number(argv[4], &b))
		return 2;
	if (argc == 5 && strcmp(what, "log") == 0)
		return generate_log(path, a, argv[4]);
	if (argc == 5 && strcmp(what, "export") == 0)
		return bench_generate_export(path, a, b) ? 0 : 2;
	if (argc == 5 && strcmp(what, "inherit") == 0)
		return bench_generate_inherit(path, a, b) ? 0 : 2;
	if (argc == 5 && strcmp(what, "flood") == 0 &&
	    (strcmp(argv[4], "crafted") == 0 || strcmp(argv[4], "random") == 0))
		return bench_generate_flood(path, a, strcmp(argv[4], "crafted") == 0) ? 0 : 2;
	for (size_t i = 0; argc == 4 && i < sizeof one_number / sizeof one_number[0]; i++)
		if (strcmp(what, one_number[i].name) == 0)
			return one_number[i].make(path, a) ? 0 : 2;
	return usage();
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "texts") == 0)
		return print_texts();
	if (argc < 4 || argc > 5)
		return usage();
	return generate(argc, argv);
}
