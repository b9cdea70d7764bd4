// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kernfs-bench - figures for kernfs-emu on this machine: bytes per node,
 * per unvisited template directory and per materialised child (from
 * kernfs_root_stats(), which counts malloc's usable sizes), lookups per
 * second on a warm 1M-node tree, and the time to create and to remove a
 * 1M-node subtree.  Prints figures; asserts nothing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <kernfs-emu/kernfs.h>
#include <kernfs-emu/vfs.h>

static const struct kernfs_caller root_caller;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static size_t bytes(struct kernfs_root *root)
{
	struct kernfs_root_stats st;

	kernfs_root_stats(root, &st);
	return st.bytes;
}

static int show(struct seq_file *sf, void *v)
{
	seq_puts(sf, "0\n");
	return 0;
}

static const struct kernfs_ops ops = { .seq_show = show };

static int entry_cb(struct kernfs_node *dir, const char *name, umode_t *mode,
		    const struct kernfs_ops **o, void **priv)
{
	*mode = 0640;
	*o = &ops;
	return 1;
}

static const struct kernfs_template_entry entries[] = {
	{ "enable", entry_cb }, { "filter", entry_cb }, { "trigger", entry_cb },
	{ "format", entry_cb }, { "id", entry_cb },
};

static const struct kernfs_template event_tmpl = {
	.entries = entries,
	.nr_entries = 5,
};

/* A system dir whose 10,000 event dirs are enumerated, not created. */
#define NR_ENUM 10000
static char enum_names[NR_ENUM][16];

static int enum_iter(struct kernfs_node *dir, size_t idx,
		     struct kernfs_template_subdir *out)
{
	if (idx >= NR_ENUM)
		return -ENOENT;
	out->name = enum_names[idx];
	out->mode = 0755;
	out->tmpl = &event_tmpl;
	out->priv = NULL;
	return 0;
}

static int enum_lookup(struct kernfs_node *dir, const char *name,
		       struct kernfs_template_subdir *out)
{
	unsigned int i;

	if (sscanf(name, "event_%u", &i) != 1 || i >= NR_ENUM)
		return -ENOENT;
	return enum_iter(dir, i, out);
}

static const struct kernfs_template system_tmpl = {
	.dir_iter = enum_iter,
	.dir_lookup = enum_lookup,
};

static void bench_enumerated(void)
{
	struct kernfs_root *root = kernfs_create_root(NULL, 0, NULL);
	size_t before = bytes(root), after;
	struct kernfs_inode *sys, *ev, *file;

	for (unsigned int i = 0; i < NR_ENUM; i++)
		snprintf(enum_names[i], sizeof(enum_names[i]), "event_%07u", i);
	kernfs_create_template_dir(kernfs_root_to_node(root), "sys", 0755, 0, 0,
				   &system_tmpl, NULL);
	after = bytes(root);
	printf("enumerated template event dirs: %zu B for the system dir, %.2f B per event dir, 0 B per file\n",
	       after - before, 0.0);
	kernfs_vfs_lookup(kernfs_vfs_root(root), "sys", &root_caller, &sys, NULL);
	before = bytes(root);
	kernfs_vfs_lookup(sys, "event_0004242", &root_caller, &ev, NULL);
	kernfs_vfs_lookup(ev, "enable", &root_caller, &file, NULL);
	printf("looked-up event dir + one file (nodes + inodes): %zu B\n",
	       bytes(root) - before);
	kernfs_vfs_forget(file, 1);
	kernfs_vfs_forget(ev, 1);
	printf("after forget: %zd B left over\n", (ssize_t)(bytes(root) - before));
	kernfs_vfs_forget(sys, 1);
	kernfs_destroy_root(root);
}

/* Typical tracefs names: "sched_switch"-sized. */
static void name_of(char *buf, size_t size, const char *prefix, unsigned int i)
{
	snprintf(buf, size, "%s_%07u", prefix, i);
}

static void bench_node_bytes(void)
{
	struct kernfs_root *root = kernfs_create_root(NULL, 0, NULL);
	struct kernfs_node *dir = kernfs_create_dir(kernfs_root_to_node(root),
						    "d", 0755, NULL);
	const unsigned int n = 100000;
	size_t before = bytes(root);
	char name[32];

	for (unsigned int i = 0; i < n; i++) {
		name_of(name, sizeof(name), "event", i);
		kernfs_create_file(dir, name, 0640, 0, &ops, NULL);
	}
	printf("plain node (file, %zu-byte name): %.1f B  [goal <= 160 B; kernel 136 B + name]\n",
	       strlen(name), (double)(bytes(root) - before) / n);
	kernfs_destroy_root(root);
}

static void bench_template(void)
{
	struct kernfs_root *root = kernfs_create_root(NULL, 0, NULL);
	struct kernfs_node *dir = kernfs_create_dir(kernfs_root_to_node(root),
						    "sys", 0755, NULL);
	struct kernfs_inode *sys, *ev, *file;
	struct kernfs_root_stats st;
	const unsigned int n = 10000;
	size_t before = bytes(root), mid;
	char name[32];

	for (unsigned int i = 0; i < n; i++) {
		name_of(name, sizeof(name), "event", i);
		kernfs_create_template_dir(dir, name, 0755, 0, 0, &event_tmpl, NULL);
	}
	mid = bytes(root);
	kernfs_root_stats(root, &st);
	printf("explicit template event dir (5 files), before any lookup: %.1f B/dir, %zu children materialised  [goal <= 96 B, 0 per file]\n",
	       (double)(mid - before) / n, st.nr_tmpl_children);
	kernfs_vfs_lookup(kernfs_vfs_root(root), "sys", &root_caller, &sys, NULL);
	kernfs_vfs_lookup(sys, "event_0000000", &root_caller, &ev, NULL);
	before = bytes(root);
	kernfs_vfs_lookup(ev, "format", &root_caller, &file, NULL);
	printf("materialised template child (node + inode): %zu B\n",
	       bytes(root) - before);
	kernfs_vfs_forget(file, 1);
	printf("after forget: %zd B left over\n", (ssize_t)(bytes(root) - before));
	kernfs_vfs_forget(ev, 1);
	kernfs_vfs_forget(sys, 1);
	kernfs_destroy_root(root);
}

/* 1M nodes: 1000 dirs of 999 files (plus the dirs themselves). */
static void build(struct kernfs_node *top, unsigned int dirs, unsigned int files)
{
	char name[32];

	for (unsigned int d = 0; d < dirs; d++) {
		struct kernfs_node *dir;

		name_of(name, sizeof(name), "dir", d);
		dir = kernfs_create_dir(top, name, 0755, NULL);
		for (unsigned int f = 0; f < files; f++) {
			name_of(name, sizeof(name), "file", f);
			kernfs_create_file(dir, name, 0644, 0, &ops, NULL);
		}
	}
}

static void bench_million(void)
{
	struct kernfs_root *root = kernfs_create_root(NULL, 0, NULL);
	struct kernfs_node *top = kernfs_create_dir(kernfs_root_to_node(root),
						    "big", 0755, NULL);
	const unsigned int dirs = 1000, files = 999, lookups = 2000000;
	struct kernfs_inode *big, *dir, *f;
	struct kernfs_root_stats st;
	char name[32];
	double t0, t;

	t0 = now();
	build(top, dirs, files);
	t = now() - t0;
	kernfs_root_stats(root, &st);
	printf("create 1M-node subtree: %.3f s (%zu nodes, %.1f MB, %.1f B/node)\n",
	       t, st.nr_dirs + st.nr_files, st.bytes / 1e6,
	       (double)st.bytes / (st.nr_dirs + st.nr_files));

	kernfs_vfs_lookup(kernfs_vfs_root(root), "big", &root_caller, &big, NULL);
	kernfs_vfs_lookup(big, "dir_0000500", &root_caller, &dir, NULL);
	/* warm: each lookup finds the file and instantiates or reuses its inode */
	t0 = now();
	for (unsigned int i = 0; i < lookups; i++) {
		name_of(name, sizeof(name), "file", (i * 7919u) % files);
		if (!kernfs_vfs_lookup(dir, name, &root_caller, &f, NULL))
			kernfs_vfs_forget(f, 1);
	}
	t = now() - t0;
	printf("lookup+forget on a warm 1M-node tree (single thread): %.2f M/s\n",
	       lookups / t / 1e6);
	kernfs_vfs_forget(dir, 1);
	kernfs_vfs_forget(big, 1);

	t0 = now();
	kernfs_remove(top);
	t = now() - t0;
	kernfs_root_stats(root, &st);
	printf("remove 1M-node subtree: %.3f s (%zu nodes left)\n", t,
	       st.nr_dirs + st.nr_files);
	kernfs_destroy_root(root);
}

int main(void)
{
	printf("kernfs-emu %s, sizeof(struct kernfs_node) = %zu B\n",
	       "bench", sizeof(struct kernfs_node));
	bench_node_bytes();
	bench_template();
	bench_enumerated();
	bench_million();
	return 0;
}
