/* A hash index from case-insensitive names (registry key paths, value
 * names) to the caller's record numbers: open addressing over (hash, id)
 * pairs; the caller checks each candidate against its own records, so the
 * index keeps no copy of a name. */
#ifndef CCMWRAP_HASHINDEX_H
#define CCMWRAP_HASHINDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/base/text.h"

#define HASHINDEX_NONE SIZE_MAX

/* Ids go up to this; the indexes ccmwrap keeps are bounded far below it
 * (a registry file's keys by REGFILE_MAX_KEYS, the rest by what an INI or
 * a command line can list). */
#define HASHINDEX_MAX_ID (UINT32_MAX - 1u)

typedef struct hashindex_slot {
	uint32_t hash;     /* 32 bits of the full hash */
	uint32_t id;
} hashindex_slot;

typedef struct hashindex {
	hashindex_slot *slots;
	size_t capacity;   /* a power of two, or 0 */
	size_t count;
} hashindex;

/* The secret a hash is keyed with. */
typedef struct hashindex_key {
	uint64_t k0;
	uint64_t k1;
} hashindex_key;

/* This process's key, drawn once from the OS random source: names that
 * collide under one process's key are no collisions under another's
 * (docs/DESIGN.md "Registry model and the registry file"). */
const hashindex_key *hashindex_process_key(void);
/* Case folded as Windows compares key and value names (text.h); seed
 * makes separate name spaces (the values of each key) share one index.
 * Keyed with the process's key. */
uint64_t hashindex_hash_nocase(const char *text, uint64_t seed);
uint64_t hashindex_hash_nocase_keyed(const hashindex_key *key, const char *text, uint64_t seed);

/* The same hash taken a piece at a time: its value after each piece is
 * hashindex_hash_nocase of all the text given so far, so that every
 * ancestor of a key path is hashed in one pass over the path. Pieces must
 * not split a UTF-8 sequence. */
typedef struct hashindex_hasher {
	uint64_t v0, v1, v2, v3;
	uint64_t count;     /* code points so far */
	uint64_t pending;   /* the first of a pair, waiting for its second */
} hashindex_hasher;

void hashindex_hasher_init(hashindex_hasher *hasher, uint64_t seed);
void hashindex_hasher_add(hashindex_hasher *hasher, const char *text, size_t length);
uint64_t hashindex_hasher_value(const hashindex_hasher *hasher);
void hashindex_add(hashindex *index, uint64_t hash, size_t id);
void hashindex_free(hashindex *index);
/* The entry for old_id under hash now names new_id (the caller's records
 * moved); nothing when there is none. */
void hashindex_renumber(hashindex *index, uint64_t hash, size_t old_id, size_t new_id);

/* The entry for id under hash is gone; nothing when there is none. */
void hashindex_remove(hashindex *index, uint64_t hash, size_t id);

/* Whether record id is the one sought. */
typedef bool hashindex_matches(size_t id, const void *context);
/* The first id added under hash that matches; HASHINDEX_NONE when none. */
size_t hashindex_find(const hashindex *index, uint64_t hash, hashindex_matches *matches,
                      const void *context);

/* The name of record id, or NULL when id is none of the records'. */
typedef const char *hashindex_name_of(size_t id, const void *records);
/* The id whose name equals name (case folded) among those added
 * with hashindex_hash_nocase(name, seed); HASHINDEX_NONE when none. */
size_t hashindex_find_nocase(const hashindex *index, const char *name, uint64_t seed,
                             hashindex_name_of *name_of, const void *records);

/* An index over the items of a strlist by hashindex_hash_nocase(item, 0):
 * the place of the item equal to text (case folded), or HASHINDEX_NONE. */
size_t hashindex_strlist_find(const hashindex *index, const strlist *list, const char *text);
/* The same, text added at the end of list when it is not there yet
 * (*added, unless added is NULL, says whether it was). */
size_t hashindex_strlist_add(hashindex *index, strlist *list, const char *text, bool *added);

#endif
