// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-parsers.c - set_event, set_event_pid, enable/number parsers,
 * trigger and mount option parsing, checked against what Linux 6.18 does.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <glib.h>

#include "mountopt.h"
#include "setevent.h"
#include "trigger.h"

/* A string literal and its length, embedded NULs included. */
#define W(s) (s), (sizeof(s) - 1)

/* ---- a tiny event catalog for set_event matching ---- */

static const char *const catalog[][2] = {
	{ "sched", "sched_switch" },
	{ "sched", "sched_wakeup" },
	{ "sched", "sched_waking" },
	{ "timer", "hrtimer_start" },
	{ "timer", "timer_start" },
	{ "irq", "irq_handler_entry" },
};

static int count_matches(const struct tfm_set_event_cmd *cmd)
{
	int n = 0;

	for (size_t i = 0; i < G_N_ELEMENTS(catalog); i++)
		n += tfm_set_event_matches(cmd, catalog[i][0], catalog[i][1]);
	return n;
}

static void test_set_event_tokens(void **state)
{
	const int all = G_N_ELEMENTS(catalog);
	static const struct {
		const char *in;
		size_t len;
		ssize_t ret;
		int matches;	/* -1: no token */
		bool negate;
	} cases[] = {
		/* [LIVE] only the first token is taken: 18 + the blank */
		{ W("sched:sched_switch sched:sched_wakeup"), 19, 1, false },
		{ W("sched:sched_wakeup"), 18, 1, false },
		{ W("sched:sched_wakeup\n"), 19, 1, false },
		/* one byte after the token is consumed, all leading ones */
		{ W("  \tsched:  timer:"), 10, 3, false },
		/* the kernel's Latin-1 no-break space is white space too */
		{ W("\xa0sched:\xa0x"), 8, 3, false },
		/* a NUL ends the token and is consumed with it */
		{ W("sched:sched_switch\0junk"), 19, 1, false },
		/* [LIVE] empty and white-space-only writes return their length */
		{ W(""), 0, -1, false },
		{ W("\n"), 1, -1, false },
		{ W(" "), 1, -1, false },
		{ W(" \t\n\v\f\r"), 6, -1, false },
		/* a NUL after white space ends the useful part */
		{ W("  \0sched:"), 3, -1, false },
		/* [LIVE] the token forms of spec 8.2 */
		{ W("sched:"), 6, 3, false },
		{ W("sched:*"), 7, 3, false },
		{ W(":sched_switch"), 13, 1, false },
		{ W("*:timer_start"), 13, 1, false },
		{ W("sched_wakeup"), 12, 1, false },
		/* a bare name also names a system */
		{ W("timer"), 5, 2, false },
		{ W("*:*"), 3, 99, false },
		{ W(":"), 1, 99, false },
		{ W("!sched:sched_switch\n"), 20, 1, true },
		{ W("!:"), 2, 99, true },
		/* [LIVE] these parse but name nothing: the caller's EINVAL */
		{ W("nosuch:thing"), 12, 0, false },
		{ W("sched:nosuch"), 12, 0, false },
		{ W("nosuchevent"), 11, 0, false },
		{ W("!nosuchevent"), 12, 0, true },
		/* [LIVE] a token split over two writes is two bad tokens */
		{ W("sched:sched_"), 12, 0, false },
		{ W("switch"), 6, 0, false },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct tfm_set_event_cmd cmd;
		int want = cases[i].matches == 99 ? all : cases[i].matches;

		assert_int_equal(tfm_set_event_next_token(cases[i].in, cases[i].len,
							  &cmd), cases[i].ret);
		assert_int_equal(cmd.token ? count_matches(&cmd) : -1, want);
		assert_int_equal(cmd.negate, cases[i].negate);
		tfm_set_event_cmd_clear(&cmd);
	}
}

static void test_set_event_fields(void **state)
{
	struct tfm_set_event_cmd cmd;

	assert_int_equal(tfm_set_event_next_token(W("!sched:sched_switch"), &cmd), 19);
	assert_string_equal(cmd.token, "!sched:sched_switch");
	assert_true(cmd.negate);
	assert_null(cmd.match);
	assert_string_equal(cmd.system, "sched");
	assert_string_equal(cmd.event, "sched_switch");
	assert_null(cmd.module);
	tfm_set_event_cmd_clear(&cmd);

	assert_int_equal(tfm_set_event_next_token(W("timer"), &cmd), 5);
	assert_string_equal(cmd.match, "timer");
	assert_null(cmd.system);
	assert_null(cmd.event);
	tfm_set_event_cmd_clear(&cmd);
	tfm_set_event_cmd_clear(NULL);
}

