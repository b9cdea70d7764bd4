// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * dynevent-bench - the cost of one dynamic (uprobe) event in a tracefs
 * model with 64 instances: time and bytes to add it (it appears in the
 * top level and in every instance) and to remove it again, through the
 * VFS face, for both events/ designs.  Bytes are kernfs-emu's exact
 * accounting plus the model's own heap (malloc's usable sizes).  Prints
 * figures; asserts nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <kernfs-emu/kernfs.h>
#include <kernfs-emu/vfs.h>
#include <tracefs-model/model.h>

#define NR_INSTANCES	64
#define ROUNDS		20

static const struct kernfs_caller root_caller = { .pid = 0 };

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long long bytes(struct tfm_model *m)
{
	struct tfm_model_stats st;

	tfm_model_stats(m, &st);
	return (long long)(st.kernfs.bytes + st.model_bytes);
}

static struct kernfs_inode *lookup(struct tfm_model *m, const char *name)
{
	struct kernfs_inode *ino = NULL;

	if (kernfs_vfs_lookup(kernfs_vfs_root(tfm_model_root(m)), name,
			      &root_caller, &ino, NULL))
		return NULL;
	return ino;
}

/* One write to uprobe_events (open, write, close). */
static int command(struct tfm_model *m, const char *cmd)
{
	struct kernfs_inode *ino = lookup(m, "uprobe_events");
	struct kernfs_vfs_file *f;
	ssize_t r = -ENOENT;

	if (!ino)
		return -ENOENT;
	if (!kernfs_vfs_open(ino, O_WRONLY, &root_caller, &f)) {
		r = kernfs_vfs_write(f, cmd, strlen(cmd), 0, &root_caller);
		kernfs_vfs_release(f);
	}
	kernfs_vfs_forget(ino, 1);
	return r < 0 ? (int)r : 0;
}

static int make_instances(struct tfm_model *m)
{
	struct kernfs_inode *dir = lookup(m, "instances"), *n;
	char name[32];
	int ret = 0;

	if (!dir)
		return -ENOENT;
	for (int i = 0; i < NR_INSTANCES && !ret; i++) {
		snprintf(name, sizeof(name), "bench%02d", i);
		ret = kernfs_vfs_mkdir(dir, name, 0750, &root_caller, &n, NULL);
		if (!ret)
			kernfs_vfs_forget(n, 1);
	}
	kernfs_vfs_forget(dir, 1);
	return ret;
}

static void run(enum tfm_design design, const char *label, const char *path)
{
	char def[4200];
	struct tfm_model_opts o;
	struct tfm_model *m = NULL;
	double t_add = 0, t_rm = 0, t;
	long long b0, b_add = 0, b_rm = 0;

	tfm_model_opts_init(&o);
	o.design = design;
	o.nr_cpus = 2;
	if (tfm_model_new(&o, &m) || make_instances(m)) {
		printf("%s: setup failed\n", label);
		tfm_model_free(m);
		return;
	}
	snprintf(def, sizeof(def), "p:bench/ev %s:0x10 a=%%di:u32", path);
	for (int r = 0; r < ROUNDS; r++) {
		b0 = bytes(m);
		t = now();
		if (command(m, def)) {
			printf("%s: definition failed\n", label);
			break;
		}
		t_add += now() - t;
		if (!r)
			b_add = bytes(m) - b0;
		b0 = bytes(m);
		t = now();
		command(m, "-:bench/ev");
		t_rm += now() - t;
		if (!r)
			b_rm = bytes(m) - b0;
	}
	printf("dynamic event across %d instances (%s): add %.1f us, %+lld B; remove %.1f us, %+lld B\n",
	       NR_INSTANCES, label, t_add / ROUNDS * 1e6, b_add,
	       t_rm / ROUNDS * 1e6, b_rm);
	tfm_model_free(m);
}

int main(int argc, char **argv)
{
	/* any regular file will do: nothing is attached to it */
	const char *path = argc > 1 ? argv[1] : "/proc/self/exe";

	run(TFM_DESIGN_TEMPLATE, "template design", path);
	run(TFM_DESIGN_NODES, "node-per-file design", path);
	return 0;
}
