/* Log bytes to events: every sample's events exactly, CMTrace entries over
 * several lines, MSI lines, chunking that does not change anything, and the
 * 64 KiB entry bound. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "wrapper/logs/logparse.h"
#include "tests/support/testsupport.h"
#include "config/base/text.h"

/* An event as one comparable line:
 * seq|offset|format|date|time|bias|component|type|thread|action|cut|message */
static void format_event(strbuf *out, const log_event *event)
{
	strbuf_printf(out, "%llu|%llu|%s|%s|%s|", (unsigned long long)event->sequence,
	              (unsigned long long)event->offset, log_format_name(event->format), event->date,
	              event->time);
	if (event->has_bias)
		strbuf_printf(out, "%+ld", event->bias_minutes);
	strbuf_printf(out, "|%s|%d|%s|", event->component, (int)event->type, event->thread);
	if (event->action != LOG_ACTION_NONE)
		strbuf_printf(out, "%s %s %d", event->action == LOG_ACTION_START ? "start" : "end",
		              event->action_name, event->action_return);
	strbuf_printf(out, "|%s|", event->truncated ? "cut" : "");
	strbuf_add(out, event->message, event->message_length);
}

typedef struct recorder {
	strlist events;
	log_source source;           /* every event's, as the content says */
} recorder;

static void record_event(void *context, const log_event *event)
{
	recorder *rec = context;
	strbuf line = STRBUF_INIT;

	assert_int_equal(event->source, rec->source);
	assert_int_equal(event->sequence, rec->events.count + 1);
	assert_int_equal(strlen(event->message), event->message_length);
	format_event(&line, event);
	strlist_add_owned(&rec->events, strbuf_detach(&line));
}

static void parse_in_chunks(recorder *rec, log_source source, const char *bytes, size_t length,
                            size_t chunk)
{
	logparse *parser = logparse_new(source, record_event, rec);

	for (size_t done = 0; done < length; done += chunk)
		logparse_feed(parser, bytes + done, length - done < chunk ? length - done : chunk);
	logparse_finish(parser);
	logparse_free(parser);
}

/* Parses whole, then byte by byte and in odd pieces, which must agree. */
static void parse_checked(recorder *rec, log_source source, const char *bytes, size_t length)
{
	size_t chunks[] = { 1, 5, 4096 };

	parse_in_chunks(rec, source, bytes, length, length ? length : 1);
	for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
		recorder other = { STRLIST_INIT, rec->source };
		parse_in_chunks(&other, source, bytes, length, chunks[i]);
		assert_int_equal(other.events.count, rec->events.count);
		for (size_t e = 0; e < rec->events.count; e++)
			assert_string_equal(other.events.items[e], rec->events.items[e]);
		strlist_free(&other.events);
	}
}

static void parse_sample(recorder *rec, log_source source, const char *name)
{
	size_t size;
	char *bytes = test_read_sample_log(name, &size);

	parse_checked(rec, source, bytes, size);
	free(bytes);
}

static void test_seed_ccmsetup_log(void **state)
{
	(void)state;
	recorder rec = { STRLIST_INIT, LOG_SOURCE_CCMSETUP };

	parse_sample(&rec, LOG_SOURCE_CCMSETUP, "kb2000387-ccmsetup.log");
	assert_int_equal(rec.events.count, 11);
	assert_string_equal(rec.events.items[0],
	    "1|0|cmtrace|11-18-2010|08:25:34.814|+300|ccmsetup|1|2896|start RemoveW2KDrivers -1||"
	    "MSI: Action 8:25:34: RemoveW2KDrivers. Removing Remote Control drivers");
	assert_string_equal(rec.events.items[4],
	    "5|766|cmtrace|11-18-2010|15:14:28.500|+300|ccmsetup|1|2896|"
	    "start SmsRemovePatchManagerService -1||MSI: Action 15:14:28: SmsRemovePatchManagerService.");
	assert_string_equal(rec.events.items[7],
	    "8|1349|cmtrace|11-18-2010|15:14:28.547|+300|ccmsetup|3|2896|||MSI: Internal Error 2502.");
	assert_string_equal(rec.events.items[10],
	    "11|1906|cmtrace|11-18-2010|15:14:28.594|+300|ccmsetup|3|2896|||"
	    "Installation was cancelled (1602)");
	strlist_free(&rec.events);
}

