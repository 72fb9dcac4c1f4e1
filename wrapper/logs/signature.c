#include "wrapper/logs/signature.h"

#include <stdlib.h>
#include <string.h>

#include "config/base/text.h"

#define NO_STATE (-1)
#define NO_RULE (-1)
#define EXIT_LINE "CcmSetup is exiting with return code "
#define FAILED_LINE "CcmSetup failed with error code 0x"
#define CCMSETUP_REBOOT_REQUIRED 7u

/* Where a match's code comes from: the rule, or the message. */
typedef enum code_reading {
	CODE_FROM_RULE,
	CODE_EXITING,           /* ccmsetup's terminal line: 0 and 7 (reboot) are success */
	CODE_FAILED,            /* ccmsetup's terminal HRESULT */
	CODE_AFTER_MATCH,       /* the number right after the match: 0, 3010, 1641 are no failure */
} code_reading;

typedef struct signature_rule {
	char *name;
	char *match;
	config_signature_source source;
	bool has_code;
	uint32_t code;
	config_signature_action action;
	bool builtin;
	code_reading reading;
	/* A built-in's cues that hold in every language of Windows, kept by a
	 * rule that replaces it: a second text (NULL: none) and an MSI action's
	 * return value (-1: none). docs/DESIGN.md "Logs". */
	const char *neutral_match;
	int return_value;
} signature_rule;

/* A deterministic automaton: every state has a transition for every byte
 * class, failure links already folded in, so matching is one table look-up
 * per byte. Bytes that occur in no pattern share class 0. */
struct signature_set {
	signature_rule *rules;
	size_t rule_count;
	unsigned char byte_class[256];
	size_t class_count;
	int *transitions;          /* state * class_count + class */
	int *first_pattern;        /* per state: a pattern that ends here */
	int *output_link;          /* per state: nearest suffix state with patterns */
	int *next_pattern;         /* per pattern: the next pattern ending at its state */
	int *pattern_rule;         /* per pattern: its rule */
	size_t pattern_count;
	size_t state_count;
	size_t state_capacity;

	unsigned *seen_stamp;      /* per rule: the call that last matched it */
	unsigned stamp;
	int *matched;              /* rules matched by the current call */
};

typedef struct builtin_signature {
	const char *name;
	const char *match;
	config_signature_source source;
	bool has_code;
	uint32_t code;
	config_signature_action action;
	code_reading reading;
	const char *neutral_match;
	int return_value;          /* 0: none (an action's 0 is never a failure) */
} builtin_signature;

/* The seed's lines, and the failure lines Microsoft's articles on client
 * installation quote (docs/DESIGN.md "Logs"). */
