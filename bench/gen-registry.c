/* The registry inputs: UTF-8 files in the layout `ccmwrap export` writes
 * (a header, then each key's line, its ;sddl= line when it has a
 * descriptor of its own, its values and a blank line). */
#include "bench/generate.h"

#define SERVICES BENCH_SERVICES_KEY
/* SYSTEM may do everything: the keys ccmwrap leaves alone. */
#define HEALTHY_SDDL "O:BAG:SYD:P(A;CI;KA;;;SY)(A;CI;KA;;;BA)(A;CI;KR;;;BU)"
/* SYSTEM may only read: fix adds what it lacks. */
#define BROKEN_SDDL "O:BAG:SYD:P(A;CI;KR;;;SY)(A;CI;KR;;;BA)(A;CI;KR;;;BU)"
#define DOMAIN_SID "S-1-5-21-1004336348-1177238915-682003330-"

void bench_registry_header(FILE *file)
{
	fprintf(file, "Windows Registry Editor Version 5.00\n\n"
	              "[HKEY_LOCAL_MACHINE\\SYSTEM]\n\n"
	              "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet]\n;sddl=%s\n\n"
	              "[" SERVICES "]\n\n",
	              HEALTHY_SDDL);
}

/* One service key and its Parameters subkey. */
static void write_service(FILE *file, uint64_t n, bool hit)
{
	const char *prefix = hit ? "kbstuff" : "Svc";

	fprintf(file,
	        "[" SERVICES "\\%s%06llu]\n;sddl=%s\n\"Type\"=dword:00000001\n"
	        "\"Start\"=dword:00000003\n\"DisplayName\"=\"Service %llu\"\n\n"
	        "[" SERVICES "\\%s%06llu\\Parameters]\n"
	        "\"ServiceDll\"=\"C:\\\\Windows\\\\system32\\\\svc%llu.dll\"\n\n",
	        prefix, (unsigned long long)n, hit ? BROKEN_SDDL : HEALTHY_SDDL,
	        (unsigned long long)n, prefix, (unsigned long long)n, (unsigned long long)n);
}

static bool is_hit(uint64_t n, uint64_t hit_every)
{
	return hit_every != 0 && n % hit_every == hit_every / 2;
}

bool bench_generate_export(const char *path, uint64_t services, uint64_t hit_every)
{
	FILE *file;

	if (!bench_create(path, &file))
		return false;
	bench_registry_header(file);
	for (uint64_t n = 0; n < services; n++)
		write_service(file, n, is_hit(n, hit_every));
	return bench_close(file, path);
}

bool bench_generate_sized(const char *path, uint64_t size)
{
	FILE *file;

	if (!bench_create(path, &file))
		return false;
	bench_registry_header(file);
	for (uint64_t n = 0; (uint64_t)ftell(file) < size; n++)
		write_service(file, n, false);
	return bench_close(file, path);
}

bool bench_generate_changed(const char *path, uint64_t count)
{
	FILE *file;

	if (!bench_create(path, &file))
		return false;
	bench_registry_header(file);
	for (uint64_t n = 0; n < count; n++)
		fprintf(file, "[" SERVICES "\\kbstuff%06llu]\n;sddl=" BROKEN_SDDL "\n"
		              "\"Start\"=dword:00000003\n\n",
		        (unsigned long long)n);
	return bench_close(file, path);
}

bool bench_generate_inherit(const char *path, uint64_t sddl_size, uint64_t subkeys)
{
	FILE *file;
	uint64_t written = 0;

	if (!bench_create(path, &file))
		return false;
	bench_registry_header(file);
	fprintf(file, "[" SERVICES "\\kbstuff]\n;sddl=O:BAG:SYD:P(A;CI;KR;;;SY)");
	for (unsigned ace = 1000; written < sddl_size; ace++)
		written += (uint64_t)fprintf(file, "(A;CI;KR;;;" DOMAIN_SID "%u)", ace);
	fprintf(file, "\n\n");
	for (uint64_t n = 0; n < subkeys; n++)
		fprintf(file, "[" SERVICES "\\kbstuff\\Instance%04llu]\n\"Index\"=dword:%08llx\n\n",
		        (unsigned long long)n, (unsigned long long)n);
	return bench_close(file, path);
}

/* The inputs of the rows that delete or remove: a file opened with the
 * header and a kbstuff key, the one check finds. */
static bool create_with_kbstuff(const char *path, FILE **file)
{
	if (!bench_create(path, file))
		return false;
	bench_registry_header(*file);
	fprintf(*file, "[" SERVICES "\\kbstuff]\n");
	return true;
}

