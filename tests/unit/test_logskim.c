/* Skimming (logparse_skim, logpipeline_skim) against reading every line,
 * the reference: over every sample log and over generated logs (fixed
 * seed) in every encoding, with signature texts in any case, MSI actions
 * relayed in English and German, text outside ASCII, NUL bytes, entries
 * over several lines, plain and blank lines, lines longer than 64 KiB and
 * a signature text across the pipeline's 64 KiB reads, fed in pieces of
 * many sizes:
 * - a skimming parser hands out events equal to the reference's with the
 *   same sequence number, and passes over only events without an action
 *   whose message holds none of the wanted texts;
 * - a skimming pipeline hands out every event the reference matched a
 *   signature in, equal with its signatures, and leaves the progress
 *   byte for byte as the reference leaves it, with the built-in
 *   signatures and with rules of one byte, outside ASCII and replacing
 *   built-ins. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <uv.h>

#include "config/base/text.h"
#include "config/base/textsearch.h"
#include "wrapper/logs/logpipeline.h"
#include "tests/support/testsupport.h"

#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))
#define NO_POLL_MS 3600000
#define READ_SIZE 65536   /* logpipeline_read_file's reads */
#define TRAILER "]LOG]!><time=\"15:10:35.458+00\" date=\"02-04-2020\" component=\"ccmsetup\" " \
                "context=\"\" type=\"1\" thread=\"3396\" file=\"ccmsetup.cpp:9744\">"

typedef enum encoding { BYTES, UTF8_BOM, UTF16_BOM, UTF16 } encoding;

/* ---- generated logs ---- */

static uint32_t next_random(uint32_t *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 8;
}

static const char *pick(const char *const *choices, size_t count, uint32_t *seed)
{
	return choices[next_random(seed) % count];
}

