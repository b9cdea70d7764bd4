// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Unit tests for the trace ring buffer model (ringbuf.c) and the text of
 * the trace files (trace-output.c).  Expected strings are those of Linux
 * 6.18 (tracefs.md §8, the linux-6.18 fixture); byte and page counts follow
 * the kernel's ring buffer layout: 4080 data bytes per page, 4-byte event
 * headers, 24 bytes for a 2-character marker (16 + 2 + 2 data bytes).
 */
#include "ringbuf-test.h"

/* ---- header and lines ---- */

static void test_header_fresh(void **state)
{
	g_autofree char *want = fixture("top-level/trace.head12");
	g_autofree char *inst = fixture("instance-probe_demo/trace.head12");
	struct tfm_ring *r = tfm_ring_new(2, false);
	struct tfm_ring *r4 = tfm_ring_new(4, true);
	g_autofree char *got = trace_text(r, TFM_RING_ALL_CPUS);
	g_autofree char *got4 = trace_text(r4, TFM_RING_ALL_CPUS);
	g_autofree char *want4 = NULL;
	char *p;

	(void)state;
	assert_string_equal(got, want);
	assert_string_equal(got, inst);
	assert_int_equal(strlen(got), 515);
	want4 = g_strdup(want);
	p = strstr(want4, "#P:2");
	assert_non_null(p);
	p[3] = '4';
	assert_string_equal(got4, want4);
	tfm_ring_free(r);
	tfm_ring_free(r4);
}

static void test_marker_lines(void **state)
{
	struct fake_time t = { .now = 1123610227000ull };
	struct tfm_ring *r = ring_fake(2, true, &t);
	struct tfm_ring_ctx anon = ctx_on(0), py_ctx = ctx_on(1);
	g_autofree char *text = NULL;

	(void)state;
	assert_int_equal(tfm_ring_write_marker(r, &py_ctx, "two", 3), 3);
	t.now = 1123610228499ull;	/* rounds down to ...228 */
	assert_int_equal(tfm_ring_write_marker(r, &py_ctx, "l1\nl2", 5), 5);
	t.now = 1123610229500ull;	/* rounds up to ...230 */
	assert_int_equal(tfm_ring_write_marker(r, &py_ctx, "nl\n", 3), 3);
	t.now = 1123610231000ull;
	anon.comm = NULL;
	anon.pid = 77;
	anon.preempt_count = 0;
	anon.flags = TFM_TRACE_FLAG_IRQS_OFF | TFM_TRACE_FLAG_NEED_RESCHED |
		     TFM_TRACE_FLAG_SOFTIRQ;
	assert_int_equal(tfm_ring_write_marker(r, &anon, "", 0), 0);
	text = trace_text(r, TFM_RING_ALL_CPUS);
	assert_non_null(strstr(text,
		"# entries-in-buffer/entries-written: 4/4   #P:2\n"));
	assert_string_equal(trace_body(text),
		"         python3-9552    [001] ...1.  1123.610227: tracing_mark_write: two\n"
		"         python3-9552    [001] ...1.  1123.610228: tracing_mark_write: l1\n"
		"l2\n"
		"         python3-9552    [001] ...1.  1123.610230: tracing_mark_write: nl\n"
		"           <...>-77      [000] dns..  1123.610231: tracing_mark_write: \n");
	tfm_ring_free(r);
}

