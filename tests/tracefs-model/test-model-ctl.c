// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-model-ctl - tracefs.md §7 (events/ control files) and §8 (top-level
 * and instance control files, data path) through the VFS face.
 */
#include "tfm-test.h"

#define SW "events/sched/sched_switch/"

static ssize_t wr(struct tfm_model *m, const char *path, const char *s)
{
	return tt_write(m, path, s);
}

static int count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* §7.1 */
static void test_7_1_enable(void **state)
{
	static const char *const bad[] = { "2", "0x1", " 1", "1 \n", "1\n\n",
					   "-1", "abc", "\n", "" };
	struct tfm_model *m = tt_model();
	struct tt_file f;

	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++)
		assert_int_equal(wr(m, SW "enable", bad[i]), -EINVAL);
	tt_assert_read(m, SW "enable", "0\n");
	assert_int_equal(wr(m, SW "enable", "+1"), 2);
	tt_assert_read(m, SW "enable", "1\n");
	assert_int_equal(wr(m, SW "enable", "01"), 2);
	assert_int_equal(wr(m, SW "enable", "1\n"), 2);
	/* O_TRUNC changes nothing; two writes on one fd: last wins */
	assert_int_equal(tt_open(m, SW "enable", O_WRONLY | O_TRUNC, &f), 0);
	assert_int_equal(tt_fwrites(&f, "1"), 1);
	assert_int_equal(tt_fwrites(&f, "0"), 1);
	tt_close(&f);
	tt_assert_read(m, SW "enable", "0\n");
	/* soft mode */
	assert_int_equal(wr(m, "events/sched/sched_wakeup/trigger",
			    "enable_event:sched:sched_switch"), 31);
	tt_assert_read(m, SW "enable", "0*\n");
	assert_int_equal(wr(m, SW "enable", "1"), 1);
	tt_assert_read(m, SW "enable", "1*\n");
	assert_int_equal(wr(m, SW "enable", "0"), 1);
	tt_assert_read(m, SW "enable", "0*\n");
	assert_int_equal(wr(m, "events/sched/sched_wakeup/trigger",
			    "!enable_event:sched:sched_switch"), 32);
	tt_assert_read(m, SW "enable", "0\n");
	tfm_model_free(m);
}

/* §7.2 */
static void test_7_2_group_enable(void **state)
{
	struct tfm_model *m = tt_model();
	g_autofree char *se = NULL;

	tt_assert_read(m, "events/sched/enable", "0\n");
	assert_int_equal(wr(m, SW "enable", "1"), 1);
	tt_assert_read(m, "events/sched/enable", "X\n");
	tt_assert_read(m, "events/enable", "X\n");
	assert_int_equal(wr(m, "events/sched/enable", "1"), 1);
	tt_assert_read(m, "events/sched/enable", "1\n");
	se = tt_read(m, "set_event");
	assert_int_equal(count_lines(se), 26);
	assert_int_equal(wr(m, "events/sched/enable", "2"), -EINVAL);
	assert_int_equal(wr(m, "events/sched/enable", "X"), -EINVAL);
	assert_int_equal(wr(m, "events/enable", "0"), 1);
	tt_assert_read(m, "events/enable", "0\n");
	/* trigger-armed events count as enabled */
	assert_int_equal(wr(m, "events/sched/sched_wakeup/trigger",
			    "enable_event:irq:irq_handler_entry"), 34);
	tt_assert_read(m, "events/irq/enable", "X\n");
	tfm_model_free(m);
}

