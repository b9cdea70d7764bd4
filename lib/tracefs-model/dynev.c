/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * dynev.c - dynamic (uprobe) events in the model: the list of probes, the
 * events and groups they form, event ids, where they appear in events/
 * and available_events, and their removal (dynamic-events.md).
 *
 * Parsing, readback text and formats come from the pure dynevent module;
 * this file owns the state.  Lists change with m->lock held (readers such
 * as eventfs callbacks take it); every definition or removal runs with
 * m->dyn_lock held, which also keeps instances from coming and going.
 */
#include <errno.h>
#include <string.h>

#include "model-priv.h"
#include "dynevent.h"

/* ---- lookups (model lock held) ---- */

static struct tfm_dynev *dev_at(struct tfm_model *m, guint i)
{
	return m->dyn_events->pdata[i];
}

static bool in_sys(const struct tfm_dynev *dev, const struct tfm_system *sys)
{
	return &dev->group->sys == sys || dev->group->static_sys == sys;
}

/**
 * tfm_event_at - the @i-th event of @m in available_events order
 * @m: the model (lock held)
 * @i: index
 *
 * Dynamic events come first, newest first, then the catalog's events in
 * registration order.  Return: the event, or NULL past the last one.
 */
const struct tfm_event *tfm_event_at(struct tfm_model *m, size_t i)
{
	size_t n = m->dyn_events->len;

	if (i < n)
		return &dev_at(m, (guint)(n - 1 - i))->ev;
	i -= n;
	return i < m->cat->nr_events ? m->cat->order[i] : NULL;
}

/* The @i-th dynamic event of @sys with seq <= @seq (newest first). */
static const struct tfm_event *old_dyn_at(struct tfm_model *m,
					  const struct tfm_system *sys,
					  uint64_t seq, size_t *i)
{
	for (guint j = m->dyn_events->len; j-- > 0;) {
		struct tfm_dynev *dev = dev_at(m, j);

		if (dev->seq > seq || !in_sys(dev, sys))
			continue;
		if (!(*i)--)
			return &dev->ev;
	}
	return NULL;
}

/* The @i-th dynamic event of @sys with seq > @seq (creation order). */
static const struct tfm_event *new_dyn_at(struct tfm_model *m,
					  const struct tfm_system *sys,
					  uint64_t seq, size_t *i)
{
	for (guint j = 0; j < m->dyn_events->len; j++) {
		struct tfm_dynev *dev = dev_at(m, j);

		if (dev->seq <= seq || !in_sys(dev, sys))
			continue;
		if (!(*i)--)
			return &dev->ev;
	}
	return NULL;
}

/**
 * tfm_sys_event_at - the @i-th event directory of @sys in @ta
 * @ta: the trace array (model lock held)
 * @sys: a static system or a dynamic group's system
 * @i: index
 *
 * The order of eventfs: dynamic events that existed when @ta's events/
 * was built (newest first), the static events, then dynamic events added
 * later (creation order).  Return: the event, or NULL past the last one.
 */
const struct tfm_event *tfm_sys_event_at(struct tfm_trace_array *ta,
					 const struct tfm_system *sys,
					 size_t i)
{
	struct tfm_model *m = ta->m;
	const struct tfm_event *ev = old_dyn_at(m, sys, ta->built_seq, &i);

	if (ev)
		return ev;
	if (!tfm_sys_is_dynamic(sys)) {
		if (i < sys->nr_events)
			return sys->events[i];
		i -= sys->nr_events;
	}
	return new_dyn_at(m, sys, ta->built_seq, &i);
}

/**
 * tfm_ta_system_at - the @i-th system directory of @ta's events/
 * @ta: the trace array (model lock held)
 * @i: index
 *
 * Return: the system, or NULL past the last one.
 */