static void test_marker_limits(void **state)
{
	struct fake_time t = { .now = 5000000000ull, .step = 1000 };
	struct tfm_ring *r = ring_fake(1, true, &t);
	g_autofree char *big = g_malloc(10000);
	g_autofree char *text = NULL;
	struct tfm_ring_ctx c = ctx_on(0);
	const char *line;

	(void)state;
	memset(big, 'a', 10000);
	assert_int_equal(tfm_ring_write_marker(r, &c, big, 4054), 4054);
	assert_int_equal(tfm_ring_write_marker(r, &c, big, 4055), 4054);
	assert_int_equal(tfm_ring_write_marker(r, &c, big, 4080), 4054);
	assert_int_equal(tfm_ring_write_marker(r, &c, big, 10000), 4054);
	text = trace_text(r, 0);
	line = trace_body(text);
	/* the text is cut at 4054 bytes and a newline is added */
	line = strstr(line, "tracing_mark_write: ");
	assert_non_null(line);
	assert_int_equal(strcspn(line + 20, "\n"), 4054);
	/* while recording is off nothing is written: EBADF */
	tfm_ring_set_on(r, false);
	assert_false(tfm_ring_is_on(r));
	assert_int_equal(tfm_ring_write_marker(r, &c, "x", 1), -EBADF);
	assert_int_equal(tfm_ring_write_event(r, &c, "ev", "a=1", 24), -EBADF);
	tfm_ring_set_on(r, true);
	assert_int_equal(tfm_ring_write_marker(r, &c, "x", 1), 1);
	assert_int_equal(tfm_ring_write_event(r, &c, "ev", "a=1", 4073), -E2BIG);
	tfm_ring_free(r);
}

static void test_raw_marker(void **state)
{
	struct fake_time t = { .now = 2000000000ull };
	struct tfm_ring *r = ring_fake(1, true, &t);
	struct tfm_ring_ctx c = ctx_on(0);
	g_autofree char *big = g_malloc0(5000);
	g_autofree char *text = NULL;

	(void)state;
	assert_int_equal(tfm_ring_write_raw(r, &c, "abc", 3), -EINVAL);
	assert_int_equal(tfm_ring_write_raw(r, &c, "", 0), -EINVAL);
	assert_int_equal(tfm_ring_write_raw(r, &c, big, 4097), -EINVAL);
	assert_int_equal(tfm_ring_write_raw(r, &c, big, 4061), -EBADF);
	assert_int_equal(tfm_ring_write_raw(r, &c, "abcdefghi", 9), 9);
	assert_int_equal(tfm_ring_write_raw(r, &c, "\x01\x00\x00\x00", 4), 4);
	text = trace_text(r, 0);
	assert_string_equal(trace_body(text),
		"         python3-9552    [000] ...1.     2.000000: # 64636261 buf:"
		" 65 66 67 68 69 00 00 00 00 00 00 00\n"
		"         python3-9552    [000] ...1.     2.000000: # 1 buf:"
		" 00 00 00 00\n");
	assert_int_equal(tfm_ring_write_raw(r, &c, big, 4060), 4060);
	tfm_ring_free(r);
}

static void test_generic_event_and_options(void **state)
{
	struct fake_time t = { .now = 1065662672000ull };
	struct tfm_ring *r = ring_fake(2, true, &t);
	struct tfm_ring_ctx c = { .cpu = 1, .pid = 4242, .tgid = 4240,
				  .comm = "a-very-long-command-name" };
	struct tfm_trace_opts o;
	g_autofree char *plain = NULL;
	g_autofree char *tgid = NULL;
	g_autofree char *noctx = NULL;
	g_autofree char *verbose = NULL;

	(void)state;
	assert_int_equal(tfm_ring_write_event(r, &c, "ev1",
			 "(0x557d2457d000) a=0x1", 32), 0);
	tfm_trace_opts_init(&o);
	o.irq_info = false;
	tfm_ring_set_trace_opts(r, &o);
	plain = trace_text(r, TFM_RING_ALL_CPUS);
	assert_string_equal(strstr(plain, "#           TASK-PID"),
		"#           TASK-PID     CPU#     TIMESTAMP  FUNCTION\n"
		"#              | |         |         |         |\n"
		" a-very-long-com-4242    [001]   1065.662672: ev1: (0x557d2457d000) a=0x1\n");
	o.irq_info = true;
	o.record_tgid = true;
	tfm_ring_set_trace_opts(r, &o);
	tgid = trace_text(r, TFM_RING_ALL_CPUS);
	assert_string_equal(strstr(tgid, "#                     "),
		"#                                          _-----=> irqs-off/BH-disabled\n"
		"#                                         / _----=> need-resched\n"
		"#                                        | / _---=> hardirq/softirq\n"
		"#                                        || / _--=> preempt-depth\n"
		"#                                        ||| / _-=> migrate-disable\n"
		"#                                        |||| /     delay\n"
		"#           TASK-PID       TGID    CPU#  |||||  TIMESTAMP  FUNCTION\n"
		"#              | |           |       |   |||||     |         |\n"
		" a-very-long-com-4242    (   4240) [001] .....  1065.662672: ev1: (0x557d2457d000) a=0x1\n");
	o.context_info = false;
	tfm_ring_set_trace_opts(r, &o);
	noctx = trace_text(r, TFM_RING_ALL_CPUS);
	assert_string_equal(noctx,
		"# tracer: nop\n#\nev1: (0x557d2457d000) a=0x1\n");
	o.context_info = true;
	o.verbose = true;
	tfm_ring_set_trace_opts(r, &o);
	verbose = trace_text(r, TFM_RING_ALL_CPUS);
	assert_true(g_str_has_prefix(verbose, "# tracer: nop\n#\n a-very-long-com-4242"));
	tfm_ring_free(r);
}

