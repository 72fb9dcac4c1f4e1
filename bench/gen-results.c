/* The report input: one result file a host, as `ccmwrap run` writes it;
 * most hosts succeed, some retried, a few failed on KB2000387. */
#include "bench/generate.h"

static void write_result(FILE *file, uint64_t n, uint32_t *seed)
{
	unsigned kind = bench_random(seed) % 20;
	const char *outcome = kind == 0 ? "failed" : "success";
	const char *signatures = kind < 3 ? "\"msi-cancelled-1602\",\"kb2000387-cancelled\"" : "";

	fprintf(file,
	        "{\"tool\":\"ccmwrap\",\"version\":\"0.1.0\",\"host\":\"PC%06llu\","
	        "\"started\":\"2026-12-02T05:41:36Z\",\"finished\":\"2026-12-02T05:41:41Z\","
	        "\"outcome\":\"%s\",\"exit_code\":%u,\"attempts\":[{\"n\":1,\"exit_code\":%u,"
	        "\"signatures\":[%s],\"stalled\":false,\"duration_ms\":%u}],"
	        "\"acl\":{\"targets\":13,\"noncompliant\":%u,\"fixed\":%u,\"failed\":0,"
	        "\"journal\":null}}\n",
	        (unsigned long long)n, outcome, kind == 0 ? 1602u : 0u, kind == 0 ? 1602u : 0u,
	        signatures, 1000 + bench_random(seed) % 5000, kind < 3 ? 8u : 0u, kind < 3 ? 8u : 0u);
}

bool bench_generate_results(const char *folder, uint64_t count)
{
	uint32_t seed = 2000387;
	strbuf path = STRBUF_INIT;
	bool ok = true;

	for (uint64_t n = 0; n < count && ok; n++) {
		FILE *file;
		strbuf_clear(&path);
		strbuf_printf(&path, "%s/PC%06llu.json", folder, (unsigned long long)n);
		ok = bench_create(path.data, &file);
		if (ok) {
			write_result(file, n, &seed);
			ok = bench_close(file, path.data);
		}
	}
	strbuf_free(&path);
	return ok;
}