/* text with its ASCII letters in a random case. */
static void add_any_case(strbuf *out, const char *text, uint32_t *seed)
{
	for (const char *p = text; *p; p++) {
		char c = *p;
		if (next_random(seed) % 2 == 0 && c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		else if (next_random(seed) % 2 == 0 && c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		strbuf_add_char(out, c);
	}
}

static const char *const plain_messages[] = {
	"Running as user \"SYSTEM\"", "Checking Write Filter Status.",
	"Downloading file https://SCCM01.contoso.com/CCM_Client/ccmsetup.cab",
	"==========[ ccmsetup is shutting down ]==========", "Return value", "error code",
	"Installation was cancelled (1603", "CcmSetup is exiting", "[x] a ]LOG] b ]LOG]!",
	"Note: 1: 2503", "ccmsetup started in proc",
};

/* Texts a signature or the progress looks for, and the same in disguise. */
static const char *const wanted_messages[] = {
	"Installation was cancelled (1602)", "Windows Installer will return error code 1602",
	"Internal Error 2502.", "Note: 1: 2502 2: x", "Return value 3",
	"SetupDiGetClassDevs failed, error 0xd", "Error 1500. Another installation is in progress",
	"Installation failed with error code 1603", "MainEngineThread is returning 0",
	"Installation success or error status: 1603.", "CcmSetup is exiting with return code 7",
	"CcmSetup failed with error code 0x80070642", "==========[ ccmsetup started in process 5120 ]",
	"Successfully started the ccmsetup service", "Successfully created the ccmsetup service",
	"client.msi installation failed. Error text: ExitCode: 1603", "one # byte",
};

static const char *const relayed_messages[] = {
	"MSI: Action 8:25:34: InstallFiles. Copying new files",
	"MSI: Action ended 15:14:28: InstallFinalize. Return value 3.",
	"MSI: Action ended 15:14:28: InstallFinalize. Return value 1.",
	"MSI: Aktion beendet um 15:14:28: InstallFinalize. R\xC3\xBC" "ckgabewert 3.",
	"MSI: Setting up shortcuts", "MSI: ",
};

typedef struct message_bytes {
	const char *bytes;
	size_t length;
} message_bytes;

#define MESSAGE_BYTES(literal) { literal, sizeof literal - 1 }

/* Bytes the decoder changes (NUL is dropped: the text appears), or text
 * outside ASCII around a wanted one. */
static const message_bytes unusual_messages[] = {
	MESSAGE_BYTES("ccm\xC5\xBF" "etup started in process 77"), MESSAGE_BYTES("caf\xE9 Return value 3"),
	MESSAGE_BYTES("Gr\xC3\xBC\xC3\x9F "), MESSAGE_BYTES("Return\0 value 3"),
	MESSAGE_BYTES("\x80\x81 Internal Error 2502"), MESSAGE_BYTES("CcmSetup is exiting\0 with return code 5"),
};

static const char *const plain_lines[] = {
	"ccmsetup: the service control manager stopped", "  \t", "", "\r",
	"MSI (s) (B4:44) [15:14:28:516]: Note: 1: 2502", "Action ended 15:14:28: X. Return value 3.",
	"=== Verbose logging started: 1/1/2020", "plain Return value 3",
	"Action start 8:25:34: InstallFiles.", "Action ended 15:14:28: InstallFiles. Return value 1.",
};

static void add_end(strbuf *log, uint32_t *seed)
{
	strbuf_add_string(log, next_random(seed) % 5 == 0 ? "\n" : "\r\n");
}

static void add_entry(strbuf *log, const char *message, size_t length, uint32_t *seed)
{
	strbuf_add_string(log, "<![LOG[");
	strbuf_add(log, message, length);
	strbuf_add_string(log, TRAILER);
	add_end(log, seed);
}

static void add_line(strbuf *log, uint32_t *seed)
{
	unsigned kind = next_random(seed) % 100;
	strbuf text = STRBUF_INIT;

	strbuf_add(&text, "", 0);
	if (kind < 50) {
		const char *message = pick(plain_messages, COUNT_OF(plain_messages), seed);
		add_entry(log, message, strlen(message), seed);
	} else if (kind < 62) {
		add_any_case(&text, pick(wanted_messages, COUNT_OF(wanted_messages), seed), seed);
		add_entry(log, text.data, text.length, seed);
	} else if (kind < 74) {
		const char *message = pick(relayed_messages, COUNT_OF(relayed_messages), seed);
		add_entry(log, message, strlen(message), seed);
	} else if (kind < 79) {
		const message_bytes *message =
		    &unusual_messages[next_random(seed) % COUNT_OF(unusual_messages)];
		add_entry(log, message->bytes, message->length, seed);
	} else if (kind < 84) {
		strbuf_add_string(log, "<![LOG[State message sent");
		add_end(log, seed);
		add_any_case(log, "<?xml?> return VALUE 3", seed);
		add_end(log, seed);
		strbuf_add_string(log, "</ReportBody>" TRAILER);
		add_end(log, seed);
	} else if (kind < 86) {
		strbuf_add_string(log, "<![LOG[never closed");
		add_end(log, seed);
	} else if (kind < 88) {
		add_entry(log, "a]LOG]!>b", 9, seed);
	} else if (kind < 97) {
		strbuf_add_string(log, pick(plain_lines, COUNT_OF(plain_lines), seed));
		add_end(log, seed);
	} else {
		add_entry(log, "short", 5, seed);
	}
	strbuf_free(&text);
}

/* An entry longer than a decoded line may be, whose ]LOG]!> the decoder
 * cuts off, so that it goes on over the next lines; with a wanted text at
 * its end or not. */
static void add_long_entry(strbuf *log, const char *end, uint32_t *seed)
{
	strbuf text = STRBUF_INIT;

	for (size_t i = 0; i < LOGDECODE_LINE_MAX + 100; i++)
		strbuf_add_char(&text, (char)('a' + i % 26));
	strbuf_add_string(&text, end);
	add_entry(log, text.data, text.length, seed);
	strbuf_free(&text);
}

/* About `size` bytes of log, CMTrace from its first line, or lines that
 * leave the source open until a Windows Installer line makes it an MSI
 * log; a signature text starts 7 bytes before the first 64 KiB read ends,
 * two long entries follow; the last entry is one no skim passes over, so
 * that both count the same events. */
static char *generated_log(uint32_t seed, size_t size, bool msi_first, size_t *length)
{
	strbuf log = STRBUF_INIT;

	strbuf_add(&log, "", 0);
	if (msi_first) {
		strbuf_add_string(&log, "words before the source is known\r\n"
		                        "MSI (s) (C0:D4) [08:25:34:001]: Doing action: InstallFiles\r\n");
	}
	while (log.length < READ_SIZE - 6000)
		add_line(&log, &seed);
	strbuf across = STRBUF_INIT;
	for (size_t i = log.length + strlen("<![LOG["); i < READ_SIZE - 7; i++)
		strbuf_add_char(&across, 'p');
	strbuf_add_string(&across, "Return value 3");
	add_entry(&log, across.data, across.length, &seed);
	strbuf_free(&across);
	add_long_entry(&log, "", &seed);
	add_line(&log, &seed);
	add_long_entry(&log, " Return value 3", &seed);
	while (log.length < size)
		add_line(&log, &seed);
	add_entry(&log, "CcmSetup is exiting with return code 0", 38, &seed);
	*length = log.length;
	return strbuf_detach(&log);
}

/* The log in an encoding (caller frees). */
static char *encoded(const char *log, size_t length, encoding as, size_t *size)
{
	static const char *const boms[] = { "", "\xEF\xBB\xBF", "\xFF\xFE", "" };
	size_t bom = strlen(boms[as]);
	unsigned char *utf16 = NULL;
	const char *body = log;
	size_t body_size = length;

	if (as == UTF16_BOM || as == UTF16) {
		utf16 = text_utf8_to_utf16le(log, length, &body_size);
		body = (const char *)utf16;
	}
	char *out = xmalloc(bom + body_size + 1);
	memcpy(out, boms[as], bom);
	memcpy(out + bom, body, body_size);
	free(utf16);
	*size = bom + body_size;
	return out;
}

/* ---- a skimming parser against the reference ---- */

/* All of an event, as one line to compare. */
static void format_event(strbuf *out, const log_event *event)
{
	strbuf_printf(out, "%llu|%llu|%s|%s|%s|%s|%d|%ld|%s|%d|%s|%s|%d|%d|%s|%d|",
	              (unsigned long long)event->sequence, (unsigned long long)event->offset,
	              log_source_name(event->source), log_format_name(event->format), event->date,
	              event->time, event->has_bias, event->bias_minutes, event->component,
	              (int)event->type, event->thread, event->file, (int)event->truncated,
	              (int)event->action, event->action_name, event->action_return);
	strbuf_add(out, event->message, event->message_length);
}

static bool holds_ascii_nocase(const char *message, const char *text)
{
	size_t length = strlen(text);

	for (const char *at = message; *at != '\0'; at++) {
		size_t i = 0;
		while (i < length && at[i] != '\0' &&
		       (at[i] == text[i] || ((at[i] | 0x20) == (text[i] | 0x20) &&
		                             (text[i] | 0x20) >= 'a' && (text[i] | 0x20) <= 'z')))
			i++;
		if (i == length)
			return true;
	}
	return false;
}

typedef struct recorder {
	strlist events;
	const strlist *wanted;   /* the reference's: judges each event passable */
	strbuf passable;         /* per event: '1' when a skim may pass it over */
} recorder;

/* No action, and none of the texts in the message, compared as the
 * signatures (ASCII) and as the progress (text_contains_nocase) compare. */
static bool passable(const strlist *wanted, const log_event *event)
{
	if (event->action != LOG_ACTION_NONE)
		return false;
	for (size_t i = 0; i < wanted->count; i++)
		if (holds_ascii_nocase(event->message, wanted->items[i]) ||
		    text_contains_nocase(event->message, wanted->items[i]))
			return false;
	return true;
}

static void record_event(void *context, const log_event *event)
{
	recorder *rec = context;
	strbuf line = STRBUF_INIT;

	format_event(&line, event);
	strlist_add_owned(&rec->events, strbuf_detach(&line));
	if (rec->wanted != NULL)
		strbuf_add_char(&rec->passable, passable(rec->wanted, event) ? '1' : '0');
}

static void recorder_free(recorder *rec)
{
	strlist_free(&rec->events);
	strbuf_free(&rec->passable);
}

static void parse(const char *bytes, size_t size, size_t chunk, log_source source,
                  const textsearch *wanted, recorder *rec)
{
	logparse *parser = logparse_new(source, record_event, rec);

	strbuf_add(&rec->passable, "", 0);
	logparse_skim(parser, wanted);
	for (size_t done = 0; done < size; done += chunk)
		logparse_feed(parser, bytes + done, size - done < chunk ? size - done : chunk);
	logparse_finish(parser);
	logparse_free(parser);
}

/* The texts logpipeline_skim looks for with the built-in signatures. */
static void builtin_texts(strlist *texts)
{
	signature_set *set;
	error_message err;

	assert_true(signature_set_new(NULL, 0, &set, &err));
	signature_set_texts(set, texts);
	logprogress_texts(texts);
	signature_set_free(set);
}

/* Every event a skimming parser hands out is the reference's with its
 * sequence number; those between were passable; the last is handed out by
 * both. Returns how many the skim fed whole passed over. */
static size_t check_parser(const char *bytes, size_t size, log_source source)
{
	strlist texts = STRLIST_INIT;
	builtin_texts(&texts);
	textsearch *wanted = textsearch_new((const char *const *)texts.items, texts.count);
	recorder reference = { .wanted = &texts };
	const size_t chunks[] = { size > 0 ? size : 1, 3, 64, 4093, READ_SIZE };
	size_t passed_over = 0;

	parse(bytes, size, chunks[0], source, NULL, &reference);
	for (size_t c = 0; c < COUNT_OF(chunks); c++) {
		recorder skim = { 0 };
		parse(bytes, size, chunks[c], source, wanted, &skim);
		size_t next = 0;
		for (size_t i = 0; i < skim.events.count; i++) {
			size_t sequence = (size_t)strtoull(skim.events.items[i], NULL, 10);
			assert_true(sequence > next && sequence <= reference.events.count);
			assert_string_equal(skim.events.items[i], reference.events.items[sequence - 1]);
			for (size_t k = next; k + 1 < sequence; k++)
				assert_int_equal(reference.passable.data[k], '1');
			next = sequence;
		}
		assert_int_equal(next, reference.events.count);
		if (c == 0)
			passed_over = reference.events.count - skim.events.count;
		recorder_free(&skim);
	}
	recorder_free(&reference);
	textsearch_free(wanted);
	strlist_free(&texts);
	return passed_over;
}

/* ---- a skimming pipeline against the reference ---- */

typedef struct pipeline_run {
	strbuf matched;       /* every event with signatures, and them */
	logprogress progress;
} pipeline_run;

static void on_event(void *context, logpipeline_file *file, const logpipeline_event *event)
{
	pipeline_run *run = context;

	(void)file;
	if (event->match_count == 0)
		return;
	format_event(&run->matched, event->log);
	for (size_t i = 0; i < event->match_count; i++)
		strbuf_printf(&run->matched, " [%s %s %d %u]", event->matches[i].name,
		              signature_shown_action(&event->matches[i], event->handover),
		              (int)event->matches[i].has_code, (unsigned)event->matches[i].code);
	strbuf_add_char(&run->matched, '\n');
}

static void on_error(void *context, logpipeline_file *file, const char *message)
{
	(void)context;
	fail_msg("%s: %s", file->path, message);
}

static const logpipeline_callbacks callbacks = { NULL, on_event, on_error };

/* The file read once, or followed and read to its end. */
static void run_pipeline(const char *path, log_source source, signature_set *set, bool skim,
                         bool follow, pipeline_run *run)
{
	uv_loop_t loop;
	logpipeline pipeline = { 0 };
	logpipeline_file file = { .path = path, .source = source, .progress = &run->progress };
	error_message err;

	strbuf_add(&run->matched, "", 0);
	logprogress_init(&run->progress, 0);
	uv_loop_init(&loop);
	logpipeline_init(&loop, &pipeline, &file, 1, set, LOGFOLLOW_FROM_BEGINNING, NO_POLL_MS,
	                 &callbacks, run);
	if (skim)
		logpipeline_skim(&pipeline);
	if (follow) {
		assert_true(logpipeline_start_file(&file, &err));
		logpipeline_read_now(&pipeline);
		logpipeline_stop(&pipeline);
		logpipeline_finish(&pipeline);
	} else {
		assert_true(logpipeline_read_file(&file, &err));
	}
	logpipeline_close(&pipeline, NULL);
	uv_run(&loop, UV_RUN_DEFAULT);
	assert_int_equal(uv_loop_close(&loop), 0);
}

static const config_signature custom_rules[] = {
	{ .name = (char *)"one-byte", .match = (char *)"#", .action = CONFIG_ACTION_FAIL },
	{ .name = (char *)"german-return", .match = (char *)"R\xC3\xBC" "ckgabewert 3",
	  .action = CONFIG_ACTION_RETRY },
	{ .name = (char *)SIGNATURE_CCMSETUP_EXIT, .match = (char *)"exiting with",
	  .source = CONFIG_SOURCE_CCMSETUP, .action = CONFIG_ACTION_FAIL },
	{ .name = (char *)"msi-internal-error-2502", .match = (char *)"Internal Error 2502",
	  .action = CONFIG_ACTION_IGNORE },
	{ .name = (char *)"shutting-down", .match = (char *)"shutting down",
	  .action = CONFIG_ACTION_SUCCESS },
};

/* The same events with signatures, and the same progress, byte for byte,
 * with the built-ins and with the custom rules, read once and followed. */
static void check_pipeline(const char *bytes, size_t size, log_source source)
{
	char *folder = test_make_temp_dir();
	char *path = test_path(folder, "ccmsetup.log");

	test_write_file(path, bytes, size);
	for (int rules = 0; rules < 2; rules++) {
		signature_set *set;
		error_message err;
		assert_true(signature_set_new(rules ? custom_rules : NULL, rules ? COUNT_OF(custom_rules) : 0,
		                              &set, &err));
		for (int follow = 0; follow < 2; follow++) {
			pipeline_run reference = { 0 }, skim = { 0 };
			run_pipeline(path, source, set, false, follow, &reference);
			run_pipeline(path, source, set, true, follow, &skim);
			assert_string_equal(skim.matched.data, reference.matched.data);
			assert_memory_equal(&skim.progress, &reference.progress, sizeof skim.progress);
			strbuf_free(&reference.matched);
			strbuf_free(&skim.matched);
		}
		signature_set_free(set);
	}
	test_remove_tree(folder);
	free(path);
	free(folder);
}

/* ---- the tests ---- */

static void test_every_sample_log(void **state)
{
	(void)state;
	const char *const names[] = {
		"kb2000387-ccmsetup.log", "kb2000387-client.msi.log", "multiline-ccmsetup.log",
		"service-mode-2007-ccmsetup.log", "service-mode-ccmsetup.log",
		"upgrade-2007-success-ccmsetup.log",
	};

	for (size_t i = 0; i < COUNT_OF(names); i++) {
		size_t size;
		char *log = test_read_sample_log(names[i], &size);
		log_source source = strstr(names[i], "msi") ? LOG_SOURCE_MSI : LOG_SOURCE_CCMSETUP;
		check_parser(log, size, source);
		check_pipeline(log, size, source);
		free(log);
	}
}

static void test_generated_logs_in_every_encoding(void **state)
{
	(void)state;
	const encoding encodings[] = { BYTES, UTF8_BOM, UTF16_BOM, UTF16 };

	for (uint32_t seed = 1; seed <= 2; seed++)
		for (int msi_first = 0; msi_first < 2; msi_first++) {
			size_t length;
			char *log = generated_log(seed, READ_SIZE + READ_SIZE / 2, msi_first, &length);
			for (size_t e = 0; e < COUNT_OF(encodings); e++) {
				size_t size;
				char *bytes = encoded(log, length, encodings[e], &size);
				size_t passed_over = check_parser(bytes, size, LOG_SOURCE_CCMSETUP);
				/* Most events of a log read as bytes are passed over; none
				 * of one in UTF-16. */
				if (encodings[e] == UTF16_BOM || encodings[e] == UTF16)
					assert_int_equal(passed_over, 0);
				else
					assert_true(passed_over > 0);
				check_pipeline(bytes, size, LOG_SOURCE_CCMSETUP);
				free(bytes);
			}
			free(log);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_sample_log),
		cmocka_unit_test(test_generated_logs_in_every_encoding),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
