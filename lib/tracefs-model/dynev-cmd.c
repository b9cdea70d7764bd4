/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * dynev-cmd.c - what a write to uprobe_events or dynamic_events does to
 * the model: defining a probe (a new event with the lowest free id, or one
 * more probe of an existing event), removing probes and events (EBUSY
 * while in use, partial effect), O_TRUNC, and the readback text.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "model-priv.h"
#include "dynevent.h"
#include "ringbuf.h"

/* Every trace array, the top level first (model lock held). */
static GPtrArray *all_tas(struct tfm_model *m)
{
	GPtrArray *tas = g_ptr_array_new();

	g_ptr_array_add(tas, m->global);
	for (guint i = 0; i < m->instances->len; i++)
		g_ptr_array_add(tas, m->instances->pdata[i]);
	return tas;
}

static void log_err(struct tfm_model *m, const struct tfm_dynevent_err *err)
{
	g_autofree char *s = NULL;
	const char *text;

	if (!err)
		return;
	s = tfm_dynevent_err_render(err, 0);
	text = strstr(s, "] ");
	tfm_lock(m);
	tfm_errlog_add(m->global, text ? text + 2 : s);
	tfm_unlock(m);
}

static struct tfm_dynev *dev_of(struct tfm_model *m,
				const struct tfm_dynevent_probe *p)
{
	for (guint j = 0; j < m->dyn_events->len; j++) {
		struct tfm_dynev *dev = m->dyn_events->pdata[j];

		if (!strcmp(dev->name, p->event) &&
		    !strcmp(dev->group->name, p->group))
			return dev;
	}
	return NULL;
}

/* ---- definition ---- */

static uint32_t lowest_free_id(struct tfm_model *m)
{
	for (uint32_t id = m->static_max_id + 1;; id++) {
		bool used = false;

		for (guint j = 0; j < m->dyn_events->len && !used; j++)
			used = ((struct tfm_dynev *)m->dyn_events->pdata[j])->ev.id
			       == id;
		if (!used)
			return id;
	}
}

/* Count a g_malloc()ed block in the model's bytes (negative: release). */
static void account(struct tfm_model *m, const void *p, int sign)
{
	if (p)
		g_atomic_pointer_add(&m->bytes,
				     sign * (gssize)malloc_usable_size((void *)p));
}

/* Give @dev a field set of its own (the filter parser's view). */
static void dev_fields(struct tfm_dynev *dev,
		       const struct tfm_dynevent_probe *p)
{
	size_t nr = 0, size = 0;
	struct tfm_field *f = tfm_dynevent_fields(p, &nr);
	char *str;

	for (size_t i = 0; i < nr; i++)
		size += strlen(f[i].type) + strlen(f[i].name) + 2;
	dev->strings = str = g_malloc(size ? size : 1);
	for (size_t i = 0; i < nr; i++) {
		f[i].type = memcpy(str, f[i].type, strlen(f[i].type) + 1);
		str += strlen(str) + 1;
		f[i].name = memcpy(str, f[i].name, strlen(f[i].name) + 1);
		str += strlen(str) + 1;
	}
	dev->fset.fields = f;
	dev->fset.nr = nr;
	/* computed here, so tfm_event_fields() never parses the format */
	dev->ev.fields_once = (gsize)&dev->fset;
}

static struct tfm_dyngroup *group_new(struct tfm_model *m, const char *name)
{
	struct tfm_dyngroup *g = tfm_zalloc(m, sizeof(*g));

	if (!g)
		return NULL;
	g->name = g_strdup(name);
	account(m, g->name, 1);
	g->sys.name = g->name;
	g->sys.files = TFM_EF_ENABLE | TFM_EF_FILTER;
	g->sys.reg_index = TFM_DYN_REG_INDEX;
	g->static_sys = tfm_catalog_find_system(m->cat, name);
	return g;
}

static struct tfm_dynev *dev_new(struct tfm_model *m,
				 const struct tfm_dynevent_probe *p,
				 struct tfm_dyngroup *g)
{
	struct tfm_dynev *dev = tfm_zalloc(m, sizeof(*dev));

