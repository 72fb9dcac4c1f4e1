/* SDDL text <-> security_descriptor. The output follows what Windows'
 * ConvertSecurityDescriptorToStringSecurityDescriptor writes (advapi32,
 * as documented by its reimplementations in Wine and ReactOS):
 *   - parts in the order O: G: D:; DACL flags in the order P AR AI;
 *   - ACE flags in the order OI CI NP IO ID SA FA;
 *   - a mask equal to one named right (GA GR GW GX RC SD WD WO RP WP CC DC
 *     LC SW LO DT CR FA FR FW FX KA KR KW KX, first match wins, so 0x20019
 *     is KR, never KX) is that name; otherwise, when every set bit has a
 *     letter pair, the pairs from bit 0 upwards; otherwise "0x" and lower
 *     case hex; a zero mask is empty; a mandatory label's mask (ML) in its
 *     own letters NW NR NX;
 *   - SIDs as config/base/sid.h keeps them: the alias where every supported
 *     Windows writes one, otherwise as written;
 *   - object GUIDs, a condition and a resource attribute as written.
 * The parser accepts exactly what it writes plus hex in any case, parts
 * and flags in any order, the F* file rights Windows may print and NW NR NX
 * in any ACE (Windows' own parser reads them so). An ACE ends at the
 * ')' that closes its '(', parentheses within a condition counted and
 * quoted strings skipped, since a condition may hold both. */
#include "checks/sddltext.h"

#include <stdlib.h>
#include <string.h>

typedef struct right_name {
	const char *name;
	uint32_t mask;
} right_name;

static const right_name named_rights[] = {
	{ "GA", GENERIC_ALL_MASK }, { "GR", GENERIC_READ_MASK },
	{ "GW", GENERIC_WRITE_MASK }, { "GX", GENERIC_EXECUTE_MASK },
	{ "RC", 0x20000 }, { "SD", 0x10000 }, { "WD", 0x40000 }, { "WO", 0x80000 },
	{ "RP", 0x10 }, { "WP", 0x20 }, { "CC", 0x1 }, { "DC", 0x2 }, { "LC", 0x4 },
	{ "SW", 0x8 }, { "LO", 0x80 }, { "DT", 0x40 }, { "CR", 0x100 },
	{ "FA", 0x1F01FF }, { "FR", 0x120089 }, { "FW", 0x120116 }, { "FX", 0x1200A0 },
	{ "KA", KEY_ALL_ACCESS_MASK }, { "KR", KEY_READ_MASK }, { "KW", KEY_WRITE_MASK },
	{ "KX", KEY_EXECUTE_MASK },
};

#define NAMED_RIGHT_COUNT (sizeof named_rights / sizeof named_rights[0])

/* A mandatory label's policy bits (SYSTEM_MANDATORY_LABEL_NO_*_UP), in
 * bit order: they reuse bits 0 to 2, which the table above names CC DC LC. */
static const right_name label_rights[] = {
	{ "NW", 0x1 }, { "NR", 0x2 }, { "NX", 0x4 },
};

#define LABEL_RIGHT_COUNT (sizeof label_rights / sizeof label_rights[0])

enum {
	ACE_TAKES_GUIDS = 0x1,   /* object ACEs: object and inherited object type */
	ACE_TAKES_DATA = 0x2,    /* a seventh field: condition or attribute */
};

/* In the order of ace_type, which indexes it. */
static const struct {
	const char *name;
	unsigned takes;
} ace_type_names[] = {
	{ "A", 0 },
	{ "D", 0 },
	{ "OA", ACE_TAKES_GUIDS },
	{ "OD", ACE_TAKES_GUIDS },
	{ "AU", 0 },
	{ "AL", 0 },
	{ "OU", ACE_TAKES_GUIDS },
	{ "OL", ACE_TAKES_GUIDS },
	{ "XA", ACE_TAKES_DATA },
	{ "XD", ACE_TAKES_DATA },
	{ "ZA", ACE_TAKES_GUIDS | ACE_TAKES_DATA },
	{ "XU", ACE_TAKES_DATA },
	{ "ML", 0 },
	{ "SP", 0 },
	{ "RA", ACE_TAKES_DATA },
	{ "TL", 0 },
	{ "FL", ACE_TAKES_DATA },
};

