// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Unit tests for the ring buffer's control files (ringbuf.c,
 * trace-output.c): buffer_size_kb and buffer_total_size_kb, per_cpu
 * stats, trace_clock and resetting.  Expected strings are Linux 6.18's
 * (tracefs.md §8, the linux-6.18 fixture).
 */
#include "ringbuf-test.h"

static void expect_size(struct tfm_ring *r, int cpu, const char *want)
{
	g_autofree char *got = size_text(r, cpu);

	assert_string_equal(got, want);
}

static void expect_total(struct tfm_ring *r, const char *want)
{
	g_autofree char *got = total_text(r);

	assert_string_equal(got, want);
}

static void test_sizes_fresh(void **state)
{
	struct tfm_ring *top = tfm_ring_new(2, false);
	struct tfm_ring *inst = tfm_ring_new(2, true);
	g_autofree char *isz = fixture("instance-probe_demo/buffer_size_kb");
	g_autofree char *itot = fixture("instance-probe_demo/buffer_total_size_kb");
	g_autofree char *tsz = fixture("top-level/buffer_size_kb");
	g_autofree char *ttot = fixture("top-level/buffer_total_size_kb");

	(void)state;
	expect_size(top, TFM_RING_ALL_CPUS, "7 (expanded: 1408)\n");
	expect_total(top, "14 (expanded: 2816)\n");
	expect_size(top, 1, "7\n");
	assert_false(tfm_ring_is_expanded(top));
	expect_size(inst, TFM_RING_ALL_CPUS, isz);
	expect_total(inst, itot);
	/* the capture was taken after a free_buffer close */
	tfm_ring_free_buffer(top, false);
	assert_true(tfm_ring_is_expanded(top));
	assert_true(tfm_ring_is_on(top));
	expect_size(top, TFM_RING_ALL_CPUS, tsz);
	expect_total(top, ttot);
	tfm_ring_free_buffer(inst, true);
	assert_false(tfm_ring_is_on(inst));
	expect_size(inst, TFM_RING_ALL_CPUS, "7\n");
	tfm_ring_free(top);
	tfm_ring_free(inst);
}

static void test_sizes_write(void **state)
{
	struct tfm_ring *r = tfm_ring_new(2, false);
	static const struct { const char *in; const char *out; } ok[] = {
		{ "1", "7\n" }, { "64", "67\n" }, { "100", "103\n" },
		{ "1408", "1410\n" }, { "+64\n", "67\n" },
	};
	static const struct { const char *in; int err; } bad[] = {
		{ "0", -EINVAL }, { "abc", -EINVAL }, { "", -EINVAL },
		{ "-5", -EINVAL }, { "100k", -EINVAL }, { "64 ", -EINVAL },
		{ " 64", -EINVAL }, { "0x40", -EINVAL }, { "64\n\n", -EINVAL },
		{ "99999999999999999999", -ERANGE },
	};

	(void)state;
	assert_int_equal(tfm_ring_expand(r), 0);
	expect_size(r, TFM_RING_ALL_CPUS, "1410\n");
	expect_total(r, "2820\n");
	for (size_t i = 0; i < G_N_ELEMENTS(ok); i++) {
		assert_int_equal(tfm_ring_write_size_kb(r, TFM_RING_ALL_CPUS,
				 ok[i].in, strlen(ok[i].in)), 0);
		expect_size(r, TFM_RING_ALL_CPUS, ok[i].out);
	}
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		assert_int_equal(tfm_ring_write_size_kb(r, TFM_RING_ALL_CPUS,
				 bad[i].in, strlen(bad[i].in)), bad[i].err);
		expect_size(r, TFM_RING_ALL_CPUS, "67\n");
	}
	/* one CPU only: the instance-wide file reads X */
	assert_int_equal(tfm_ring_write_size_kb(r, 1, "1408", 4), 0);
	expect_size(r, 1, "1410\n");
	expect_size(r, 0, "67\n");
	expect_size(r, TFM_RING_ALL_CPUS, "X\n");
	expect_total(r, "1477\n");
	assert_int_equal(tfm_ring_size_kb(r, 1), 1410);
	assert_int_equal(tfm_ring_write_size_kb(r, 2, "64", 2), -EINVAL);
	/* too many new pages: ENOMEM, nothing changes */
	tfm_ring_set_mem_limit(r, 1000);
	assert_int_equal(tfm_ring_write_size_kb(r, TFM_RING_ALL_CPUS,
			 "5000", 4), -ENOMEM);
	expect_size(r, 1, "1410\n");
	expect_size(r, 0, "67\n");
	assert_int_equal(tfm_ring_write_size_kb(r, TFM_RING_ALL_CPUS,
			 "3000", 4), 0);
	expect_size(r, TFM_RING_ALL_CPUS, "3000\n");
	tfm_ring_free(r);
}

static void test_shrink_drops_oldest(void **state)
{
	struct fake_time t = { .now = 1000000, .step = 1000 };
	struct tfm_ring *r = ring_fake(1, true, &t);
	struct tfm_ring_cpu_stats st;

	(void)state;
	fill(r, 170 * 4 + 1, "xy");	/* 5 pages in use */
	assert_int_equal(tfm_ring_resize(r, 0, 1), 0);
	assert_int_equal(tfm_ring_cpu_stats(r, 0, &st), 0);
	assert_int_equal(st.overrun, 170 * 3);
	assert_int_equal(st.entries, 171);
	assert_int_equal(st.bytes, 171 * 24);
	tfm_ring_free(r);
}