	if (!dev)
		return NULL;
	dev->name = g_strdup(p->event);
	dev->group = g;
	dev->nr_probes = 1;
	dev->ev.name = dev->name;
	dev->ev.system = g->static_sys ? g->static_sys : &g->sys;
	dev->ev.id = lowest_free_id(m);
	dev->ev.files = TFM_EF_ENABLE | TFM_EF_FILTER | TFM_EF_TRIGGER |
			TFM_EF_FORMAT | TFM_EF_ID;
	dev->ev.reg_index = TFM_DYN_REG_INDEX;
	dev->format = tfm_dynevent_format(p, dev->ev.id);
	dev->ev.format = dev->format;
	dev->ev.format_len = (uint32_t)strlen(dev->format);
	dev_fields(dev, p);
	account(m, dev->name, 1);
	account(m, dev->format, 1);
	account(m, dev->strings, 1);
	account(m, dev->fset.fields, 1);
	return dev;
}

/* Publish a new event (and maybe group) in every trace array. */
static void publish(struct tfm_model *m, struct tfm_dynevent_probe *p,
		    struct tfm_dynev *dev, bool new_group)
{
	g_autoptr(GPtrArray) dirs = g_ptr_array_new();
	g_autoptr(GPtrArray) tas = NULL;
	g_autofree char *rel = g_strdup(new_group ? "" : dev->group->name);

	tfm_lock(m);
	if (new_group) {
		dev->group->seq = ++m->dyn_seq;
		g_ptr_array_add(m->dyn_groups, dev->group);
	}
	dev->seq = ++m->dyn_seq;
	dev->group->nr_events++;
	g_ptr_array_add(m->dyn_events, dev);
	g_ptr_array_add(m->dyn_probes, p);
	tas = all_tas(m);
	/* the node-per-file design creates its nodes now (no lock taken) */
	for (guint i = 0; m->design == TFM_DESIGN_NODES && i < tas->len; i++)
		tfm_events_add_dyn(tas->pdata[i], dev, new_group);
	for (guint i = 0; m->design == TFM_DESIGN_TEMPLATE && i < tas->len; i++) {
		struct tfm_trace_array *ta = tas->pdata[i];

		if (ta->events) {
			kernfs_get(ta->events);
			g_ptr_array_add(dirs, ta->events);
		}
	}
	tfm_unlock(m);
	/* cached listings of events/ or of the group's directory are stale */
	for (guint i = 0; i < dirs->len; i++) {
		kernfs_template_changed(dirs->pdata[i], rel);
		kernfs_put(dirs->pdata[i]);
	}
}

/* Enabling fails for a probe beyond the end of its file. */
static bool beyond_end(const struct tfm_dynevent_probe *p, off_t size)
{
	return size >= 0 && p->offset > (unsigned long)size;
}

static int define(struct tfm_model *m, struct tfm_dynevent_probe *p,
		  off_t size)
{
	struct tfm_dynevent_err *err = NULL;
	struct tfm_dynevent_probe *append_to = NULL;
	struct tfm_dyngroup *g;
	struct tfm_dynev *dev;
	bool taken, new_group = false;
	int ret;

	taken = tfm_catalog_find_event(m->cat, p->group, p->event) != NULL;
	ret = tfm_dynevent_register_check(p,
		(struct tfm_dynevent_probe *const *)m->dyn_probes->pdata,
		m->dyn_probes->len, taken, &append_to, &err);
	log_err(m, err);
	tfm_dynevent_err_free(err);
	if (ret)
		goto fail;
	tfm_lock(m);
	if (append_to) {
		dev = dev_of(m, append_to);
		dev->nr_probes++;
		if (beyond_end(p, size))
			g_hash_table_add(m->dyn_beyond, p);
		g_ptr_array_add(m->dyn_probes, p);
		tfm_unlock(m);
		return 0;
	}
	g = tfm_dyn_find_group(m, p->group);
	tfm_unlock(m);
	if (!g) {
		g = group_new(m, p->group);
		new_group = true;
	}
	ret = -ENOMEM;
	dev = g ? dev_new(m, p, g) : NULL;
	if (!dev) {
		if (new_group)
			tfm_dyn_group_free(m, g);
		goto fail;
	}
	tfm_lock(m);
	if (beyond_end(p, size))
		g_hash_table_add(m->dyn_beyond, p);
	tfm_unlock(m);
	publish(m, p, dev, new_group);
	return 0;
fail:
	tfm_dynevent_probe_free(p);
	return ret;
}

