/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ringbuf.c - page-granular model of the Linux 6.18 trace ring buffer.
 *
 * Per CPU there is a ring of nr_pages data pages (only the pages that hold
 * data, oldest first, are materialised: the queue runs from the head page
 * to the tail page) and one reader page outside the ring.  A consuming
 * reader swaps the head page out of the ring when its reader page is
 * exhausted; when that page was the tail, the writer goes on writing on
 * the reader page ("tail_on_reader") until it is full.
 */
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define TFM_RING_INTERNAL
#include "ringbuf.h"
#include "trace-output.h"

#define EVNT_HDR	4	/* RB_EVNT_HDR_SIZE */
#define MAX_SMALL_DATA	112	/* RB_MAX_SMALL_DATA */
#define TIME_EXTEND	8	/* RB_LEN_TIME_EXTEND */
#define EVNT_MIN_SIZE	8	/* RB_EVNT_MIN_SIZE */
#define TS_DELTA_BITS	27
#define PRINT_META	18	/* struct print_entry + '\n' + '\0' */
#define RAW_META	12	/* struct raw_data_entry */

/* ---- pages ------------------------------------------------------------ */

static struct tfm_rb_page *page_new(void)
{
	struct tfm_rb_page *p = g_new0(struct tfm_rb_page, 1);

	p->events = g_ptr_array_new_with_free_func(g_free);
	return p;
}

static void page_free(gpointer data)
{
	struct tfm_rb_page *p = data;

	if (!p)
		return;
	g_ptr_array_unref(p->events);
	g_free(p);
}

static void cpu_clear(struct tfm_rb_cpu *c)
{
	g_queue_clear_full(&c->ring, page_free);
	page_free(c->reader);
	c->reader = NULL;
}

static void cpu_reset(struct tfm_rb_cpu *c)
{
	unsigned long nr = c->nr_pages;

	cpu_clear(c);
	memset(c, 0, sizeof(*c));
	c->nr_pages = nr;
	g_queue_init(&c->ring);
	g_queue_push_tail(&c->ring, page_new());
	c->reader = page_new();
}

static struct tfm_rb_page *cpu_tail(struct tfm_rb_cpu *c)
{
	return c->tail_on_reader ? c->reader : g_queue_peek_tail(&c->ring);
}

/* rb_reset_tail(): pad the rest of the page; tiny rests are not counted. */
static void page_seal(struct tfm_rb_cpu *c, struct tfm_rb_page *p)
{
	unsigned int rest = TFM_RING_PAGE_DATA - p->write;

	if (p->sealed)
		return;
	p->sealed = true;
	if (rest < EVNT_MIN_SIZE)
		return;
	p->pad = rest;
	p->write = TFM_RING_PAGE_DATA;
	c->entries_bytes += rest;
}

/* Drop the oldest ring page (overwrite or shrink). */
static void cpu_drop_head(struct tfm_rb_cpu *c)
{
	struct tfm_rb_page *head = g_queue_pop_head(&c->ring);

	c->overrun += head->events->len;
	c->entries_bytes -= head->write;
	page_free(head);
}

/* ---- clocks ----------------------------------------------------------- */

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* With the lock held: see ringbuf.h. */
uint64_t tfm_rb_now(struct tfm_ring *r)
{
	if (r->clock == TFM_CLOCK_COUNTER)
		return ++r->counter;
	if (r->time_fn)
		return r->time_fn(r->time_data, r->clock);
	switch (r->clock) {
	case TFM_CLOCK_MONO_RAW:
		return clock_ns(CLOCK_MONOTONIC_RAW);
	case TFM_CLOCK_BOOT:
		return clock_ns(CLOCK_BOOTTIME);
	case TFM_CLOCK_TAI:
		return clock_ns(CLOCK_TAI);
	case TFM_CLOCK_UPTIME:	/* jiffies as clock_t (USER_HZ 100) */
		return clock_ns(CLOCK_BOOTTIME) / 10000000ull;
	case TFM_CLOCK_X86_TSC:
#if defined(__x86_64__) || defined(__i386__)
		return __builtin_ia32_rdtsc();
#else
		return clock_ns(CLOCK_MONOTONIC);
#endif
	default:
		return clock_ns(CLOCK_MONOTONIC);
	}
}