/* §7.3 */
static void test_7_3_filter(void **state)
{
	struct tfm_model *m = tt_model();
	struct tt_file f;
	char buf[8];
	g_autofree char *log = NULL;

	tt_assert_read(m, SW "filter", "none\n");
	assert_int_equal(wr(m, SW "filter", "prev_pid == 1"), 13);
	tt_assert_read(m, SW "filter", "prev_pid == 1\n");
	/* EOF at pos != 0 */
	assert_int_equal(tt_open(m, SW "filter", O_RDONLY, &f), 0);
	f.pos = 1;
	assert_int_equal(tt_fread(&f, buf, sizeof(buf)), 0);
	tt_close(&f);
	assert_int_equal(wr(m, SW "filter", "nosuchfield == 1"), -EINVAL);
	tt_assert_read(m, SW "filter", "nosuchfield == 1\n            ^\n"
		       "parse_error: Field not found\n\n");
	log = tt_read(m, "error_log");
	assert_non_null(strstr(log, "] event filter parse error: error: Field not found\n"
			       "  Command: nosuchfield == 1\n"
			       "                       ^\n"));
	assert_int_equal(log[0], '[');
	assert_int_equal(wr(m, SW "filter", "(prev_pid == 1"), -ENOENT);
	assert_int_equal(wr(m, SW "filter", ""), -EINVAL);
	tt_assert_read(m, SW "filter", "\nError: (0)\n\n");
	assert_int_equal(wr(m, SW "filter", "0"), 1);
	tt_assert_read(m, SW "filter", "none\n");
	tfm_model_free(m);
}

/* §7.4 */
static void test_7_4_system_filter(void **state)
{
	struct tfm_model *m = tt_model();
	g_autofree char *banner = tt_fixture("system-filter.sample", NULL);

	tt_assert_read(m, "events/sched/filter", banner);
	assert_int_equal(wr(m, "events/sched/filter", "prev_pid == 1"), 13);
	tt_assert_read(m, SW "filter", "prev_pid == 1\n");
	tt_assert_read(m, "events/sched/filter", banner);
	tt_assert_read(m, "events/sched/sched_wakeup/filter",
		       "prev_pid == 1\n^\nparse_error: Couldn't find or set "
		       "field in one of a subsystem's events\n\n");
	assert_int_equal(wr(m, "events/sched/filter", "nosuch == 1"), 11);
	assert_int_equal(wr(m, "events/sched/filter", "0"), 1);
	tt_assert_read(m, SW "filter", "none\n");
	tt_assert_read(m, "events/sched/sched_wakeup/filter", "none\n");
	tfm_model_free(m);
}

/* §7.5 */
static void test_7_5_trigger(void **state)
{
	struct tfm_model *m = tt_model();
	g_autofree char *se = NULL, *log = NULL;

	tt_assert_read(m, SW "trigger", "# Available triggers:\n"
		       "# traceon traceoff stacktrace enable_event disable_event\n");
	assert_int_equal(wr(m, SW "trigger", "traceoff"), 8);
	assert_int_equal(wr(m, SW "trigger", "traceon"), -EEXIST);
	assert_int_equal(wr(m, SW "trigger", "stacktrace:5 if prev_pid == 1"),
			 29);
	tt_assert_read(m, SW "trigger", "stacktrace:count=5 if prev_pid == 1\n"
		       "traceoff:unlimited\n");
	tt_assert_read(m, SW "enable", "0*\n");
	assert_int_equal(wr(m, SW "trigger", "!traceon:5"), 10);
	assert_int_equal(wr(m, SW "trigger", "!traceon:5"), 10);
	assert_int_equal(wr(m, SW "trigger", "!bogus"), -EINVAL);
	assert_int_equal(wr(m, SW "trigger", "bogus"), -EINVAL);
	assert_int_equal(wr(m, SW "trigger", "snapshot"), -EINVAL);
	assert_int_equal(wr(m, SW "trigger", "enable_event:nosuch:ev"), -EINVAL);
	assert_int_equal(wr(m, SW "trigger", "stacktrace if nofield == 1"),
			 -EINVAL);
	log = tt_read(m, "error_log");
	assert_non_null(strstr(log, "  Command: nofield == 1\n"));
	assert_int_equal(wr(m, SW "trigger", ""), 0);
	assert_int_equal(wr(m, SW "trigger",
			    "enable_event:irq:irq_handler_entry:3"), 36);
	se = tt_read(m, "set_event");
	assert_string_equal(se, "irq:irq_handler_entry\nsched:sched_switch\n");
	tfm_model_free(m);
}

