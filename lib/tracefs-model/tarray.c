/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tarray.c - a trace array (the top level or one instance): its state and
 * its non-eventfs tree, laid out as the capture's layout.tsv says.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model-priv.h"

/* Where the nodes of a layout are being created. */
struct build {
	struct tfm_trace_array *ta;
	GHashTable *dirs;		/* relpath -> kernfs_node * */
	struct kernfs_node **cpu_dirs;	/* per_cpu/cpuN, N = 0..nr_cpus-1 */
};

static const char *dir_of(const char *path, char *buf, size_t size)
{
	const char *slash = strrchr(path, '/');
	size_t len;

	if (!slash)
		return "";
	len = (size_t)(slash - path);
	if (len >= size)
		len = size - 1;
	memcpy(buf, path, len);
	buf[len] = '\0';
	return buf;
}

static const char *base_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* "per_cpu/cpu<N>" or "per_cpu/cpu<N>/..." → N, else -1. */
static int cpu_of_path(const char *path)
{
	const char *p;
	char *end;
	long n;

	if (strncmp(path, "per_cpu/cpu", 11))
		return -1;
	p = path + 11;
	n = strtol(p, &end, 10);
	if (end == p || (*end && *end != '/'))
		return -1;
	return (int)n;
}

static int add_cpu_dirs(struct build *b, struct kernfs_node *parent,
			umode_t mode)
{
	struct tfm_trace_array *ta = b->ta;
	char name[32];

	for (unsigned int i = 0; i < ta->m->nr_cpus; i++) {
		snprintf(name, sizeof(name), "cpu%u", i);
		b->cpu_dirs[i] = kernfs_create_dir_ns(parent, name, mode,
						      KERNFS_INHERIT_UID,
						      KERNFS_INHERIT_GID,
						      &ta->cpus[i], NULL);
		if (IS_ERR(b->cpu_dirs[i]))
			return (int)PTR_ERR(b->cpu_dirs[i]);
	}
	return 0;
}

static int add_cpu_files(struct build *b, const struct tfm_layout_row *row)
{
	struct tfm_trace_array *ta = b->ta;
	const struct kernfs_ops *ops = tfm_file_ops(base_of(row->path), true,
						    false);

	for (unsigned int i = 0; i < ta->m->nr_cpus; i++) {
		struct kernfs_node *kn;

		kn = __kernfs_create_file(b->cpu_dirs[i], base_of(row->path),
					  (umode_t)row->mode,
					  KERNFS_INHERIT_UID,
					  KERNFS_INHERIT_GID, 0, ops,
					  &ta->cpus[i], NULL, NULL);
		if (IS_ERR(kn))
			return (int)PTR_ERR(kn);
		tfm_data_node_created(ta, kn, (int)i);
	}
	return 0;
}

static int add_dir(struct build *b, struct kernfs_node *parent,
		   const struct tfm_layout_row *row)
{
	struct tfm_trace_array *ta = b->ta;
	struct kernfs_node *kn;

	if (!strcmp(row->path, "events")) {
		kn = tfm_events_create(ta, parent);
		if (IS_ERR(kn))
			return (int)PTR_ERR(kn);
		ta->events = kn;
		return 0;
	}
	kn = kernfs_create_dir_ns(parent, base_of(row->path),
				  (umode_t)row->mode, KERNFS_INHERIT_UID,
				  KERNFS_INHERIT_GID, &ta->all, NULL);
	if (IS_ERR(kn))
		return (int)PTR_ERR(kn);
	if (!strcmp(row->path, "instances")) {
		kn->priv = NULL;
		kernfs_set_owner_source(kn, true);
		ta->m->instances_kn = kn;
	}
	g_hash_table_insert(b->dirs, (gpointer)row->path, kn);
	if (!strcmp(row->path, "per_cpu"))
		return add_cpu_dirs(b, kn, 0750);
	return 0;
}

/**
 * tfm_ta_row_used - whether building a trace array's tree reads @row
 * @row: a row of the capture's layout.tsv or instance layout
 *
 * Return: false for the root, the contents of events/ (eventfs makes them)
 * and of instances/, and for per_cpu rows other than cpu0's files (cpu0
 * describes every CPU).
 */
bool tfm_ta_row_used(const struct tfm_layout_row *row)
{
	int cpu = cpu_of_path(row->path);

	if (!strcmp(row->path, ".") || !strncmp(row->path, "events/", 7) ||
	    !strncmp(row->path, "instances/", 10))
		return false;
	return cpu < 0 || (cpu == 0 && row->type != 'd');
}

