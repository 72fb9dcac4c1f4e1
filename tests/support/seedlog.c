#include "tests/support/seedlog.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "config/base/json.h"
#include "config/base/text.h"

/* Only a guard against a program that never prints the event. */
#define WAIT_TIMEOUT_MS 30000

static char *between(const char *line, const char *open, const char *close)
{
	const char *start = strstr(line, open);
	const char *end = start == NULL ? NULL : strstr(start + strlen(open), close);

	if (end == NULL) {
		fprintf(stderr, "seed log: no %s...%s in %s\n", open, close, line);
		abort();
	}
	start += strlen(open);
	return xstrndup(start, (size_t)(end - start));
}

void seed_log_load(seed_log *seed)
{
	char *path = test_source_path("samples/logs/kb2000387-ccmsetup.log");
	size_t size = 0;
	size_t line = 0;

	seed->text = test_read_file(path, &size);
	free(path);
	seed->line_start[0] = 0;
	for (size_t i = 0; seed->text != NULL && i < size && line < SEED_LOG_LINES; i++) {
		if (seed->text[i] == '\n')
			seed->line_start[++line] = i + 1;
	}
	if (line != SEED_LOG_LINES || seed->line_start[SEED_LOG_LINES] != size) {
		fprintf(stderr, "seed log: expected %d lines\n", SEED_LOG_LINES);
		abort();
	}
	for (line = 0; line < SEED_LOG_LINES; line++) {
		char *text = xstrndup(seed->text + seed->line_start[line],
		                      seed->line_start[line + 1] - seed->line_start[line]);
		seed->time[line] = between(text, "time=\"", "+");
		seed->message[line] = between(text, "<![LOG[", "]LOG]!>");
		free(text);
	}
}

void seed_log_free(seed_log *seed)
{
	for (size_t line = 0; line < SEED_LOG_LINES; line++) {
		free(seed->time[line]);
		free(seed->message[line]);
	}
	free(seed->text);
}

size_t seed_log_at(const seed_log *seed, size_t line, size_t column)
{
	return seed->line_start[line] + column;
}

void seed_log_append(const seed_log *seed, const char *path, size_t from, size_t to)
{
	test_append_file(path, seed->text + from, to - from);
}

size_t seed_log_count(const char *json_lines, const char *time, const char *message)
{
	strbuf time_field = STRBUF_INIT;
	strbuf message_field = STRBUF_INIT;
	size_t count = 0;

	strbuf_printf(&time_field, "\"time\":\"%s\"", time);
	strbuf_add_string(&message_field, "\"message\":");
	json_add_string(&message_field, message);
	for (const char *line = json_lines; *line != '\0';) {
		const char *end = strchr(line, '\n');
		char *one = end == NULL ? xstrdup(line) : xstrndup(line, (size_t)(end - line));
		count += strstr(one, time_field.data) != NULL && strstr(one, message_field.data) != NULL;
		free(one);
		line = end == NULL ? line + strlen(line) : end + 1;
	}
	strbuf_free(&time_field);
	strbuf_free(&message_field);
	return count;
}

typedef struct awaited_event {
	test_process *process;
	const char *time;
	const char *message;
} awaited_event;

static bool event_printed(void *context)
{
	const awaited_event *awaited = context;
	char *out = test_read_stdout(awaited->process);
	bool printed = seed_log_count(out, awaited->time, awaited->message) > 0;

	free(out);
	return printed;
}

void seed_log_wait_for(test_process *process, const char *time, const char *message)
{
	awaited_event awaited = { process, time, message };
	test_run_result result;

	if (test_wait_until(event_printed, &awaited, WAIT_TIMEOUT_MS))
		return;
	test_signal(process, SIGKILL);
	test_wait(process, &result);
	fprintf(stderr, "seed log: no event %s \"%s\" after %d ms; stdout:\n%s\nstderr:\n%s\n", time,
	        message, WAIT_TIMEOUT_MS, result.out, result.err);
	abort();
}