#define ACE_TYPE_COUNT (sizeof ace_type_names / sizeof ace_type_names[0])
_Static_assert(ACE_TYPE_COUNT == ACE_ACCESS_FILTER + 1, "one name per ace_type");

/* Letter pair of each single bit, NULL where Windows has none. */
static const char *const bit_names[32] = {
	"CC", "DC", "LC", "SW", "RP", "WP", "DT", "LO", "CR", NULL, NULL, NULL, NULL, NULL,
	NULL, NULL, "SD", "RC", "WD", "WO", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	"GA", "GX", "GW", "GR",
};

static const struct {
	const char *name;
	uint8_t flag;
} ace_flag_names[] = {
	{ "OI", ACE_FLAG_OI }, { "CI", ACE_FLAG_CI }, { "NP", ACE_FLAG_NP },
	{ "IO", ACE_FLAG_IO }, { "ID", ACE_FLAG_ID }, { "SA", ACE_FLAG_SA },
	{ "FA", ACE_FLAG_FA },
};

#define ACE_FLAG_NAME_COUNT (sizeof ace_flag_names / sizeof ace_flag_names[0])

static const struct {
	const char *name;
	unsigned flag;
} dacl_flag_names[] = {
	{ "P", DACL_FLAG_PROTECTED }, { "AR", DACL_FLAG_AUTO_INHERIT_REQ },
	{ "AI", DACL_FLAG_AUTO_INHERITED },
};

#define DACL_FLAG_NAME_COUNT (sizeof dacl_flag_names / sizeof dacl_flag_names[0])

#define NULL_DACL_TEXT "NO_ACCESS_CONTROL"

/* ---- formatting ---- */

void sddl_format_mask(uint32_t mask, strbuf *out)
{
	if (mask == 0)
		return;
	for (size_t i = 0; i < NAMED_RIGHT_COUNT; i++) {
		if (named_rights[i].mask == mask) {
			strbuf_add_string(out, named_rights[i].name);
			return;
		}
	}
	for (unsigned bit = 0; bit < 32; bit++) {
		if ((mask & (1u << bit)) != 0 && bit_names[bit] == NULL) {
			strbuf_printf(out, "0x%x", (unsigned)mask);
			return;
		}
	}
	for (unsigned bit = 0; bit < 32; bit++)
		if ((mask & (1u << bit)) != 0)
			strbuf_add_string(out, bit_names[bit]);
}

static void format_label_mask(uint32_t mask, strbuf *out)
{
	uint32_t named = 0;

	for (size_t i = 0; i < LABEL_RIGHT_COUNT; i++)
		named |= label_rights[i].mask;
	if ((mask & ~named) != 0) {
		strbuf_printf(out, "0x%x", (unsigned)mask);
		return;
	}
	for (size_t i = 0; i < LABEL_RIGHT_COUNT; i++)
		if (mask & label_rights[i].mask)
			strbuf_add_string(out, label_rights[i].name);
}

static void format_sid(const char *sid, strbuf *out)
{
	const char *alias = sid_alias_of(sid);

	strbuf_add_string(out, alias != NULL ? alias : sid);
}

void sddl_format_ace(const ace *entry, strbuf *out)
{
	strbuf_add_char(out, '(');
	strbuf_add_string(out, ace_type_names[entry->type].name);
	strbuf_add_char(out, ';');
	for (size_t i = 0; i < ACE_FLAG_NAME_COUNT; i++)
		if (entry->flags & ace_flag_names[i].flag)
			strbuf_add_string(out, ace_flag_names[i].name);
	strbuf_add_char(out, ';');
	if (entry->type == ACE_MANDATORY_LABEL)
		format_label_mask(entry->mask, out);
	else
		sddl_format_mask(entry->mask, out);
	strbuf_printf(out, ";%s;%s;", entry->object_type, entry->inherited_object_type);
	format_sid(entry->sid, out);
	if (entry->data != NULL) {
		strbuf_add_char(out, ';');
		strbuf_add_string(out, entry->data);
	}
	strbuf_add_char(out, ')');
}

