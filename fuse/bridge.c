/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bridge.c - the bridge's life cycle: options, mount, session loop,
 * init/destroy, lookup-count bookkeeping and caller identity.
 */
#include "bridge-internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The request served by this thread, for kfe_bridge_signal_pending(). */
static __thread fuse_req_t kfe_tls_req;
static __thread struct kfe_bridge *kfe_tls_br;

static void kfe_init(void *userdata, struct fuse_conn_info *conn);
static void kfe_destroy(void *userdata);

const struct fuse_lowlevel_ops kfe_ops = {
	.init		= kfe_init,
	.destroy	= kfe_destroy,
	.lookup		= kfe_op_lookup,
	.forget		= kfe_op_forget,
	.forget_multi	= kfe_op_forget_multi,
	.getattr	= kfe_op_getattr,
	.setattr	= kfe_op_setattr,
	.readlink	= kfe_op_readlink,
	.mknod		= kfe_op_mknod,
	.mkdir		= kfe_op_mkdir,
	.unlink		= kfe_op_unlink,
	.rmdir		= kfe_op_rmdir,
	.symlink	= kfe_op_symlink,
	.rename		= kfe_op_rename,
	.link		= kfe_op_link,
	.create		= kfe_op_create,
	.open		= kfe_op_open,
	.read		= kfe_op_read,
	.write		= kfe_op_write,
	/* no .flush: open sets noflush, and the kernel stops asking on ENOSYS */
	.release	= kfe_op_release,
	.opendir	= kfe_op_opendir,
	.readdir	= kfe_op_readdir,
	.readdirplus	= kfe_op_readdirplus,
	.releasedir	= kfe_op_releasedir,
	.statfs		= kfe_op_statfs,
	.setxattr	= kfe_op_setxattr,
	.getxattr	= kfe_op_getxattr,
	.listxattr	= kfe_op_listxattr,
	.removexattr	= kfe_op_removexattr,
	.poll		= kfe_op_poll,
};

/* ---- options ---- */

void kfe_bridge_opts_init(struct kfe_bridge_opts *opts)
{
	*opts = (struct kfe_bridge_opts){
		.entry_timeout = KFE_DEFAULT_TIMEOUT,
		.attr_timeout = KFE_DEFAULT_TIMEOUT,
		.max_idle_threads = -1,
		.groups_cache_ms = 1000,
		.dir_cache = true,
	};
}

enum {
	KFE_KEY_ENTRY_TIMEOUT,
	KFE_KEY_ATTR_TIMEOUT,
	KFE_KEY_TIMEOUT,
	KFE_KEY_NONEMPTY,
	KFE_KEY_GROUPS_CACHE,
	KFE_KEY_NO_DIR_CACHE,
	KFE_KEY_READDIRPLUS,
	KFE_KEY_PLUS_FILES,
};

static const struct fuse_opt kfe_cmdline_spec[] = {
	FUSE_OPT_KEY("entry_timeout=", KFE_KEY_ENTRY_TIMEOUT),
	FUSE_OPT_KEY("attr_timeout=", KFE_KEY_ATTR_TIMEOUT),
	FUSE_OPT_KEY("timeout=", KFE_KEY_TIMEOUT),
	FUSE_OPT_KEY("nonempty", KFE_KEY_NONEMPTY),
	FUSE_OPT_KEY("groups_cache_ms=", KFE_KEY_GROUPS_CACHE),
	FUSE_OPT_KEY("no_dir_cache", KFE_KEY_NO_DIR_CACHE),
	FUSE_OPT_KEY("readdirplus=", KFE_KEY_READDIRPLUS),
	FUSE_OPT_KEY("plus_files", KFE_KEY_PLUS_FILES),
	FUSE_OPT_END
};

struct kfe_cmdline_ctx {
	struct kfe_bridge_opts *opts;
	char *mountpoint;
	bool too_many;
};

static int kfe_parse_seconds(const char *arg, double *out)
{
	const char *val = strchr(arg, '=') + 1;
	char *end;
	double d = g_ascii_strtod(val, &end);

	if (end == val || *end || !(d >= 0))
		return -1;
	*out = d;
	return 0;
}

