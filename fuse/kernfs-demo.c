/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * kernfs-demo.c - a small kernfs hierarchy served through the FUSE bridge.
 *
 * The example of how to use the bridge, and what tests/fuse mounts:
 *
 *	value		0644  an integer; writing anything else: EINVAL
 *	name		0644  a short word (1-31 printable characters)
 *	readonly	0444  a fixed line
 *	writeonly	0200  accepts anything, cannot be read (EINVAL)
 *	lock		0644  "1" locks, "1" again: EBUSY, "0" unlocks
 *	ctl		0200  "add NAME" / "remove NAME": changes groups/
 *			      behind the kernel's back (EEXIST, ENOENT, EBUSY)
 *	link		      symlink to value
 *	events/trigger	0200  any write bumps counter and kernfs_notify()s it
 *	events/counter	0444  how often trigger was written; pollable
 *	pipe		0444  blocking, consuming, non-seekable reader
 *	pipe_in		0200  what is written here comes out of pipe
 *	tmpl/		      a template directory: alpha (0444), beta (0644),
 *			      ghost (always hidden), sub0..sub2/index (0444)
 *	groups/		      mkdir creates NAME/{enable,members,sub/id};
 *			      rmdir removes it (EBUSY while enable is 1);
 *			      names starting with "bad" are refused (EINVAL);
 *			      mkdir/rmdir anywhere else: EPERM
 *
 * Everything belongs to the user running the daemon.
 */
#include "bridge.h"
#include "kernfs-demo.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct demo_group {
	struct kernfs_node *kn;
	unsigned int id;
	int enable;
	bool linked;			/* still in demo->groups_by_name */
};

struct demo {
	struct kernfs_root *root;
	struct kernfs_node *groups;
	struct kernfs_node *counter;
	struct kernfs_node *pipe;
	uid_t uid;
	gid_t gid;
	pthread_mutex_t lock;		/* everything below */
	pthread_cond_t pipe_cond;	/* pipe_buf got data */
	int value;
	char name[32];
	int locked;
	unsigned int counter_val;
	unsigned int next_id;
	GString *pipe_buf;
	GHashTable *groups_by_name;	/* name -> struct demo_group */
};

static struct demo *demo_of_kn(struct kernfs_node *kn)
{
	return kernfs_root_priv(kernfs_root(kn));
}

static struct demo *demo_of(struct kernfs_open_file *of)
{
	return demo_of_kn(of->kn);
}

static struct kernfs_open_file *seq_of(struct seq_file *sf)
{
	return sf->private;
}

/* The written text without its trailing newline, NUL-terminated. */
static char *demo_arg(const char *buf, size_t bytes)
{
	char *s = g_strndup(buf, bytes);

	g_strchomp(s);
	return s;
}

/* ---- value, name, readonly, writeonly, lock ---- */

static int value_show(struct seq_file *sf, void *v)
{
	struct demo *d = demo_of(seq_of(sf));

	pthread_mutex_lock(&d->lock);
	seq_printf(sf, "%d\n", d->value);
	pthread_mutex_unlock(&d->lock);
	return 0;
}

static ssize_t value_write(struct kernfs_open_file *of, char *buf,
			   size_t bytes, loff_t off)
{
	struct demo *d = demo_of(of);
	g_autofree char *s = demo_arg(buf, bytes);
	char *end;
	long v = strtol(s, &end, 10);

	if (!*s || *end || v < -1000000 || v > 1000000)
		return -EINVAL;
	pthread_mutex_lock(&d->lock);
	d->value = (int)v;
	pthread_mutex_unlock(&d->lock);
	return (ssize_t)bytes;
}

static const struct kernfs_ops value_ops = {
	.seq_show = value_show,
	.write = value_write,
};

static int name_show(struct seq_file *sf, void *v)
{
	struct demo *d = demo_of(seq_of(sf));

	pthread_mutex_lock(&d->lock);
	seq_printf(sf, "%s\n", d->name);
	pthread_mutex_unlock(&d->lock);
	return 0;
}

