#include "wrapper/logs/logparse.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/base/text.h"

#define CMTRACE_OPEN "<![LOG["
#define CMTRACE_CLOSE "]LOG]!>"
#define MSI_BANNER "=== Verbose logging started"
/* How ccmsetup.log relays a line of the MSI's ("MSI: Action 8:25:34: X."). */
#define MSI_RELAY "MSI: "
#define TIME_TEXT_MAX 32
#define ACTION_NAME_MAX 256
#define COMPONENT_MAX 64
#define THREAD_MAX 32

struct logparse {
	logdecode *decoder;
	log_source source;
	bool source_settled;         /* the content has said which log this is */
	logparse_event_callback on_event;
	void *context;
	uint64_t sequence;
	uint64_t next_offset;        /* of the byte logparse_feed_at expects next */
	const textsearch *wanted;    /* skimming (logparse_skim) when not NULL */

	bool in_entry;               /* a CMTrace entry waits for its ]LOG]!> */
	strbuf entry;                /* its message so far, at most LOGPARSE_ENTRY_MAX */
	bool entry_truncated;
	uint64_t entry_offset;

	strbuf attributes;           /* scratch: a CMTrace trailer, split in place */
	char time[TIME_TEXT_MAX];
	char component[COMPONENT_MAX];   /* "MSI (s)", a custom action's tag */
	char thread[THREAD_MAX];
	char action_name[ACTION_NAME_MAX];
};

const char *log_source_name(log_source source)
{
	return source == LOG_SOURCE_MSI ? "msi" : "ccmsetup";
}

const char *log_format_name(log_format format)
{
	switch (format) {
	case LOG_FORMAT_CMTRACE: return "cmtrace";
	case LOG_FORMAT_MSI: return "msi";
	case LOG_FORMAT_ACTION: return "action";
	case LOG_FORMAT_CUSTOM_ACTION: return "custom-action";
	case LOG_FORMAT_PLAIN: return "plain";
	}
	return "unknown";
}

static log_event event_template(logparse *parser, log_format format, uint64_t offset)
{
	log_event event = {
		.source = parser->source,
		.format = format,
		.offset = offset,
		.time = "",
		.date = "",
		.component = "",
		.type = LOG_TYPE_NONE,
		.thread = "",
		.file = "",
		.message = "",
		.action = LOG_ACTION_NONE,
		.action_name = "",
		.action_return = -1,
	};
	return event;
}

static void emit(logparse *parser, log_event *event)
{
	event->sequence = ++parser->sequence;
	parser->on_event(parser->context, event);
}

/* ---- Action lines ----
 * English: "Action start 8:25:34: X.", "Action ended 15:14:28: X. Return
 * value 3.", "Action 8:25:34: X. Description". Windows Installer writes
 * these in the language of the machine ("Aktion beendet um 15:14:28: X.
 * Rückgabewert 3."), so they are recognised by their shape, not their
 * words: a short prefix without digits or punctuation, the time, the
 * action name and its full stop, then either nothing (start), a
 * description (start), or words and the return value's digits (end).
 * docs/DESIGN.md "Logs". */

#define ACTION_PREFIX_MAX 48
#define FULL_STOP_WIDE "\xE3\x80\x82"   /* 。 as Japanese logs end a sentence */

/* Reads "H:MM:SS" at *cursor into clock as "HH:MM:SS". */
static bool take_clock(const char **cursor, char clock[TIME_TEXT_MAX])
{
	const char *p = *cursor;
	unsigned hours = 0, minutes = 0, seconds = 0;
	int digits = 0;

	while (isdigit((unsigned char)*p) && digits < 2) {
		hours = hours * 10 + (unsigned)(*p++ - '0');
		digits++;
	}
	if (digits == 0 || p[0] != ':' || !isdigit((unsigned char)p[1]) ||
	    !isdigit((unsigned char)p[2]) || p[3] != ':' || !isdigit((unsigned char)p[4]) ||
	    !isdigit((unsigned char)p[5]))
		return false;
	minutes = (unsigned)(p[1] - '0') * 10 + (unsigned)(p[2] - '0');
	seconds = (unsigned)(p[4] - '0') * 10 + (unsigned)(p[5] - '0');
	snprintf(clock, TIME_TEXT_MAX, "%02u:%02u:%02u", hours, minutes, seconds);
	*cursor = p + 6;
	return true;
}

