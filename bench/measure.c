/* bench_measure OUT ERR PROGRAM ARG...: runs the program once with its
 * output to the file OUT (never /dev/null: GNU grep stops at the first
 * match when its output is /dev/null) and its errors to ERR, and prints
 * "WALL_MS PEAK_RSS_KIB EXIT": wall time from fork to reaping, and the
 * largest resident set of the program and of anything it waited for
 * (getrusage of the children: this driver has no other child). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)now.tv_sec * 1e3 + (double)now.tv_nsec / 1e6;
}

static void redirect(const char *path, int flags, int target)
{
	int fd = open(path, flags, 0644);

	if (fd < 0 || dup2(fd, target) < 0) {
		fprintf(stderr, "bench_measure: cannot open %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	close(fd);
}

static void run_child(const char *out, const char *err, char **argv)
{
	redirect("/dev/null", O_RDONLY, STDIN_FILENO);
	redirect(out, O_WRONLY | O_CREAT | O_TRUNC, STDOUT_FILENO);
	redirect(err, O_WRONLY | O_CREAT | O_TRUNC, STDERR_FILENO);
	execvp(argv[0], argv);
	fprintf(stderr, "bench_measure: cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

int main(int argc, char **argv)
{
	struct rusage usage;
	int status;

	if (argc < 4) {
		fprintf(stderr, "usage: bench_measure OUT ERR PROGRAM [ARG...]\n");
		return 2;
	}
	double start = now_ms();
	pid_t pid = fork();
	if (pid < 0) {
		perror("bench_measure: fork");
		return 2;
	}
	if (pid == 0)
		run_child(argv[1], argv[2], argv + 3);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			perror("bench_measure: waitpid");
			return 2;
		}
	double wall = now_ms() - start;
	getrusage(RUSAGE_CHILDREN, &usage);
	printf("%.3f %ld %d\n", wall, usage.ru_maxrss,
	       WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return 0;
}