/* ---- removal ---- */

/* In use in @ta: enabled, soft-enabled, carrying or targeted by triggers. */
static bool busy_in(struct tfm_trace_array *ta, const struct tfm_event *ev)
{
	struct tfm_evstate *st = tfm_evstate_peek(ta, ev);

	return st && ((st->flags & (TFM_EVF_ENABLED | TFM_EVF_SOFT_MODE |
				    TFM_EVF_TRIGGER_MODE)) ||
		      st->sm_ref || st->tm_ref || st->triggers);
}

static bool dev_busy(struct tfm_model *m, struct tfm_dynev *dev)
{
	bool busy;

	tfm_lock(m);
	busy = busy_in(m->global, &dev->ev);
	for (guint i = 0; i < m->instances->len && !busy; i++)
		busy = busy_in(m->instances->pdata[i], &dev->ev);
	tfm_unlock(m);
	return busy;
}

/* What has to go from the tree once the lists no longer show @dev. */
struct unpublish {
	GPtrArray *nodes;	/* kernfs nodes (a reference each) */
	GPtrArray *rings;	/* trace arrays whose buffer is cleared */
};

/* Forget @dev's state in @ta and note what goes (lock held). */
static void unpublish_ta(struct tfm_trace_array *ta, struct tfm_dynev *dev,
			 bool dead, struct unpublish *u)
{
	struct tfm_dyngroup *g = dev->group;
	struct kernfs_node *sd, *ed;

	tfm_evstate_drop(ta, &dev->ev);
	if (ta->dyn_ever && g_hash_table_remove(ta->dyn_ever, &dev->ev))
		g_ptr_array_add(u->rings, ta);
	if (dead) {
		if (ta->sysshow)
			g_hash_table_remove(ta->sysshow, &g->sys);
		if (ta->sys_front)
			g_ptr_array_remove(ta->sys_front, &g->sys);
	}
	if (!ta->events)
		return;
	if (ta->m->design == TFM_DESIGN_TEMPLATE) {
		kernfs_get(ta->events);
		g_ptr_array_add(u->nodes, ta->events);
		return;
	}
	sd = kernfs_find_and_get(ta->events, g->name);
	if (sd && dead && !g->static_sys) {
		g_ptr_array_add(u->nodes, sd);
		return;
	}
	ed = sd ? kernfs_find_and_get(sd, dev->name) : NULL;
	if (ed)
		g_ptr_array_add(u->nodes, ed);
	kernfs_put(sd);
}

/* Remove @dev (its last probe is the one left in the list) everywhere. */
static void dev_remove(struct tfm_model *m, struct tfm_dynev *dev)
{
	struct tfm_dyngroup *g = dev->group;
	struct unpublish u = { g_ptr_array_new(), g_ptr_array_new() };
	g_autoptr(GPtrArray) tas = NULL;
	g_autofree char *rel = NULL;
	struct tfm_dynevent_probe *p = NULL;
	bool dead;

	tfm_lock(m);
	for (guint i = 0; i < m->dyn_probes->len && !p; i++)
		if (dev_of(m, m->dyn_probes->pdata[i]) == dev)
			p = g_ptr_array_steal_index(m->dyn_probes, i);
	g_hash_table_remove(m->dyn_beyond, p);
	g_ptr_array_remove(m->dyn_events, dev);
	dead = !--g->nr_events;
	if (dead)
		g_ptr_array_remove(m->dyn_groups, g);
	tas = all_tas(m);
	for (guint i = 0; i < tas->len; i++)
		unpublish_ta(tas->pdata[i], dev, dead, &u);
	tfm_unlock(m);
	rel = dead && !g->static_sys ? g_strdup(g->name) :
				       g_strdup_printf("%s/%s", g->name,
						       dev->name);
	for (guint i = 0; i < u.nodes->len; i++) {
		if (m->design == TFM_DESIGN_TEMPLATE)
			kernfs_template_invalidate(u.nodes->pdata[i], rel);
		else
			kernfs_remove(u.nodes->pdata[i]);
		kernfs_put(u.nodes->pdata[i]);
	}
	for (guint i = 0; i < u.rings->len; i++)
		tfm_ring_reset(((struct tfm_trace_array *)u.rings->pdata[i])->ring,
			       -1);
	g_ptr_array_unref(u.nodes);
	g_ptr_array_unref(u.rings);
	tfm_dynevent_probe_free(p);
	tfm_dyn_dev_free(m, dev);
	if (dead)
		tfm_dyn_group_free(m, g);
}