char *sddl_format(const security_descriptor *sd)
{
	strbuf out = STRBUF_INIT;

	strbuf_add_string(&out, "");   /* an empty descriptor is "", not NULL */
	if (sd->owner[0] != '\0') {
		strbuf_add_string(&out, "O:");
		format_sid(sd->owner, &out);
	}
	if (sd->group[0] != '\0') {
		strbuf_add_string(&out, "G:");
		format_sid(sd->group, &out);
	}
	if (sd->has_dacl) {
		strbuf_add_string(&out, "D:");
		for (size_t i = 0; i < DACL_FLAG_NAME_COUNT; i++)
			if (sd->dacl_flags & dacl_flag_names[i].flag)
				strbuf_add_string(&out, dacl_flag_names[i].name);
		if (sd->dacl_null)
			strbuf_add_string(&out, NULL_DACL_TEXT);
		for (size_t i = 0; i < sd->ace_count; i++)
			sddl_format_ace(&sd->aces[i], &out);
	}
	if (sd->sacl != NULL) {
		strbuf_add_string(&out, "S:");
		strbuf_add_string(&out, sd->sacl);
	}
	return strbuf_detach(&out);
}

/* ---- parsing ---- */

static int hex_digit(char c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
	                              : -1;
}

/* The index in table of the two letters at field, or count. */
static size_t find_pair(const right_name *table, size_t count, const char *field, size_t left)
{
	size_t k = 0;

	while (k < count && (left < 2 || strncmp(field, table[k].name, 2) != 0))
		k++;
	return k;
}

static bool parse_hex_mask(const char *field, size_t length, uint32_t *mask, error_message *err)
{
	if (length == 2 || length > 10)
		return error_set(err, "rights '%.*s' are not 1 to 8 hex digits after 0x", (int)length,
		                 field);
	for (size_t i = 2; i < length; i++) {
		int digit = hex_digit(field[i]);
		if (digit < 0)
			return error_set(err, "rights '%.*s' contain '%c', which is not a hex digit",
			                 (int)length, field, field[i]);
		*mask = *mask << 4 | (uint32_t)digit;
	}
	return true;
}

static bool parse_mask(const char *field, size_t length, uint32_t *mask, error_message *err)
{
	*mask = 0;
	if (length >= 2 && field[0] == '0' && (field[1] == 'x' || field[1] == 'X'))
		return parse_hex_mask(field, length, mask, err);
	for (size_t i = 0; i < length; i += 2) {
		size_t k = find_pair(named_rights, NAMED_RIGHT_COUNT, field + i, length - i);
		if (k < NAMED_RIGHT_COUNT) {
			*mask |= named_rights[k].mask;
			continue;
		}
		k = find_pair(label_rights, LABEL_RIGHT_COUNT, field + i, length - i);
		if (k == LABEL_RIGHT_COUNT)
			return error_set(err, "unknown right '%.*s' in '%.*s'; expected 0xHEX or pairs "
			                 "of KA KR KW KX GA GR GW GX RC SD WD WO CC DC LC SW RP WP DT LO CR "
			                 "FA FR FW FX NW NR NX",
			                 length - i < 2 ? 1 : 2, field + i, (int)length, field);
		*mask |= label_rights[k].mask;
	}
	return true;
}

static bool parse_ace_flags(const char *field, size_t length, uint8_t *flags, error_message *err)
{
	*flags = 0;
	for (size_t i = 0; i < length; i += 2) {
		size_t k = 0;
		while (k < ACE_FLAG_NAME_COUNT &&
		       (length - i < 2 || strncmp(field + i, ace_flag_names[k].name, 2) != 0))
			k++;
		if (k == ACE_FLAG_NAME_COUNT)
			return error_set(err, "unknown ACE flag '%.*s'; expected OI CI NP IO ID SA FA",
			                 length - i < 2 ? 1 : 2, field + i);
		*flags |= ace_flag_names[k].flag;
	}
	return true;
}

static bool parse_sid_field(const char *field, size_t length, char *out, error_message *err)
{
	char text[SID_TEXT_MAX];

	if (length == 0)
		return error_set(err, "SID is empty");
	if (length >= sizeof text)
		return error_set(err, "SID '%.*s...' is too long", 20, field);
	memcpy(text, field, length);
	text[length] = '\0';
	return sid_parse(text, out, SID_TEXT_MAX, err);
}

