/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * model.c - a tracefs superblock: the kernfs root, mount options and
 * remount, instances/ mkdir and rmdir, memory figures.
 */
#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model-priv.h"

void *tfm_zalloc(struct tfm_model *m, size_t size)
{
	void *p = calloc(1, size);

	if (p)
		g_atomic_pointer_add(&m->bytes, (gssize)malloc_usable_size(p));
	return p;
}

void tfm_free(struct tfm_model *m, void *p)
{
	if (!p)
		return;
	g_atomic_pointer_add(&m->bytes, -(gssize)malloc_usable_size(p));
	free(p);
}

void tfm_lock(struct tfm_model *m)
{
	g_mutex_lock(&m->lock);
}

void tfm_unlock(struct tfm_model *m)
{
	g_mutex_unlock(&m->lock);
}

/* mkdir(2) in instances/ (only there): a new trace array. */
static int tfm_mkdir(struct kernfs_node *parent, const char *name,
		     umode_t mode)
{
	struct tfm_model *m = kernfs_root_priv(kernfs_root(parent));
	struct tfm_trace_array *ta;
	struct kernfs_node *kn;

	if (parent != m->instances_kn)
		return -EPERM;
	/* no dynamic event comes or goes while the tree is built */
	g_mutex_lock(&m->dyn_lock);
	tfm_lock(m);
	kn = kernfs_create_dir_ns(parent, name, 0750, KERNFS_INHERIT_UID,
				  KERNFS_INHERIT_GID, NULL, NULL);
	ta = IS_ERR(kn) ? NULL : tfm_ta_create(m, kn, name);
	if (ta) {
		kn->priv = ta;
		g_ptr_array_add(m->instances, ta);
	}
	tfm_unlock(m);
	if (!IS_ERR(kn) && !ta)
		kernfs_remove(kn);
	g_mutex_unlock(&m->dyn_lock);
	if (IS_ERR(kn))
		return (int)PTR_ERR(kn);
	return ta ? 0 : -ENOMEM;
}

/* rmdir(2) of instances/<name>: EBUSY while a referencing file is open. */
static int tfm_rmdir(struct kernfs_node *kn)
{
	struct tfm_model *m = kernfs_root_priv(kernfs_root(kn));
	struct tfm_trace_array *ta;

	if (kn->parent != m->instances_kn || !kn->priv)
		return -EPERM;
	g_mutex_lock(&m->dyn_lock);
	tfm_lock(m);
	ta = kn->priv;
	if (ta->refs || ta->removing) {
		tfm_unlock(m);
		g_mutex_unlock(&m->dyn_lock);
		return ta->removing ? -ENOENT : -EBUSY;
	}
	ta->removing = true;
	tfm_unlock(m);
	/* our own active reference on @kn would make removal wait forever */
	kernfs_break_active_protection(kn);
	kernfs_remove(kn);
	kernfs_unbreak_active_protection(kn);
	tfm_lock(m);
	g_ptr_array_remove(m->instances, ta);
	tfm_unlock(m);
	tfm_ta_destroy(ta);
	g_mutex_unlock(&m->dyn_lock);
	return 0;
}

static int tfm_show_options_op(struct seq_file *sf, struct kernfs_root *root)
{
	g_autofree char *s = tfm_model_show_options(kernfs_root_priv(root));

	if (s)
		seq_puts(sf, s);
	return 0;
}

static const struct kernfs_syscall_ops tfm_syscall_ops = {
	.mkdir = tfm_mkdir,
	.rmdir = tfm_rmdir,
	.show_options = tfm_show_options_op,
};

/**
 * tfm_model_opts_init - fill @opts with the defaults
 * @opts: the options to initialise
 */
void tfm_model_opts_init(struct tfm_model_opts *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->design = TFM_DESIGN_TEMPLATE;
}

static unsigned int host_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_CONF);

	if (n < 1)
		return 1;
	return n > TFM_MAX_CPUS ? TFM_MAX_CPUS : (unsigned int)n;
}

static int load_catalog(struct tfm_model *m, const struct tfm_model_opts *o,
			char **errmsg)
{
	g_autoptr(GError) error = NULL;
	int ret;

	if (o->catalog) {
		m->cat = o->catalog;
		return 0;
	}
	if (o->catalog_path) {
		ret = tfm_catalog_load_file(o->catalog_path, &m->own_cat, &error);
		if (ret && errmsg && error)
			*errmsg = g_strdup(error->message);
		if (!ret && m->own_cat->bytes)
			m->catalog_bytes = g_bytes_get_size(m->own_cat->bytes);
	} else {
		ret = tfm_catalog_load_default(&m->own_cat);
	}
	m->cat = m->own_cat;
	return ret;
}

