/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mock-remount.c - the control channel through which
 * "mock-tracefs remount MOUNTPOINT -o OPTIONS" reaches the daemon serving
 * MOUNTPOINT (protocol and socket location: see mock-tracefs.h).
 *
 * Why a socket and not an ioctl on the mount root: FUSE passes ioctls on
 * directories only with restrictions, and a socket lets the daemon check
 * who asks (SO_PEERCRED) before anything is parsed.
 */
#include "mock-tracefs.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#define MT_FUSE_SUPER_MAGIC	0x65735546
#define MT_REQ_MAX		4096
#define MT_IO_TIMEOUT_MS	5000
#define MT_CONNECT_WAIT_MS	2000

struct mt_ctl {
	char *mountpoint;
	char *sock_path;	/* where it is bound */
	int lfd;		/* the listening socket */
	mt_apply_fn apply;
	void *data;
	int stop_pipe[2];
	pthread_t thread;
	bool started;
};

/* ---- where the socket lives ---- */

/*
 * The directories where this user's control sockets may be, in the order
 * tried: $XDG_RUNTIME_DIR/mock-tracefs, then /tmp/mock-tracefs-UID (for
 * sessions without XDG_RUNTIME_DIR, or one the daemon cannot use).
 * Return: a NULL-terminated array (g_strfreev()).
 */
static char **mt_sock_dirs(void)
{
	const char *xdg = g_getenv("XDG_RUNTIME_DIR");
	GPtrArray *a = g_ptr_array_new();

	if (xdg && g_path_is_absolute(xdg))
		g_ptr_array_add(a, g_build_filename(xdg, "mock-tracefs", NULL));
	g_ptr_array_add(a, g_strdup_printf("/tmp/mock-tracefs-%u",
					   (unsigned int)geteuid()));
	g_ptr_array_add(a, NULL);
	return (char **)g_ptr_array_free(a, FALSE);
}

/* Create @dir if needed; refuse one that others could tamper with. */
static int mt_sock_dir_prepare(const char *dir)
{
	struct stat st;

	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return -errno;
	if (lstat(dir, &st) < 0)
		return -errno;
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & 077))
		return -EPERM;
	return 0;
}

static char *mt_sock_path(const char *dir, dev_t dev)
{
	return g_strdup_printf("%s/dev-%u:%u.sock", dir, major(dev),
			       minor(dev));
}

/* Undo mountinfo's octal escapes (\040 for a space ...) in place. */
static void mt_unescape(char *s)
{
	char *out = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*out++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 +
					(s[3] - '0'));
			s += 3;
		} else {
			*out++ = *s;
		}
	}
	*out = '\0';
}

/*
 * The device of the FUSE mount on @mnt (the topmost one), from
 * /proc/self/mountinfo: the daemon must not stat() its own mount, whose
 * answer it would have to give itself.  Return: 0 or -errno.
 */
static int mt_mount_dev(const char *mnt, dev_t *dev)
{
	g_autofree char *text = NULL;
	g_auto(GStrv) lines = NULL;
	unsigned int maj, min;
	char path[4096], *type;
	int ret = -ENOENT;

	if (!g_file_get_contents("/proc/self/mountinfo", &text, NULL, NULL))
		return -EIO;
	lines = g_strsplit(text, "\n", -1);
	for (char **l = lines; *l; l++) {
		if (sscanf(*l, "%*u %*u %u:%u %*s %4095s", &maj, &min,
			   path) != 3)
			continue;
		type = strstr(*l, " - ");
		mt_unescape(path);
		if (strcmp(path, mnt) || !type ||
		    strncmp(type + 3, "fuse", 4))
			continue;
		*dev = makedev(maj, min);
		ret = 0;
	}
	return ret;
}

static void mt_set_timeouts(int fd)
{
	struct timeval tv = {
		.tv_sec = MT_IO_TIMEOUT_MS / 1000,
		.tv_usec = (MT_IO_TIMEOUT_MS % 1000) * 1000,
	};

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

static int mt_fill_addr(struct sockaddr_un *sa, const char *path)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa->sun_path))
		return -ENAMETOOLONG;
	strcpy(sa->sun_path, path);
	return 0;
}

/* Read until EOF, a newline or @max bytes; Return: the text or NULL. */
static char *mt_read_line(int fd, size_t max)
{
	GString *s = g_string_new(NULL);
	char buf[512];
	ssize_t n;

	while (s->len <= max && !strchr(s->str, '\n')) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			g_string_free(s, TRUE);
			return NULL;
		}
		if (!n)
			break;
		g_string_append_len(s, buf, n);
	}
	if (s->len > max || memchr(s->str, '\0', s->len)) {
		g_string_free(s, TRUE);
		return NULL;
	}
	g_strchomp(s->str);
	return g_string_free(s, FALSE);
}