/* ---- stats, clock, reset ---- */

static void test_stats_text(void **state)
{
	struct fake_time t = { .now = 1234567890123ull };
	struct tfm_ring *r = ring_fake(2, true, &t);
	g_autofree char *fresh = stats_text(r, 1);
	g_autofree char *used = NULL;
	g_autofree char *counter = NULL;
	GString *bad = g_string_new(NULL);

	(void)state;
	assert_string_equal(fresh,
		"entries: 0\noverrun: 0\ncommit overrun: 0\nbytes: 0\n"
		"oldest event ts:     0.000000\nnow ts:  1234.567890\n"
		"dropped events: 0\nread events: 0\n");
	t.now = 1234567999600ull;
	mark(r, 1, "hi");
	t.now = 1235000000000ull;
	used = stats_text(r, 1);
	assert_string_equal(used,
		"entries: 1\noverrun: 0\ncommit overrun: 0\nbytes: 24\n"
		"oldest event ts:  1234.568000\nnow ts:  1235.000000\n"
		"dropped events: 0\nread events: 0\n");
	assert_int_equal(tfm_ring_print_stats(r, 2, bad), -EINVAL);
	g_string_free(bad, TRUE);
	assert_int_equal(tfm_ring_set_clock(r, TFM_CLOCK_COUNTER), 0);
	mark(r, 0, "c");
	counter = stats_text(r, 0);
	assert_string_equal(counter,
		"entries: 1\noverrun: 0\ncommit overrun: 0\nbytes: 24\n"
		"oldest event ts: 1\nnow ts: 2\n"
		"dropped events: 0\nread events: 0\n");
	tfm_ring_free(r);
}

static void test_clock(void **state)
{
	g_autofree char *want = fixture("top-level/trace_clock");
	struct fake_time t = { .now = 5000000 };
	struct tfm_ring *r = ring_fake(1, true, &t);
	GString *s = g_string_new(NULL);
	g_autofree char *text = NULL;
	unsigned long in, wr;

	(void)state;
	tfm_ring_print_clock(r, s);
	assert_string_equal(s->str, want);
	mark(r, 0, "gone");
	assert_int_equal(tfm_ring_write_clock(r, "global\n", 7), 0);
	tfm_ring_counts(r, &in, &wr);
	assert_int_equal(in + wr, 0);	/* a clock change clears */
	g_string_truncate(s, 0);
	tfm_ring_print_clock(r, s);
	assert_string_equal(s->str,
		"local [global] counter uptime perf mono mono_raw boot tai x86-tsc\n");
	assert_int_equal(tfm_ring_write_clock(r, "[local]", 7), -EINVAL);
	assert_int_equal(tfm_ring_write_clock(r, "nosuch", 6), -EINVAL);
	assert_int_equal(tfm_ring_get_clock(r), TFM_CLOCK_GLOBAL);
	assert_int_equal(tfm_ring_write_clock(r, "  x86-tsc \t", 11), 0);
	assert_int_equal(tfm_ring_get_clock(r), TFM_CLOCK_X86_TSC);
	assert_int_equal(tfm_ring_set_clock(r, TFM_CLOCK_NR), -EINVAL);
	assert_int_equal(tfm_ring_write_clock(r, "counter", 7), 0);
	mark(r, 0, "c1");
	mark(r, 0, "c2");
	text = trace_text(r, 0);
	assert_string_equal(trace_body(text),
		"         python3-9552    [000] ...1.            1: tracing_mark_write: c1\n"
		"         python3-9552    [000] ...1.            2: tracing_mark_write: c2\n");
	g_string_free(s, TRUE);
	tfm_ring_free(r);
}

static void test_reset(void **state)
{
	struct fake_time t = { .now = 1000000, .step = 1000 };
	struct tfm_ring *r = ring_fake(2, true, &t);
	struct tfm_ring_cpu_stats st;
	g_autofree char *text = NULL;
	g_autofree char *fresh = NULL;
	unsigned long in, wr;

	(void)state;
	mark(r, 0, "a");
	mark(r, 1, "b");
	mark(r, 1, "c");
	tfm_ring_reset(r, 1);
	tfm_ring_counts(r, &in, &wr);
	assert_int_equal(in, 1);
	assert_int_equal(wr, 1);
	assert_int_equal(tfm_ring_cpu_stats(r, 1, &st), 0);
	assert_int_equal(st.entries + st.bytes + st.read, 0);
	tfm_ring_reset(r, TFM_RING_ALL_CPUS);
	text = trace_text(r, TFM_RING_ALL_CPUS);
	fresh = fixture("top-level/trace.head12");
	assert_string_equal(text, fresh);
	tfm_ring_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes_fresh),
		cmocka_unit_test(test_sizes_write),
		cmocka_unit_test(test_shrink_drops_oldest),
		cmocka_unit_test(test_stats_text),
		cmocka_unit_test(test_clock),
		cmocka_unit_test(test_reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
