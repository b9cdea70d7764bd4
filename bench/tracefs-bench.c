// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * tracefs-bench - memory and time figures of tracefs-model, for both
 * events/ designs (template directories, one node per file), next to the
 * goals of the tracefs-model issue and the real Linux 6.18 kernel's own
 * figures.  Prints figures; asserts nothing.
 *
 * Two byte counts are shown: "accounted" is what the model reports
 * (tfm_model_stats(): kernfs-emu's exact accounting plus the model's own
 * structures), "heap" is the growth of the whole process heap (glibc's
 * mallinfo2()), which also holds the parsed catalog and glib's tables.
 * The daemon-side goal is judged on the heap figure.
 *
 * Everything goes through the public model API and kernfs-emu's VFS face,
 * as the FUSE bridge drives them; the synthetic catalog is built in memory
 * and loaded with the catalog loader.
 */
#include <dirent.h>
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <glib.h>

#include <kernfs-emu/kernfs.h>
#include <kernfs-emu/vfs.h>
#include <tracefs-model/model.h>

#include "catalog.h"

#define NR_INSTANCES	50
#define KB		1024.0
#define MB		(1024.0 * 1024.0)

static const struct kernfs_caller root_caller;

static const char *const design_name[] = {
	[TFM_DESIGN_TEMPLATE] = "template",
	[TFM_DESIGN_NODES] = "nodes",
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Bytes the process heap holds now (all arenas, mmapped blocks too). */
static size_t heap(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

/* What the model accounts for itself. */
static size_t accounted(struct tfm_model *m)
{
	struct tfm_model_stats st;

	tfm_model_stats(m, &st);
	return st.kernfs.bytes + st.model_bytes + st.catalog_bytes;
}

static const char *verdict(double value, double goal)
{
	return value <= goal ? "met" : "NOT met";
}

static void print_bytes(const char *what, double bytes, double goal,
			const char *unit_name, double unit, const char *note)
{
	if (goal > 0)
		printf("  %-44s %10.1f %s  [goal <= %.0f %s: %s]%s%s\n", what,
		       bytes / unit, unit_name, goal / unit, unit_name,
		       verdict(bytes, goal), note ? "  " : "", note ? note : "");
	else
		printf("  %-44s %10.1f %s%s%s\n", what, bytes / unit, unit_name,
		       note ? "  " : "", note ? note : "");
}

static void print_ms(const char *what, double ms, double goal,
		     const char *note)
{
	printf("  %-44s %10.3f ms  [goal <= %.1f ms: %s]  %s\n", what, ms,
	       goal, verdict(ms, goal), note);
}

/* ---- directory listing through the VFS face ---- */

struct dent {
	char *name;
	bool is_dir;
};

static int collect(void *ctx, const char *name, size_t namelen, uint64_t ino,
		   unsigned int d_type, loff_t next_pos)
{
	GArray *out = ctx;
	struct dent d;

	if ((namelen == 1 && name[0] == '.') ||
	    (namelen == 2 && name[0] == '.' && name[1] == '.'))
		return 0;
	d.name = g_strndup(name, namelen);
	d.is_dir = d_type == DT_DIR;
	g_array_append_val(out, d);
	return 0;
}

static void dent_clear(gpointer p)
{
	g_free(((struct dent *)p)->name);
}

/* The entries of @dir, "." and ".." left out. */
static GArray *list_dir(struct kernfs_inode *dir)
{
	GArray *out = g_array_new(FALSE, FALSE, sizeof(struct dent));
	struct kernfs_vfs_dir *d;

	g_array_set_clear_func(out, dent_clear);
	if (kernfs_vfs_opendir(dir, &root_caller, &d))
		return out;
	kernfs_vfs_readdir(d, 0, collect, out);
	kernfs_vfs_releasedir(d);
	return out;
}

static struct kernfs_inode *lookup(struct kernfs_inode *dir, const char *name)
{
	struct kernfs_inode *child = NULL;

	if (kernfs_vfs_lookup(dir, name, &root_caller, &child, NULL))
		return NULL;
	return child;
}

/* Forget @held newest first: children before their parents. */
static void forget_all(GPtrArray *held)
{
	for (guint i = held->len; i > 0; i--)
		kernfs_vfs_forget(held->pdata[i - 1], 1);
	g_ptr_array_set_size(held, 0);
}

/* ---- the default catalog ---- */

static struct tfm_model *new_model(enum tfm_design design,
				   const struct tfm_catalog *cat)
{
	struct tfm_model_opts opts;
	struct tfm_model *m;
	int ret;

	tfm_model_opts_init(&opts);
	opts.design = design;
	opts.nr_cpus = 2;	/* the capture's machine */
	opts.catalog = cat;
	ret = tfm_model_new(&opts, &m);
	if (ret) {
		fprintf(stderr, "tfm_model_new: %s\n", g_strerror(-ret));
		return NULL;
	}
	return m;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median time of 5 builds; the heap figure is the last build's. */
static struct tfm_model *bench_default(enum tfm_design design)
{
	struct tfm_model_stats st;
	struct tfm_model *m = NULL;
	double t[5], t0;
	size_t h0 = 0;

	for (int i = 0; i < 5; i++) {
		tfm_model_free(m);
		h0 = heap();
		t0 = now();
		m = new_model(design, NULL);
		t[i] = now() - t0;
		if (!m)
			return NULL;
	}
	qsort(t, 5, sizeof(t[0]), cmp_double);
	tfm_model_stats(m, &st);
	printf("  %-44s %10.1f ms  (median of 5)\n",
	       "tfm_model_new (default 6.18 catalog)", t[2] * 1e3);
	print_bytes("whole model, heap", heap() - h0, 8 * MB, "MB", MB, NULL);
	print_bytes("whole model, accounted", accounted(m), 0, "KB", KB,
		    "(kernfs-emu + model structures)");
	printf("  %-44s %10zu dirs, %zu files, %zu template children\n",
	       "kernfs nodes", st.kernfs.nr_dirs, st.kernfs.nr_files,
	       st.kernfs.nr_tmpl_children);
	return m;
}

/* The system directory with the most events, looked up (caller forgets). */
static struct kernfs_inode *biggest_system(struct kernfs_inode *events,
					   size_t *nr)
{
	g_autoptr(GArray) systems = list_dir(events);
	struct kernfs_inode *best = NULL;

	*nr = 0;
	for (guint i = 0; i < systems->len; i++) {
		struct dent *d = &g_array_index(systems, struct dent, i);
		struct kernfs_inode *sys;
		g_autoptr(GArray) evs = NULL;

		if (!d->is_dir || !(sys = lookup(events, d->name)))
			continue;
		evs = list_dir(sys);
		if (evs->len > *nr) {
			if (best)
				kernfs_vfs_forget(best, 1);
			best = sys;
			*nr = evs->len;
		} else {
			kernfs_vfs_forget(sys, 1);
		}
	}
	return best;
}

/* Look up every event dir of @sys. */
static void lookup_event_dirs(struct kernfs_inode *sys, GPtrArray *dirs)
{
	g_autoptr(GArray) evs = list_dir(sys);

	for (guint i = 0; i < evs->len; i++) {
		struct dent *d = &g_array_index(evs, struct dent, i);
		struct kernfs_inode *ev;

		if (d->is_dir && (ev = lookup(sys, d->name)))
			g_ptr_array_add(dirs, ev);
	}
}

/* Look up every file of the looked-up directories @dirs. */
static void lookup_files(GPtrArray *dirs, GPtrArray *files)
{
	for (guint i = 0; i < dirs->len; i++) {
		g_autoptr(GArray) names = list_dir(dirs->pdata[i]);

		for (guint j = 0; j < names->len; j++) {
			struct kernfs_inode *f = lookup(dirs->pdata[i],
				g_array_index(names, struct dent, j).name);

			if (f)
				g_ptr_array_add(files, f);
		}
	}
}

static void bench_event_dirs(struct tfm_model *m)
{
	struct kernfs_inode *root = kernfs_vfs_root(tfm_model_root(m));
	/* sized up front, so that their growth is not measured */
	g_autoptr(GPtrArray) dirs = g_ptr_array_sized_new(4096);
	g_autoptr(GPtrArray) files = g_ptr_array_sized_new(32768);
	struct kernfs_inode *events, *sys;
	size_t a0, a1, a2, h0, h1, h2, nr;
	g_autofree char *what = NULL;

	events = lookup(root, "events");
	if (!events)
		return;
	sys = biggest_system(events, &nr);
	if (!sys) {
		kernfs_vfs_forget(events, 1);
		return;
	}
	a0 = accounted(m);
	h0 = heap();
	lookup_event_dirs(sys, dirs);
	a1 = accounted(m);
	h1 = heap();
	lookup_files(dirs, files);
	a2 = accounted(m);
	h2 = heap();
	what = g_strdup_printf("(%u event dirs, %u files of the biggest system)",
			       dirs->len, files->len);
	printf("  looking up event dirs and their files %s\n", what);
	printf("  %-44s %10.1f B   (heap %.1f B)\n", "per looked-up event dir",
	       (double)(a1 - a0) / MAX(dirs->len, 1),
	       (double)(h1 - h0) / MAX(dirs->len, 1));
	printf("  %-44s %10.1f B   (heap %.1f B)\n", "per materialised file",
	       (double)(a2 - a1) / MAX(files->len, 1),
	       (double)(h2 - h1) / MAX(files->len, 1));
	forget_all(files);
	forget_all(dirs);
	printf("  %-44s %10zd B   (heap %zd B)\n", "left over after forget",
	       (ssize_t)(accounted(m) - a0), (ssize_t)(heap() - h0));
	kernfs_vfs_forget(sys, 1);
	kernfs_vfs_forget(events, 1);
}

/* ---- instances ---- */

static void bench_instances(struct tfm_model *m)
{
	struct kernfs_inode *root = kernfs_vfs_root(tfm_model_root(m));
	struct kernfs_inode *inst = lookup(root, "instances");
	struct kernfs_inode *made[NR_INSTANCES];
	double t_mk = 0, t_rm = 0, t0;
	size_t a0, h0, a1, h1;
	char name[32];
	int ok = 0, err;

	if (!inst)
		return;
	a0 = accounted(m);
	h0 = heap();
	for (int i = 0; i < NR_INSTANCES; i++) {
		snprintf(name, sizeof(name), "bench_%02d", i);
		t0 = now();
		err = kernfs_vfs_mkdir(inst, name, 0755, &root_caller,
				       &made[i], NULL);
		t_mk += now() - t0;
		if (err) {
			fprintf(stderr, "mkdir instances/%s: %s\n", name,
				g_strerror(-err));
			break;
		}
		ok++;
	}
	for (int i = 0; i < ok; i++)
		kernfs_vfs_forget(made[i], 1);
	a1 = accounted(m);
	h1 = heap();
	for (int i = 0; i < ok; i++) {
		snprintf(name, sizeof(name), "bench_%02d", i);
		t0 = now();
		err = kernfs_vfs_rmdir(inst, name, &root_caller);
		t_rm += now() - t0;
		if (err)
			fprintf(stderr, "rmdir instances/%s: %s\n", name,
				g_strerror(-err));
	}
	if (ok) {
		char note[64];

		print_bytes("per extra instance, heap", (double)(h1 - h0) / ok,
			    64 * KB, "KB", KB, "(kernel: 519 KB of slab)");
		print_bytes("per extra instance, accounted",
			    (double)(a1 - a0) / ok, 0, "KB", KB, NULL);
		snprintf(note, sizeof(note), "(kernel: 10 ms; mean of %d)", ok);
		print_ms("mkdir instances/X", t_mk / ok * 1e3, 5, note);
		snprintf(note, sizeof(note), "(kernel: 35 ms; mean of %d)", ok);
		print_ms("rmdir instances/X", t_rm / ok * 1e3, 17.5, note);
	}
	printf("  %-44s %10zd B   (heap %zd B)\n", "left over after all rmdirs",
	       (ssize_t)(accounted(m) - a0), (ssize_t)(heap() - h0));
	kernfs_vfs_forget(inst, 1);
}

/* ---- full walk ---- */

static void walk(struct kernfs_inode *dir, GPtrArray *held)
{
	g_autoptr(GArray) names = list_dir(dir);

	for (guint i = 0; i < names->len; i++) {
		struct dent *d = &g_array_index(names, struct dent, i);
		struct kernfs_inode *child;
		struct stat st;

		if (kernfs_vfs_lookup(dir, d->name, &root_caller, &child, &st))
			continue;
		g_ptr_array_add(held, child);
		if (S_ISDIR(st.st_mode))
			walk(child, held);
	}
}

static void bench_walk(struct tfm_model *m)
{
	struct kernfs_inode *root = kernfs_vfs_root(tfm_model_root(m));
	g_autoptr(GPtrArray) held = g_ptr_array_sized_new(65536);
	size_t a0 = accounted(m), h0 = heap(), a1, h1;
	double t0 = now(), t_walk, t_forget;
	guint nodes;

	walk(root, held);
	t_walk = now() - t0;
	a1 = accounted(m);
	h1 = heap();
	nodes = held->len;
	t0 = now();
	forget_all(held);
	t_forget = now() - t0;
	printf("  full walk (readdir + lookup of %u nodes)   %10.1f ms   (%.2f us/node)\n",
	       nodes, t_walk * 1e3, t_walk * 1e6 / MAX(nodes, 1));
	printf("  %-44s %10.1f MB  (heap %.1f MB, %.1f B/node)\n",
	       "bytes while every node is looked up", (a1 - a0) / MB,
	       (h1 - h0) / MB, (double)(h1 - h0) / MAX(nodes, 1));
	printf("  %-44s %10.1f ms\n", "forget of every node", t_forget * 1e3);
	printf("  %-44s %10zd B   (heap %zd B)\n", "left over after forget",
	       (ssize_t)(accounted(m) - a0), (ssize_t)(heap() - h0));
}

/* ---- synthetic catalogs ---- */

static const char common_fields[] =
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n";

/* @nsys systems of @nev events, each with a 12-line format. */
static GString *make_catalog(unsigned int nsys, unsigned int nev)
{
	GString *s = g_string_sized_new((gsize)nsys * nev * 560);
	unsigned int id = 0;

	g_string_append(s, "# tracefs events catalog v1\n");
	for (unsigned int i = 0; i < nsys; i++) {
		g_string_append_printf(s, "system subsys_%03u files=enable,filter\n",
				       i);
		for (unsigned int j = 0; j < nev; j++) {
			id++;
			g_string_append_printf(s,
				"event subsys_%03u event_%03u_%04u id=%u files=enable,filter,trigger,format,id lines=12\n"
				"name: event_%03u_%04u\nID: %u\nformat:\n%s\n"
				"\tfield:unsigned long ip;\toffset:8;\tsize:8;\tsigned:0;\n"
				"\tfield:int value;\toffset:16;\tsize:4;\tsigned:1;\n\n"
				"print fmt: \"ip=%%lx value=%%d\", REC->ip, REC->value\nend\n",
				i, i, j, id, i, j, id, common_fields);
		}
	}
	return s;
}

struct synth {
	size_t nr_events;
	size_t text_len;
	double t_load, t_new;
	size_t heap;
	size_t acct;
};

/* Load a synthetic catalog and build a model on it; 0 or -errno. */
static int synth_run(enum tfm_design design, unsigned int nsys,
		     unsigned int nev, struct synth *out, char **why)
{
	g_autoptr(GError) error = NULL;
	struct tfm_catalog *cat = NULL;
	struct tfm_model *m;
	size_t h0 = heap();
	GString *text = make_catalog(nsys, nev);
	g_autofree char *path = NULL;
	double t0;
	int fd, ret;

	/* as `mock-tracefs --catalog FILE` does: the file is mapped, not copied */
	fd = g_file_open_tmp("tfm-synthetic-XXXXXX.catalog", &path, NULL);
	if (fd < 0 || !g_file_set_contents(path, text->str, (gssize)text->len, NULL)) {
		*why = g_strdup("cannot write a temporary catalog file");
		if (fd >= 0)
			close(fd);
		g_string_free(text, TRUE);
		return -EIO;
	}
	close(fd);
	out->text_len = text->len;
	g_string_free(text, TRUE);
	h0 = heap();
	t0 = now();

	ret = tfm_catalog_load_file(path, &cat, &error);
	out->t_load = now() - t0;
	unlink(path);
	if (ret) {
		*why = g_strdup(error ? error->message : g_strerror(-ret));
		return ret;
	}
	t0 = now();
	m = new_model(design, cat);
	out->t_new = now() - t0;
	if (!m) {
		tfm_catalog_free(cat);
		*why = g_strdup("tfm_model_new failed");
		return -EINVAL;
	}
	out->nr_events = cat->nr_events;
	out->heap = heap() - h0;
	out->acct = accounted(m);
	tfm_model_free(m);
	tfm_catalog_free(cat);
	return 0;
}

static void bench_synthetic(enum tfm_design design)
{
	struct synth small, big;
	g_autofree char *why = NULL;
	double per_ev, t_per_ev, est_bytes, est_time;
	const double target = 200000;

	/* 500 x 400 = 200k events cannot load: ids are 16 bits (1..65535) */
	if (synth_run(design, 500, 400, &big, &why) == 0) {
		printf("  %-44s %10.1f MB  [goal <= 64 MB: %s]\n",
		       "200k events, heap", big.heap / MB,
		       verdict(big.heap, 64 * MB));
		printf("  %-44s %10.3f s   [goal <= 1 s: %s]\n",
		       "200k events, load + tfm_model_new",
		       big.t_load + big.t_new,
		       verdict(big.t_load + big.t_new, 1));
		return;
	}
	printf("  500 x 400 events rejected by the loader: %s\n", why);
	g_clear_pointer(&why, g_free);
	if (synth_run(design, 100, 10, &small, &why) ||
	    synth_run(design, 500, 131, &big, &why)) {
		printf("  synthetic catalog failed: %s\n", why);
		return;
	}
	per_ev = (double)(big.heap - small.heap) /
		 (double)(big.nr_events - small.nr_events);
	t_per_ev = (big.t_load + big.t_new - small.t_load - small.t_new) /
		   (double)(big.nr_events - small.nr_events);
	printf("  %zu events (500 systems x 131, the most ids allow):\n",
	       big.nr_events);
	printf("  %-44s %10.1f MB  (%.0f B/event marginal)\n", "heap",
	       big.heap / MB, per_ev);
	printf("  %-44s %10.1f MB  (%.0f B/event; mapped from the file, page cache, not heap)\n",
	       "catalog text", big.text_len / MB,
	       (double)big.text_len / big.nr_events);
	printf("  %-44s %10.1f B   (accounted, marginal)\n",
	       "per unvisited event dir with its files",
	       (double)(big.acct - small.acct) /
	       (double)(big.nr_events - small.nr_events));
	printf("  %-44s %10.3f s   (load %.3f s + tfm_model_new %.3f s)\n",
	       "ready in", big.t_load + big.t_new, big.t_load, big.t_new);
	est_bytes = big.heap + per_ev * (target - big.nr_events);
	est_time = big.t_load + big.t_new +
		   t_per_ev * (target - big.nr_events);
	printf("  %-44s %10.1f MB  [goal <= 64 MB: %s]\n",
	       "200k events, extrapolated heap", est_bytes / MB,
	       verdict(est_bytes, 64 * MB));
	printf("  %-44s %10.3f s   [goal <= 1 s: %s]\n",
	       "200k events, extrapolated ready time", est_time,
	       verdict(est_time, 1));
}

static void bench_design(enum tfm_design design)
{
	struct tfm_model *m;

	printf("\n== design: %s ==\n", design_name[design]);
	m = bench_default(design);
	if (!m)
		return;
	bench_event_dirs(m);
	bench_instances(m);
	bench_walk(m);
	tfm_model_free(m);
	bench_synthetic(design);
}

int main(void)
{
	/* warm up: the embedded resource, glib's type and quark tables */
	tfm_model_free(new_model(TFM_DESIGN_TEMPLATE, NULL));

	printf("tracefs-model bench: default catalog = Linux 6.18 capture "
	       "(102 systems, 2323 events), 2 CPUs\n");
	printf("heap = process heap growth (mallinfo2), accounted = "
	       "tfm_model_stats(); goals from the tracefs-model issue\n");
	bench_design(TFM_DESIGN_TEMPLATE);
	bench_design(TFM_DESIGN_NODES);
	return 0;
}
