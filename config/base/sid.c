#include "config/base/sid.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "config/base/text.h"

typedef enum alias_kind {
	ALIAS_FIXED,      /* a fixed SID every supported Windows names by this alias */
	ALIAS_NEWER,      /* a fixed SID Windows 7 knows no alias for */
	ALIAS_RELATIVE,   /* a RID in the machine's domain, forest root or own accounts */
} alias_kind;

typedef struct sid_alias {
	const char *alias;
	alias_kind kind;
	const char *sid;   /* NULL for a relative alias */
} sid_alias;

/* Microsoft's "SID Strings" page and <sddl.h>; ALIAS_NEWER where the page
 * says Windows 7 / Server 2008 R2 lacks the alias. AS HO MS SH are newer
 * than the page; RM, which the page gives to Vista's RMS service, is
 * Remote Management Users in <sddl.h>, a group Windows 8 brought. */
static const sid_alias sid_aliases[] = {
	{ "AN", ALIAS_FIXED, "S-1-5-7" },         { "AO", ALIAS_FIXED, "S-1-5-32-548" },
	{ "AU", ALIAS_FIXED, "S-1-5-11" },        { "BA", ALIAS_FIXED, "S-1-5-32-544" },
	{ "BG", ALIAS_FIXED, "S-1-5-32-546" },    { "BO", ALIAS_FIXED, "S-1-5-32-551" },
	{ "BU", ALIAS_FIXED, "S-1-5-32-545" },    { "CD", ALIAS_FIXED, "S-1-5-32-574" },
	{ "CG", ALIAS_FIXED, "S-1-3-1" },         { "CO", ALIAS_FIXED, "S-1-3-0" },
	{ "CY", ALIAS_FIXED, "S-1-5-32-569" },    { "ED", ALIAS_FIXED, "S-1-5-9" },
	{ "ER", ALIAS_FIXED, "S-1-5-32-573" },    { "HI", ALIAS_FIXED, "S-1-16-12288" },
	{ "IS", ALIAS_FIXED, "S-1-5-32-568" },    { "IU", ALIAS_FIXED, "S-1-5-4" },
	{ "LS", ALIAS_FIXED, "S-1-5-19" },        { "LU", ALIAS_FIXED, "S-1-5-32-559" },
	{ "LW", ALIAS_FIXED, "S-1-16-4096" },     { "ME", ALIAS_FIXED, "S-1-16-8192" },
	{ "MP", ALIAS_FIXED, "S-1-16-8448" },     { "MU", ALIAS_FIXED, "S-1-5-32-558" },
	{ "NO", ALIAS_FIXED, "S-1-5-32-556" },    { "NS", ALIAS_FIXED, "S-1-5-20" },
	{ "NU", ALIAS_FIXED, "S-1-5-2" },         { "OW", ALIAS_FIXED, "S-1-3-4" },
	{ "PO", ALIAS_FIXED, "S-1-5-32-550" },    { "PS", ALIAS_FIXED, "S-1-5-10" },
	{ "PU", ALIAS_FIXED, "S-1-5-32-547" },    { "RC", ALIAS_FIXED, "S-1-5-12" },
	{ "RD", ALIAS_FIXED, "S-1-5-32-555" },    { "RE", ALIAS_FIXED, "S-1-5-32-552" },
	{ "RU", ALIAS_FIXED, "S-1-5-32-554" },    { "SI", ALIAS_FIXED, "S-1-16-16384" },
	{ "SO", ALIAS_FIXED, "S-1-5-32-549" },    { "SU", ALIAS_FIXED, "S-1-5-6" },
	{ "SY", ALIAS_FIXED, "S-1-5-18" },        { "WD", ALIAS_FIXED, "S-1-1-0" },
	{ "WR", ALIAS_FIXED, "S-1-5-33" },
	{ "AA", ALIAS_NEWER, "S-1-5-32-579" },    { "AC", ALIAS_NEWER, "S-1-15-2-1" },
	{ "AS", ALIAS_NEWER, "S-1-18-1" },        { "ES", ALIAS_NEWER, "S-1-5-32-576" },
	{ "HA", ALIAS_NEWER, "S-1-5-32-578" },    { "HO", ALIAS_NEWER, "S-1-5-32-584" },
	{ "MS", ALIAS_NEWER, "S-1-5-32-577" },    { "RA", ALIAS_NEWER, "S-1-5-32-575" },
	{ "RM", ALIAS_NEWER, "S-1-5-32-580" },    { "SH", ALIAS_NEWER, "S-1-5-32-585" },
	{ "SS", ALIAS_NEWER, "S-1-18-2" },        { "UD", ALIAS_NEWER, "S-1-5-84-0-0-0-0-0" },
	/* Each relative alias with its RID and group. */
	{ "AP", ALIAS_RELATIVE, NULL },  /* 525 Protected Users */
	{ "CA", ALIAS_RELATIVE, NULL },  /* 517 Cert Publishers */
	{ "CN", ALIAS_RELATIVE, NULL },  /* 522 Cloneable Domain Controllers */
	{ "DA", ALIAS_RELATIVE, NULL },  /* 512 Domain Admins */
	{ "DC", ALIAS_RELATIVE, NULL },  /* 515 Domain Computers */
	{ "DD", ALIAS_RELATIVE, NULL },  /* 516 Domain Controllers */
	{ "DG", ALIAS_RELATIVE, NULL },  /* 514 Domain Guests */
	{ "DU", ALIAS_RELATIVE, NULL },  /* 513 Domain Users */
	{ "EA", ALIAS_RELATIVE, NULL },  /* 519 Enterprise Admins (forest root) */
	{ "EK", ALIAS_RELATIVE, NULL },  /* 527 Enterprise Key Admins (forest root) */
	{ "KA", ALIAS_RELATIVE, NULL },  /* 526 Key Admins */
	{ "LA", ALIAS_RELATIVE, NULL },  /* 500 the local Administrator account */
	{ "LG", ALIAS_RELATIVE, NULL },  /* 501 the local Guest account */
	{ "PA", ALIAS_RELATIVE, NULL },  /* 520 Group Policy Creator Owners */
	{ "RO", ALIAS_RELATIVE, NULL },  /* 498 Enterprise Read-only DCs (forest root) */
	{ "RS", ALIAS_RELATIVE, NULL },  /* 553 RAS and IAS Servers */
	{ "SA", ALIAS_RELATIVE, NULL },  /* 518 Schema Admins (forest root) */
};