static bool skip_literal(const char **cursor, const char *literal)
{
	size_t length = strlen(literal);

	if (strncmp(*cursor, literal, length) != 0)
		return false;
	*cursor += length;
	return true;
}

static bool skip_full_stop(const char **cursor)
{
	return skip_literal(cursor, ".") || skip_literal(cursor, FULL_STOP_WIDE);
}

/* A space, or the last byte of a character outside ASCII: Japanese puts
 * no space between words and numbers. */
static bool ends_word(char c)
{
	return c == ' ' || (unsigned char)c >= 0x80;
}

/* The words before the time: letters of any script and spaces, then a
 * space or a character outside ASCII; a line with digits, colons or brackets there is something else. */
static bool skip_action_prefix(const char **cursor)
{
	const char *p = *cursor;

	while (*p != '\0' && !isdigit((unsigned char)*p)) {
		if (strchr(":()[].=,;", *p) != NULL || p - *cursor >= ACTION_PREFIX_MAX)
			return false;
		p++;
	}
	if (p == *cursor || !ends_word(p[-1]))
		return false;
	*cursor = p;
	return true;
}

/* An action name is an identifier (letters, digits, underscores). */
static bool take_action_name(logparse *parser, const char **cursor)
{
	const char *p = *cursor;

	while (isalnum((unsigned char)*p) || *p == '_')
		p++;
	size_t length = (size_t)(p - *cursor);
	if (length == 0 || length >= sizeof parser->action_name)
		return false;
	memcpy(parser->action_name, *cursor, length);
	parser->action_name[length] = '\0';
	*cursor = p;
	return true;
}

/* The return value of an end: words, then the digits that end the line. */
static int trailing_return_value(const char *rest)
{
	const char *p = rest + strlen(rest);

	while (p > rest && (p[-1] == ' ' || p[-1] == '.'))
		p--;
	if (p - rest >= 3 && strncmp(p - 3, FULL_STOP_WIDE, 3) == 0)
		p -= 3;
	const char *end = p;
	while (p > rest && isdigit((unsigned char)p[-1]))
		p--;
	if (p == end || end - p > 5 || p == rest || !ends_word(p[-1]))
		return -1;
	for (const char *q = rest; q < p; q++)
		if (isdigit((unsigned char)*q))
			return -1;
	return atoi(p);
}

/* Fills the action fields of event from text when it is an Action line. */
static bool parse_action(logparse *parser, const char *text, log_event *event)
{
	const char *p = text;
	char clock[TIME_TEXT_MAX];
	bool ended_in_english = strncmp(text, "Action ended ", 13) == 0;

	if (!skip_action_prefix(&p) || !take_clock(&p, clock))
		return false;
	skip_literal(&p, " ");
	if (!skip_literal(&p, ": ") || !take_action_name(parser, &p) || !skip_full_stop(&p))
		return false;
	/* A CMTrace entry keeps its own, more precise time. */
	if (event->time[0] == '\0') {
		memcpy(parser->time, clock, sizeof clock);
		event->time = parser->time;
	}
	int return_value = trailing_return_value(p);
	event->action = return_value >= 0 || ended_in_english ? LOG_ACTION_END : LOG_ACTION_START;
	event->action_name = parser->action_name;
	event->action_return = return_value;
	if (return_value == 3)
		event->type = LOG_TYPE_ERROR;
	return true;
}

/* ---- verbose MSI lines: MSI (s) (B4:44) [15:14:28:516]: message ---- */

