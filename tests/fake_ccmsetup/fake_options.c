#include "tests/fake_ccmsetup/fake_options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool parse_number(const char *text, const char *option, unsigned long maximum,
                         unsigned long *value)
{
	char *end;
	unsigned long parsed = strtoul(text, &end, 10);

	if (*text == '\0' || *end != '\0' || parsed > maximum) {
		fprintf(stderr, "fake_ccmsetup: %s needs a number up to %lu, not '%s'\n", option,
		        maximum, text);
		return false;
	}
	*value = parsed;
	return true;
}

static bool parse_encoding(const char *text, fake_encoding *encoding)
{
	if (strcmp(text, "utf16") == 0)
		*encoding = FAKE_ENCODING_UTF16;
	else if (strcmp(text, "utf16-nobom") == 0)
		*encoding = FAKE_ENCODING_UTF16_NO_BOM;
	else if (strcmp(text, "utf8") == 0)
		*encoding = FAKE_ENCODING_UTF8;
	else if (strcmp(text, "ansi") == 0)
		*encoding = FAKE_ENCODING_ANSI;
	else {
		fprintf(stderr, "fake_ccmsetup: /fake-msi-encoding takes utf16, utf16-nobom, utf8 or ansi, not '%s'\n", text);
		return false;
	}
	return true;
}

static bool parse_language(const char *text, fake_language *language)
{
	static const char *const names[] = { "en", "de", "fr", "ja" };

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(text, names[i]) == 0) {
			*language = (fake_language)i;
			return true;
		}
	}
	fprintf(stderr, "fake_ccmsetup: /fake-language takes en, de, fr or ja, not '%s'\n", text);
	return false;
}

static bool parse_one(const char *argument, fake_options *options)
{
	unsigned long number;
	const char *value = strchr(argument, ':');

	value = value ? value + 1 : "";
	if (strncmp(argument, "/fake-registry:", 15) == 0)
		options->registry_file = value;
	else if (strncmp(argument, "/fake-logdir:", 13) == 0)
		options->log_directory = value;
	else if (strncmp(argument, "/fake-trustee:", 14) == 0)
		options->trustee = value;
	else if (strcmp(argument, "/fake-service") == 0)
		options->service = true;
	else if (strcmp(argument, "/fake-service-instance") == 0)
		options->service_instance = true;
	else if (strncmp(argument, "/fake-service-linger:", 21) == 0) {
		if (!parse_number(value, "/fake-service-linger", 60000, &number))
			return false;
		options->service_linger_ms = (unsigned)number;
	} else if (strncmp(argument, "/fake-delay:", 12) == 0) {
		if (!parse_number(value, "/fake-delay", 60000, &number))
			return false;
		options->line_delay_ms = (unsigned)number;
	} else if (strcmp(argument, "/fake-hang") == 0)
		options->hang = true;
	else if (strcmp(argument, "/fake-ignore-stop") == 0)
		options->ignore_stop = true;
	else if (strncmp(argument, "/fake-msi-encoding:", 19) == 0)
		return parse_encoding(value, &options->msi_encoding);
	else if (strcmp(argument, "/fake-rotate") == 0)
		options->rotate = true;
	else if (strcmp(argument, "/fake-crash") == 0)
		options->crash = true;
	else if (strncmp(argument, "/fake-exit:", 11) == 0) {
		if (!parse_number(value, "/fake-exit", 0x7FFFFFFF, &number))
			return false;
		options->success_code = (int)number;
	} else if (strncmp(argument, "/fake-fail:", 11) == 0) {
		if (!parse_number(value, "/fake-fail", 0x7FFFFFFF, &number))
			return false;
		if (number == 0) {
			fprintf(stderr, "fake_ccmsetup: /fake-fail needs a failure code, not 0\n");
			return false;
		}
		options->fail_code = (int)number;
	} else if (strcmp(argument, "/fake-busy") == 0)
		options->busy = true;
	else if (strcmp(argument, "/fake-silent") == 0)
		options->silent = true;
	else if (strncmp(argument, "/fake-wording:", 14) == 0) {
		if (strcmp(value, "2007") != 0 && strcmp(value, "current") != 0) {
			fprintf(stderr, "fake_ccmsetup: /fake-wording takes 2007 or current, not '%s'\n", value);
			return false;
		}
		options->wording_2007 = strcmp(value, "2007") == 0;
	} else if (strncmp(argument, "/fake-version:", 14) == 0)
		options->client_version = value;
	else if (strcmp(argument, "/fake-custom-action") == 0)
		options->custom_action = true;
	else if (strcmp(argument, "/fake-msiserver") == 0)
		options->role = FAKE_ROLE_MSISERVER;
	else if (strcmp(argument, "/fake-custom-action-server") == 0)
		options->role = FAKE_ROLE_CUSTOM_ACTION_SERVER;
	else if (strcmp(argument, "/fake-install-msiserver") == 0)
		options->role = FAKE_ROLE_INSTALL_MSISERVER;
	else if (strncmp(argument, "/fake-hold-until:", 17) == 0)
		options->hold_file = value;
	else if (strncmp(argument, "/fake-hold-busy:", 16) == 0) {
		if (!parse_number(value, "/fake-hold-busy", 600000, &number))
			return false;
		options->hold_busy_ms = (unsigned)number;
	} else if (strncmp(argument, "/fake-language:", 15) == 0) {
		if (!parse_language(argument + 15, &options->language))
			return false;
	} else if (strncmp(argument, "/fake-", 6) == 0) {
		fprintf(stderr, "fake_ccmsetup: unknown option '%s'\n", argument);
		return false;
	}
	return true;
}

bool fake_options_parse(int argc, char **argv, fake_options *options)
{
	memset(options, 0, sizeof *options);
	options->trustee = "S-1-5-18";
	options->wording_2007 = true;
	for (int i = 1; i < argc; i++)
		if (!parse_one(argv[i], options))
			return false;
	if (options->role == FAKE_ROLE_CCMSETUP &&
	    (options->log_directory == NULL || *options->log_directory == '\0')) {
		fprintf(stderr, "fake_ccmsetup: /fake-logdir:DIR is required\n");
		return false;
	}
	return true;
}