static void mt_write_all(int fd, const char *s)
{
	size_t len = strlen(s);
	ssize_t n;

	while (len) {
		n = write(fd, s, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		s += n;
		len -= (size_t)n;
	}
}

/* ---- the daemon's side ---- */

static char *mt_ctl_answer(struct mt_ctl *ctl, int fd)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	g_autofree char *req = NULL;
	g_autofree char *msg = NULL;
	char *nl;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
		return g_strdup_printf("error cannot identify the caller: %s",
				       g_strerror(errno));
	if (cred.uid != geteuid())
		return g_strdup_printf("error only uid %u, who mounted %s, may remount it",
				       (unsigned int)geteuid(), ctl->mountpoint);
	req = mt_read_line(fd, MT_REQ_MAX);
	if (!req || !g_str_has_prefix(req, "remount "))
		return g_strdup("error malformed request");
	nl = strchr(req, '\n');
	if (nl)
		*nl = '\0';
	if (ctl->apply(ctl->data, req + strlen("remount "), &msg) < 0)
		return g_strdup_printf("error %s", msg ? msg : "refused");
	return g_strdup("ok");
}

static void mt_ctl_serve_one(struct mt_ctl *ctl, int lfd)
{
	g_autofree char *answer = NULL;
	int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

	if (fd < 0)
		return;
	mt_set_timeouts(fd);
	answer = mt_ctl_answer(ctl, fd);
	mt_write_all(fd, answer);
	mt_write_all(fd, "\n");
	close(fd);
}

/* Bind a socket at @path; Return: the fd or -errno. */
static int mt_bind_at(const char *path)
{
	struct sockaddr_un sa;
	int fd, ret;

	ret = mt_fill_addr(&sa, path);
	if (ret < 0)
		return ret;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	unlink(path);		/* left by a daemon that died */
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(fd, 4) < 0) {
		ret = -errno;
		close(fd);
		return ret;
	}
	return fd;
}

/* Bind the socket named after the mount's device; Return: fd or -errno. */
static int mt_ctl_bind(struct mt_ctl *ctl)
{
	g_auto(GStrv) dirs = mt_sock_dirs();
	dev_t dev;
	int fd, ret;

	ret = mt_mount_dev(ctl->mountpoint, &dev);
	if (ret < 0)
		return ret;
	fd = -ENOENT;
	for (char **dir = dirs; *dir; dir++) {
		if (mt_sock_dir_prepare(*dir) < 0)
			continue;
		ctl->sock_path = mt_sock_path(*dir, dev);
		fd = mt_bind_at(ctl->sock_path);
		if (fd >= 0)
			return fd;
		g_clear_pointer(&ctl->sock_path, g_free);
	}
	return fd;
}

static void *mt_ctl_main(void *arg)
{
	struct mt_ctl *ctl = arg;
	struct pollfd p[2];

	p[0] = (struct pollfd){ .fd = ctl->lfd, .events = POLLIN };
	p[1] = (struct pollfd){ .fd = ctl->stop_pipe[0], .events = POLLIN };
	for (;;) {
		if (poll(p, 2, -1) < 0 && errno != EINTR)
			break;
		if (p[1].revents)
			break;
		if (p[0].revents & POLLIN)
			mt_ctl_serve_one(ctl, ctl->lfd);
	}
	return NULL;
}

struct mt_ctl *mt_ctl_open(const char *mountpoint, mt_apply_fn apply,
			   void *data, int *err)
{
	struct mt_ctl *ctl = g_new0(struct mt_ctl, 1);

	ctl->mountpoint = g_strdup(mountpoint);
	ctl->apply = apply;
	ctl->data = data;
	ctl->stop_pipe[0] = ctl->stop_pipe[1] = -1;
	ctl->lfd = mt_ctl_bind(ctl);
	*err = ctl->lfd < 0 ? ctl->lfd : 0;
	if (ctl->lfd >= 0 && pipe2(ctl->stop_pipe, O_CLOEXEC) < 0)
		*err = -errno;
	if (*err) {
		mt_ctl_stop(ctl);
		return NULL;
	}
	return ctl;
}

int mt_ctl_start(struct mt_ctl *ctl)
{
	int ret = pthread_create(&ctl->thread, NULL, mt_ctl_main, ctl);

	ctl->started = !ret;
	return -ret;
}

void mt_ctl_stop(struct mt_ctl *ctl)
{
	if (!ctl)
		return;
	if (ctl->started) {
		mt_write_all(ctl->stop_pipe[1], "x");
		pthread_join(ctl->thread, NULL);
	}
	if (ctl->lfd >= 0)
		close(ctl->lfd);
	if (ctl->sock_path)
		unlink(ctl->sock_path);
	if (ctl->stop_pipe[0] >= 0) {
		close(ctl->stop_pipe[0]);
		close(ctl->stop_pipe[1]);
	}
	g_free(ctl->sock_path);
	g_free(ctl->mountpoint);
	g_free(ctl);
}