static int kfe_cmdline_proc(void *data, const char *arg, int key,
			    struct fuse_args *outargs)
{
	struct kfe_cmdline_ctx *ctx = data;
	struct kfe_bridge_opts *o = ctx->opts;
	double t;

	switch (key) {
	case FUSE_OPT_KEY_NONOPT:
		if (ctx->mountpoint) {
			ctx->too_many = true;
			return -1;
		}
		ctx->mountpoint = g_strdup(arg);
		return 0;
	case KFE_KEY_ENTRY_TIMEOUT:
		return kfe_parse_seconds(arg, &o->entry_timeout);
	case KFE_KEY_ATTR_TIMEOUT:
		return kfe_parse_seconds(arg, &o->attr_timeout);
	case KFE_KEY_TIMEOUT:
		if (kfe_parse_seconds(arg, &t))
			return -1;
		o->entry_timeout = o->attr_timeout = t;
		return 0;
	case KFE_KEY_NONEMPTY:
		o->allow_nonempty = true;
		return 0;
	case KFE_KEY_GROUPS_CACHE:
		if (kfe_parse_seconds(arg, &t) || t > UINT_MAX)
			return -1;
		o->groups_cache_ms = (unsigned int)t;
		return 0;
	case KFE_KEY_NO_DIR_CACHE:
		o->dir_cache = false;
		return 0;
	case KFE_KEY_READDIRPLUS:
		/* libfuse applies it; only "auto" changes the bridge's choice */
		o->readdirplus_auto = !strcmp(arg, "readdirplus=auto");
		return 1;
	case KFE_KEY_PLUS_FILES:
		o->plus_files = true;
		return 0;
	default:
		return 1;	/* keep it for libfuse */
	}
}

int kfe_bridge_parse_cmdline(struct fuse_args *args,
			     struct kfe_bridge_opts *opts, char **mountpoint)
{
	struct kfe_cmdline_ctx ctx = { .opts = opts };
	struct fuse_cmdline_opts fo = { 0 };

	*mountpoint = NULL;
	/*
	 * Take the mountpoint ourselves: fuse_parse_cmdline() would
	 * realpath() it and fail with its own message before the bridge
	 * can explain what is wrong with it.
	 */
	if (fuse_opt_parse(args, &ctx, kfe_cmdline_spec, kfe_cmdline_proc)) {
		g_free(ctx.mountpoint);
		return -EINVAL;
	}
	if (fuse_parse_cmdline(args, &fo) != 0) {
		g_free(ctx.mountpoint);
		return -EINVAL;
	}
	free(fo.mountpoint);
	*mountpoint = ctx.mountpoint;
	if (fo.show_help)
		return KFE_CMDLINE_HELP;
	if (fo.show_version)
		return KFE_CMDLINE_VERSION;
	opts->foreground = fo.foreground;
	opts->debug = fo.debug;
	opts->single_thread = fo.singlethread;
	opts->clone_fd = fo.clone_fd;
	opts->max_threads = fo.max_threads;
	/* fuse_parse_cmdline leaves UINT_MAX when -o max_idle_threads is absent */
	opts->max_idle_threads = fo.max_idle_threads == UINT_MAX ?
				 -1 : (int)MIN(fo.max_idle_threads, INT_MAX);
	return KFE_CMDLINE_RUN;
}

const char *kfe_bridge_help(void)
{
	return
	"    -o entry_timeout=S     cache names for S seconds (default 3600)\n"
	"    -o attr_timeout=S      cache attributes for S seconds (default 3600)\n"
	"    -o timeout=S           both of the above\n"
	"    -o nonempty            allow mounting over a non-empty directory\n"
	"    -o groups_cache_ms=N   reuse a process's groups for N ms (default 1000)\n"
	"    -o no_dir_cache        list directories anew for every opendir\n"
	"    -o plus_files          listings carry files' attributes too\n";
}

/* ---- creation and mounting ---- */

