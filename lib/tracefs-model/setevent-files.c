/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * setevent-files.c - set_event, available_events, set_event_pid and
 * set_event_notrace_pid.
 */
#include <errno.h>
#include <string.h>

#include "model-priv.h"
#include "setevent.h"

static struct tfm_trace_array *ta_of(struct kernfs_open_file *of)
{
	return tfm_tref_of(of)->ta;
}

/* ---- available_events ---- */

static int avail_show(struct seq_file *sf, void *v)
{
	struct kernfs_open_file *of = sf->private;
	struct tfm_model *m = ta_of(of)->m;
	const struct tfm_event *ev;
	size_t i;

	tfm_lock(m);
	tfm_for_each_event(m, i, ev)
		if (tfm_ev_can_enable(ev))
			seq_printf(sf, "%s:%s\n", ev->system->name, ev->name);
	tfm_unlock(m);
	return 0;
}

const struct kernfs_ops tfm_available_events_ops = {
	.seq_show = avail_show,
	.llseek = tfm_seq_llseek,
};

/* ---- set_event ---- */

static int set_event_open(struct kernfs_open_file *of)
{
	struct tfm_trace_array *ta = ta_of(of);
	int ret = tfm_open_ref(of);

	if (ret || !tfm_open_trunc(of))
		return ret;
	tfm_lock(ta->m);
	tfm_ev_clear_all(ta);
	tfm_unlock(ta->m);
	return 0;
}

static int set_event_show(struct seq_file *sf, void *v)
{
	struct kernfs_open_file *of = sf->private;
	struct tfm_trace_array *ta = ta_of(of);
	const struct tfm_event *ev;
	size_t i;

	tfm_lock(ta->m);
	tfm_for_each_event(ta->m, i, ev)
		if (tfm_ev_can_enable(ev) &&
		    (tfm_ev_flags(ta, ev) & TFM_EVF_ENABLED))
			seq_printf(sf, "%s:%s\n", ev->system->name, ev->name);
	for (guint j = 0; ta->mod_cmds && j < ta->mod_cmds->len; j++)
		seq_puts(sf, ta->mod_cmds->pdata[j]);
	tfm_unlock(ta->m);
	return 0;
}

/* A ":mod:" command: no module of the model has events, so it waits. */
static int mod_cmd(struct tfm_trace_array *ta,
		   const struct tfm_set_event_cmd *cmd)
{
	g_autofree char *line = tfm_set_event_mod_line(cmd);

	if (!ta->mod_cmds)
		ta->mod_cmds = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < ta->mod_cmds->len; i++) {
		if (strcmp(ta->mod_cmds->pdata[i], line))
			continue;
		if (cmd->negate)
			g_ptr_array_remove_index(ta->mod_cmds, i);
		return 0;
	}
	if (cmd->negate)
		return -EINVAL;
	g_ptr_array_add(ta->mod_cmds, g_steal_pointer(&line));
	return 0;
}

static ssize_t set_event_write(struct kernfs_open_file *of, char *buf,
			       size_t len, loff_t pos)
{
	struct tfm_trace_array *ta = ta_of(of);
	struct tfm_set_event_cmd cmd;
	ssize_t ret;
	int err;

	if (!len)
		return 0;
	ret = tfm_set_event_next_token(buf, len, &cmd);
	if (ret <= 0 || !cmd.token)
		return ret;
	if (!cmd.negate)
		tfm_update_buffers(ta->m);
	tfm_lock(ta->m);
	if (cmd.module)
		err = mod_cmd(ta, &cmd);
	else
		err = tfm_ev_set_clr(ta, cmd.match, cmd.system, cmd.event,
				     !cmd.negate);
	tfm_unlock(ta->m);
	tfm_set_event_cmd_clear(&cmd);
	return err ? err : ret;
}

const struct kernfs_ops tfm_set_event_ops = {
	.open = set_event_open,
	.release = tfm_release_ref,
	.seq_show = set_event_show,
	.write = set_event_write,
	.llseek = tfm_seq_llseek,
};

/* ---- set_event_pid, set_event_notrace_pid ---- */

static GArray **pid_list(struct kernfs_open_file *of)
{
	struct tfm_trace_array *ta = ta_of(of);

	return strstr(of->kn->name, "notrace") ? &ta->notrace_pids : &ta->pids;
}

static int pid_open(struct kernfs_open_file *of)
{
	struct tfm_trace_array *ta = ta_of(of);
	int ret = tfm_open_ref(of);
	GArray **list = pid_list(of);

	if (ret || !tfm_open_trunc(of))
		return ret;
	tfm_lock(ta->m);
	if (*list) {
		g_array_unref(*list);
		*list = NULL;
	}
	tfm_unlock(ta->m);
	return 0;
}

static int pid_show(struct seq_file *sf, void *v)
{
	struct kernfs_open_file *of = sf->private;
	struct tfm_trace_array *ta = ta_of(of);
	GArray *list;

	tfm_lock(ta->m);
	list = *pid_list(of);
	for (guint i = 0; list && i < list->len; i++)
		seq_printf(sf, "%u\n", g_array_index(list, unsigned int, i));
	tfm_unlock(ta->m);
	return 0;
}

static gint cmp_uint(gconstpointer a, gconstpointer b)
{
	unsigned int x = *(const unsigned int *)a, y = *(const unsigned int *)b;

	return x < y ? -1 : x > y;
}

/* Merge @add into *@list as a sorted set (the kernel keeps a bitmap). */
static void merge_pids(GArray **list, GArray *add)
{
	GArray *out = *list ? *list : g_array_new(FALSE, FALSE,
						  sizeof(unsigned int));
	guint j = 0;

	g_array_append_vals(out, add->data, add->len);
	g_array_sort(out, cmp_uint);
	for (guint i = 0; i < out->len; i++)
		if (!j || g_array_index(out, unsigned int, j - 1) !=
			  g_array_index(out, unsigned int, i))
			g_array_index(out, unsigned int, j++) =
				g_array_index(out, unsigned int, i);
	g_array_set_size(out, j);
	*list = out;
}

static ssize_t pid_write(struct kernfs_open_file *of, char *buf, size_t len,
			 loff_t pos)
{
	struct tfm_trace_array *ta = ta_of(of);
	g_autoptr(GArray) add = g_array_new(FALSE, FALSE, sizeof(unsigned int));
	GArray **list = pid_list(of);
	ssize_t ret;

	if (!len)
		return 0;
	ret = tfm_parse_pid_list(buf, len, add);
	if (ret < 0)
		return ret;
	tfm_lock(ta->m);
	if (!add->len && *list) {
		/* a write without pids clears the list, as the kernel's */
		g_array_unref(*list);
		*list = NULL;
	} else if (add->len) {
		merge_pids(list, add);
	}
	tfm_unlock(ta->m);
	return ret;
}

const struct kernfs_ops tfm_set_event_pid_ops = {
	.open = pid_open,
	.release = tfm_release_ref,
	.seq_show = pid_show,
	.write = pid_write,
	.llseek = tfm_seq_llseek,
};

const struct kernfs_ops tfm_set_event_notrace_pid_ops = {
	.open = pid_open,
	.release = tfm_release_ref,
	.seq_show = pid_show,
	.write = pid_write,
	.llseek = tfm_seq_llseek,
};