/* ---- ordering, consuming ---- */

static void test_order_across_cpus(void **state)
{
	struct fake_time t = { .now = 100000 };
	struct tfm_ring *r = ring_fake(2, true, &t);
	g_autofree char *all = NULL;
	g_autofree char *cpu1 = NULL;

	(void)state;
	mark(r, 1, "a");
	t.now = 300000;
	mark(r, 1, "c");
	t.now = 200000;
	mark(r, 0, "b");
	t.now = 300000;
	mark(r, 0, "d");	/* same time as "c": CPU 0 first */
	all = trace_text(r, TFM_RING_ALL_CPUS);
	assert_string_equal(trace_body(all),
		"         python3-9552    [001] ...1.     0.000100: tracing_mark_write: a\n"
		"         python3-9552    [000] ...1.     0.000200: tracing_mark_write: b\n"
		"         python3-9552    [000] ...1.     0.000300: tracing_mark_write: d\n"
		"         python3-9552    [001] ...1.     0.000300: tracing_mark_write: c\n");
	cpu1 = trace_text(r, 1);
	/* per-CPU trace: that CPU's lines, the counts of the whole buffer */
	assert_non_null(strstr(cpu1, "entries-written: 4/4   #P:2\n"));
	assert_string_equal(trace_body(cpu1),
		"         python3-9552    [001] ...1.     0.000100: tracing_mark_write: a\n"
		"         python3-9552    [001] ...1.     0.000300: tracing_mark_write: c\n");
	tfm_ring_free(r);
}