#define ALIAS_COUNT (sizeof sid_aliases / sizeof sid_aliases[0])

/* What sid_resolve_relative said for each relative alias, asked once:
 * the answer cannot change while ccmwrap runs, and a fix compares SIDs
 * for every ACE of thousands of keys. */
typedef enum resolution_state {
	RESOLUTION_NOT_ASKED,
	RESOLUTION_KNOWN,
	RESOLUTION_UNKNOWN,
} resolution_state;

static resolution_state resolution_states[ALIAS_COUNT];
static char resolutions[ALIAS_COUNT][SID_TEXT_MAX];

/* Every alias is two letters: anything else is looked up no further, as
 * the access check compares SIDs for every ACE of thousands of keys. */
static const sid_alias *find_alias(const char *text)
{
	if (text[0] == '\0' || text[1] == '\0' || text[2] != '\0')
		return NULL;
	for (size_t i = 0; i < ALIAS_COUNT; i++)
		if (text_equal_nocase(text, sid_aliases[i].alias))
			return &sid_aliases[i];
	return NULL;
}

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
	const sid_alias *alias = find_alias(text);

	if (alias != NULL) {
		snprintf(out, out_size, "%s", alias->kind == ALIAS_FIXED ? alias->sid : alias->alias);
		return true;
	}
	if (!sid_is_valid(text) || strlen(text) >= out_size)
		return error_set(err, "'%s' is not a SID; expected S-1-... or an SDDL alias such as SY, "
		                 "BA or DU", text);
	snprintf(out, out_size, "S%s", text + 1);
	return true;
}

const char *sid_alias_of(const char *sid)
{
	for (size_t i = 0; i < ALIAS_COUNT; i++)
		if (sid_aliases[i].kind == ALIAS_FIXED && text_equal_nocase(sid, sid_aliases[i].sid))
			return sid_aliases[i].alias;
	return NULL;
}

static const char *resolve_relative(const sid_alias *alias)
{
	size_t index = (size_t)(alias - sid_aliases);

	if (resolution_states[index] == RESOLUTION_NOT_ASKED)
		resolution_states[index] = sid_resolve_relative(alias->alias, resolutions[index])
		                               ? RESOLUTION_KNOWN
		                               : RESOLUTION_UNKNOWN;
	return resolution_states[index] == RESOLUTION_KNOWN ? resolutions[index] : alias->alias;
}

const char *sid_canonical(const char *text)
{
	const sid_alias *alias = find_alias(text);

	if (alias == NULL)
		return text;
	return alias->kind == ALIAS_RELATIVE ? resolve_relative(alias) : alias->sid;
}

bool sid_equal(const char *a, const char *b)
{
	return text_equal_nocase(a, b) || text_equal_nocase(sid_canonical(a), sid_canonical(b));
}
