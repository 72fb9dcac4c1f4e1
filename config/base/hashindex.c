#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

#include "config/base/hashindex.h"
#include "config/base/text.h"

/* A zero short hash marks an empty slot; real ones are moved off zero. */
#define EMPTY_HASH 0u

static hashindex_key process_key;
static uv_once_t process_key_once = UV_ONCE_INIT;

/* Should the OS random source fail, the clock and the process id still
 * differ from run to run, which is all the key needs to defeat a set of
 * names crafted in advance. */
static void draw_process_key(void)
{
	if (uv_random(NULL, NULL, &process_key, sizeof process_key, 0, NULL) == 0)
		return;
	process_key.k0 = uv_hrtime() ^ ((uint64_t)uv_os_getpid() << 32);
	process_key.k1 = (uint64_t)(uintptr_t)&process_key ^ 0x9e3779b97f4a7c15u;
}

const hashindex_key *hashindex_process_key(void)
{
	uv_once(&process_key_once, draw_process_key);
	return &process_key;
}

/* SipHash-1-3 (Aumasson and Bernstein): a keyed function whose collisions
 * cannot be found without the key. Its input is 64-bit words: the name
 * space seed, the folded code points two to a word, and a last word with
 * their count, so that no two inputs give the same words. */
static uint64_t rotate(uint64_t x, int bits)
{
	return (x << bits) | (x >> (64 - bits));
}

static void sip_round(hashindex_hasher *s)
{
	s->v0 += s->v1;
	s->v1 = rotate(s->v1, 13) ^ s->v0;
	s->v0 = rotate(s->v0, 32);
	s->v2 += s->v3;
	s->v3 = rotate(s->v3, 16) ^ s->v2;
	s->v0 += s->v3;
	s->v3 = rotate(s->v3, 21) ^ s->v0;
	s->v2 += s->v1;
	s->v1 = rotate(s->v1, 17) ^ s->v2;
	s->v2 = rotate(s->v2, 32);
}

static void sip_word(hashindex_hasher *s, uint64_t word)
{
	s->v3 ^= word;
	sip_round(s);
	s->v0 ^= word;
}

static void hasher_init_keyed(hashindex_hasher *s, const hashindex_key *key, uint64_t seed)
{
	*s = (hashindex_hasher){ key->k0 ^ 0x736f6d6570736575u, key->k1 ^ 0x646f72616e646f6du,
	                         key->k0 ^ 0x6c7967656e657261u, key->k1 ^ 0x7465646279746573u,
	                         0, 0 };
	sip_word(s, seed);
}

static void hasher_add_folded(hashindex_hasher *s, uint32_t c)
{
	if (s->count++ % 2 == 0) {
		s->pending = c;
		return;
	}
	sip_word(s, s->pending | (uint64_t)c << 32);
	s->pending = 0;
}

void hashindex_hasher_init(hashindex_hasher *hasher, uint64_t seed)
{
	hasher_init_keyed(hasher, hashindex_process_key(), seed);
}

void hashindex_hasher_add(hashindex_hasher *hasher, const char *text, size_t length)
{
	for (const char *end = text + length; text < end;)
		hasher_add_folded(hasher, text_next_folded(&text));
}

