/* The benchmark inputs (bench/run.sh), each generated from a fixed seed so
 * that every run on every machine measures the same bytes. */
#ifndef BENCH_GENERATE_H
#define BENCH_GENERATE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "config/base/text.h"

/* A linear congruential generator: deterministic, and enough to vary text. */
uint32_t bench_random(uint32_t *seed);

/* fopen for writing that names the file on failure; bench_close reports a
 * failed write. Both return false after printing the message. */
bool bench_create(const char *path, FILE **file);
bool bench_close(FILE *file, const char *path);

/* A CMTrace ccmsetup.log of `size` bytes (rounded up to a whole line); one
 * line in every 1000 carries one of `texts`, in turn, followed by a failure
 * code, and no other line holds any of them. */
bool bench_generate_log(const char *path, uint64_t size, const strlist *texts);

/* Line `number` of that log, holding message. */
void bench_log_line(FILE *file, uint64_t number, const char *message);

/* A UTF-8 export as `ccmwrap export` writes it: `services` keys under
 * Services, each with a Parameters subkey; every hit_every-th service is
 * named kbstuffNNNNNN and grants SYSTEM read only (0: none). Only those keys'
 * names hold "kbstuff". */
bool bench_generate_export(const char *path, uint64_t services, uint64_t hit_every);
/* The same layout cut at the first whole key past `size` bytes. */
bool bench_generate_sized(const char *path, uint64_t size);
/* `count` keys named kbstuffNNNNNN, each with a descriptor of its own that
 * fix must change. */
bool bench_generate_changed(const char *path, uint64_t count);
/* A key named kbstuff whose descriptor is about `sddl_size` bytes of
 * inheritable ACEs, and `subkeys` subkeys of it with no descriptor of their
 * own. */
bool bench_generate_inherit(const char *path, uint64_t sddl_size, uint64_t subkeys);
/* A kbstuff key, then `count` keys under one key, each with a value, then
 * each deleted with [-KEY], the last made first. */
bool bench_generate_deleted(const char *path, uint64_t count);
/* A kbstuff key with `count` values, then each removed with "name"=-, the
 * first made first. */
bool bench_generate_removed(const char *path, uint64_t count);
/* A kbstuff key with 20 values, one of them removed and set again `count`
 * times. */
bool bench_generate_reset(const char *path, uint64_t count);
/* A kbstuff key whose descriptor holds `count` pairs of a deny ACE for
 * SYSTEM and an allow ACE, which fix must remove in one pass. */
bool bench_generate_denies(const char *path, uint64_t count);
/* A kbstuff key fix must change, and a subkey whose descriptor names
 * `count` SIDs, each of which fix asks whether the change widens. */
bool bench_generate_sids(const char *path, uint64_t count);
/* A kbstuff key, then one key named and deleted `count` times. */
bool bench_generate_again(const char *path, uint64_t count);
/* A kbstuff key and 4,000 keys below it in chains `depth` levels deep (at
 * most 500: regedit's 512 levels less the Services key's and kbstuff's). */
bool bench_generate_nested(const char *path, uint64_t depth);
/* `count` keys whose names the key index hashes into one slot (crafted) or
 * names of the same shape drawn at random. */
bool bench_generate_flood(const char *path, uint64_t count, bool crafted);

/* `count` result files (result.json as run writes it) in folder. */
bool bench_generate_results(const char *folder, uint64_t count);

#define BENCH_SERVICES_KEY "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services"

/* The registry file's opening: the header and the keys above Services. */
void bench_registry_header(FILE *file);

#endif
