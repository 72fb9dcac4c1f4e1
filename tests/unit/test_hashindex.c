/* The hash index's keyed hash: names crafted to collide under one key (a
 * hash flood) do not collide under another, and each process draws its
 * own key; taken a piece at a time it is the same hash; the index finds
 * every id it holds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <uv.h>

#include "config/base/hashindex.h"
#include "config/base/text.h"
#include "tests/support/testsupport.h"

#define CRAFTED 8
#define SLOTS 1024u
#define NAME_PREFIX "HKLM\\SYSTEM\\CurrentControlSet\\Enum\\K"
#define PRINT_HASH "--print-hash"

static const hashindex_key key_a = { 0x0123456789abcdefu, 0xfedcba9876543210u };
static const hashindex_key key_b = { 0x0f1e2d3c4b5a6978u, 0x8796a5b4c3d2e1f0u };

static void name_of_number(char *name, size_t size, unsigned number)
{
	snprintf(name, size, NAME_PREFIX "%x", number);
}

/* The first CRAFTED names K0, K1, ... that land in K0's slot of a
 * 1024-slot table under key: what an attacker who knows the key makes. */
static void craft_collisions(const hashindex_key *key, char names[CRAFTED][64])
{
	name_of_number(names[0], sizeof names[0], 0);
	uint64_t slot = hashindex_hash_nocase_keyed(key, names[0], 0) % SLOTS;
	unsigned number = 1;
	for (size_t found = 1; found < CRAFTED; number++) {
		name_of_number(names[found], sizeof names[found], number);
		if (hashindex_hash_nocase_keyed(key, names[found], 0) % SLOTS == slot)
			found++;
	}
}

static void test_names_compare_folded_under_every_key(void **state)
{
	(void)state;
	assert_int_equal(hashindex_hash_nocase_keyed(&key_a, "\u00c4rger\\Sub", 3),
	                 hashindex_hash_nocase_keyed(&key_a, "\u00e4RGER\\sUB", 3));
	assert_int_not_equal(hashindex_hash_nocase_keyed(&key_a, "Name", 3),
	                     hashindex_hash_nocase_keyed(&key_a, "Name", 4));
	assert_int_not_equal(hashindex_hash_nocase_keyed(&key_a, "Name", 3),
	                     hashindex_hash_nocase_keyed(&key_b, "Name", 3));
	/* The count of code points ends the input, so a prefix differs. */
	assert_int_not_equal(hashindex_hash_nocase_keyed(&key_a, "ab", 0),
	                     hashindex_hash_nocase_keyed(&key_a, "abc", 0));
	assert_int_not_equal(hashindex_hash_nocase_keyed(&key_a, "", 0),
	                     hashindex_hash_nocase_keyed(&key_a, "", 1));
}

static void test_collisions_crafted_for_one_key_do_not_collide_under_another(void **state)
{
	char names[CRAFTED][64];
	size_t same_slot_b = 0;

	(void)state;
	craft_collisions(&key_a, names);
	uint64_t slot_a = hashindex_hash_nocase_keyed(&key_a, names[0], 0) % SLOTS;
	uint64_t slot_b = hashindex_hash_nocase_keyed(&key_b, names[0], 0) % SLOTS;
	for (size_t i = 0; i < CRAFTED; i++) {
		assert_int_equal(hashindex_hash_nocase_keyed(&key_a, names[i], 0) % SLOTS, slot_a);
		same_slot_b += hashindex_hash_nocase_keyed(&key_b, names[i], 0) % SLOTS == slot_b;
	}
	/* Under key B they spread as any names do: K0 alone in its slot. */
	assert_int_equal(same_slot_b, 1);
}

/* The index finds every crafted name, whichever key hashed it. */
static const char *crafted_name_of(size_t id, const void *records)
{
	const char(*names)[64] = records;

	return id < CRAFTED ? names[id] : NULL;
}

/* Fed a piece at a time, the hash is at each step the hash of the text so
 * far: pieces of odd and even lengths, multi-byte characters, a seed. */
static void test_pieces_hash_as_the_text_so_far(void **state)
{
	static const char *const pieces[] = { "HKLM", "\\SYSTEM", "\\\u00c4rger", "\\x",
	                                      "\\\u4e2d\u6587", "\\", "\\Odd" };
	hashindex_hasher hasher;
	strbuf so_far = STRBUF_INIT;

	(void)state;
	hashindex_hasher_init(&hasher, 7);
	assert_int_equal(hashindex_hasher_value(&hasher), hashindex_hash_nocase("", 7));
	for (size_t i = 0; i < sizeof pieces / sizeof *pieces; i++) {
		hashindex_hasher_add(&hasher, pieces[i], strlen(pieces[i]));
		strbuf_add_string(&so_far, pieces[i]);
		assert_int_equal(hashindex_hasher_value(&hasher), hashindex_hash_nocase(so_far.data, 7));
		assert_int_not_equal(hashindex_hasher_value(&hasher),
		                     hashindex_hash_nocase(so_far.data, 8));
	}
	strbuf_free(&so_far);
}