static void test_consuming_read(void **state)
{
	struct fake_time t = { .now = 7000000, .step = 1000000 };
	struct tfm_ring *r = ring_fake(2, true, &t);
	struct tfm_ring_reader *rd = tfm_ring_reader_new(r, TFM_RING_ALL_CPUS);
	g_autofree char *before = NULL;
	g_autofree char *again = NULL;
	g_autofree char *after = NULL;
	char buf[512];
	ssize_t n;
	unsigned long in, wr;

	(void)state;
	assert_null(tfm_ring_reader_new(r, 2));
	mark(r, 0, "one");
	mark(r, 1, "two");
	mark(r, 0, "three");
	before = trace_text(r, TFM_RING_ALL_CPUS);
	again = trace_text(r, TFM_RING_ALL_CPUS);
	assert_string_equal(before, again);
	/* a short read consumes the whole entry and keeps the rest */
	n = tfm_ring_reader_read(rd, buf, 10, true);
	assert_int_equal(n, 10);
	assert_memory_equal(buf, "         p", 10);
	tfm_ring_counts(r, &in, &wr);
	assert_int_equal(in, 2);
	assert_int_equal(wr, 2);
	n = tfm_ring_reader_read(rd, buf, sizeof(buf), true);
	buf[n] = '\0';
	assert_string_equal(buf,
		"ython3-9552    [000] ...1.     0.007000: tracing_mark_write: one\n");
	after = trace_text(r, TFM_RING_ALL_CPUS);
	assert_non_null(strstr(after, "entries-written: 2/2   #P:2\n"));
	assert_null(strstr(after, ": one\n"));
	/* one large read returns both remaining lines, oldest first */
	n = tfm_ring_reader_read(rd, buf, sizeof(buf), true);
	buf[n] = '\0';
	assert_string_equal(buf,
		"         python3-9552    [001] ...1.     0.008000: tracing_mark_write: two\n"
		"         python3-9552    [000] ...1.     0.009000: tracing_mark_write: three\n");
	tfm_ring_counts(r, &in, &wr);
	assert_int_equal(in + wr, 0);
	assert_int_equal(tfm_ring_reader_read(rd, buf, sizeof(buf), true),
			 -EAGAIN);
	assert_false(tfm_ring_reader_poll(rd));
	tfm_ring_reader_free(rd);
	tfm_ring_free(r);
}

static void test_per_cpu_reader(void **state)
{
	struct fake_time t = { .now = 1000, .step = 1000 };
	struct tfm_ring *r = ring_fake(2, true, &t);
	struct tfm_ring_reader *rd = tfm_ring_reader_new(r, 1);
	char buf[256];
	ssize_t n;

	(void)state;
	assert_int_equal(tfm_ring_reader_cpu(rd), 1);
	mark(r, 0, "zero");
	assert_false(tfm_ring_reader_poll(rd));
	assert_int_equal(tfm_ring_reader_read(rd, buf, sizeof(buf), true),
			 -EAGAIN);
	mark(r, 1, "one");
	assert_true(tfm_ring_reader_poll(rd));
	n = tfm_ring_reader_read(rd, buf, sizeof(buf), true);
	buf[n] = '\0';
	assert_non_null(strstr(buf, "[001] ...1.     0.000002: tracing_mark_write: one\n"));
	assert_null(strstr(buf, "zero"));
	tfm_ring_reader_free(rd);
	tfm_ring_free(r);
}

struct writer_arg {
	struct tfm_ring *ring;
	gint notified;
};

static void on_data(void *data, int cpu)
{
	struct writer_arg *w = data;

	g_atomic_int_add(&w->notified, cpu + 1);
}

static gpointer writer_thread(gpointer data)
{
	struct writer_arg *w = data;
	struct tfm_ring_ctx c = ctx_on(1);

	g_usleep(50000);
	tfm_ring_write_marker(w->ring, &c, "wake", 4);
	return NULL;
}

static void test_blocking_read(void **state)
{
	struct tfm_ring *r = tfm_ring_new(2, true);
	struct tfm_ring_reader *rd = tfm_ring_reader_new(r, TFM_RING_ALL_CPUS);
	struct writer_arg w = { .ring = r };
	GThread *th;
	char buf[256];
	ssize_t n;

	(void)state;
	tfm_ring_set_notify(r, on_data, &w);
	th = g_thread_new("writer", writer_thread, &w);
	n = tfm_ring_reader_read(rd, buf, sizeof(buf), false);
	g_thread_join(th);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_true(g_str_has_suffix(buf, ": tracing_mark_write: wake\n"));
	assert_int_equal(g_atomic_int_get(&w.notified), 2);
	tfm_ring_set_notify(r, NULL, NULL);
	tfm_ring_reader_free(rd);
	tfm_ring_free(r);
}

static gpointer interrupter(gpointer data)
{
	g_usleep(30000);
	tfm_ring_reader_interrupt(data);
	return NULL;
}

struct waker_arg {
	struct tfm_ring *ring;
	gint done;
};

