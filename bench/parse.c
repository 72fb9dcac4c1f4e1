/* bench_parse FILE: the floor under `check --registry FILE`: every line
 * read, decoded and parsed as the registry file backend does, and nothing
 * more (no key is built, nothing is searched). Prints the number of key
 * lines; a line regedit refuses ends the count, as it ends an import.
 * bench/RESULTS.md compares it with grep to show how much of check's time
 * no document, however lean, could save. */
#include <stdio.h>
#include <string.h>

#include "checks/registry/regfile.h"

/* One line past the header; *keys counts the key lines. */
static bool parse_one(const char *text, regfile_entry *entry, bool *continues, size_t *keys)
{
	error_message why;
	regfile_parse_result result = *continues ? regfile_parse_continuation(text, entry, &why)
	                                         : regfile_parse_line(text, entry, &why);

	*continues = result == REGFILE_PARSE_CONTINUES;
	if (*continues)
		return true;
	if (entry->kind == REGFILE_ENTRY_KEY)
		(*keys)++;
	if (entry->kind == REGFILE_ENTRY_VALUE)
		regfile_entry_finish_value(entry, false);
	regfile_entry_free(entry);
	memset(entry, 0, sizeof *entry);
	return result != REGFILE_PARSE_REFUSED;
}

int main(int argc, char **argv)
{
	regfile_reader reader;
	regfile_entry entry;
	error_message err;
	bool have_line = false, continues = false, going = true;
	size_t keys = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: bench_parse FILE\n");
		return 2;
	}
	if (!regfile_reader_open(&reader, argv[1], &err)) {
		fprintf(stderr, "bench_parse: %s\n", err.text);
		return 2;
	}
	memset(&entry, 0, sizeof entry);
	bool ok = regfile_reader_next(&reader, &have_line, &err);   /* the header */
	while (ok && have_line && going) {
		ok = regfile_reader_next(&reader, &have_line, &err);
		if (ok && have_line)
			going = parse_one(reader.text.data, &entry, &continues, &keys);
	}
	regfile_entry_free(&entry);
	regfile_reader_close(&reader);
	if (!ok) {
		fprintf(stderr, "bench_parse: %s\n", err.text);
		return 2;
	}
	printf("%zu\n", keys);
	return 0;
}
