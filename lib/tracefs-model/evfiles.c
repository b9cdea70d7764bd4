/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * evfiles.c - the files of events/: enable (event, system, all), filter
 * (event, system), trigger, format, id, header_page, header_event.
 *
 * A file's node priv is its directory's (trace array, system or event);
 * the trace array is the events root's priv (tfm_events_ta()).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model-priv.h"
#include "setevent.h"

/* Levels below events/ of the files of each directory kind. */
#define DEPTH_ROOT	1
#define DEPTH_SYS	2
#define DEPTH_EVENT	3

static int open_ref(struct kernfs_open_file *of, int depth)
{
	return tfm_ta_get(tfm_events_ta(of->kn, depth));
}

static int root_open(struct kernfs_open_file *of)
{
	return open_ref(of, DEPTH_ROOT);
}

static void root_release(struct kernfs_open_file *of)
{
	tfm_ta_put(tfm_events_ta(of->kn, DEPTH_ROOT));
}

static int sys_open(struct kernfs_open_file *of)
{
	of->priv = NULL;
	return open_ref(of, DEPTH_SYS);
}

/*
 * Released: at close, or when a dynamic group's directory went away with
 * the file open.  The file then keeps answering (orphan_ok) without
 * touching the group: of->priv says so.
 */
#define SYS_ORPHANED	((void *)1)

static void sys_release(struct kernfs_open_file *of)
{
	struct tfm_trace_array *ta = tfm_events_ta(of->kn, DEPTH_SYS);

	tfm_lock(ta->m);
	of->priv = SYS_ORPHANED;
	tfm_unlock(ta->m);
	tfm_ta_put(ta);
}

/* Whether @of's group is gone; if not, the model lock is taken. */
static bool sys_lock_live(struct kernfs_open_file *of)
{
	struct tfm_model *m = kernfs_root_priv(kernfs_root(of->kn));

	tfm_lock(m);
	if (of->priv != SYS_ORPHANED)
		return true;
	tfm_unlock(m);
	return false;
}

static int ev_open(struct kernfs_open_file *of)
{
	return open_ref(of, DEPTH_EVENT);
}

static void ev_release(struct kernfs_open_file *of)
{
	tfm_ta_put(tfm_events_ta(of->kn, DEPTH_EVENT));
}

static ssize_t read_gstring(GString *s, char *buf, size_t n, loff_t pos)
{
	ssize_t ret = tfm_read_text(s->str, s->len, buf, n, pos);

	g_string_free(s, TRUE);
	return ret;
}

/* ---- event enable ---- */

static ssize_t ev_enable_read(struct kernfs_open_file *of, char *buf,
			      size_t n, loff_t pos)
{
	struct tfm_trace_array *ta = tfm_events_ta(of->kn, DEPTH_EVENT);
	char text[4];

	tfm_lock(ta->m);
	tfm_ev_enable_string(tfm_ev_flags(ta, of->kn->priv), text);
	tfm_unlock(ta->m);
	return tfm_read_text(text, strlen(text), buf, n, pos);
}

static ssize_t ev_enable_write(struct kernfs_open_file *of, char *buf,
			       size_t len, loff_t pos)
{
	struct tfm_trace_array *ta = tfm_events_ta(of->kn, DEPTH_EVENT);
	bool val;
	int ret = tfm_parse_bool01(buf, len, &val);

	if (ret)
		return ret;
	tfm_update_buffers(ta->m);
	tfm_lock(ta->m);
	ret = tfm_ev_enable_disable(ta, of->kn->priv, val, false);
	tfm_unlock(ta->m);
	return ret ? ret : (ssize_t)len;
}

const struct kernfs_ops tfm_ev_enable_ops = {
	.open = ev_open,
	.release = ev_release,
	.read = ev_enable_read,
	.write = ev_enable_write,
};

/* ---- system and all-events enable ---- */

/* '?' no events, '0' all off, '1' all on, 'X' mixed. */
static char enable_char(struct tfm_trace_array *ta,
			const struct tfm_system *only)
{
	static const char set_to_char[4] = { '?', '0', '1', 'X' };
	const struct tfm_event *ev;
	unsigned int set = 0;
	size_t i;

	for (i = 0; (ev = only ? tfm_sys_event_at(ta, only, i) :
			    tfm_event_at(ta->m, i)); i++) {
		if (!tfm_ev_can_enable(ev))
			continue;
		set |= 1u << !!(tfm_ev_flags(ta, ev) & TFM_EVF_ENABLED);
		if (set == 3)
			break;
	}
	return set_to_char[set];
}

