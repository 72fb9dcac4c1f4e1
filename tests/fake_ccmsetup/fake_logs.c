#include "tests/fake_ccmsetup/fake_logs.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <uv.h>

#include "config/base/text.h"

static FILE *ccmsetup_log;
static FILE *msi_log;
static char *ccmsetup_path;
static char *msi_path;
static const fake_options *logs_options;
static char clock_text[16];

static char *join(const char *folder, const char *name)
{
	strbuf path = STRBUF_INIT;

	strbuf_printf(&path, "%s/%s", folder, name);
	return strbuf_detach(&path);
}

static void pause_between_lines(void)
{
	if (logs_options->line_delay_ms > 0)
		uv_sleep(logs_options->line_delay_ms);
}

static struct tm now_utc(unsigned *milliseconds)
{
	uv_timeval64_t now;
	time_t seconds;

	uv_gettimeofday(&now);
	seconds = (time_t)now.tv_sec;
	*milliseconds = (unsigned)(now.tv_usec / 1000);
	return *gmtime(&seconds);
}

const char *fake_clock(void)
{
	unsigned ms;
	struct tm t = now_utc(&ms);

	snprintf(clock_text, sizeof clock_text, "%d:%02d:%02d", t.tm_hour, t.tm_min, t.tm_sec);
	return clock_text;
}

typedef struct msi_words {
	const char *start;           /* clock, action */
	const char *end;             /* clock, action, return value */
	const char *action_text;     /* clock, action, description */
	const char *internal_error;  /* number */
} msi_words;

/* In the order of fake_language. */
static const msi_words languages[] = {
	{ "Action start %s: %s.", "Action ended %s: %s. Return value %d.", "Action %s: %s. %s",
	  "Internal Error %d." },
	{ "Aktion gestartet um %s: %s.", "Aktion beendet um %s: %s. R\xC3\xBC" "ckgabewert %d.",
	  "Aktion %s: %s. %s", "Interner Fehler %d." },
	{ "Action d\xC3\xA9marr\xC3\xA9" "e \xC3\xA0 %s : %s.",
	  "Action termin\xC3\xA9" "e \xC3\xA0 %s : %s. Valeur renvoy\xC3\xA9" "e %d.",
	  "Action %s : %s. %s", "Erreur interne %d." },
	{ "\xE3\x82\xA2\xE3\x82\xAF\xE3\x82\xB7\xE3\x83\xA7\xE3\x83\xB3\xE9\x96\x8B\xE5\xA7\x8B %s: %s\xE3\x80\x82",
	  "\xE3\x82\xA2\xE3\x82\xAF\xE3\x82\xB7\xE3\x83\xA7\xE3\x83\xB3\xE7\xB5\x82\xE4\xBA\x86 %s: %s\xE3\x80\x82\xE6\x88\xBB\xE3\x82\x8A\xE5\x80\xA4 %d\xE3\x80\x82",
	  "\xE3\x82\xA2\xE3\x82\xAF\xE3\x82\xB7\xE3\x83\xA7\xE3\x83\xB3 %s: %s\xE3\x80\x82%s",
	  "\xE5\x86\x85\xE9\x83\xA8\xE3\x82\xA8\xE3\x83\xA9\xE3\x83\xBC %d\xE3\x80\x82" },
};

static const msi_words *words(void)
{
	return &languages[logs_options->language];
}

