// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fusecheck - the syscalls run-fuse-tests.sh cannot make from the shell,
 * each answering in one line the script compares with what Linux answers.
 *
 *   fusecheck errno OP PATH [ARG]    print "OK" or the errno name of OP
 *   fusecheck poll-notify FILE TRIGGER
 *   fusecheck pipe PIPE PIPE_IN
 *   fusecheck enodev FILE CTL COMMAND
 *   fusecheck walk DIR SECONDS       stat every node again and again
 *   fusecheck reader SECONDS FILE... read files again and again
 *   fusecheck mkrm DIR SECONDS       mkdir/rmdir DIR/loopN again and again
 *   fusecheck run SCRIPT ARGS...     run SCRIPT with bash, return its status
 *
 * Exit status 0 when the check holds, 1 otherwise (with a message).
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
#include <sys/xattr.h>
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
	case ENODATA: return "ENODATA";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case ESTALE: return "ESTALE";
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

/* Write @s in one write(2); Return: 0 or errno. */
static int write_once(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	int err = 0;

	if (fd < 0)
		return errno;
	if (write(fd, s, strlen(s)) < 0)
		err = errno;
	close(fd);
	return err;
}

static int read_once(const char *path)
{
	char buf[4096];
	int fd = open(path, O_RDONLY);
	int err = 0;

	if (fd < 0)
		return errno;
	if (read(fd, buf, sizeof(buf)) < 0)
		err = errno;
	close(fd);
	return err;
}

static int op_errno(const char *op, const char *path, const char *arg)
{
	char buf[256];
	struct stat st;
	ssize_t n;
	int fd, r = 0;

	if (!strcmp(op, "creat") || !strcmp(op, "creat-excl")) {
		fd = open(path, O_WRONLY | O_CREAT |
			  (op[5] ? O_EXCL : 0), 0644);
		if (fd >= 0)
			close(fd);
		r = fd;
	} else if (!strcmp(op, "open-write")) {
		fd = open(path, O_WRONLY);
		if (fd >= 0)
			close(fd);
		r = fd;
	} else if (!strcmp(op, "open-dir")) {
		fd = open(path, O_RDONLY | O_DIRECTORY);
		if (fd >= 0)
			close(fd);
		r = fd;
	} else if (!strcmp(op, "mknod")) {
		r = mknod(path, S_IFREG | 0644, 0);
	} else if (!strcmp(op, "symlink")) {
		r = symlink("target", path);
	} else if (!strcmp(op, "link")) {
		r = link(path, arg);
	} else if (!strcmp(op, "rename")) {
		r = rename(path, arg);
	} else if (!strcmp(op, "unlink")) {
		r = unlink(path);
	} else if (!strcmp(op, "rmdir")) {
		r = rmdir(path);
	} else if (!strcmp(op, "mkdir")) {
		r = mkdir(path, 0755);
	} else if (!strcmp(op, "stat")) {
		r = stat(path, &st);
	} else if (!strcmp(op, "write")) {
		errno = write_once(path, arg);
		r = errno ? -1 : 0;
	} else if (!strcmp(op, "read")) {
		errno = read_once(path);
		r = errno ? -1 : 0;
	} else if (!strcmp(op, "setxattr")) {
		r = setxattr(path, "user.demo", arg, strlen(arg), 0);
	} else if (!strcmp(op, "getxattr")) {
		n = getxattr(path, "user.demo", buf, sizeof(buf) - 1);
		if (n >= 0) {
			printf("%.*s\n", (int)n, buf);
			return 0;
		}
		r = -1;
	} else {
		return fail("unknown op %s", op);
	}
	printf("%s\n", errname(r < 0 ? errno : 0));
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

	waitpid(pid, &status, 0);
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : 1;
}

/* poll() on FILE sleeps, and wakes when TRIGGER is written (ERR|PRI). */
static int poll_notify(const char *file, const char *trigger)
{
	char buf[64];
	struct pollfd p = { .events = POLLPRI };
	double t0, dt;
	pid_t pid;
	int r;

	p.fd = open(file, O_RDONLY);
	if (p.fd < 0)
		return fail("open %s: %s", file, strerror(errno));
	if (read(p.fd, buf, sizeof(buf)) < 0)	/* consume the event */
		return fail("read %s: %s", file, strerror(errno));
	r = poll(&p, 1, 300);
	if (r != 0)
		return fail("poll before any trigger returned %s",
			    r < 0 ? strerror(errno) : "an event");
	t0 = now();
	pid = write_later(trigger, "1\n", 0.3);
	r = poll(&p, 1, 5000);
	dt = now() - t0;
	if (reap(pid))
		return fail("writing %s failed", trigger);
	if (r != 1 || !(p.revents & POLLPRI) || !(p.revents & POLLERR))
		return fail("poll after the trigger: no POLLERR|POLLPRI");
	if (dt < 0.2 || dt > 4.5)
		return fail("poll woke at the wrong time");
	close(p.fd);
	printf("woken after %.2f s\n", dt);
	return 0;
}

