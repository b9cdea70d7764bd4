/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * datapath.c - the files of a trace array that use its ring buffer
 * (ringbuf.h): trace, trace_pipe, trace_marker, trace_marker_raw,
 * buffer_size_kb, buffer_total_size_kb, free_buffer and the per-CPU files.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>

#include "model-priv.h"
#include "ringbuf.h"
#include "trace-output.h"

static struct tfm_ring *ring_of(struct kernfs_open_file *of)
{
	return tfm_tref_of(of)->ta->ring;
}

/* The data-arrived hook: wake pollers of the trace_pipe files. */
static void ring_notify(void *data, int cpu)
{
	struct tfm_trace_array *ta = data;

	if (ta->pipe_kn)
		kernfs_notify(ta->pipe_kn);
	if (cpu >= 0 && (unsigned int)cpu < ta->m->nr_cpus &&
	    ta->cpu_pipe_kn[cpu])
		kernfs_notify(ta->cpu_pipe_kn[cpu]);
}

/**
 * tfm_data_create - create the ring buffer of @ta
 * @ta: the trace array (the top level starts unexpanded)
 *
 * Return: 0 or -ENOMEM.
 */
int tfm_data_create(struct tfm_trace_array *ta)
{
	ta->cpu_pipe_kn = tfm_zalloc(ta->m, ta->m->nr_cpus *
					    sizeof(*ta->cpu_pipe_kn));
	ta->ring = tfm_ring_new(ta->m->nr_cpus, ta->name != NULL);
	if (!ta->ring || !ta->cpu_pipe_kn)
		return -ENOMEM;
	tfm_ring_set_notify(ta->ring, ring_notify, ta);
	tfm_data_sync_opts(ta);
	return 0;
}

/**
 * tfm_data_shutdown - make blocked and future trace_pipe reads return
 * @ta: the trace array
 */
void tfm_data_shutdown(struct tfm_trace_array *ta)
{
	if (ta && ta->ring)
		tfm_ring_shutdown(ta->ring);
}

/**
 * tfm_data_destroy - free the ring buffer of @ta (its nodes are gone)
 * @ta: the trace array
 */
void tfm_data_destroy(struct tfm_trace_array *ta)
{
	if (ta->ring)
		tfm_ring_set_notify(ta->ring, NULL, NULL);
	tfm_ring_unref(ta->ring);
	ta->ring = NULL;
	tfm_free(ta->m, ta->cpu_pipe_kn);
	ta->cpu_pipe_kn = NULL;
}

/**
 * tfm_data_node_created - remember the trace_pipe nodes (for poll)
 * @ta: the trace array
 * @kn: a file just created
 * @cpu: its CPU for per_cpu files, else -1
 */
void tfm_data_node_created(struct tfm_trace_array *ta, struct kernfs_node *kn,
			   int cpu)
{
	if (strcmp(kn->name, "trace_pipe"))
		return;
	if (cpu < 0)
		ta->pipe_kn = kn;
	else
		ta->cpu_pipe_kn[cpu] = kn;
}

/**
 * tfm_update_buffers - expand the top-level buffer on first use
 * @m: the model (lock not held)
 */
void tfm_update_buffers(struct tfm_model *m)
{
	tfm_ring_expand(m->global->ring);
}

/**
 * tfm_data_sync_opts - pass the output options of @ta to its ring
 * @ta: the trace array (model lock held, or being built)
 */
void tfm_data_sync_opts(struct tfm_trace_array *ta)
{
	struct tfm_trace_opts o;

	tfm_ring_get_trace_opts(ta->ring, &o);
	o.tracer = tfm_tracer_name(ta);
	o.context_info = tfm_option_get(ta, "context-info");
	o.irq_info = tfm_option_get(ta, "irq-info");
	o.record_tgid = tfm_option_get(ta, "record-tgid");
	o.verbose = tfm_option_get(ta, "verbose");
	o.annotate = tfm_option_get(ta, "annotate");
	o.printk_msg_only = tfm_option_get(ta, "printk-msg-only") &&
			    tfm_option_get(ta, "trace_printk");
	tfm_ring_set_trace_opts(ta->ring, &o);
	tfm_ring_set_overwrite(ta->ring, tfm_option_get(ta, "overwrite"));
}

static ssize_t read_gstring(GString *s, char *buf, size_t n, loff_t pos)
{
	ssize_t ret = tfm_read_text(s->str, s->len, buf, n, pos);

	g_string_free(s, TRUE);
	return ret;
}

/* ---- trace, per_cpu/cpuN/trace ---- */

static int trace_open(struct kernfs_open_file *of)
{
	int ret = tfm_open_ref(of);

	if (!ret && tfm_open_trunc(of))
		tfm_ring_reset(ring_of(of), tfm_tref_of(of)->cpu);
	return ret;
}