/* The formats come from the table above, never from outside. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
void fake_msi_action_start(const char *action)
{
	fake_msi_line(words()->start, fake_clock(), action);
}

void fake_msi_action_end(const char *action, int return_value)
{
	fake_msi_line(words()->end, fake_clock(), action, return_value);
}

void fake_ccmsetup_action(int type, const char *action, const char *description)
{
	char text[512];

	int length = snprintf(text, sizeof text, words()->action_text, fake_clock(), action,
	                      description);
	while (length > 0 && text[length - 1] == ' ')
		text[--length] = '\0';
	fake_ccmsetup_log(type, "MSI: %s", text);
}

void fake_internal_error(int number)
{
	char text[128];

	snprintf(text, sizeof text, words()->internal_error, number);
	fake_msi_engine("Product: Configuration Manager Client -- %s", text);
	fake_ccmsetup_log(3, "MSI: %s", text);
	fake_msi_line("%s", text);
}
#pragma GCC diagnostic pop

bool fake_logs_open(const fake_options *options)
{
	logs_options = options;
	ccmsetup_path = join(options->log_directory, "ccmsetup.log");
	msi_path = join(options->log_directory, "client.msi.log");
	ccmsetup_log = fopen(ccmsetup_path, "ab");
	if (ccmsetup_log == NULL) {
		fprintf(stderr, "fake_ccmsetup: cannot open %s\n", ccmsetup_path);
		return false;
	}
	if (options->service && !options->service_instance)
		return true;
	msi_log = fopen(msi_path, "wb");
	if (msi_log == NULL) {
		fprintf(stderr, "fake_ccmsetup: cannot open %s\n", msi_path);
		return false;
	}
	if (options->msi_encoding == FAKE_ENCODING_UTF16)
		fwrite("\xFF\xFE", 1, 2, msi_log);
	else if (options->msi_encoding == FAKE_ENCODING_UTF8)
		fwrite("\xEF\xBB\xBF", 1, 3, msi_log);
	return true;
}

void fake_logs_close(void)
{
	if (ccmsetup_log != NULL)
		fclose(ccmsetup_log);
	if (msi_log != NULL)
		fclose(msi_log);
	ccmsetup_log = msi_log = NULL;
	free(ccmsetup_path);
	free(msi_path);
}

void fake_ccmsetup_log(int type, const char *format, ...)
{
	char message[1024];
	unsigned ms;
	struct tm t = now_utc(&ms);
	va_list args;

	va_start(args, format);
	vsnprintf(message, sizeof message, format, args);
	va_end(args);
	fprintf(ccmsetup_log,
	        "<![LOG[%s]LOG]!><time=\"%02d:%02d:%02d.%03u+000\" date=\"%02d-%02d-%04d\" "
	        "component=\"ccmsetup\" context=\"\" type=\"%d\" thread=\"%d\" file=\"ccmsetup.cpp:%d\">\r\n",
	        message, t.tm_hour, t.tm_min, t.tm_sec, ms, t.tm_mon + 1, t.tm_mday, t.tm_year + 1900,
	        type, (int)uv_os_getpid(), 1000 + type);
	fflush(ccmsetup_log);
	pause_between_lines();
}

static void write_msi_text(const char *text)
{
	strbuf line = STRBUF_INIT;

	strbuf_printf(&line, "%s\r\n", text);
	if (logs_options->msi_encoding == FAKE_ENCODING_UTF16 ||
	    logs_options->msi_encoding == FAKE_ENCODING_UTF16_NO_BOM) {
		size_t size;
		unsigned char *utf16 = text_utf8_to_utf16le(line.data, line.length, &size);
		fwrite(utf16, 1, size, msi_log);
		free(utf16);
	} else {
		fwrite(line.data, 1, line.length, msi_log);
	}
	fflush(msi_log);
	strbuf_free(&line);
	pause_between_lines();
}

void fake_msi_line(const char *format, ...)
{
	char text[1024];
	va_list args;

	va_start(args, format);
	vsnprintf(text, sizeof text, format, args);
	va_end(args);
	write_msi_text(text);
}

void fake_msi_engine(const char *format, ...)
{
	char text[1024];
	char line[1100];
	unsigned ms;
	struct tm t = now_utc(&ms);
	va_list args;

	va_start(args, format);
	vsnprintf(text, sizeof text, format, args);
	va_end(args);
	snprintf(line, sizeof line, "MSI (s) (B4:44) [%02d:%02d:%02d:%03u]: %s", t.tm_hour, t.tm_min,
	         t.tm_sec, ms, text);
	write_msi_text(line);
}

bool fake_logs_rotate(void)
{
	char *rotated = join(logs_options->log_directory, "ccmsetup.lo_");
	uv_fs_t req;

	fclose(ccmsetup_log);
	uv_fs_rename(NULL, &req, ccmsetup_path, rotated, NULL);
	uv_fs_req_cleanup(&req);
	free(rotated);
	ccmsetup_log = fopen(ccmsetup_path, "ab");
	return ccmsetup_log != NULL;
}