static void test_index_finds_crafted_names(void **state)
{
	char names[CRAFTED][64];
	hashindex index = { 0 };

	(void)state;
	craft_collisions(hashindex_process_key(), names);
	for (size_t i = 0; i < CRAFTED; i++)
		hashindex_add(&index, hashindex_hash_nocase(names[i], 0), i);
	for (size_t i = 0; i < CRAFTED; i++)
		assert_int_equal(hashindex_find_nocase(&index, names[i], 0, crafted_name_of, names), i);
	assert_int_equal(hashindex_find_nocase(&index, NAME_PREFIX "none", 0, crafted_name_of, names),
	                 HASHINDEX_NONE);
	hashindex_free(&index);
}

static bool id_is(size_t id, const void *context)
{
	return id == *(const size_t *)context;
}

/* Hashes that differ only above the 32 bits a slot keeps share one run of
 * slots; every id is still found, through growth and after renumbering,
 * and the largest id survives its 32 bits. */
static void test_ids_found_through_shared_slots_and_growth(void **state)
{
	enum { COUNT = 3000 };
	hashindex index = { 0 };

	(void)state;
	for (size_t i = 0; i < COUNT; i++)
		hashindex_add(&index, (uint64_t)(i % 7) << 32 | 0x5u, i);
	hashindex_add(&index, 0x9u, HASHINDEX_MAX_ID);
	for (size_t i = 0; i < COUNT; i++)
		assert_int_equal(hashindex_find(&index, (uint64_t)(i % 7) << 32 | 0x5u, id_is, &i), i);
	size_t largest = HASHINDEX_MAX_ID;
	assert_int_equal(hashindex_find(&index, 0x9u, id_is, &largest), HASHINDEX_MAX_ID);
	size_t absent = COUNT;
	assert_int_equal(hashindex_find(&index, 0x5u, id_is, &absent), HASHINDEX_NONE);
	hashindex_renumber(&index, 0x5u, 42, COUNT + 1);
	size_t renumbered = COUNT + 1, old = 42;
	assert_int_equal(hashindex_find(&index, 0x5u, id_is, &renumbered), COUNT + 1);
	assert_int_equal(hashindex_find(&index, 0x5u, id_is, &old), HASHINDEX_NONE);
	assert_int_equal(index.count, COUNT + 1);
	hashindex_free(&index);
}

/* The hash of test entry i: eight neighbouring slots at the end of a
 * 64-slot table, two of them past its end, so that runs wrap around. */
static uint64_t crowded_hash(size_t i)
{
	return 58u + i % 8u;
}

/* Entries removed one in three from crowded runs: every other entry is
 * still found, the removed ones are not, and they can be added again. */
static void test_removed_entries_leave_the_others_found(void **state)
{
	enum { COUNT = 40 };
	hashindex index = { 0 };

	(void)state;
	for (size_t i = 0; i < COUNT; i++)
		hashindex_add(&index, crowded_hash(i), i);
	assert_int_equal(index.capacity, 64);
	for (size_t i = 0; i < COUNT; i += 3)
		hashindex_remove(&index, crowded_hash(i), i);
	hashindex_remove(&index, crowded_hash(1), COUNT);
	for (size_t i = 0; i < COUNT; i++)
		assert_int_equal(hashindex_find(&index, crowded_hash(i), id_is, &i),
		                 i % 3 == 0 ? HASHINDEX_NONE : i);
	assert_int_equal(index.count, COUNT - (COUNT + 2) / 3);
	for (size_t i = 0; i < COUNT; i += 3)
		hashindex_add(&index, crowded_hash(i), i);
	for (size_t i = 0; i < COUNT; i++)
		assert_int_equal(hashindex_find(&index, crowded_hash(i), id_is, &i), i);
	hashindex_free(&index);
}

static char *hash_in_new_process(void)
{
	char self[4096];
	size_t size = sizeof self;
	test_run_result result;

	assert_int_equal(uv_exepath(self, &size), 0);
	const char *args[] = { self, PRINT_HASH, NULL };
	test_run(args, NULL, &result);
	assert_int_equal(result.exit_code, 0);
	char *hash = xstrdup(result.out);
	test_run_result_free(&result);
	return hash;
}

static void test_each_process_draws_its_own_key(void **state)
{
	(void)state;
	const hashindex_key *key = hashindex_process_key();
	assert_ptr_equal(key, hashindex_process_key());
	assert_int_equal(hashindex_hash_nocase("Name", 5), hashindex_hash_nocase_keyed(key, "Name", 5));
	char *first = hash_in_new_process();
	char *second = hash_in_new_process();
	assert_true(strlen(first) > 0);
	assert_string_not_equal(first, second);
	free(first);
	free(second);
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], PRINT_HASH) == 0) {
		printf("%016llx\n", (unsigned long long)hashindex_hash_nocase(NAME_PREFIX "0", 0));
		return 0;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_compare_folded_under_every_key),
		cmocka_unit_test(test_collisions_crafted_for_one_key_do_not_collide_under_another),
		cmocka_unit_test(test_pieces_hash_as_the_text_so_far),
		cmocka_unit_test(test_index_finds_crafted_names),
		cmocka_unit_test(test_ids_found_through_shared_slots_and_growth),
		cmocka_unit_test(test_removed_entries_leave_the_others_found),
		cmocka_unit_test(test_each_process_draws_its_own_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
