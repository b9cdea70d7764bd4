/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ringbuf.h - the trace ring buffer of one trace array (top level or an
 * instance), modelled on Linux 6.18 kernel/trace/ring_buffer.c at page
 * granularity: per-CPU rings of 4096-byte sub-buffers holding 4080 data
 * bytes each, the extra reader page, event lengths with headers, time
 * extends and end-of-page padding, overwrite vs drop mode, and the
 * per-CPU counters shown in per_cpu/cpuN/stats.
 *
 * It also holds what the trace files of a trace array need from the
 * buffer: tracing_on (recording), trace_clock, the buffer_size_kb
 * "expanded" state, the output options that change the text of `trace`
 * and `trace_pipe`, consuming readers with blocking waits, and a hook
 * that tells the model that data arrived (for poll notification).
 *
 * Thread safety: every function takes the ring's mutex; blocking reads
 * drop it while they wait.  The notify hook is called without the mutex.
 * The file-text functions (sizes, clock, trace, stats, trace_pipe reader)
 * are implemented in trace-output.c.
 * Pure module: no kernfs, no files.  Private to tracefs-model.
 */
#ifndef TFM_RINGBUF_H
#define TFM_RINGBUF_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define TFM_RING_ALL_CPUS	(-1)	/* RING_BUFFER_ALL_CPUS */
#define TFM_RING_ANY_CPU	(-1)	/* ctx.cpu: pick the caller's CPU */
#define TFM_RING_SUBBUF_SIZE	4096	/* buffer_subbuf_size_kb = 4 */
#define TFM_RING_PAGE_DATA	4080	/* data bytes of one sub-buffer */
#define TFM_RING_MAX_DATA	4072	/* largest event payload (delta ts) */
#define TFM_RING_MIN_PAGES	2	/* smallest ring per CPU */
#define TFM_RING_DEFAULT_KB	1408	/* trace_buf_size >> 10 */
#define TFM_RING_MARKER_MAX	4054	/* trace_marker payload per write */
#define TFM_RING_MARKER_COPY	4096	/* TRACE_MARKER_MAX_SIZE */
#define TFM_RING_COMM_LEN	16	/* TASK_COMM_LEN */

/* trace_clock choices, in the order the file lists them. */
enum tfm_ring_clock {
	TFM_CLOCK_LOCAL,
	TFM_CLOCK_GLOBAL,
	TFM_CLOCK_COUNTER,
	TFM_CLOCK_UPTIME,
	TFM_CLOCK_PERF,
	TFM_CLOCK_MONO,
	TFM_CLOCK_MONO_RAW,
	TFM_CLOCK_BOOT,
	TFM_CLOCK_TAI,
	TFM_CLOCK_X86_TSC,
	TFM_CLOCK_NR,
};

/* trace_entry.flags bits (TRACE_FLAG_*), shown as the irq-info columns. */
enum {
	TFM_TRACE_FLAG_IRQS_OFF		= 0x01,	/* 'd' ('D' with BH_OFF) */
	TFM_TRACE_FLAG_NEED_RESCHED_LAZY = 0x02,
	TFM_TRACE_FLAG_NEED_RESCHED	= 0x04,
	TFM_TRACE_FLAG_BH_OFF		= 0x08,	/* 'b' */
	TFM_TRACE_FLAG_HARDIRQ		= 0x10,
	TFM_TRACE_FLAG_SOFTIRQ		= 0x20,
	TFM_TRACE_FLAG_PREEMPT_RESCHED	= 0x40,
	TFM_TRACE_FLAG_NMI		= 0x80,
};

/* preempt_count of a trace_marker write in 6.18 (it runs with preemption
 * disabled), which prints as "...1.". */
#define TFM_RING_MARKER_PREEMPT	1

/*
 * struct tfm_ring_ctx - the writer's context, recorded in the entry.
 * @cpu:	CPU buffer to write to; TFM_RING_ANY_CPU picks the calling
 *		thread's CPU; any value is taken modulo the CPU count
 * @pid:	task pid (0 prints as "<idle>")
 * @tgid:	thread group id, shown with the record-tgid option (0: none)
 * @comm:	task comm, at most 15 chars are kept; NULL prints "<...>"
 *		(the kernel shows the comm only if it was saved)
 * @flags:	TFM_TRACE_FLAG_* bits
 * @preempt_count: low nibble = preempt depth, high nibble =
 *		migrate-disable depth (the 4th and 5th flag columns)
 */
