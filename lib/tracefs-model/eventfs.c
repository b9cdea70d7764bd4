/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * eventfs.c - the events/ tree of a trace array, in two designs:
 *
 *  - TFM_DESIGN_TEMPLATE: eventfs' own design on kernfs-emu template
 *    directories.  Three static templates (events root, system, event),
 *    each with one static entry array; systems and events are enumerated
 *    from the catalog.  Nothing is allocated for an unvisited event.
 *  - TFM_DESIGN_NODES: the same tree built eagerly from plain kernfs
 *    directories and files.
 *
 * In both, a directory's priv is what it describes (events root: the
 * trace array; system dir: struct tfm_system; event dir: struct
 * tfm_event) and a file's priv is its directory's, so the file operations
 * (evfiles.c) are the same for both designs.
 */
#include <errno.h>
#include <string.h>

#include "model-priv.h"

/* ---- which files exist (the template callbacks) ---- */

struct ev_file_desc {
	const char *name;
	unsigned int bit;		/* TFM_EF_*, 0: always */
	umode_t mode;
	const struct kernfs_ops *ops;
};

static const struct ev_file_desc root_files[] = {
	{ "enable", 0, 0640, &tfm_all_enable_ops },
	{ "header_page", 0, 0440, &tfm_header_page_ops },
	{ "header_event", 0, 0440, &tfm_header_event_ops },
};

static const struct ev_file_desc sys_files[] = {
	{ "filter", TFM_EF_FILTER, 0640, &tfm_sys_filter_ops },
	{ "enable", TFM_EF_ENABLE, 0640, &tfm_sys_enable_ops },
};

static const struct ev_file_desc event_files[] = {
	{ "enable", TFM_EF_ENABLE, 0640, &tfm_ev_enable_ops },
	{ "filter", TFM_EF_FILTER, 0640, &tfm_ev_filter_ops },
	{ "trigger", TFM_EF_TRIGGER, 0640, &tfm_ev_trigger_ops },
	{ "format", TFM_EF_FORMAT, 0440, &tfm_ev_format_ops },
	{ "id", TFM_EF_ID, 0440, &tfm_ev_id_ops },
	{ "hist", TFM_EF_HIST, 0440, &tfm_ev_stub_ops },
	{ "hist_debug", TFM_EF_HIST_DEBUG, 0440, &tfm_ev_stub_ops },
	{ "inject", TFM_EF_INJECT, 0200, &tfm_ev_stub_ops },
};

static const struct ev_file_desc *find_desc(const struct ev_file_desc *d,
					    size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(d[i].name, name))
			return &d[i];
	return NULL;
}

static int fill(const struct ev_file_desc *d, unsigned int files,
		umode_t *mode, const struct kernfs_ops **ops)
{
	if (!d || (d->bit && !(files & d->bit)))
		return 0;
	*mode = d->mode;
	*ops = d->ops;
	return 1;
}

static int root_cb(struct kernfs_node *dir, const char *name, umode_t *mode,
		   const struct kernfs_ops **ops, void **priv)
{
	return fill(find_desc(root_files, G_N_ELEMENTS(root_files), name), 0,
		    mode, ops);
}

static int sys_cb(struct kernfs_node *dir, const char *name, umode_t *mode,
		  const struct kernfs_ops **ops, void **priv)
{
	const struct tfm_system *sys = dir->priv;

	return fill(find_desc(sys_files, G_N_ELEMENTS(sys_files), name),
		    sys->files, mode, ops);
}

static int event_cb(struct kernfs_node *dir, const char *name, umode_t *mode,
		    const struct kernfs_ops **ops, void **priv)
{
	const struct tfm_event *ev = dir->priv;

	return fill(find_desc(event_files, G_N_ELEMENTS(event_files), name),
		    ev->files, mode, ops);
}

static const struct kernfs_template_entry root_entries[] = {
	{ "enable", root_cb },
	{ "header_page", root_cb },
	{ "header_event", root_cb },
};

static const struct kernfs_template_entry sys_entries[] = {
	{ "filter", sys_cb },
	{ "enable", sys_cb },
};

static const struct kernfs_template_entry event_entries[] = {
	{ "enable", event_cb },
	{ "filter", event_cb },
	{ "trigger", event_cb },
	{ "format", event_cb },
	{ "id", event_cb },
	{ "hist", event_cb },
	{ "hist_debug", event_cb },
	{ "inject", event_cb },
};

static const struct kernfs_template event_tmpl = {
	.entries = event_entries,
	.nr_entries = G_N_ELEMENTS(event_entries),
};

static void event_subdir(const struct tfm_event *ev,
			 struct kernfs_template_subdir *out)
{
	out->name = ev->name;
	out->mode = 0755;
	out->tmpl = &event_tmpl;
	out->priv = (void *)ev;
}

static struct tfm_model *model_of_kn(struct kernfs_node *kn)
{
	return kernfs_root_priv(kernfs_root(kn));
}