/* Remove the probe at @i: the whole event when it is the last one. */
static int remove_probe(struct tfm_model *m, guint i)
{
	struct tfm_dynevent_probe *p = m->dyn_probes->pdata[i];
	struct tfm_dynev *dev = dev_of(m, p);

	if (dev->nr_probes > 1) {
		tfm_lock(m);
		g_ptr_array_remove_index(m->dyn_probes, i);
		g_hash_table_remove(m->dyn_beyond, p);
		dev->nr_probes--;
		tfm_unlock(m);
		tfm_dynevent_probe_free(p);
		return 0;
	}
	if (dev_busy(m, dev))
		return -EBUSY;
	dev_remove(m, dev);
	return 0;
}

static int remove_cmd(struct tfm_model *m,
		      const struct tfm_dynevent_removal *rm)
{
	bool matched = false;
	guint i = 0;
	int ret;

	while (i < m->dyn_probes->len) {
		if (!tfm_dynevent_removal_match(rm, m->dyn_probes->pdata[i])) {
			i++;
			continue;
		}
		matched = true;
		ret = remove_probe(m, i);
		if (ret)
			return ret;
	}
	return matched ? 0 : -ENOENT;
}

/**
 * tfm_dyn_remove_all - O_TRUNC open of uprobe_events/dynamic_events
 * @m: the model
 *
 * Return: 0 with every dynamic event removed, or -EBUSY with nothing
 * removed when one of them is in use.
 */
int tfm_dyn_remove_all(struct tfm_model *m)
{
	int ret = 0;

	g_mutex_lock(&m->dyn_lock);
	for (guint i = 0; i < m->dyn_events->len && !ret; i++)
		if (dev_busy(m, m->dyn_events->pdata[i]))
			ret = -EBUSY;
	while (!ret && m->dyn_probes->len)
		ret = remove_probe(m, 0);
	g_mutex_unlock(&m->dyn_lock);
	return ret;
}

/* ---- writes ---- */

struct wctx {
	struct tfm_model *m;
	enum tfm_dynevent_file file;
	int dirfd;
	off_t size;		/* of the file the last lookup found */
};

/* stat() from the writer's cwd, keeping the size for enable's check. */
static int lookup(const char *path, void *data,
		  struct tfm_dynevent_inode *out)
{
	struct wctx *w = data;
	struct stat st;
	int ret = tfm_dynevent_lookup_stat(path, &w->dirfd, out);

	w->size = -1;
	if (!ret && !fstatat(w->dirfd, path, &st, 0))
		w->size = st.st_size;
	return ret;
}

static int run_line(char *line, void *data)
{
	struct wctx *w = data;
	struct tfm_dynevent_err *err = NULL;
	struct tfm_dynevent_cmd cmd;
	int ret;

	w->size = -1;
	ret = tfm_dynevent_parse_line(line, w->file, lookup, w, &cmd, &err);
	log_err(w->m, err);
	tfm_dynevent_err_free(err);
	if (ret)
		return ret;
	if (cmd.kind == TFM_DYNEVENT_CMD_DEFINE) {
		ret = define(w->m, cmd.probe, w->size);
		cmd.probe = NULL;
	} else if (cmd.kind == TFM_DYNEVENT_CMD_REMOVE) {
		ret = remove_cmd(w->m, cmd.removal);
	}
	tfm_dynevent_cmd_clear(&cmd);
	return ret;
}