/* §7.6, §7.7, §7.9 */
static void test_7_6_format_id_headers(void **state)
{
	struct tfm_model *m = tt_model();
	g_autofree char *fmt = tt_read(m, SW "format");
	g_autofree char *hp = tt_fixture("header_page", NULL);
	g_autofree char *he = tt_fixture("header_event", NULL);
	struct tt_file f;
	char buf[8];

	assert_true(g_str_has_prefix(fmt, "name: sched_switch\nID: 372\nformat:\n"));
	tt_assert_read(m, SW "id", "372\n");
	tt_assert_read(m, "events/header_page", hp);
	tt_assert_read(m, "events/header_event", he);
	assert_int_equal(strlen(hp), 205);
	assert_int_equal(tt_open(m, "events/header_page", O_RDONLY, &f), 0);
	f.pos = 3;
	assert_int_equal(tt_fread(&f, buf, sizeof(buf)), 0);
	tt_close(&f);
	tfm_model_free(m);
}

/* §8.1, §8.2 */
static void test_8_2_set_event(void **state)
{
	struct tfm_model *m = tt_model();
	g_autofree char *avail = tt_read(m, "available_events");
	g_autofree char *all = NULL, *se = NULL;
	struct tt_file f;

	assert_int_equal(count_lines(avail), 2305);
	assert_true(g_str_has_prefix(avail, "initcall:initcall_finish\n"));
	assert_null(strstr(avail, "ftrace:"));
	assert_int_equal(tt_open(m, "set_event", O_WRONLY, &f), 0);
	assert_int_equal(tt_fwrites(&f, "sched:sched_switch sched:sched_wakeup"),
			 19);
	tt_close(&f);
	tt_assert_read(m, "set_event", "sched:sched_switch\n");
	assert_int_equal(tt_write_flags(m, "set_event", "timer", 5, O_TRUNC), 5);
	se = tt_read(m, "set_event");
	assert_null(strstr(se, "sched:"));
	assert_non_null(strstr(se, "timer:hrtimer_start\n"));
	assert_int_equal(wr(m, "set_event", "*"), -EINVAL);
	assert_int_equal(wr(m, "set_event", "ftrace:print"), -EINVAL);
	assert_int_equal(wr(m, "set_event", "nosuch:thing"), -EINVAL);
	assert_int_equal(wr(m, "set_event", "!sched:sched_switch"), 19);
	assert_int_equal(wr(m, "set_event", "\n"), 1);
	assert_int_equal(tt_write_flags(m, "set_event", ":", 1, O_TRUNC), 1);
	all = tt_read(m, "set_event");
	assert_int_equal(count_lines(all), 2305);
	assert_int_equal(tt_write_flags(m, "set_event", "", 0, O_TRUNC), 0);
	tt_assert_read(m, "set_event", "");
	tfm_model_free(m);
}

/* §8.3 */
static void test_8_3_pids(void **state)
{
	struct tfm_model *m = tt_model();

	assert_int_equal(wr(m, "set_event_pid", "123 45"), 6);
	assert_int_equal(wr(m, "set_event_pid", "7"), 1);
	tt_assert_read(m, "set_event_pid", "7\n45\n123\n");
	assert_int_equal(wr(m, "set_event_pid", "!2"), -EINVAL);
	assert_int_equal(wr(m, "set_event_pid", "abc"), -EINVAL);
	assert_int_equal(tt_write_flags(m, "set_event_pid", "", 0, O_TRUNC), 0);
	tt_assert_read(m, "set_event_pid", "");
	assert_int_equal(wr(m, "set_event_notrace_pid", "9"), 1);
	tt_assert_read(m, "set_event_notrace_pid", "9\n");
	tfm_model_free(m);
}