/* ---- life cycle ------------------------------------------------------- */

static unsigned long bytes_to_pages(uint64_t size)
{
	/* DIV_ROUND_UP() in unsigned long arithmetic, wrap included */
	uint64_t nr = (size + TFM_RING_PAGE_DATA - 1) / TFM_RING_PAGE_DATA;

	return nr < TFM_RING_MIN_PAGES ? TFM_RING_MIN_PAGES : nr;
}

/**
 * tfm_ring_new() - create the buffer of a trace array.
 * @nr_cpus: number of CPUs (>= 1)
 * @expanded: start with the default 1408 KB per CPU (instances)
 *
 * Return: the buffer with one reference, or NULL if @nr_cpus is 0.
 */
struct tfm_ring *tfm_ring_new(unsigned int nr_cpus, bool expanded)
{
	struct tfm_ring *r;
	long avail = sysconf(_SC_AVPHYS_PAGES);

	if (!nr_cpus)
		return NULL;
	r = g_new0(struct tfm_ring, 1);
	g_mutex_init(&r->lock);
	g_cond_init(&r->cond);
	r->refs = 1;
	r->nr_cpus = nr_cpus;
	r->on = r->overwrite = true;
	r->expanded = expanded;
	r->mem_limit = avail > 0 ? (uint64_t)avail : 262144;
	tfm_trace_opts_init(&r->opts);
	r->cpus = g_new0(struct tfm_rb_cpu, nr_cpus);
	for (unsigned int i = 0; i < nr_cpus; i++) {
		r->cpus[i].nr_pages = expanded ?
			bytes_to_pages((uint64_t)TFM_RING_DEFAULT_KB << 10) :
			bytes_to_pages(1);
		cpu_reset(&r->cpus[i]);
	}
	return r;
}

/* Take a reference.  Return: @ring. */
struct tfm_ring *tfm_ring_ref(struct tfm_ring *ring)
{
	g_atomic_int_inc(&ring->refs);
	return ring;
}

/* Drop a reference; the last one frees the buffer.  Accepts NULL. */
void tfm_ring_unref(struct tfm_ring *ring)
{
	if (!ring || !g_atomic_int_dec_and_test(&ring->refs))
		return;
	for (unsigned int i = 0; i < ring->nr_cpus; i++)
		cpu_clear(&ring->cpus[i]);
	g_free(ring->cpus);
	g_cond_clear(&ring->cond);
	g_mutex_clear(&ring->lock);
	g_free(ring);
}

/* Same as tfm_ring_unref(). */
void tfm_ring_free(struct tfm_ring *ring)
{
	tfm_ring_unref(ring);
}

/* Return: the CPU count given at creation. */
unsigned int tfm_ring_nr_cpus(struct tfm_ring *ring)
{
	return ring->nr_cpus;
}

/* End all waiting: empty blocking reads now return EOF. */
void tfm_ring_shutdown(struct tfm_ring *ring)
{
	g_mutex_lock(&ring->lock);
	ring->shutdown = true;
	g_cond_broadcast(&ring->cond);
	g_mutex_unlock(&ring->lock);
}

/* Interrupt every read that is waiting now (-EINTR). */
void tfm_ring_wake_all(struct tfm_ring *ring)
{
	g_mutex_lock(&ring->lock);
	ring->wake_gen++;
	g_cond_broadcast(&ring->cond);
	g_mutex_unlock(&ring->lock);
}

