#include <stdlib.h>

#include "config/base/hashindex.h"
#include "config/base/text.h"

/* A zero hash marks an empty slot; real hashes are moved off zero. */
#define EMPTY_HASH 0u

uint64_t hashindex_hash_nocase(const char *text, uint64_t seed)
{
	uint64_t hash = 0xcbf29ce484222325u ^ (seed * 0x9e3779b97f4a7c15u);

	for (uint32_t c = text_next_folded(&text); c != 0; c = text_next_folded(&text)) {
		hash ^= c;
		hash *= 0x100000001b3u;
	}
	return hash == EMPTY_HASH ? 1u : hash;
}

static void place(uint64_t *hashes, size_t *ids, size_t capacity, uint64_t hash, size_t id)
{
	size_t slot = (size_t)hash & (capacity - 1);

	while (hashes[slot] != EMPTY_HASH)
		slot = (slot + 1) & (capacity - 1);
	hashes[slot] = hash;
	ids[slot] = id;
}

static void grow(hashindex *index)
{
	size_t capacity = index->capacity ? index->capacity * 2 : 64;
	uint64_t *hashes = xcalloc(capacity, sizeof *hashes);
	size_t *ids = xcalloc(capacity, sizeof *ids);

	for (size_t i = 0; i < index->capacity; i++)
		if (index->hashes[i] != EMPTY_HASH)
			place(hashes, ids, capacity, index->hashes[i], index->ids[i]);
	free(index->hashes);
	free(index->ids);
	index->hashes = hashes;
	index->ids = ids;
	index->capacity = capacity;
}

void hashindex_add(hashindex *index, uint64_t hash, size_t id)
{
	if ((index->count + 1) * 4 > index->capacity * 3)
		grow(index);
	place(index->hashes, index->ids, index->capacity, hash, id);
	index->count++;
}

static size_t probe_from(const hashindex *index, uint64_t hash, size_t slot)
{
	for (; index->hashes[slot] != EMPTY_HASH; slot = (slot + 1) & (index->capacity - 1))
		if (index->hashes[slot] == hash)
			return slot;
	return HASHINDEX_NONE;
}

size_t hashindex_first(const hashindex *index, uint64_t hash)
{
	if (index->capacity == 0)
		return HASHINDEX_NONE;
	return probe_from(index, hash, (size_t)hash & (index->capacity - 1));
}

size_t hashindex_next(const hashindex *index, uint64_t hash, size_t slot)
{
	return probe_from(index, hash, (slot + 1) & (index->capacity - 1));
}

void hashindex_free(hashindex *index)
{
	free(index->hashes);
	free(index->ids);
	index->hashes = NULL;
	index->ids = NULL;
	index->capacity = 0;
	index->count = 0;
}

void hashindex_renumber(hashindex *index, uint64_t hash, size_t old_id, size_t new_id)
{
	for (size_t slot = hashindex_first(index, hash); slot != HASHINDEX_NONE;
	     slot = hashindex_next(index, hash, slot)) {
		if (index->ids[slot] == old_id) {
			index->ids[slot] = new_id;
			return;
		}
	}
}

size_t hashindex_find_nocase(const hashindex *index, const char *name, uint64_t seed,
                             hashindex_name_of *name_of, const void *records)
{
	uint64_t hash = hashindex_hash_nocase(name, seed);

	for (size_t slot = hashindex_first(index, hash); slot != HASHINDEX_NONE;
	     slot = hashindex_next(index, hash, slot)) {
		const char *candidate = name_of(index->ids[slot], records);
		if (candidate != NULL && text_equal_nocase(candidate, name))
			return index->ids[slot];
	}
	return HASHINDEX_NONE;
}