static int trace_show(struct seq_file *sf, void *v)
{
	struct kernfs_open_file *of = sf->private;
	g_autoptr(GString) s = g_string_new(NULL);

	tfm_ring_print_trace(ring_of(of), tfm_tref_of(of)->cpu, s);
	seq_write(sf, s->str, s->len);
	return 0;
}

/* Data written to `trace` is ignored. */
static ssize_t swallow_write(struct kernfs_open_file *of, char *buf,
			     size_t len, loff_t pos)
{
	return (ssize_t)len;
}

const struct kernfs_ops tfm_trace_ops = {
	.open = trace_open,
	.release = tfm_release_ref,
	.seq_show = trace_show,
	.write = swallow_write,
	.llseek = tfm_seq_llseek,
};

const struct kernfs_ops tfm_cpu_trace_ops = {
	.open = trace_open,
	.release = tfm_release_ref,
	.seq_show = trace_show,
	.write = swallow_write,
	.llseek = tfm_seq_llseek,
};

/* ---- trace_pipe (consuming, exclusive per CPU) ---- */

static uint64_t claim_mask(struct tfm_tref *t)
{
	unsigned int nr = t->ta->m->nr_cpus;

	if (t->cpu >= 0)
		return 1ull << t->cpu;
	return nr >= 64 ? ~0ull : (1ull << nr) - 1;
}

static int pipe_open(struct kernfs_open_file *of)
{
	struct tfm_tref *t = tfm_tref_of(of);
	struct tfm_trace_array *ta = t->ta;
	uint64_t want = claim_mask(t);
	int ret = tfm_open_ref(of);

	if (ret)
		return ret;
	tfm_lock(ta->m);
	if (ta->pipe_claims & want)
		ret = -EBUSY;
	else
		ta->pipe_claims |= want;
	tfm_unlock(ta->m);
	if (!ret) {
		of->priv = tfm_ring_reader_new(ta->ring, t->cpu);
		/* a blocked read gives up when its caller is interrupted */
		tfm_ring_reader_set_pending(of->priv, kernfs_signal_pending);
		of->nonseekable = true;
		return 0;
	}
	tfm_ta_put(ta);
	return ret;
}

static void pipe_release(struct kernfs_open_file *of)
{
	struct tfm_tref *t = tfm_tref_of(of);

	tfm_ring_reader_free(of->priv);
	of->priv = NULL;
	tfm_lock(t->ta->m);
	t->ta->pipe_claims &= ~claim_mask(t);
	tfm_unlock(t->ta->m);
	tfm_ta_put(t->ta);
}

static ssize_t pipe_read(struct kernfs_open_file *of, char *buf, size_t n,
			 loff_t pos)
{
	return tfm_ring_reader_read(of->priv, buf, n,
				    of->flags & O_NONBLOCK);
}

static __poll_t pipe_poll(struct kernfs_open_file *of,
			  struct kernfs_poll_table *pt)
{
	return tfm_ring_reader_poll(of->priv) ? POLLIN | POLLRDNORM : 0;
}

const struct kernfs_ops tfm_trace_pipe_ops = {
	.open = pipe_open,
	.release = pipe_release,
	.read = pipe_read,
	.poll = pipe_poll,
};

const struct kernfs_ops tfm_cpu_trace_pipe_ops = {
	.open = pipe_open,
	.release = pipe_release,
	.read = pipe_read,
	.poll = pipe_poll,
};

/*
 * trace_pipe_raw: the kernel hands out binary sub-buffer pages, which the
 * model's ring does not keep; it reads as an empty buffer (EAGAIN with
 * O_NONBLOCK, else end of file).
 */
static ssize_t pipe_raw_read(struct kernfs_open_file *of, char *buf,
			     size_t n, loff_t pos)
{
	return (of->flags & O_NONBLOCK) ? -EAGAIN : 0;
}

const struct kernfs_ops tfm_trace_pipe_raw_ops = {
	.open = tfm_open_ref,
	.release = tfm_release_ref,
	.read = pipe_raw_read,
};

/* ---- trace_marker, trace_marker_raw ---- */

/* The writer's comm, as /proc shows it, or NULL. */
static char *caller_comm(pid_t pid)
{
	char path[64];
	char *text = NULL;
	gsize len;

	if (pid <= 0)
		return NULL;
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	if (!g_file_get_contents(path, &text, &len, NULL))
		return NULL;
	g_strchomp(text);
	return text;
}

/* The kernel saves comms only while some event is enabled somewhere. */
static bool comm_recorded(struct tfm_model *m)
{
	bool on;

	tfm_lock(m);
	on = tfm_ta_any_event_enabled(m->global);
	for (guint i = 0; !on && i < m->instances->len; i++)
		on = tfm_ta_any_event_enabled(m->instances->pdata[i]);
	tfm_unlock(m);
	return on;
}