static bool parse_msi_line(logparse *parser, const char *line, log_event *event)
{
	const char *p = line;
	char *component = parser->component;
	char *thread = parser->thread;

	if (!skip_literal(&p, "MSI ("))
		return false;
	const char *context_end = strchr(p, ')');
	if (context_end == NULL || context_end - line >= COMPONENT_MAX - 1)
		return false;
	const char *thread_start = context_end + 1;
	if (!skip_literal(&thread_start, " ("))
		return false;
	const char *thread_end = strchr(thread_start, ')');
	if (thread_end == NULL || thread_end - thread_start >= THREAD_MAX)
		return false;
	p = thread_end + 1;
	if (!skip_literal(&p, " ["))
		return false;
	const char *time_end = strchr(p, ']');
	if (time_end == NULL || time_end[1] != ':' || time_end - p >= TIME_TEXT_MAX)
		return false;

	memcpy(component, line, (size_t)(context_end + 1 - line));
	component[context_end + 1 - line] = '\0';
	memcpy(thread, thread_start, (size_t)(thread_end - thread_start));
	thread[thread_end - thread_start] = '\0';
	memcpy(parser->time, p, (size_t)(time_end - p));
	parser->time[time_end - p] = '\0';
	/* MSI writes milliseconds after a colon; CMTrace after a dot. */
	char *last_colon = strrchr(parser->time, ':');
	if (last_colon != NULL && last_colon - parser->time > 5)
		*last_colon = '.';

	event->component = component;
	event->thread = thread;
	event->time = parser->time;
	event->message = time_end[2] == ' ' ? time_end + 3 : time_end + 2;
	return true;
}

/* A custom action's own output starts with its tag: "RCSvcs: ...". */
static bool parse_custom_action(logparse *parser, const char *line, log_event *event)
{
	const char *p = line;

	if (!isalpha((unsigned char)*p))
		return false;
	while ((isalnum((unsigned char)*p) || *p == '_') && p - line < COMPONENT_MAX - 1)
		p++;
	if (p[0] != ':' || p[1] != ' ')
		return false;
	memcpy(parser->component, line, (size_t)(p - line));
	parser->component[p - line] = '\0';
	event->component = parser->component;
	return true;
}

static void emit_line(logparse *parser, const logdecode_line *line)
{
	log_event event = event_template(parser, LOG_FORMAT_PLAIN, line->offset);

	event.message = line->text;
	event.truncated = line->truncated;
	if (parser->source == LOG_SOURCE_MSI) {
		if (parse_msi_line(parser, line->text, &event)) {
			event.format = LOG_FORMAT_MSI;
		} else if (parse_action(parser, line->text, &event)) {
			event.format = LOG_FORMAT_ACTION;
			event.component = "Action";
		} else if (parse_custom_action(parser, line->text, &event)) {
			event.format = LOG_FORMAT_CUSTOM_ACTION;
		}
	}
	event.message_length = strlen(event.message);
	emit(parser, &event);
}

/* ---- CMTrace entries ---- */

static long parse_bias(const char *text)
{
	long sign = *text == '-' ? -1 : 1;
	long value = 0;

	text++;
	while (isdigit((unsigned char)*text)) {
		if (value < INT_MAX / 10)
			value = value * 10 + (*text - '0');
		text++;
	}
	return sign * value;
}

static void take_cmtrace_attribute(logparse *parser, const char *name, const char *value,
                                   log_event *event)
{
	if (strcmp(name, "time") == 0) {
		size_t length = strcspn(value, "+-");
		if (length >= sizeof parser->time)
			length = sizeof parser->time - 1;
		memcpy(parser->time, value, length);
		parser->time[length] = '\0';
		event->time = parser->time;
		event->has_bias = value[length] != '\0';
		if (event->has_bias)
			event->bias_minutes = parse_bias(value + length);
	} else if (strcmp(name, "date") == 0) {
		event->date = value;
	} else if (strcmp(name, "component") == 0) {
		event->component = value;
	} else if (strcmp(name, "type") == 0) {
		if (value[0] >= '1' && value[0] <= '3' && value[1] == '\0')
			event->type = (log_type)(value[0] - '0');
	} else if (strcmp(name, "thread") == 0) {
		event->thread = value;
	} else if (strcmp(name, "file") == 0) {
		event->file = value;
	}
}

/* `trailer` follows ]LOG]!>: <time="..." date="..." ...>. Attributes that
 * are malformed end the parse; what was read so far is kept. */
static void parse_cmtrace_trailer(logparse *parser, const char *trailer, log_event *event)
{
	strbuf_clear(&parser->attributes);
	strbuf_add_string(&parser->attributes, trailer);
	char *p = parser->attributes.data;

	if (*p != '<')
		return;
	p++;
	for (;;) {
		while (*p == ' ')
			p++;
		char *name = p;
		while (isalpha((unsigned char)*p))
			p++;
		if (p == name || p[0] != '=' || p[1] != '"')
			return;
		*p = '\0';
		char *value = p + 2;
		char *end = strchr(value, '"');
		if (end == NULL)
			return;
		*end = '\0';
		take_cmtrace_attribute(parser, name, value, event);
		p = end + 1;
	}
}