struct tfm_ring_ctx {
	int cpu;
	int pid;
	int tgid;
	const char *comm;
	unsigned int flags;
	unsigned int preempt_count;
};

/* What an entry holds; decides how it is printed. */
enum tfm_ring_entry_type {
	TFM_ENTRY_PRINT,	/* trace_marker: "tracing_mark_write: <text>" */
	TFM_ENTRY_RAW,		/* trace_marker_raw: "# <id> buf: xx xx ..." */
	TFM_ENTRY_EVENT,	/* any event: "<name>: <text>" */
};

/*
 * struct tfm_ring_entry - read-only view of one recorded entry.
 * @ts:		timestamp in the clock that was selected when recorded
 * @comm:	"" when no comm was given
 * @name:	TFM_ENTRY_EVENT only
 * @data, @len:	PRINT: the stored text, '\n' appended like the kernel
 *		(printed up to the first NUL, like "%s");
 *		RAW: the bytes after the 4-byte id, padded with zeros to
 *		what the kernel prints (its event length);
 *		EVENT: the text given by the writer
 * @raw_id:	RAW only: the id (first 4 bytes, host order)
 */
struct tfm_ring_entry {
	enum tfm_ring_entry_type type;
	uint64_t ts;
	int cpu;
	int pid;
	int tgid;
	char comm[TFM_RING_COMM_LEN];
	unsigned int flags;
	unsigned int preempt_count;
	const char *name;
	const char *data;
	size_t len;
	uint32_t raw_id;
};

/*
 * struct tfm_trace_opts - trace options that change the text output.
 * Defaults (tfm_trace_opts_init) are those of 6.18: context-info,
 * irq-info, annotate on; the rest off.
 * @tracer:		name shown in "# tracer: <name>" (a static string)
 * @printk_msg_only:	"printk-msg-only" and "trace_printk" both set:
 *			marker lines show the text only
 */
struct tfm_trace_opts {
	const char *tracer;
	bool context_info;
	bool irq_info;
	bool record_tgid;
	bool verbose;
	bool annotate;
	bool printk_msg_only;
};

/*
 * struct tfm_ring_cpu_stats - the numbers of per_cpu/cpuN/stats.
 * Timestamps are in the current clock's units.
 */
struct tfm_ring_cpu_stats {
	unsigned long entries;
	unsigned long overrun;
	unsigned long commit_overrun;
	unsigned long bytes;
	uint64_t oldest_ts;
	uint64_t now_ts;
	unsigned long dropped;
	unsigned long read;
};

struct tfm_ring;
struct tfm_ring_reader;

/* Called after entries were recorded on @cpu (ring mutex not held). */
typedef void (*tfm_ring_notify_fn)(void *data, int cpu);

/* Replaces the clock source (tests); must return the time in @clock's
 * units (ns for the ns clocks, the raw count otherwise). */
typedef uint64_t (*tfm_ring_time_fn)(void *data, enum tfm_ring_clock clock);

/*
 * Create the buffer of a trace array with @nr_cpus CPUs (>= 1).  The top
 * level starts unexpanded (@expanded false: 2 pages per CPU, reads
 * "7 (expanded: 1408)"); instances start expanded (1408 KB -> 1410).
 * Recording is on, overwrite mode, clock "local", default options.
 * Return: the buffer with one reference, or NULL if @nr_cpus is 0.
 */
struct tfm_ring *tfm_ring_new(unsigned int nr_cpus, bool expanded);

/* Take a reference.  Return: @ring. */
struct tfm_ring *tfm_ring_ref(struct tfm_ring *ring);

/* Drop a reference; the last one frees everything.  Accepts NULL. */
void tfm_ring_unref(struct tfm_ring *ring);

/* Same as tfm_ring_unref() (for owners that hold the only reference). */
void tfm_ring_free(struct tfm_ring *ring);

/* Return: the CPU count given to tfm_ring_new(). */
unsigned int tfm_ring_nr_cpus(struct tfm_ring *ring);

/*
 * Stop every wait: blocked and later blocking reads return 0 (EOF) once
 * their CPUs are empty instead of waiting.  For unmount and removal.
 */
void tfm_ring_shutdown(struct tfm_ring *ring);

/* Interrupt all reads that are waiting now: they return -EINTR. */
void tfm_ring_wake_all(struct tfm_ring *ring);

/* Register (or with @fn NULL remove) the data-arrived hook. */
void tfm_ring_set_notify(struct tfm_ring *ring, tfm_ring_notify_fn fn,
			 void *data);