struct kfe_bridge *kfe_bridge_new(struct kernfs_root *root,
				  const struct kfe_bridge_opts *opts)
{
	struct kfe_bridge *br = g_new0(struct kfe_bridge, 1);
	struct kernfs_root_stats st;
	size_t i;

	br->root = root;
	if (opts)
		br->opts = *opts;
	else
		kfe_bridge_opts_init(&br->opts);
	pthread_mutex_init(&br->lock, NULL);
	pthread_mutex_init(&br->polls_lock, NULL);
	pthread_mutex_init(&br->release_lock, NULL);
	pthread_cond_init(&br->release_cond, NULL);
	pthread_mutex_init(&br->groups_lock, NULL);
	br->files = g_hash_table_new(g_direct_hash, g_direct_equal);
	br->dirs = g_hash_table_new(g_direct_hash, g_direct_equal);
	br->polls = g_hash_table_new(g_direct_hash, g_direct_equal);
	for (i = 0; i < KFE_GROUPS_SLOTS; i++)
		br->groups[i].ngroups = -1;
	kfe_notifier_init(&br->notifier);
	/* The root inode always exists; count what kernfs holds without us. */
	kernfs_vfs_root(root);
	kernfs_root_stats(root, &st);
	br->baseline_inodes = st.nr_inodes;
	return br;
}

static int kfe_fail(struct kfe_bridge *br, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int kfe_fail(struct kfe_bridge *br, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(br->errmsg, sizeof(br->errmsg), fmt, ap);
	va_end(ap);
	return err;
}

static int kfe_dir_is_empty(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	int empty = 1;

	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
			empty = 0;
			break;
		}
	}
	closedir(d);
	return empty;
}

static int kfe_check_mountpoint(struct kfe_bridge *br, const char *mnt)
{
	struct stat st;
	int empty;

	if (!mnt || !*mnt)
		return kfe_fail(br, -EINVAL, "no mountpoint given");
	if (stat(mnt, &st) < 0) {
		int err = errno;

		if (err == ENOTCONN)
			return kfe_fail(br, -err,
					"mountpoint %s is a stale FUSE mount (its daemon died): run 'fusermount3 -u %s'",
					mnt, mnt);
		if (err == ENOENT)
			return kfe_fail(br, -err,
					"mountpoint %s does not exist", mnt);
		return kfe_fail(br, -err, "mountpoint %s: %s", mnt,
				g_strerror(err));
	}
	if (!S_ISDIR(st.st_mode))
		return kfe_fail(br, -ENOTDIR,
				"mountpoint %s is not a directory", mnt);
	if (br->opts.allow_nonempty)
		return 0;
	empty = kfe_dir_is_empty(mnt);
	if (empty < 0)
		return kfe_fail(br, empty, "mountpoint %s: %s", mnt,
				g_strerror(-empty));
	if (!empty)
		return kfe_fail(br, -ENOTEMPTY,
				"mountpoint %s is not empty (use -o nonempty to mount over it)",
				mnt);
	return 0;
}

static int kfe_check_dev_fuse(struct kfe_bridge *br)
{
	int fd = open("/dev/fuse", O_RDWR | O_CLOEXEC);
	int err;

	if (fd >= 0) {
		close(fd);
		return 0;
	}
	err = errno;
	if (err == ENOENT)
		return kfe_fail(br, -err,
				"/dev/fuse does not exist: load the module ('modprobe fuse' as root) or, in a container, pass the device (--device /dev/fuse)");
	if (err == EACCES || err == EPERM)
		return kfe_fail(br, -err,
				"no access to /dev/fuse (%s): as root run 'chmod 0666 /dev/fuse', as udev does on most distributions",
				g_strerror(err));
	return kfe_fail(br, -err, "cannot open /dev/fuse: %s",
			g_strerror(err));
}