/* Set (or clear, @fn NULL) the data-arrived hook. */
void tfm_ring_set_notify(struct tfm_ring *ring, tfm_ring_notify_fn fn,
			 void *data)
{
	g_mutex_lock(&ring->lock);
	ring->notify = fn;
	ring->notify_data = data;
	g_mutex_unlock(&ring->lock);
}

/* Replace the time source (NULL: the real clocks). */
void tfm_ring_set_time_fn(struct tfm_ring *ring, tfm_ring_time_fn fn,
			  void *data)
{
	g_mutex_lock(&ring->lock);
	ring->time_fn = fn;
	ring->time_data = data;
	g_mutex_unlock(&ring->lock);
}

/* ---- simple state ----------------------------------------------------- */

/* Turn recording on or off (tracing_on). */
void tfm_ring_set_on(struct tfm_ring *ring, bool on)
{
	g_mutex_lock(&ring->lock);
	ring->on = on;
	g_mutex_unlock(&ring->lock);
}

/* Return: true while recording. */
bool tfm_ring_is_on(struct tfm_ring *ring)
{
	bool on;

	g_mutex_lock(&ring->lock);
	on = ring->on;
	g_mutex_unlock(&ring->lock);
	return on;
}

/* options/overwrite: drop old pages (true) or new entries. */
void tfm_ring_set_overwrite(struct tfm_ring *ring, bool overwrite)
{
	g_mutex_lock(&ring->lock);
	ring->overwrite = overwrite;
	g_mutex_unlock(&ring->lock);
}

/* Return: true in overwrite mode. */
bool tfm_ring_get_overwrite(struct tfm_ring *ring)
{
	bool ow;

	g_mutex_lock(&ring->lock);
	ow = ring->overwrite;
	g_mutex_unlock(&ring->lock);
	return ow;
}

/* Set the output options (copied). */
void tfm_ring_set_trace_opts(struct tfm_ring *ring,
			     const struct tfm_trace_opts *opts)
{
	g_mutex_lock(&ring->lock);
	ring->opts = *opts;
	g_mutex_unlock(&ring->lock);
}

/* Copy the output options to @opts. */
void tfm_ring_get_trace_opts(struct tfm_ring *ring,
			     struct tfm_trace_opts *opts)
{
	g_mutex_lock(&ring->lock);
	*opts = ring->opts;
	g_mutex_unlock(&ring->lock);
}

/* More new pages than @pages on one CPU fail with -ENOMEM. */
void tfm_ring_set_mem_limit(struct tfm_ring *ring, uint64_t pages)
{
	g_mutex_lock(&ring->lock);
	ring->mem_limit = pages;
	g_mutex_unlock(&ring->lock);
}

/* ---- clock ------------------------------------------------------------ */

static void ring_reset_locked(struct tfm_ring *r, int cpu)
{
	for (unsigned int i = 0; i < r->nr_cpus; i++) {
		if (cpu == TFM_RING_ALL_CPUS || (unsigned int)cpu == i)
			cpu_reset(&r->cpus[i]);
	}
}

/**
 * tfm_ring_set_clock() - select a clock; clears the buffer.
 * @ring: the buffer
 * @clock: the clock
 *
 * Return: 0, or -EINVAL when @clock is out of range.
 */
int tfm_ring_set_clock(struct tfm_ring *ring, enum tfm_ring_clock clock)
{
	if ((unsigned int)clock >= TFM_CLOCK_NR)
		return -EINVAL;
	g_mutex_lock(&ring->lock);
	ring->clock = clock;
	ring_reset_locked(ring, TFM_RING_ALL_CPUS);
	g_mutex_unlock(&ring->lock);
	return 0;
}

/* Return: the selected clock. */
enum tfm_ring_clock tfm_ring_get_clock(struct tfm_ring *ring)
{
	enum tfm_ring_clock c;

	g_mutex_lock(&ring->lock);
	c = ring->clock;
	g_mutex_unlock(&ring->lock);
	return c;
}