/* Keeps the entry within LOGPARSE_ENTRY_MAX, cut at a code point boundary. */
static void entry_add(logparse *parser, const char *text, size_t length)
{
	size_t room = LOGPARSE_ENTRY_MAX - parser->entry.length;

	if (length > room) {
		length = room;
		while (length > 0 && ((unsigned char)text[length] & 0xC0) == 0x80)
			length--;
		parser->entry_truncated = true;
	}
	strbuf_add(&parser->entry, text, length);
}

static void emit_entry(logparse *parser, const char *trailer)
{
	log_event event = event_template(parser, LOG_FORMAT_CMTRACE, parser->entry_offset);

	event.message = parser->entry.data;
	event.message_length = parser->entry.length;
	event.truncated = parser->entry_truncated;
	if (trailer != NULL)
		parse_cmtrace_trailer(parser, trailer, &event);
	if (parser->source == LOG_SOURCE_CCMSETUP &&
	    strncmp(event.message, MSI_RELAY, strlen(MSI_RELAY)) == 0)
		parse_action(parser, event.message + strlen(MSI_RELAY), &event);
	parser->in_entry = false;
	emit(parser, &event);
}

/* Adds one line of an entry; hands the entry out when the line closes it. */
static void entry_take_line(logparse *parser, const logdecode_line *line, const char *text)
{
	const char *close = strstr(text, CMTRACE_CLOSE);

	if (line->truncated)
		parser->entry_truncated = true;
	if (close == NULL) {
		entry_add(parser, text, strlen(text));
		return;
	}
	entry_add(parser, text, (size_t)(close - text));
	emit_entry(parser, close + strlen(CMTRACE_CLOSE));
}

/* The content says which log a file is; its name or place only guesses
 * until then (docs/DESIGN.md "Logs"): a CMTrace entry is ccmsetup's, a
 * Windows Installer line ("MSI (s) (..) [..]:" in any language) or the
 * verbose log's banner an MSI log's. */
static void settle_source(logparse *parser, const char *text, bool opens_entry)
{
	log_event probe = event_template(parser, LOG_FORMAT_PLAIN, 0);

	if (opens_entry) {
		parser->source = LOG_SOURCE_CCMSETUP;
		parser->source_settled = true;
	} else if (strncmp(text, MSI_BANNER, strlen(MSI_BANNER)) == 0 ||
	           parse_msi_line(parser, text, &probe)) {
		parser->source = LOG_SOURCE_MSI;
		parser->source_settled = true;
	}
}

static void on_line(void *context, const logdecode_line *line)
{
	logparse *parser = context;
	bool opens_entry = strncmp(line->text, CMTRACE_OPEN, strlen(CMTRACE_OPEN)) == 0;

	if (!parser->source_settled && !parser->in_entry)
		settle_source(parser, line->text, opens_entry);

	if (parser->in_entry && opens_entry)
		emit_entry(parser, NULL);
	if (parser->in_entry) {
		entry_add(parser, "\n", 1);
		entry_take_line(parser, line, line->text);
		return;
	}
	if (opens_entry) {
		parser->in_entry = true;
		parser->entry_offset = line->offset;
		parser->entry_truncated = false;
		strbuf_clear(&parser->entry);
		strbuf_add(&parser->entry, "", 0);
		entry_take_line(parser, line, line->text + strlen(CMTRACE_OPEN));
		return;
	}
	if (line->text[strspn(line->text, " \t\r")] != '\0')
		emit_line(parser, line);
}

logparse *logparse_new(log_source source, logparse_event_callback on_event, void *context)
{
	logparse *parser = xcalloc(1, sizeof *parser);

	parser->source = source;
	parser->on_event = on_event;
	parser->context = context;
	parser->decoder = logdecode_new(on_line, parser);
	return parser;
}

void logparse_free(logparse *parser)
{
	if (parser == NULL)
		return;
	logdecode_free(parser->decoder);
	strbuf_free(&parser->entry);
	strbuf_free(&parser->attributes);
	free(parser);
}

