#include "sid.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "text.h"

static const struct {
	const char *alias;
	const char *sid;
} sid_aliases[] = {
	{ "SY", "S-1-5-18" },     { "BA", "S-1-5-32-544" }, { "BU", "S-1-5-32-545" },
	{ "WD", "S-1-1-0" },      { "AU", "S-1-5-11" },     { "CO", "S-1-3-0" },
	{ "CG", "S-1-3-1" },      { "NS", "S-1-5-20" },     { "LS", "S-1-5-19" },
	{ "AN", "S-1-5-7" },      { "PU", "S-1-5-32-547" },
};

#define ALIAS_COUNT (sizeof sid_aliases / sizeof sid_aliases[0])

/* A run of decimal digits fitting in 32 bits (48 for the authority). */
static const char *skip_number(const char *p, unsigned long long limit)
{
	unsigned long long value = 0;
	const char *start = p;

	while (isdigit((unsigned char)*p)) {
		value = value * 10 + (unsigned)(*p - '0');
		if (value > limit || p - start > 20)
			return NULL;
		p++;
	}
	return p == start ? NULL : p;
}

bool sid_is_valid(const char *text)
{
	const char *p = text;
	int subauthorities = 0;

	if ((p[0] != 'S' && p[0] != 's') || p[1] != '-' || p[2] != '1' || p[3] != '-')
		return false;
	p = skip_number(p + 4, 0xFFFFFFFFFFFFULL);
	if (p == NULL)
		return false;
	while (*p == '-') {
		p = skip_number(p + 1, 0xFFFFFFFFULL);
		if (p == NULL)
			return false;
		subauthorities++;
	}
	return *p == '\0' && subauthorities >= 1 && subauthorities <= 15;
}

bool sid_parse(const char *text, char *out, size_t out_size, error_message *err)
{
	for (size_t i = 0; i < ALIAS_COUNT; i++) {
		if (text_equal_nocase(text, sid_aliases[i].alias)) {
			snprintf(out, out_size, "%s", sid_aliases[i].sid);
			return true;
		}
	}
	if (!sid_is_valid(text) || strlen(text) >= out_size)
		return error_set(err, "'%s' is not a SID; expected S-1-... or one of SY BA BU WD AU CO CG NS LS AN PU", text);
	snprintf(out, out_size, "S%s", text + 1);
	return true;
}

const char *sid_alias_of(const char *sid)
{
	for (size_t i = 0; i < ALIAS_COUNT; i++)
		if (text_equal_nocase(sid, sid_aliases[i].sid))
			return sid_aliases[i].alias;
	return NULL;
}