/* Return: the time of the selected clock (counter: advances). */
uint64_t tfm_ring_now(struct tfm_ring *ring)
{
	uint64_t t;

	g_mutex_lock(&ring->lock);
	t = tfm_rb_now(ring);
	g_mutex_unlock(&ring->lock);
	return t;
}

/* ---- sizes ------------------------------------------------------------ */

static void cpu_set_pages(struct tfm_rb_cpu *c, unsigned long nr)
{
	c->nr_pages = nr;
	while (g_queue_get_length(&c->ring) > nr)
		cpu_drop_head(c);
}

/* With the lock held: see ringbuf.h. */
int tfm_rb_resize(struct tfm_ring *r, int cpu, uint64_t size)
{
	unsigned long nr = bytes_to_pages(size);

	r->expanded = true;
	for (unsigned int i = 0; i < r->nr_cpus; i++) {
		if (cpu != TFM_RING_ALL_CPUS && (unsigned int)cpu != i)
			continue;
		if (nr > r->cpus[i].nr_pages &&
		    nr - r->cpus[i].nr_pages > r->mem_limit)
			return -ENOMEM;
	}
	for (unsigned int i = 0; i < r->nr_cpus; i++) {
		if (cpu == TFM_RING_ALL_CPUS || (unsigned int)cpu == i)
			cpu_set_pages(&r->cpus[i], nr);
	}
	return 0;
}

static bool cpu_ok(struct tfm_ring *r, int cpu)
{
	return cpu == TFM_RING_ALL_CPUS ||
	       (cpu >= 0 && (unsigned int)cpu < r->nr_cpus);
}

/**
 * tfm_ring_resize() - resize one or all CPUs.
 * @ring: the buffer
 * @cpu: the CPU, or TFM_RING_ALL_CPUS
 * @size_bytes: the wanted size per CPU in bytes
 *
 * Return: 0, -EINVAL (bad @cpu) or -ENOMEM (nothing changed).
 */
int tfm_ring_resize(struct tfm_ring *ring, int cpu, uint64_t size_bytes)
{
	int ret;

	if (!cpu_ok(ring, cpu))
		return -EINVAL;
	g_mutex_lock(&ring->lock);
	ret = tfm_rb_resize(ring, cpu, size_bytes);
	g_mutex_unlock(&ring->lock);
	return ret;
}

/* Return: true once expanded or resized. */
bool tfm_ring_is_expanded(struct tfm_ring *ring)
{
	bool e;

	g_mutex_lock(&ring->lock);
	e = ring->expanded;
	g_mutex_unlock(&ring->lock);
	return e;
}

/**
 * tfm_ring_expand() - expand to the default size if not done yet.
 * @ring: the buffer
 *
 * Return: 0 or -ENOMEM.
 */
int tfm_ring_expand(struct tfm_ring *ring)
{
	int ret = 0;

	g_mutex_lock(&ring->lock);
	if (!ring->expanded)
		ret = tfm_rb_resize(ring, TFM_RING_ALL_CPUS,
				    (uint64_t)TFM_RING_DEFAULT_KB << 10);
	g_mutex_unlock(&ring->lock);
	return ret;
}

/**
 * tfm_ring_free_buffer() - the release of a free_buffer fd.
 * @ring: the buffer
 * @disable_on_free: also turn recording off
 */
void tfm_ring_free_buffer(struct tfm_ring *ring, bool disable_on_free)
{
	g_mutex_lock(&ring->lock);
	if (disable_on_free)
		ring->on = false;
	tfm_rb_resize(ring, TFM_RING_ALL_CPUS, 0);
	g_mutex_unlock(&ring->lock);
}


/* ---- writing ---------------------------------------------------------- */

/* rb_calculate_event_length() */
static unsigned int event_length(size_t data)
{
	size_t len = data ? data : 1;

	if (len > MAX_SMALL_DATA)
		len += sizeof(uint32_t);
	len += EVNT_HDR;
	return (unsigned int)((len + 3) & ~(size_t)3);
}

