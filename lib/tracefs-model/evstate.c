/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * evstate.c - per-instance event state: the kernel's event file flags
 * (ENABLED, SOFT_MODE, SOFT_DISABLED, TRIGGER_MODE) with its soft-mode
 * state machine, kept only for events whose state is not the default.
 */
#include <errno.h>
#include <string.h>

#include "model-priv.h"

/**
 * tfm_evstate_peek - Return: the state of @ev in @ta, or NULL (default).
 * @ta: the trace array (model lock held)
 * @ev: the event
 */
struct tfm_evstate *tfm_evstate_peek(struct tfm_trace_array *ta,
				     const struct tfm_event *ev)
{
	return ta->evstate ? g_hash_table_lookup(ta->evstate, ev) : NULL;
}

/**
 * tfm_evstate_get - the state of @ev in @ta, created if needed
 * @ta: the trace array (model lock held)
 * @ev: the event
 *
 * Return: the state, NULL on ENOMEM.  Call tfm_evstate_put() when done
 * changing it, so that a state back at the default is freed.
 */
struct tfm_evstate *tfm_evstate_get(struct tfm_trace_array *ta,
				    const struct tfm_event *ev)
{
	struct tfm_evstate *st = tfm_evstate_peek(ta, ev);

	if (st)
		return st;
	if (!ta->evstate)
		ta->evstate = g_hash_table_new(g_direct_hash, g_direct_equal);
	st = tfm_zalloc(ta->m, sizeof(*st));
	if (st)
		g_hash_table_insert(ta->evstate, (gpointer)ev, st);
	return st;
}

static void evstate_free(struct tfm_trace_array *ta, struct tfm_evstate *st)
{
	tfm_ev_triggers_free(ta, st);
	tfm_filter_free(st->filter);
	g_free(st->show);
	tfm_free(ta->m, st);
}

/**
 * tfm_evstate_put - free the state of @ev if it is back at the default
 * @ta: the trace array (model lock held)
 * @ev: the event
 */
void tfm_evstate_put(struct tfm_trace_array *ta, const struct tfm_event *ev)
{
	struct tfm_evstate *st = tfm_evstate_peek(ta, ev);

	if (!st || st->flags || st->sm_ref || st->tm_ref || st->filter ||
	    st->show || st->triggers)
		return;
	g_hash_table_remove(ta->evstate, ev);
	evstate_free(ta, st);
}

/**
 * tfm_evstate_drop - forget the state of @ev in @ta (a removed event)
 * @ta: the trace array (model lock held)
 * @ev: the event
 */
void tfm_evstate_drop(struct tfm_trace_array *ta, const struct tfm_event *ev)
{
	struct tfm_evstate *st = tfm_evstate_peek(ta, ev);

	if (!st)
		return;
	g_hash_table_remove(ta->evstate, ev);
	evstate_free(ta, st);
}

/**
 * tfm_evstates_free - free every event state of @ta
 * @ta: the trace array
 */
void tfm_evstates_free(struct tfm_trace_array *ta)
{
	GHashTableIter it;
	gpointer st;

	if (!ta->evstate)
		return;
	g_hash_table_iter_init(&it, ta->evstate);
	while (g_hash_table_iter_next(&it, NULL, &st))
		evstate_free(ta, st);
	g_hash_table_destroy(ta->evstate);
	ta->evstate = NULL;
}

/**
 * tfm_ev_flags - Return: the TFM_EVF_* flags of @ev in @ta (lock held).
 * @ta: the trace array
 * @ev: the event
 */
unsigned int tfm_ev_flags(struct tfm_trace_array *ta,
			  const struct tfm_event *ev)
{
	struct tfm_evstate *st = tfm_evstate_peek(ta, ev);

	return st ? st->flags : 0;
}

/**
 * tfm_ev_can_enable - Return: whether set_event and enable files may name
 * @ev (it has an enable file; ftrace-internal events do not).
 * @ev: the event
 */
bool tfm_ev_can_enable(const struct tfm_event *ev)
{
	return ev->files & TFM_EF_ENABLE;
}

static void enable_on(struct tfm_evstate *st, bool soft)
{
	if (!soft) {
		st->flags &= ~TFM_EVF_SOFT_DISABLED;
	} else {
		if (++st->sm_ref > 1)
			return;
		st->flags |= TFM_EVF_SOFT_MODE;
	}
	if (!(st->flags & TFM_EVF_ENABLED)) {
		if (soft)
			st->flags |= TFM_EVF_SOFT_DISABLED;
		st->flags |= TFM_EVF_ENABLED;
	}
}

static void enable_off(struct tfm_evstate *st, bool soft)
{
	bool disable;

	if (soft) {
		if (--st->sm_ref > 0)
			return;
		disable = st->flags & TFM_EVF_SOFT_DISABLED;
		st->flags &= ~TFM_EVF_SOFT_MODE;
	} else {
		disable = !(st->flags & TFM_EVF_SOFT_MODE);
	}
	if ((st->flags & TFM_EVF_ENABLED) && disable)
		st->flags &= ~TFM_EVF_ENABLED;
	if (st->flags & TFM_EVF_SOFT_MODE)
		st->flags |= TFM_EVF_SOFT_DISABLED;
	else
		st->flags &= ~TFM_EVF_SOFT_DISABLED;
}