/* Replace the time source (NULL restores the real clocks). */
void tfm_ring_set_time_fn(struct tfm_ring *ring, tfm_ring_time_fn fn,
			  void *data);

/* ---- recording state ---------------------------------------------- */

/* tracing_on: recording on/off.  Entries written while off are lost. */
void tfm_ring_set_on(struct tfm_ring *ring, bool on);

/* Return: whether recording is on (tracing_on reads 1). */
bool tfm_ring_is_on(struct tfm_ring *ring);

/* options/overwrite: true drops the oldest page when full (overrun),
 * false drops new entries (dropped events). */
void tfm_ring_set_overwrite(struct tfm_ring *ring, bool overwrite);

/* Return: the overwrite mode. */
bool tfm_ring_get_overwrite(struct tfm_ring *ring);

/* Set the output options (copied; @opts->tracer must stay valid). */
void tfm_ring_set_trace_opts(struct tfm_ring *ring,
			     const struct tfm_trace_opts *opts);

/* Copy the current output options to @opts. */
void tfm_ring_get_trace_opts(struct tfm_ring *ring,
			     struct tfm_trace_opts *opts);

/* ---- clock --------------------------------------------------------- */

/*
 * Select @clock.  Like the kernel, this always clears the buffer (all
 * CPUs), even when the clock does not change.
 * Return: 0, or -EINVAL for a value out of range.
 */
int tfm_ring_set_clock(struct tfm_ring *ring, enum tfm_ring_clock clock);

/* Return: the selected clock. */
enum tfm_ring_clock tfm_ring_get_clock(struct tfm_ring *ring);

/*
 * A write to trace_clock: at most 63 bytes, surrounding white space
 * stripped, then an exact clock name.
 * Return: 0 (the caller returns @len), or -EINVAL.
 */
int tfm_ring_write_clock(struct tfm_ring *ring, const char *buf, size_t len);

/* Append the trace_clock text ("[local] global ...\n") to @out. */
void tfm_ring_print_clock(struct tfm_ring *ring, GString *out);

/* Return: the current time of the selected clock (counter: next value). */
uint64_t tfm_ring_now(struct tfm_ring *ring);

/* ---- sizes --------------------------------------------------------- */

/*
 * Resize one CPU (@cpu >= 0) or all (TFM_RING_ALL_CPUS) to @size_bytes
 * (rounded up to whole 4080-byte pages, at least 2).  Marks the buffer
 * expanded.  Shrinking drops the oldest pages (counted as overrun).
 * Return: 0; -EINVAL for a bad @cpu; -ENOMEM when more new pages are
 * needed on a CPU than the memory limit allows (nothing changes then).
 */
int tfm_ring_resize(struct tfm_ring *ring, int cpu, uint64_t size_bytes);

/*
 * A write to buffer_size_kb (@cpu TFM_RING_ALL_CPUS) or
 * per_cpu/cpuN/buffer_size_kb: kstrtoul base 10 (optional '+', one
 * trailing '\n', input cut at 63 bytes), > 0, KB shifted like the kernel.
 * Return: 0 (the caller returns @len); -EINVAL (syntax, 0); -ERANGE
 * (does not fit 64 bits); -ENOMEM (see tfm_ring_resize()).
 */
int tfm_ring_write_size_kb(struct tfm_ring *ring, int cpu,
			   const char *buf, size_t len);

/* Return: the size of @cpu in KB as buffer_size_kb shows it. */
unsigned long tfm_ring_size_kb(struct tfm_ring *ring, int cpu);

/* Append buffer_size_kb text: "N\n", "X\n" when CPUs differ, or
 * "N (expanded: 1408)\n"; for @cpu >= 0 the per-CPU file ("N\n"). */
void tfm_ring_print_size_kb(struct tfm_ring *ring, int cpu, GString *out);

/* Append buffer_total_size_kb text ("2820\n" or "14 (expanded: 2816)\n"). */
void tfm_ring_print_total_size_kb(struct tfm_ring *ring, GString *out);

/* Return: whether the buffer has been expanded (or resized). */
bool tfm_ring_is_expanded(struct tfm_ring *ring);

/*
 * tracing_update_buffers(): expand to 1408 KB per CPU if not expanded
 * yet (first event enable, tracer change ...).
 * Return: 0 or -ENOMEM.
 */
int tfm_ring_expand(struct tfm_ring *ring);

/*
 * Release of a free_buffer fd: with @disable_on_free turn recording off,
 * then shrink every CPU to the minimum (2 pages, "7") and mark expanded.
 */