static int apply_root_attrs(struct tfm_model *m)
{
	struct iattr ia = {
		.ia_valid = ATTR_MODE | ATTR_UID | ATTR_GID,
		.ia_mode = (umode_t)m->mopts.mode,
		.ia_uid = m->mopts.uid,
		.ia_gid = m->mopts.gid,
	};

	return kernfs_setattr(m->root_kn, &ia);
}

static int build(struct tfm_model *m)
{
	int ret;

	ret = tfm_layout_load_capture("layout.tsv", &m->top_layout);
	if (!ret)
		ret = tfm_layout_load_capture("instance-probe_demo.layout.tsv",
					      &m->inst_layout);
	if (!ret)
		ret = tfm_options_load(m);
	if (ret)
		return ret;
	/* most rows are eventfs's, which has its own source: keep the rest */
	tfm_layout_filter(m->top_layout, tfm_ta_row_used);
	tfm_layout_filter(m->inst_layout, tfm_ta_row_used);
	tfm_capture_release(NULL);	/* all read and copied */
	m->root = kernfs_create_root(&tfm_syscall_ops,
				     KERNFS_ROOT_NO_XATTR |
				     KERNFS_ROOT_INODE_SIZE, m);
	if (IS_ERR(m->root)) {
		ret = (int)PTR_ERR(m->root);
		m->root = NULL;
		return ret;
	}
	m->root_kn = kernfs_root_to_node(m->root);
	ret = apply_root_attrs(m);
	if (ret)
		return ret;
	tfm_lock(m);
	m->global = tfm_ta_create(m, m->root_kn, NULL);
	tfm_unlock(m);
	if (!m->global)
		return -ENOMEM;
	m->root_kn->priv = NULL;
	return 0;
}

/**
 * tfm_model_new_msg - build a model
 * @opts: options; NULL means the defaults
 * @out: receives the model
 * @errmsg: receives one line explaining a bad option or catalog, or NULL
 *
 * Return: 0, -EINVAL, -ENOENT or -ENOMEM (see model.h).
 */
int tfm_model_new_msg(const struct tfm_model_opts *opts, struct tfm_model **out,
		      char **errmsg)
{
	struct tfm_model_opts defaults;
	struct tfm_model *m;
	int ret;

	*out = NULL;
	if (errmsg)
		*errmsg = NULL;
	if (!opts) {
		tfm_model_opts_init(&defaults);
		opts = &defaults;
	}
	if (opts->nr_cpus > TFM_MAX_CPUS ||
	    (opts->design != TFM_DESIGN_TEMPLATE &&
	     opts->design != TFM_DESIGN_NODES)) {
		if (errmsg)
			*errmsg = g_strdup("bad number of CPUs or design");
		return -EINVAL;
	}
	m = g_new0(struct tfm_model, 1);
	g_mutex_init(&m->lock);
	m->instances = g_ptr_array_new();
	m->design = opts->design;
	m->nr_cpus = opts->nr_cpus ? opts->nr_cpus : host_cpus();
	m->saved_cmdlines_size = 6552;
	tfm_mount_opts_init(&m->mopts);
	ret = tfm_mount_opts_parse(opts->mount_options, &m->mopts, errmsg);
	if (!ret)
		ret = load_catalog(m, opts, errmsg);
	if (!ret)
		ret = tfm_dyn_init(m);
	if (!ret)
		ret = build(m);
	if (ret) {
		tfm_model_free(m);
		return ret;
	}
	*out = m;
	return 0;
}

/**
 * tfm_model_new - tfm_model_new_msg() without the message
 * Return: as tfm_model_new_msg().
 */
int tfm_model_new(const struct tfm_model_opts *opts, struct tfm_model **out)
{
	return tfm_model_new_msg(opts, out, NULL);
}

/**
 * tfm_model_free - destroy a model; NULL is ignored
 * @m: the model
 */
void tfm_model_free(struct tfm_model *m)
{
	if (!m)
		return;
	tfm_data_shutdown(m->global);
	for (guint i = 0; i < m->instances->len; i++)
		tfm_data_shutdown(m->instances->pdata[i]);
	if (m->root)
		kernfs_destroy_root(m->root);
	while (m->instances->len) {
		struct tfm_trace_array *ta = m->instances->pdata[0];

		g_ptr_array_remove_index(m->instances, 0);
		tfm_ta_destroy(ta);
	}
	tfm_ta_destroy(m->global);
	tfm_dyn_free(m);
	g_ptr_array_unref(m->instances);
	tfm_options_free(m);
	tfm_layout_free(m->top_layout);
	tfm_layout_free(m->inst_layout);
	tfm_catalog_free(m->own_cat);
	g_mutex_clear(&m->lock);
	g_free(m);
}