/* wake_all only stops reads that already wait: repeat until one did */
static gpointer waker(gpointer data)
{
	struct waker_arg *w = data;

	while (!g_atomic_int_get(&w->done)) {
		g_usleep(10000);
		tfm_ring_wake_all(w->ring);
	}
	return NULL;
}

static gpointer shutter(gpointer data)
{
	g_usleep(30000);
	tfm_ring_shutdown(data);
	return NULL;
}

static void test_interrupt_and_shutdown(void **state)
{
	struct tfm_ring *r = tfm_ring_new(1, true);
	struct tfm_ring_reader *rd = tfm_ring_reader_new(r, TFM_RING_ALL_CPUS);
	struct waker_arg w = { .ring = r };
	char buf[64];
	GThread *th;

	(void)state;
	th = g_thread_new("intr", interrupter, rd);
	assert_int_equal(tfm_ring_reader_read(rd, buf, sizeof(buf), false),
			 -EINTR);
	g_thread_join(th);
	th = g_thread_new("wake", waker, &w);
	assert_int_equal(tfm_ring_reader_read(rd, buf, sizeof(buf), false),
			 -EINTR);
	g_atomic_int_set(&w.done, 1);
	g_thread_join(th);
	th = g_thread_new("shut", shutter, r);
	assert_int_equal(tfm_ring_reader_read(rd, buf, sizeof(buf), false), 0);
	g_thread_join(th);
	assert_true(tfm_ring_reader_poll(rd));
	assert_int_equal(tfm_ring_reader_read(rd, buf, 0, false), 0);
	/* the reader keeps the ring alive after its owner let go */
	tfm_ring_free(r);
	tfm_ring_reader_free(rd);
}

/* ---- page accounting ---- */


static void test_overwrite_mode(void **state)
{
	struct fake_time t = { .now = 10000000000ull, .step = 1000 };
	struct tfm_ring *r = ring_fake(1, false, &t);	/* 2 pages */
	struct tfm_ring_reader *rd;
	g_autofree char *st = NULL;
	g_autofree char *text = NULL;
	char buf[128];
	ssize_t n;
	unsigned long in, wr;

	(void)state;
	/* 24-byte events: 170 fill a page; the 341st drops the oldest page */
	fill(r, 341, "xy");
	tfm_ring_counts(r, &in, &wr);
	assert_int_equal(in, 171);
	assert_int_equal(wr, 341);
	st = stats_text(r, 0);
	assert_string_equal(st,
		"entries: 171\noverrun: 170\ncommit overrun: 0\nbytes: 4104\n"
		"oldest event ts:    10.000170\nnow ts:    10.000341\n"
		"dropped events: 0\nread events: 0\n");
	text = trace_text(r, 0);
	/* annotate: one CPU only, so no "buffer started" note */
	assert_null(strstr(text, "#####"));
	rd = tfm_ring_reader_new(r, 0);
	n = tfm_ring_reader_read(rd, buf, 1, true);
	assert_int_equal(n, 1);
	n = tfm_ring_reader_read(rd, buf, sizeof(buf) - 1, true);
	buf[n] = '\0';
	assert_true(g_str_has_prefix(buf, "PU:0 [LOST 170 EVENTS]\n"));
	tfm_ring_reader_free(rd);
	tfm_ring_free(r);
}

