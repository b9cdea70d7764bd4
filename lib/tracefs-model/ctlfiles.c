/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ctlfiles.c - the small control files of a trace array: tracing_on,
 * current_tracer, available_tracers, trace_clock, timestamp_mode,
 * buffer_percent, buffer_subbuf_size_kb, tracing_cpumask, tracing_thresh,
 * saved_cmdlines_size.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model-priv.h"
#include "ringbuf.h"
#include "setevent.h"

#define MAX_TRACER_SIZE		100
#define PID_MAX_DEFAULT		32768

static struct tfm_trace_array *ta_of(struct kernfs_open_file *of)
{
	return tfm_tref_of(of)->ta;
}

static ssize_t read_fmt(char *buf, size_t n, loff_t pos, const char *fmt, ...)
	G_GNUC_PRINTF(4, 5);

static ssize_t read_fmt(char *buf, size_t n, loff_t pos, const char *fmt, ...)
{
	char tmp[128];
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	return tfm_read_text(tmp, (size_t)len, buf, n, pos);
}

/* ---- tracing_on ---- */

static ssize_t tracing_on_read(struct kernfs_open_file *of, char *buf,
			       size_t n, loff_t pos)
{
	return read_fmt(buf, n, pos, "%d\n", tfm_ring_is_on(ta_of(of)->ring));
}

static ssize_t tracing_on_write(struct kernfs_open_file *of, char *buf,
				size_t len, loff_t pos)
{
	unsigned long val;
	int ret = tfm_kstrtoul_from_user(buf, len, 10, &val);

	if (ret)
		return ret;
	tfm_ring_set_on(ta_of(of)->ring, val != 0);
	return (ssize_t)len;
}

const struct kernfs_ops tfm_tracing_on_ops = {
	.open = tfm_open_ref,
	.release = tfm_release_ref,
	.read = tracing_on_read,
	.write = tracing_on_write,
};

/* ---- current_tracer, available_tracers ---- */

/**
 * tfm_tracer_name - Return: the current tracer of @ta ("nop" ...).
 * @ta: the trace array (model lock held)
 */
const char *tfm_tracer_name(const struct tfm_trace_array *ta)
{
	return ta->m->tracers[ta->tracer];
}

static ssize_t cur_tracer_read(struct kernfs_open_file *of, char *buf,
			       size_t n, loff_t pos)
{
	struct tfm_trace_array *ta = ta_of(of);
	char name[64];

	tfm_lock(ta->m);
	g_strlcpy(name, tfm_tracer_name(ta), sizeof(name));
	tfm_unlock(ta->m);
	return read_fmt(buf, n, pos, "%s\n", name);
}

static int tracer_index(struct tfm_trace_array *ta, const char *name)
{
	char **allowed = ta->name ? ta->m->inst_tracers : ta->m->tracers;

	if (!g_strv_contains((const char *const *)allowed, name))
		return -EINVAL;
	for (int i = 0; ta->m->tracers[i]; i++)
		if (!strcmp(ta->m->tracers[i], name))
			return i;
	return -EINVAL;
}

static ssize_t cur_tracer_write(struct kernfs_open_file *of, char *buf,
				size_t len, loff_t pos)
{
	struct tfm_trace_array *ta = ta_of(of);
	size_t cnt = len > MAX_TRACER_SIZE ? MAX_TRACER_SIZE : len;
	g_autofree char *name = tfm_strim_dup(buf, cnt, MAX_TRACER_SIZE);
	int idx = tracer_index(ta, name);

	if (idx < 0)
		return idx;
	tfm_update_buffers(ta->m);
	tfm_lock(ta->m);
	ta->tracer = (unsigned int)idx;
	tfm_data_sync_opts(ta);
	tfm_unlock(ta->m);
	return (ssize_t)cnt;
}

const struct kernfs_ops tfm_current_tracer_ops = {
	.open = tfm_open_ref,
	.release = tfm_release_ref,
	.read = cur_tracer_read,
	.write = cur_tracer_write,
};

static int avail_tracers_show(struct seq_file *sf, void *v)
{
	struct kernfs_open_file *of = sf->private;
	struct tfm_trace_array *ta = ta_of(of);
	char **list = ta->name ? ta->m->inst_tracers : ta->m->tracers;

	for (int i = 0; list[i]; i++)
		seq_printf(sf, "%s%s", i ? " " : "", list[i]);
	seq_putc(sf, '\n');
	return 0;
}

const struct kernfs_ops tfm_available_tracers_ops = {
	.seq_show = avail_tracers_show,
	.llseek = tfm_seq_llseek,
};