static ssize_t name_write(struct kernfs_open_file *of, char *buf,
			  size_t bytes, loff_t off)
{
	struct demo *d = demo_of(of);
	g_autofree char *s = demo_arg(buf, bytes);
	const char *p;

	if (!*s || strlen(s) >= sizeof(d->name))
		return -EINVAL;
	for (p = s; *p; p++)
		if (!g_ascii_isgraph(*p))
			return -EINVAL;
	pthread_mutex_lock(&d->lock);
	g_strlcpy(d->name, s, sizeof(d->name));
	pthread_mutex_unlock(&d->lock);
	return (ssize_t)bytes;
}

static const struct kernfs_ops name_ops = {
	.seq_show = name_show,
	.write = name_write,
};

static int readonly_show(struct seq_file *sf, void *v)
{
	seq_puts(sf, "hello from kernfs-demo\n");
	return 0;
}

static const struct kernfs_ops readonly_ops = {
	.seq_show = readonly_show,
};

static ssize_t writeonly_write(struct kernfs_open_file *of, char *buf,
			       size_t bytes, loff_t off)
{
	return (ssize_t)bytes;
}

static const struct kernfs_ops writeonly_ops = {
	.write = writeonly_write,
};

static int lock_show(struct seq_file *sf, void *v)
{
	struct demo *d = demo_of(seq_of(sf));

	pthread_mutex_lock(&d->lock);
	seq_printf(sf, "%d\n", d->locked);
	pthread_mutex_unlock(&d->lock);
	return 0;
}

static ssize_t lock_write(struct kernfs_open_file *of, char *buf,
			  size_t bytes, loff_t off)
{
	struct demo *d = demo_of(of);
	g_autofree char *s = demo_arg(buf, bytes);
	ssize_t ret = (ssize_t)bytes;

	if (strcmp(s, "0") && strcmp(s, "1"))
		return -EINVAL;
	pthread_mutex_lock(&d->lock);
	if (*s == '1' && d->locked)
		ret = -EBUSY;
	else
		d->locked = *s == '1';
	pthread_mutex_unlock(&d->lock);
	return ret;
}

static const struct kernfs_ops lock_ops = {
	.seq_show = lock_show,
	.write = lock_write,
};

/* ---- groups: a populated subtree per mkdir ---- */

static int enable_show(struct seq_file *sf, void *v)
{
	struct kernfs_open_file *of = seq_of(sf);
	struct demo_group *g = of->kn->priv;
	struct demo *d = demo_of(of);

	pthread_mutex_lock(&d->lock);
	seq_printf(sf, "%d\n", g->enable);
	pthread_mutex_unlock(&d->lock);
	return 0;
}

static ssize_t enable_write(struct kernfs_open_file *of, char *buf,
			    size_t bytes, loff_t off)
{
	struct demo_group *g = of->kn->priv;
	struct demo *d = demo_of(of);
	g_autofree char *s = demo_arg(buf, bytes);

	if (strcmp(s, "0") && strcmp(s, "1"))
		return -EINVAL;
	pthread_mutex_lock(&d->lock);
	g->enable = *s == '1';
	pthread_mutex_unlock(&d->lock);
	return (ssize_t)bytes;
}

static const struct kernfs_ops enable_ops = {
	.seq_show = enable_show,
	.write = enable_write,
};

static int members_show(struct seq_file *sf, void *v)
{
	seq_puts(sf, "none\n");
	return 0;
}

static const struct kernfs_ops members_ops = {
	.seq_show = members_show,
};

static int id_show(struct seq_file *sf, void *v)
{
	struct demo_group *g = seq_of(sf)->kn->priv;

	seq_printf(sf, "%u\n", g->id);	/* id never changes: no lock */
	return 0;
}

static const struct kernfs_ops id_ops = {
	.seq_show = id_show,
};