static bool parse_ace_type(const char *field, size_t length, size_t *index, error_message *err)
{
	for (*index = 0; *index < ACE_TYPE_COUNT; (*index)++)
		if (strlen(ace_type_names[*index].name) == length &&
		    strncmp(field, ace_type_names[*index].name, length) == 0)
			return true;
	return error_set(err, "unknown ACE type '%.*s'; expected A D OA OD AU AL OU OL XA XD ZA XU "
	                 "ML SP RA TL FL", (int)length, field);
}

/* A GUID as UuidToString writes it, in any case; "" stays "". */
static bool parse_guid(const char *field, size_t length, char out[SDDL_GUID_TEXT_MAX],
                       error_message *err)
{
	bool valid = length == 0 || length == SDDL_GUID_TEXT_MAX - 1;

	for (size_t i = 0; valid && i < length; i++)
		valid = i == 8 || i == 13 || i == 18 || i == 23 ? field[i] == '-'
		                                                  : hex_digit(field[i]) >= 0;
	if (!valid)
		return error_set(err, "object GUID '%.*s' is not of the form "
		                 "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", (int)length, field);
	memcpy(out, field, length);
	out[length] = '\0';
	return true;
}

/* The ')' that closes the '(' at open, before limit (NULL: the end of
 * the text): parentheses nest, and a quoted string hides both kinds. NULL
 * when it is not there. */
static const char *find_closing(const char *open, const char *limit)
{
	unsigned depth = 0;
	bool quoted = false;

	for (const char *p = open; *p != '\0' && (limit == NULL || p < limit); p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (*p == '(')
			depth++;
		else if (*p == ')' && --depth == 0)
			return p;
	}
	return NULL;
}

/* The seventh field: one parenthesised group, kept as written. */
static bool parse_data(const char *field, size_t length, unsigned takes, ace *entry,
                       error_message *err)
{
	if (!(takes & ACE_TAKES_DATA))
		return error_set(err, "has a seventh field, which only XA XD XU ZA FL (a condition) "
		                 "and RA (an attribute) take");
	if (length == 0 || field[0] != '(' || find_closing(field, field + length) != field + length - 1)
		return error_set(err, "'%.*s' is not a (condition) or (attribute) in parentheses",
		                 (int)length, field);
	entry->data = xstrndup(field, length);
	return true;
}

/* The ';'-separated fields of an ACE body (between its parentheses): six,
 * and a seventh that is the rest, semicolons and all. */
static bool split_ace_fields(const char *body, size_t length, const char *fields[7],
                             size_t lengths[7], size_t *count, error_message *err)
{
	const char *start = body;

	*count = 0;
	for (const char *p = body; p <= body + length; p++) {
		bool last = *count == 6;
		if (p < body + length && (*p != ';' || last))
			continue;
		fields[*count] = start;
		lengths[(*count)++] = (size_t)(p - start);
		start = p + 1;
		if (last)
			break;
	}
	if (*count < 6)
		return error_set(err, "has %zu fields; expected type;flags;rights;object GUID;"
		                 "inherited object GUID;SID", *count);
	return true;
}

static bool parse_ace_body(const char *body, size_t length, ace *entry, error_message *err)
{
	const char *fields[7];
	size_t lengths[7], count, type;

	if (!split_ace_fields(body, length, fields, lengths, &count, err) ||
	    !parse_ace_type(fields[0], lengths[0], &type, err))
		return false;
	entry->type = (ace_type)type;
	unsigned takes = ace_type_names[type].takes;
	if ((lengths[3] != 0 || lengths[4] != 0) && !(takes & ACE_TAKES_GUIDS))
		return error_set(err, "object GUIDs are only for the object ACE types OA OD OU OL ZA");
	return parse_ace_flags(fields[1], lengths[1], &entry->flags, err) &&
	       parse_mask(fields[2], lengths[2], &entry->mask, err) &&
	       parse_guid(fields[3], lengths[3], entry->object_type, err) &&
	       parse_guid(fields[4], lengths[4], entry->inherited_object_type, err) &&
	       parse_sid_field(fields[5], lengths[5], entry->sid, err) &&
	       (count == 6 || parse_data(fields[6], lengths[6], takes, entry, err));
}