/* The pipe: EAGAIN, ESPIPE, POLLIN on data, then a blocking read. */
static int pipe_check(const char *pipe_path, const char *in)
{
	struct pollfd p = { .events = POLLIN };
	char buf[64];
	ssize_t n;
	pid_t pid;
	int fd;

	p.fd = open(pipe_path, O_RDONLY | O_NONBLOCK);
	if (p.fd < 0)
		return fail("open %s: %s", pipe_path, strerror(errno));
	if (read(p.fd, buf, sizeof(buf)) >= 0 || errno != EAGAIN)
		return fail("empty O_NONBLOCK read: not EAGAIN");
	if (lseek(p.fd, 0, SEEK_SET) >= 0 || errno != ESPIPE)
		return fail("lseek on the pipe: not ESPIPE");
	if (poll(&p, 1, 200) != 0)
		return fail("poll on an empty pipe returned early");
	pid = write_later(in, "ping\n", 0.3);
	if (poll(&p, 1, 5000) != 1 || !(p.revents & POLLIN))
		return fail("no POLLIN after a write to %s", in);
	reap(pid);
	n = read(p.fd, buf, sizeof(buf));
	if (n != 5 || memcmp(buf, "ping\n", 5))
		return fail("nonblocking read after POLLIN: wrong data");
	close(p.fd);
	fd = open(pipe_path, O_RDONLY);
	pid = write_later(in, "pong\n", 0.3);
	n = read(fd, buf, sizeof(buf));	/* blocks until the write */
	reap(pid);
	close(fd);
	if (n != 5 || memcmp(buf, "pong\n", 5))
		return fail("blocking read: wrong data");
	printf("ok\n");
	return 0;
}

/* An fd held open across the node's removal answers ENODEV. */
static int enodev(const char *file, const char *ctl, const char *cmd)
{
	char buf[64];
	int fd = open(file, O_RDONLY), err;

	if (fd < 0)
		return fail("open %s: %s", file, strerror(errno));
	err = write_once(ctl, cmd);
	if (err)
		return fail("write to ctl: %s", strerror(err));
	if (read(fd, buf, sizeof(buf)) >= 0)
		errno = 0;
	printf("%s\n", errname(errno));
	close(fd);
	return 0;
}

/* Errors a walker may see when it races with mkdir/rmdir under groups/. */
static bool racy(const char *path, int err)
{
	return (err == ENOENT || err == ENODEV) && strstr(path, "/groups/");
}

static int walk_dir(const char *path, unsigned long *nodes)
{
	DIR *d = opendir(path);
	struct dirent *de;
	int bad = 0;

	if (!d)
		return racy(path, errno) ? 0 : fail("opendir %s: %s", path,
						    strerror(errno));
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
	int bad = 0;

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
	unsigned long i = 0;
	char path[4096], f[4200];

	for (; now() < end; i++) {
		snprintf(path, sizeof(path), "%s/loop%lu", dir, i % 4);
		if (mkdir(path, 0755) < 0)
			return fail("mkdir %s: %s", path, strerror(errno));
		snprintf(f, sizeof(f), "%s/sub/id", path);
		if (read_once(f))
			return fail("read %s: %s", f, strerror(errno));
		if (rmdir(path) < 0)
			return fail("rmdir %s: %s", path, strerror(errno));
	}
	printf("%lu mkdir/rmdir cycles\n", i);
	return 0;
}

/*
 * Run the test script under bash and pass its exit status on: meson's
 * valgrind setup then checks this small program (and the script runs the
 * daemon under valgrind itself) instead of bash.
 */
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
	if (!strcmp(cmd, "poll-notify") && argc == 4)
		return poll_notify(argv[2], argv[3]);
	if (!strcmp(cmd, "pipe") && argc == 4)
		return pipe_check(argv[2], argv[3]);
	if (!strcmp(cmd, "enodev") && argc == 5)
		return enodev(argv[2], argv[3], argv[4]);
	if (!strcmp(cmd, "walk") && argc == 4)
		return walk(argv[2], atof(argv[3]));
	if (!strcmp(cmd, "reader") && argc >= 4)
		return reader(atof(argv[2]), argv + 3, argc - 3);
	if (!strcmp(cmd, "mkrm") && argc == 4)
		return mkrm(argv[2], atof(argv[3]));
	fprintf(stderr, "usage: see the comment at the top of fusecheck.c\n");
	return 2;
}