/* The writer's cwd: relative paths resolve against it. */
static int caller_cwd(void)
{
	pid_t pid = kernfs_current_caller()->pid;
	char path[64];
	int fd;

	if (pid <= 0)
		return AT_FDCWD;
	snprintf(path, sizeof(path), "/proc/%d/cwd", (int)pid);
	fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? AT_FDCWD : fd;
}

/**
 * tfm_dyn_write - one write() to uprobe_events or dynamic_events
 * @m: the model
 * @buf: the bytes written
 * @len: how many
 * @dynamic_events: written to dynamic_events (takes "!..." as removal)
 *
 * Return: @len, or the errno of the first failing line (earlier lines
 * stay applied).
 */
ssize_t tfm_dyn_write(struct tfm_model *m, const char *buf, size_t len,
		      bool dynamic_events)
{
	struct wctx w = {
		.m = m,
		.file = dynamic_events ? TFM_DYNEVENT_DYNAMIC_EVENTS :
					 TFM_DYNEVENT_UPROBE_EVENTS,
		.dirfd = caller_cwd(),
	};
	ssize_t ret;

	g_mutex_lock(&m->dyn_lock);
	ret = tfm_dynevent_run_write(buf, len, run_line, &w);
	g_mutex_unlock(&m->dyn_lock);
	if (w.dirfd >= 0)
		close(w.dirfd);
	return ret;
}

/**
 * tfm_dyn_show - the text of uprobe_events/dynamic_events or uprobe_profile
 * @m: the model
 * @out: appended to
 * @profile: uprobe_profile lines (the model never hits a probe: 0)
 */
void tfm_dyn_show(struct tfm_model *m, GString *out, bool profile)
{
	tfm_lock(m);
	for (guint i = 0; i < m->dyn_probes->len; i++) {
		const struct tfm_dynevent_probe *p = m->dyn_probes->pdata[i];
		g_autofree char *line = profile ?
			tfm_dynevent_profile_line(p, 0) : tfm_dynevent_line(p);

		g_string_append(out, line);
	}
	tfm_unlock(m);
}

/* ---- the control files ---- */

/* Writes are not cut at a page: the parser takes the whole buffer. */
#define WHOLE_WRITE	((size_t)INT_MAX)

static struct tfm_model *model_of(struct kernfs_open_file *of)
{
	return kernfs_root_priv(kernfs_root(of->kn));
}

static int dyn_open(struct kernfs_open_file *of)
{
	return tfm_open_trunc(of) ? tfm_dyn_remove_all(model_of(of)) : 0;
}

static int dyn_show(struct seq_file *sf, void *v, bool profile)
{
	struct kernfs_open_file *of = sf->private;
	g_autoptr(GString) s = g_string_new(NULL);

	tfm_dyn_show(model_of(of), s, profile);
	seq_write(sf, s->str, s->len);
	return 0;
}

static int events_show(struct seq_file *sf, void *v)
{
	return dyn_show(sf, v, false);
}

static int profile_show(struct seq_file *sf, void *v)
{
	return dyn_show(sf, v, true);
}

static ssize_t uprobe_events_write(struct kernfs_open_file *of, char *buf,
				   size_t len, loff_t pos)
{
	return tfm_dyn_write(model_of(of), buf, len, false);
}

static ssize_t dynamic_events_write(struct kernfs_open_file *of, char *buf,
				    size_t len, loff_t pos)
{
	return tfm_dyn_write(model_of(of), buf, len, true);
}

const struct kernfs_ops tfm_uprobe_events_ops = {
	.open = dyn_open,
	.seq_show = events_show,
	.write = uprobe_events_write,
	.atomic_write_len = WHOLE_WRITE,
	.llseek = tfm_seq_llseek,
};

const struct kernfs_ops tfm_dynamic_events_ops = {
	.open = dyn_open,
	.seq_show = events_show,
	.write = dynamic_events_write,
	.atomic_write_len = WHOLE_WRITE,
	.llseek = tfm_seq_llseek,
};

const struct kernfs_ops tfm_uprobe_profile_ops = {
	.seq_show = profile_show,
	.llseek = tfm_seq_llseek,
};