static ssize_t group_read(struct tfm_trace_array *ta,
			  const struct tfm_system *sys, char *buf, size_t n,
			  loff_t pos)
{
	char text[3] = { 0, '\n', 0 };

	tfm_lock(ta->m);
	text[0] = enable_char(ta, sys);
	tfm_unlock(ta->m);
	return tfm_read_text(text, 2, buf, n, pos);
}

/* A system enable whose group went away reads "?" (no events). */
static ssize_t sys_enable_read(struct kernfs_open_file *of, char *buf,
			       size_t n, loff_t pos)
{
	char text[3] = { 0, '\n', 0 };
	struct tfm_trace_array *ta;

	if (!sys_lock_live(of))
		return tfm_read_text("?\n", 2, buf, n, pos);
	ta = tfm_events_ta(of->kn, DEPTH_SYS);
	text[0] = enable_char(ta, of->kn->priv);
	tfm_unlock(ta->m);
	return tfm_read_text(text, 2, buf, n, pos);
}

static ssize_t group_write(struct tfm_trace_array *ta,
			   const struct tfm_system *sys, const char *buf,
			   size_t len)
{
	bool val;
	int ret = tfm_parse_bool01(buf, len, &val);

	if (ret)
		return ret;
	tfm_update_buffers(ta->m);
	tfm_lock(ta->m);
	ret = tfm_ev_set_clr(ta, NULL, sys ? sys->name : NULL, NULL, val);
	tfm_unlock(ta->m);
	return ret ? ret : (ssize_t)len;
}

static ssize_t sys_enable_write(struct kernfs_open_file *of, char *buf,
				size_t len, loff_t pos)
{
	struct tfm_model *m = kernfs_root_priv(kernfs_root(of->kn));
	bool gone;

	/* nothing to enable any more: the kernel's "no events" EINVAL */
	if (!sys_lock_live(of))
		return -EINVAL;
	gone = !tfm_sys_event_at(tfm_events_ta(of->kn, DEPTH_SYS),
				 of->kn->priv, 0);
	tfm_unlock(m);
	if (gone)
		return -EINVAL;
	return group_write(tfm_events_ta(of->kn, DEPTH_SYS), of->kn->priv, buf,
			   len);
}

const struct kernfs_ops tfm_sys_enable_ops = {
	.open = sys_open,
	.release = sys_release,
	.read = sys_enable_read,
	.write = sys_enable_write,
	.orphan_ok = true,
};

static ssize_t all_enable_read(struct kernfs_open_file *of, char *buf,
			       size_t n, loff_t pos)
{
	return group_read(tfm_events_ta(of->kn, DEPTH_ROOT), NULL, buf, n, pos);
}

static ssize_t all_enable_write(struct kernfs_open_file *of, char *buf,
				size_t len, loff_t pos)
{
	return group_write(tfm_events_ta(of->kn, DEPTH_ROOT), NULL, buf, len);
}

const struct kernfs_ops tfm_all_enable_ops = {
	.open = root_open,
	.release = root_release,
	.read = all_enable_read,
	.write = all_enable_write,
};

/* ---- filters ---- */

static ssize_t ev_filter_read(struct kernfs_open_file *of, char *buf,
			      size_t n, loff_t pos)
{
	struct tfm_trace_array *ta = tfm_events_ta(of->kn, DEPTH_EVENT);
	GString *s;

	if (pos)
		return 0;
	s = g_string_new(NULL);
	tfm_lock(ta->m);
	tfm_ev_filter_show(ta, of->kn->priv, s);
	tfm_unlock(ta->m);
	return read_gstring(s, buf, n, 0);
}

static ssize_t ev_filter_write(struct kernfs_open_file *of, char *buf,
			       size_t len, loff_t pos)
{
	struct tfm_trace_array *ta = tfm_events_ta(of->kn, DEPTH_EVENT);
	int ret;

	tfm_lock(ta->m);
	ret = tfm_ev_filter_write(ta, of->kn->priv, buf, len);
	tfm_unlock(ta->m);
	return ret ? ret : (ssize_t)len;
}

const struct kernfs_ops tfm_ev_filter_ops = {
	.open = ev_open,
	.release = ev_release,
	.read = ev_filter_read,
	.write = ev_filter_write,
};

/* A system filter whose group went away reads the bare banner. */
static ssize_t sys_filter_read(struct kernfs_open_file *of, char *buf,
			       size_t n, loff_t pos)
{
	struct tfm_trace_array *ta;
	GString *s;

	if (pos)
		return 0;
	s = g_string_new(NULL);
	if (!sys_lock_live(of)) {
		tfm_sys_filter_banner(s);
		return read_gstring(s, buf, n, 0);
	}
	ta = tfm_events_ta(of->kn, DEPTH_SYS);
	tfm_sys_filter_show(ta, of->kn->priv, s);
	tfm_unlock(ta->m);
	return read_gstring(s, buf, n, 0);
}

