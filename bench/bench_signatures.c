/* Signature matching over a large synthetic MSI log, against peers measured
 * in the same run. Prints ratios, never a pass/fail threshold.
 *
 *   bench_signatures                     ours vs one strstr per pattern, in memory
 *   bench_signatures --generate DIR      writes DIR/log.txt and DIR/patterns.txt
 *   bench_signatures --scan LOG PATTERNS prints how many lines match a pattern
 *                                        (what `grep -F -i -c -f` prints) */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "wrapper/logs/logparse.h"
#include "wrapper/logs/signature.h"
#include "config/base/text.h"

#define LINE_COUNT 200000
#define SYNTHETIC_PATTERNS 120

static const char *const line_templates[] = {
	"MSI (s) (B4:44) [15:14:28:%03u]: Note: 1: 1402 2: HKEY_LOCAL_MACHINE\\Software\\Microsoft"
	"\\Windows\\CurrentVersion\\Installer\\InProgress 3: %u",
	"RCSvcs: RemoveNT5Device(*SMS_MOUSE) succeeded after %u ms (%u)",
	"MSI (s) (B4:44) [15:14:28:%03u]: PROPERTY CHANGE: Adding INSTALLDIR property. Its value is "
	"'C:\\WINDOWS\\system32\\CCM\\' (%u).",
	"Action start 8:25:%02u: InstallFiles%u.",
	"MSI (s) (B4:4C) [08:25:34:%03u]: Executing op: FileCopy(SourceName=ccmexec.exe,"
	"DestName=ccmexec.exe,Attributes=512,FileSize=%u)",
};

/* Rare lines that the built-ins or the user patterns find. */
static const char *const rare_lines[] = {
	"Installation will be cancelled due to shutdown. Windows Installer will return error code 1602.",
	"MSI (s) (B4:44) [15:14:28:547]: Product: Configuration Manager Client -- Internal Error 2502.",
	"RCSvcs: InstallNT5Device(*SMS_KEYBOARD): SetupDiGetClassDevs failed, error 0xd",
	"Failed to open registry key HKLM\\SOFTWARE\\Microsoft\\CCM, error 0x80070005: Access is denied",
};

static const char *const user_patterns[] = {
	"access is denied", "error 0x80070005", "failed to open", "0x80041001", "timed out",
	"cannot find the file", "wmi repository", "bits job failed", "certificate is not valid",
	"the system cannot find", "ccmexec stopped", "mof compilation failed",
};

#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

static uint32_t next_random(uint32_t *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 8;
}

static void make_lines(strlist *lines)
{
	uint32_t seed = 2000387;
	char line[512];

	for (size_t i = 0; i < LINE_COUNT; i++) {
		if (i % 997 == 0) {
			strlist_add(lines, rare_lines[(i / 997) % COUNT_OF(rare_lines)]);
			continue;
		}
		const char *template = line_templates[next_random(&seed) % COUNT_OF(line_templates)];
		snprintf(line, sizeof line, template, next_random(&seed) % 1000, next_random(&seed));
		strlist_add(lines, line);
	}
}

static void make_patterns(strlist *patterns)
{
	char pattern[64];

	for (size_t i = 0; i < COUNT_OF(user_patterns); i++)
		strlist_add(patterns, user_patterns[i]);
	for (size_t i = 0; i < SYNTHETIC_PATTERNS; i++) {
		snprintf(pattern, sizeof pattern, "component %zu reported failure", i);
		strlist_add(patterns, pattern);
	}
}

static config_signature *rules_from_patterns(const strlist *patterns)
{
	config_signature *rules = xcalloc(patterns->count, sizeof *rules);

	for (size_t i = 0; i < patterns->count; i++)
		rules[i] = (config_signature){ .name = patterns->items[i], .match = patterns->items[i],
		                               .source = CONFIG_SOURCE_ANY, .action = CONFIG_ACTION_FAIL };
	return rules;
}

static signature_set *build_set(const strlist *patterns)
{
	config_signature *rules = rules_from_patterns(patterns);
	signature_set *set = NULL;
	error_message err;

	if (!signature_set_new(rules, patterns->count, &set, &err)) {
		fprintf(stderr, "bench_signatures: %s\n", err.text);
		exit(2);
	}
	free(rules);
	return set;
}

static log_event event_of(const char *message)
{
	log_event event = {
		.source = LOG_SOURCE_MSI, .format = LOG_FORMAT_PLAIN, .time = "", .date = "",
		.component = "", .thread = "", .file = "", .message = message,
		.message_length = strlen(message), .action_name = "", .action_return = -1,
	};
	return event;
}