static void test_seed_msi_log_in_utf16le(void **state)
{
	(void)state;
	recorder rec = { STRLIST_INIT, LOG_SOURCE_MSI };

	parse_sample(&rec, LOG_SOURCE_MSI, "kb2000387-client.msi.log");
	assert_int_equal(rec.events.count, 29);
	assert_string_equal(rec.events.items[0],
	    "1|2|msi||08:25:34.814||MSI (s)|0|B4:4C|||Invoking remote custom action. "
	    "DLL: C:\\WINDOWS\\Installer\\MSI13.tmp, Entrypoint: RemoveW2KDrivers");
	assert_string_equal(rec.events.items[1],
	    "2|262|action||08:25:34||Action|0||start RemoveW2KDrivers -1||"
	    "Action start 8:25:34: RemoveW2KDrivers.");
	assert_string_equal(rec.events.items[6],
	    "7|758|custom-action||||RCSvcs|0||||"
	    "RCSvcs: InstallNT5Device(*SMS_KEYBOARD): SetupDiGetClassDevs failed, error 0xd");
	assert_string_equal(rec.events.items[15],
	    "16|1838|action||15:14:28||Action|0||end RemoveW2KDrivers 1||"
	    "Action ended 15:14:28: RemoveW2KDrivers. Return value 1.");
	assert_string_equal(rec.events.items[18],
	    "19|2324|custom-action||||DEBUG|0||||DEBUG: Error 2502:\xC2\xA0 Called InstallFinalize "
	    "when no install in progress.");
	assert_string_equal(rec.events.items[19],
	    "20|2470|msi||15:14:28.547||MSI (s)|0|B4:44|||"
	    "Product: Configuration Manager Client -- Internal Error 2502.");
	assert_string_equal(rec.events.items[20],
	    "21|2664|msi||15:14:28.547||MSI (s)|0|B4:44|||"
	    "No System Restore sequence number for this installation.");
	assert_string_equal(rec.events.items[27], "28|4122|plain|||||0||||Internal Error 2502.");
	assert_string_equal(rec.events.items[28],
	    "29|4166|action||15:14:28||Action|0||end INSTALL 2||"
	    "Action ended 15:14:28: INSTALL. Return value 2.");
	strlist_free(&rec.events);
}

static void test_success_and_service_mode_samples(void **state)
{
	(void)state;
	recorder rec = { STRLIST_INIT, LOG_SOURCE_CCMSETUP };

	parse_sample(&rec, LOG_SOURCE_CCMSETUP, "upgrade-2007-success-ccmsetup.log");
	assert_int_equal(rec.events.count, 15);
	assert_string_equal(rec.events.items[9],
	    "10|1740|cmtrace|11-19-2010|09:03:02.656|+300|ccmsetup|1|3132|||Running installation package\n"
	    "  Package:     C:\\WINDOWS\\system32\\ccmsetup\\client.msi\n"
	    "  Log:         C:\\WINDOWS\\system32\\ccmsetup\\client.msi.log\n"
	    "  Properties:  SMSSITECODE=\"ABC\" CCMHTTPPORT=\"80\" CCMHTTPSPORT=\"443\"");
	assert_string_equal(rec.events.items[14],
	    "15|2822|cmtrace|11-19-2010|09:06:13.312|+300|ccmsetup|1|3132|||"
	    "CcmSetup is exiting with return code 0");
	strlist_free(&rec.events);

	recorder service = { STRLIST_INIT, LOG_SOURCE_CCMSETUP };
	parse_sample(&service, LOG_SOURCE_CCMSETUP, "service-mode-ccmsetup.log");
	assert_int_equal(service.events.count, 14);
	assert_string_equal(service.events.items[6],
	    "7|1295|cmtrace|02-04-2020|15:10:36.160|+0|ccmsetup|1|3396|||"
	    "CcmSetup is exiting with return code 0");
	assert_string_equal(service.events.items[10],
	    "11|2081|cmtrace|02-04-2020|15:12:09.810|+0|ccmsetup|1|4420|start InstallFiles -1||"
	    "MSI: Action 15:12:09: InstallFiles. Copying new files");
	strlist_free(&service.events);
}