int kfe_bridge_mount(struct kfe_bridge *br, struct fuse_args *args,
		     const char *mountpoint)
{
	struct fuse_args local = FUSE_ARGS_INIT(0, NULL);
	char *real;
	int ret;

	br->errmsg[0] = '\0';
	if (br->se)
		return kfe_fail(br, -EBUSY, "the bridge is already mounted");
	ret = kfe_check_mountpoint(br, mountpoint);
	if (ret < 0)
		return ret;
	ret = kfe_check_dev_fuse(br);
	if (ret < 0)
		return ret;
	real = realpath(mountpoint, NULL);
	if (!real)
		return kfe_fail(br, -errno, "mountpoint %s: %s", mountpoint,
				g_strerror(errno));
	g_free(br->mountpoint);
	br->mountpoint = g_strdup(real);
	free(real);

	if (!args) {
		fuse_opt_add_arg(&local, "kfe-bridge");
		args = &local;
	}
	/* the kernel checks modes with the owners kernfs reports, as the VFS */
	fuse_opt_add_arg(args, "-odefault_permissions");
	if (br->opts.debug)
		fuse_opt_add_arg(args, "-odebug");
	br->conn_opts = fuse_parse_conn_info_opts(args);
	br->se = fuse_session_new(args, &kfe_ops, sizeof(kfe_ops), br);
	fuse_opt_free_args(&local);
	if (!br->se)
		return kfe_fail(br, -EINVAL,
				"invalid FUSE options (see the message above)");
	if (fuse_session_mount(br->se, br->mountpoint) != 0) {
		fuse_session_destroy(br->se);
		br->se = NULL;
		return kfe_fail(br, -EIO,
				"mounting on %s failed (see the message above)",
				br->mountpoint);
	}
	br->mounted = true;
	return 0;
}

const char *kfe_bridge_errmsg(const struct kfe_bridge *br)
{
	return br->errmsg;
}

/* ---- running ---- */

static int kfe_loop(struct kfe_bridge *br)
{
	struct fuse_loop_config *cfg;
	int ret;

	if (br->opts.single_thread)
		return fuse_session_loop(br->se);
	cfg = fuse_loop_cfg_create();
	fuse_loop_cfg_set_clone_fd(cfg, br->opts.clone_fd);
	if (br->opts.max_threads)
		fuse_loop_cfg_set_max_threads(cfg, br->opts.max_threads);
	/* only when asked: 3.14.0 complains about its own "unset" value */
	if (br->opts.max_idle_threads >= 0)
		fuse_loop_cfg_set_idle_threads(cfg, br->opts.max_idle_threads);
	ret = fuse_session_loop_mt(br->se, cfg);
	fuse_loop_cfg_destroy(cfg);
	return ret;
}

static void kfe_end_session(struct kfe_bridge *br)
{
	if (br->watching) {
		kernfs_vfs_set_watch(br->root, NULL, NULL);
		br->watching = false;
	}
	kfe_notifier_stop(br);
	if (!br->se)
		return;
	if (br->mounted) {
		fuse_session_unmount(br->se);
		br->mounted = false;
	}
	/* calls kfe_destroy() when the session was initialised */
	fuse_session_destroy(br->se);
	br->se = NULL;
	kfe_polls_drop_all(br);
}

int kfe_bridge_run(struct kfe_bridge *br)
{
	int ret;

	br->errmsg[0] = '\0';
	if (!br->se || !br->mounted)
		return kfe_fail(br, -EINVAL, "the bridge is not mounted");
	if (fuse_set_signal_handlers(br->se) != 0)
		return kfe_fail(br, -EIO, "cannot install signal handlers");
	/* fork before any thread exists: only the calling thread survives */
	if (fuse_daemonize(br->opts.foreground) != 0) {
		fuse_remove_signal_handlers(br->se);
		return kfe_fail(br, -EIO, "cannot daemonize");
	}
	ret = kfe_notifier_start(br);
	if (ret < 0) {
		fuse_remove_signal_handlers(br->se);
		return kfe_fail(br, ret, "cannot start the notifier thread: %s",
				g_strerror(-ret));
	}
	kernfs_vfs_set_watch(br->root, &kfe_watch, br);
	br->watching = true;
	ret = kfe_loop(br);
	fuse_remove_signal_handlers(br->se);
	kfe_end_session(br);
	if (ret < 0)
		return kfe_fail(br, ret, "the session ended with an error: %s",
				g_strerror(-ret));
	return 0;	/* unmounted, or ended by a signal (ret > 0) */
}