static void test_drop_mode(void **state)
{
	struct fake_time t = { .now = 10000000000ull, .step = 1000 };
	struct tfm_ring *r = ring_fake(1, false, &t);
	struct tfm_ring_reader *rd = tfm_ring_reader_new(r, 0);
	struct tfm_ring_ctx c = ctx_on(0);
	struct tfm_ring_cpu_stats st;
	char buf[8192];

	(void)state;
	tfm_ring_set_overwrite(r, false);
	assert_false(tfm_ring_get_overwrite(r));
	fill(r, 340, "xy");
	assert_int_equal(tfm_ring_write_marker(r, &c, "xy", 2), -EBADF);
	assert_int_equal(tfm_ring_write_marker(r, &c, "z", 1), -EBADF);
	assert_int_equal(tfm_ring_cpu_stats(r, 0, &st), 0);
	assert_int_equal(st.entries, 340);
	assert_int_equal(st.overrun, 0);
	assert_int_equal(st.dropped, 2);
	assert_int_equal(st.bytes, 8160);
	/* consuming makes room again */
	while (tfm_ring_reader_read(rd, buf, sizeof(buf), true) > 0)
		;
	assert_int_equal(tfm_ring_cpu_stats(r, 0, &st), 0);
	assert_int_equal(st.entries, 0);
	assert_int_equal(st.read, 340);
	assert_int_equal(st.bytes, 0);
	/* the read-out reader page is not reused: 2 ring pages again */
	fill(r, 170 * 2, "xy");
	assert_int_equal(tfm_ring_write_marker(r, &c, "xy", 2), -EBADF);
	assert_int_equal(tfm_ring_cpu_stats(r, 0, &st), 0);
	assert_int_equal(st.entries, 340);
	assert_int_equal(st.dropped, 3);
	tfm_ring_reader_free(rd);
	tfm_ring_free(r);
}

static void test_padding_and_time_extend(void **state)
{
	struct fake_time t = { .now = 1000000000ull, .step = 1000 };
	struct tfm_ring *r = ring_fake(1, true, &t);
	struct tfm_ring_reader *rd = tfm_ring_reader_new(r, 0);
	struct tfm_ring_cpu_stats st;
	char buf[8192];

	(void)state;
	/* 28-byte events: 145 fit (4060 bytes), the rest of 20 is padding */
	fill(r, 146, "abcdef");
	assert_int_equal(tfm_ring_cpu_stats(r, 0, &st), 0);
	assert_int_equal(st.bytes, 146 * 28 + 20);
	/* a delta of 2^27 ns or more needs an 8-byte time extend */
	t.now += 1ull << 27;
	fill(r, 1, "abcdef");
	assert_int_equal(tfm_ring_cpu_stats(r, 0, &st), 0);
	assert_int_equal(st.bytes, 147 * 28 + 20 + 8);
	while (tfm_ring_reader_read(rd, buf, sizeof(buf), true) > 0)
		;
	assert_int_equal(tfm_ring_cpu_stats(r, 0, &st), 0);
	assert_int_equal(st.bytes, 0);
	assert_int_equal(st.read, 147);
	assert_int_equal(st.entries, 0);
	tfm_ring_reader_free(rd);
	tfm_ring_free(r);
}

static void test_annotate(void **state)
{
	struct fake_time t = { .now = 1000000, .step = 1000 };
	struct tfm_ring *r = ring_fake(2, false, &t);
	g_autofree char *text = NULL;
	const char *note;

	(void)state;
	fill(r, 341, "xy");		/* CPU 0 overwrote a page */
	mark(r, 1, "late");
	text = trace_text(r, TFM_RING_ALL_CPUS);
	note = strstr(text, "##### CPU 1 buffer started ####\n");
	assert_non_null(note);
	assert_true(g_str_has_prefix(note + 32,
		"         python3-9552    [001] ...1."));
	assert_null(strstr(text, "##### CPU 0"));
	tfm_ring_free(r);
}

/* ---- sizes ---- */

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_fresh),
		cmocka_unit_test(test_marker_lines),
		cmocka_unit_test(test_marker_limits),
		cmocka_unit_test(test_raw_marker),
		cmocka_unit_test(test_generic_event_and_options),
		cmocka_unit_test(test_order_across_cpus),
		cmocka_unit_test(test_consuming_read),
		cmocka_unit_test(test_per_cpu_reader),
		cmocka_unit_test(test_blocking_read),
		cmocka_unit_test(test_interrupt_and_shutdown),
		cmocka_unit_test(test_overwrite_mode),
		cmocka_unit_test(test_drop_mode),
		cmocka_unit_test(test_padding_and_time_extend),
		cmocka_unit_test(test_annotate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