const struct tfm_system *tfm_ta_system_at(struct tfm_trace_array *ta,
					  size_t i)
{
	struct tfm_model *m = ta->m;

	if (ta->sys_front) {
		if (i < ta->sys_front->len)
			return ta->sys_front->pdata[i];
		i -= ta->sys_front->len;
	} else {
		if (i < m->cat->nr_systems)
			return m->cat->sys_order[i];
		i -= m->cat->nr_systems;
	}
	for (guint j = 0; j < m->dyn_groups->len; j++) {
		struct tfm_dyngroup *g = m->dyn_groups->pdata[j];

		if (g->static_sys || g->seq <= ta->built_seq)
			continue;
		if (!i--)
			return &g->sys;
	}
	return NULL;
}

/**
 * tfm_dyn_find_group - Return: the live dynamic group @name, or NULL.
 * @m: the model (lock held)
 * @name: the group name
 */
struct tfm_dyngroup *tfm_dyn_find_group(struct tfm_model *m, const char *name)
{
	for (guint j = 0; j < m->dyn_groups->len; j++) {
		struct tfm_dyngroup *g = m->dyn_groups->pdata[j];

		if (!strcmp(g->name, name))
			return g;
	}
	return NULL;
}

/**
 * tfm_find_system - a system by name: static, or a live dynamic group
 * @m: the model (lock held)
 * @name: its name
 *
 * Return: the system or NULL.
 */
const struct tfm_system *tfm_find_system(struct tfm_model *m,
					 const char *name)
{
	const struct tfm_system *sys = tfm_catalog_find_system(m->cat, name);
	struct tfm_dyngroup *g;

	if (sys)
		return sys;
	g = tfm_dyn_find_group(m, name);
	return g ? &g->sys : NULL;
}

static struct tfm_dynev *find_dev(struct tfm_model *m, const char *group,
				  const char *name)
{
	for (guint j = 0; j < m->dyn_events->len; j++) {
		struct tfm_dynev *dev = dev_at(m, j);

		if (!strcmp(dev->name, name) && !strcmp(dev->group->name, group))
			return dev;
	}
	return NULL;
}

/**
 * tfm_find_event - an event of @sys by name, static or dynamic
 * @m: the model (lock held)
 * @sys: the system (from tfm_find_system())
 * @name: the event name
 *
 * Return: the event or NULL.
 */
const struct tfm_event *tfm_find_event(struct tfm_model *m,
				       const struct tfm_system *sys,
				       const char *name)
{
	const struct tfm_event *ev = NULL;
	struct tfm_dynev *dev;

	if (!tfm_sys_is_dynamic(sys))
		ev = tfm_system_find_event(sys, name);
	if (ev)
		return ev;
	dev = find_dev(m, sys->name, name);
	return dev ? &dev->ev : NULL;
}

/* ---- per trace array ---- */

/**
 * tfm_dyn_ta_init - remember which dynamic events exist as @ta's events/
 * is built (they are listed first there, newest first)
 * @ta: the trace array (model lock held)
 */
void tfm_dyn_ta_init(struct tfm_trace_array *ta)
{
	struct tfm_model *m = ta->m;
	g_autoptr(GHashTable) seen = NULL;
	const struct tfm_event *ev;
	size_t i;

	ta->built_seq = m->dyn_seq;
	if (!m->dyn_events->len)
		return;
	seen = g_hash_table_new(g_direct_hash, g_direct_equal);
	ta->sys_front = g_ptr_array_new();
	tfm_for_each_event(m, i, ev) {
		if (g_hash_table_add(seen, (gpointer)ev->system))
			g_ptr_array_add(ta->sys_front, (gpointer)ev->system);
	}
	for (i = 0; i < m->cat->nr_systems; i++)
		if (g_hash_table_add(seen, (gpointer)m->cat->sys_order[i]))
			g_ptr_array_add(ta->sys_front,
					(gpointer)m->cat->sys_order[i]);
}

/**
 * tfm_dyn_ta_fini - free what tfm_dyn_ta_init() and enabling kept
 * @ta: the trace array
 */
void tfm_dyn_ta_fini(struct tfm_trace_array *ta)
{
	if (ta->sys_front)
		g_ptr_array_unref(ta->sys_front);
	if (ta->dyn_ever)
		g_hash_table_destroy(ta->dyn_ever);
	ta->sys_front = NULL;
	ta->dyn_ever = NULL;
}