static int sys_iter(struct kernfs_node *dir, size_t idx,
		    struct kernfs_template_subdir *out)
{
	struct tfm_model *m = model_of_kn(dir);
	const struct tfm_event *ev;

	tfm_lock(m);
	ev = tfm_sys_event_at(tfm_events_ta(dir, 1), dir->priv, idx);
	if (ev)
		event_subdir(ev, out);
	tfm_unlock(m);
	return ev ? 0 : -ENOENT;
}

static int sys_lookup(struct kernfs_node *dir, const char *name,
		      struct kernfs_template_subdir *out)
{
	struct tfm_model *m = model_of_kn(dir);
	const struct tfm_event *ev;

	tfm_lock(m);
	ev = tfm_find_event(m, dir->priv, name);
	if (ev)
		event_subdir(ev, out);
	tfm_unlock(m);
	return ev ? 0 : -ENOENT;
}

static const struct kernfs_template sys_tmpl = {
	.entries = sys_entries,
	.nr_entries = G_N_ELEMENTS(sys_entries),
	.dir_iter = sys_iter,
	.dir_lookup = sys_lookup,
};

static void sys_subdir(const struct tfm_system *sys,
		       struct kernfs_template_subdir *out)
{
	out->name = sys->name;
	out->mode = 0755;
	out->tmpl = &sys_tmpl;
	out->priv = (void *)sys;
}

static int root_iter(struct kernfs_node *dir, size_t idx,
		     struct kernfs_template_subdir *out)
{
	struct tfm_trace_array *ta = dir->priv;
	const struct tfm_system *sys;

	tfm_lock(ta->m);
	sys = tfm_ta_system_at(ta, idx);
	if (sys)
		sys_subdir(sys, out);
	tfm_unlock(ta->m);
	return sys ? 0 : -ENOENT;
}

static int root_lookup(struct kernfs_node *dir, const char *name,
		       struct kernfs_template_subdir *out)
{
	struct tfm_trace_array *ta = dir->priv;
	const struct tfm_system *sys;

	tfm_lock(ta->m);
	sys = tfm_find_system(ta->m, name);
	if (sys)
		sys_subdir(sys, out);
	tfm_unlock(ta->m);
	return sys ? 0 : -ENOENT;
}

static const struct kernfs_template root_tmpl = {
	.entries = root_entries,
	.nr_entries = G_N_ELEMENTS(root_entries),
	.dir_iter = root_iter,
	.dir_lookup = root_lookup,
};

/* ---- the node-per-file design ---- */

static int add_files(struct kernfs_node *dir, const struct ev_file_desc *d,
		     size_t n, unsigned int files, kuid_t uid, kgid_t gid)
{
	for (size_t i = 0; i < n; i++) {
		struct kernfs_node *kn;

		if (d[i].bit && !(files & d[i].bit))
			continue;
		kn = __kernfs_create_file(dir, d[i].name, d[i].mode, uid, gid,
					  0, d[i].ops, dir->priv, NULL, NULL);
		if (IS_ERR(kn))
			return (int)PTR_ERR(kn);
	}
	return 0;
}

static int add_event_dir(struct tfm_trace_array *ta, struct kernfs_node *sd,
			 const struct tfm_event *ev)
{
	struct kernfs_node *ed;

	ed = kernfs_create_dir_ns(sd, ev->name, 0755, ta->ev_uid, ta->ev_gid,
				  (void *)ev, NULL);
	if (IS_ERR(ed))
		return (int)PTR_ERR(ed);
	return add_files(ed, event_files, G_N_ELEMENTS(event_files),
			 ev->files, ta->ev_uid, ta->ev_gid);
}

static struct kernfs_node *add_sys_dir(struct tfm_trace_array *ta,
				       const struct tfm_system *sys)
{
	struct kernfs_node *sd;
	int ret;

	sd = kernfs_create_dir_ns(ta->events, sys->name, 0755, ta->ev_uid,
				  ta->ev_gid, (void *)sys, NULL);
	if (IS_ERR(sd))
		return sd;
	ret = add_files(sd, sys_files, G_N_ELEMENTS(sys_files), sys->files,
			ta->ev_uid, ta->ev_gid);
	return ret ? ERR_PTR(ret) : sd;
}

static int build_system(struct tfm_trace_array *ta,
			const struct tfm_system *sys)
{
	struct kernfs_node *sd = add_sys_dir(ta, sys);
	const struct tfm_event *ev;
	size_t i;
	int ret = 0;

	if (IS_ERR(sd))
		return (int)PTR_ERR(sd);
	tfm_for_each_sys_event(ta, sys, i, ev) {
		ret = add_event_dir(ta, sd, ev);
		if (ret)
			break;
	}
	return ret;
}

/* The whole tree at once (model lock held: it lists dynamic events). */
static struct kernfs_node *build_nodes(struct tfm_trace_array *ta,
				       struct kernfs_node *parent)
{
	const struct tfm_system *sys;
	struct kernfs_node *events;
	size_t i;
	int ret;

