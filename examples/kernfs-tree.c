// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kernfs-tree - build a small kernfs hierarchy with kernfs-emu and print
 * it the way `ls -lR` would see it through the VFS face: modes, owners,
 * nlink, and the contents of each file read through its kernfs_ops.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <kernfs-emu/kernfs.h>
#include <kernfs-emu/vfs.h>

static const struct kernfs_caller root_caller = { .uid = 0, .gid = 0 };

static int value_show(struct seq_file *sf, void *v)
{
	struct kernfs_open_file *of = sf->private;

	seq_printf(sf, "%s\n", (const char *)of->kn->priv);
	return 0;
}

static const struct kernfs_ops value_ops = { .seq_show = value_show };

static int event_file(struct kernfs_node *dir, const char *name, umode_t *mode,
		      const struct kernfs_ops **ops, void **priv)
{
	*mode = strcmp(name, "enable") ? 0440 : 0640;
	*ops = &value_ops;
	*priv = (void *)(strcmp(name, "enable") ? "described, not stored" : "0");
	return 1;
}

static const struct kernfs_template_entry event_entries[] = {
	{ "enable", event_file },
	{ "format", event_file },
};

static const struct kernfs_template event_tmpl = {
	.entries = event_entries,
	.nr_entries = 2,
};

struct listing {
	char names[64][256];
	int n;
};

static int collect(void *ctx, const char *name, size_t len, uint64_t ino,
		   unsigned int type, loff_t next)
{
	struct listing *l = ctx;

	if (l->n == 64)
		return 1;
	snprintf(l->names[l->n++], 256, "%.*s", (int)len, name);
	return 0;
}

static void print_file(struct kernfs_inode *inode)
{
	struct kernfs_vfs_file *f;
	char buf[4096];
	ssize_t n;

	if (kernfs_vfs_open(inode, 0, &root_caller, &f))
		return;
	n = kernfs_vfs_read(f, buf, sizeof(buf) - 1, 0, &root_caller);
	if (n > 0) {
		buf[n] = '\0';
		printf("    = %s", buf);
	}
	kernfs_vfs_release(f);
}

static void walk(struct kernfs_inode *dir, const char *path)
{
	struct listing l = { .n = 0 };
	struct kernfs_vfs_dir *d;

	if (kernfs_vfs_opendir(dir, &root_caller, &d))
		return;
	kernfs_vfs_readdir(d, 2, collect, &l);
	kernfs_vfs_releasedir(d);
	for (int i = 0; i < l.n; i++) {
		struct kernfs_inode *child;
		struct stat st;
		char sub[1024];

		if (kernfs_vfs_lookup(dir, l.names[i], &root_caller, &child, &st))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, l.names[i]);
		printf("%c%04o %u:%u nlink=%lu ino=%llu  %s\n",
		       S_ISDIR(st.st_mode) ? 'd' : '-', st.st_mode & 07777,
		       st.st_uid, st.st_gid, (unsigned long)st.st_nlink,
		       (unsigned long long)st.st_ino, sub);
		if (S_ISDIR(st.st_mode))
			walk(child, sub);
		else
			print_file(child);
		kernfs_vfs_forget(child, 1);
	}
}

int main(void)
{
	struct kernfs_root *root = kernfs_create_root(NULL, 0, NULL);
	struct kernfs_root_stats st;
	struct kernfs_node *top, *dir;

	if (IS_ERR(root))
		return 1;
	top = kernfs_root_to_node(root);
	dir = kernfs_create_dir(top, "options", 0750, NULL);
	kernfs_create_file(dir, "overwrite", 0640, 0, &value_ops, "1");
	kernfs_create_file(top, "tracing_on", 0640, 0, &value_ops, "1");
	kernfs_create_template_dir(top, "sched_switch", 0755, 0, 0,
				   &event_tmpl, NULL);
	kernfs_root_stats(root, &st);
	printf("built: %zu dirs, %zu files, %zu template children, %zu bytes\n",
	       st.nr_dirs, st.nr_files, st.nr_tmpl_children, st.bytes);
	walk(kernfs_vfs_root(root), "");
	kernfs_root_stats(root, &st);
	printf("after the walk: %zu template children, %zu inodes, %zu bytes\n",
	       st.nr_tmpl_children, st.nr_inodes, st.bytes);
	kernfs_destroy_root(root);
	return 0;
}