/**
 * tfm_ev_enable_disable - the kernel's __ftrace_event_enable_disable()
 * @ta: the trace array (model lock held)
 * @ev: the event
 * @enable: enable (true) or disable
 * @soft: soft mode (a trigger arming/disarming the event)
 *
 * A uprobe event with a probe beyond the end of its file cannot be
 * registered: enabling it fails with -EINVAL (the kernel logs "Could not
 * enable event") and changes nothing.
 *
 * Return: 0, -EINVAL or -ENOMEM.
 */
int tfm_ev_enable_disable(struct tfm_trace_array *ta,
			  const struct tfm_event *ev, bool enable, bool soft)
{
	struct tfm_evstate *st;

	if (!enable && !soft && !tfm_evstate_peek(ta, ev))
		return 0;
	if (enable && !soft && !(tfm_ev_flags(ta, ev) & TFM_EVF_ENABLED) &&
	    tfm_dyn_cannot_enable(ta->m, ev))
		return -EINVAL;
	st = tfm_evstate_get(ta, ev);
	if (!st)
		return -ENOMEM;
	if (enable) {
		enable_on(st, soft);
		tfm_dyn_enabled(ta, ev);
	} else
		enable_off(st, soft);
	tfm_evstate_put(ta, ev);
	return 0;
}

/**
 * tfm_ev_set_clr - enable or disable every event matching a pattern
 * (the kernel's __ftrace_set_clr_event())
 * @ta: the trace array (model lock held)
 * @match: matches an event or a system name, or NULL
 * @sys: system name, or NULL for any
 * @event: event name, or NULL for any
 * @enable: what to do
 *
 * Only events with an enable file are considered.  An event that fails
 * to enable does not stop the others; its error is returned.
 *
 * Return: 0, -EINVAL when nothing matched, or the first event's error.
 */
int tfm_ev_set_clr(struct tfm_trace_array *ta, const char *match,
		   const char *sys, const char *event, bool enable)
{
	const struct tfm_event *ev;
	int ret = -EINVAL, err, first = 0;
	size_t i;

	tfm_for_each_event(ta->m, i, ev) {
		if (!tfm_ev_can_enable(ev))
			continue;
		if (match && strcmp(match, ev->name) &&
		    strcmp(match, ev->system->name))
			continue;
		if (sys && strcmp(sys, ev->system->name))
			continue;
		if (event && strcmp(event, ev->name))
			continue;
		err = tfm_ev_enable_disable(ta, ev, enable, false);
		if (err && !first)
			first = err;
		ret = 0;
	}
	return first ? first : ret;
}

/**
 * tfm_ev_clear_all - hard-disable every event (set_event O_TRUNC)
 * @ta: the trace array (model lock held)
 */
void tfm_ev_clear_all(struct tfm_trace_array *ta)
{
	g_autoptr(GPtrArray) evs = g_ptr_array_new();
	GHashTableIter it;
	gpointer ev;

	if (!ta->evstate)
		return;
	g_hash_table_iter_init(&it, ta->evstate);
	while (g_hash_table_iter_next(&it, &ev, NULL))
		g_ptr_array_add(evs, ev);
	for (guint i = 0; i < evs->len; i++)
		tfm_ev_enable_disable(ta, evs->pdata[i], false, false);
	if (ta->mod_cmds)
		g_ptr_array_set_size(ta->mod_cmds, 0);
}

/**
 * tfm_ev_enable_string - what an event's `enable` file reads
 * @flags: its TFM_EVF_* flags
 * @buf: at least 4 bytes: "0\n", "1\n", "0*\n" or "1*\n"
 */
void tfm_ev_enable_string(unsigned int flags, char *buf)
{
	bool on = (flags & TFM_EVF_ENABLED) && !(flags & TFM_EVF_SOFT_DISABLED);
	char *p = buf;

	*p++ = on ? '1' : '0';
	if (flags & (TFM_EVF_SOFT_DISABLED | TFM_EVF_SOFT_MODE))
		*p++ = '*';
	*p++ = '\n';
	*p = '\0';
}

/**
 * tfm_ta_any_event_enabled - Return: whether an event of @ta is enabled
 * (the kernel then records task comms).
 * @ta: the trace array (model lock held)
 */
bool tfm_ta_any_event_enabled(struct tfm_trace_array *ta)
{
	GHashTableIter it;
	gpointer st;

	if (!ta->evstate)
		return false;
	g_hash_table_iter_init(&it, ta->evstate);
	while (g_hash_table_iter_next(&it, NULL, &st))
		if (((struct tfm_evstate *)st)->flags & TFM_EVF_ENABLED)
			return true;
	return false;
}