void tfm_ring_free_buffer(struct tfm_ring *ring, bool disable_on_free);

/* Memory limit for resizing, in pages per CPU allocation step
 * (si_mem_available()).  Default: the host's available pages. */
void tfm_ring_set_mem_limit(struct tfm_ring *ring, uint64_t pages);

/* ---- writing ------------------------------------------------------- */

/*
 * A trace_marker write of @len bytes (markers option and tracing_on are
 * the caller's checks; a write while off still fails here).  At most
 * 4096 bytes are taken, then cut to 4054 if the event is too large; a
 * '\n' is added when the text does not end with one.
 * Return: the bytes taken (<= 4054), or -EBADF when nothing could be
 * recorded (recording off, or the buffer is full in drop mode).
 */
ssize_t tfm_ring_write_marker(struct tfm_ring *ring,
			      const struct tfm_ring_ctx *ctx,
			      const void *text, size_t len);

/*
 * A trace_marker_raw write: a 4-byte id followed by the payload.
 * Return: @len; -EINVAL for fewer than 4 or more than 4096 bytes;
 * -EBADF when the event is too large (more than 4060 bytes), recording
 * is off or the buffer is full in drop mode.
 */
ssize_t tfm_ring_write_raw(struct tfm_ring *ring,
			   const struct tfm_ring_ctx *ctx,
			   const void *data, size_t len);

/*
 * Record an event that prints as "<name>: <text>" (a '\n' is added when
 * @text lacks one).  @data_size is the size of the event's record
 * (struct trace_entry included) and is what the ring accounts for.
 * Return: 0; -E2BIG if @data_size exceeds TFM_RING_MAX_DATA; -EBADF when
 * not recorded (off, or full in drop mode).
 */
int tfm_ring_write_event(struct tfm_ring *ring,
			 const struct tfm_ring_ctx *ctx, const char *name,
			 const char *text, size_t data_size);

/* ---- non-consuming reading ------------------------------------------ */

/*
 * Clear @cpu (or all CPUs): entries, counters and pages, like an O_TRUNC
 * open of `trace` (per_cpu/cpuN/trace for one CPU).
 */
void tfm_ring_reset(struct tfm_ring *ring, int cpu);

/* The header counters: entries in the buffer and entries written
 * (in buffer + overrun) summed over all CPUs. */
void tfm_ring_counts(struct tfm_ring *ring, unsigned long *entries,
		     unsigned long *written);

/*
 * Append the whole `trace` file (header and lines) to @out, for all CPUs
 * merged by timestamp (@cpu TFM_RING_ALL_CPUS) or one CPU's entries
 * (per_cpu/cpuN/trace; the header counts stay those of all CPUs).
 * Nothing is consumed.
 */
void tfm_ring_print_trace(struct tfm_ring *ring, int cpu, GString *out);

/*
 * Call @fn for each entry in output order without consuming; stop when
 * it returns false.  @fn runs with the ring mutex held: it must not call
 * tfm_ring_* functions.
 */
void tfm_ring_for_each(struct tfm_ring *ring, int cpu,
		       bool (*fn)(const struct tfm_ring_entry *e, void *data),
		       void *data);

/* Fill @st with the counters of @cpu.  Return: 0 or -EINVAL. */
int tfm_ring_cpu_stats(struct tfm_ring *ring, int cpu,
		       struct tfm_ring_cpu_stats *st);

/* Append per_cpu/cpuN/stats text to @out.  Return: 0 or -EINVAL. */
int tfm_ring_print_stats(struct tfm_ring *ring, int cpu, GString *out);

/* ---- consuming reading (trace_pipe) ---------------------------------- */

/*
 * A consuming reader of all CPUs (TFM_RING_ALL_CPUS, trace_pipe) or one
 * CPU (per_cpu/cpuN/trace_pipe).  It holds a ring reference.  Only one
 * reader per CPU at a time is the model's rule (EBUSY), not enforced here.
 * Return: the reader, or NULL for a bad @cpu.
 */
struct tfm_ring_reader *tfm_ring_reader_new(struct tfm_ring *ring, int cpu);

/* Close a reader; text kept from a partial read is lost.  Accepts NULL. */
void tfm_ring_reader_free(struct tfm_ring_reader *rd);

