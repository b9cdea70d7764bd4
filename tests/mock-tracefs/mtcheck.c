// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * mtcheck - the syscalls run-mock-tracefs-tests.sh cannot make from the
 * shell, each answering in one line that the script compares with what
 * Linux 6.18's tracefs answers.
 *
 *   mtcheck errno OP PATH [ARG]   "OK" or the errno name of OP
 *				   (stat, read, write, mkdir, rmdir, creat,
 *				   open-write, ...: see fusetest.h)
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
 * errno, walk, reader, mkrm and run are tests/common/fusetest.c's.
 * Exit status 0 when the check could be made, 1 otherwise (message on
 * stderr).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fusetest.h"

/* Read from offset 0 again, whatever was read before; Return: 0 or errno. */
static int read_fd(int fd)
{
	char buf[4096];

	return pread(fd, buf, sizeof(buf), 0) < 0 ? errno : 0;
}

static int busy(char **arg)
{
	const char *file = arg[0], *dir = arg[1];
	int fd = open(file, O_RDONLY), first, second;

	if (fd < 0)
		return ft_fail("open %s: %s", file, strerror(errno));
	first = rmdir(dir) < 0 ? errno : 0;
	close(fd);
	/*
	 * As with the kernel's tracefs, the directory is free once close()
	 * returned, although FUSE sends RELEASE only after that.
	 */
	second = rmdir(dir) < 0 ? errno : 0;
	printf("%s %s\n", ft_errname(first), ft_errname(second));
	return 0;
}

static int enodev(char **arg)
{
	const char *file = arg[0], *dir = arg[1];
	int fd = open(file, O_RDONLY), before, rm, after;

	if (fd < 0)
		return ft_fail("open %s: %s", file, strerror(errno));
	before = read_fd(fd);
	rm = rmdir(dir) < 0 ? errno : 0;
	after = read_fd(fd);
	close(fd);
	printf("%s %s %s\n", ft_errname(before), ft_errname(rm),
	       ft_errname(after));
	return 0;
}

static int pipe_poll(char **arg)
{
	const char *pipe_path = arg[0], *marker = arg[1], *text = arg[2];
	struct pollfd p = { .events = POLLIN };
	char buf[8192];
	double t0, dt;
	ssize_t n;
	pid_t pid;
	int r;

	p.fd = open(pipe_path, O_RDONLY | O_NONBLOCK);
	if (p.fd < 0)
		return ft_fail("open %s: %s", pipe_path, strerror(errno));
	if (read(p.fd, buf, sizeof(buf)) >= 0 || errno != EAGAIN)
		return ft_fail("empty O_NONBLOCK read: not EAGAIN");
	if (poll(&p, 1, 300) != 0)
		return ft_fail("poll on an empty trace_pipe returned early");
	t0 = ft_now();
	pid = ft_write_later(marker, text, 0.3);
	r = poll(&p, 1, 10000);
	dt = ft_now() - t0;
	if (ft_reap(pid))
		return ft_fail("writing %s failed", marker);
	if (r != 1 || !(p.revents & POLLIN))
		return ft_fail("no POLLIN after writing %s", marker);
	if (dt < 0.2)
		return ft_fail("poll woke before the write (%.2f s)", dt);
	n = read(p.fd, buf, sizeof(buf) - 1);
	close(p.fd);
	if (n <= 0)
		return ft_fail("read after POLLIN: %s",
			       n ? strerror(errno) : "EOF");
	buf[n] = '\0';
	if (!strstr(buf, "tracing_mark_write: ") || !strstr(buf, text))
		return ft_fail("trace_pipe gave: %s", buf);
	printf("woken after %.2f s\n", dt);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct ft_cmd cmds[] = {
		{ "busy", 2, busy },
		{ "enodev", 2, enodev },
		{ "pipe-poll", 3, pipe_poll },
		{ NULL, 0, NULL },
	};
	static const struct ft_checker checker = {
		.source = "mtcheck.c",
		.racy = "/instances/",
		.mkrm_file = "events/sched/sched_switch/format",
		.cmds = cmds,
	};

	return ft_main(argc, argv, &checker);
}