bool bench_generate_deleted(const char *path, uint64_t count)
{
	FILE *file;

	if (!create_with_kbstuff(path, &file))
		return false;
	fprintf(file, "\"Stays\"=dword:00000001\n\n");
	for (uint64_t n = 0; n < count; n++)
		fprintf(file, "[" SERVICES "\\Gone\\Key%06llu]\n\"Index\"=dword:%08llx\n\n",
		        (unsigned long long)n, (unsigned long long)n);
	for (uint64_t n = count; n-- > 0;)
		fprintf(file, "[-" SERVICES "\\Gone\\Key%06llu]\n\n", (unsigned long long)n);
	return bench_close(file, path);
}

bool bench_generate_removed(const char *path, uint64_t count)
{
	FILE *file;

	if (!create_with_kbstuff(path, &file))
		return false;
	for (uint64_t n = 0; n < count; n++)
		fprintf(file, "\"Value%06llu\"=dword:%08llx\n", (unsigned long long)n,
		        (unsigned long long)n);
	for (uint64_t n = 0; n < count; n++)
		fprintf(file, "\"Value%06llu\"=-\n", (unsigned long long)n);
	return bench_close(file, path);
}

bool bench_generate_again(const char *path, uint64_t count)
{
	FILE *file;

	if (!create_with_kbstuff(path, &file))
		return false;
	fprintf(file, "\"Stays\"=dword:00000001\n\n");
	for (uint64_t n = 0; n < count; n++)
		fprintf(file, "[" SERVICES "\\Again]\n\"Round\"=dword:%08llx\n\n[-" SERVICES "\\Again]\n\n",
		        (unsigned long long)n);
	return bench_close(file, path);
}

bool bench_generate_reset(const char *path, uint64_t count)
{
	FILE *file;

	if (!create_with_kbstuff(path, &file))
		return false;
	for (unsigned n = 0; n < 20; n++)
		fprintf(file, "\"Value%02u\"=dword:%08x\n", n, n);
	for (uint64_t n = 0; n < count; n++)
		fprintf(file, "\"Value05\"=-\n\"Value05\"=dword:%08llx\n", (unsigned long long)n);
	return bench_close(file, path);
}

bool bench_generate_denies(const char *path, uint64_t count)
{
	FILE *file;

	if (!create_with_kbstuff(path, &file))
		return false;
	fprintf(file, ";sddl=O:BAG:SYD:P");
	for (uint64_t n = 0; n < count; n++)
		fprintf(file, "(D;;KA;;;SY)(A;;KR;;;BU)");
	fprintf(file, "\n\"v\"=\"x\"\n");
	return bench_close(file, path);
}

bool bench_generate_sids(const char *path, uint64_t count)
{
	FILE *file;

	if (!create_with_kbstuff(path, &file))
		return false;
	fprintf(file, ";sddl=O:BAG:SYD:P(A;CI;KR;;;BU)\n\"v\"=\"x\"\n\n"
	              "[" SERVICES "\\kbstuff\\Child]\n;sddl=O:BAG:SYD:AI");
	for (uint64_t n = 0; n < count; n++)
		fprintf(file, "(A;;KR;;;S-1-5-21-1-2-3-%llu)", (unsigned long long)n + 1000);
	fprintf(file, "(A;CIID;KR;;;BU)\n");
	return bench_close(file, path);
}

#define NESTED_KEYS 4000

bool bench_generate_nested(const char *path, uint64_t depth)
{
	FILE *file;
	strbuf key = STRBUF_INIT;

	if (depth == 0 || depth > 500) {
		fprintf(stderr, "bench_generate: a depth of 1 to 500 levels, not %llu\n",
		        (unsigned long long)depth);
		return false;
	}
	if (!create_with_kbstuff(path, &file))
		return false;
	fprintf(file, ";sddl=" BROKEN_SDDL "\n\n");
	for (uint64_t n = 0; n < NESTED_KEYS; n++) {
		if (n % depth == 0) {
			strbuf_clear(&key);
			strbuf_printf(&key, SERVICES "\\kbstuff\\Chain%04llu", (unsigned long long)(n / depth));
			fprintf(file, "[%s]\n\n", key.data);
		}
		strbuf_printf(&key, "\\Level%03llu", (unsigned long long)(n % depth));
		fprintf(file, "[%s]\n\"Index\"=dword:%08llx\n\n", key.data, (unsigned long long)n);
	}
	strbuf_free(&key);
	return bench_close(file, path);
}