/*
 * read() of trace_pipe: first returns text left over from the previous
 * read; otherwise waits until an entry is there (unless @nonblock), then
 * formats and consumes whole entries until @count bytes are reached or
 * the next line would not fit in one 4096-byte page, copies up to @count
 * bytes to @buf and keeps the rest for the next read.  Lost-event notes
 * ("CPU:N [LOST M EVENTS]") precede the first line after overruns.
 * Return: bytes copied (> 0), 0 at EOF (after tfm_ring_shutdown() or for
 * @count 0), -EAGAIN (@nonblock and empty), -EINTR (interrupted).
 */
ssize_t tfm_ring_reader_read(struct tfm_ring_reader *rd, char *buf,
			     size_t count, bool nonblock);

/* Return: true if a read would not block (poll POLLIN). */
bool tfm_ring_reader_poll(struct tfm_ring_reader *rd);

/* Make a current (or the next) blocking read of @rd return -EINTR. */
void tfm_ring_reader_interrupt(struct tfm_ring_reader *rd);
void tfm_ring_reader_set_pending(struct tfm_ring_reader *rd,
				 bool (*pending)(void));

/* Return: the CPU the reader was opened for (or TFM_RING_ALL_CPUS). */
int tfm_ring_reader_cpu(struct tfm_ring_reader *rd);

#ifdef TFM_RING_INTERNAL
/*
 * Internal layout, shared by ringbuf.c (storage and accounting) and
 * trace-output.c (file text and readers).  Not for other users.
 */
struct tfm_rb_event {
	struct tfm_ring_entry e;
	unsigned int length;	/* bytes on the page, time extend included */
	char payload[];
};

struct tfm_rb_page {
	GPtrArray *events;	/* struct tfm_rb_event *, owned */
	unsigned int write;	/* committed bytes, counted padding included */
	unsigned int pad;	/* end-of-page padding counted in the bytes */
	unsigned int read;	/* next event to consume (reader page) */
	bool sealed;		/* the writer has left (or padded) the page */
	bool pad_read;
	uint64_t ts;		/* time of the first event */
};

/* One CPU: ring pages from head to tail, plus the reader page. */
struct tfm_rb_cpu {
	unsigned long nr_pages;
	GQueue ring;
	struct tfm_rb_page *reader;
	bool tail_on_reader;
	unsigned long entries, overrun, commit_overrun, dropped, read;
	unsigned long entries_bytes, read_bytes;
	unsigned long last_overrun, lost_events;
	uint64_t write_stamp;
};

struct tfm_ring {
	GMutex lock;
	GCond cond;		/* signalled on new data, wake, shutdown */
	gint refs;
	unsigned int nr_cpus;
	struct tfm_rb_cpu *cpus;
	bool on, overwrite, expanded, shutdown;
	enum tfm_ring_clock clock;
	uint64_t counter;
	uint64_t mem_limit;
	unsigned int wake_gen;
	struct tfm_trace_opts opts;
	tfm_ring_notify_fn notify;
	void *notify_data;
	tfm_ring_time_fn time_fn;
	void *time_data;
};

/* With the lock held: the time of the selected clock. */
uint64_t tfm_rb_now(struct tfm_ring *r);

/* With the lock held: resize (see tfm_ring_resize()). */
int tfm_rb_resize(struct tfm_ring *r, int cpu, uint64_t size);

/* With the lock held: the next unconsumed event of @c, swapping the
 * reader page like rb_get_reader_page(); NULL when empty.  @lost gets the
 * overruns since the previous swap (reported once). */
struct tfm_rb_event *tfm_rb_peek(struct tfm_rb_cpu *c, unsigned long *lost);

/* With the lock held: consume the event tfm_rb_peek() returned. */
void tfm_rb_consume(struct tfm_rb_cpu *c);

/* With the lock held: whether @c has an unconsumed event. */
bool tfm_rb_has_data(const struct tfm_rb_cpu *c);

/* With the lock held: the header counters (see tfm_ring_counts()). */
void tfm_rb_counts(struct tfm_ring *r, unsigned long *entries,
		   unsigned long *written);

/* Non-consuming cursor over one CPU (reader page, then the ring). */
struct tfm_rb_cursor {
	struct tfm_rb_page *page;
	GList *next;
	guint idx;
};

/* With the lock held: start a cursor at the oldest unconsumed event. */
void tfm_rb_cursor_init(struct tfm_rb_cursor *k, struct tfm_rb_cpu *c);

/* Return: the cursor's event (NULL at the end); advance with k->idx++. */
struct tfm_rb_event *tfm_rb_cursor_peek(struct tfm_rb_cursor *k);
#endif /* TFM_RING_INTERNAL */

#endif /* TFM_RINGBUF_H */
