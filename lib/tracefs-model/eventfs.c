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

static int sys_iter(struct kernfs_node *dir, size_t idx,
		    struct kernfs_template_subdir *out)
{
	const struct tfm_system *sys = dir->priv;

	if (idx >= sys->nr_events)
		return -ENOENT;
	event_subdir(sys->events[idx], out);
	return 0;
}

static int sys_lookup(struct kernfs_node *dir, const char *name,
		      struct kernfs_template_subdir *out)
{
	const struct tfm_event *ev = tfm_system_find_event(dir->priv, name);

	if (!ev)
		return -ENOENT;
	event_subdir(ev, out);
	return 0;
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

	if (idx >= ta->m->cat->nr_systems)
		return -ENOENT;
	sys_subdir(ta->m->cat->sys_order[idx], out);
	return 0;
}

static int root_lookup(struct kernfs_node *dir, const char *name,
		       struct kernfs_template_subdir *out)
{
	struct tfm_trace_array *ta = dir->priv;
	const struct tfm_system *sys = tfm_catalog_find_system(ta->m->cat, name);

	if (!sys)
		return -ENOENT;
	sys_subdir(sys, out);
	return 0;
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

static int build_system(struct kernfs_node *events,
			const struct tfm_system *sys, kuid_t uid, kgid_t gid)
{
	struct kernfs_node *sd, *ed;
	const struct tfm_event *ev;
	size_t i;
	int ret;

	sd = kernfs_create_dir_ns(events, sys->name, 0755, uid, gid,
				  (void *)sys, NULL);
	if (IS_ERR(sd))
		return (int)PTR_ERR(sd);
	ret = add_files(sd, sys_files, G_N_ELEMENTS(sys_files), sys->files,
			uid, gid);
	tfm_system_for_each_event(sys, i, ev) {
		if (ret)
			break;
		ed = kernfs_create_dir_ns(sd, ev->name, 0755, uid, gid,
					  (void *)ev, NULL);
		if (IS_ERR(ed))
			return (int)PTR_ERR(ed);
		ret = add_files(ed, event_files, G_N_ELEMENTS(event_files),
				ev->files, uid, gid);
	}
	return ret;
}

static struct kernfs_node *build_nodes(struct tfm_trace_array *ta,
				       struct kernfs_node *parent, kuid_t uid,
				       kgid_t gid)
{
	const struct tfm_system *sys;
	struct kernfs_node *events;
	size_t i;
	int ret;

	events = kernfs_create_dir_ns(parent, "events", 0755, uid, gid, ta,
				      NULL);
	if (IS_ERR(events))
		return events;
	ret = add_files(events, root_files, G_N_ELEMENTS(root_files), 0, uid,
			gid);
	tfm_catalog_for_each_system(ta->m->cat, i, sys) {
		if (ret)
			break;
		ret = build_system(events, sys, uid, gid);
	}
	return ret ? ERR_PTR(ret) : events;
}

/*
 * kernfs-emu cannot create a directory with an owner other than root
 * (kernfs_new_node() allocates its iattrs before the node knows its root:
 * a crash), and kernfs_rename_ns() is not implemented.  Work around it:
 * create events/ owned by root, then give @parent's subtree the owner with
 * kernfs_clear_owner(), which also sets a template's default owner.  At
 * this point @parent's other children inherit their owner anyway; the only
 * side effect is that @parent itself gets @uid/@gid as its own ids.
 */
static struct kernfs_node *create_owned(struct tfm_trace_array *ta,
					struct kernfs_node *parent, kuid_t uid,
					kgid_t gid)
{
	struct kernfs_node *ev;

	ev = kernfs_create_template_dir(parent, "events", 0755,
					GLOBAL_ROOT_UID, GLOBAL_ROOT_GID,
					&root_tmpl, ta);
	if (!IS_ERR(ev))
		kernfs_clear_owner(parent, uid, gid);
	return ev;
}

/**
 * tfm_events_create - create the events/ tree of @ta below @parent
 * @ta: the trace array
 * @parent: its directory
 *
 * The tree's default owner is @parent's owner now (eventfs semantics:
 * later chowns of @parent do not reach it).
 *
 * Return: the events directory, or an ERR_PTR.
 */
struct kernfs_node *tfm_events_create(struct tfm_trace_array *ta,
				      struct kernfs_node *parent)
{
	kuid_t uid = kernfs_node_owner(parent);
	kgid_t gid = kernfs_node_group(parent);
	struct kernfs_node *ev;

	if (ta->m->design == TFM_DESIGN_NODES) {
		ta->events = ev = build_nodes(ta, parent, GLOBAL_ROOT_UID,
					      GLOBAL_ROOT_GID);
		if (!IS_ERR(ev) && (uid || gid))
			tfm_events_reown(ta, uid, gid);
		return ev;
	}
	if (uid || gid)
		return create_owned(ta, parent, uid, gid);
	return kernfs_create_template_dir(parent, "events", 0755, uid, gid,
					  &root_tmpl, ta);
}

static void reown(struct kernfs_node *kn, const struct iattr *ia)
{
	kernfs_setattr(kn, ia);
}

/* Re-own @dir and the nodes named by @d below it. */
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
 * @uid/@gid of its own (remount with uid=/gid=, eventfs semantics)
 * @ta: the trace array
 * @uid: new owner
 * @gid: new group
 */
void tfm_events_reown(struct tfm_trace_array *ta, kuid_t uid, kgid_t gid)
{
	struct iattr ia = { .ia_valid = ATTR_UID | ATTR_GID,
			    .ia_uid = uid, .ia_gid = gid };
	const struct tfm_system *sys;
	const struct tfm_event *ev;
	size_t i, j;

	if (!ta->events)
		return;
	reown(ta->events, &ia);
	reown_files(ta->events, root_files, G_N_ELEMENTS(root_files), &ia);
	tfm_catalog_for_each_system(ta->m->cat, i, sys) {
		struct kernfs_node *sd = kernfs_find_and_get(ta->events,
							     sys->name);

		if (!sd)
			continue;
		reown(sd, &ia);
		reown_files(sd, sys_files, G_N_ELEMENTS(sys_files), &ia);
		tfm_system_for_each_event(sys, j, ev) {
			struct kernfs_node *ed = kernfs_find_and_get(sd,
								     ev->name);

			if (!ed)
				continue;
			reown(ed, &ia);
			reown_files(ed, event_files,
				    G_N_ELEMENTS(event_files), &ia);
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