static ssize_t sys_filter_write(struct kernfs_open_file *of, char *buf,
				size_t len, loff_t pos)
{
	struct tfm_trace_array *ta;
	int ret;

	if (!sys_lock_live(of))
		return -ENODEV;
	ta = tfm_events_ta(of->kn, DEPTH_SYS);
	ret = tfm_sys_filter_write(ta, of->kn->priv, buf, len);
	tfm_unlock(ta->m);
	return ret ? ret : (ssize_t)len;
}

const struct kernfs_ops tfm_sys_filter_ops = {
	.open = sys_open,
	.release = sys_release,
	.read = sys_filter_read,
	.write = sys_filter_write,
	.orphan_ok = true,
};

/* ---- trigger (does not pin the instance) ---- */

static int trigger_show(struct seq_file *sf, void *v)
{
	struct kernfs_open_file *of = sf->private;
	struct tfm_trace_array *ta = tfm_events_ta(of->kn, DEPTH_EVENT);
	g_autoptr(GString) s = g_string_new(NULL);

	tfm_lock(ta->m);
	tfm_ev_trigger_show(ta, of->kn->priv, s);
	tfm_unlock(ta->m);
	seq_write(sf, s->str, s->len);
	return 0;
}

static ssize_t trigger_write(struct kernfs_open_file *of, char *buf,
			     size_t len, loff_t pos)
{
	struct tfm_trace_array *ta = tfm_events_ta(of->kn, DEPTH_EVENT);
	ssize_t ret;

	tfm_lock(ta->m);
	ret = tfm_ev_trigger_write(ta, of->kn->priv, buf, len);
	tfm_unlock(ta->m);
	return ret;
}

const struct kernfs_ops tfm_ev_trigger_ops = {
	.seq_show = trigger_show,
	.write = trigger_write,
	.llseek = tfm_seq_llseek,
};

/* ---- format, id ---- */

static int format_show(struct seq_file *sf, void *v)
{
	struct kernfs_open_file *of = sf->private;
	const struct tfm_event *ev = of->kn->priv;

	seq_write(sf, ev->format, ev->format_len);
	return 0;
}

const struct kernfs_ops tfm_ev_format_ops = {
	.seq_show = format_show,
	.llseek = tfm_seq_llseek,
};

/* The number itself is kept in the open file: it outlives the event. */
static int id_open(struct kernfs_open_file *of)
{
	const struct tfm_event *ev = of->kn->priv;

	of->priv = GUINT_TO_POINTER(ev->id);
	return 0;
}

static ssize_t id_read(struct kernfs_open_file *of, char *buf, size_t n,
		       loff_t pos)
{
	char text[16];
	int len = snprintf(text, sizeof(text), "%u\n",
			   GPOINTER_TO_UINT(of->priv));

	return tfm_read_text(text, (size_t)len, buf, n, pos);
}

const struct kernfs_ops tfm_ev_id_ops = {
	.open = id_open,
	.read = id_read,
	.orphan_ok = true,
};

/* hist, hist_debug, inject: only with configs the modelled kernel lacks */
const struct kernfs_ops tfm_ev_stub_ops = {
	.open = id_open,
	.read = id_read,
};

/* ---- header_page, header_event ---- */

static ssize_t header_read(const char *name, char *buf, size_t n, loff_t pos)
{
	g_autoptr(GBytes) b = NULL;
	gsize len = 0;
	const char *text;
	ssize_t ret;

	if (pos)
		return 0;
	b = tfm_capture_lookup(name);
	text = b ? g_bytes_get_data(b, &len) : "";
	ret = tfm_read_text(text, len, buf, n, 0);
	if (b)
		tfm_capture_release(b);	/* copied */
	return ret;
}

static ssize_t header_page_read(struct kernfs_open_file *of, char *buf,
				size_t n, loff_t pos)
{
	return header_read("header_page", buf, n, pos);
}

static ssize_t header_event_read(struct kernfs_open_file *of, char *buf,
				 size_t n, loff_t pos)
{
	return header_read("header_event", buf, n, pos);
}

const struct kernfs_ops tfm_header_page_ops = {
	.open = root_open,
	.release = root_release,
	.read = header_page_read,
};

const struct kernfs_ops tfm_header_event_ops = {
	.open = root_open,
	.release = root_release,
	.read = header_event_read,
};