static void test_multiline_sample(void **state)
{
	(void)state;
	recorder rec = { STRLIST_INIT, LOG_SOURCE_CCMSETUP };

	parse_sample(&rec, LOG_SOURCE_CCMSETUP, "multiline-ccmsetup.log");
	assert_int_equal(rec.events.count, 5);
	assert_string_equal(rec.events.items[1],
	    "2|195|cmtrace|06-30-2021|22:47:55.318|-420|FSPStateMessage|1|5124|||"
	    "Sending Fallback Status Point message to 'SCCM01.contoso.com', STATEID='301'.");
	assert_string_equal(rec.events.items[2],
	    "3|420|cmtrace|06-30-2021|22:47:55.334|-420|FSPStateMessage|1|5124|||"
	    "State message with TopicType 800 and TopicId {A7C0C5E4-7B0A-4D7F-8F2B-2F6A2A3C1B11} "
	    "has been sent to the FSP\n"
	    "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n"
	    "<ReportBody><StateMessage MessageTime=\"20210701054755.318000+000\" SerialNumber=\"0\">\n"
	    "<Topic ID=\"{A7C0C5E4-7B0A-4D7F-8F2B-2F6A2A3C1B11}\" Type=\"800\" IDType=\"0\"/>\n"
	    "<State ID=\"301\" Criticality=\"0\"/>\n"
	    "<UserParameters Flags=\"0\" Count=\"2\"><Param>1602</Param><Param>0x80070642</Param>"
	    "</UserParameters>\n"
	    "</StateMessage></ReportBody>");
	assert_string_equal(rec.events.items[3],
	    "4|1043|plain|||||0||||ccmsetup: the service control manager stopped the service unexpectedly");
	assert_string_equal(rec.events.items[4],
	    "5|1115|cmtrace|06-30-2021|22:47:55.349|-420|ccmsetup|3|5124|||"
	    "CcmSetup failed with error code 0x80070642");
	strlist_free(&rec.events);
}

static void test_bias_of_any_width_and_missing_attributes(void **state)
{
	(void)state;
	recorder rec = { STRLIST_INIT, LOG_SOURCE_CCMSETUP };
	const char log[] =
	    "<![LOG[a]LOG]!><time=\"01:02:03.004+0000000060\" date=\"1-2-2020\" component=\"c\" type=\"2\">\n"
	    "<![LOG[b]LOG]!><time=\"01:02:03.004-1\" thread=\"7 (0x7)\">\n"
	    "<![LOG[c]LOG]!><time=\"01:02:03.004\" type=\"9\">\n"
	    "<![LOG[d]LOG]!><broken\n";

	parse_checked(&rec, LOG_SOURCE_CCMSETUP, log, sizeof log - 1);
	assert_int_equal(rec.events.count, 4);
	assert_string_equal(rec.events.items[0], "1|0|cmtrace|1-2-2020|01:02:03.004|+60|c|2||||a");
	assert_string_equal(rec.events.items[1], "2|87|cmtrace||01:02:03.004|-1||0|7 (0x7)|||b");
	assert_string_equal(rec.events.items[2], "3|143|cmtrace||01:02:03.004|||0||||c");
	assert_string_equal(rec.events.items[3], "4|189|cmtrace|||||0||||d");
	strlist_free(&rec.events);
}

/* An entry that never closes is handed out when the next one opens, at a
 * restart, or at the end. */
static void test_unclosed_entries_are_flushed(void **state)
{
	(void)state;
	recorder rec = { STRLIST_INIT, LOG_SOURCE_CCMSETUP };
	logparse *parser = logparse_new(LOG_SOURCE_CCMSETUP, record_event, &rec);
	const char first[] = "<![LOG[one\nstill one\n<![LOG[two]LOG]!><time=\"1:00:00.000+0\">\n"
	                     "<![LOG[three\n";

	logparse_feed(parser, first, sizeof first - 1);
	assert_int_equal(rec.events.count, 2);
	logparse_restart(parser, 0);
	assert_int_equal(rec.events.count, 3);
	logparse_feed(parser, "<![LOG[four", 11);
	logparse_finish(parser);
	logparse_free(parser);
	assert_int_equal(rec.events.count, 4);
	assert_string_equal(rec.events.items[0], "1|0|cmtrace|||||0||||one\nstill one");
	assert_string_equal(rec.events.items[1], "2|21|cmtrace||1:00:00.000|+0||0||||two");
	assert_string_equal(rec.events.items[2], "3|61|cmtrace|||||0||||three");
	assert_string_equal(rec.events.items[3], "4|0|cmtrace|||||0||||four");
	strlist_free(&rec.events);
}