void kfe_bridge_free(struct kfe_bridge *br)
{
	if (!br)
		return;
	kfe_end_session(br);
	if (br->conn_opts)
		free(br->conn_opts);
	kfe_notifier_destroy(&br->notifier);
	g_hash_table_destroy(br->files);
	g_hash_table_destroy(br->dirs);
	g_hash_table_destroy(br->polls);
	pthread_mutex_destroy(&br->lock);
	pthread_mutex_destroy(&br->polls_lock);
	pthread_mutex_destroy(&br->release_lock);
	pthread_cond_destroy(&br->release_cond);
	pthread_mutex_destroy(&br->groups_lock);
	g_free(br->mountpoint);
	g_free(br);
}

/* ---- init and destroy ---- */

static void kfe_init(void *userdata, struct fuse_conn_info *conn)
{
	struct kfe_bridge *br = userdata;

	if (br->conn_opts)
		fuse_apply_conn_info_opts(br->conn_opts, conn);
	/*
	 * Writes are commands for providers: every write(2) must reach the
	 * provider as it was made, never merged or delayed in a page cache.
	 */
	conn->want &= ~FUSE_CAP_WRITEBACK_CACHE;
	/*
	 * O_TRUNC must arrive with the open (providers clear buffers on it),
	 * and truncate(2) must stay a plain size change (setattr).
	 */
	if (conn->capable & FUSE_CAP_ATOMIC_O_TRUNC)
		conn->want |= FUSE_CAP_ATOMIC_O_TRUNC;
	/*
	 * Nodes cannot be found again by handle after their inode was
	 * forgotten (template children are freed then): no export support,
	 * so the kernel never looks up "." or "..".
	 */
	conn->want &= ~FUSE_CAP_EXPORT_SUPPORT;
	/*
	 * Splitting one direct read into concurrent requests would break
	 * seq_file's "continue where the last read ended".  Plain async
	 * reads (one request per read(2)) stay on: they are independent.
	 */
	conn->want &= ~FUSE_CAP_ASYNC_DIO;
	/*
	 * Content lives in no page cache (direct_io), so there is nothing to
	 * invalidate on mtime changes, and no GETATTR before each open.
	 */
	conn->want &= ~FUSE_CAP_AUTO_INVAL_DATA;
	/*
	 * Let the kernel clear setuid/setgid on chown itself, as the VFS
	 * does in front of kernfs; kernfs-emu does not.
	 */
	conn->want &= ~FUSE_CAP_HANDLE_KILLPRIV;
	/*
	 * Symlink targets depend on where nodes are (renames move them):
	 * ask the filesystem each time.
	 */
	conn->want &= ~FUSE_CAP_CACHE_SYMLINKS;
	/*
	 * Cached listings without OPENDIR/RELEASEDIR round trips, where the
	 * kernel can do that (5.1+); see bridge-dir.c.
	 */
	br->no_opendir = br->opts.dir_cache &&
			 (conn->capable & FUSE_CAP_NO_OPENDIR_SUPPORT);
	/*
	 * READDIRPLUS for every listing request, not only the first of a
	 * directory (READDIRPLUS_AUTO): a walk then needs no LOOKUP at all,
	 * whatever the size of the directory.  -o readdirplus=auto brings
	 * libfuse's default back, -o readdirplus=no turns it off.
	 */
	if (!br->opts.readdirplus_auto)
		conn->want &= ~FUSE_CAP_READDIRPLUS_AUTO;
	/*
	 * Kept from libfuse's defaults: PARALLEL_DIROPS (kernfs has its own
	 * tree lock, lookups in one directory may run concurrently),
	 * ASYNC_READ, and no POSIX/flock locks (the kernel keeps them
	 * locally since the bridge has no lock ops).
	 */
}