/* Reserve and commit @ev on @c; false when dropped (drop mode, full). */
static bool cpu_write(struct tfm_ring *r, struct tfm_rb_cpu *c,
		      struct tfm_rb_event *ev, size_t data)
{
	struct tfm_rb_page *tail = cpu_tail(c);
	unsigned int len = event_length(data);
	unsigned int full = len;
	uint64_t ts = ev->e.ts;

	/* a time extend when the delta does not fit 27 bits */
	if (tail->write && (ts - c->write_stamp) >> TS_DELTA_BITS)
		full += TIME_EXTEND;
	if (tail->sealed || tail->write + full > TFM_RING_PAGE_DATA) {
		if (!c->tail_on_reader &&
		    g_queue_get_length(&c->ring) >= c->nr_pages) {
			if (!r->overwrite) {
				c->dropped++;
				page_seal(c, tail);
				return false;
			}
			cpu_drop_head(c);
		}
		page_seal(c, tail);
		tail = page_new();
		g_queue_push_tail(&c->ring, tail);
		c->tail_on_reader = false;
		full = len;	/* the new page carries the timestamp */
	}
	if (!tail->write)
		tail->ts = ts;
	ev->length = full;
	g_ptr_array_add(tail->events, ev);
	tail->write += full;
	c->entries++;
	c->entries_bytes += full;
	c->write_stamp = ts;
	return true;
}

static unsigned int pick_cpu(struct tfm_ring *r, int cpu)
{
	if (cpu < 0)
		cpu = sched_getcpu();
	if (cpu < 0)
		cpu = 0;
	return (unsigned int)cpu % r->nr_cpus;
}

static void fill_ctx(struct tfm_ring_entry *e, const struct tfm_ring_ctx *ctx)
{
	e->pid = ctx->pid;
	e->tgid = ctx->tgid;
	e->flags = ctx->flags;
	e->preempt_count = ctx->preempt_count;
	if (ctx->comm)
		g_strlcpy(e->comm, ctx->comm, sizeof(e->comm));
}

/* Record @ev (consumed in all cases).  Return: 0 or -EBADF. */
static int ring_record(struct tfm_ring *r, const struct tfm_ring_ctx *ctx,
		       struct tfm_rb_event *ev, size_t data)
{
	tfm_ring_notify_fn notify = NULL;
	void *ndata = NULL;
	unsigned int cpu;
	bool ok = false;

	fill_ctx(&ev->e, ctx);
	g_mutex_lock(&r->lock);
	cpu = pick_cpu(r, ctx->cpu);
	ev->e.cpu = (int)cpu;
	if (r->on) {
		ev->e.ts = tfm_rb_now(r);
		ok = cpu_write(r, &r->cpus[cpu], ev, data);
	}
	if (ok) {
		g_cond_broadcast(&r->cond);
		notify = r->notify;
		ndata = r->notify_data;
	}
	g_mutex_unlock(&r->lock);
	if (!ok) {
		g_free(ev);
		return -EBADF;
	}
	if (notify)
		notify(ndata, (int)cpu);
	return 0;
}

static struct tfm_rb_event *event_new(enum tfm_ring_entry_type type,
				      size_t len, size_t extra)
{
	struct tfm_rb_event *ev = g_malloc0(sizeof(*ev) + len + extra + 1);

	ev->e.type = type;
	ev->e.data = ev->payload;
	ev->e.len = len;
	return ev;
}

/**
 * tfm_ring_write_marker() - record a trace_marker write.
 * @ring: the buffer
 * @ctx: the writer
 * @text: the bytes written
 * @len: their count
 *
 * Return: bytes taken (at most TFM_RING_MARKER_MAX) or -EBADF.
 */