static bool demo_valid_name(const char *name)
{
	return *name && strlen(name) < 256 && !strchr(name, '/') &&
	       strcmp(name, ".") && strcmp(name, "..");
}

/* Build NAME/{enable,members,sub/id} under groups/.  Called with d->lock. */
static int demo_group_build(struct demo *d, struct demo_group *g,
			    const char *name, umode_t mode)
{
	struct kernfs_node *dir, *sub, *kn;

	dir = kernfs_create_dir_ns(d->groups, name, mode, d->uid, d->gid, g,
				   NULL);
	if (IS_ERR(dir))
		return (int)PTR_ERR(dir);	/* g->kn stays NULL */
	g->kn = dir;
	kn = kernfs_create_file_ns(dir, "enable", 0644, d->uid, d->gid, 0,
				   &enable_ops, g, NULL);
	if (IS_ERR(kn))
		goto fail;
	kn = kernfs_create_file_ns(dir, "members", 0444, d->uid, d->gid, 0,
				   &members_ops, g, NULL);
	if (IS_ERR(kn))
		goto fail;
	sub = kn = kernfs_create_dir_ns(dir, "sub", 0755, d->uid, d->gid, g,
					NULL);
	if (IS_ERR(kn))
		goto fail;
	kn = kernfs_create_file_ns(sub, "id", 0444, d->uid, d->gid, 0,
				   &id_ops, g, NULL);
	if (IS_ERR(kn))
		goto fail;
	kernfs_activate(dir);
	return 0;
fail:
	/* the caller removes g->kn once it dropped d->lock */
	return (int)PTR_ERR(kn);
}

static int demo_group_add(struct demo *d, const char *name, umode_t mode)
{
	struct demo_group *g;
	int ret;

	if (!demo_valid_name(name))
		return -EINVAL;
	pthread_mutex_lock(&d->lock);
	if (g_hash_table_contains(d->groups_by_name, name)) {
		pthread_mutex_unlock(&d->lock);
		return -EEXIST;
	}
	g = g_new0(struct demo_group, 1);
	g->id = ++d->next_id;
	/* kernfs_create_* never call provider ops: holding d->lock is fine */
	ret = demo_group_build(d, g, name, mode);
	if (ret < 0) {
		pthread_mutex_unlock(&d->lock);
		kernfs_remove(g->kn);	/* NULL when the dir itself failed */
		g_free(g);
		return ret;
	}
	g->linked = true;
	g_hash_table_insert(d->groups_by_name, g_strdup(name), g);
	pthread_mutex_unlock(&d->lock);
	return 0;
}

/* Take @g out of the table: it is then ours to remove.  Under d->lock. */
static int demo_group_unlink(struct demo *d, struct demo_group *g,
			     const char *name)
{
	if (!g || !g->linked)
		return -ENOENT;
	if (g->enable)
		return -EBUSY;
	g->linked = false;
	g_hash_table_remove(d->groups_by_name, name);
	return 0;
}

/* ctl "remove NAME": not from an operation on the group itself. */
static int demo_group_remove(struct demo *d, const char *name)
{
	struct demo_group *g;
	int ret;

	pthread_mutex_lock(&d->lock);
	g = g_hash_table_lookup(d->groups_by_name, name);
	ret = demo_group_unlink(d, g, name);
	pthread_mutex_unlock(&d->lock);
	if (ret < 0)
		return ret;
	/* never with d->lock: removal waits for ops that take it */
	kernfs_remove(g->kn);
	g_free(g);
	return 0;
}

static int demo_mkdir(struct kernfs_node *parent, const char *name,
		      umode_t mode)
{
	struct demo *d = demo_of_kn(parent);

	if (parent != d->groups)
		return -EPERM;
	if (g_str_has_prefix(name, "bad"))
		return -EINVAL;
	return demo_group_add(d, name, mode & 0777);
}

