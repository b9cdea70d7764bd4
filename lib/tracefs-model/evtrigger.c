/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * evtrigger.c - an event's `trigger` file: adding and removing triggers,
 * and the soft mode they put events in.
 */
#include <errno.h>
#include <string.h>

#include "model-priv.h"

static const struct tfm_event *find_target(struct tfm_trace_array *ta,
					   const char *sys, const char *event)
{
	const struct tfm_system *s = tfm_find_system(ta->m, sys);
	const struct tfm_event *ev = s ? tfm_find_event(ta->m, s, event) : NULL;

	return ev && tfm_ev_can_enable(ev) ? ev : NULL;
}

static bool target_ok(void *ctx, const char *sys, const char *event)
{
	return find_target(ctx, sys, event) != NULL;
}

static void trig_free(struct tfm_trig *t)
{
	tfm_trigger_cmd_clear(&t->cmd);
	tfm_filter_free(t->filter);
	g_free(t);
}

/**
 * tfm_ev_triggers_free - free the triggers of a state (no side effects)
 * @ta: the trace array
 * @st: the state
 */
void tfm_ev_triggers_free(struct tfm_trace_array *ta, struct tfm_evstate *st)
{
	g_list_free_full(st->triggers, (GDestroyNotify)trig_free);
	st->triggers = NULL;
}

/* trace_event_trigger_enable_disable(): the event's own soft mode. */
static void trigger_mode(struct tfm_trace_array *ta, const struct tfm_event *ev,
			 struct tfm_evstate *st, bool on)
{
	if (on) {
		if (st->tm_ref++)
			return;
		st->flags |= TFM_EVF_TRIGGER_MODE;
	} else {
		if (--st->tm_ref)
			return;
		st->flags &= ~TFM_EVF_TRIGGER_MODE;
	}
	tfm_ev_enable_disable(ta, ev, on, true);
}

static void remove_trigger(struct tfm_trace_array *ta,
			   const struct tfm_event *ev,
			   const struct tfm_trigger_cmd *cmd)
{
	struct tfm_evstate *st = tfm_evstate_peek(ta, ev);
	struct tfm_trig *t;

	if (!st)
		return;
	for (GList *l = st->triggers; l; l = l->next) {
		t = l->data;
		if (!tfm_trigger_same_slot(&t->cmd, cmd))
			continue;
		st->triggers = g_list_delete_link(st->triggers, l);
		if (t->target)
			tfm_ev_enable_disable(ta, t->target, false, true);
		trig_free(t);
		trigger_mode(ta, ev, st, false);
		break;
	}
	tfm_evstate_put(ta, ev);
}

static int compile_filter(struct tfm_trace_array *ta,
			  const struct tfm_event *ev, const char *text,
			  struct tfm_filter **f)
{
	struct tfm_filter_error err = { 0 };
	int ret = tfm_filter_parse(text, strlen(text), tfm_event_fields(ev), f,
				   &err);

	if (ret) {
		g_autoptr(GString) s = g_string_new(NULL);

		tfm_filter_error_log_text(s, text, &err);
		tfm_errlog_add(ta, s->str);
	}
	return ret;
}

static int add_trigger(struct tfm_trace_array *ta, const struct tfm_event *ev,
		       struct tfm_trigger_cmd *cmd)
{
	struct tfm_filter *f = NULL;
	struct tfm_evstate *st;
	struct tfm_trig *t;
	int ret;

	if (cmd->filter) {
		ret = compile_filter(ta, ev, cmd->filter, &f);
		if (ret)
			return ret;
	}
	st = tfm_evstate_peek(ta, ev);
	for (GList *l = st ? st->triggers : NULL; l; l = l->next) {
		if (tfm_trigger_same_slot(&((struct tfm_trig *)l->data)->cmd,
					  cmd)) {
			tfm_filter_free(f);
			return -EEXIST;
		}
	}
	st = tfm_evstate_get(ta, ev);
	if (!st) {
		tfm_filter_free(f);
		return -ENOMEM;
	}
	t = g_new0(struct tfm_trig, 1);
	t->cmd = *cmd;
	memset(cmd, 0, sizeof(*cmd));
	t->filter = f;
	if (t->cmd.system)
		t->target = find_target(ta, t->cmd.system, t->cmd.event);
	st->triggers = g_list_prepend(st->triggers, t);
	if (t->target)
		tfm_ev_enable_disable(ta, t->target, true, true);
	trigger_mode(ta, ev, st, true);
	return 0;
}

/**
 * tfm_ev_trigger_write - one write to an event's `trigger` file
 * @ta: the trace array (model lock held)
 * @ev: the event
 * @buf: the written bytes
 * @len: how many
 *
 * Return: @len (0 for a zero-length write), or the kernel's errno.
 */
ssize_t tfm_ev_trigger_write(struct tfm_trace_array *ta,
			     const struct tfm_event *ev, const char *buf,
			     size_t len)
{
	struct tfm_trigger_cmd cmd;
	int ret;

	ret = tfm_trigger_parse(buf, len, target_ok, ta, &cmd);
	if (ret)
		return ret;
	if (cmd.kind == TFM_TRIGGER_NONE)
		return 0;
	if (cmd.remove)
		remove_trigger(ta, ev, &cmd);
	else
		ret = add_trigger(ta, ev, &cmd);
	tfm_trigger_cmd_clear(&cmd);
	return ret ? ret : (ssize_t)len;
}

/**
 * tfm_ev_trigger_show - what an event's `trigger` file reads
 * @ta: the trace array (model lock held)
 * @ev: the event
 * @out: appended to
 */
void tfm_ev_trigger_show(struct tfm_trace_array *ta,
			 const struct tfm_event *ev, GString *out)
{
	struct tfm_evstate *st = tfm_evstate_peek(ta, ev);

	if (!st || !st->triggers) {
		g_string_append(out, tfm_trigger_help_text());
		return;
	}
	for (GList *l = st->triggers; l; l = l->next)
		tfm_trigger_render_append(out, &((struct tfm_trig *)l->data)->cmd);
}