/* §8.4, §8.5 */
static void test_8_4_tracing_on_marker(void **state)
{
	struct tfm_model *m = tt_model();
	char big[5000];
	struct tt_file f;

	assert_int_equal(wr(m, "tracing_on", "2"), 1);
	tt_assert_read(m, "tracing_on", "1\n");
	assert_int_equal(wr(m, "tracing_on", "abc"), -EINVAL);
	assert_int_equal(wr(m, "tracing_on", " 1"), -EINVAL);
	assert_int_equal(wr(m, "tracing_on", "00"), 2);
	tt_assert_read(m, "tracing_on", "0\n");
	assert_int_equal(tt_open(m, "trace_marker", O_WRONLY, &f), 0);
	assert_int_equal(tt_fwrites(&f, "x"), -EBADF);
	assert_int_equal(wr(m, "tracing_on", "1"), 1);
	assert_int_equal(tt_fwrites(&f, "hello world"), 11);
	memset(big, 'a', sizeof(big));
	assert_int_equal(tt_fwrite(&f, big, sizeof(big)), 4054);
	assert_int_equal(tt_fwrite(&f, big, 0), 0);
	tt_close(&f);
	assert_int_equal(wr(m, "options/markers", "0"), 1);
	assert_int_equal(wr(m, "trace_marker", "x"), -EINVAL);
	assert_int_equal(wr(m, "options/markers", "1"), 1);
	assert_int_equal(tt_write_flags(m, "trace_marker_raw", "abc", 3, 0),
			 -EINVAL);
	assert_int_equal(tt_write_flags(m, "trace_marker_raw", "abcdefghi", 9, 0),
			 9);
	tfm_model_free(m);
}

/* §8.6 */
static void test_8_6_trace(void **state)
{
	struct tfm_model *m = tt_model();
	g_autofree char *t1 = NULL, *t2 = NULL, *t3 = NULL;

	assert_int_equal(wr(m, "trace_marker", "two"), 3);
	t1 = tt_read(m, "trace");
	t2 = tt_read(m, "trace");
	assert_string_equal(t1, t2);
	assert_true(g_str_has_prefix(t1, "# tracer: nop\n#\n"
		    "# entries-in-buffer/entries-written: 1/1   #P:2\n"));
	assert_non_null(strstr(t1, "           <...>-1       [0"));
	assert_non_null(strstr(t1, "...1. "));
	assert_non_null(strstr(t1, ": tracing_mark_write: two\n"));
	assert_int_equal(wr(m, "trace", "ignored"), 7);
	assert_int_equal(tt_write_flags(m, "trace", "", 0, O_TRUNC), 0);
	t3 = tt_read(m, "trace");
	assert_non_null(strstr(t3, "entries-in-buffer/entries-written: 0/0"));
	tfm_model_free(m);
}

/* §8.7 */
static void test_8_7_trace_pipe(void **state)
{
	struct tfm_model *m = tt_model();
	struct tt_file p, q;
	char buf[256];
	ssize_t n;
	g_autofree char *t = NULL;

	assert_int_equal(tt_open(m, "trace_pipe", O_RDONLY | O_NONBLOCK, &p), 0);
	assert_int_equal(tt_fread(&p, buf, sizeof(buf)), -EAGAIN);
	assert_int_equal(tt_open(m, "trace_pipe", O_RDONLY, &q), -EBUSY);
	assert_int_equal(tt_open(m, "per_cpu/cpu1/trace_pipe", O_RDONLY, &q),
			 -EBUSY);
	assert_int_equal(kernfs_vfs_llseek(p.f, 0, SEEK_SET), -ESPIPE);
	assert_int_equal(wr(m, "trace_marker", "one"), 3);
	assert_true(kernfs_vfs_poll(p.f, NULL) & 0x001);
	n = tt_fread(&p, buf, sizeof(buf) - 1);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_non_null(strstr(buf, "tracing_mark_write: one\n"));
	assert_null(strstr(buf, "# tracer"));
	t = tt_read(m, "trace");
	assert_non_null(strstr(t, "entries-in-buffer/entries-written: 0/0"));
	tt_close(&p);
	assert_int_equal(tt_open(m, "per_cpu/cpu0/trace_pipe", O_RDONLY, &p), 0);
	assert_int_equal(tt_open(m, "per_cpu/cpu1/trace_pipe", O_RDONLY, &q), 0);
	tt_close(&q);
	tt_close(&p);
	tfm_model_free(m);
}