static void test_set_event_malformed(void **state)
{
	static const char *const bad[] = {
		"*", "!", "!*", "sched/sched_switch", "sched:sched_switch,sched:sched_wakeup",
		"sched,timer", "sched:sched_switch:foo", "sched:sched_*", "sched*",
		"*sched:", "sched:a:b",
	};
	struct tfm_set_event_cmd cmd;

	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		assert_int_equal(tfm_set_event_next_token(bad[i], strlen(bad[i]),
							  &cmd), -EINVAL);
		assert_null(cmd.token);
	}
}

static void test_set_event_token_length(void **state)
{
	g_autofree char *t127 = g_strnfill(127, 'a');
	g_autofree char *t128 = g_strnfill(128, 'a');
	g_autofree char *t127nl = g_strconcat(t127, "\n", NULL);
	g_autofree char *t128nl = g_strconcat(t128, "\n", NULL);
	g_autofree char *lead = g_strconcat("   ", t127, " x", NULL);
	struct tfm_set_event_cmd cmd;

	assert_int_equal(tfm_set_event_next_token(t127, 127, &cmd), 127);
	assert_int_equal(strlen(cmd.match), 127);
	tfm_set_event_cmd_clear(&cmd);
	assert_int_equal(tfm_set_event_next_token(t127nl, 128, &cmd), 128);
	tfm_set_event_cmd_clear(&cmd);
	/* leading white space does not count against the limit */
	assert_int_equal(tfm_set_event_next_token(lead, strlen(lead), &cmd), 131);
	tfm_set_event_cmd_clear(&cmd);
	assert_int_equal(tfm_set_event_next_token(t128, 128, &cmd), -EINVAL);
	assert_int_equal(tfm_set_event_next_token(t128nl, 129, &cmd), -EINVAL);
}

static void test_set_event_module(void **state)
{
	struct tfm_set_event_cmd cmd;
	g_autofree char *line = NULL;

	assert_int_equal(tfm_set_event_next_token(W("sched:sched_switch:mod:foo"), &cmd), 26);
	assert_string_equal(cmd.system, "sched");
	assert_string_equal(cmd.event, "sched_switch");
	assert_string_equal(cmd.module, "foo");
	line = tfm_set_event_mod_line(&cmd);
	assert_string_equal(line, "sched:sched_switch:mod:foo\n");
	g_clear_pointer(&line, g_free);
	tfm_set_event_cmd_clear(&cmd);

	/* '-' becomes '_'; a bare "*" is a wildcard only with :mod: */
	assert_int_equal(tfm_set_event_next_token(W("!*:mod:my-mod"), &cmd), 13);
	assert_true(cmd.negate);
	assert_null(cmd.match);
	assert_null(cmd.system);
	assert_null(cmd.event);
	assert_string_equal(cmd.module, "my_mod");
	assert_int_equal(count_matches(&cmd), (int)G_N_ELEMENTS(catalog));
	line = tfm_set_event_mod_line(&cmd);
	assert_string_equal(line, "*:*:mod:my_mod\n");
	g_clear_pointer(&line, g_free);
	tfm_set_event_cmd_clear(&cmd);

	assert_int_equal(tfm_set_event_next_token(W("sched:mod:foo"), &cmd), 13);
	assert_string_equal(cmd.match, "sched");
	line = tfm_set_event_mod_line(&cmd);
	assert_string_equal(line, "sched:mod:foo\n");
	g_clear_pointer(&line, g_free);
	tfm_set_event_cmd_clear(&cmd);

	assert_int_equal(tfm_set_event_next_token(W("sched:"), &cmd), 6);
	assert_null(tfm_set_event_mod_line(&cmd));
	tfm_set_event_cmd_clear(&cmd);
}

/* ---- numbers ---- */

static void test_kstrtoull(void **state)
{
	static const struct {
		const char *in;
		unsigned int base;
		int ret;
		unsigned long long val;
	} cases[] = {
		{ "18446744073709551615", 10, 0, ULLONG_MAX },
		{ "18446744073709551616", 10, -ERANGE, 0 },
		/* overflow is reported before trailing junk */
		{ "99999999999999999999x", 10, -ERANGE, 0 },
		{ "0x10", 0, 0, 16 }, { "0X1f\n", 0, 0, 31 }, { "010", 0, 0, 8 },
		{ "0", 0, 0, 0 }, { "08", 0, -EINVAL, 0 }, { "0x", 0, -EINVAL, 0 },
		{ "0x", 16, -EINVAL, 0 }, { "0x1", 10, -EINVAL, 0 },
		{ "ff", 16, 0, 255 }, { "+7", 10, 0, 7 }, { "++7", 10, -EINVAL, 0 },
		{ "+", 10, -EINVAL, 0 }, { "", 10, -EINVAL, 0 }, { " 1", 10, -EINVAL, 0 },
		{ "1 ", 10, -EINVAL, 0 }, { "1\n\n", 10, -EINVAL, 0 },
		{ "\n", 10, -EINVAL, 0 }, { "-0", 10, -EINVAL, 0 },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		unsigned long long v = 42;

		assert_int_equal(tfm_kstrtoull(cases[i].in, cases[i].base, &v),
				 cases[i].ret);
		/* untouched on error */
		assert_true(v == (cases[i].ret ? 42 : cases[i].val));
	}
}

