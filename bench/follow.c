/* bench_follow: a follower of a growing log (`ccmwrap scan-log --follow`,
 * `tail -F | grep`), started in a process group of its own with its output
 * on a pipe; a first line it must print tells that it is ready.
 *
 *   bench_follow latency LOG TEXT SAMPLES PROGRAM ARG...
 *       appends SAMPLES lines holding TEXT one at a time, and prints for
 *       each the microseconds from its write to the follower printing it
 *   bench_follow idle LOG TEXT MS PROGRAM ARG...
 *       prints the CPU milliseconds (user + system, /proc/PID/stat) the
 *       follower spends in MS milliseconds of a log that does not grow */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench/generate.h"

#define READY_TIMEOUT_MS 10000
#define READY_RETRY_MS 100
#define MARK_FORMAT "bench-sample-%06u."

typedef struct follower {
	pid_t pid;
	int output;
	strbuf seen;      /* what it printed since the last mark found */
	FILE *log;
	uint64_t line;
} follower;

static double now_us(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)now.tv_sec * 1e6 + (double)now.tv_nsec / 1e3;
}

static void fail(const char *what)
{
	fprintf(stderr, "bench_follow: %s\n", what);
	exit(2);
}

static void start(follower *f, const char *log, char **argv)
{
	int pipe_fds[2];

	f->log = fopen(log, "ab");
	if (f->log == NULL || pipe(pipe_fds) != 0)
		fail("cannot open the log or a pipe");
	f->pid = fork();
	if (f->pid == 0) {
		setpgid(0, 0);
		dup2(pipe_fds[1], STDOUT_FILENO);
		close(pipe_fds[0]);
		close(pipe_fds[1]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(pipe_fds[1]);
	f->output = pipe_fds[0];
	f->seen = (strbuf)STRBUF_INIT;
}

static void append(follower *f, const char *text, unsigned sample)
{
	char message[512];

	snprintf(message, sizeof message, "%s1603 " MARK_FORMAT, text, sample);
	bench_log_line(f->log, f->line++, message);
	if (fflush(f->log) != 0)
		fail("cannot append to the log");
}

/* Reads what the follower printed until mark, waiting at most timeout_ms
 * for each read; false when it printed nothing in that time. */
static bool read_until(follower *f, const char *mark, int timeout_ms)
{
	char chunk[4096];

	while (f->seen.data == NULL || strstr(f->seen.data, mark) == NULL) {
		struct pollfd waiting = { .fd = f->output, .events = POLLIN };
		if (poll(&waiting, 1, timeout_ms) <= 0)
			return false;
		ssize_t got = read(f->output, chunk, sizeof chunk);
		if (got <= 0)
			fail("the follower ended");
		strbuf_add(&f->seen, chunk, (size_t)got);
	}
	strbuf_clear(&f->seen);
	return true;
}

static void await(follower *f, unsigned sample)
{
	char mark[64];

	snprintf(mark, sizeof mark, MARK_FORMAT, sample);
	if (!read_until(f, mark, READY_TIMEOUT_MS))
		fail("the follower printed nothing for 10 s");
}

/* A follower that starts at the log's end (tail -n 0) misses a line written
 * before it looked: the first line is written again until one is printed. */
static void await_ready(follower *f, const char *text)
{
	char mark[64];

	snprintf(mark, sizeof mark, MARK_FORMAT, 0u);
	for (int tries = 0; tries < READY_TIMEOUT_MS / READY_RETRY_MS; tries++) {
		append(f, text, 0);
		if (read_until(f, mark, READY_RETRY_MS))
			return;
	}
	fail("the follower printed nothing for 10 s");
}

static void stop(follower *f)
{
	int status;

	kill(-f->pid, SIGTERM);
	waitpid(f->pid, &status, 0);
	close(f->output);
	fclose(f->log);
	strbuf_free(&f->seen);
}

static long cpu_ticks(pid_t pid)
{
	char path[64], stat[1024];
	unsigned long user = 0, system = 0;

	snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
	FILE *file = fopen(path, "r");
	if (file == NULL || fgets(stat, sizeof stat, file) == NULL)
		fail("cannot read the follower's /proc/PID/stat");
	fclose(file);
	/* The fields after the command's name, which may hold spaces: state
	 * is the third field, utime and stime the 14th and 15th. */
	const char *after = strrchr(stat, ')');
	if (after == NULL || sscanf(after + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
	                            &user, &system) != 2)
		fail("cannot parse the follower's /proc/PID/stat");
	return (long)(user + system);
}

static void latency(follower *f, const char *text, unsigned samples)
{
	for (unsigned sample = 1; sample <= samples; sample++) {
		double written = now_us();
		append(f, text, sample);
		await(f, sample);
		printf("%.1f\n", now_us() - written);
	}
}

static void idle(follower *f, unsigned ms)
{
	long before = cpu_ticks(f->pid);
	struct timespec pause = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000 };

	while (nanosleep(&pause, &pause) != 0 && errno == EINTR)
		;
	printf("%.0f\n", (double)(cpu_ticks(f->pid) - before) * 1000.0 / (double)sysconf(_SC_CLK_TCK));
}

int main(int argc, char **argv)
{
	follower f = { 0 };
	char *end;

	if (argc < 6 || (strcmp(argv[1], "latency") != 0 && strcmp(argv[1], "idle") != 0)) {
		fprintf(stderr, "usage: bench_follow latency|idle LOG TEXT SAMPLES|MS PROGRAM [ARG...]\n");
		return 2;
	}
	unsigned long count = strtoul(argv[4], &end, 10);
	if (*end != '\0' || count == 0)
		fail("SAMPLES or MS is not a positive number");
	start(&f, argv[2], argv + 5);
	await_ready(&f, argv[3]);
	if (strcmp(argv[1], "latency") == 0)
		latency(&f, argv[3], (unsigned)count);
	else
		idle(&f, (unsigned)count);
	stop(&f);
	return 0;
}
