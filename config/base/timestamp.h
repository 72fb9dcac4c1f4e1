/* Wall-clock time for reports and logs: milliseconds since the Unix epoch,
 * split into calendar fields in UTC (result file, MIF) or local time with
 * the CMTrace bias (own log). */
#ifndef CCMWRAP_TIMESTAMP_H
#define CCMWRAP_TIMESTAMP_H

#include <stdbool.h>
#include <stdint.h>

typedef struct timestamp_parts {
	int year;
	int month;        /* 1..12 */
	int day;          /* 1..31 */
	int hour;
	int minute;
	int second;
	int millisecond;
} timestamp_parts;

/* "2024-05-01T10:00:00Z" plus the terminator. */
#define TIMESTAMP_ISO8601_SIZE 21

int64_t timestamp_now_ms(void);
void timestamp_utc_parts(int64_t epoch_ms, timestamp_parts *parts);
/* Local calendar fields and the bias in minutes as Windows and CMTrace
 * count it: UTC = local time + bias (so +480 on the US west coast). */
void timestamp_local_parts(int64_t epoch_ms, timestamp_parts *parts, int *bias_minutes);
void timestamp_format_iso8601(int64_t epoch_ms, char out[TIMESTAMP_ISO8601_SIZE]);
/* "20240501T100000Z" plus the terminator: for file names (no ':'). */
#define TIMESTAMP_COMPACT_SIZE 17
void timestamp_format_compact(int64_t epoch_ms, char out[TIMESTAMP_COMPACT_SIZE]);
/* The time timestamp_format_iso8601 wrote, exactly in that form; false for
 * anything else (another form, a date that does not exist). */
bool timestamp_parse_iso8601(const char *text, int64_t *epoch_ms);

#endif
