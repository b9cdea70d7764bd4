/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fileops.c - which kernfs_ops each non-eventfs file of a trace array
 * gets (keyed by its name in the captured layout), and the helpers the
 * file implementations share: simple_read_from_buffer, seq_file llseek,
 * trace array references taken at open.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "model-priv.h"

/**
 * tfm_read_text - simple_read_from_buffer() over a rendered text
 * @text: the content
 * @len: its length
 * @buf: destination
 * @n: bytes wanted
 * @pos: file position
 *
 * Return: bytes copied, 0 at or past the end.
 */
ssize_t tfm_read_text(const char *text, size_t len, char *buf, size_t n,
		      loff_t pos)
{
	if (pos < 0)
		return -EINVAL;
	if ((size_t)pos >= len)
		return 0;
	if (n > len - (size_t)pos)
		n = len - (size_t)pos;
	memcpy(buf, text + pos, n);
	return (ssize_t)n;
}

/**
 * tfm_seq_llseek - seq_lseek(): SEEK_END and negative offsets are EINVAL
 * @of: the open file
 * @off: offset
 * @whence: SEEK_SET or SEEK_CUR (relative to 0: the model does not see
 *	    the VFS position)
 *
 * Return: the new position or -EINVAL.
 */
loff_t tfm_seq_llseek(struct kernfs_open_file *of, loff_t off, int whence)
{
	if ((whence != SEEK_SET && whence != SEEK_CUR) || off < 0)
		return -EINVAL;
	return off;
}

/**
 * tfm_tref_of - Return: what a non-eventfs file points to.
 * @of: the open file
 */
struct tfm_tref *tfm_tref_of(const struct kernfs_open_file *of)
{
	return of->kn->priv;
}

/**
 * tfm_open_ref - open: take a trace array reference (tracing_open_generic_tr)
 * @of: the open file
 *
 * Return: 0 or -ENODEV (instance being removed).
 */
int tfm_open_ref(struct kernfs_open_file *of)
{
	return tfm_ta_get(tfm_tref_of(of)->ta);
}

/**
 * tfm_release_ref - release: drop the reference of tfm_open_ref()
 * @of: the open file
 */
void tfm_release_ref(struct kernfs_open_file *of)
{
	tfm_ta_put(tfm_tref_of(of)->ta);
}

/** tfm_open_for_write - Return: whether @of was opened for writing. */
bool tfm_open_for_write(const struct kernfs_open_file *of)
{
	return (of->flags & O_ACCMODE) != O_RDONLY;
}

/** tfm_open_trunc - Return: whether @of is a write open with O_TRUNC. */
bool tfm_open_trunc(const struct kernfs_open_file *of)
{
	return tfm_open_for_write(of) && (of->flags & O_TRUNC);
}

/* ---- files with captured or empty content ---- */

static GBytes *captured(const struct kernfs_open_file *of)
{
	struct tfm_trace_array *ta = tfm_tref_of(of)->ta;
	g_autofree char *path = g_strdup_printf("%s/%s",
		ta->name ? "instance-probe_demo" : "top-level", of->kn->name);

	return tfm_capture_lookup(path);
}

static ssize_t captured_read(struct kernfs_open_file *of, char *buf,
			     size_t n, loff_t pos)
{
	g_autoptr(GBytes) b = captured(of);
	gsize len = 0;
	const char *text = b ? g_bytes_get_data(b, &len) : "";
	ssize_t ret = tfm_read_text(text, len, buf, n, pos);

	/* copied: the capture need not stay resident */
	if (b)
		tfm_capture_release(b);
	return ret;
}

const struct kernfs_ops tfm_captured_ops = {
	.read = captured_read,
};

const struct kernfs_ops tfm_captured_ref_ops = {
	.open = tfm_open_ref,
	.release = tfm_release_ref,
	.read = captured_read,
};

static int empty_show(struct seq_file *sf, void *v)
{
	return 0;
}

const struct kernfs_ops tfm_empty_ops = {
	.seq_show = empty_show,
	.llseek = tfm_seq_llseek,
};

const struct kernfs_ops tfm_empty_ref_ops = {
	.open = tfm_open_ref,
	.release = tfm_release_ref,
	.seq_show = empty_show,
	.llseek = tfm_seq_llseek,
};

/*
 * The function tracer's filter files.  The capture box refused to open
 * them (an LSM policy); a stock kernel lets root read them.  The model has
 * no kernel functions to trace, so they read as on a kernel where nothing
 * is selected, and any function name written is unknown (EINVAL).
 */
static int ftrace_show(struct seq_file *sf, void *v)
{
	struct kernfs_open_file *of = sf->private;
	const char *name = of->kn->name;

	if (!strcmp(name, "set_ftrace_filter"))
		seq_puts(sf, "#### all functions enabled ####\n");
	else if (!strcmp(name, "set_ftrace_pid") ||
		 !strcmp(name, "set_ftrace_notrace_pid"))
		seq_puts(sf, "no pid\n");
	return 0;
}