/**
 * tfm_model_root - Return: the kernfs root of @m.
 * @m: the model
 */
struct kernfs_root *tfm_model_root(struct tfm_model *m)
{
	return m->root;
}

/**
 * tfm_model_nr_cpus - Return: the number of simulated CPUs.
 * @m: the model
 */
unsigned int tfm_model_nr_cpus(const struct tfm_model *m)
{
	return m->nr_cpus;
}

/**
 * tfm_model_design - Return: the events/ design of @m.
 * @m: the model
 */
enum tfm_design tfm_model_design(const struct tfm_model *m)
{
	return m->design;
}

/**
 * tfm_model_show_options - the tracefs part of /proc/mounts
 * @m: the model
 *
 * Return: a string to g_free().
 */
char *tfm_model_show_options(struct tfm_model *m)
{
	char *s;

	tfm_lock(m);
	s = tfm_mount_opts_show(&m->mopts);
	tfm_unlock(m);
	return s;
}

/*
 * Template design: the events/ trees' defaults follow the remount (the
 * model's copy; kernfs_clear_owner_attr() updates kernfs-emu's).
 */
static void reown_templates(struct tfm_trace_array *ta, const struct iattr *ia)
{
	if (ia->ia_valid & ATTR_UID)
		ta->ev_uid = ia->ia_uid;
	if (ia->ia_valid & ATTR_GID)
		ta->ev_gid = ia->ia_gid;
}

/* uid=/gid= on a remount: everything reports the new owner. */
static void remount_owner(struct tfm_model *m, const struct tfm_mount_opts *o)
{
	bool new_uid = o->given & TFM_MOUNT_OPT_UID;
	bool new_gid = o->given & TFM_MOUNT_OPT_GID;
	struct iattr ia = {
		.ia_valid = (new_uid ? ATTR_UID : 0) | (new_gid ? ATTR_GID : 0),
		.ia_uid = new_uid ? o->uid : kernfs_node_owner(m->root_kn),
		.ia_gid = new_gid ? o->gid : kernfs_node_group(m->root_kn),
	};

	g_mutex_lock(&m->dyn_lock);
	kernfs_clear_owner_attr(m->root_kn, &ia);
	if (m->design == TFM_DESIGN_TEMPLATE) {
		reown_templates(m->global, &ia);
		for (guint i = 0; i < m->instances->len; i++)
			reown_templates(m->instances->pdata[i], &ia);
	}
	if (m->design == TFM_DESIGN_NODES) {
		/* plain nodes under events/ keep eventfs semantics: own ids */
		tfm_lock(m);
		tfm_events_reown(m->global, &ia);
		for (guint i = 0; i < m->instances->len; i++)
			tfm_events_reown(m->instances->pdata[i], &ia);
		tfm_unlock(m);
	}
	g_mutex_unlock(&m->dyn_lock);
}

/**
 * tfm_model_remount - apply a remount's options (see model.h)
 * @m: the model
 * @opts: the option string
 * @errmsg: receives the log message on error, or NULL
 *
 * Return: 0 or -EINVAL.
 */
int tfm_model_remount(struct tfm_model *m, const char *opts, char **errmsg)
{
	struct tfm_mount_opts o;
	int ret;

	tfm_mount_opts_init(&o);
	ret = tfm_mount_opts_parse(opts, &o, errmsg);
	if (ret)
		return ret;
	tfm_lock(m);
	m->mopts = o;
	tfm_unlock(m);
	if (o.given & (TFM_MOUNT_OPT_UID | TFM_MOUNT_OPT_GID))
		remount_owner(m, &o);
	if (o.given & TFM_MOUNT_OPT_MODE) {
		struct iattr ia = { .ia_valid = ATTR_MODE,
				    .ia_mode = (umode_t)o.mode };

		return kernfs_setattr(m->root_kn, &ia);
	}
	return 0;
}

static size_t count_states(struct tfm_trace_array *ta)
{
	return ta->evstate ? g_hash_table_size(ta->evstate) : 0;
}

/**
 * tfm_model_stats - read memory figures
 * @m: the model
 * @st: filled in
 */
void tfm_model_stats(struct tfm_model *m, struct tfm_model_stats *st)
{
	memset(st, 0, sizeof(*st));
	kernfs_root_stats(m->root, &st->kernfs);
	tfm_lock(m);
	st->model_bytes = (size_t)g_atomic_pointer_get(&m->bytes);
	st->catalog_bytes = m->catalog_bytes;
	st->nr_instances = m->instances->len;
	st->nr_event_states = count_states(m->global);
	for (guint i = 0; i < m->instances->len; i++)
		st->nr_event_states += count_states(m->instances->pdata[i]);
	tfm_unlock(m);
}
