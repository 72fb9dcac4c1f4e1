/* A stand-in child for the process tests, portable like the tests:
 *   child_helper exit N              exits with N
 *   child_helper sleep MS            sleeps, then exits 0
 *   child_helper ignore-term FILE    ignores SIGTERM, creates FILE to say so,
 *                                    then sleeps until killed
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

static int usage(void)
{
	fprintf(stderr, "usage: child_helper exit N | sleep MS | ignore-term FILE\n");
	return 2;
}

static int ignore_term(const char *ready_file)
{
	FILE *ready;

	signal(SIGTERM, SIG_IGN);
	ready = fopen(ready_file, "w");
	if (ready == NULL || fclose(ready) != 0)
		return 3;
	for (;;)
		uv_sleep(1000);
}

int main(int argc, char **argv)
{
	if (argc != 3)
		return usage();
	if (strcmp(argv[1], "exit") == 0)
		return atoi(argv[2]);
	if (strcmp(argv[1], "sleep") == 0) {
		uv_sleep((unsigned)atoi(argv[2]));
		return 0;
	}
	if (strcmp(argv[1], "ignore-term") == 0)
		return ignore_term(argv[2]);
	return usage();
}