/* §8.8, §8.13 free_buffer */
static void test_8_8_buffer_size(void **state)
{
	struct tfm_model *m = tt_model();
	struct tt_file f;

	tt_assert_read(m, "buffer_size_kb", "7 (expanded: 1408)\n");
	assert_int_equal(tt_mkdir(m, "instances", "i"), 0);
	tt_assert_read(m, "instances/i/buffer_size_kb", "1410\n");
	tt_assert_read(m, "instances/i/buffer_total_size_kb", "2820\n");
	assert_int_equal(wr(m, "instances/i/buffer_size_kb", "64"), 2);
	tt_assert_read(m, "instances/i/buffer_size_kb", "67\n");
	assert_int_equal(wr(m, "instances/i/buffer_size_kb", "0"), -EINVAL);
	assert_int_equal(wr(m, "instances/i/buffer_size_kb", "100k"), -EINVAL);
	assert_int_equal(wr(m, "instances/i/buffer_size_kb",
			    "99999999999999999999"), -ERANGE);
	assert_int_equal(wr(m, "instances/i/per_cpu/cpu0/buffer_size_kb", "1"),
			 1);
	tt_assert_read(m, "instances/i/per_cpu/cpu0/buffer_size_kb", "7\n");
	tt_assert_read(m, "instances/i/buffer_size_kb", "X\n");
	assert_int_equal(wr(m, "instances/i/buffer_total_size_kb", "1"), -EINVAL);
	assert_int_equal(wr(m, "instances/i/buffer_size_kb", "1408"), 4);
	tt_assert_read(m, "instances/i/buffer_size_kb", "1410\n");
	/* closing free_buffer shrinks, even without a write */
	assert_int_equal(tt_open(m, "instances/i/free_buffer", O_RDONLY, &f), 0);
	tt_close(&f);
	tt_assert_read(m, "instances/i/buffer_size_kb", "7\n");
	tt_assert_read(m, "instances/i/tracing_on", "1\n");
	/* enabling an event expands the top-level buffer */
	assert_int_equal(wr(m, SW "enable", "1"), 1);
	tt_assert_read(m, "buffer_size_kb", "1410\n");
	tfm_model_free(m);
}

/* §8.9 */
static void test_8_9_tracer(void **state)
{
	struct tfm_model *m = tt_model();
	g_autofree char *opts = NULL;

	assert_int_equal(wr(m, "current_tracer", "  nop  "), 7);
	assert_int_equal(wr(m, "current_tracer", "Nop"), -EINVAL);
	assert_int_equal(wr(m, "current_tracer", ""), -EINVAL);
	assert_int_equal(tt_mkdir(m, "instances", "i"), 0);
	tt_assert_read(m, "instances/i/available_tracers", "function nop\n");
	assert_int_equal(wr(m, "instances/i/current_tracer", "blk"), -EINVAL);
	assert_int_equal(wr(m, "current_tracer", "function\n"), 9);
	tt_assert_read(m, "current_tracer", "function\n");
	opts = tt_read(m, "trace_options");
	assert_non_null(strstr(opts, "nofunc_stack_trace\n"));
	assert_null(strstr(opts, "test_nop_accept"));
	tt_assert_read(m, "instances/i/current_tracer", "nop\n");
	tfm_model_free(m);
}

/* §8.10 */
static void test_8_10_clock(void **state)
{
	struct tfm_model *m = tt_model();

	assert_int_equal(wr(m, "trace_clock", "global"), 6);
	tt_assert_read(m, "trace_clock", "local [global] counter uptime perf "
		       "mono mono_raw boot tai x86-tsc\n");
	assert_int_equal(wr(m, "trace_clock", "[local]"), -EINVAL);
	tt_assert_read(m, "timestamp_mode", "[delta] absolute\n");
	tfm_model_free(m);
}

