/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * trace-output.c - text of Linux 6.18 trace files: pure rendering helpers,
 * then the file handlers that need the buffer (buffer_size_kb,
 * trace_clock, trace, stats) and the consuming trace_pipe reader.
 */
#define TFM_RING_INTERNAL
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "trace-output.h"

#define SEQ_BUFFER_SIZE	8156	/* TRACE_SEQ_BUFFER_SIZE on x86_64 */

struct clock_desc {
	const char *name;
	bool in_ns;
};

static const struct clock_desc clocks[TFM_CLOCK_NR] = {
	[TFM_CLOCK_LOCAL]	= { "local", true },
	[TFM_CLOCK_GLOBAL]	= { "global", true },
	[TFM_CLOCK_COUNTER]	= { "counter", false },
	[TFM_CLOCK_UPTIME]	= { "uptime", false },
	[TFM_CLOCK_PERF]	= { "perf", true },
	[TFM_CLOCK_MONO]	= { "mono", true },
	[TFM_CLOCK_MONO_RAW]	= { "mono_raw", true },
	[TFM_CLOCK_BOOT]	= { "boot", true },
	[TFM_CLOCK_TAI]		= { "tai", true },
	[TFM_CLOCK_X86_TSC]	= { "x86-tsc", false },
};

/* Fill @opts with the 6.18 defaults (see trace-output.h). */
void tfm_trace_opts_init(struct tfm_trace_opts *opts)
{
	*opts = (struct tfm_trace_opts) {
		.tracer = "nop",
		.context_info = true,
		.irq_info = true,
		.annotate = true,
	};
}

/* Return: the trace_clock name of @clock, or NULL. */
const char *tfm_trace_clock_name(enum tfm_ring_clock clock)
{
	if ((unsigned int)clock >= TFM_CLOCK_NR)
		return NULL;
	return clocks[clock].name;
}

/* Return: the clock named exactly @name (@len bytes), or -1. */
int tfm_trace_clock_lookup(const char *name, size_t len)
{
	for (int i = 0; i < TFM_CLOCK_NR; i++) {
		if (strlen(clocks[i].name) == len &&
		    memcmp(clocks[i].name, name, len) == 0)
			return i;
	}
	return -1;
}

/* Return: whether @clock counts nanoseconds. */
bool tfm_trace_clock_in_ns(enum tfm_ring_clock clock)
{
	if ((unsigned int)clock >= TFM_CLOCK_NR)
		return true;
	return clocks[clock].in_ns;
}

/* Append the trace_clock text with @current bracketed. */
void tfm_trace_print_clock(GString *out, enum tfm_ring_clock current)
{
	for (int i = 0; i < TFM_CLOCK_NR; i++) {
		bool sel = i == (int)current;

		g_string_append_printf(out, "%s%s%s%s", i ? " " : "",
				       sel ? "[" : "", clocks[i].name,
				       sel ? "]" : "");
	}
	g_string_append_c(out, '\n');
}

static void print_help_irq(GString *out, bool tgid)
{
	static const char space[] = "            ";
	int prec = tgid ? 12 : 2;
	static const char *const tails[] = {
		"  _-----=> irqs-off/BH-disabled",
		" / _----=> need-resched",
		"| / _---=> hardirq/softirq",
		"|| / _--=> preempt-depth",
		"||| / _-=> migrate-disable",
		"|||| /     delay",
	};

	for (size_t i = 0; i < G_N_ELEMENTS(tails); i++)
		g_string_append_printf(out, "#                            %.*s%s\n",
				       prec, space, tails[i]);
	g_string_append_printf(out,
		"#           TASK-PID  %.*s CPU#  |||||  TIMESTAMP  FUNCTION\n",
		prec, "     TGID   ");
	g_string_append_printf(out,
		"#              | |    %.*s   |   |||||     |         |\n",
		prec, "       |    ");
}

static void print_help_plain(GString *out, bool tgid)
{
	g_string_append_printf(out,
		"#           TASK-PID    %s CPU#     TIMESTAMP  FUNCTION\n",
		tgid ? "   TGID   " : "");
	g_string_append_printf(out,
		"#              | |      %s   |         |         |\n",
		tgid ? "     |    " : "");
}

