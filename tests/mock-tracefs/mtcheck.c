// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * mtcheck - the syscalls run-mock-tracefs-tests.sh cannot make from the
 * shell, each answering in one line that the script compares with what
 * Linux 6.18's tracefs answers.
 *
 *   mtcheck errno OP PATH [ARG]   "OK" or the errno name of OP
 *				   (stat, read, write, mkdir, rmdir, creat,
 *				   open-write)
 *   mtcheck busy FILE DIR         rmdir DIR while FILE is open, then
 *				   after closing it: "EBUSY OK"
 *   mtcheck enodev FILE DIR       read FILE, rmdir DIR, read the same fd
 *				   again: "OK OK ENODEV"
 *   mtcheck pipe-poll PIPE MARKER TEXT
 *				   poll() on PIPE sleeps, wakes with POLLIN
 *				   when TEXT is written to MARKER, and the
 *				   read shows it
 *   mtcheck walk DIR SECONDS      stat every node again and again
 *   mtcheck reader SECONDS FILE...  read files again and again
 *   mtcheck mkrm DIR SECONDS      mkdir/rmdir DIR/loopN and read a file
 *				   of each new instance, again and again
 *   mtcheck run SCRIPT ARGS...    run SCRIPT with bash, return its status
 *
 * Exit status 0 when the check could be made, 1 otherwise (message on
 * stderr).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *errname(int e)
{
	switch (e) {
	case 0: return "OK";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case EINTR: return "EINTR";
	case EBADF: return "EBADF";
	case EAGAIN: return "EAGAIN";
	case EACCES: return "EACCES";
	case EBUSY: return "EBUSY";
	case EEXIST: return "EEXIST";
	case ENODEV: return "ENODEV";
	case ENOTDIR: return "ENOTDIR";
	case EISDIR: return "EISDIR";
	case EINVAL: return "EINVAL";
	case ENOTEMPTY: return "ENOTEMPTY";
	case ESPIPE: return "ESPIPE";
	case ENOTCONN: return "ENOTCONN";
	default: return strerror(e);
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

/* Return: 0 or errno. */
static int write_once(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY), err = 0;

	if (fd < 0)
		return errno;
	if (write(fd, s, strlen(s)) < 0)
		err = errno;
	close(fd);
	return err;
}

static int read_fd(int fd)
{
	char buf[4096];

	return pread(fd, buf, sizeof(buf), 0) < 0 ? errno : 0;
}

static int read_once(const char *path)
{
	int fd = open(path, O_RDONLY), err;

	if (fd < 0)
		return errno;
	err = read_fd(fd);
	close(fd);
	return err;
}

static int op_errno(const char *op, const char *path, const char *arg)
{
	struct stat st;
	int r, fd;

	if (!strcmp(op, "stat")) {
		r = stat(path, &st) < 0 ? errno : 0;
	} else if (!strcmp(op, "read")) {
		r = read_once(path);
	} else if (!strcmp(op, "write")) {
		r = write_once(path, arg);
	} else if (!strcmp(op, "mkdir")) {
		r = mkdir(path, 0755) < 0 ? errno : 0;
	} else if (!strcmp(op, "rmdir")) {
		r = rmdir(path) < 0 ? errno : 0;
	} else if (!strcmp(op, "creat") || !strcmp(op, "open-write")) {
		fd = open(path, O_WRONLY | (op[0] == 'c' ? O_CREAT : 0), 0644);
		r = fd < 0 ? errno : 0;
		if (fd >= 0)
			close(fd);
	} else {
		return fail("unknown op %s", op);
	}
	printf("%s\n", errname(r));
	return 0;
}

static int busy(const char *file, const char *dir)
{
	int fd = open(file, O_RDONLY), first, second;

	if (fd < 0)
		return fail("open %s: %s", file, strerror(errno));
	first = rmdir(dir) < 0 ? errno : 0;
	close(fd);
	/*
	 * FUSE sends RELEASE after close() returns (the kernel's tracefs
	 * releases synchronously): allow the daemon up to 2 s to see it.
	 */
	for (int i = 0; i < 200; i++) {
		second = rmdir(dir) < 0 ? errno : 0;
		if (second != EBUSY)
			break;
		usleep(10000);
	}
	printf("%s %s\n", errname(first), errname(second));
	return 0;
}

static int enodev(const char *file, const char *dir)
{
	int fd = open(file, O_RDONLY), before, rm, after;

	if (fd < 0)
		return fail("open %s: %s", file, strerror(errno));
	before = read_fd(fd);
	rm = rmdir(dir) < 0 ? errno : 0;
	after = read_fd(fd);
	close(fd);
	printf("%s %s %s\n", errname(before), errname(rm), errname(after));
	return 0;
}

/* Write @s to @path after @delay seconds, in a child. */
static pid_t write_later(const char *path, const char *s, double delay)
{
	pid_t pid = fork();

	if (pid == 0) {
		usleep((useconds_t)(delay * 1e6));
		_exit(write_once(path, s) ? 1 : 0);
	}
	return pid;
}

static int reap(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) < 0)
		return 1;
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : 1;
}