static const builtin_signature builtin_signatures[] = {
	{ .name = "kb2000387-cancelled", .match = "Installation was cancelled (1602)",
	  .source = CONFIG_SOURCE_CCMSETUP, .action = CONFIG_ACTION_FIX_RETRY, .reading = CODE_FROM_RULE,
	  .has_code = true, .code = 1602 },
	{ .name = "msi-cancelled-1602", .match = "Windows Installer will return error code 1602",
	  .source = CONFIG_SOURCE_ANY, .action = CONFIG_ACTION_FIX_RETRY, .reading = CODE_FROM_RULE,
	  .has_code = true, .code = 1602 },
	{ .name = "msi-internal-error-2502", .match = "Internal Error 2502",
	  .source = CONFIG_SOURCE_ANY, .action = CONFIG_ACTION_FIX_RETRY, .reading = CODE_FROM_RULE,
	  .neutral_match = "Note: 1: 2502" },
	{ .name = "msi-return-value-3", .match = "Return value 3",
	  .source = CONFIG_SOURCE_ANY, .action = CONFIG_ACTION_RETRY, .reading = CODE_FROM_RULE,
	  .has_code = true, .code = 1603,
	  .return_value = 3 },
	{ .name = "remove-w2k-drivers", .match = "SetupDiGetClassDevs failed",
	  .source = CONFIG_SOURCE_ANY, .action = CONFIG_ACTION_FIX_RETRY, .reading = CODE_FROM_RULE },
	{ .name = "msi-busy-1618", .match = "another installation is already in progress",
	  .source = CONFIG_SOURCE_ANY, .action = CONFIG_ACTION_RETRY, .reading = CODE_FROM_RULE,
	  .has_code = true, .code = 1618 },
	{ .name = "msi-error-1500", .match = "Error 1500. Another installation is in progress",
	  .source = CONFIG_SOURCE_ANY, .action = CONFIG_ACTION_RETRY, .reading = CODE_FROM_RULE,
	  .has_code = true, .code = 1618 },
	{ .name = "ccmsetup-installation-failed", .match = "Installation failed with error code ",
	  .source = CONFIG_SOURCE_CCMSETUP, .action = CONFIG_ACTION_RETRY, .reading = CODE_AFTER_MATCH },
	{ .name = "client-msi-failed", .match = "client.msi installation failed. Error text: ExitCode: ",
	  .source = CONFIG_SOURCE_CCMSETUP, .action = CONFIG_ACTION_RETRY, .reading = CODE_AFTER_MATCH },
	{ .name = "msi-engine-returning", .match = "MainEngineThread is returning ",
	  .source = CONFIG_SOURCE_ANY, .action = CONFIG_ACTION_RETRY, .reading = CODE_AFTER_MATCH },
	{ .name = "msi-installation-status", .match = "Installation success or error status: ",
	  .source = CONFIG_SOURCE_ANY, .action = CONFIG_ACTION_RETRY, .reading = CODE_AFTER_MATCH },
	{ .name = SIGNATURE_CCMSETUP_EXIT, .match = EXIT_LINE,
	  .source = CONFIG_SOURCE_CCMSETUP, .action = CONFIG_ACTION_SUCCESS, .reading = CODE_EXITING,
	  .has_code = true },
	{ .name = SIGNATURE_CCMSETUP_FAILED, .match = FAILED_LINE,
	  .source = CONFIG_SOURCE_CCMSETUP, .action = CONFIG_ACTION_RETRY, .reading = CODE_FAILED,
	  .has_code = true },
};

#define BUILTIN_COUNT (sizeof builtin_signatures / sizeof builtin_signatures[0])