/*
 * rmdir runs with an active reference on @kn, which kernfs_remove() would
 * wait for: break the protection around it, as cgroup does.
 */
static int demo_rmdir(struct kernfs_node *kn)
{
	struct demo *d = demo_of_kn(kn);
	struct demo_group *g;
	int ret;

	if (kn->parent != d->groups)
		return -EPERM;
	g = kn->priv;
	pthread_mutex_lock(&d->lock);
	ret = demo_group_unlink(d, g, kn->name);
	pthread_mutex_unlock(&d->lock);
	if (ret < 0)
		return ret;
	kernfs_break_active_protection(kn);
	kernfs_remove(kn);
	kernfs_unbreak_active_protection(kn);
	g_free(g);
	return 0;
}

static const struct kernfs_syscall_ops demo_scops = {
	.mkdir = demo_mkdir,
	.rmdir = demo_rmdir,
};

static ssize_t ctl_write(struct kernfs_open_file *of, char *buf,
			 size_t bytes, loff_t off)
{
	struct demo *d = demo_of(of);
	g_autofree char *s = demo_arg(buf, bytes);
	int ret;

	if (g_str_has_prefix(s, "add "))
		ret = demo_group_add(d, s + 4, 0755);
	else if (g_str_has_prefix(s, "remove "))
		ret = demo_group_remove(d, s + 7);
	else
		ret = -EINVAL;
	return ret < 0 ? ret : (ssize_t)bytes;
}

static const struct kernfs_ops ctl_ops = {
	.write = ctl_write,
};

/* ---- events: notify another file ---- */

static ssize_t trigger_write(struct kernfs_open_file *of, char *buf,
			     size_t bytes, loff_t off)
{
	struct demo *d = demo_of(of);

	pthread_mutex_lock(&d->lock);
	d->counter_val++;
	pthread_mutex_unlock(&d->lock);
	kernfs_notify(d->counter);
	return (ssize_t)bytes;
}

static const struct kernfs_ops trigger_ops = {
	.write = trigger_write,
};

static int counter_show(struct seq_file *sf, void *v)
{
	struct demo *d = demo_of(seq_of(sf));

	pthread_mutex_lock(&d->lock);
	seq_printf(sf, "%u\n", d->counter_val);
	pthread_mutex_unlock(&d->lock);
	return 0;
}

/* no .poll: kernfs_generic_poll() reports ERR|PRI after kernfs_notify() */
static const struct kernfs_ops counter_ops = {
	.seq_show = counter_show,
};

/* ---- pipe ---- */

static int pipe_open(struct kernfs_open_file *of)
{
	of->nonseekable = true;
	return 0;
}

/*
 * Block until data arrives, like trace_pipe.  The wait is sliced so that
 * an interrupted reader (or the end of the session) is noticed: the
 * bridge's stand-in for signal_pending().
 */
static ssize_t pipe_read(struct kernfs_open_file *of, char *buf, size_t bytes,
			 loff_t off)
{
	struct demo *d = demo_of(of);
	size_t n;

	pthread_mutex_lock(&d->lock);
	while (!d->pipe_buf->len) {
		struct timespec ts;

		if (of->flags & O_NONBLOCK || kfe_bridge_signal_pending()) {
			pthread_mutex_unlock(&d->lock);
			return of->flags & O_NONBLOCK ? -EAGAIN : -EINTR;
		}
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 50 * 1000 * 1000;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&d->pipe_cond, &d->lock, &ts);
	}
	n = MIN(bytes, d->pipe_buf->len);
	memcpy(buf, d->pipe_buf->str, n);
	g_string_erase(d->pipe_buf, 0, (gssize)n);
	pthread_mutex_unlock(&d->lock);
	return (ssize_t)n;
}

static __poll_t pipe_poll(struct kernfs_open_file *of,
			  struct kernfs_poll_table *pt)
{
	struct demo *d = demo_of(of);
	__poll_t mask;