/**
 * tfm_trace_print_header() - the header of the `trace` file.
 * @out: appended to
 * @opts: output options (tracer name, context-info, irq-info, ...)
 * @entries: entries in the buffer
 * @written: entries written (in the buffer plus overrun)
 * @nr_cpus: the "#P:" value
 */
void tfm_trace_print_header(GString *out, const struct tfm_trace_opts *opts,
			    unsigned long entries, unsigned long written,
			    unsigned int nr_cpus)
{
	g_string_append_printf(out, "# tracer: %s\n#\n",
			       opts->tracer ? opts->tracer : "nop");
	if (!opts->context_info || opts->verbose)
		return;
	g_string_append_printf(out,
		"# entries-in-buffer/entries-written: %lu/%lu   #P:%u\n#\n",
		entries, written, nr_cpus);
	if (opts->irq_info)
		print_help_irq(out, opts->record_tgid);
	else
		print_help_plain(out, opts->record_tgid);
}

/* Append "%5lu.%06lu" of @ns rounded like ns2usecs(). */
void tfm_trace_print_ns(GString *out, uint64_t ns, bool lead)
{
	uint64_t us = (ns + 500) / 1000;

	g_string_append_printf(out, "%s%5" PRIu64 ".%06" PRIu64,
			       lead ? " " : "", us / 1000000, us % 1000000);
}

static char need_resched_char(unsigned int flags)
{
	unsigned int nr = TFM_TRACE_FLAG_NEED_RESCHED;
	unsigned int lazy = TFM_TRACE_FLAG_NEED_RESCHED_LAZY;
	unsigned int pr = TFM_TRACE_FLAG_PREEMPT_RESCHED;
	unsigned int f = flags & (nr | lazy | pr);

	if (f == (nr | lazy | pr))
		return 'B';
	if (f == (nr | pr))
		return 'N';
	if (f == (lazy | pr))
		return 'L';
	if (f == (nr | lazy))
		return 'b';
	if (f == nr)
		return 'n';
	if (f == pr)
		return 'p';
	if (f == lazy)
		return 'l';
	return '.';
}

static char hardsoft_char(unsigned int flags)
{
	bool nmi = flags & TFM_TRACE_FLAG_NMI;
	bool hard = flags & TFM_TRACE_FLAG_HARDIRQ;
	bool soft = flags & TFM_TRACE_FLAG_SOFTIRQ;

	if (nmi && hard)
		return 'Z';
	if (nmi)
		return 'z';
	if (hard && soft)
		return 'H';
	if (hard)
		return 'h';
	return soft ? 's' : '.';
}

/* Append the five irq-info characters of @e. */
void tfm_trace_print_lat_flags(GString *out, const struct tfm_ring_entry *e)
{
	bool irqs_off = e->flags & TFM_TRACE_FLAG_IRQS_OFF;
	bool bh_off = e->flags & TFM_TRACE_FLAG_BH_OFF;
	char c = irqs_off && bh_off ? 'D' : irqs_off ? 'd' : bh_off ? 'b' : '.';
	unsigned int pc = e->preempt_count;

	g_string_append_c(out, c);
	g_string_append_c(out, need_resched_char(e->flags));
	g_string_append_c(out, hardsoft_char(e->flags));
	if (pc & 0xf)
		g_string_append_printf(out, "%x", pc & 0xf);
	else
		g_string_append_c(out, '.');
	if (pc & 0xf0)
		g_string_append_printf(out, "%x", (pc >> 4) & 0xf);
	else
		g_string_append_c(out, '.');
}

static const char *entry_comm(const struct tfm_ring_entry *e)
{
	if (e->pid == 0)
		return "<idle>";
	if (e->pid < 0)
		return "<XXX>";
	return e->comm[0] ? e->comm : "<...>";
}