/* ---- trace_clock, timestamp_mode ---- */

static int clock_show(struct seq_file *sf, void *v)
{
	struct kernfs_open_file *of = sf->private;
	g_autoptr(GString) s = g_string_new(NULL);

	tfm_ring_print_clock(ta_of(of)->ring, s);
	seq_write(sf, s->str, s->len);
	return 0;
}

static ssize_t clock_write(struct kernfs_open_file *of, char *buf,
			   size_t len, loff_t pos)
{
	int ret = tfm_ring_write_clock(ta_of(of)->ring, buf, len);

	return ret ? ret : (ssize_t)len;
}

const struct kernfs_ops tfm_trace_clock_ops = {
	.open = tfm_open_ref,
	.release = tfm_release_ref,
	.seq_show = clock_show,
	.write = clock_write,
	.llseek = tfm_seq_llseek,
};

static int ts_mode_show(struct seq_file *sf, void *v)
{
	seq_puts(sf, "[delta] absolute\n");
	return 0;
}

const struct kernfs_ops tfm_timestamp_mode_ops = {
	.open = tfm_open_ref,
	.release = tfm_release_ref,
	.seq_show = ts_mode_show,
	.llseek = tfm_seq_llseek,
};

/* ---- buffer_percent, buffer_subbuf_size_kb ---- */

static ssize_t percent_read(struct kernfs_open_file *of, char *buf, size_t n,
			    loff_t pos)
{
	struct tfm_trace_array *ta = ta_of(of);
	unsigned int v;

	tfm_lock(ta->m);
	v = ta->buffer_percent;
	tfm_unlock(ta->m);
	return read_fmt(buf, n, pos, "%u\n", v);
}

static ssize_t percent_write(struct kernfs_open_file *of, char *buf,
			     size_t len, loff_t pos)
{
	struct tfm_trace_array *ta = ta_of(of);
	unsigned long val;
	int ret = tfm_kstrtoul_from_user(buf, len, 10, &val);

	if (ret)
		return ret;
	if (val > 100)
		return -EINVAL;
	tfm_lock(ta->m);
	ta->buffer_percent = (unsigned int)val;
	tfm_unlock(ta->m);
	return (ssize_t)len;
}

const struct kernfs_ops tfm_buffer_percent_ops = {
	.open = tfm_open_ref,
	.release = tfm_release_ref,
	.read = percent_read,
	.write = percent_write,
};

static ssize_t subbuf_read(struct kernfs_open_file *of, char *buf, size_t n,
			   loff_t pos)
{
	struct tfm_trace_array *ta = ta_of(of);
	unsigned int v;

	tfm_lock(ta->m);
	v = ta->subbuf_kb;
	tfm_unlock(ta->m);
	return read_fmt(buf, n, pos, "%u\n", v);
}

static ssize_t subbuf_write(struct kernfs_open_file *of, char *buf,
			    size_t len, loff_t pos)
{
	struct tfm_trace_array *ta = ta_of(of);
	unsigned long val, pages;
	int ret = tfm_kstrtoul_from_user(buf, len, 10, &val), order;

	if (ret)
		return ret;
	pages = (val + 3) / 4;
	order = pages ? (pages == 1 ? 0 : 64 - __builtin_clzl(pages - 1)) : 64;
	if (order > 7)
		return -EINVAL;
	tfm_lock(ta->m);
	ta->subbuf_kb = 4u << order;
	tfm_unlock(ta->m);
	return (ssize_t)len;
}

const struct kernfs_ops tfm_subbuf_ops = {
	.open = tfm_open_ref,
	.release = tfm_release_ref,
	.read = subbuf_read,
	.write = subbuf_write,
};

/* ---- tracing_cpumask ---- */

/* The kernel's "%*pb": hex in 32-bit groups separated by commas. */
static void format_mask(uint64_t mask, unsigned int nbits, char *out,
			size_t size)
{
	if (nbits > 32)
		snprintf(out, size, "%x,%08x\n", (unsigned int)(mask >> 32),
			 (unsigned int)mask);
	else
		snprintf(out, size, "%x\n", (unsigned int)mask);
}

static ssize_t cpumask_read(struct kernfs_open_file *of, char *buf, size_t n,
			    loff_t pos)
{
	struct tfm_trace_array *ta = ta_of(of);
	char text[32];

	tfm_lock(ta->m);
	format_mask(ta->cpumask, ta->m->nr_cpus, text, sizeof(text));
	tfm_unlock(ta->m);
	return tfm_read_text(text, strlen(text), buf, n, pos);
}