	events = kernfs_create_dir_ns(parent, "events", 0755, ta->ev_uid,
				      ta->ev_gid, ta, NULL);
	if (IS_ERR(events))
		return events;
	ta->events = events;
	ret = add_files(events, root_files, G_N_ELEMENTS(root_files), 0,
			ta->ev_uid, ta->ev_gid);
	for (i = 0; !ret && (sys = tfm_ta_system_at(ta, i)); i++)
		ret = build_system(ta, sys);
	return ret ? ERR_PTR(ret) : events;
}

/**
 * tfm_events_create - create the events/ tree of @ta below @parent
 * @ta: the trace array (model lock held)
 * @parent: its directory
 *
 * The tree's default owner is @parent's effective owner now (eventfs
 * semantics: later chowns of @parent do not reach it).  Dynamic events
 * that exist now are listed first (tfm_dyn_ta_init()).
 *
 * Return: the events directory, or an ERR_PTR.
 */
struct kernfs_node *tfm_events_create(struct tfm_trace_array *ta,
				      struct kernfs_node *parent)
{
	ta->ev_uid = kernfs_node_owner(parent);
	ta->ev_gid = kernfs_node_group(parent);
	tfm_dyn_ta_init(ta);
	if (ta->m->design == TFM_DESIGN_NODES)
		return build_nodes(ta, parent);
	return kernfs_create_template_dir(parent, "events", 0755, ta->ev_uid,
					  ta->ev_gid, &root_tmpl, ta);
}

/**
 * tfm_events_add_dyn - node-per-file design: create a new dynamic event's
 * directory (and its group's, when new) in @ta
 * @ta: the trace array (model lock held)
 * @dev: the event, already listed
 * @new_group: its group was created with it
 *
 * Return: 0 or a negative errno.
 */
int tfm_events_add_dyn(struct tfm_trace_array *ta,
		       const struct tfm_dynev *dev, bool new_group)
{
	struct kernfs_node *sd;
	int ret;

	if (!ta->events)
		return 0;
	if (new_group && !dev->group->static_sys)
		sd = add_sys_dir(ta, &dev->group->sys);
	else
		sd = kernfs_find_and_get(ta->events, dev->ev.system->name);
	if (IS_ERR_OR_NULL(sd))
		return sd ? (int)PTR_ERR(sd) : -ENOENT;
	ret = add_event_dir(ta, sd, &dev->ev);
	if (!new_group || dev->group->static_sys)
		kernfs_put(sd);
	return ret;
}

static void reown(struct kernfs_node *kn, const struct iattr *ia)
{
	kernfs_setattr(kn, ia);
}

/* Re-own the nodes named by @d below @dir. */
static void reown_files(struct kernfs_node *dir, const struct ev_file_desc *d,
			size_t n, const struct iattr *ia)
{
	for (size_t i = 0; i < n; i++) {
		struct kernfs_node *kn = kernfs_find_and_get(dir, d[i].name);

		if (kn)
			reown(kn, ia);
		kernfs_put(kn);
	}
}

/**
 * tfm_events_reown - give every node of a node-per-file events/ tree
 * the new uid and/or gid of a remount (eventfs semantics)
 * @ta: the trace array (model lock held)
 * @ia: ATTR_UID and/or ATTR_GID with the new ids
 */
void tfm_events_reown(struct tfm_trace_array *ta, const struct iattr *ia)
{
	const struct tfm_system *sys;
	const struct tfm_event *ev;
	size_t i, j;

	if (ia->ia_valid & ATTR_UID)
		ta->ev_uid = ia->ia_uid;
	if (ia->ia_valid & ATTR_GID)
		ta->ev_gid = ia->ia_gid;
	if (!ta->events)
		return;
	reown(ta->events, ia);
	reown_files(ta->events, root_files, G_N_ELEMENTS(root_files), ia);
	for (i = 0; (sys = tfm_ta_system_at(ta, i)); i++) {
		struct kernfs_node *sd = kernfs_find_and_get(ta->events,
							     sys->name);

		if (!sd)
			continue;
		reown(sd, ia);
		reown_files(sd, sys_files, G_N_ELEMENTS(sys_files), ia);
		tfm_for_each_sys_event(ta, sys, j, ev) {
			struct kernfs_node *ed = kernfs_find_and_get(sd,
								     ev->name);

			if (!ed)
				continue;
			reown(ed, ia);
			reown_files(ed, event_files,
				    G_N_ELEMENTS(event_files), ia);
			kernfs_put(ed);
		}
		kernfs_put(sd);
	}
}

/**
 * tfm_events_ta - the trace array an eventfs node belongs to
 * @kn: a file of the events root (@depth 1), of a system dir (2) or of an
 *	event dir (3)
 * @depth: how many levels below events/ @kn is
 *
 * Return: the trace array (the events root's priv).
 */
struct tfm_trace_array *tfm_events_ta(struct kernfs_node *kn, int depth)
{
	while (depth-- > 0)
		kn = kn->parent;
	return kn->priv;
}