static void kfe_release_open(struct kfe_bridge *br)
{
	GHashTableIter it;
	gpointer key;

	g_hash_table_iter_init(&it, br->files);
	while (g_hash_table_iter_next(&it, &key, NULL))
		kernfs_vfs_release(key);
	g_hash_table_remove_all(br->files);
	g_hash_table_iter_init(&it, br->dirs);
	while (g_hash_table_iter_next(&it, &key, NULL))
		kernfs_vfs_releasedir(key);
	g_hash_table_remove_all(br->dirs);
}

/*
 * The session ended: the kernel dropped its inodes without forgets and
 * will not release what is still open.  For ordinary (non-fuseblk) mounts
 * this runs from fuse_session_destroy(), after every worker has stopped.
 */
static void kfe_destroy(void *userdata)
{
	struct kfe_bridge *br = userdata;
	struct kernfs_root_stats st;
	uint64_t held, expected, inodes;

	pthread_mutex_lock(&br->lock);
	kfe_release_open(br);
	/* what the kernel still held must be what it was given, less forgets */
	held = kernfs_vfs_forget_all(br->root, &inodes);
	expected = br->stats.lookups - br->stats.forgets;
	br->stats.held_at_destroy = held;
	br->stats.inodes_at_destroy = inodes;
	br->stats.count_errors += held > expected ? held - expected :
						    expected - held;
	kernfs_root_stats(br->root, &st);
	if (st.nr_inodes > br->baseline_inodes)
		br->stats.count_errors += st.nr_inodes - br->baseline_inodes;
	br->stats.destroyed = true;
	pthread_mutex_unlock(&br->lock);
}

/* ---- lookup counts ---- */

struct kernfs_inode *kfe_inode(struct kfe_bridge *br, fuse_ino_t ino)
{
	if (ino == FUSE_ROOT_ID)
		return kernfs_vfs_root(br->root);
	return kernfs_vfs_ilookup(br->root, ino);
}

void kfe_count_get(struct kfe_bridge *br, uint64_t ino)
{
	pthread_mutex_lock(&br->lock);
	br->stats.lookups++;
	pthread_mutex_unlock(&br->lock);
}

void kfe_count_put(struct kfe_bridge *br, uint64_t ino, uint64_t nlookup)
{
	struct kernfs_inode *inode;
	uint64_t dropped = 0;

	if (ino == FUSE_ROOT_ID)
		return;		/* the root is never counted nor forgotten */
	/* the counts being given back keep the inode alive until here */
	inode = kernfs_vfs_ilookup(br->root, ino);
	if (inode)
		dropped = kernfs_vfs_forget(inode, nlookup);
	pthread_mutex_lock(&br->lock);
	br->stats.forgets += dropped;
	if (dropped < nlookup)
		br->stats.count_errors++;
	pthread_mutex_unlock(&br->lock);
}

void kfe_fill_entry(struct kfe_bridge *br, struct kernfs_inode *inode,
		    const struct stat *st, struct fuse_entry_param *e)
{
	struct kernfs_node *kn = kernfs_vfs_inode_node(inode);

	memset(e, 0, sizeof(*e));
	e->ino = kernfs_ino(kn);
	e->generation = kernfs_gen(kn);
	e->attr = *st;
	e->attr_timeout = br->opts.attr_timeout;
	e->entry_timeout = br->opts.entry_timeout;
}

void kfe_reply_entry(struct kfe_bridge *br, fuse_req_t req,
		     struct kernfs_inode *inode, const struct stat *st)
{
	struct fuse_entry_param e;

	kfe_fill_entry(br, inode, st, &e);
	/* count before replying: the kernel may forget right after */
	kfe_count_get(br, e.ino);
	if (fuse_reply_entry(req, &e) != 0)
		kfe_count_put(br, e.ino, 1);
}

/* ---- the caller ---- */