static ssize_t ftrace_write(struct kernfs_open_file *of, char *buf,
			    size_t len, loff_t pos)
{
	for (size_t i = 0; i < len && buf[i]; i++)
		if (!g_ascii_isspace(buf[i]))
			return -EINVAL;
	return (ssize_t)len;
}

static const struct kernfs_ops ftrace_ops = {
	.open = tfm_open_ref,
	.release = tfm_release_ref,
	.seq_show = ftrace_show,
	.write = ftrace_write,
	.llseek = tfm_seq_llseek,
};

/* ---- the table ---- */

struct file_entry {
	const char *name;
	const struct kernfs_ops *ops;
};

static const struct file_entry top_files[] = {
	{ "README", &tfm_captured_ops },
	{ "available_events", &tfm_available_events_ops },
	{ "available_filter_functions", &tfm_empty_ops },
	{ "available_filter_functions_addrs", &tfm_empty_ops },
	{ "available_tracers", &tfm_available_tracers_ops },
	{ "buffer_percent", &tfm_buffer_percent_ops },
	{ "buffer_size_kb", &tfm_buffer_size_ops },
	{ "buffer_subbuf_size_kb", &tfm_subbuf_ops },
	{ "buffer_total_size_kb", &tfm_buffer_total_ops },
	{ "current_tracer", &tfm_current_tracer_ops },
	{ "dyn_ftrace_total_info", &tfm_empty_ops },
	{ "dynamic_events", &tfm_dynamic_events_ops },
	{ "enabled_functions", &tfm_empty_ops },
	{ "error_log", &tfm_error_log_ops },
	{ "free_buffer", &tfm_free_buffer_ops },
	{ "printk_formats", &tfm_empty_ops },
	{ "saved_cmdlines", &tfm_empty_ops },
	{ "saved_cmdlines_size", &tfm_saved_cmdlines_size_ops },
	{ "saved_tgids", &tfm_empty_ops },
	{ "set_event", &tfm_set_event_ops },
	{ "set_event_notrace_pid", &tfm_set_event_notrace_pid_ops },
	{ "set_event_pid", &tfm_set_event_pid_ops },
	{ "set_ftrace_filter", &ftrace_ops },
	{ "set_ftrace_notrace", &ftrace_ops },
	{ "set_ftrace_notrace_pid", &ftrace_ops },
	{ "set_ftrace_pid", &ftrace_ops },
	{ "timestamp_mode", &tfm_timestamp_mode_ops },
	{ "touched_functions", &tfm_empty_ops },
	{ "trace", &tfm_trace_ops },
	{ "trace_clock", &tfm_trace_clock_ops },
	{ "trace_marker", &tfm_trace_marker_ops },
	{ "trace_marker_raw", &tfm_trace_marker_raw_ops },
	{ "trace_options", &tfm_trace_options_ops },
	{ "trace_pipe", &tfm_trace_pipe_ops },
	{ "tracing_cpumask", &tfm_cpumask_ops },
	{ "tracing_on", &tfm_tracing_on_ops },
	{ "tracing_thresh", &tfm_tracing_thresh_ops },
	{ "uprobe_events", &tfm_uprobe_events_ops },
	{ "uprobe_profile", &tfm_uprobe_profile_ops },
};

static const struct file_entry cpu_files[] = {
	{ "buffer_size_kb", &tfm_cpu_buffer_size_ops },
	{ "stats", &tfm_cpu_stats_ops },
	{ "trace", &tfm_cpu_trace_ops },
	{ "trace_pipe", &tfm_cpu_trace_pipe_ops },
	{ "trace_pipe_raw", &tfm_trace_pipe_raw_ops },
};

static const struct kernfs_ops *find(const struct file_entry *t, size_t n,
				     const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].name, name))
			return t[i].ops;
	return NULL;
}

/**
 * tfm_file_ops - the ops of a non-eventfs file
 * @relpath: its path in the trace array ("tracing_on", "options/hex") or,
 *	     with @per_cpu, its name in per_cpu/cpuN/
 * @per_cpu: a per_cpu/cpuN/ file
 * @option: an options/ file
 *
 * Files the model does not know (another kernel's capture) serve their
 * captured content, if any, read-only.
 *
 * Return: the ops (never NULL).
 */
const struct kernfs_ops *tfm_file_ops(const char *relpath, bool per_cpu,
				      bool option)
{
	const struct kernfs_ops *ops;

	if (option)
		return &tfm_option_file_ops;
	if (per_cpu)
		ops = find(cpu_files, G_N_ELEMENTS(cpu_files), relpath);
	else
		ops = find(top_files, G_N_ELEMENTS(top_files), relpath);
	return ops ? ops : &tfm_captured_ops;
}