static void fill_ctx(struct tfm_trace_array *ta, struct tfm_ring_ctx *ctx,
		     char **comm)
{
	const struct kernfs_caller *c = kernfs_current_caller();

	memset(ctx, 0, sizeof(*ctx));
	ctx->cpu = TFM_RING_ANY_CPU;
	ctx->pid = c->pid;
	ctx->tgid = c->pid;
	ctx->preempt_count = TFM_RING_MARKER_PREEMPT;
	*comm = comm_recorded(ta->m) ? caller_comm(c->pid) : NULL;
	ctx->comm = *comm;
}

static ssize_t marker_write(struct kernfs_open_file *of, char *buf,
			    size_t len, loff_t pos)
{
	struct tfm_trace_array *ta = tfm_tref_of(of)->ta;
	g_autofree char *comm = NULL;
	struct tfm_ring_ctx ctx;
	bool markers;

	tfm_lock(ta->m);
	markers = tfm_option_get(ta, "markers");
	tfm_unlock(ta->m);
	if (!markers)
		return -EINVAL;
	fill_ctx(ta, &ctx, &comm);
	return tfm_ring_write_marker(ta->ring, &ctx, buf, len);
}

const struct kernfs_ops tfm_trace_marker_ops = {
	.open = tfm_open_ref,
	.release = tfm_release_ref,
	.write = marker_write,
};

static ssize_t marker_raw_write(struct kernfs_open_file *of, char *buf,
				size_t len, loff_t pos)
{
	struct tfm_trace_array *ta = tfm_tref_of(of)->ta;
	g_autofree char *comm = NULL;
	struct tfm_ring_ctx ctx;
	bool markers;

	tfm_lock(ta->m);
	markers = tfm_option_get(ta, "markers");
	tfm_unlock(ta->m);
	if (!markers)
		return -EINVAL;
	fill_ctx(ta, &ctx, &comm);
	return tfm_ring_write_raw(ta->ring, &ctx, buf, len);
}

const struct kernfs_ops tfm_trace_marker_raw_ops = {
	.open = tfm_open_ref,
	.release = tfm_release_ref,
	.write = marker_raw_write,
};

/* ---- buffer sizes ---- */

static ssize_t size_read(struct kernfs_open_file *of, char *buf, size_t n,
			 loff_t pos)
{
	GString *s = g_string_new(NULL);

	tfm_ring_print_size_kb(ring_of(of), tfm_tref_of(of)->cpu, s);
	return read_gstring(s, buf, n, pos);
}

static ssize_t size_write(struct kernfs_open_file *of, char *buf, size_t len,
			  loff_t pos)
{
	int ret = tfm_ring_write_size_kb(ring_of(of), tfm_tref_of(of)->cpu,
					 buf, len);

	return ret ? ret : (ssize_t)len;
}

const struct kernfs_ops tfm_buffer_size_ops = {
	.open = tfm_open_ref,
	.release = tfm_release_ref,
	.read = size_read,
	.write = size_write,
};

const struct kernfs_ops tfm_cpu_buffer_size_ops = {
	.open = tfm_open_ref,
	.release = tfm_release_ref,
	.read = size_read,
	.write = size_write,
};

static ssize_t total_read(struct kernfs_open_file *of, char *buf, size_t n,
			  loff_t pos)
{
	GString *s = g_string_new(NULL);

	tfm_ring_print_total_size_kb(ring_of(of), s);
	return read_gstring(s, buf, n, pos);
}

const struct kernfs_ops tfm_buffer_total_ops = {
	.open = tfm_open_ref,
	.release = tfm_release_ref,
	.read = total_read,
};

/* free_buffer: closing any fd of it shrinks the buffer to its minimum. */
static void free_buffer_release(struct kernfs_open_file *of)
{
	struct tfm_trace_array *ta = tfm_tref_of(of)->ta;
	bool disable;

	tfm_lock(ta->m);
	disable = tfm_option_get(ta, "disable_on_free");
	tfm_unlock(ta->m);
	tfm_ring_free_buffer(ta->ring, disable);
	tfm_ta_put(ta);
}

const struct kernfs_ops tfm_free_buffer_ops = {
	.open = tfm_open_ref,
	.release = free_buffer_release,
	.write = swallow_write,
};

/* ---- per_cpu/cpuN/stats ---- */

static ssize_t stats_read(struct kernfs_open_file *of, char *buf, size_t n,
			  loff_t pos)
{
	GString *s = g_string_new(NULL);

	tfm_ring_print_stats(ring_of(of), tfm_tref_of(of)->cpu, s);
	return read_gstring(s, buf, n, pos);
}

const struct kernfs_ops tfm_cpu_stats_ops = {
	.open = tfm_open_ref,
	.release = tfm_release_ref,
	.read = stats_read,
};