/* ACEs from *p while it is at '('; leaves *p after the last ')'. */
static bool parse_aces(const char **p, security_descriptor *sd, error_message *err)
{
	while (**p == '(') {
		const char *close = find_closing(*p, NULL);
		size_t index = sd->ace_count + 1;
		if (close == NULL)
			return error_set(err, "ACE %zu '%s' has no closing ')'", index, *p);
		ace entry;
		memset(&entry, 0, sizeof entry);
		bool ok = parse_ace_body(*p + 1, (size_t)(close - *p - 1), &entry, err);
		if (ok)
			security_descriptor_add_ace(sd, &entry);
		free(entry.data);
		if (!ok)
			return error_prefix(err, "ACE %zu '%.*s'", index, (int)(close - *p + 1), *p);
		*p = close + 1;
	}
	return true;
}

static bool parse_dacl(const char **p, security_descriptor *sd, error_message *err)
{
	sd->has_dacl = true;
	for (;;) {
		size_t k = 0;
		while (k < DACL_FLAG_NAME_COUNT &&
		       strncmp(*p, dacl_flag_names[k].name, strlen(dacl_flag_names[k].name)) != 0)
			k++;
		if (k == DACL_FLAG_NAME_COUNT)
			break;
		sd->dacl_flags |= dacl_flag_names[k].flag;
		*p += strlen(dacl_flag_names[k].name);
	}
	if (strncmp(*p, NULL_DACL_TEXT, strlen(NULL_DACL_TEXT)) == 0) {
		sd->dacl_null = true;
		*p += strlen(NULL_DACL_TEXT);
	}
	if (!parse_aces(p, sd, err))
		return false;
	if (sd->dacl_null && sd->ace_count > 0)
		return error_set(err, "DACL is NO_ACCESS_CONTROL and also has ACEs");
	if (**p != '\0' && (*p)[1] != ':')
		return error_set(err, "unexpected '%s' in the DACL; expected DACL flags P AR AI, "
		                 "then ACEs in parentheses", *p);
	return true;
}

/* The SID of an O: or G: part, which ends where the next part starts. */
static bool parse_owner_or_group(const char **p, char *out, error_message *err)
{
	const char *colon = strchr(*p, ':');
	size_t length = colon != NULL ? (size_t)(colon - *p - 1) : strlen(*p);

	if (colon != NULL && colon == *p)
		return error_set(err, "empty part before ':'");
	if (!parse_sid_field(*p, length, out, err))
		return false;
	*p += length;
	return true;
}

/* The SACL as text: flags and ACEs up to the next part, parentheses and
 * quotes respected; only its shape is checked. */
static bool parse_sacl(const char **p, security_descriptor *sd, error_message *err)
{
	const char *start = *p;
	const char *q = start;

	while (*q != '\0' && *q != '(' && !(strchr("OGDS", *q) != NULL && q[1] == ':'))
		q++;
	while (*q == '(') {
		const char *close = find_closing(q, NULL);
		if (close == NULL)
			return error_set(err, "SACL: '%s' has no closing ')'", q);
		q = close + 1;
	}
	if (*q != '\0' && !(strchr("OGDS", *q) != NULL && q[1] == ':'))
		return error_set(err, "SACL: unexpected '%s'; expected ACEs in parentheses", q);
	sd->sacl = xstrndup(start, (size_t)(q - start));
	*p = q;
	return true;
}

static bool parse_part(const char **p, security_descriptor *sd, unsigned *seen,
                       error_message *err)
{
	char letter = **p;
	const char *known = "OGDS";
	const char *where = strchr(known, letter);

	if (letter == '\0' || where == NULL || (*p)[1] != ':')
		return error_set(err, "unexpected '%s'; expected O:, G:, D: or S:", *p);
	unsigned bit = 1u << (where - known);
	if (*seen & bit)
		return error_set(err, "'%c:' appears twice", letter);
	*seen |= bit;
	*p += 2;
	if (letter == 'D')
		return parse_dacl(p, sd, err);
	if (letter == 'S')
		return parse_sacl(p, sd, err);
	if (!parse_owner_or_group(p, letter == 'O' ? sd->owner : sd->group, err))
		return error_prefix(err, "%s", letter == 'O' ? "owner" : "group");
	return true;
}