/* Append the context columns of @e (trace_print_context()). */
void tfm_trace_print_context(GString *out, const struct tfm_trace_opts *opts,
			     const struct tfm_ring_entry *e, bool in_ns)
{
	g_string_append_printf(out, "%16s-%-7d ", entry_comm(e), e->pid);
	if (opts->record_tgid) {
		if (e->tgid)
			g_string_append_printf(out, "(%7d) ", e->tgid);
		else
			g_string_append(out, "(-------) ");
	}
	g_string_append_printf(out, "[%03d] ", e->cpu);
	if (opts->irq_info)
		tfm_trace_print_lat_flags(out, e);
	if (in_ns)
		tfm_trace_print_ns(out, e->ts, true);
	else
		g_string_append_printf(out, " %12" PRIu64, e->ts);
	g_string_append(out, ": ");
}

static void print_text_until_nul(GString *out, const char *s, size_t len)
{
	const char *nul = memchr(s, '\0', len);

	g_string_append_len(out, s, nul ? nul - s : (gssize)len);
}

/* Append the event part of @e's line (see trace-output.h). */
void tfm_trace_print_payload(GString *out, const struct tfm_trace_opts *opts,
			     const struct tfm_ring_entry *e)
{
	const unsigned char *b = (const unsigned char *)e->data;

	switch (e->type) {
	case TFM_ENTRY_PRINT:
		if (!opts->printk_msg_only)
			g_string_append(out, "tracing_mark_write: ");
		print_text_until_nul(out, e->data, e->len);
		break;
	case TFM_ENTRY_RAW:
		g_string_append_printf(out, "# %x buf:", e->raw_id);
		for (size_t i = 0; i < e->len; i++)
			g_string_append_printf(out, " %02x", b[i]);
		g_string_append_c(out, '\n');
		break;
	case TFM_ENTRY_EVENT:
		g_string_append_printf(out, "%s: ", e->name ? e->name : "");
		g_string_append_len(out, e->data, e->len);
		if (!e->len || e->data[e->len - 1] != '\n')
			g_string_append_c(out, '\n');
		break;
	}
}

/* Append one whole output line of @e. */
void tfm_trace_print_entry(GString *out, const struct tfm_trace_opts *opts,
			   const struct tfm_ring_entry *e, bool in_ns)
{
	bool msg_only = opts->printk_msg_only && e->type == TFM_ENTRY_PRINT;

	if (opts->context_info && !msg_only)
		tfm_trace_print_context(out, opts, e, in_ns);
	tfm_trace_print_payload(out, opts, e);
}

/* Append "CPU:<cpu> [LOST <n> EVENTS]\n". */
void tfm_trace_print_lost(GString *out, int cpu, unsigned long lost)
{
	g_string_append_printf(out, "CPU:%d [LOST %lu EVENTS]\n", cpu, lost);
}

/* Append the annotate note "##### CPU <cpu> buffer started ####". */
void tfm_trace_print_cpu_started(GString *out, int cpu)
{
	g_string_append_printf(out, "##### CPU %u buffer started ####\n", cpu);
}

/**
 * tfm_trace_print_stats() - per_cpu/cpuN/stats text.
 * @out: appended to
 * @st: the counters
 * @in_ns: print the two timestamps as secs.usecs (else raw numbers)
 */
void tfm_trace_print_stats(GString *out, const struct tfm_ring_cpu_stats *st,
			   bool in_ns)
{
	g_string_append_printf(out, "entries: %lu\n", st->entries);
	g_string_append_printf(out, "overrun: %lu\n", st->overrun);
	g_string_append_printf(out, "commit overrun: %lu\n",
			       st->commit_overrun);
	g_string_append_printf(out, "bytes: %lu\n", st->bytes);
	if (in_ns) {
		g_string_append(out, "oldest event ts: ");
		tfm_trace_print_ns(out, st->oldest_ts, false);
		g_string_append(out, "\nnow ts: ");
		tfm_trace_print_ns(out, st->now_ts, false);
		g_string_append_c(out, '\n');
	} else {
		g_string_append_printf(out, "oldest event ts: %" PRIu64 "\n",
				       st->oldest_ts);
		g_string_append_printf(out, "now ts: %" PRIu64 "\n",
				       st->now_ts);
	}
	g_string_append_printf(out, "dropped events: %ld\n", (long)st->dropped);
	g_string_append_printf(out, "read events: %ld\n", (long)st->read);
}