void logparse_skim(logparse *parser, const textsearch *wanted)
{
	parser->wanted = wanted;
}

/* ---- skimming (logparse_skim) ----
 * A line of ASCII without NUL, shorter than a decoded line may be, is its
 * own decoded text (CR at its end aside), so its event can be judged from
 * the raw bytes; whether a line is all ASCII is quick to tell. */

/* Where the first ]LOG]!> in text starts, which ends the entry's message,
 * or NULL. */
static const char *first_close(const char *text, size_t length)
{
	size_t close_length = strlen(CMTRACE_CLOSE);
	const char *end = text + length;

	for (const char *p = text; (p = memchr(p, ']', (size_t)(end - p))) != NULL; p++)
		if ((size_t)(end - p) >= close_length && memcmp(p, CMTRACE_CLOSE, close_length) == 0)
			return p;
	return NULL;
}

static bool blank(const char *text, size_t length)
{
	for (size_t i = 0; i < length; i++)
		if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r')
			return false;
	return true;
}

/* Whether the line text[0..length-1] (without its LF) may be passed over,
 * and how many events (0 or 1) it stands for. */
static bool skimmable(const logparse *parser, const char *text, size_t length, unsigned *events)
{
	size_t open_length = strlen(CMTRACE_OPEN);

	*events = 0;
	if (!parser->source_settled || parser->in_entry || length >= LOGDECODE_LINE_MAX ||
	    logdecode_verbatim_span(text, length) != length)
		return false;
	if (length < open_length || memcmp(text, CMTRACE_OPEN, open_length) != 0) {
		/* An MSI log's lines are parsed for actions by their shape. */
		if (parser->source != LOG_SOURCE_CCMSETUP)
			return false;
		if (blank(text, length))
			return true;
		*events = 1;
		return textsearch_find(parser->wanted, text, length) == NULL;
	}
	const char *message = text + open_length;
	const char *close = first_close(message, length - open_length);
	size_t relay_length = strlen(MSI_RELAY);
	if (close == NULL)
		return false;   /* the entry goes on past this line */
	size_t message_length = (size_t)(close - message);
	if (parser->source == LOG_SOURCE_CCMSETUP && message_length >= relay_length &&
	    memcmp(message, MSI_RELAY, relay_length) == 0)
		return false;
	*events = 1;
	return textsearch_find(parser->wanted, message, message_length) == NULL;
}

/* Whole lines go through skimmable; a line cut by the chunk's end, and
 * whatever follows in a file not read as bytes, through the decoder. */
static void skim(logparse *parser, const char *bytes, size_t length)
{
	logdecode_encoding encoding = logdecode_encoding_of(parser->decoder);

	if (encoding == LOGDECODE_UTF16LE || encoding == LOGDECODE_UTF16LE_BOM) {
		logdecode_feed(parser->decoder, bytes, length);
		return;
	}
	while (length > 0) {
		const char *newline = memchr(bytes, '\n', length);
		size_t line = newline != NULL ? (size_t)(newline - bytes) + 1 : length;
		unsigned events;
		if (newline != NULL && logdecode_at_line_start(parser->decoder) &&
		    skimmable(parser, bytes, line - 1, &events)) {
			logdecode_skip_line(parser->decoder, line);
			parser->sequence += events;
		} else {
			logdecode_feed(parser->decoder, bytes, line);
		}
		bytes += line;
		length -= line;
	}
}

void logparse_feed(logparse *parser, const char *bytes, size_t length)
{
	if (parser->wanted != NULL)
		skim(parser, bytes, length);
	else
		logdecode_feed(parser->decoder, bytes, length);
	parser->next_offset += length;
}

void logparse_feed_at(logparse *parser, uint64_t offset, const char *bytes, size_t length)
{
	if (offset != parser->next_offset)
		logparse_restart(parser, offset);
	logparse_feed(parser, bytes, length);
}

static void flush_entry(logparse *parser)
{
	if (parser->in_entry)
		emit_entry(parser, NULL);
}

void logparse_restart(logparse *parser, uint64_t offset)
{
	logdecode_restart(parser->decoder, offset);
	parser->next_offset = offset;
	flush_entry(parser);
}

void logparse_finish(logparse *parser)
{
	logdecode_finish(parser->decoder);
	flush_entry(parser);
}