static void count_user_match(void *context, const log_event *event, const signature_match *match)
{
	(void)event;
	if (!match->builtin)
		(*(size_t *)context)++;
}

/* Lines where at least one user pattern occurs. */
static size_t count_matching_lines(signature_set *set, const strlist *lines)
{
	size_t matching = 0;

	for (size_t i = 0; i < lines->count; i++) {
		size_t found = 0;
		log_event event = event_of(lines->items[i]);
		signature_set_match(set, &event, count_user_match, &found);
		matching += found > 0;
	}
	return matching;
}

/* The peer: lower-case each line, then one strstr per pattern. */
static size_t count_matching_lines_naive(const strlist *patterns, const strlist *lines)
{
	strlist lowered = STRLIST_INIT;
	size_t matching = 0;

	for (size_t i = 0; i < patterns->count; i++) {
		char *pattern = xstrdup(patterns->items[i]);
		for (char *p = pattern; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		strlist_add_owned(&lowered, pattern);
	}
	char *line = NULL;
	for (size_t i = 0; i < lines->count; i++) {
		free(line);
		line = xstrdup(lines->items[i]);
		for (char *p = line; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		bool found = false;
		for (size_t k = 0; k < lowered.count && !found; k++)
			found = strstr(line, lowered.items[k]) != NULL;
		matching += found;
	}
	free(line);
	strlist_free(&lowered);
	return matching;
}

static int compare_in_memory(void)
{
	strlist lines = STRLIST_INIT, patterns = STRLIST_INIT;

	make_lines(&lines);
	make_patterns(&patterns);
	uint64_t start = uv_hrtime();
	signature_set *set = build_set(&patterns);
	size_t ours = count_matching_lines(set, &lines);
	uint64_t middle = uv_hrtime();
	size_t naive = count_matching_lines_naive(&patterns, &lines);
	uint64_t end = uv_hrtime();

	printf("signature matching: %zu lines, %zu user patterns + built-ins\n", lines.count,
	       patterns.count);
	printf("  matching lines: automaton %zu, strstr per pattern %zu%s\n", ours, naive,
	       ours == naive ? "" : "  (DIFFERENT)");
	printf("  strstr per pattern / automaton (build included): %.1fx\n",
	       (double)(end - middle) / (double)(middle - start));
	signature_set_free(set);
	strlist_free(&lines);
	strlist_free(&patterns);
	return ours == naive ? 0 : 1;
}

static bool write_lines(const char *path, const strlist *lines)
{
	FILE *file = fopen(path, "wb");

	if (file == NULL)
		return false;
	for (size_t i = 0; i < lines->count; i++)
		fprintf(file, "%s\n", lines->items[i]);
	return fclose(file) == 0;
}

static int generate(const char *folder)
{
	strlist lines = STRLIST_INIT, patterns = STRLIST_INIT;
	strbuf path = STRBUF_INIT;
	bool ok;

	make_lines(&lines);
	make_patterns(&patterns);
	strbuf_printf(&path, "%s/log.txt", folder);
	ok = write_lines(path.data, &lines);
	strbuf_clear(&path);
	strbuf_printf(&path, "%s/patterns.txt", folder);
	ok = ok && write_lines(path.data, &patterns);
	if (!ok)
		fprintf(stderr, "bench_signatures: cannot write into '%s'\n", folder);
	strbuf_free(&path);
	strlist_free(&lines);
	strlist_free(&patterns);
	return ok ? 0 : 2;
}

static bool read_lines(const char *path, strlist *lines)
{
	FILE *file = fopen(path, "rb");
	char line[4096];

	if (file == NULL)
		return false;
	while (fgets(line, sizeof line, file) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		strlist_add(lines, line);
	}
	fclose(file);
	return true;
}

static int scan(const char *log_path, const char *patterns_path)
{
	strlist lines = STRLIST_INIT, patterns = STRLIST_INIT;

	if (!read_lines(log_path, &lines) || !read_lines(patterns_path, &patterns)) {
		fprintf(stderr, "bench_signatures: cannot read '%s' or '%s'\n", log_path, patterns_path);
		return 2;
	}
	signature_set *set = build_set(&patterns);
	printf("%zu\n", count_matching_lines(set, &lines));
	signature_set_free(set);
	strlist_free(&lines);
	strlist_free(&patterns);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 1)
		return compare_in_memory();
	if (argc == 3 && strcmp(argv[1], "--generate") == 0)
		return generate(argv[2]);
	if (argc == 4 && strcmp(argv[1], "--scan") == 0)
		return scan(argv[2], argv[3]);
	fprintf(stderr, "usage: bench_signatures [--generate DIR | --scan LOG PATTERNS]\n");
	return 2;
}