ssize_t tfm_ring_write_marker(struct tfm_ring *ring,
			      const struct tfm_ring_ctx *ctx,
			      const void *text, size_t len)
{
	const char *s = text;
	size_t cnt = MIN(len, (size_t)TFM_RING_MARKER_COPY);
	struct tfm_rb_event *ev;
	bool nl;
	int ret;

	if (cnt + PRINT_META > TFM_RING_MAX_DATA)
		cnt = TFM_RING_MAX_DATA - PRINT_META;
	nl = !cnt || s[cnt - 1] != '\n';
	ev = event_new(TFM_ENTRY_PRINT, cnt + nl, 0);
	if (cnt)
		memcpy(ev->payload, s, cnt);
	if (nl)
		ev->payload[cnt] = '\n';
	ret = ring_record(ring, ctx, ev, cnt + PRINT_META);
	return ret < 0 ? ret : (ssize_t)cnt;
}

/**
 * tfm_ring_write_raw() - record a trace_marker_raw write.
 * @ring: the buffer
 * @ctx: the writer
 * @data: a 4-byte id and the payload
 * @len: the byte count
 *
 * Return: @len, -EINVAL or -EBADF.
 */
ssize_t tfm_ring_write_raw(struct tfm_ring *ring,
			   const struct tfm_ring_ctx *ctx,
			   const void *data, size_t len)
{
	struct tfm_rb_event *ev;
	uint32_t id;
	int ret;

	if (len < sizeof(id) || len > TFM_RING_MARKER_COPY)
		return -EINVAL;
	if (len + RAW_META > TFM_RING_MAX_DATA)
		return -EBADF;
	/* the kernel prints the event length rounded up to 4 bytes */
	ev = event_new(TFM_ENTRY_RAW, (len + 3) & ~(size_t)3, 0);
	memcpy(&id, data, sizeof(id));
	ev->e.raw_id = id;
	memcpy(ev->payload, (const char *)data + sizeof(id), len - sizeof(id));
	ret = ring_record(ring, ctx, ev, len + RAW_META);
	return ret < 0 ? ret : (ssize_t)len;
}

/**
 * tfm_ring_write_event() - record an event printed as "<name>: <text>".
 * @ring: the buffer
 * @ctx: the writer
 * @name: the event name
 * @text: the formatted fields
 * @data_size: the size of the event's record in the ring
 *
 * Return: 0, -E2BIG or -EBADF.
 */
int tfm_ring_write_event(struct tfm_ring *ring,
			 const struct tfm_ring_ctx *ctx, const char *name,
			 const char *text, size_t data_size)
{
	size_t tlen = text ? strlen(text) : 0;
	size_t nlen = name ? strlen(name) : 0;
	struct tfm_rb_event *ev;

	if (data_size > TFM_RING_MAX_DATA)
		return -E2BIG;
	ev = event_new(TFM_ENTRY_EVENT, tlen, nlen + 1);
	if (tlen)
		memcpy(ev->payload, text, tlen);
	memcpy(ev->payload + tlen + 1, name ? name : "", nlen + 1);
	ev->e.name = ev->payload + tlen + 1;
	return ring_record(ring, ctx, ev, data_size);
}

/* ---- reading ---------------------------------------------------------- */

/* With the lock held.  Return: whether @c has an unconsumed event. */
bool tfm_rb_has_data(const struct tfm_rb_cpu *c)
{
	return c->entries != c->overrun + c->read;
}

static void cpu_swap_reader(struct tfm_rb_cpu *c)
{
	page_free(c->reader);
	c->reader = g_queue_pop_head(&c->ring);
	c->reader->read = 0;
	if (g_queue_is_empty(&c->ring))
		c->tail_on_reader = true;
	if (c->overrun != c->last_overrun) {
		c->lost_events = c->overrun - c->last_overrun;
		c->last_overrun = c->overrun;
	}
}