static void test_kstrto_signed(void **state)
{
	long long ll = 0;
	unsigned int u = 0;
	unsigned long ul = 0;
	int i = 0;

	assert_int_equal(tfm_kstrtoint("-2147483648", 10, &i), 0);
	assert_int_equal(i, INT_MIN);
	assert_int_equal(tfm_kstrtoint("2147483647\n", 10, &i), 0);
	assert_int_equal(i, INT_MAX);
	assert_int_equal(tfm_kstrtoint("2147483648", 10, &i), -ERANGE);
	assert_int_equal(tfm_kstrtoint("-2147483649", 10, &i), -ERANGE);
	assert_int_equal(tfm_kstrtoint("-+1", 10, &i), -EINVAL);
	assert_int_equal(tfm_kstrtoint("+-1", 10, &i), -EINVAL);
	assert_int_equal(tfm_kstrtoint("-0x10", 0, &i), 0);
	assert_int_equal(i, -16);
	assert_int_equal(tfm_kstrtoll("-9223372036854775808", 10, &ll), 0);
	assert_true(ll == LLONG_MIN);
	assert_int_equal(tfm_kstrtoll("9223372036854775808", 10, &ll), -ERANGE);
	assert_int_equal(tfm_kstrtoll("-9223372036854775809", 10, &ll), -ERANGE);
	assert_int_equal(tfm_kstrtouint("4294967295", 10, &u), 0);
	assert_true(u == UINT_MAX);
	assert_int_equal(tfm_kstrtouint("4294967296", 10, &u), -ERANGE);
	assert_int_equal(tfm_kstrtoul("-1", 10, &ul), -EINVAL);
}

static void test_kstrtoul_from_user(void **state)
{
	g_autofree char *zeros70 = g_strnfill(70, '0');
	g_autofree char *lateone = g_strconcat(zeros70, "1", NULL);
	unsigned long v = 42;
	unsigned int u;
	int i;

	/* [LIVE] tracing_on: any number, "00", "2" */
	assert_int_equal(tfm_kstrtoul_from_user(W("2"), 10, &v), 0);
	assert_true(v == 2);
	assert_int_equal(tfm_kstrtoul_from_user(W("00"), 10, &v), 0);
	assert_true(v == 0);
	v = 42;
	/* [LIVE] tracing_on / buffer_size_kb rejects */
	assert_int_equal(tfm_kstrtoul_from_user(W("abc"), 10, &v), -EINVAL);
	assert_int_equal(tfm_kstrtoul_from_user(W(""), 10, &v), -EINVAL);
	assert_int_equal(tfm_kstrtoul_from_user(W("-1"), 10, &v), -EINVAL);
	assert_int_equal(tfm_kstrtoul_from_user(W(" 1"), 10, &v), -EINVAL);
	assert_int_equal(tfm_kstrtoul_from_user(W("0x1"), 10, &v), -EINVAL);
	assert_int_equal(tfm_kstrtoul_from_user(W("100k"), 10, &v), -EINVAL);
	assert_int_equal(tfm_kstrtoul_from_user(W("-5"), 10, &v), -EINVAL);
	assert_int_equal(tfm_kstrtoul_from_user(W("5 "), 10, &v), -EINVAL);
	assert_int_equal(tfm_kstrtoul_from_user(W("99999999999999999999"), 10, &v),
			 -ERANGE);
	assert_true(v == 42);
	/* an embedded NUL ends the input */
	assert_int_equal(tfm_kstrtoul_from_user(W("7\0junk"), 10, &v), 0);
	assert_true(v == 7);
	/* only the first 66 bytes are read */
	assert_int_equal(tfm_kstrtoul_from_user(lateone, strlen(lateone), 10, &v), 0);
	assert_true(v == 0);
	assert_int_equal(tfm_kstrtoul_from_user(lateone + 5, 66, 10, &v), 0);
	assert_true(v == 1);
	/* int variants read 34 bytes */
	assert_int_equal(tfm_kstrtouint_from_user(lateone + 37, 34, 10, &u), 0);
	assert_int_equal(u, 1);
	assert_int_equal(tfm_kstrtouint_from_user(lateone + 36, 35, 10, &u), 0);
	assert_int_equal(u, 0);
	assert_int_equal(tfm_kstrtoint_from_user(W("-12\n"), 10, &i), 0);
	assert_int_equal(i, -12);
}

