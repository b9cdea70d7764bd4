/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * kernfs-demo-tmpl.c - the demo's template directory (tmpl/): files
 * alpha (0444), beta (0644, one value for all), ghost (always hidden),
 * and subdirectories sub0..sub2 each holding index (0444).
 */
#include "kernfs-demo.h"

#include <errno.h>
#include <glib.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static int alpha_show(struct seq_file *sf, void *v)
{
	seq_puts(sf, "alpha\n");
	return 0;
}

static const struct kernfs_ops alpha_ops = {
	.seq_show = alpha_show,
};

/* beta is one value shared by every template directory */
static pthread_mutex_t beta_lock = PTHREAD_MUTEX_INITIALIZER;
static int beta_value;

static int beta_show(struct seq_file *sf, void *v)
{
	pthread_mutex_lock(&beta_lock);
	seq_printf(sf, "%d\n", beta_value);
	pthread_mutex_unlock(&beta_lock);
	return 0;
}

static ssize_t beta_write(struct kernfs_open_file *of, char *buf,
			  size_t bytes, loff_t off)
{
	g_autofree char *s = g_strchomp(g_strndup(buf, bytes));
	char *end;
	long v = strtol(s, &end, 10);

	if (!*s || *end || v < INT_MIN || v > INT_MAX)
		return -EINVAL;
	pthread_mutex_lock(&beta_lock);
	beta_value = (int)v;
	pthread_mutex_unlock(&beta_lock);
	return (ssize_t)bytes;
}

static const struct kernfs_ops beta_ops = {
	.seq_show = beta_show,
	.write = beta_write,
};

static int index_show(struct seq_file *sf, void *v)
{
	struct kernfs_open_file *of = sf->private;

	seq_printf(sf, "%zu\n", GPOINTER_TO_SIZE(of->kn->priv));
	return 0;
}

static const struct kernfs_ops index_ops = {
	.seq_show = index_show,
};

static int tmpl_alpha(struct kernfs_node *dir, const char *name,
		      umode_t *mode, const struct kernfs_ops **ops, void **priv)
{
	*mode = 0444;
	*ops = &alpha_ops;
	return 1;
}

static int tmpl_beta(struct kernfs_node *dir, const char *name,
		     umode_t *mode, const struct kernfs_ops **ops, void **priv)
{
	*mode = 0644;
	*ops = &beta_ops;
	return 1;
}

static int tmpl_ghost(struct kernfs_node *dir, const char *name,
		      umode_t *mode, const struct kernfs_ops **ops, void **priv)
{
	return 0;	/* never shown */
}

static int tmpl_index(struct kernfs_node *dir, const char *name,
		      umode_t *mode, const struct kernfs_ops **ops, void **priv)
{
	*mode = 0444;
	*ops = &index_ops;
	return 1;	/* *priv is the subdirectory's index already */
}

static const struct kernfs_template_entry sub_entries[] = {
	{ "index", tmpl_index },
};

static const struct kernfs_template sub_tmpl = {
	.entries = sub_entries,
	.nr_entries = G_N_ELEMENTS(sub_entries),
};

static const char *const sub_names[] = { "sub0", "sub1", "sub2" };

static void tmpl_fill_sub(size_t idx, struct kernfs_template_subdir *out)
{
	out->name = sub_names[idx];
	out->mode = 0755;
	out->tmpl = &sub_tmpl;
	out->priv = GSIZE_TO_POINTER(idx);
}

static int tmpl_dir_iter(struct kernfs_node *dir, size_t idx,
			 struct kernfs_template_subdir *out)
{
	if (idx >= G_N_ELEMENTS(sub_names))
		return -ENOENT;
	tmpl_fill_sub(idx, out);
	return 0;
}

static int tmpl_dir_lookup(struct kernfs_node *dir, const char *name,
			   struct kernfs_template_subdir *out)
{
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(sub_names); i++) {
		if (!strcmp(name, sub_names[i])) {
			tmpl_fill_sub(i, out);
			return 0;
		}
	}
	return -ENOENT;
}

static const struct kernfs_template_entry top_entries[] = {
	{ "alpha", tmpl_alpha },
	{ "beta", tmpl_beta },
	{ "ghost", tmpl_ghost },
};

const struct kernfs_template kernfs_demo_tmpl = {
	.entries = top_entries,
	.nr_entries = G_N_ELEMENTS(top_entries),
	.dir_iter = tmpl_dir_iter,
	.dir_lookup = tmpl_dir_lookup,
};