static void test_lf_and_crlf_give_the_same_events(void **state)
{
	(void)state;
	recorder lf = { STRLIST_INIT, LOG_SOURCE_MSI };
	recorder crlf = { STRLIST_INIT, LOG_SOURCE_MSI };
	const char with_lf[] = "MSI (c) (10!2C) [08:25:34:001]: x\nAction 8:25:35: CostInitialize. Computing\n";
	const char with_crlf[] = "MSI (c) (10!2C) [08:25:34:001]: x\r\nAction 8:25:35: CostInitialize. Computing\r\n";

	parse_checked(&lf, LOG_SOURCE_MSI, with_lf, sizeof with_lf - 1);
	parse_checked(&crlf, LOG_SOURCE_MSI, with_crlf, sizeof with_crlf - 1);
	assert_int_equal(lf.events.count, 2);
	assert_int_equal(crlf.events.count, 2);
	assert_string_equal(lf.events.items[0], "1|0|msi||08:25:34.001||MSI (c)|0|10!2C|||x");
	assert_string_equal(crlf.events.items[0], lf.events.items[0]);
	assert_string_equal(lf.events.items[1],
	    "2|34|action||08:25:35||Action|0||start CostInitialize -1||"
	    "Action 8:25:35: CostInitialize. Computing");
	assert_string_equal(crlf.events.items[1],
	    "2|35|action||08:25:35||Action|0||start CostInitialize -1||"
	    "Action 8:25:35: CostInitialize. Computing");
	strlist_free(&lf.events);
	strlist_free(&crlf.events);
}

/* A 1 MB entry on one line, then one over many lines: each is cut at
 * 64 KiB and marked, and the entries after them are intact. */
static void test_long_entries_are_cut_and_marked(void **state)
{
	(void)state;
	size_t big = 1024 * 1024;
	strbuf log = STRBUF_INIT;
	recorder rec = { STRLIST_INIT, LOG_SOURCE_CCMSETUP };

	strbuf_add_string(&log, "<![LOG[");
	for (size_t i = 0; i < big; i++)
		strbuf_add_char(&log, (char)('a' + i % 26));
	strbuf_add_string(&log, "]LOG]!><time=\"1:00:00.000+0\">\r\n<![LOG[");
	for (size_t i = 0; i < 4096; i++)
		strbuf_add_string(&log, "line of a long entry\r\n");
	strbuf_add_string(&log, "end]LOG]!><type=\"3\">\r\n<![LOG[after]LOG]!><type=\"1\">\r\n");
	parse_in_chunks(&rec, LOG_SOURCE_CCMSETUP, log.data, log.length, 65536);

	assert_int_equal(rec.events.count, 3);
	const char *first = rec.events.items[0];
	assert_memory_equal(first, "1|0|cmtrace|||||0|||cut|abcdefghij", 34);
	/* The line lost its ]LOG]!> in the cut, so its entry closes when the
	 * next one opens. */
	assert_int_equal(strlen(strrchr(first, '|') + 1), LOGPARSE_ENTRY_MAX - strlen("<![LOG["));
	const char *second = rec.events.items[1];
	assert_memory_equal(second, "2|1048614|cmtrace|||||3|||cut|line of a long entry\n", 51);
	assert_int_equal(strlen(strrchr(second, '|') + 1), LOGPARSE_ENTRY_MAX);
	assert_string_equal(rec.events.items[2], "3|1138755|cmtrace|||||1||||after");
	strbuf_free(&log);
	strlist_free(&rec.events);
}

/* The file's name or place only guesses which log it is: a CMTrace entry
 * makes it ccmsetup's, a Windows Installer line an MSI log. */
static void test_the_content_decides_the_source(void **state)
{
	(void)state;
	recorder cmtrace = { STRLIST_INIT, LOG_SOURCE_CCMSETUP };
	recorder msi = { STRLIST_INIT, LOG_SOURCE_MSI };
	const char cmtrace_log[] = "<![LOG[MSI: Action 8:25:34: InstallFiles. Copying]LOG]!><time=\"1:00:00.000+0\">\r\n";
	const char msi_log[] = "=== Verbose logging started: 6/1/2021  10:04:40 ===\r\n"
	                       "MSI (s) (B4:44) [15:14:20:100]: Doing action: InstallFiles\r\n"
	                       "Action start 15:14:20: InstallFiles.\r\n";

	parse_checked(&cmtrace, LOG_SOURCE_MSI, cmtrace_log, sizeof cmtrace_log - 1);
	parse_checked(&msi, LOG_SOURCE_CCMSETUP, msi_log, sizeof msi_log - 1);
	assert_int_equal(cmtrace.events.count, 1);
	assert_string_equal(cmtrace.events.items[0], "1|0|cmtrace||1:00:00.000|+0||0||start InstallFiles -1||"
	                                             "MSI: Action 8:25:34: InstallFiles. Copying");
	assert_int_equal(msi.events.count, 3);
	assert_string_equal(msi.events.items[2], "3|113|action||15:14:20||Action|0||start InstallFiles -1||"
	                                         "Action start 15:14:20: InstallFiles.");
	strlist_free(&cmtrace.events);
	strlist_free(&msi.events);
}

/* Windows Installer writes its action lines in the machine's language: a
 * start, a description or an end with its return value are known by their
 * shape. Lines of another shape stay what they are. */