	kernfs_generic_poll(of, pt);	/* be woken by kernfs_notify() */
	pthread_mutex_lock(&d->lock);
	mask = d->pipe_buf->len ? POLLIN | POLLRDNORM : 0;
	pthread_mutex_unlock(&d->lock);
	return mask;
}

static const struct kernfs_ops pipe_ops = {
	.open = pipe_open,
	.read = pipe_read,
	.poll = pipe_poll,
};

static ssize_t pipe_in_write(struct kernfs_open_file *of, char *buf,
			     size_t bytes, loff_t off)
{
	struct demo *d = demo_of(of);

	pthread_mutex_lock(&d->lock);
	g_string_append_len(d->pipe_buf, buf, (gssize)bytes);
	pthread_cond_broadcast(&d->pipe_cond);
	pthread_mutex_unlock(&d->lock);
	kernfs_notify(d->pipe);
	return (ssize_t)bytes;
}

static const struct kernfs_ops pipe_in_ops = {
	.write = pipe_in_write,
};

/* ---- building and tearing down ---- */

struct demo_file {
	const char *name;
	umode_t mode;
	const struct kernfs_ops *ops;
};

static const struct demo_file top_files[] = {
	{ "value", 0644, &value_ops },
	{ "name", 0644, &name_ops },
	{ "readonly", 0444, &readonly_ops },
	{ "writeonly", 0200, &writeonly_ops },
	{ "lock", 0644, &lock_ops },
	{ "ctl", 0200, &ctl_ops },
	{ "pipe", 0444, &pipe_ops },
	{ "pipe_in", 0200, &pipe_in_ops },
};

static struct kernfs_node *demo_file(struct demo *d, struct kernfs_node *dir,
				     const char *name, umode_t mode,
				     const struct kernfs_ops *ops)
{
	return kernfs_create_file_ns(dir, name, mode, d->uid, d->gid, 0, ops,
				     NULL, NULL);
}

static int demo_build(struct demo *d)
{
	struct kernfs_node *top, *kn, *events;
	struct iattr owner = {
		.ia_valid = ATTR_UID | ATTR_GID | ATTR_MODE,
		.ia_uid = d->uid,
		.ia_gid = d->gid,
		.ia_mode = S_IFDIR | 0755,
	};
	size_t i;

	top = kernfs_root_to_node(d->root);
	if (kernfs_setattr(top, &owner))
		return -ENOMEM;
	for (i = 0; i < G_N_ELEMENTS(top_files); i++) {
		kn = demo_file(d, top, top_files[i].name, top_files[i].mode,
			       top_files[i].ops);
		if (IS_ERR(kn))
			return (int)PTR_ERR(kn);
		if (!strcmp(top_files[i].name, "pipe"))
			d->pipe = kn;
		if (!strcmp(top_files[i].name, "value") &&
		    IS_ERR(kernfs_create_link(top, "link", kn)))
			return -ENOMEM;
	}
	events = kernfs_create_dir_ns(top, "events", 0755, d->uid, d->gid,
				      NULL, NULL);
	if (IS_ERR(events))
		return (int)PTR_ERR(events);
	d->counter = demo_file(d, events, "counter", 0444, &counter_ops);
	if (IS_ERR(d->counter) ||
	    IS_ERR(demo_file(d, events, "trigger", 0200, &trigger_ops)))
		return -ENOMEM;
	if (IS_ERR(kernfs_create_template_dir(top, "tmpl", 0755, d->uid,
					      d->gid, &kernfs_demo_tmpl, NULL)))
		return -ENOMEM;
	d->groups = kernfs_create_dir_ns(top, "groups", 0755, d->uid, d->gid,
					 NULL, NULL);
	if (IS_ERR(d->groups))
		return (int)PTR_ERR(d->groups);
	kernfs_activate(top);
	return 0;
}