/* ---- the remount command ---- */

static void mt_remount_usage(FILE *f)
{
	fputs("usage: mock-tracefs remount MOUNTPOINT [-o uid=N,gid=N,mode=O]\n"
	      "Apply tracefs remount semantics to the mock-tracefs mounted at MOUNTPOINT.\n",
	      f);
}

/* Collect "-o A", "-oA" and the mountpoint; Return: 0 or 2 (usage). */
static int mt_remount_args(int argc, char **argv, char **mnt, GString *opts)
{
	const char *o;
	int i;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			mt_remount_usage(stdout);
			exit(0);
		}
		if (!strncmp(argv[i], "-o", 2)) {
			o = argv[i][2] ? argv[i] + 2 : argv[++i];
			if (!o)
				return mt_fail("remount: -o needs an argument") + 1;
			g_string_append_printf(opts, "%s%s",
					       opts->len ? "," : "", o);
		} else if (argv[i][0] == '-' || *mnt) {
			return mt_fail("remount: unexpected argument '%s' (usage: mock-tracefs remount MOUNTPOINT -o OPTIONS)",
				      argv[i]) + 1;
		} else {
			*mnt = argv[i];
		}
	}
	if (!*mnt)
		return mt_fail("remount: no mountpoint given (usage: mock-tracefs remount MOUNTPOINT -o OPTIONS)") + 1;
	return 0;
}

/*
 * Connect to the first socket of @paths that exists, waiting a little for
 * a daemon that is still starting.  Return: the fd or -errno.
 */
static int mt_connect(char **paths)
{
	gint64 end = g_get_monotonic_time() + MT_CONNECT_WAIT_MS * 1000;
	struct sockaddr_un sa;
	int fd, err = ENOENT;

	for (;;) {
		for (char **p = paths; *p; p++) {
			if (mt_fill_addr(&sa, *p) < 0)
				continue;
			fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
			if (fd < 0)
				return -errno;
			if (!connect(fd, (struct sockaddr *)&sa, sizeof(sa)))
				return fd;
			err = errno;
			close(fd);
			if (err != ENOENT && err != ECONNREFUSED)
				return -err;
		}
		if (g_get_monotonic_time() > end)
			return -err;
		g_usleep(20000);
	}
}

static int mt_remount_send(const char *mnt, int fd, const char *opts)
{
	g_autofree char *req = g_strdup_printf("remount %s\n", opts);
	g_autofree char *answer = NULL;

	mt_set_timeouts(fd);
	mt_write_all(fd, req);
	shutdown(fd, SHUT_WR);
	answer = mt_read_line(fd, MT_REQ_MAX);
	if (!answer || !*answer)
		return mt_fail("remount %s: no answer from the daemon", mnt);
	if (!strcmp(answer, "ok"))
		return 0;
	if (g_str_has_prefix(answer, "error "))
		return mt_fail("remount %s: %s", mnt, answer + 6);
	return mt_fail("remount %s: unexpected answer '%s'", mnt, answer);
}

int mt_remount_main(int argc, char **argv)
{
	g_autoptr(GString) opts = g_string_new(NULL);
	g_auto(GStrv) dirs = mt_sock_dirs();
	g_auto(GStrv) paths = NULL;
	g_autofree char *where = NULL;
	char *mnt = NULL;
	struct statfs sfs;
	struct stat st;
	int ret, fd;
	guint i;

	ret = mt_remount_args(argc, argv, &mnt, opts);
	if (ret)
		return ret;
	if (stat(mnt, &st) < 0)
		return mt_fail("remount: mountpoint %s: %s", mnt,
			      g_strerror(errno));
	if (statfs(mnt, &sfs) < 0 || sfs.f_type != MT_FUSE_SUPER_MAGIC)
		return mt_fail("remount: %s is not a FUSE mount (no mock-tracefs is mounted there)",
			      mnt);
	paths = g_new0(char *, g_strv_length(dirs) + 1);
	for (i = 0; dirs[i]; i++)
		paths[i] = mt_sock_path(dirs[i], st.st_dev);
	where = g_strjoinv(" or ", paths);
	fd = mt_connect(paths);
	if (fd == -ENOENT || fd == -ECONNREFUSED)
		return mt_fail("remount %s: no control socket %s (is it a mock-tracefs started by this user?)",
			      mnt, where);
	if (fd < 0)
		return mt_fail("remount %s: cannot reach the daemon at %s: %s",
			      mnt, where, g_strerror(-fd));
	ret = mt_remount_send(mnt, fd, opts->str);
	close(fd);
	return ret;
}