uint64_t hashindex_hasher_value(const hashindex_hasher *hasher)
{
	hashindex_hasher s = *hasher;

	sip_word(&s, s.pending | s.count << 32);
	s.v2 ^= 0xff;
	for (int i = 0; i < 3; i++)
		sip_round(&s);
	return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

uint64_t hashindex_hash_nocase_keyed(const hashindex_key *key, const char *text, uint64_t seed)
{
	hashindex_hasher s;

	hasher_init_keyed(&s, key, seed);
	for (uint32_t c = text_next_folded(&text); c != 0; c = text_next_folded(&text))
		hasher_add_folded(&s, c);
	return hashindex_hasher_value(&s);
}

uint64_t hashindex_hash_nocase(const char *text, uint64_t seed)
{
	return hashindex_hash_nocase_keyed(hashindex_process_key(), text, seed);
}

/* A slot keeps 32 bits of the hash, which both place it and tell most
 * candidates apart before the caller compares: 8 bytes a slot with the
 * id, so the key index of a million-key registry file is 16 MB and one
 * cache miss a probe. */
static uint32_t short_hash(uint64_t hash)
{
	uint32_t bits = (uint32_t)hash;

	return bits == EMPTY_HASH ? 1u : bits;
}

static void place(hashindex_slot *slots, size_t capacity, uint32_t hash, size_t id)
{
	size_t slot = hash & (capacity - 1);

	while (slots[slot].hash != EMPTY_HASH)
		slot = (slot + 1) & (capacity - 1);
	slots[slot].hash = hash;
	slots[slot].id = (uint32_t)id;
}

static void grow(hashindex *index)
{
	size_t capacity = index->capacity ? index->capacity * 2 : 64;
	hashindex_slot *slots = xcalloc(capacity, sizeof *slots);

	for (size_t i = 0; i < index->capacity; i++)
		if (index->slots[i].hash != EMPTY_HASH)
			place(slots, capacity, index->slots[i].hash, index->slots[i].id);
	free(index->slots);
	index->slots = slots;
	index->capacity = capacity;
}

void hashindex_add(hashindex *index, uint64_t hash, size_t id)
{
	if (id > HASHINDEX_MAX_ID) {
		fprintf(stderr, "ccmwrap: more than %lu records in one hash index\n",
		        (unsigned long)HASHINDEX_MAX_ID);
		abort();
	}
	if ((index->count + 1) * 4 > index->capacity * 3)
		grow(index);
	place(index->slots, index->capacity, short_hash(hash), id);
	index->count++;
}

/* The next slot from slot on that holds hash; HASHINDEX_NONE when none. */
static size_t probe_from(const hashindex *index, uint32_t hash, size_t slot)
{
	for (; index->slots[slot].hash != EMPTY_HASH; slot = (slot + 1) & (index->capacity - 1))
		if (index->slots[slot].hash == hash)
			return slot;
	return HASHINDEX_NONE;
}

static size_t first_slot(const hashindex *index, uint32_t hash)
{
	if (index->capacity == 0)
		return HASHINDEX_NONE;
	return probe_from(index, hash, hash & (index->capacity - 1));
}

static size_t next_slot(const hashindex *index, uint32_t hash, size_t slot)
{
	return probe_from(index, hash, (slot + 1) & (index->capacity - 1));
}

void hashindex_free(hashindex *index)
{
	free(index->slots);
	index->slots = NULL;
	index->capacity = 0;
	index->count = 0;
}

/* The slot of id's entry under hash; HASHINDEX_NONE when there is none. */
static size_t slot_of(const hashindex *index, uint64_t hash, size_t id)
{
	uint32_t bits = short_hash(hash);
	size_t slot = first_slot(index, bits);

	while (slot != HASHINDEX_NONE && index->slots[slot].id != id)
		slot = next_slot(index, bits, slot);
	return slot;
}

void hashindex_renumber(hashindex *index, uint64_t hash, size_t old_id, size_t new_id)
{
	size_t slot = slot_of(index, hash, old_id);

	if (slot != HASHINDEX_NONE)
		index->slots[slot].id = (uint32_t)new_id;
}

/* Linear probing without tombstones: each entry after the one removed
 * that may move back, moves into the hole (its home slot is not between
 * the hole and where it is), so that every probe still reaches it. */
void hashindex_remove(hashindex *index, uint64_t hash, size_t id)
{
	size_t mask = index->capacity - 1;
	size_t hole = slot_of(index, hash, id);

	if (hole == HASHINDEX_NONE)
		return;
	for (size_t next = (hole + 1) & mask; index->slots[next].hash != EMPTY_HASH;
	     next = (next + 1) & mask) {
		size_t home = index->slots[next].hash & mask;
		bool stays = hole < next ? home > hole && home <= next : home > hole || home <= next;
		if (!stays) {
			index->slots[hole] = index->slots[next];
			hole = next;
		}
	}
	index->slots[hole] = (hashindex_slot){ EMPTY_HASH, 0 };
	index->count--;
}

size_t hashindex_find(const hashindex *index, uint64_t hash, hashindex_matches *matches,
                      const void *context)
{
	uint32_t bits = short_hash(hash);

	for (size_t slot = first_slot(index, bits); slot != HASHINDEX_NONE;
	     slot = next_slot(index, bits, slot))
		if (matches(index->slots[slot].id, context))
			return index->slots[slot].id;
	return HASHINDEX_NONE;
}

/* What hashindex_find_nocase seeks. */
typedef struct named {
	const char *name;
	hashindex_name_of *name_of;
	const void *records;
} named;

static bool has_name(size_t id, const void *context)
{
	const named *sought = context;
	const char *candidate = sought->name_of(id, sought->records);

	return candidate != NULL && text_equal_nocase(candidate, sought->name);
}

size_t hashindex_find_nocase(const hashindex *index, const char *name, uint64_t seed,
                             hashindex_name_of *name_of, const void *records)
{
	named sought = { name, name_of, records };

	return hashindex_find(index, hashindex_hash_nocase(name, seed), has_name, &sought);
}

static const char *strlist_item(size_t id, const void *records)
{
	const strlist *list = records;

	return id < list->count ? list->items[id] : NULL;
}

size_t hashindex_strlist_find(const hashindex *index, const strlist *list, const char *text)
{
	return hashindex_find_nocase(index, text, 0, strlist_item, list);
}

size_t hashindex_strlist_add(hashindex *index, strlist *list, const char *text, bool *added)
{
	size_t place = hashindex_strlist_find(index, list, text);

	if (added != NULL)
		*added = place == HASHINDEX_NONE;
	if (place != HASHINDEX_NONE)
		return place;
	hashindex_add(index, hashindex_hash_nocase(text, 0), list->count);
	strlist_add(list, text);
	return list->count - 1;
}