/* bitmap_parse(): comma-separated 32-bit hex chunks, one trailing '\n'. */
static int parse_mask(const char *buf, size_t len, uint64_t *mask)
{
	g_autofree char *s = g_strndup(buf, len);
	g_auto(GStrv) chunks = NULL;
	size_t n, l = strlen(s);
	uint64_t v = 0;

	if (l && s[l - 1] == '\n')
		s[--l] = '\0';
	if (!l)
		return -EINVAL;
	chunks = g_strsplit(s, ",", -1);
	n = g_strv_length(chunks);
	for (size_t i = 0; i < n; i++) {
		const char *c = chunks[i];
		size_t cl = strlen(c);

		if (!cl || cl > 8 || strspn(c, "0123456789abcdefABCDEF") != cl)
			return -EINVAL;
		if (n - i > 2 && strtoul(c, NULL, 16))
			return -EOVERFLOW;
		if (n - i <= 2)
			v = (v << 32) | strtoul(c, NULL, 16);
	}
	*mask = v;
	return 0;
}

static ssize_t cpumask_write(struct kernfs_open_file *of, char *buf,
			     size_t len, loff_t pos)
{
	struct tfm_trace_array *ta = ta_of(of);
	unsigned int nr = ta->m->nr_cpus;
	uint64_t mask;
	int ret = parse_mask(buf, len, &mask);

	if (ret)
		return ret;
	tfm_lock(ta->m);
	ta->cpumask = nr >= 64 ? mask : mask & ((1ull << nr) - 1);
	tfm_unlock(ta->m);
	return (ssize_t)len;
}

const struct kernfs_ops tfm_cpumask_ops = {
	.open = tfm_open_ref,
	.release = tfm_release_ref,
	.read = cpumask_read,
	.write = cpumask_write,
};

/* ---- tracing_thresh (top level; microseconds) ---- */

static ssize_t thresh_read(struct kernfs_open_file *of, char *buf, size_t n,
			   loff_t pos)
{
	struct tfm_trace_array *ta = ta_of(of);
	unsigned long v;

	tfm_lock(ta->m);
	v = ta->tracing_thresh;
	tfm_unlock(ta->m);
	return read_fmt(buf, n, pos, "%lu\n", v);
}

static ssize_t thresh_write(struct kernfs_open_file *of, char *buf,
			    size_t len, loff_t pos)
{
	struct tfm_trace_array *ta = ta_of(of);
	unsigned long val;
	int ret = tfm_kstrtoul_from_user(buf, len, 10, &val);

	if (ret)
		return ret;
	tfm_lock(ta->m);
	ta->tracing_thresh = val;
	tfm_unlock(ta->m);
	return (ssize_t)len;
}

const struct kernfs_ops tfm_tracing_thresh_ops = {
	.open = tfm_open_ref,
	.release = tfm_release_ref,
	.read = thresh_read,
	.write = thresh_write,
};

/* ---- saved_cmdlines_size ---- */

/* The kernel rounds the slot count up to fill its page allocation. */
static unsigned int cmdlines_round(unsigned long val)
{
	const unsigned long header = 131096, slot = 20;
	unsigned long size = header + val * slot, pages = (size + 4095) / 4096;
	unsigned long alloc = 4096;

	while (alloc < pages * 4096)
		alloc <<= 1;
	return (unsigned int)((alloc - header) / slot);
}

static ssize_t cmdlines_read(struct kernfs_open_file *of, char *buf,
			     size_t n, loff_t pos)
{
	struct tfm_model *m = ta_of(of)->m;
	unsigned int v;

	tfm_lock(m);
	v = m->saved_cmdlines_size;
	tfm_unlock(m);
	return read_fmt(buf, n, pos, "%u\n", v);
}

static ssize_t cmdlines_write(struct kernfs_open_file *of, char *buf,
			      size_t len, loff_t pos)
{
	struct tfm_model *m = ta_of(of)->m;
	unsigned long val;
	int ret = tfm_kstrtoul_from_user(buf, len, 10, &val);

	if (ret)
		return ret;
	if (!val || val > PID_MAX_DEFAULT)
		return -EINVAL;
	tfm_lock(m);
	m->saved_cmdlines_size = cmdlines_round(val);
	tfm_unlock(m);
	return (ssize_t)len;
}

const struct kernfs_ops tfm_saved_cmdlines_size_ops = {
	.read = cmdlines_read,
	.write = cmdlines_write,
};
