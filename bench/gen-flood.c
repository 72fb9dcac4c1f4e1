/* Key names that flood the key index: the index hashes a key's path (the
 * root short: "HKLM\...") with 64-bit FNV-1a over its upper-cased
 * characters and takes the low bits as the slot, so names whose hashes
 * agree in their low FLOOD_BITS bits share one probe chain at every table
 * size up to 2^FLOOD_BITS. Each name is a
 * distinct prefix and a suffix that steers the hash to the one target: the
 * suffixes are tabulated backwards from the target (FNV-1a's multiplier is
 * odd, so each step can be undone), and a prefix's state picks its suffix. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "bench/generate.h"

#define FLOOD_BITS 20
#define FLOOD_MASK ((1u << FLOOD_BITS) - 1)
#define FNV_OFFSET 0xcbf29ce484222325u
#define FNV_PRIME 0x100000001b3u
#define TARGET 0x5a5a5u
/* Characters the case folding leaves alone, so the hash sees them as written. */
#define ALPHABET "0123456789_"
#define ALPHABET_SIZE 11u
#define SUFFIX_LENGTH 7
#define FLOOD_PARENT BENCH_SERVICES_KEY "\\Flood"

static uint64_t fnv_step(uint64_t hash, unsigned char c)
{
	return (hash ^ (unsigned char)toupper(c)) * FNV_PRIME;
}

static uint64_t fnv_text(uint64_t hash, const char *text)
{
	for (; *text != '\0'; text++)
		hash = fnv_step(hash, (unsigned char)*text);
	return hash;
}

/* The multiplicative inverse modulo 2^64 (Newton's iteration). */
static uint64_t inverse(uint64_t odd)
{
	uint64_t x = odd;

	for (int i = 0; i < 6; i++)
		x *= 2 - odd * x;
	return x;
}

static void suffix_of(uint32_t number, char *suffix)
{
	for (int i = SUFFIX_LENGTH - 1; i >= 0; i--) {
		suffix[i] = ALPHABET[number % ALPHABET_SIZE];
		number /= ALPHABET_SIZE;
	}
	suffix[SUFFIX_LENGTH] = '\0';
}

/* steer[state] = 1 + the suffix that takes a hash whose low bits are
 * state to the target's low bits (0: none found). */
static uint32_t *steering_table(void)
{
	uint32_t *steer = xcalloc((size_t)FLOOD_MASK + 1, sizeof *steer);
	uint64_t back = inverse(FNV_PRIME);
	uint32_t total = 1;
	char suffix[SUFFIX_LENGTH + 1];

	for (int i = 0; i < SUFFIX_LENGTH; i++)
		total *= ALPHABET_SIZE;
	for (uint32_t number = 0; number < total; number++) {
		uint64_t state = TARGET;
		suffix_of(number, suffix);
		for (int i = SUFFIX_LENGTH - 1; i >= 0; i--)
			state = (state * back) ^ (unsigned char)suffix[i];
		steer[state & FLOOD_MASK] = number + 1;
	}
	return steer;
}

static void random_suffix(uint32_t *seed, char *suffix)
{
	for (int i = 0; i < SUFFIX_LENGTH; i++)
		suffix[i] = ALPHABET[bench_random(seed) % ALPHABET_SIZE];
	suffix[SUFFIX_LENGTH] = '\0';
}

/* The name's last part: a distinct prefix, then a suffix. */
static bool flood_name(uint64_t n, const uint32_t *steer, uint32_t *seed, char *name, size_t size)
{
	char path[256], suffix[SUFFIX_LENGTH + 1];

	snprintf(name, size, "Device%06llu_", (unsigned long long)n);
	if (steer == NULL) {
		random_suffix(seed, suffix);
	} else {
		snprintf(path, sizeof path, "HKLM%s\\%s", FLOOD_PARENT + strlen("HKEY_LOCAL_MACHINE"),
		         name);
		uint32_t number = steer[fnv_text(FNV_OFFSET, path) & FLOOD_MASK];
		if (number == 0)
			return false;
		suffix_of(number - 1, suffix);
	}
	strncat(name, suffix, size - strlen(name) - 1);
	return true;
}

bool bench_generate_flood(const char *path, uint64_t count, bool crafted)
{
	uint32_t *steer = crafted ? steering_table() : NULL;
	uint32_t seed = 2000387;
	char name[64];
	FILE *file;
	bool ok = true;

	if (!bench_create(path, &file)) {
		free(steer);
		return false;
	}
	bench_registry_header(file);
	fprintf(file, "[" FLOOD_PARENT "]\n\n");
	for (uint64_t n = 0; n < count && ok; n++) {
		ok = flood_name(n, steer, &seed, name, sizeof name);
		if (ok)
			fprintf(file, "[" FLOOD_PARENT "\\%s]\n\"Index\"=dword:%08llx\n\n", name,
			        (unsigned long long)n);
	}
	if (!ok)
		fprintf(stderr, "bench_generate: no suffix steers a name to the target\n");
	free(steer);
	return bench_close(file, path) && ok;
}