static int demo_init(struct demo *d)
{
	memset(d, 0, sizeof(*d));
	d->uid = getuid();
	d->gid = getgid();
	g_strlcpy(d->name, "demo", sizeof(d->name));
	pthread_mutex_init(&d->lock, NULL);
	pthread_cond_init(&d->pipe_cond, NULL);
	d->pipe_buf = g_string_new(NULL);
	/* values are freed by whoever unlinks them (see demo_group_unlink) */
	d->groups_by_name = g_hash_table_new_full(g_str_hash, g_str_equal,
						  g_free, NULL);
	d->root = kernfs_create_root(&demo_scops,
				     KERNFS_ROOT_SUPPORT_USER_XATTR, d);
	if (IS_ERR(d->root)) {
		d->root = NULL;
		return -ENOMEM;
	}
	return demo_build(d);
}

static void demo_free_value(gpointer key, gpointer value, gpointer data)
{
	g_free(value);
}

static void demo_fini(struct demo *d)
{
	/* waits for nothing: the bridge has released every file */
	kernfs_destroy_root(d->root);
	g_hash_table_foreach(d->groups_by_name, demo_free_value, NULL);
	g_hash_table_destroy(d->groups_by_name);
	g_string_free(d->pipe_buf, TRUE);
	pthread_cond_destroy(&d->pipe_cond);
	pthread_mutex_destroy(&d->lock);
}

/* ---- main ---- */

struct demo_cli {
	int check_counts;
};

static const struct fuse_opt demo_cli_spec[] = {
	{ "--check-counts", offsetof(struct demo_cli, check_counts), 1 },
	FUSE_OPT_END
};

static void demo_usage(const char *prog)
{
	printf("usage: %s [options] MOUNTPOINT\n\n", prog);
	printf("    --check-counts         verify the lookup counts at unmount\n"
	       "                           (exit status 3 when unbalanced; implied by -d)\n");
	fuse_cmdline_help();
	fputs(kfe_bridge_help(), stdout);
	fuse_lowlevel_help();
}

/* Report the accounting; Return: true when it balanced. */
static bool demo_report_counts(struct kfe_bridge *br)
{
	bool ok;
	g_autofree char *line = kfe_bridge_counts_report(br, &ok);

	fprintf(stderr, "kernfs-demo: %s\n", line);
	return ok;
}

int main(int argc, char **argv)
{
	struct fuse_args args = FUSE_ARGS_INIT(argc, argv);
	struct demo_cli cli = { 0 };
	struct kfe_bridge_opts opts;
	struct kfe_bridge *br = NULL;
	g_autofree char *mnt = NULL;
	struct demo d;
	int ret, status = 0;

	kfe_bridge_opts_init(&opts);
	if (fuse_opt_parse(&args, &cli, demo_cli_spec, NULL))
		return 2;
	ret = kfe_bridge_parse_cmdline(&args, &opts, &mnt);
	if (ret != KFE_CMDLINE_RUN) {
		if (ret == KFE_CMDLINE_HELP)
			demo_usage(argv[0]);
		else if (ret == KFE_CMDLINE_VERSION)
			printf("kernfs-demo, libfuse %d\n", fuse_version());
		else
			fprintf(stderr, "%s: bad arguments (try --help)\n",
				argv[0]);
		fuse_opt_free_args(&args);
		return ret < 0 ? 2 : 0;
	}
	if (demo_init(&d) < 0) {
		fprintf(stderr, "kernfs-demo: cannot build the tree\n");
		status = 1;
		goto fini;
	}
	br = kfe_bridge_new(d.root, &opts);
	if (kfe_bridge_mount(br, &args, mnt) < 0 || kfe_bridge_run(br) < 0) {
		fprintf(stderr, "kernfs-demo: %s\n", kfe_bridge_errmsg(br));
		status = 1;
	} else if ((cli.check_counts || opts.debug) &&
		   !demo_report_counts(br)) {
		status = 3;
	}
	kfe_bridge_free(br);
fini:
	demo_fini(&d);
	fuse_opt_free_args(&args);
	return status;
}