bool sddl_parse(const char *text, security_descriptor *out, error_message *err)
{
	const char *p = text;
	unsigned seen = 0;

	memset(out, 0, sizeof *out);
	if (*p == '\0')
		return error_set(err, "SDDL is empty");
	while (*p != '\0') {
		if (!parse_part(&p, out, &seen, err)) {
			security_descriptor_free(out);
			return error_prefix(err, "bad SDDL '%s'", text);
		}
	}
	return true;
}

/* ---- the model ---- */

static void ace_copy(ace *to, const ace *from)
{
	*to = *from;
	to->data = from->data != NULL ? xstrdup(from->data) : NULL;
}

void security_descriptor_free(security_descriptor *sd)
{
	for (size_t i = 0; i < sd->ace_count; i++)
		free(sd->aces[i].data);
	free(sd->aces);
	free(sd->sacl);
	memset(sd, 0, sizeof *sd);
}

void security_descriptor_copy(security_descriptor *to, const security_descriptor *from)
{
	*to = *from;
	to->sacl = from->sacl != NULL ? xstrdup(from->sacl) : NULL;
	to->aces = NULL;
	to->ace_capacity = from->ace_count;
	if (from->ace_count > 0)
		to->aces = xmalloc(from->ace_count * sizeof *to->aces);
	for (size_t i = 0; i < from->ace_count; i++)
		ace_copy(&to->aces[i], &from->aces[i]);
}

void security_descriptor_insert_ace(security_descriptor *sd, size_t index, const ace *entry)
{
	if (sd->ace_count == sd->ace_capacity) {
		sd->ace_capacity = sd->ace_capacity ? sd->ace_capacity * 2 : 8;
		sd->aces = xrealloc(sd->aces, sd->ace_capacity * sizeof *sd->aces);
	}
	memmove(&sd->aces[index + 1], &sd->aces[index], (sd->ace_count - index) * sizeof *sd->aces);
	ace_copy(&sd->aces[index], entry);
	sd->ace_count++;
}

void security_descriptor_add_ace(security_descriptor *sd, const ace *entry)
{
	security_descriptor_insert_ace(sd, sd->ace_count, entry);
}

void security_descriptor_remove_aces(security_descriptor *sd, ace_matches *matches,
                                     const void *context)
{
	size_t kept = 0;

	for (size_t i = 0; i < sd->ace_count; i++) {
		if (matches(&sd->aces[i], context))
			free(sd->aces[i].data);
		else
			sd->aces[kept++] = sd->aces[i];
	}
	sd->ace_count = kept;
}

static bool same_data(const char *a, const char *b)
{
	return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

static bool ace_equal(const ace *a, const ace *b)
{
	return a->type == b->type && a->flags == b->flags && a->mask == b->mask &&
	       sid_equal(a->sid, b->sid) && text_equal_nocase(a->object_type, b->object_type) &&
	       text_equal_nocase(a->inherited_object_type, b->inherited_object_type) &&
	       same_data(a->data, b->data);
}

bool security_descriptor_equal(const security_descriptor *a, const security_descriptor *b)
{
	if (!sid_equal(a->owner, b->owner) || !sid_equal(a->group, b->group) ||
	    a->has_dacl != b->has_dacl || a->dacl_null != b->dacl_null ||
	    a->dacl_flags != b->dacl_flags || a->ace_count != b->ace_count ||
	    (a->sacl == NULL) != (b->sacl == NULL) ||
	    (a->sacl != NULL && strcmp(a->sacl, b->sacl) != 0))
		return false;
	for (size_t i = 0; i < a->ace_count; i++)
		if (!ace_equal(&a->aces[i], &b->aces[i]))
			return false;
	return true;
}

bool sddl_equal_text(const char *a, const char *b)
{
	security_descriptor first, second;

	if (!sddl_parse(a, &first, NULL))
		return false;
	if (!sddl_parse(b, &second, NULL)) {
		security_descriptor_free(&first);
		return false;
	}
	bool equal = security_descriptor_equal(&first, &second);
	security_descriptor_free(&first);
	security_descriptor_free(&second);
	return equal;
}
