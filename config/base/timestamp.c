#include "config/base/timestamp.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <uv.h>

int64_t timestamp_now_ms(void)
{
	uv_timeval64_t now;

	if (uv_gettimeofday(&now) != 0)
		return (int64_t)time(NULL) * 1000;
	return now.tv_sec * 1000 + now.tv_usec / 1000;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * algorithm), so that no platform's gmtime/timegm variant is needed. */
static int64_t days_from_civil(int64_t year, int month, int day)
{
	year -= month <= 2;
	int64_t era = (year >= 0 ? year : year - 399) / 400;
	int64_t year_of_era = year - era * 400;
	int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
	return era * 146097 + day_of_era - 719468;
}

static void civil_from_days(int64_t days, timestamp_parts *parts)
{
	days += 719468;
	int64_t era = (days >= 0 ? days : days - 146096) / 146097;
	int64_t day_of_era = days - era * 146097;
	int64_t year_of_era =
	    (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
	int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
	int64_t month_index = (5 * day_of_year + 2) / 153;
	int month = (int)(month_index < 10 ? month_index + 3 : month_index - 9);

	parts->day = (int)(day_of_year - (153 * month_index + 2) / 5 + 1);
	parts->month = month;
	parts->year = (int)(year_of_era + era * 400 + (month <= 2));
}

static int64_t floor_divide(int64_t value, int64_t divisor)
{
	int64_t quotient = value / divisor;
	return quotient * divisor > value ? quotient - 1 : quotient;
}

void timestamp_utc_parts(int64_t epoch_ms, timestamp_parts *parts)
{
	int64_t seconds = floor_divide(epoch_ms, 1000);
	int64_t days = floor_divide(seconds, 86400);
	int64_t second_of_day = seconds - days * 86400;

	civil_from_days(days, parts);
	parts->hour = (int)(second_of_day / 3600);
	parts->minute = (int)(second_of_day / 60 % 60);
	parts->second = (int)(second_of_day % 60);
	parts->millisecond = (int)(epoch_ms - seconds * 1000);
}

void timestamp_local_parts(int64_t epoch_ms, timestamp_parts *parts, int *bias_minutes)
{
	int64_t seconds = floor_divide(epoch_ms, 1000);
	time_t clock = (time_t)seconds;
	struct tm *local = localtime(&clock);

	if (local == NULL) {
		timestamp_utc_parts(epoch_ms, parts);
		*bias_minutes = 0;
		return;
	}
	parts->year = local->tm_year + 1900;
	parts->month = local->tm_mon + 1;
	parts->day = local->tm_mday;
	parts->hour = local->tm_hour;
	parts->minute = local->tm_min;
	parts->second = local->tm_sec;
	parts->millisecond = (int)(epoch_ms - seconds * 1000);
	int64_t local_as_utc = days_from_civil(parts->year, parts->month, parts->day) * 86400 +
	                       parts->hour * 3600 + parts->minute * 60 + parts->second;
	*bias_minutes = (int)((seconds - local_as_utc) / 60);
}

void timestamp_format_iso8601(int64_t epoch_ms, char out[TIMESTAMP_ISO8601_SIZE])
{
	timestamp_parts parts;
	char text[96];

	timestamp_utc_parts(epoch_ms, &parts);
	snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02dZ", parts.year, parts.month,
	         parts.day, parts.hour, parts.minute, parts.second);
	snprintf(out, TIMESTAMP_ISO8601_SIZE, "%.20s", text);
}

void timestamp_format_compact(int64_t epoch_ms, char out[TIMESTAMP_COMPACT_SIZE])
{
	timestamp_parts parts;
	char text[96];

	timestamp_utc_parts(epoch_ms, &parts);
	snprintf(text, sizeof text, "%04d%02d%02dT%02d%02d%02dZ", parts.year, parts.month, parts.day,
	         parts.hour, parts.minute, parts.second);
	snprintf(out, TIMESTAMP_COMPACT_SIZE, "%.16s", text);
}

bool timestamp_parse_iso8601(const char *text, int64_t *epoch_ms)
{
	int year, month, day, hour, minute, second, consumed = 0;
	char formatted[TIMESTAMP_ISO8601_SIZE];

	if (sscanf(text, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &year, &month, &day, &hour, &minute,
	           &second, &consumed) != 6 || consumed == 0 || text[consumed] != '\0')
		return false;
	if (year < 0)
		return false;
	int64_t seconds = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
	/* Written back, only the exact form and a real date (no 24:00, no
	 * February 30) read the same. */
	timestamp_format_iso8601(seconds * 1000, formatted);
	if (strcmp(formatted, text) != 0)
		return false;
	*epoch_ms = seconds * 1000;
	return true;
}