/* §8.11 */
static void test_8_11_options(void **state)
{
	struct tfm_model *m = tt_model();
	g_autofree char *opts = NULL;

	assert_int_equal(wr(m, "trace_options", "noprint-parent"), 14);
	tt_assert_read(m, "options/print-parent", "0\n");
	assert_int_equal(wr(m, "options/print-parent", "1"), 1);
	opts = tt_read(m, "trace_options");
	assert_true(g_str_has_prefix(opts, "print-parent\n"));
	assert_int_equal(wr(m, "trace_options", "hex bin"), -EINVAL);
	assert_int_equal(wr(m, "trace_options", "bogus"), -EINVAL);
	assert_int_equal(wr(m, "options/hex", "2"), -EINVAL);
	assert_int_equal(wr(m, "options/test_nop_refuse", "1"), -EINVAL);
	assert_int_equal(wr(m, "options/test_nop_accept", "1"), 1);
	tt_assert_read(m, "options/test_nop_accept", "1\n");
	assert_int_equal(tt_mkdir(m, "instances", "i"), 0);
	tt_assert_read(m, "instances/i/options/copy_trace_marker", "0\n");
	tt_assert_read(m, "options/copy_trace_marker", "1\n");
	tfm_model_free(m);
}

/* §8.12 */
static void test_8_12_error_log(void **state)
{
	struct tfm_model *m = tt_model();
	g_autofree char *log = NULL;

	for (int i = 1; i <= 20; i++) {
		g_autofree char *e = g_strdup_printf("nofield%d == 1", i);

		assert_int_equal(wr(m, SW "filter", e), -EINVAL);
	}
	log = tt_read(m, "error_log");
	assert_int_equal(count_lines(log), 24);
	assert_non_null(strstr(log, "Command: nofield20 == 1\n"));
	assert_null(strstr(log, "Command: nofield12 == 1\n"));
	assert_int_equal(wr(m, "error_log", "x"), 1);
	tt_assert_read(m, "error_log", log);
	assert_int_equal(tt_write_flags(m, "error_log", "", 0, O_TRUNC), 0);
	tt_assert_read(m, "error_log", "");
	tfm_model_free(m);
}

/* §8.13 */
static void test_8_13_other(void **state)
{
	struct tfm_model *m = tt_model();

	tt_assert_read(m, "tracing_cpumask", "3\n");
	assert_int_equal(wr(m, "tracing_cpumask", "1"), 1);
	tt_assert_read(m, "tracing_cpumask", "1\n");
	assert_int_equal(wr(m, "tracing_cpumask", "xyz"), -EINVAL);
	tt_assert_read(m, "saved_cmdlines_size", "6552\n");
	assert_int_equal(wr(m, "saved_cmdlines_size", "0"), -EINVAL);
	assert_int_equal(wr(m, "buffer_percent", "101"), -EINVAL);
	assert_int_equal(wr(m, "buffer_percent", "100"), 3);
	tt_assert_read(m, "buffer_percent", "100\n");
	tt_assert_read(m, "dynamic_events", "");
	{
		g_autofree char *readme = tt_read(m, "README");

		assert_true(g_str_has_prefix(readme, "tracing mini-HOWTO:"));
		assert_int_equal(strlen(readme), 6569);
	}
	{
		g_autofree char *st = tt_read(m, "per_cpu/cpu0/stats");

		assert_true(g_str_has_prefix(st, "entries: 0\noverrun: 0\n"
					     "commit overrun: 0\nbytes: 0\n"));
	}
	tfm_model_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_7_1_enable),
		cmocka_unit_test(test_7_2_group_enable),
		cmocka_unit_test(test_7_3_filter),
		cmocka_unit_test(test_7_4_system_filter),
		cmocka_unit_test(test_7_5_trigger),
		cmocka_unit_test(test_7_6_format_id_headers),
		cmocka_unit_test(test_8_2_set_event),
		cmocka_unit_test(test_8_3_pids),
		cmocka_unit_test(test_8_4_tracing_on_marker),
		cmocka_unit_test(test_8_6_trace),
		cmocka_unit_test(test_8_7_trace_pipe),
		cmocka_unit_test(test_8_8_buffer_size),
		cmocka_unit_test(test_8_9_tracer),
		cmocka_unit_test(test_8_10_clock),
		cmocka_unit_test(test_8_11_options),
		cmocka_unit_test(test_8_12_error_log),
		cmocka_unit_test(test_8_13_other),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
