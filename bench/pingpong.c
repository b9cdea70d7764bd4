/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pingpong - the machine's cost of one wake-up round trip between two
 * processes (one byte each way through two pipes), the floor under every
 * FUSE request: the walk benchmark prints it next to its figures.
 *
 *   pingpong [ROUNDS]   prints microseconds per round trip
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int echo_loop(int in, int out, long rounds)
{
	char c;

	for (long i = 0; i < rounds; i++)
		if (read(in, &c, 1) != 1 || write(out, &c, 1) != 1)
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	long rounds = argc > 1 ? strtol(argv[1], NULL, 10) : 20000;
	int to[2], from[2];
	double t0, t1;
	char c = 'x';
	pid_t pid;

	if (rounds <= 0 || pipe(to) || pipe(from)) {
		fprintf(stderr, "usage: pingpong [ROUNDS]\n");
		return 2;
	}
	pid = fork();
	if (pid < 0) {
		perror("pingpong: fork");
		return 1;
	}
	if (pid == 0)
		_exit(echo_loop(to[0], from[1], rounds));
	t0 = now_us();
	for (long i = 0; i < rounds; i++)
		if (write(to[1], &c, 1) != 1 || read(from[0], &c, 1) != 1) {
			fprintf(stderr, "pingpong: the echo process died\n");
			return 1;
		}
	t1 = now_us();
	waitpid(pid, NULL, 0);
	printf("%.2f\n", (t1 - t0) / rounds);
	return 0;
}