static void test_bool01(void **state)
{
	static const char *const good1[] = { "1", "01", "+1", "1\n", "001\n" };
	static const char *const bad[] = {
		"2", "0x1", " 1", "1 \n", "1\n\n", "-1", "abc", "\n", "", "+", "1 ",
		"10", "\t1",
	};
	bool val = false;

	for (size_t i = 0; i < G_N_ELEMENTS(good1); i++) {
		val = false;
		assert_int_equal(tfm_parse_bool01(good1[i], strlen(good1[i]), &val), 0);
		assert_true(val);
	}
	assert_int_equal(tfm_parse_bool01(W("0"), &val), 0);
	assert_false(val);
	assert_int_equal(tfm_parse_bool01(W("0\n"), &val), 0);
	assert_false(val);
	val = true;
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++)
		assert_int_equal(tfm_parse_bool01(bad[i], strlen(bad[i]), &val), -EINVAL);
	assert_int_equal(tfm_parse_bool01(W("99999999999999999999"), &val), -ERANGE);
	assert_true(val);
}

static void test_strim_dup(void **state)
{
	static const struct {
		const char *in;
		size_t len, max;
		const char *out;
	} cases[] = {
		{ "nop", 3, 100, "nop" },
		{ "nop\n", 4, 100, "nop" },
		{ "  nop  ", 7, 100, "nop" },
		{ "\t\xa0nop\xa0\n", 7, 100, "nop" },
		{ "", 0, 100, "" },
		{ " \n ", 3, 100, "" },
		{ "function", 8, 4, "func" },
		{ "n o p", 5, 100, "n o p" },
		{ "nop\0x", 5, 100, "nop" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *s = tfm_strim_dup(cases[i].in, cases[i].len,
						   cases[i].max);

		assert_string_equal(s, cases[i].out);
	}
}

/* ---- set_event_pid ---- */

static ssize_t pids_of(const char *buf, size_t len, GString *out)
{
	g_autoptr(GArray) pids = g_array_new(FALSE, FALSE, sizeof(unsigned int));
	ssize_t ret;

	g_array_append_val(pids, (unsigned int){ 99 });
	ret = tfm_parse_pid_list(buf, len, pids);
	for (guint i = 0; i < pids->len; i++)
		g_string_append_printf(out, "%s%u", i ? " " : "",
				       g_array_index(pids, unsigned int, i));
	return ret;
}

static void test_pid_list(void **state)
{
	static const struct {
		const char *in;
		size_t len;
		ssize_t ret;
		const char *pids;	/* list afterwards, 99 was there before */
	} cases[] = {
		{ W("123 456\n"), 8, "99 123 456" },
		{ W("  7\t8  \n"), 8, "99 7 8" },
		{ W("5"), 1, "99 5" },
		{ W("0x10 010 0"), 10, "99 16 8 0" },
		{ W("1 1"), 3, "99 1 1" },
		{ W(""), 0, "99" },
		{ W(" "), 1, "99" },
		{ W("\n"), 1, "99" },
		/* [LIVE] */
		{ W("!2"), -EINVAL, "99" },
		{ W("abc"), -EINVAL, "99" },
		/* all or nothing */
		{ W("1 2 abc"), -EINVAL, "99" },
		{ W("-1"), -EINVAL, "99" },
		{ W("08"), -EINVAL, "99" },
		{ W("18446744073709551616"), -EINVAL, "99" },
		{ W("1073741823"), 10, "99 1073741823" },
		{ W("1 1073741824"), -EPERM, "99" },
		{ W("4294967295"), -EPERM, "99" },
		/* narrowed to 32 bits before the check */
		{ W("4294967297"), 10, "99 1" },
		/* a NUL after white space stops the parse: short write */
		{ W("1 \0 2"), 3, "99 1" },
		{ W("1\0002"), 3, "99 1 2" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GString) got = g_string_new(NULL);

		assert_int_equal(pids_of(cases[i].in, cases[i].len, got), cases[i].ret);
		assert_string_equal(got->str, cases[i].pids);
	}
}

static void test_pid_list_token_length(void **state)
{
	g_autofree char *d127 = g_strnfill(127, '0');
	g_autofree char *d128 = g_strnfill(128, '0');
	g_autofree char *two = g_strconcat("5 ", d127, "\n", NULL);
	g_autoptr(GString) got = g_string_new(NULL);

	assert_int_equal(pids_of(two, strlen(two), got), 130);
	assert_string_equal(got->str, "99 5 0");
	g_string_truncate(got, 0);
	assert_int_equal(pids_of(d128, 128, got), -EINVAL);
	assert_string_equal(got->str, "99");
}

/* ---- trigger ---- */

static bool target_ok(void *ctx, const char *system, const char *event)
{
	int *calls = ctx;

	(*calls)++;
	for (size_t i = 0; i < G_N_ELEMENTS(catalog); i++) {
		if (!strcmp(catalog[i][0], system) && !strcmp(catalog[i][1], event))
			return true;
	}
	return false;
}

/* Parse @in; on success return its rendered line in @line. */
static int trig(const char *in, size_t len, char **line)
{
	struct tfm_trigger_cmd cmd;
	int calls = 0;
	int ret = tfm_trigger_parse(in, len, target_ok, &calls, &cmd);

	*line = ret ? NULL : tfm_trigger_render(&cmd);
	if (ret)
		assert_int_equal(cmd.kind, TFM_TRIGGER_NONE);
	tfm_trigger_cmd_clear(&cmd);
	return ret;
}

static void test_trigger_render(void **state)
{
	static const struct {
		const char *in, *line;
	} cases[] = {
		/* [LIVE] examples of spec 7.5 */
		{ "traceoff", "traceoff:unlimited\n" },
		{ "traceoff\n", "traceoff:unlimited\n" },
		{ "traceoff:5", "traceoff:count=5\n" },
		{ "stacktrace if prev_pid == 1\n", "stacktrace:unlimited if prev_pid == 1\n" },
		{ "stacktrace:5 if prev_pid == 1", "stacktrace:count=5 if prev_pid == 1\n" },
		{ "enable_event:irq:irq_handler_entry",
		  "enable_event:irq:irq_handler_entry:unlimited\n" },
		{ "enable_event:irq:irq_handler_entry:3\n",
		  "enable_event:irq:irq_handler_entry:count=3\n" },
		{ "disable_event:sched:sched_switch:2 if prev_pid == 1",
		  "disable_event:sched:sched_switch:count=2 if prev_pid == 1\n" },
		{ "enable_event:sched:sched_switch if prev_pid == 1",
		  "enable_event:sched:sched_switch:unlimited if prev_pid == 1\n" },
		/* the kernel's looser corners */
		{ "  traceon  ", "traceon:unlimited\n" },
		{ "traceon:", "traceon:unlimited\n" },
		{ "traceon 5", "traceon:count=5\n" },
		{ "traceon:0x10", "traceon:count=16\n" },
		{ "traceon:010", "traceon:count=8\n" },
		{ "traceon:0", "traceon:count=0\n" },
		{ "traceon:5:junk", "traceon:count=5\n" },
		{ "traceon:18446744073709551615", "traceon:unlimited\n" },
		{ "traceon:18446744073709551614", "traceon:count=-2\n" },
		{ "traceon:if prev_pid == 1", "traceon:unlimited if prev_pid == 1\n" },
		{ "traceon\tif\tprev_pid==1", "traceon:unlimited if prev_pid==1\n" },
		{ "traceon if  prev_pid == 1", "traceon:unlimited if  prev_pid == 1\n" },
		{ "enable_event irq:irq_handler_entry:5:x",
		  "enable_event:irq:irq_handler_entry:count=5\n" },
		{ "enable_event:irq:irq_handler_entry:+5",
		  "enable_event:irq:irq_handler_entry:count=5\n" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *line = NULL;

		assert_int_equal(trig(cases[i].in, strlen(cases[i].in), &line), 0);
		assert_string_equal(line, cases[i].line);
	}
}

static void test_trigger_errors(void **state)
{
	static const struct {
		const char *in;
		int ret;
	} cases[] = {
		/* [LIVE] */
		{ "bogus", -EINVAL },
		{ "!bogus", -EINVAL },
		{ "snapshot", -EINVAL },
		{ "hist:keys=pid", -EINVAL },
		{ "!snapshot", -EINVAL },
		{ "enable_hist:irq:irq_handler_entry", -EINVAL },
		{ "enable_event:nosuch:x", -EINVAL },
		{ "!enable_event:nosuch:x", -EINVAL },
		/* syntax */
		{ "\n", -EINVAL },
		{ " ", -EINVAL },
		{ "!", -EINVAL },
		{ "! traceon", -EINVAL },
		{ "Traceon", -EINVAL },
		{ "traceon\nx", -EINVAL },
		{ "traceon if", -EINVAL },
		{ "traceon iffy x", -EINVAL },
		{ "traceon prev_pid == 1", -EINVAL },
		{ "traceon:5x", -EINVAL },
		{ "traceon:5 if", -EINVAL },
		{ "traceon:+5", -EINVAL },
		{ "traceon:18446744073709551616", -ERANGE },
		{ "enable_event", -EINVAL },
		{ "enable_event:", -EINVAL },
		{ "enable_event:irq", -EINVAL },
		{ "enable_event:irq:", -EINVAL },
		{ "enable_event:irq:irq_handler_entry:", -EINVAL },
		{ "enable_event:irq:irq_handler_entry:abc", -EINVAL },
		{ "enable_event:irq:irq_handler_entry:-1", -EINVAL },
		{ "enable_event:irq:irq_handler_entry if", -EINVAL },
		{ "enable_event:irq:irq_handler_entry:99999999999999999999", -ERANGE },
		/* the target is looked up before the count is parsed */
		{ "enable_event:nosuch:x:99999999999999999999", -EINVAL },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *line;

		assert_int_equal(trig(cases[i].in, strlen(cases[i].in), &line),
				 cases[i].ret);
		assert_null(line);
	}
}

static void test_trigger_fields(void **state)
{
	const char in[] = "stacktrace:5 if prev_pid == 1\n";
	struct tfm_trigger_cmd cmd;
	int calls = 0;

	assert_int_equal(tfm_trigger_parse(W(in), target_ok, &calls, &cmd), 0);
	assert_int_equal(cmd.kind, TFM_TRIGGER_STACKTRACE);
	assert_int_equal(cmd.type, TFM_TRIGGER_TYPE_STACKTRACE);
	assert_false(cmd.remove);
	assert_int_equal(cmd.count, 5);
	assert_string_equal(cmd.filter, "prev_pid == 1");
	assert_int_equal(cmd.filter_offset, 16);
	assert_memory_equal(in + cmd.filter_offset, cmd.filter, strlen(cmd.filter));
	assert_null(cmd.system);
	assert_int_equal(calls, 0);
	tfm_trigger_cmd_clear(&cmd);

	assert_int_equal(tfm_trigger_parse(W("  disable_event:irq:irq_handler_entry"),
					   target_ok, &calls, &cmd), 0);
	assert_int_equal(calls, 1);
	assert_int_equal(cmd.kind, TFM_TRIGGER_DISABLE_EVENT);
	assert_int_equal(cmd.type, TFM_TRIGGER_TYPE_EVENT_ENABLE);
	assert_string_equal(cmd.system, "irq");
	assert_string_equal(cmd.event, "irq_handler_entry");
	assert_int_equal(cmd.count, -1);
	assert_null(cmd.filter);
	tfm_trigger_cmd_clear(&cmd);

	/* zero-length write: nothing to do, the write returns 0 [LIVE] */
	assert_int_equal(tfm_trigger_parse("", 0, target_ok, &calls, &cmd), 0);
	assert_int_equal(cmd.kind, TFM_TRIGGER_NONE);
	tfm_trigger_cmd_clear(&cmd);
	tfm_trigger_cmd_clear(NULL);
}

static void test_trigger_remove(void **state)
{
	struct tfm_trigger_cmd cmd;
	int calls = 0;

	/* [LIVE] with or without its count */
	assert_int_equal(tfm_trigger_parse(W("!traceon:5"), target_ok, &calls, &cmd), 0);
	assert_true(cmd.remove);
	assert_int_equal(cmd.kind, TFM_TRIGGER_TRACEON);
	assert_int_equal(cmd.type, TFM_TRIGGER_TYPE_TRACE_ONOFF);
	tfm_trigger_cmd_clear(&cmd);

	/* count and filter are not examined for a removal */
	assert_int_equal(tfm_trigger_parse(W("!traceoff:abc if"), NULL, NULL, &cmd), 0);
	assert_true(cmd.remove);
	assert_int_equal(cmd.kind, TFM_TRIGGER_TRACEOFF);
	assert_int_equal(cmd.count, -1);
	assert_null(cmd.filter);
	tfm_trigger_cmd_clear(&cmd);

	assert_int_equal(tfm_trigger_parse(W("!enable_event:irq:irq_handler_entry:x\n"),
					   target_ok, &calls, &cmd), 0);
	assert_true(cmd.remove);
	assert_string_equal(cmd.event, "irq_handler_entry");
	assert_int_equal(calls, 1);
	tfm_trigger_cmd_clear(&cmd);
}

static void test_trigger_size(void **state)
{
	g_autofree char *big = g_strnfill(TFM_TRIGGER_MAX_WRITE, ' ');
	struct tfm_trigger_cmd cmd;

	memcpy(big, "traceon", 7);
	assert_int_equal(tfm_trigger_parse(big, TFM_TRIGGER_MAX_WRITE - 1, NULL,
					   NULL, &cmd), 0);
	assert_int_equal(cmd.kind, TFM_TRIGGER_TRACEON);
	tfm_trigger_cmd_clear(&cmd);
	assert_int_equal(tfm_trigger_parse(big, TFM_TRIGGER_MAX_WRITE, NULL, NULL,
					   &cmd), -EINVAL);
	/* an embedded NUL ends the command */
	assert_int_equal(tfm_trigger_parse(W("traceoff\0garbage"), NULL, NULL, &cmd), 0);
	assert_int_equal(cmd.kind, TFM_TRIGGER_TRACEOFF);
	tfm_trigger_cmd_clear(&cmd);
}

static void parse_ok(const char *in, struct tfm_trigger_cmd *cmd)
{
	assert_int_equal(tfm_trigger_parse(in, strlen(in), NULL, NULL, cmd), 0);
}

static void test_trigger_same_slot(void **state)
{
	struct tfm_trigger_cmd on, off, st, en_a, dis_a, en_b, none;

	parse_ok("traceon", &on);
	parse_ok("traceoff:3 if prev_pid == 1", &off);
	parse_ok("stacktrace", &st);
	parse_ok("enable_event:irq:a", &en_a);
	parse_ok("!disable_event:irq:a:7", &dis_a);
	parse_ok("enable_event:irq:b", &en_b);
	parse_ok("", &none);

	/* [LIVE] traceon and traceoff are one type */
	assert_true(tfm_trigger_same_slot(&on, &off));
	assert_false(tfm_trigger_same_slot(&on, &st));
	assert_true(tfm_trigger_same_slot(&st, &st));
	assert_true(tfm_trigger_same_slot(&en_a, &dis_a));
	assert_false(tfm_trigger_same_slot(&en_a, &en_b));
	assert_false(tfm_trigger_same_slot(&en_a, &on));
	assert_false(tfm_trigger_same_slot(&none, &none));

	tfm_trigger_cmd_clear(&on);
	tfm_trigger_cmd_clear(&off);
	tfm_trigger_cmd_clear(&st);
	tfm_trigger_cmd_clear(&en_a);
	tfm_trigger_cmd_clear(&dis_a);
	tfm_trigger_cmd_clear(&en_b);
	tfm_trigger_cmd_clear(&none);
}

static void test_trigger_help(void **state)
{
	/* [LIVE] */
	assert_string_equal(tfm_trigger_help_text(),
			    "# Available triggers:\n"
			    "# traceon traceoff stacktrace enable_event disable_event\n");
	assert_string_equal(tfm_trigger_name(TFM_TRIGGER_DISABLE_EVENT), "disable_event");
	assert_string_equal(tfm_trigger_name(TFM_TRIGGER_NONE), "");
}

/* ---- mount options ---- */

static void assert_mount_ok(const char *in, uint32_t uid, uint32_t gid,
			    uint32_t mode, unsigned int given, const char *show)
{
	struct tfm_mount_opts o = { 7, 7, 7, 7 };
	g_autofree char *msg = NULL;
	g_autofree char *shown = NULL;

	assert_int_equal(tfm_mount_opts_parse(in, &o, &msg), 0);
	assert_null(msg);
	assert_int_equal(o.uid, uid);
	assert_int_equal(o.gid, gid);
	assert_int_equal(o.mode, mode);
	assert_int_equal(o.given, given);
	shown = tfm_mount_opts_show(&o);
	assert_string_equal(shown, show);
}

static void test_mount_ok(void **state)
{
	const unsigned int ug = TFM_MOUNT_OPT_UID | TFM_MOUNT_OPT_GID;

	assert_mount_ok(NULL, 0, 0, 0700, 0, "");
	assert_mount_ok("", 0, 0, 0700, 0, "");
	/* [LIVE] the remount example of spec 1.2 */
	assert_mount_ok("uid=1234,gid=1235", 1234, 1235, 0700, ug, ",uid=1234,gid=1235");
	assert_mount_ok("gid=1235,uid=1234", 1234, 1235, 0700, ug, ",uid=1234,gid=1235");
	assert_mount_ok("mode=0755", 0, 0, 0755, TFM_MOUNT_OPT_MODE, ",mode=755");
	assert_mount_ok("mode=755", 0, 0, 0755, TFM_MOUNT_OPT_MODE, ",mode=755");
	assert_mount_ok("mode=77777", 0, 0, 07777, TFM_MOUNT_OPT_MODE, ",mode=7777");
	assert_mount_ok("mode=0", 0, 0, 0, TFM_MOUNT_OPT_MODE, ",mode=0");
	/* given, but shows nothing: the defaults are not printed */
	assert_mount_ok("mode=700,uid=0", 0, 0, 0700,
			TFM_MOUNT_OPT_MODE | TFM_MOUNT_OPT_UID, "");
	assert_mount_ok("uid=0x3e8,gid=010", 1000, 8, 0700, ug, ",uid=1000,gid=8");
	assert_mount_ok("uid=+5", 5, 0, 0700, TFM_MOUNT_OPT_UID, ",uid=5");
	assert_mount_ok("uid=4294967294", 4294967294u, 0, 0700, TFM_MOUNT_OPT_UID,
			",uid=4294967294");
	assert_mount_ok(",,uid=1,,=x,uid=2,", 2, 0, 0700, TFM_MOUNT_OPT_UID, ",uid=2");
	assert_mount_ok("mode=0640,gid=3,uid=4", 4, 3, 0640,
			ug | TFM_MOUNT_OPT_MODE, ",uid=4,gid=3,mode=640");
}

static void test_mount_errors(void **state)
{
	static const struct {
		const char *in, *msg;
	} cases[] = {
		/* [LIVE] */
		{ "uid=abc", "Bad value for 'uid'" },
		{ "uid=-1", "Bad value for 'uid'" },
		{ "gid=4294967295", "Invalid gid '4294967295'" },
		{ "mode=999", "Bad value for 'mode'" },
		{ "mode=0755x", "Bad value for 'mode'" },
		{ "bogus", "Unknown parameter 'bogus'" },
		/* more of the same rules */
		{ "uid=4294967295", "Invalid uid '4294967295'" },
		{ "uid=0xffffffff", "Invalid uid '0xffffffff'" },
		{ "uid=4294967296", "Bad value for 'uid'" },
		{ "gid=", "Bad value for 'gid'" },
		{ "gid", "Bad value for 'gid'" },
		{ "mode", "Bad value for 'mode'" },
		{ "mode=0x1ff", "Bad value for 'mode'" },
		{ "mode=40000000000", "Bad value for 'mode'" },
		{ "bogus=1", "Unknown parameter 'bogus'" },
		{ "UID=1", "Unknown parameter 'UID'" },
		{ "uid=1,ro", "Unknown parameter 'ro'" },
		{ "uid =1", "Unknown parameter 'uid '" },
		{ "mode=07=55", "Bad value for 'mode'" },
		{ "uid=1,gid=x,bogus", "Bad value for 'gid'" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct tfm_mount_opts o = { 11, 12, 013, 1 };
		g_autofree char *msg = NULL;

		assert_int_equal(tfm_mount_opts_parse(cases[i].in, &o, &msg), -EINVAL);
		assert_non_null(msg);
		assert_string_equal(msg, cases[i].msg);
		/* unchanged on error */
		assert_int_equal(o.uid, 11);
		assert_int_equal(o.gid, 12);
		assert_int_equal(o.mode, 013);
		assert_int_equal(o.given, 1);
	}
	assert_int_equal(tfm_mount_opts_parse("bogus", &(struct tfm_mount_opts){ 0 },
					      NULL), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set_event_tokens),
		cmocka_unit_test(test_set_event_fields),
		cmocka_unit_test(test_set_event_malformed),
		cmocka_unit_test(test_set_event_token_length),
		cmocka_unit_test(test_set_event_module),
		cmocka_unit_test(test_kstrtoull),
		cmocka_unit_test(test_kstrto_signed),
		cmocka_unit_test(test_kstrtoul_from_user),
		cmocka_unit_test(test_bool01),
		cmocka_unit_test(test_strim_dup),
		cmocka_unit_test(test_pid_list),
		cmocka_unit_test(test_pid_list_token_length),
		cmocka_unit_test(test_trigger_render),
		cmocka_unit_test(test_trigger_errors),
		cmocka_unit_test(test_trigger_fields),
		cmocka_unit_test(test_trigger_remove),
		cmocka_unit_test(test_trigger_size),
		cmocka_unit_test(test_trigger_same_slot),
		cmocka_unit_test(test_trigger_help),
		cmocka_unit_test(test_mount_ok),
		cmocka_unit_test(test_mount_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
