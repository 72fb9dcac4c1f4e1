#include "wrapper/report/console.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wrapper/logs/logprogress.h"

void console_init(console *out, int verbosity, ownlog *log)
{
	memset(out, 0, sizeof *out);
	out->verbosity = verbosity;
	out->log = log;
}

static void write_own_log(console *out, ownlog_type type, const char *message)
{
	error_message err;

	if (out->log == NULL || out->log_failed)
		return;
	if (!ownlog_write(out->log, type, message, &err)) {
		out->log_failed = true;
		fprintf(stderr, "ccmwrap: own log: %s; going on without it\n", err.text);
	}
}

static void say(console *out, bool shown, ownlog_type type, const char *format, va_list args)
{
	va_list copy;

	va_copy(copy, args);
	int length = vsnprintf(NULL, 0, format, copy);
	va_end(copy);
	size_t size = (size_t)(length > 0 ? length : 0) + 1;
	char *line = xmalloc(size);
	vsnprintf(line, size, format, args);
	/* Messages carry text from logs, the registry and state files: no
	 * control character of theirs reaches the terminal or the log. */
	char *shown_line = text_escaped(line, true);
	if (shown) {
		printf("%s\n", shown_line);
		fflush(stdout);
	}
	write_own_log(out, type, shown_line);
	free(shown_line);
	free(line);
}

void console_step(console *out, ownlog_type type, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	say(out, out->verbosity >= 0, type, format, args);
	va_end(args);
}

void console_final(console *out, ownlog_type type, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	say(out, true, type, format, args);
	va_end(args);
}

static const char *file_label(log_source source)
{
	return source == LOG_SOURCE_MSI ? "client.msi.log" : "ccmsetup.log  ";
}

void console_format_event(strbuf *line, const logpipeline_event *event)
{
	strbuf_printf(line, "  %s  ", file_label(event->log->source));
	text_add_escaped(line, event->log->message, false);
	if (event->match_count == 0)
		return;
	strbuf_add_string(line, "  [");
	for (size_t i = 0; i < event->match_count; i++)
		strbuf_printf(line, "%s%s -> %s", i > 0 ? ", " : "", event->matches[i].name,
		              signature_shown_action(&event->matches[i], event->handover));
	strbuf_add_char(line, ']');
}

/* Events worth showing without -v: where the installation is. An action
 * let through is remembered, because both logs announce the same action. */
static bool is_key_event(console *out, const log_event *event)
{
	if (event->action == LOG_ACTION_START) {
		if (strcmp(out->last_action, event->action_name) == 0)
			return false;
		snprintf(out->last_action, sizeof out->last_action, "%s", event->action_name);
		return true;
	}
	return event->source == LOG_SOURCE_CCMSETUP &&
	       (text_contains_nocase(event->message, LOGPROGRESS_INSTANCE_STARTED) ||
	        text_contains_nocase(event->message, LOGPROGRESS_SERVICE_STARTED));
}

void console_event(console *out, const logpipeline_event *event)
{
	bool key = is_key_event(out, event->log);
	bool matched = event->match_count > 0;

	if (!key && !matched && out->verbosity <= 0)
		return;
	strbuf line = STRBUF_INIT;
	console_format_event(&line, event);
	if (out->verbosity >= 0) {
		printf("%s\n", line.data);
		fflush(stdout);
	}
	if (key || matched)
		write_own_log(out, matched ? OWNLOG_WARNING : OWNLOG_INFO, line.data + 2);
	strbuf_free(&line);
}