/* ---- buffer_size_kb, buffer_total_size_kb ----------------------------- */

/* kstrtoul_from_user(base 10): the input is cut at 63 bytes. */
static int parse_ulong(const char *buf, size_t len, uint64_t *val)
{
	char tmp[64];
	const char *s = tmp;
	uint64_t v = 0;
	bool any = false;

	len = MIN(len, sizeof(tmp) - 1);
	memcpy(tmp, buf, len);
	tmp[len] = '\0';
	if (*s == '+')
		s++;
	for (; *s >= '0' && *s <= '9'; s++) {
		unsigned int d = (unsigned int)(*s - '0');

		if (v > (UINT64_MAX - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
		any = true;
	}
	if (!any)
		return -EINVAL;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*val = v;
	return 0;
}

/**
 * tfm_ring_write_size_kb() - a write to buffer_size_kb.
 * @ring: the buffer
 * @cpu: the CPU (per_cpu file) or TFM_RING_ALL_CPUS
 * @buf: the data written
 * @len: its length
 *
 * Return: 0, -EINVAL, -ERANGE or -ENOMEM.
 */
int tfm_ring_write_size_kb(struct tfm_ring *ring, int cpu,
			   const char *buf, size_t len)
{
	uint64_t kb;
	int ret = parse_ulong(buf, len, &kb);

	if (ret)
		return ret;
	if (!kb)
		return -EINVAL;
	return tfm_ring_resize(ring, cpu, kb << 10);	/* wraps like the kernel */
}

static unsigned long cpu_kb(const struct tfm_rb_cpu *c)
{
	return (unsigned long)((uint64_t)c->nr_pages * TFM_RING_PAGE_DATA >> 10);
}

/* Return: the size of @cpu in KB (0 for a bad @cpu). */
unsigned long tfm_ring_size_kb(struct tfm_ring *ring, int cpu)
{
	unsigned long kb;

	if (cpu < 0 || (unsigned int)cpu >= ring->nr_cpus)
		return 0;
	g_mutex_lock(&ring->lock);
	kb = cpu_kb(&ring->cpus[cpu]);
	g_mutex_unlock(&ring->lock);
	return kb;
}

/* Append buffer_size_kb text of @cpu or of all CPUs. */
void tfm_ring_print_size_kb(struct tfm_ring *ring, int cpu, GString *out)
{
	unsigned long nr;
	bool same = true;

	g_mutex_lock(&ring->lock);
	if (cpu >= 0 && (unsigned int)cpu < ring->nr_cpus) {
		g_string_append_printf(out, "%lu\n", cpu_kb(&ring->cpus[cpu]));
		goto out;
	}
	nr = ring->cpus[0].nr_pages;
	for (unsigned int i = 1; i < ring->nr_cpus; i++)
		same = same && ring->cpus[i].nr_pages == nr;
	if (!same)
		g_string_append(out, "X\n");
	else if (!ring->expanded)
		g_string_append_printf(out, "%lu (expanded: %d)\n",
				       cpu_kb(&ring->cpus[0]),
				       TFM_RING_DEFAULT_KB);
	else
		g_string_append_printf(out, "%lu\n", cpu_kb(&ring->cpus[0]));
out:
	g_mutex_unlock(&ring->lock);
}

/* Append buffer_total_size_kb text. */
void tfm_ring_print_total_size_kb(struct tfm_ring *ring, GString *out)
{
	unsigned long total = 0;

	g_mutex_lock(&ring->lock);
	for (unsigned int i = 0; i < ring->nr_cpus; i++)
		total += cpu_kb(&ring->cpus[i]);
	if (ring->expanded)
		g_string_append_printf(out, "%lu\n", total);
	else
		g_string_append_printf(out, "%lu (expanded: %lu)\n", total,
				       (unsigned long)TFM_RING_DEFAULT_KB *
				       ring->nr_cpus);
	g_mutex_unlock(&ring->lock);
}

/* ---- trace_clock ------------------------------------------------------ */

/**
 * tfm_ring_write_clock() - a write to trace_clock.
 * @ring: the buffer
 * @buf: the data written
 * @len: its length
 *
 * Return: 0 (the buffer was cleared), or -EINVAL.
 */
int tfm_ring_write_clock(struct tfm_ring *ring, const char *buf, size_t len)
{
	char tmp[64];
	char *name;
	int clock;

	if (len >= sizeof(tmp))
		return -EINVAL;
	memcpy(tmp, buf, len);
	tmp[len] = '\0';
	name = g_strstrip(tmp);
	clock = tfm_trace_clock_lookup(name, strlen(name));
	if (clock < 0)
		return -EINVAL;
	return tfm_ring_set_clock(ring, (enum tfm_ring_clock)clock);
}

/* Append the trace_clock text of @ring. */
void tfm_ring_print_clock(struct tfm_ring *ring, GString *out)
{
	tfm_trace_print_clock(out, tfm_ring_get_clock(ring));
}

/* ---- trace (non-consuming) -------------------------------------------- */

static bool cpu_selected(int want, unsigned int cpu)
{
	return want == TFM_RING_ALL_CPUS || (unsigned int)want == cpu;
}

/* The oldest event over the cursors (lowest CPU wins a tie). */
static struct tfm_rb_event *merge_next(struct tfm_ring *r,
				       struct tfm_rb_cursor *ks, int cpu,
				       unsigned int *which)
{
	struct tfm_rb_event *best = NULL;

	for (unsigned int i = 0; i < r->nr_cpus; i++) {
		struct tfm_rb_event *ev;

		if (!cpu_selected(cpu, i))
			continue;
		ev = tfm_rb_cursor_peek(&ks[i]);
		if (ev && (!best || ev->e.ts < best->e.ts)) {
			best = ev;
			*which = i;
		}
	}
	return best;
}

static struct tfm_rb_cursor *cursors_new(struct tfm_ring *r)
{
	struct tfm_rb_cursor *ks = g_new0(struct tfm_rb_cursor, r->nr_cpus);

	for (unsigned int i = 0; i < r->nr_cpus; i++)
		tfm_rb_cursor_init(&ks[i], &r->cpus[i]);
	return ks;
}

/* Call @fn for each unconsumed entry in output order (lock held). */
void tfm_ring_for_each(struct tfm_ring *ring, int cpu,
		       bool (*fn)(const struct tfm_ring_entry *e, void *data),
		       void *data)
{
	struct tfm_rb_cursor *ks;
	struct tfm_rb_event *ev;
	unsigned int w = 0;

	g_mutex_lock(&ring->lock);
	ks = cursors_new(ring);
	while ((ev = merge_next(ring, ks, cpu, &w)) && fn(&ev->e, data))
		ks[w].idx++;
	g_free(ks);
	g_mutex_unlock(&ring->lock);
}

static unsigned long total_overrun(struct tfm_ring *r)
{
	unsigned long n = 0;

	for (unsigned int i = 0; i < r->nr_cpus; i++)
		n += r->cpus[i].overrun;
	return n;
}

/* Append the whole `trace` (or per_cpu/cpuN/trace) text to @out. */
void tfm_ring_print_trace(struct tfm_ring *ring, int cpu, GString *out)
{
	bool in_ns, annotate, *started;
	unsigned long entries, written, idx = 0;
	struct tfm_rb_cursor *ks;
	struct tfm_rb_event *ev;
	unsigned int w = 0;

	g_mutex_lock(&ring->lock);
	tfm_rb_counts(ring, &entries, &written);
	tfm_trace_print_header(out, &ring->opts, entries, written,
			       ring->nr_cpus);
	in_ns = tfm_trace_clock_in_ns(ring->clock);
	/* "buffer started" notes only when something was overwritten */
	annotate = ring->opts.annotate && total_overrun(ring);
	started = g_new0(bool, ring->nr_cpus);
	ks = cursors_new(ring);
	while ((ev = merge_next(ring, ks, cpu, &w))) {
		if (annotate && !started[w]) {
			started[w] = true;
			if (idx > 1)
				tfm_trace_print_cpu_started(out, (int)w);
		}
		tfm_trace_print_entry(out, &ring->opts, &ev->e, in_ns);
		ks[w].idx++;
		idx++;
	}
	g_free(ks);
	g_free(started);
	g_mutex_unlock(&ring->lock);
}

/* Append per_cpu/cpuN/stats text.  Return: 0 or -EINVAL (bad @cpu). */
int tfm_ring_print_stats(struct tfm_ring *ring, int cpu, GString *out)
{
	struct tfm_ring_cpu_stats st;
	int ret = tfm_ring_cpu_stats(ring, cpu, &st);

	if (ret)
		return ret;
	tfm_trace_print_stats(out, &st,
			      tfm_trace_clock_in_ns(tfm_ring_get_clock(ring)));
	return 0;
}

/* ---- trace_pipe (consuming) ------------------------------------------- */

struct tfm_ring_reader {
	struct tfm_ring *ring;
	int cpu;
	bool interrupted;
	bool (*pending)(void);	/* the reading caller was interrupted */
	GString *left;		/* formatted text not returned yet */
	size_t left_pos;
};

/* A reader of @cpu or all CPUs.  Return: the reader or NULL (bad @cpu). */
struct tfm_ring_reader *tfm_ring_reader_new(struct tfm_ring *ring, int cpu)
{
	struct tfm_ring_reader *rd;

	if (cpu != TFM_RING_ALL_CPUS &&
	    (cpu < 0 || (unsigned int)cpu >= ring->nr_cpus))
		return NULL;
	rd = g_new0(struct tfm_ring_reader, 1);
	rd->ring = tfm_ring_ref(ring);
	rd->cpu = cpu;
	rd->left = g_string_new(NULL);
	return rd;
}

/* Close a reader (unreturned text is lost).  Accepts NULL. */
void tfm_ring_reader_free(struct tfm_ring_reader *rd)
{
	if (!rd)
		return;
	g_string_free(rd->left, TRUE);
	tfm_ring_unref(rd->ring);
	g_free(rd);
}

/* Return: the CPU @rd reads, or TFM_RING_ALL_CPUS. */
int tfm_ring_reader_cpu(struct tfm_ring_reader *rd)
{
	return rd->cpu;
}

static bool reader_has_data(struct tfm_ring_reader *rd)
{
	struct tfm_ring *r = rd->ring;

	for (unsigned int i = 0; i < r->nr_cpus; i++) {
		if (cpu_selected(rd->cpu, i) && tfm_rb_has_data(&r->cpus[i]))
			return true;
	}
	return false;
}

/* The oldest unconsumed event of the reader's CPUs. */
static struct tfm_rb_event *pipe_next(struct tfm_ring_reader *rd,
				      unsigned int *which, unsigned long *lost)
{
	struct tfm_ring *r = rd->ring;
	struct tfm_rb_event *best = NULL;

	for (unsigned int i = 0; i < r->nr_cpus; i++) {
		struct tfm_rb_event *ev;
		unsigned long l = 0;

		if (!cpu_selected(rd->cpu, i))
			continue;
		ev = tfm_rb_peek(&r->cpus[i], &l);
		if (ev && (!best || ev->e.ts < best->e.ts)) {
			best = ev;
			*which = i;
			*lost = l;
		}
	}
	return best;
}

/* Format and consume whole entries until @cnt bytes (tracing_read_pipe). */
static void pipe_fill(struct tfm_ring_reader *rd, size_t cnt)
{
	struct tfm_ring *r = rd->ring;
	bool in_ns = tfm_trace_clock_in_ns(r->clock);
	GString *seq = rd->left;
	struct tfm_rb_event *ev;
	unsigned long lost = 0;
	unsigned int w = 0;

	while ((ev = pipe_next(rd, &w, &lost))) {
		size_t save = seq->len;

		if (lost)
			tfm_trace_print_lost(seq, (int)w, lost);
		tfm_trace_print_entry(seq, &r->opts, &ev->e, in_ns);
		if (seq->len >= SEQ_BUFFER_SIZE) {	/* no partial lines */
			g_string_truncate(seq, save);
			break;
		}
		tfm_rb_consume(&r->cpus[w]);
		if (seq->len >= cnt)
			break;
	}
}

static size_t copy_left(struct tfm_ring_reader *rd, char *buf, size_t count)
{
	size_t n = MIN(count, rd->left->len - rd->left_pos);

	memcpy(buf, rd->left->str + rd->left_pos, n);
	rd->left_pos += n;
	if (rd->left_pos == rd->left->len) {
		g_string_truncate(rd->left, 0);
		rd->left_pos = 0;
	}
	return n;
}

/* Wait for data (lock held).  Return: 1 when there is data, else the
 * read's result (0, -EAGAIN, -EINTR). */
static int pipe_wait(struct tfm_ring_reader *rd, bool nonblock)
{
	struct tfm_ring *r = rd->ring;
	unsigned int gen = r->wake_gen;

	while (!reader_has_data(rd)) {
		if (nonblock)
			return -EAGAIN;
		if (r->shutdown)
			return 0;
		if (rd->interrupted || r->wake_gen != gen ||
		    (rd->pending && rd->pending())) {
			rd->interrupted = false;
			return -EINTR;
		}
		if (!rd->pending)
			g_cond_wait(&r->cond, &r->lock);
		else	/* look at the caller's signals now and then */
			g_cond_wait_until(&r->cond, &r->lock,
					  g_get_monotonic_time() +
					  100 * G_TIME_SPAN_MILLISECOND);
	}
	return 1;
}

/**
 * tfm_ring_reader_read() - read() of trace_pipe.
 * @rd: the reader
 * @buf: destination
 * @count: its size
 * @nonblock: O_NONBLOCK
 *
 * Return: bytes copied, 0 (EOF), -EAGAIN or -EINTR.
 */
ssize_t tfm_ring_reader_read(struct tfm_ring_reader *rd, char *buf,
			     size_t count, bool nonblock)
{
	struct tfm_ring *r = rd->ring;
	ssize_t ret;

	if (!count)
		return 0;
	g_mutex_lock(&r->lock);
	if (rd->left->len) {
		ret = (ssize_t)copy_left(rd, buf, count);
		goto out;
	}
	ret = pipe_wait(rd, nonblock);
	if (ret <= 0)
		goto out;
	rd->interrupted = false;
	pipe_fill(rd, MIN(count, (size_t)SEQ_BUFFER_SIZE - 1));
	ret = (ssize_t)copy_left(rd, buf, count);
out:
	g_mutex_unlock(&r->lock);
	return ret;
}

/* Return: true if a read of @rd would not block (POLLIN). */
bool tfm_ring_reader_poll(struct tfm_ring_reader *rd)
{
	bool ready;

	g_mutex_lock(&rd->ring->lock);
	ready = rd->left->len || rd->ring->shutdown || reader_has_data(rd);
	g_mutex_unlock(&rd->ring->lock);
	return ready;
}

/**
 * tfm_ring_reader_set_pending() - how a blocked read learns of signals
 * @rd: the reader
 * @pending: called by a blocked read at least every 100 ms; when it
 *	     returns true the read gives up with -EINTR (NULL: never)
 */
void tfm_ring_reader_set_pending(struct tfm_ring_reader *rd,
				 bool (*pending)(void))
{
	rd->pending = pending;
}

/* Make a current (or the next) blocking read of @rd return -EINTR. */
void tfm_ring_reader_interrupt(struct tfm_ring_reader *rd)
{
	g_mutex_lock(&rd->ring->lock);
	rd->interrupted = true;
	g_cond_broadcast(&rd->ring->cond);
	g_mutex_unlock(&rd->ring->lock);
}
