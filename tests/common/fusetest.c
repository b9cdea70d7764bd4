// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fusetest.c - the helpers and commands the checkers of the FUSE
 * integration suites share (see fusetest.h).  Each command answers in
 * one line that the suite's script compares with what Linux answers.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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

#include "fusetest.h"

/**
 * ft_errname - the name a script compares for an errno value.
 * @e: an errno value, or 0
 *
 * Return: "OK" for 0, the constant's name (such as "ENOENT") for the
 * errno values the suites expect, strerror() for any other.
 */
const char *ft_errname(int e)
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

/**
 * ft_now - a monotonic clock.
 *
 * Return: seconds since an arbitrary fixed point.
 */
double ft_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/**
 * ft_fail - print a message and a newline to stderr.
 * @fmt: printf format
 *
 * Return: 1, the exit status of a failed check.
 */
int ft_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

/**
 * ft_write_once - open @path for writing and write @s in one write(2).
 * @path: file to write
 * @s: the text
 *
 * Return: 0, or the errno of the failed open() or write().
 */
int ft_write_once(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY), err = 0;

	if (fd < 0)
		return errno;
	if (write(fd, s, strlen(s)) < 0)
		err = errno;
	close(fd);
	return err;
}

/**
 * ft_read_once - open @path for reading and read(2) it once, as cat's
 * first read does.
 * @path: file to read
 *
 * Return: 0, or the errno of the failed open() or read().
 */
int ft_read_once(const char *path)
{
	char buf[4096];
	int fd = open(path, O_RDONLY), err = 0;

	if (fd < 0)
		return errno;
	if (read(fd, buf, sizeof(buf)) < 0)
		err = errno;
	close(fd);
	return err;
}

/**
 * ft_write_later - write @s to @path after @delay seconds, in a child.
 * @path: file to write
 * @s: the text
 * @delay: seconds to wait first
 *
 * Return: the child's pid (-1 when fork failed); ft_reap() collects it.
 */
pid_t ft_write_later(const char *path, const char *s, double delay)
{
	pid_t pid = fork();

	if (pid == 0) {
		usleep((useconds_t)(delay * 1e6));
		_exit(ft_write_once(path, s) ? 1 : 0);
	}
	return pid;
}

/**
 * ft_reap - wait for a child of ft_write_later().
 * @pid: the child
 *
 * Return: 0 when its write succeeded, 1 otherwise.
 */
int ft_reap(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) < 0)
		return 1;
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : 1;
}

/* ---- the shared commands ---- */

static int close_result(int fd)
{
	if (fd >= 0)
		close(fd);
	return fd < 0 ? -1 : 0;
}

/*
 * The errno command's syscall.  Return: its result (-1: see errno), or -2
 * when @op is unknown.
 */
static int do_op(const char *op, const char *path, const char *arg)
{
	struct stat st;

	if (!strcmp(op, "creat") || !strcmp(op, "creat-excl"))
		return close_result(open(path, O_WRONLY | O_CREAT |
					 (op[5] ? O_EXCL : 0), 0644));
	if (!strcmp(op, "open-write"))
		return close_result(open(path, O_WRONLY));
	if (!strcmp(op, "open-dir"))
		return close_result(open(path, O_RDONLY | O_DIRECTORY));
	if (!strcmp(op, "mknod"))
		return mknod(path, S_IFREG | 0644, 0);
	if (!strcmp(op, "symlink"))
		return symlink("target", path);
	if (!strcmp(op, "link"))
		return link(path, arg);
	if (!strcmp(op, "rename"))
		return rename(path, arg);
	if (!strcmp(op, "unlink"))
		return unlink(path);
	if (!strcmp(op, "rmdir"))
		return rmdir(path);
	if (!strcmp(op, "mkdir"))
		return mkdir(path, 0755);
	if (!strcmp(op, "stat"))
		return stat(path, &st);
	if (!strcmp(op, "write")) {
		errno = ft_write_once(path, arg);
		return errno ? -1 : 0;
	}
	if (!strcmp(op, "read")) {
		errno = ft_read_once(path);
		return errno ? -1 : 0;
	}
	if (!strcmp(op, "setxattr"))
		return setxattr(path, "user.demo", arg, strlen(arg), 0);
	return -2;
}

static int op_errno(const char *op, const char *path, const char *arg)
{
	char buf[256];
	ssize_t n;
	int r;

	if (!strcmp(op, "getxattr")) {
		n = getxattr(path, "user.demo", buf, sizeof(buf) - 1);
		if (n >= 0) {
			printf("%.*s\n", (int)n, buf);
			return 0;
		}
		r = -1;
	} else {
		r = do_op(op, path, arg);
		if (r == -2)
			return ft_fail("unknown op %s", op);
	}
	printf("%s\n", ft_errname(r < 0 ? errno : 0));
	return 0;
}