static int pipe_poll(const char *pipe_path, const char *marker,
		     const char *text)
{
	struct pollfd p = { .events = POLLIN };
	char buf[8192];
	double t0, dt;
	ssize_t n;
	pid_t pid;
	int r;

	p.fd = open(pipe_path, O_RDONLY | O_NONBLOCK);
	if (p.fd < 0)
		return fail("open %s: %s", pipe_path, strerror(errno));
	if (read(p.fd, buf, sizeof(buf)) >= 0 || errno != EAGAIN)
		return fail("empty O_NONBLOCK read: not EAGAIN");
	if (poll(&p, 1, 300) != 0)
		return fail("poll on an empty trace_pipe returned early");
	t0 = now();
	pid = write_later(marker, text, 0.3);
	r = poll(&p, 1, 10000);
	dt = now() - t0;
	if (reap(pid))
		return fail("writing %s failed", marker);
	if (r != 1 || !(p.revents & POLLIN))
		return fail("no POLLIN after writing %s", marker);
	if (dt < 0.2)
		return fail("poll woke before the write (%.2f s)", dt);
	n = read(p.fd, buf, sizeof(buf) - 1);
	close(p.fd);
	if (n <= 0)
		return fail("read after POLLIN: %s", n ? strerror(errno) : "EOF");
	buf[n] = '\0';
	if (!strstr(buf, "tracing_mark_write: ") || !strstr(buf, text))
		return fail("trace_pipe gave: %s", buf);
	printf("woken after %.2f s\n", dt);
	return 0;
}

/* Errors a walker may see when it races with mkdir/rmdir of instances. */
static bool racy(const char *path, int err)
{
	return (err == ENOENT || err == ENODEV) && strstr(path, "/instances/");
}

static int walk_dir(const char *path, unsigned long *nodes)
{
	DIR *d = opendir(path);
	struct dirent *de;
	int bad = 0;

	if (!d)
		return racy(path, errno) ? 0 :
		       fail("opendir %s: %s", path, strerror(errno));
	while ((de = readdir(d))) {
		char sub[4096];
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
		if (de->d_type == DT_UNKNOWN)
			bad |= fail("%s: d_type not filled", sub);
		if (lstat(sub, &st) < 0) {
			if (!racy(sub, errno))
				bad |= fail("stat %s: %s", sub, strerror(errno));
			continue;
		}
		(*nodes)++;
		if (S_ISDIR(st.st_mode))
			bad |= walk_dir(sub, nodes);
	}
	closedir(d);
	return bad;
}

static int walk(const char *dir, double secs)
{
	double end = now() + secs;
	unsigned long nodes = 0, rounds = 0;
	int bad;

	do {
		bad = walk_dir(dir, &nodes);
		rounds++;
	} while (now() < end && !bad);
	printf("walked %lu nodes in %lu rounds\n", nodes, rounds);
	return bad;
}

static int reader(double secs, char **files, int n)
{
	double end = now() + secs;
	unsigned long reads = 0;
	int i, err;

	while (now() < end) {
		for (i = 0; i < n; i++) {
			err = read_once(files[i]);
			if (err)
				return fail("read %s: %s", files[i],
					    strerror(err));
			reads++;
		}
	}
	printf("%lu reads\n", reads);
	return 0;
}

static int mkrm(const char *dir, double secs)
{
	double end = now() + secs;
	char path[4096], f[4200];
	unsigned long i;

	for (i = 0; now() < end; i++) {
		snprintf(path, sizeof(path), "%s/loop%lu", dir, i % 4);
		if (mkdir(path, 0755) < 0)
			return fail("mkdir %s: %s", path, strerror(errno));
		snprintf(f, sizeof(f), "%s/events/sched/sched_switch/format",
			 path);
		if (read_once(f))
			return fail("read %s: %s", f, strerror(errno));
		if (rmdir(path) < 0)
			return fail("rmdir %s: %s", path, strerror(errno));
	}
	printf("%lu mkdir/rmdir cycles\n", i);
	return 0;
}

/* Run the script under bash: meson's valgrind setup then wraps us. */
static int run_script(char **argv)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return fail("fork: %s", strerror(errno));
	if (pid == 0) {
		execvp("bash", argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return fail("waitpid: %s", strerror(errno));
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";

	signal(SIGPIPE, SIG_IGN);
	if (!strcmp(cmd, "run") && argc >= 3) {
		argv[1] = "bash";
		return run_script(argv + 1);
	}
	if (!strcmp(cmd, "errno") && argc >= 4)
		return op_errno(argv[2], argv[3], argc > 4 ? argv[4] : "");
	if (!strcmp(cmd, "busy") && argc == 4)
		return busy(argv[2], argv[3]);
	if (!strcmp(cmd, "enodev") && argc == 4)
		return enodev(argv[2], argv[3]);
	if (!strcmp(cmd, "pipe-poll") && argc == 5)
		return pipe_poll(argv[2], argv[3], argv[4]);
	if (!strcmp(cmd, "walk") && argc == 4)
		return walk(argv[2], atof(argv[3]));
	if (!strcmp(cmd, "reader") && argc >= 4)
		return reader(atof(argv[2]), argv + 3, argc - 3);
	if (!strcmp(cmd, "mkrm") && argc == 4)
		return mkrm(argv[2], atof(argv[3]));
	fprintf(stderr, "usage: see the comment at the top of mtcheck.c\n");
	return 2;
}
