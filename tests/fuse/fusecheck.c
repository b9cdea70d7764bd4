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
 * errno, walk, reader, mkrm and run are tests/common/fusetest.c's.
 * Exit status 0 when the check holds, 1 otherwise (with a message).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fusetest.h"

/* poll() on FILE sleeps, and wakes when TRIGGER is written (ERR|PRI). */
static int poll_notify(char **arg)
{
	const char *file = arg[0], *trigger = arg[1];
	char buf[64];
	struct pollfd p = { .events = POLLPRI };
	double t0, dt;
	pid_t pid;
	int r;

	p.fd = open(file, O_RDONLY);
	if (p.fd < 0)
		return ft_fail("open %s: %s", file, strerror(errno));
	if (read(p.fd, buf, sizeof(buf)) < 0)	/* consume the event */
		return ft_fail("read %s: %s", file, strerror(errno));
	r = poll(&p, 1, 300);
	if (r != 0)
		return ft_fail("poll before any trigger returned %s",
			       r < 0 ? strerror(errno) : "an event");
	t0 = ft_now();
	pid = ft_write_later(trigger, "1\n", 0.3);
	r = poll(&p, 1, 5000);
	dt = ft_now() - t0;
	if (ft_reap(pid))
		return ft_fail("writing %s failed", trigger);
	if (r != 1 || !(p.revents & POLLPRI) || !(p.revents & POLLERR))
		return ft_fail("poll after the trigger: no POLLERR|POLLPRI");
	if (dt < 0.2 || dt > 4.5)
		return ft_fail("poll woke at the wrong time");
	close(p.fd);
	printf("woken after %.2f s\n", dt);
	return 0;
}

/* The pipe: EAGAIN, ESPIPE, POLLIN on data, then a blocking read. */
static int pipe_check(char **arg)
{
	const char *pipe_path = arg[0], *in = arg[1];
	struct pollfd p = { .events = POLLIN };
	char buf[64];
	ssize_t n;
	pid_t pid;
	int fd;

	p.fd = open(pipe_path, O_RDONLY | O_NONBLOCK);
	if (p.fd < 0)
		return ft_fail("open %s: %s", pipe_path, strerror(errno));
	if (read(p.fd, buf, sizeof(buf)) >= 0 || errno != EAGAIN)
		return ft_fail("empty O_NONBLOCK read: not EAGAIN");
	if (lseek(p.fd, 0, SEEK_SET) >= 0 || errno != ESPIPE)
		return ft_fail("lseek on the pipe: not ESPIPE");
	if (poll(&p, 1, 200) != 0)
		return ft_fail("poll on an empty pipe returned early");
	pid = ft_write_later(in, "ping\n", 0.3);
	if (poll(&p, 1, 5000) != 1 || !(p.revents & POLLIN))
		return ft_fail("no POLLIN after a write to %s", in);
	ft_reap(pid);
	n = read(p.fd, buf, sizeof(buf));
	if (n != 5 || memcmp(buf, "ping\n", 5))
		return ft_fail("nonblocking read after POLLIN: wrong data");
	close(p.fd);
	fd = open(pipe_path, O_RDONLY);
	pid = ft_write_later(in, "pong\n", 0.3);
	n = read(fd, buf, sizeof(buf));	/* blocks until the write */
	ft_reap(pid);
	close(fd);
	if (n != 5 || memcmp(buf, "pong\n", 5))
		return ft_fail("blocking read: wrong data");
	printf("ok\n");
	return 0;
}

/* An fd held open across the node's removal (COMMAND to CTL): ENODEV. */
static int enodev(char **arg)
{
	const char *file = arg[0], *ctl = arg[1], *cmd = arg[2];
	char buf[64];
	int fd = open(file, O_RDONLY), err;

	if (fd < 0)
		return ft_fail("open %s: %s", file, strerror(errno));
	err = ft_write_once(ctl, cmd);
	if (err)
		return ft_fail("write to ctl: %s", strerror(err));
	if (read(fd, buf, sizeof(buf)) >= 0)
		errno = 0;
	printf("%s\n", ft_errname(errno));
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct ft_cmd cmds[] = {
		{ "poll-notify", 2, poll_notify },
		{ "pipe", 2, pipe_check },
		{ "enodev", 3, enodev },
		{ NULL, 0, NULL },
	};
	static const struct ft_checker checker = {
		.source = "fusecheck.c",
		.racy = "/groups/",
		.mkrm_file = "sub/id",
		.cmds = cmds,
	};

	return ft_main(argc, argv, &checker);
}