static bool kfe_groups_cached(struct kfe_bridge *br,
			      const struct fuse_ctx *ctx, struct kfe_caller *c)
{
	struct kfe_groups_slot *s = &br->groups[ctx->pid % KFE_GROUPS_SLOTS];
	gint64 max_age = (gint64)br->opts.groups_cache_ms * 1000;
	bool hit;

	if (!max_age)
		return false;
	pthread_mutex_lock(&br->groups_lock);
	hit = s->ngroups >= 0 && s->pid == ctx->pid && s->uid == ctx->uid &&
	      s->gid == ctx->gid &&
	      g_get_monotonic_time() - s->stamp_us < max_age;
	if (hit) {
		memcpy(c->inline_groups, s->groups,
		       sizeof(gid_t) * (size_t)s->ngroups);
		c->kc.ngroups = s->ngroups;
		c->kc.groups = c->inline_groups;
	}
	pthread_mutex_unlock(&br->groups_lock);
	return hit;
}

static void kfe_groups_store(struct kfe_bridge *br,
			     const struct fuse_ctx *ctx,
			     const struct kfe_caller *c)
{
	struct kfe_groups_slot *s = &br->groups[ctx->pid % KFE_GROUPS_SLOTS];

	if (!br->opts.groups_cache_ms || c->kc.ngroups > KFE_GROUPS_INLINE)
		return;
	pthread_mutex_lock(&br->groups_lock);
	s->pid = ctx->pid;
	s->uid = ctx->uid;
	s->gid = ctx->gid;
	s->ngroups = c->kc.ngroups;
	memcpy(s->groups, c->kc.groups, sizeof(gid_t) * (size_t)s->ngroups);
	s->stamp_us = g_get_monotonic_time();
	pthread_mutex_unlock(&br->groups_lock);
}

/*
 * Supplementary groups are read for every caller but root, whose
 * capabilities make them irrelevant to kernfs-emu's checks.
 */
/* The caller's signal_pending hook: FUSE_INTERRUPT, or the session ending. */
static bool kfe_caller_signal_pending(const struct kernfs_caller *kc)
{
	struct kfe_bridge *br = fuse_req_userdata(kc->vfs_data);

	return fuse_req_interrupted(kc->vfs_data) ||
	       (br->se && fuse_session_exited(br->se));
}

void kfe_caller_init(struct kfe_bridge *br, fuse_req_t req,
		     struct kfe_caller *c)
{
	const struct fuse_ctx *ctx = fuse_req_ctx(req);
	int n, m;

	memset(&c->kc, 0, sizeof(c->kc));
	c->heap_groups = NULL;
	c->kc.uid = ctx->uid;
	c->kc.gid = ctx->gid;
	c->kc.pid = ctx->pid;
	c->kc.signal_pending = kfe_caller_signal_pending;
	c->kc.vfs_data = req;
	if (ctx->uid == 0 || ctx->pid <= 0)
		return;
	if (kfe_groups_cached(br, ctx, c))
		return;
	n = fuse_req_getgroups(req, KFE_GROUPS_INLINE, c->inline_groups);
	if (n < 0)
		return;		/* the process is gone: no groups */
	if (n <= KFE_GROUPS_INLINE) {
		c->kc.groups = c->inline_groups;
		c->kc.ngroups = n;
		kfe_groups_store(br, ctx, c);
		return;
	}
	c->heap_groups = g_new(gid_t, n);
	m = fuse_req_getgroups(req, n, c->heap_groups);
	if (m < 0)
		return;
	c->kc.groups = c->heap_groups;
	c->kc.ngroups = MIN(m, n);
}

void kfe_caller_done(struct kfe_caller *c)
{
	g_free(c->heap_groups);
	c->heap_groups = NULL;
}

/* ---- per-request thread state ---- */

void kfe_request_begin(struct kfe_bridge *br, fuse_req_t req)
{
	kfe_tls_req = req;
	kfe_tls_br = br;
	kfe_notify_mark();
}

void kfe_request_end(void)
{
	kfe_tls_req = NULL;
	kfe_tls_br = NULL;
}

bool kfe_bridge_signal_pending(void)
{
	if (!kfe_tls_req)
		return false;
	return fuse_req_interrupted(kfe_tls_req) ||
	       (kfe_tls_br->se && fuse_session_exited(kfe_tls_br->se));
}