/* With the lock held: see ringbuf.h.  Return: the event or NULL. */
struct tfm_rb_event *tfm_rb_peek(struct tfm_rb_cpu *c, unsigned long *lost)
{
	for (;;) {
		struct tfm_rb_page *rp = c->reader;

		if (rp->read < rp->events->len) {
			if (lost)
				*lost = c->lost_events;
			return g_ptr_array_index(rp->events, rp->read);
		}
		if (rp->pad && !rp->pad_read) {
			c->read_bytes += rp->pad;
			rp->pad_read = true;
		}
		if (c->tail_on_reader || !tfm_rb_has_data(c))
			return NULL;
		cpu_swap_reader(c);
	}
}

/* With the lock held: consume what tfm_rb_peek() returned. */
void tfm_rb_consume(struct tfm_rb_cpu *c)
{
	struct tfm_rb_page *rp = c->reader;
	struct tfm_rb_event *ev = g_ptr_array_index(rp->events, rp->read);

	rp->read++;
	c->read++;
	c->read_bytes += ev->length;
	c->lost_events = 0;
}

/* With the lock held: start @k at the oldest unconsumed event. */
void tfm_rb_cursor_init(struct tfm_rb_cursor *k, struct tfm_rb_cpu *c)
{
	k->page = c->reader;
	k->idx = c->reader->read;
	k->next = c->tail_on_reader ? NULL : c->ring.head;
}

/* Return: the event at @k or NULL; advance with k->idx++. */
struct tfm_rb_event *tfm_rb_cursor_peek(struct tfm_rb_cursor *k)
{
	while (k->page && k->idx >= k->page->events->len) {
		k->page = k->next ? k->next->data : NULL;
		k->next = k->next ? k->next->next : NULL;
		k->idx = 0;
	}
	return k->page ? g_ptr_array_index(k->page->events, k->idx) : NULL;
}

/* Clear @cpu or all CPUs (an O_TRUNC open of trace). */
void tfm_ring_reset(struct tfm_ring *ring, int cpu)
{
	g_mutex_lock(&ring->lock);
	ring_reset_locked(ring, cpu);
	g_mutex_unlock(&ring->lock);
}

/* With the lock held: see tfm_ring_counts(). */
void tfm_rb_counts(struct tfm_ring *r, unsigned long *entries,
		   unsigned long *written)
{
	*entries = *written = 0;
	for (unsigned int i = 0; i < r->nr_cpus; i++) {
		struct tfm_rb_cpu *c = &r->cpus[i];
		unsigned long in = c->entries - (c->overrun + c->read);

		*entries += in;
		*written += in + c->overrun;
	}
}

/* The header counters of trace: in buffer, written. */
void tfm_ring_counts(struct tfm_ring *ring, unsigned long *entries,
		     unsigned long *written)
{
	g_mutex_lock(&ring->lock);
	tfm_rb_counts(ring, entries, written);
	g_mutex_unlock(&ring->lock);
}

/**
 * tfm_ring_cpu_stats() - the counters of per_cpu/cpuN/stats.
 * @ring: the buffer
 * @cpu: the CPU
 * @st: filled in
 *
 * Return: 0, or -EINVAL for a bad @cpu.
 */
int tfm_ring_cpu_stats(struct tfm_ring *ring, int cpu,
		       struct tfm_ring_cpu_stats *st)
{
	struct tfm_rb_cpu *c;
	struct tfm_rb_page *old;

	if (cpu < 0 || (unsigned int)cpu >= ring->nr_cpus)
		return -EINVAL;
	g_mutex_lock(&ring->lock);
	c = &ring->cpus[cpu];
	old = c->tail_on_reader ? c->reader : g_queue_peek_head(&c->ring);
	*st = (struct tfm_ring_cpu_stats) {
		.entries = c->entries - (c->overrun + c->read),
		.overrun = c->overrun,
		.commit_overrun = c->commit_overrun,
		.bytes = c->entries_bytes - c->read_bytes,
		.oldest_ts = old ? old->ts : 0,
		.now_ts = tfm_rb_now(ring),
		.dropped = c->dropped,
		.read = c->read,
	};
	g_mutex_unlock(&ring->lock);
	return 0;
}