/**
 * tfm_dyn_enabled - note that @ev was enabled in @ta (its removal then
 * clears @ta's ring buffer)
 * @ta: the trace array (model lock held)
 * @ev: any event
 */
void tfm_dyn_enabled(struct tfm_trace_array *ta, const struct tfm_event *ev)
{
	if (!tfm_ev_is_dynamic(ev))
		return;
	if (!ta->dyn_ever)
		ta->dyn_ever = g_hash_table_new(g_direct_hash, g_direct_equal);
	g_hash_table_add(ta->dyn_ever, (gpointer)ev);
}

/**
 * tfm_dyn_cannot_enable - Return: whether @ev is a dynamic event with a
 * probe beyond the end of its file (registering it would fail).
 * @m: the model (lock held)
 * @ev: any event
 */
bool tfm_dyn_cannot_enable(struct tfm_model *m, const struct tfm_event *ev)
{
	const struct tfm_dynev *dev = (const struct tfm_dynev *)ev;
	GHashTableIter it;
	gpointer p;

	if (!tfm_ev_is_dynamic(ev) || !g_hash_table_size(m->dyn_beyond))
		return false;
	g_hash_table_iter_init(&it, m->dyn_beyond);
	while (g_hash_table_iter_next(&it, &p, NULL)) {
		const struct tfm_dynevent_probe *probe = p;

		if (!strcmp(probe->event, dev->name) &&
		    !strcmp(probe->group, dev->group->name))
			return true;
	}
	return false;
}

/* ---- setup ---- */

/**
 * tfm_dyn_init - empty dynamic event state
 * @m: the model (catalog loaded)
 *
 * Return: 0.
 */
int tfm_dyn_init(struct tfm_model *m)
{
	g_mutex_init(&m->dyn_lock);
	m->dyn_probes = g_ptr_array_new();
	m->dyn_events = g_ptr_array_new();
	m->dyn_groups = g_ptr_array_new();
	m->dyn_beyond = g_hash_table_new(g_direct_hash, g_direct_equal);
	for (size_t i = 0; i < m->cat->nr_events; i++)
		if (m->cat->events[i].id > m->static_max_id)
			m->static_max_id = m->cat->events[i].id;
	return 0;
}

/**
 * tfm_dyn_dev_free - free an event nobody lists any more; NULL ignored
 * @m: the model
 * @dev: the event
 */
void tfm_dyn_dev_free(struct tfm_model *m, struct tfm_dynev *dev)
{
	if (!dev)
		return;
	tfm_free(m, (void *)dev->fset.fields);
	tfm_free(m, dev->strings);
	tfm_free(m, dev->format);
	tfm_free(m, dev->name);
	tfm_free(m, dev);
}

/**
 * tfm_dyn_group_free - free a group nobody lists any more; NULL ignored
 * @m: the model
 * @g: the group
 */
void tfm_dyn_group_free(struct tfm_model *m, struct tfm_dyngroup *g)
{
	if (!g)
		return;
	tfm_free(m, g->name);
	tfm_free(m, g);
}

/**
 * tfm_dyn_free - free every dynamic event (the tree is gone)
 * @m: the model; tolerates a model whose init never ran
 */
void tfm_dyn_free(struct tfm_model *m)
{
	if (!m->dyn_probes)
		return;
	for (guint i = 0; i < m->dyn_probes->len; i++)
		tfm_dynevent_probe_free(m->dyn_probes->pdata[i]);
	for (guint i = 0; i < m->dyn_events->len; i++)
		tfm_dyn_dev_free(m, dev_at(m, i));
	for (guint i = 0; i < m->dyn_groups->len; i++)
		tfm_dyn_group_free(m, m->dyn_groups->pdata[i]);
	g_ptr_array_unref(m->dyn_probes);
	g_ptr_array_unref(m->dyn_events);
	g_ptr_array_unref(m->dyn_groups);
	g_hash_table_destroy(m->dyn_beyond);
	g_mutex_clear(&m->dyn_lock);
}
