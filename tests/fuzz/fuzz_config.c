/* libFuzzer target for the INI loader: any bytes must load or fail with
 * messages, never crash or leak, and a configuration that loads must print
 * as INI that loads back to the same text (when its lines fit libinih). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"

#define LONGEST_LINE 197

static bool lines_fit(const char *text)
{
	size_t length = 0;

	for (const char *p = text; *p; p++) {
		length = *p == '\n' ? 0 : length + 1;
		if (length > LONGEST_LINE)
			return false;
	}
	return true;
}

static void check_round_trip(const config *cfg)
{
	char *printed = config_format(cfg);
	strlist errors = STRLIST_INIT;
	config again;

	if (lines_fit(printed)) {
		if (!config_load_bytes("printed.ini", "/fuzz", printed, strlen(printed), &again, &errors)) {
			fprintf(stderr, "printed configuration rejected: %s\n%s", errors.items[0], printed);
			abort();
		}
		char *reprinted = config_format(&again);
		if (strcmp(printed, reprinted) != 0) {
			fprintf(stderr, "round trip changed the configuration:\n%s\n----\n%s", printed, reprinted);
			abort();
		}
		free(reprinted);
		config_free(&again);
	}
	strlist_free(&errors);
	free(printed);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	strlist errors = STRLIST_INIT;
	config cfg;

	if (config_load_bytes("fuzz.ini", "/fuzz", data, size, &cfg, &errors))
		check_round_trip(&cfg);
	config_free(&cfg);
	strlist_free(&errors);
	return 0;
}