static int add_row(struct build *b, const struct tfm_layout_row *row)
{
	struct tfm_trace_array *ta = b->ta;
	struct kernfs_node *parent, *kn;
	const struct kernfs_ops *ops;
	char buf[256];
	const char *dir;

	if (!tfm_ta_row_used(row))
		return 0;
	if (cpu_of_path(row->path) >= 0)
		return add_cpu_files(b, row);
	dir = dir_of(row->path, buf, sizeof(buf));
	parent = *dir ? g_hash_table_lookup(b->dirs, dir) : ta->dir;
	if (!parent)
		return -EINVAL;
	if (row->type == 'd')
		return add_dir(b, parent, row);
	ops = tfm_file_ops(row->path, false, !strcmp(dir, "options"));
	kn = __kernfs_create_file(parent, base_of(row->path),
				  (umode_t)row->mode, KERNFS_INHERIT_UID,
				  KERNFS_INHERIT_GID, 0, ops, &ta->all, NULL,
				  NULL);
	if (IS_ERR(kn))
		return (int)PTR_ERR(kn);
	tfm_data_node_created(ta, kn, -1);
	return 0;
}

static int build_tree(struct tfm_trace_array *ta)
{
	const struct tfm_layout *l = ta->name ? ta->m->inst_layout :
						ta->m->top_layout;
	struct build b = { .ta = ta };
	int ret = 0;

	b.dirs = g_hash_table_new(g_str_hash, g_str_equal);
	b.cpu_dirs = g_new0(struct kernfs_node *, ta->m->nr_cpus);
	for (size_t i = 0; i < l->nr && !ret; i++)
		ret = add_row(&b, &l->rows[i]);
	g_hash_table_destroy(b.dirs);
	g_free(b.cpu_dirs);
	return ret;
}

static void init_state(struct tfm_trace_array *ta)
{
	struct tfm_model *m = ta->m;

	ta->opts = tfm_options_default(m, !ta->name);
	for (unsigned int i = 0; m->tracers[i]; i++)
		if (!strcmp(m->tracers[i], "nop"))
			ta->tracer = i;
	ta->buffer_percent = 50;
	ta->subbuf_kb = 4;
	ta->cpumask = m->nr_cpus >= 64 ? ~0ull : (1ull << m->nr_cpus) - 1;
	g_queue_init(&ta->errlog);
}

/**
 * tfm_ta_create - create a trace array and its tree below @dir
 * @m: the model (its lock held)
 * @dir: the root node (top level) or the new instance directory
 * @name: the instance name, NULL for the top level
 *
 * Return: the trace array, or NULL on failure (nodes created so far stay
 * below @dir; the caller removes @dir).
 */
struct tfm_trace_array *tfm_ta_create(struct tfm_model *m,
				      struct kernfs_node *dir,
				      const char *name)
{
	struct tfm_trace_array *ta = tfm_zalloc(m, sizeof(*ta));

	if (!ta)
		return NULL;
	ta->m = m;
	ta->dir = dir;
	ta->name = name ? g_strdup(name) : NULL;
	ta->all.ta = ta;
	ta->all.cpu = -1;
	ta->cpus = tfm_zalloc(m, m->nr_cpus * sizeof(*ta->cpus));
	if (!ta->cpus)
		goto fail;
	for (unsigned int i = 0; i < m->nr_cpus; i++) {
		ta->cpus[i].ta = ta;
		ta->cpus[i].cpu = (int)i;
	}
	init_state(ta);
	if (tfm_data_create(ta) || build_tree(ta))
		goto fail;
	return ta;
fail:
	tfm_ta_destroy(ta);
	return NULL;
}

/**
 * tfm_ta_destroy - free a trace array whose nodes are gone; NULL ignored
 * @ta: the trace array
 */
void tfm_ta_destroy(struct tfm_trace_array *ta)
{
	struct tfm_model *m;
	struct tfm_errlog_entry *e;

	if (!ta)
		return;
	m = ta->m;
	tfm_evstates_free(ta);
	tfm_dyn_ta_fini(ta);
	if (ta->sysshow)
		g_hash_table_destroy(ta->sysshow);
	if (ta->mod_cmds)
		g_ptr_array_unref(ta->mod_cmds);
	if (ta->pids)
		g_array_unref(ta->pids);
	if (ta->notrace_pids)
		g_array_unref(ta->notrace_pids);
	while ((e = g_queue_pop_head(&ta->errlog))) {
		g_free(e->text);
		tfm_free(m, e);
	}
	tfm_data_destroy(ta);
	g_free(ta->name);
	tfm_free(m, ta->cpus);
	tfm_free(m, ta);
}

/**
 * tfm_ta_get - take a reference for an open file (blocks rmdir)
 * @ta: the trace array
 *
 * Return: 0, or -ENODEV when the instance is being removed.
 */
int tfm_ta_get(struct tfm_trace_array *ta)
{
	int ret = 0;

	tfm_lock(ta->m);
	if (ta->removing)
		ret = -ENODEV;
	else
		ta->refs++;
	tfm_unlock(ta->m);
	return ret;
}

/**
 * tfm_ta_put - drop a reference taken by tfm_ta_get()
 * @ta: the trace array
 */
void tfm_ta_put(struct tfm_trace_array *ta)
{
	tfm_lock(ta->m);
	ta->refs--;
	tfm_unlock(ta->m);
}