static void test_action_lines_in_any_language(void **state)
{
	(void)state;
	static const struct {
		const char *line;
		const char *action;      /* "start X -1", "end X 3", or NULL: not an action */
	} cases[] = {
		{ "Action start 8:25:34: RemoveW2KDrivers.", "start RemoveW2KDrivers -1" },
		{ "Action ended 15:14:28: INSTALL. Return value 2.", "end INSTALL 2" },
		{ "Action ended 15:14:28: INSTALL.", "end INSTALL -1" },
		{ "Action 8:25:35: CostInitialize. Computing space requirements", "start CostInitialize -1" },
		{ "Aktion gestartet um 15:14:20: InstallFiles.", "start InstallFiles -1" },
		{ "Aktion beendet um 15:14:28: InstallFiles. R\xC3\xBC" "ckgabewert 3.", "end InstallFiles 3" },
		{ "Aktion 15:14:20: InstallFiles. Neue Dateien werden kopiert", "start InstallFiles -1" },
		{ "Action d\xC3\xA9marr\xC3\xA9" "e \xC3\xA0 15:14:20 : InstallFiles.", "start InstallFiles -1" },
		{ "Action termin\xC3\xA9" "e \xC3\xA0 15:14:28 : InstallFiles. Valeur renvoy\xC3\xA9" "e 1.",
		  "end InstallFiles 1" },
		{ "\xE3\x82\xA2\xE3\x82\xAF\xE3\x82\xB7\xE3\x83\xA7\xE3\x83\xB3\xE9\x96\x8B\xE5\xA7\x8B "
		  "15:14:20: InstallFiles\xE3\x80\x82", "start InstallFiles -1" },
		{ "\xE3\x82\xA2\xE3\x82\xAF\xE3\x82\xB7\xE3\x83\xA7\xE3\x83\xB3\xE7\xB5\x82\xE4\xBA\x86 "
		  "15:14:28: InstallFiles\xE3\x80\x82\xE6\x88\xBB\xE3\x82\x8A\xE5\x80\xA4 3\xE3\x80\x82",
		  "end InstallFiles 3" },
		{ "\xE3\x82\xA2\xE3\x82\xAF\xE3\x82\xB7\xE3\x83\xA7\xE3\x83\xB3\xE7\xB5\x82\xE4\xBA\x86"
		  "15:14:28: InstallFiles\xE3\x80\x82\xE6\x88\xBB\xE3\x82\x8A\xE5\x80\xA4" "3\xE3\x80\x82",
		  "end InstallFiles 3" },
		{ "Internal Error 2502.", NULL },
		{ "Copying 3 files at 15:14:28: done.", NULL },
		{ "Started at 15:14:28 (local): InstallFiles.", NULL },
		{ "Property(S): StartTime = 15:14:28", NULL },
		{ "Aktion beendet um 15:14:28: Install Files. R\xC3\xBC" "ckgabewert 3.", NULL },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		recorder rec = { STRLIST_INIT, LOG_SOURCE_MSI };
		parse_checked(&rec, LOG_SOURCE_MSI, cases[i].line, strlen(cases[i].line));
		assert_int_equal(rec.events.count, 1);
		const char *fields = rec.events.items[0];
		for (int bar = 0; bar < 9; bar++)
			fields = strchr(fields, '|') + 1;
		size_t length = (size_t)(strchr(fields, '|') - fields);
		const char *expected = cases[i].action != NULL ? cases[i].action : "";
		if (length != strlen(expected) || strncmp(fields, expected, length) != 0)
			fail_msg("'%s': got '%.*s', expected '%s'", cases[i].line, (int)length, fields, expected);
		bool error = strstr(rec.events.items[0], "|action||") != NULL &&
		             strstr(rec.events.items[0], "|Action|3|") != NULL;
		assert_int_equal(error, cases[i].action != NULL && strstr(cases[i].action, " 3") != NULL);
		strlist_free(&rec.events);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_ccmsetup_log),
		cmocka_unit_test(test_seed_msi_log_in_utf16le),
		cmocka_unit_test(test_success_and_service_mode_samples),
		cmocka_unit_test(test_multiline_sample),
		cmocka_unit_test(test_bias_of_any_width_and_missing_attributes),
		cmocka_unit_test(test_unclosed_entries_are_flushed),
		cmocka_unit_test(test_lf_and_crlf_give_the_same_events),
		cmocka_unit_test(test_long_entries_are_cut_and_marked),
		cmocka_unit_test(test_the_content_decides_the_source),
		cmocka_unit_test(test_action_lines_in_any_language),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