/* Errors a walker may see when it races with mkdir/rmdir below @part. */
static bool racy(const char *path, int err, const char *part)
{
	return (err == ENOENT || err == ENODEV) && strstr(path, part);
}

static int walk_dir(const char *path, unsigned long *nodes, const char *part)
{
	DIR *d = opendir(path);
	struct dirent *de;
	int bad = 0;

	if (!d)
		return racy(path, errno, part) ? 0 :
		       ft_fail("opendir %s: %s", path, strerror(errno));
	while ((de = readdir(d))) {
		char sub[4096];
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
		if (de->d_type == DT_UNKNOWN)
			bad |= ft_fail("%s: d_type not filled", sub);
		if (lstat(sub, &st) < 0) {
			if (!racy(sub, errno, part))
				bad |= ft_fail("stat %s: %s", sub,
					       strerror(errno));
			continue;
		}
		(*nodes)++;
		if (S_ISDIR(st.st_mode))
			bad |= walk_dir(sub, nodes, part);
	}
	closedir(d);
	return bad;
}

static int walk(const char *dir, double secs, const char *part)
{
	double end = ft_now() + secs;
	unsigned long nodes = 0, rounds = 0;
	int bad;

	do {
		bad = walk_dir(dir, &nodes, part);
		rounds++;
	} while (ft_now() < end && !bad);
	printf("walked %lu nodes in %lu rounds\n", nodes, rounds);
	return bad;
}

static int reader(double secs, char **files, int n)
{
	double end = ft_now() + secs;
	unsigned long reads = 0;
	int i, err;

	while (ft_now() < end) {
		for (i = 0; i < n; i++) {
			err = ft_read_once(files[i]);
			if (err)
				return ft_fail("read %s: %s", files[i],
					       strerror(err));
			reads++;
		}
	}
	printf("%lu reads\n", reads);
	return 0;
}

static int mkrm(const char *dir, double secs, const char *file)
{
	double end = ft_now() + secs;
	char path[4096], f[8192];
	unsigned long i;
	int err;

	for (i = 0; ft_now() < end; i++) {
		snprintf(path, sizeof(path), "%s/loop%lu", dir, i % 4);
		if (mkdir(path, 0755) < 0)
			return ft_fail("mkdir %s: %s", path, strerror(errno));
		snprintf(f, sizeof(f), "%s/%s", path, file);
		err = ft_read_once(f);
		if (err)
			return ft_fail("read %s: %s", f, strerror(err));
		if (rmdir(path) < 0)
			return ft_fail("rmdir %s: %s", path, strerror(errno));
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
		return ft_fail("fork: %s", strerror(errno));
	if (pid == 0) {
		execvp("bash", argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return ft_fail("waitpid: %s", strerror(errno));
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

/**
 * ft_main - run the command argv[1] of a checker, with SIGPIPE ignored.
 * @argc: main()'s argc
 * @argv: main()'s argv: the command, then its arguments
 * @c: the checker: its own commands and what the shared ones need
 *
 * Return: the exit status: 0 when the check could be made (or held),
 * 1 when not (with a message on stderr), 2 for an unknown command or
 * a wrong number of arguments; "run" returns the script's status.
 */
int ft_main(int argc, char **argv, const struct ft_checker *c)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	char **arg = argv + 2;
	int n = argc - 2;

	signal(SIGPIPE, SIG_IGN);
	if (!strcmp(cmd, "run") && n >= 1) {
		argv[1] = "bash";
		return run_script(argv + 1);
	}
	if (!strcmp(cmd, "errno") && n >= 2)
		return op_errno(arg[0], arg[1], n > 2 ? arg[2] : "");
	if (!strcmp(cmd, "walk") && n == 2)
		return walk(arg[0], atof(arg[1]), c->racy);
	if (!strcmp(cmd, "reader") && n >= 2)
		return reader(atof(arg[0]), arg + 1, n - 1);
	if (!strcmp(cmd, "mkrm") && n == 2)
		return mkrm(arg[0], atof(arg[1]), c->mkrm_file);
	for (const struct ft_cmd *k = c->cmds; k->name; k++)
		if (!strcmp(cmd, k->name) && n == k->nargs)
			return k->run(arg);
	fprintf(stderr, "usage: see the comment at the top of %s\n", c->source);
	return 2;
}
