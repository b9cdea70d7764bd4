// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ringbuf-test.h - what the ring buffer suites share: a fake clock, rings
 * on it, marker writes, and the text of trace files as strings.
 */
#ifndef RINGBUF_TEST_H
#define RINGBUF_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "ringbuf.h"
#include "trace-output.h"

/* ---- helpers ---- */

struct fake_time {
	uint64_t now;
	uint64_t step;		/* added after each call */
};

static inline uint64_t fake_now(void *data, enum tfm_ring_clock clock)
{
	struct fake_time *t = data;
	uint64_t v = t->now;

	(void)clock;
	t->now += t->step;
	return v;
}

static inline struct tfm_ring *ring_fake(unsigned int cpus, bool expanded,
				  struct fake_time *t)
{
	struct tfm_ring *r = tfm_ring_new(cpus, expanded);

	tfm_ring_set_time_fn(r, fake_now, t);
	return r;
}

static inline char *fixture(const char *rel)
{
	g_autofree char *path = g_build_filename(getenv("TFM_DATA_DIR"),
						 "linux-6.18", rel, NULL);
	char *text = NULL;

	assert_true(g_file_get_contents(path, &text, NULL, NULL));
	return text;
}

static inline char *trace_text(struct tfm_ring *r, int cpu)
{
	GString *s = g_string_new(NULL);

	tfm_ring_print_trace(r, cpu, s);
	return g_string_free(s, FALSE);
}

/* The lines of `trace` after the 12 header lines. */
static inline const char *trace_body(const char *text)
{
	const char *p = text;

	for (int i = 0; i < 12 && p; i++) {
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	assert_non_null(p);
	return p;
}

/* a marker write by python3, pid 9552, on @cpu */
static inline struct tfm_ring_ctx ctx_on(int cpu)
{
	struct tfm_ring_ctx c = {
		.cpu = cpu, .pid = 9552, .comm = "python3",
		.preempt_count = TFM_RING_MARKER_PREEMPT,
	};

	return c;
}

static inline void mark(struct tfm_ring *r, int cpu, const char *text)
{
	struct tfm_ring_ctx c = ctx_on(cpu);

	assert_int_equal(tfm_ring_write_marker(r, &c, text, strlen(text)),
			 (ssize_t)strlen(text));
}

static inline char *stats_text(struct tfm_ring *r, int cpu)
{
	GString *s = g_string_new(NULL);

	assert_int_equal(tfm_ring_print_stats(r, cpu, s), 0);
	return g_string_free(s, FALSE);
}

static inline char *size_text(struct tfm_ring *r, int cpu)
{
	GString *s = g_string_new(NULL);

	tfm_ring_print_size_kb(r, cpu, s);
	return g_string_free(s, FALSE);
}

static inline char *total_text(struct tfm_ring *r)
{
	GString *s = g_string_new(NULL);

	tfm_ring_print_total_size_kb(r, s);
	return g_string_free(s, FALSE);
}

static inline void fill(struct tfm_ring *r, int n, const char *text)
{
	for (int i = 0; i < n; i++)
		mark(r, 0, text);
}

#endif /* RINGBUF_TEST_H */