static unsigned char lower_ascii(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* ---- rules ---- */

static void rule_set_from_config(signature_rule *rule, const config_signature *from)
{
	free(rule->name);
	free(rule->match);
	rule->name = xstrdup(from->name);
	rule->match = xstrdup(from->match);
	rule->source = from->source;
	rule->has_code = from->has_code;
	rule->code = from->code;
	rule->action = from->action;
	rule->builtin = false;
	/* A rule that replaces a built-in keeps how the code is read from
	 * the line, unless it gives a code of its own. */
	if (from->has_code)
		rule->reading = CODE_FROM_RULE;
}

static signature_rule *find_rule(signature_set *set, const char *name)
{
	for (size_t i = 0; i < set->rule_count; i++)
		if (text_equal_nocase(set->rules[i].name, name))
			return &set->rules[i];
	return NULL;
}

static bool collect_rules(signature_set *set, const config_signature *rules, size_t count,
                          error_message *err)
{
	set->rules = xcalloc(BUILTIN_COUNT + count, sizeof *set->rules);
	for (size_t i = 0; i < BUILTIN_COUNT; i++) {
		const builtin_signature *builtin = &builtin_signatures[i];
		set->rules[i] = (signature_rule){
			.name = xstrdup(builtin->name),
			.match = xstrdup(builtin->match),
			.source = builtin->source,
			.has_code = builtin->has_code,
			.code = builtin->code,
			.action = builtin->action,
			.builtin = true,
			.reading = builtin->reading,
			.neutral_match = builtin->neutral_match,
			.return_value = builtin->return_value != 0 ? builtin->return_value : -1,
		};
	}
	set->rule_count = BUILTIN_COUNT;
	for (size_t i = 0; i < count; i++) {
		if (rules[i].match == NULL || rules[i].match[0] == '\0')
			return error_set(err, "[signature %s] (line %d): match is empty; expected the text "
			                 "to look for in a log message", rules[i].name, rules[i].line);
		signature_rule *rule = find_rule(set, rules[i].name);
		if (rule == NULL) {
			rule = &set->rules[set->rule_count++];
			rule->return_value = -1;
		}
		rule_set_from_config(rule, &rules[i]);
	}
	return true;
}

/* ---- automaton ---- */

/* A rule's patterns: its text, then its language-neutral text if any. */
static const unsigned char *pattern_of(const signature_rule *rule, int which)
{
	return (const unsigned char *)(which == 0 ? rule->match : rule->neutral_match);
}

static void assign_byte_classes(signature_set *set)
{
	memset(set->byte_class, 0, sizeof set->byte_class);
	set->class_count = 1;
	for (size_t i = 0; i < set->rule_count; i++)
		for (int which = 0; which < 2; which++)
			for (const unsigned char *p = pattern_of(&set->rules[i], which); p && *p; p++) {
				unsigned char c = lower_ascii(*p);
				if (set->byte_class[c] == 0)
					set->byte_class[c] = (unsigned char)set->class_count++;
			}
	for (unsigned c = 'A'; c <= 'Z'; c++)
		set->byte_class[c] = set->byte_class[c - 'A' + 'a'];
}

static int add_state(signature_set *set)
{
	if (set->state_count == set->state_capacity) {
		set->state_capacity = set->state_capacity ? set->state_capacity * 2 : 64;
		set->transitions = xrealloc(set->transitions,
		                            set->state_capacity * set->class_count * sizeof(int));
		set->first_pattern = xrealloc(set->first_pattern, set->state_capacity * sizeof(int));
		set->output_link = xrealloc(set->output_link, set->state_capacity * sizeof(int));
	}
	size_t state = set->state_count++;
	for (size_t c = 0; c < set->class_count; c++)
		set->transitions[state * set->class_count + c] = NO_STATE;
	set->first_pattern[state] = NO_RULE;
	set->output_link[state] = NO_STATE;
	return (int)state;
}

static void add_pattern(signature_set *set, const unsigned char *pattern, size_t rule)
{
	int state = 0;

	for (const unsigned char *p = pattern; *p; p++) {
		size_t slot = (size_t)state * set->class_count + set->byte_class[*p];
		if (set->transitions[slot] == NO_STATE) {
			int created = add_state(set);
			set->transitions[slot] = created;
		}
		state = set->transitions[slot];
	}
	size_t pattern_index = set->pattern_count++;
	set->pattern_rule[pattern_index] = (int)rule;
	set->next_pattern[pattern_index] = set->first_pattern[state];
	set->first_pattern[state] = (int)pattern_index;
}

static void build_trie(signature_set *set)
{
	add_state(set);
	set->next_pattern = xmalloc(2 * set->rule_count * sizeof(int));
	set->pattern_rule = xmalloc(2 * set->rule_count * sizeof(int));
	for (size_t i = 0; i < set->rule_count; i++)
		for (int which = 0; which < 2; which++)
			if (pattern_of(&set->rules[i], which) != NULL)
				add_pattern(set, pattern_of(&set->rules[i], which), i);
}

/* Breadth first, so a state's failure state is complete before it is used. */
static void fold_failure_links(signature_set *set)
{
	int *queue = xmalloc(set->state_count * sizeof(int));
	int *failure = xmalloc(set->state_count * sizeof(int));
	size_t head = 0, tail = 0;
	size_t classes = set->class_count;

	for (size_t c = 0; c < classes; c++) {
		int child = set->transitions[c];
		if (child == NO_STATE) {
			set->transitions[c] = 0;
		} else {
			failure[child] = 0;
			queue[tail++] = child;
		}
	}
	while (head < tail) {
		int state = queue[head++];
		int fail = failure[state];
		set->output_link[state] = set->first_pattern[fail] != NO_RULE ? fail : set->output_link[fail];
		for (size_t c = 0; c < classes; c++) {
			size_t slot = (size_t)state * classes + c;
			int child = set->transitions[slot];
			if (child == NO_STATE) {
				set->transitions[slot] = set->transitions[(size_t)fail * classes + c];
			} else {
				failure[child] = set->transitions[(size_t)fail * classes + c];
				queue[tail++] = child;
			}
		}
	}
	free(queue);
	free(failure);
}

bool signature_set_new(const config_signature *rules, size_t count, signature_set **out,
                       error_message *err)
{
	signature_set *set = xcalloc(1, sizeof *set);

	*out = NULL;
	if (!collect_rules(set, rules, count, err)) {
		signature_set_free(set);
		return false;
	}
	assign_byte_classes(set);
	build_trie(set);
	fold_failure_links(set);
	set->seen_stamp = xcalloc(set->rule_count, sizeof *set->seen_stamp);
	set->matched = xmalloc(set->rule_count * sizeof(int));
	*out = set;
	return true;
}

void signature_set_free(signature_set *set)
{
	if (set == NULL)
		return;
	for (size_t i = 0; i < set->rule_count; i++) {
		free(set->rules[i].name);
		free(set->rules[i].match);
	}
	free(set->rules);
	free(set->transitions);
	free(set->first_pattern);
	free(set->output_link);
	free(set->next_pattern);
	free(set->pattern_rule);
	free(set->seen_stamp);
	free(set->matched);
	free(set);
}

size_t signature_set_rule_count(const signature_set *set)
{
	return set->rule_count;
}

void signature_set_texts(const signature_set *set, strlist *texts)
{
	for (size_t i = 0; i < set->rule_count; i++) {
		strlist_add(texts, set->rules[i].match);
		if (set->rules[i].neutral_match != NULL)
			strlist_add(texts, set->rules[i].neutral_match);
	}
}

/* ---- matching ---- */

static bool source_fits(config_signature_source wanted, log_source source)
{
	return wanted == CONFIG_SOURCE_ANY ||
	       (wanted == CONFIG_SOURCE_CCMSETUP && source == LOG_SOURCE_CCMSETUP) ||
	       (wanted == CONFIG_SOURCE_MSI && source == LOG_SOURCE_MSI);
}

static void record_rule(signature_set *set, int rule, size_t *count)
{
	if (set->seen_stamp[rule] == set->stamp)
		return;
	set->seen_stamp[rule] = set->stamp;
	set->matched[(*count)++] = rule;
}

static void record_rules_at(signature_set *set, int state, size_t *count)
{
	for (int pattern = set->first_pattern[state]; pattern != NO_RULE;
	     pattern = set->next_pattern[pattern])
		record_rule(set, set->pattern_rule[pattern], count);
}

/* The automaton's pass: every rule whose pattern occurs, each once, and
 * every rule that an MSI action's return value calls for. */
static size_t find_patterns(signature_set *set, const log_event *event)
{
	const char *text = event->message;
	size_t length = event->message_length;
	const unsigned char *p = (const unsigned char *)text;
	size_t classes = set->class_count;
	size_t count = 0;
	int state = 0;

	if (++set->stamp == 0) {
		memset(set->seen_stamp, 0, set->rule_count * sizeof *set->seen_stamp);
		set->stamp = 1;
	}
	for (size_t i = 0; i < length; i++) {
		state = set->transitions[(size_t)state * classes + set->byte_class[p[i]]];
		int output = set->first_pattern[state] != NO_RULE ? state : set->output_link[state];
		for (; output != NO_STATE; output = set->output_link[output])
			record_rules_at(set, output, &count);
	}
	if (event->action == LOG_ACTION_END && event->action_return >= 0)
		for (size_t rule = 0; rule < set->rule_count; rule++)
			if (set->rules[rule].return_value == event->action_return)
				record_rule(set, (int)rule, &count);
	return count;
}

static int compare_rule_index(const void *a, const void *b)
{
	int left = *(const int *)a, right = *(const int *)b;
	return (left > right) - (left < right);
}

/* Where needle ends in haystack, or NULL. */
static const char *find_nocase(const char *haystack, const char *needle)
{
	const char *at = text_find_nocase(haystack, needle);

	return at != NULL ? at + strlen(needle) : NULL;
}

/* Digits in `base` at text; false without any or past 32 bits. */
static bool parse_unsigned32(const char *text, int base, uint32_t *value)
{
	uint64_t result = 0;
	size_t digits = 0;

	for (;; text++, digits++) {
		unsigned char c = lower_ascii((unsigned char)*text);
		unsigned digit;
		if (c >= '0' && c <= '9')
			digit = (unsigned)(c - '0');
		else if (base == 16 && c >= 'a' && c <= 'f')
			digit = (unsigned)(c - 'a' + 10);
		else
			break;
		result = result * (uint64_t)base + digit;
		if (result > UINT32_MAX)
			return false;
	}
	*value = (uint32_t)result;
	return digits > 0;
}

/* The decimal number right after match in message ("... ExitCode: 1603"). */
static bool code_after(const char *message, const char *match, uint32_t *code)
{
	const char *rest = find_nocase(message, match);

	while (rest != NULL && *rest == ' ')
		rest++;
	return rest != NULL && parse_unsigned32(rest, 10, code);
}

static signature_match match_of(const signature_rule *rule, const log_event *event)
{
	signature_match match = {
		.name = rule->name,
		.action = rule->action,
		.has_code = rule->has_code,
		.code = rule->code,
		.builtin = rule->builtin,
	};
	uint32_t code = 0;
	config_signature_action failure = signature_action_is_failure(rule->action)
	                                      ? rule->action : CONFIG_ACTION_RETRY;
	switch (rule->reading) {
	case CODE_FROM_RULE:
		break;
	case CODE_EXITING:
	case CODE_FAILED:
		match.has_code = signature_terminal_code(event->message, &code);
		match.code = match.has_code ? code : 0;
		match.action = rule->reading == CODE_EXITING && match.has_code &&
		                       (code == 0 || code == CCMSETUP_REBOOT_REQUIRED)
		                   ? CONFIG_ACTION_SUCCESS : failure;
		break;
	case CODE_AFTER_MATCH:
		match.has_code = code_after(event->message, rule->match, &code);
		match.code = match.has_code ? code : 0;
		/* Windows Installer's own word for success is no failure. */
		match.action = match.has_code && (code == 0 || code == 3010 || code == 1641)
		                   ? CONFIG_ACTION_IGNORE : failure;
		break;
	}
	return match;
}

size_t signature_set_match(signature_set *set, const log_event *event,
                           signature_match_callback on_match, void *context)
{
	size_t found = find_patterns(set, event);
	size_t reported = 0;

	qsort(set->matched, found, sizeof *set->matched, compare_rule_index);
	for (size_t i = 0; i < found; i++) {
		const signature_rule *rule = &set->rules[set->matched[i]];
		if (rule->action == CONFIG_ACTION_IGNORE || !source_fits(rule->source, event->source))
			continue;
		signature_match match = match_of(rule, event);
		if (match.action == CONFIG_ACTION_IGNORE)
			continue;
		on_match(context, event, &match);
		reported++;
	}
	return reported;
}

bool signature_action_is_failure(config_signature_action action)
{
	return action == CONFIG_ACTION_FIX_RETRY || action == CONFIG_ACTION_RETRY ||
	       action == CONFIG_ACTION_FAIL;
}

static int action_strength(config_signature_action action)
{
	switch (action) {
	case CONFIG_ACTION_FAIL: return 3;
	case CONFIG_ACTION_FIX_RETRY: return 2;
	case CONFIG_ACTION_RETRY: return 1;
	default: return 0;
	}
}

config_signature_action signature_stronger_action(config_signature_action a,
                                                  config_signature_action b)
{
	return action_strength(b) > action_strength(a) ? b : a;
}

const char *signature_action_name(config_signature_action action)
{
	switch (action) {
	case CONFIG_ACTION_FIX_RETRY: return "fix-retry";
	case CONFIG_ACTION_RETRY: return "retry";
	case CONFIG_ACTION_FAIL: return "fail";
	case CONFIG_ACTION_SUCCESS: return "success";
	case CONFIG_ACTION_IGNORE: return "ignore";
	}
	return "unknown";
}

const char *signature_shown_action(const signature_match *match, bool handover)
{
	return handover && match->action == CONFIG_ACTION_SUCCESS ? "hand-over"
	                                                          : signature_action_name(match->action);
}

/* ---- terminal lines ---- */

bool signature_terminal_code(const char *message, uint32_t *code)
{
	const char *rest = find_nocase(message, EXIT_LINE);
	uint32_t value;

	if (rest != NULL) {
		bool negative = *rest == '-';
		if (!parse_unsigned32(rest + negative, 10, &value))
			return false;
		/* ccmsetup prints a negative HRESULT-like code as a signed int. */
		*code = negative ? (uint32_t)(0u - value) : value;
		return true;
	}
	rest = find_nocase(message, FAILED_LINE);
	if (rest != NULL && parse_unsigned32(rest, 16, &value)) {
		*code = signature_code_from_hresult(value);
		return true;
	}
	return false;
}

uint32_t signature_code_from_hresult(uint32_t hresult)
{
	if ((hresult & 0xFFFF0000u) == 0x80070000u)
		return hresult & 0xFFFFu;
	return hresult;
}
