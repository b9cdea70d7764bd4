// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-filter.c - the event filter parser against what Linux 6.18 does
 * (spec/tracefs.md 7.3-7.5, 8.12 and kernel/trace/trace_events_filter.c).
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "filter.h"
#include "../common/fieldsets.h"

/* ---- helpers ---- */

static void put(unsigned char *rec, unsigned int off, uint64_t v, int size)
{
	for (int k = 0; k < size; k++)
		rec[off + k] = v >> (8 * k);
}

static void make_switch(unsigned char rec[64], const char *prev, int prev_pid,
			long state, const char *next, int next_pid)
{
	memset(rec, 0, 64);
	put(rec, 0, 372, 2);
	put(rec, 4, prev_pid, 4);
	strncpy((char *)rec + 8, prev, 16);
	put(rec, 24, prev_pid, 4);
	put(rec, 28, 120, 4);
	put(rec, 32, state, 8);
	strncpy((char *)rec + 40, next, 16);
	put(rec, 56, next_pid, 4);
	put(rec, 60, 120, 4);
}

static int parse(const char *expr, const struct tfm_field_set *set,
		 struct tfm_filter **f, struct tfm_filter_error *err)
{
	return tfm_filter_parse(expr, strlen(expr), set, f, err);
}

/* Parse against sched_switch, expecting success, and evaluate. */
static bool eval(const char *expr, const unsigned char *rec, size_t len,
		 const struct tfm_field_set *set,
		 const struct tfm_filter_ctx *ctx)
{
	struct tfm_filter_error err;
	struct tfm_filter *f = NULL;
	bool hit;
	int ret = parse(expr, set, &f, &err);

	if (ret)
		print_error("parse of '%s' failed: %d\n", expr, ret);
	assert_int_equal(ret, 0);
	hit = tfm_filter_match(f, rec, len, ctx);
	tfm_filter_free(f);
	return hit;
}

/* ---- the spec's LIVE cases ---- */

static void test_accepts_and_stores(void **state)
{
	struct tfm_filter_error err;
	struct tfm_filter *f = NULL;

	(void)state;
	assert_int_equal(parse("prev_pid == 1", &tt_sched_switch, &f, &err), 0);
	assert_string_equal(tfm_filter_string(f), "prev_pid == 1");
	tfm_filter_free(f);
	/* leading blanks stay, the parser itself strips nothing */
	assert_int_equal(parse("  prev_pid==1", &tt_sched_switch, &f, &err), 0);
	assert_string_equal(tfm_filter_string(f), "  prev_pid==1");
	tfm_filter_free(f);
	/* the expression ends at a NUL byte */
	assert_int_equal(tfm_filter_parse("prev_pid == 1\0junk", 18,
					  &tt_sched_switch, &f, &err), 0);
	assert_string_equal(tfm_filter_string(f), "prev_pid == 1");
	tfm_filter_free(f);
	tfm_filter_free(NULL);
}

static void check_texts(const char *expr, const char *file, const char *log)
{
	struct tfm_filter_error err;
	struct tfm_filter *f = (struct tfm_filter *)&err;
	GString *s = g_string_new(NULL);

	parse(expr, &tt_sched_switch, &f, &err);
	assert_null(f);
	tfm_filter_error_file_text(s, expr, &err);
	assert_string_equal(s->str, file);
	g_string_truncate(s, 0);
	tfm_filter_error_log_text(s, expr, &err);
	assert_string_equal(s->str, log);
	g_string_free(s, TRUE);
}

static void test_field_not_found(void **state)
{
	struct tfm_filter_error err;
	struct tfm_filter *f = NULL;

	(void)state;
	assert_int_equal(parse("nosuchfield == 1", &tt_sched_switch, &f, &err),
			 -EINVAL);
	assert_int_equal(err.code, TFM_FILTER_ERR_FIELD_NOT_FOUND);
	assert_int_equal(err.pos, 12);
	check_texts("nosuchfield == 1",
		    "nosuchfield == 1\n            ^\n"
		    "parse_error: Field not found\n\n",
		    "event filter parse error: error: Field not found\n"
		    "  Command: nosuchfield == 1\n"
		    "                       ^\n");
}

static void test_too_many_open(void **state)
{
	struct tfm_filter_error err;
	struct tfm_filter *f = NULL;

	(void)state;
	assert_int_equal(parse("(prev_pid == 1", &tt_sched_switch, &f, &err),
			 -ENOENT);
	assert_int_equal(err.code, TFM_FILTER_ERR_TOO_MANY_OPEN);
	assert_int_equal(err.pos, 0);
	check_texts("(prev_pid == 1",
		    "(prev_pid == 1\n^\nparse_error: Too many '('\n\n",
		    "event filter parse error: error: Too many '('\n"
		    "  Command: (prev_pid == 1\n           ^\n");
}

static void test_empty(void **state)
{
	struct tfm_filter_error err;
	struct tfm_filter *f = NULL;

	(void)state;
	assert_int_equal(tfm_filter_parse("", 0, &tt_sched_switch, &f, &err),
			 -EINVAL);
	assert_int_equal(err.code, TFM_FILTER_ERR_NONE);
	assert_string_equal(tfm_filter_error_log_msg(&err), "Error");
	assert_int_equal(tfm_filter_error_log_pos(&err), 0);
	check_texts("", "\nError: (0)\n\n",
		    "event filter parse error: error: Error\n"
		    "  Command: \n           ^\n");
}

static void test_operator_and_value(void **state)
{
	(void)state;
	check_texts("prev_pid = 1",
		    "prev_pid = 1\n          ^\nparse_error: Invalid operator\n\n",
		    "event filter parse error: error: Invalid operator\n"
		    "  Command: prev_pid = 1\n                     ^\n");
	check_texts("prev_comm == bash",
		    "prev_comm == bash\n              ^\n"
		    "parse_error: Invalid value (did you forget quotes)?\n\n",
		    "event filter parse error: error: Invalid value (did you "
		    "forget quotes)?\n  Command: prev_comm == bash\n"
		    "                         ^\n");
	/* the file caps the caret at the expression's length, error_log not */
	check_texts("prev_pid ==",
		    "prev_pid ==\n           ^\n"
		    "parse_error: Invalid value (did you forget quotes)?\n\n",
		    "event filter parse error: error: Invalid value (did you "
		    "forget quotes)?\n  Command: prev_pid ==\n"
		    "                       ^\n");
}

static void test_subsystem_error(void **state)
{
	static const struct tfm_field other_fields[] = {
		{ "int", "common_pid", 4, 4, true, TFM_FIELD_NUMERIC },
		{ "int", "irq", 8, 4, true, TFM_FIELD_NUMERIC },
	};
	const struct tfm_field_set other = { other_fields, 2 };
	struct tfm_filter_error err;
	struct tfm_filter *f = NULL;
	GString *s = g_string_new(NULL);

	(void)state;
	/* the system write reaches both events; one takes it, one cannot */
	assert_int_equal(parse("prev_pid == 1", &tt_sched_switch, &f, &err), 0);
	tfm_filter_free(f);
	assert_int_equal(parse("prev_pid == 1", &other, &f, &err), -EINVAL);
	tfm_filter_subsys_error(&err);
	tfm_filter_error_file_text(s, "prev_pid == 1", &err);
	assert_string_equal(s->str, "prev_pid == 1\n^\nparse_error: Couldn't "
			    "find or set field in one of a subsystem's events\n\n");
	g_string_truncate(s, 0);
	tfm_filter_error_log_text(s, "prev_pid == 1", &err);
	assert_string_equal(s->str, "event filter parse error: error: Couldn't "
			    "find or set field in one of a subsystem's events\n"
			    "  Command: prev_pid == 1\n           ^\n");
	g_string_free(s, TRUE);
}

static void test_write_text(void **state)
{
	char *t;

	(void)state;
	t = tfm_filter_write_text("prev_pid == 1\n", 14);
	assert_string_equal(t, "prev_pid == 1");
	g_free(t);
	t = tfm_filter_write_text("  a == 1 \t\n\n", 13);
	assert_string_equal(t, "  a == 1");
	g_free(t);
	t = tfm_filter_write_text("a\0b", 3);
	assert_string_equal(t, "a");
	assert_false(tfm_filter_text_is_clear(t));
	g_free(t);
	t = tfm_filter_write_text(" 0\n", 3);
	assert_true(tfm_filter_text_is_clear(t));
	g_free(t);
	assert_true(tfm_filter_text_is_clear("0"));
	assert_false(tfm_filter_text_is_clear("00"));
	assert_false(tfm_filter_text_is_clear("0 || 1"));
	assert_string_equal(tfm_filter_error_msg(TFM_FILTER_ERR_TOO_MANY_CLOSE),
			    "Too few '('");
}

/* ---- a table of expressions: return code, error and position ---- */

struct parse_case {
	const char *expr;
	int ret;
	enum tfm_filter_errcode code;
	int pos;
};

#define OK(e)			{ e, 0, TFM_FILTER_ERR_NONE, 0 }
#define BAD(e, r, c, p)		{ e, r, TFM_FILTER_ERR_##c, p }

static const struct parse_case sched_cases[] = {
	OK("prev_pid == 1"),
	OK("prev_pid==1"),
	OK("\tprev_pid\t==\t1"),
	OK("common_pid != 0 && prev_prio < 100"),
	OK("common_type == 372 || common_flags & 1"),
	OK("common_preempt_count <= 2"),
	OK("prev_comm == \"bash\""),
	OK("prev_comm == 'bash'"),
	OK("prev_comm == \"a(b)c\" && (next_pid > 0)"),
	OK("prev_comm ~ \"ba*\""),
	OK("prev_comm ~ \"*sh*\""),
	OK("prev_comm ~ \"[a-c]?sh\""),
	OK("next_comm != \"swapper/0\""),
	OK("!(prev_pid == 1)"),
	OK("!!prev_pid == 1"),
	OK("((prev_pid == 1))"),
	OK("prev_state & 2"),
	OK("prev_pid >= -1"),
	OK("prev_pid == 0x10"),
	OK("prev_pid == 0X1f"),
	OK("prev_pid == 010"),
	OK("prev_pid == -2147483648"),
	OK("prev_pid == 1 &&"),			/* a trailing && is ignored */
	OK("prev_pid == 1 && !"),
	OK("cpu == 0"),
	OK("CPU < 2"),
	OK("common_cpu >= 1"),
	OK("comm == \"bash\""),
	OK("COMM ~ \"*sh*\""),
	OK("stacktrace == 1"),
	OK("prev_pid == CPUS{0}"),
	OK("cpu & CPUS{0-1}"),
	OK("cpu != CPUS{N}"),
	OK("prev_state.ustring == 1"),
	BAD("", -EINVAL, NONE, 0),
	BAD("   ", -EINVAL, NONE, 0),
	BAD("()", -EINVAL, NONE, 0),
	BAD("nosuchfield == 1", -EINVAL, FIELD_NOT_FOUND, 12),
	BAD("1 == 1", -EINVAL, FIELD_NOT_FOUND, 2),
	BAD("prev_pid == 1 || nosuch == 2", -EINVAL, FIELD_NOT_FOUND, 24),
	BAD("Prev_pid == 1", -EINVAL, FIELD_NOT_FOUND, 9),
	BAD("prev_pid = 1", -EINVAL, INVALID_OP, 10),
	BAD("prev_pid =< 1", -EINVAL, INVALID_OP, 10),
	BAD("prev_pid !~ 1", -EINVAL, INVALID_OP, 10),
	BAD("prev_pid", -EINVAL, INVALID_OP, 9),
	BAD("prev_pid.bogus == 1", -EINVAL, INVALID_OP, 9),
	BAD("prev_comm == bash", -EINVAL, INVALID_VALUE, 14),
	BAD("prev_pid && 1", -EINVAL, INVALID_VALUE, 11),
	BAD("prev_pid >< 1", -EINVAL, INVALID_VALUE, 11),
	BAD("prev_pid == +1", -EINVAL, INVALID_VALUE, 13),
	BAD("prev_pid ==", -EINVAL, INVALID_VALUE, 12),
	BAD("common_type == -1", -EINVAL, ILLEGAL_INTVAL, 16),
	BAD("prev_pid == 1abc", -EINVAL, ILLEGAL_INTVAL, 13),
	BAD("prev_pid == 08", -EINVAL, ILLEGAL_INTVAL, 13),
	BAD("prev_pid == 0x", -EINVAL, ILLEGAL_INTVAL, 13),
	BAD("prev_pid == -", -EINVAL, ILLEGAL_INTVAL, 13),
	BAD("prev_pid == 9223372036854775808", -EINVAL, ILLEGAL_INTVAL, 13),
	BAD("prev_pid == 99999999999999999999999", -EINVAL, ILLEGAL_INTVAL, 13),
	BAD("prev_pid == 999999999999999999999999", -EINVAL,
	    OPERAND_TOO_LONG, 37),
	BAD("prev_pid ~ 1", -EINVAL, ILLEGAL_FIELD_OP, 12),
	BAD("prev_comm < \"a\"", -EINVAL, ILLEGAL_FIELD_OP, 13),
	BAD("prev_comm & \"a\"", -EINVAL, ILLEGAL_FIELD_OP, 13),
	BAD("prev_comm == 1", -EINVAL, EXPECT_STRING, 14),
	BAD("prev_pid == \"1\"", -EINVAL, EXPECT_DIGIT, 13),
	BAD("cpu == \"0\"", -EINVAL, EXPECT_DIGIT, 8),
	BAD("comm == 1", -EINVAL, EXPECT_STRING, 9),
	BAD("cpu ~ 1", -EINVAL, ILLEGAL_FIELD_OP, 7),
	BAD("stacktrace == \"x\"", -EINVAL, EXPECT_DIGIT, 15),
	BAD("prev_comm == CPUS{0}", -EINVAL, ILLEGAL_FIELD_OP, 14),
	BAD("prev_pid < CPUS{1}", -EINVAL, ILLEGAL_FIELD_OP, 12),
	BAD("cpu == CPUS0", -EINVAL, MISSING_BRACE_OPEN, 13),
	BAD("cpu == CPUS{0", -EINVAL, MISSING_BRACE_CLOSE, 14),
	BAD("cpu == CPUS{}", -EINVAL, INVALID_CPULIST, 13),
	BAD("cpu == CPUS{x}", -EINVAL, INVALID_CPULIST, 14),
	BAD("cpu == CPUS{3-1}", -EINVAL, INVALID_CPULIST, 16),
	BAD("cpu == CPUS{64}", -EINVAL, INVALID_CPULIST, 15),
	BAD("prev_state.function == 0x1234", -EINVAL, NO_FUNCTION, 30),
	BAD("prev_state.function == 0xzz", -EINVAL, INVALID_VALUE, 28),
	BAD("prev_pid.function == foo", -EINVAL, ILLEGAL_FIELD_OP, 22),
	BAD("prev_state.function < foo", -EINVAL, INVALID_OP, 23),
	BAD("!", -EINVAL, NO_FILTER, 1),
	BAD("!!!", -EINVAL, NO_FILTER, 3),
	/* calc_stack()'s own return codes reach user space as errnos */
	BAD("(prev_pid == 1", -ENOENT, TOO_MANY_OPEN, 0),
	BAD("((prev_pid == 1)", -ENOENT, TOO_MANY_OPEN, 0),
	BAD("prev_pid == 1 && (next_pid == 2", -ENOENT, TOO_MANY_OPEN, 17),
	BAD("prev_pid == 1 && ((next_pid == 2)", -ENOENT, TOO_MANY_OPEN, 17),
	BAD("prev_pid == 1)", -EPERM, TOO_MANY_CLOSE, 13),
	BAD("(prev_pid == 1))", -EPERM, TOO_MANY_CLOSE, 15),
	BAD("prev_comm == \"bash", -ESRCH, MISSING_QUOTE, 13),
	BAD("prev_comm == 'x\" && 1", -ESRCH, MISSING_QUOTE, 13),
	/* the kernel's -1 without a message: EPERM, "Error: (0)" */
	BAD("== 1", -EPERM, NONE, 0),
	BAD("!= 1", -EPERM, NONE, 0),
	BAD("&& prev_pid == 1", -EPERM, NONE, 0),
	BAD("prev_pid == 1 || || next_pid == 1", -EPERM, NONE, 0),
	BAD("(prev_pid == 1 && )", -EPERM, NONE, 0),
	/* junk after a predicate */
	BAD("prev_pid == 1 foo", -EPERM, TOO_MANY_PREDS, 14),
	BAD("prev_pid == 1 & next_pid == 2", -EPERM, TOO_MANY_PREDS, 14),
	BAD("prev_pid == 1 | next_pid == 2", -EPERM, TOO_MANY_PREDS, 14),
	BAD("(prev_pid == 1) (next_pid == 2)", -EPERM, TOO_MANY_PREDS, 16),
	BAD("prev_pid == 1-2", -EPERM, TOO_MANY_PREDS, 13),
	BAD("prev_pid == 1 !", -EPERM, TOO_MANY_PREDS, 14),
};

static void test_table(void **state)
{
	(void)state;
	for (size_t k = 0; k < G_N_ELEMENTS(sched_cases); k++) {
		const struct parse_case *c = &sched_cases[k];
		struct tfm_filter_error err = { TFM_FILTER_ERR_ERRNO, -7 };
		struct tfm_filter *f = NULL;
		int ret = parse(c->expr, &tt_sched_switch, &f, &err);

		if (ret != c->ret || (ret && (err.code != c->code ||
					      err.pos != c->pos)))
			print_error("'%s': got %d/%d@%d, want %d/%d@%d\n",
				    c->expr, ret, err.code, err.pos, c->ret,
				    c->code, c->pos);
		assert_int_equal(ret, c->ret);
		if (ret) {
			assert_null(f);
			assert_int_equal(err.code, c->code);
			assert_int_equal(err.pos, c->pos);
		} else {
			assert_non_null(f);
			assert_string_equal(tfm_filter_string(f), c->expr);
		}
		tfm_filter_free(f);
	}
}

static void test_operand_lengths(void **state)
{
	struct tfm_filter_error err;
	struct tfm_filter *f = NULL;
	GString *e = g_string_new("prev_comm == \"");

	(void)state;
	for (int k = 0; k < 255; k++)
		g_string_append_c(e, 'x');
	g_string_append_c(e, '"');
	assert_int_equal(parse(e->str, &tt_sched_switch, &f, &err), 0);
	tfm_filter_free(f);
	g_string_insert_c(e, 14, 'x');	/* 256 characters: too long */
	assert_int_equal(parse(e->str, &tt_sched_switch, &f, &err), -EINVAL);
	assert_int_equal(err.code, TFM_FILTER_ERR_OPERAND_TOO_LONG);
	assert_int_equal(err.pos, 1 + 14 + 256);
	g_string_free(e, TRUE);
}

/* ---- evaluation ---- */

static void test_eval_numbers(void **state)
{
	unsigned char r[64];

	(void)state;
	make_switch(r, "bash", 1, 2, "swapper/0", 0);
	assert_true(eval("prev_pid == 1", r, 64, &tt_sched_switch, NULL));
	assert_false(eval("prev_pid != 1", r, 64, &tt_sched_switch, NULL));
	assert_true(eval("next_pid < 1", r, 64, &tt_sched_switch, NULL));
	assert_true(eval("prev_state & 2", r, 64, &tt_sched_switch, NULL));
	assert_false(eval("prev_state & 5", r, 64, &tt_sched_switch, NULL));
	assert_true(eval("common_type == 372", r, 64, &tt_sched_switch, NULL));
	/* the value is cut to the field's size: 65908 = 0x10174 -> 372 */
	assert_true(eval("common_type == 65908", r, 64, &tt_sched_switch, NULL));
	make_switch(r, "bash", -5, -1, "x", 7);
	assert_true(eval("prev_pid < 0", r, 64, &tt_sched_switch, NULL));
	assert_true(eval("prev_pid >= -5 && prev_pid <= -5", r, 64,
			 &tt_sched_switch, NULL));
	assert_true(eval("prev_state < 0", r, 64, &tt_sched_switch, NULL));
	/* 4294967295 fits a long long, then is cut to s32: -1 */
	assert_true(eval("prev_pid < 4294967295", r, 64, &tt_sched_switch, NULL));
	/* a record too short for the field never matches */
	assert_false(eval("next_pid == 7", r, 58, &tt_sched_switch, NULL));
	assert_true(eval("next_pid == 7", r, 60, &tt_sched_switch, NULL));
	assert_true(tfm_filter_match(NULL, r, 0, NULL));
}

static void test_eval_sizes(void **state)
{
	unsigned char r[104] = { 0 };

	(void)state;
	put(r, 8, 0xff, 1);
	put(r, 9, 0x80, 1);		/* s8 -128 */
	put(r, 10, 0xfffe, 2);
	put(r, 12, 0x8000, 2);		/* s16 -32768 */
	put(r, 16, 0xfffffffd, 4);
	put(r, 20, 0xfffffffd, 4);	/* s32 -3 */
	put(r, 24, UINT64_MAX, 8);
	put(r, 32, (uint64_t)INT64_MIN, 8);
	assert_true(eval("u8 == 255 && u8 > 254 && u8 == 511", r, 104, &tt_mixed, NULL));
	assert_true(eval("s8 == -128 && s8 < -127 && s8 == 128", r, 104, &tt_mixed, NULL));
	assert_true(eval("u16 >= 65534 && u16 & 2 && !(u16 & 1)", r, 104, &tt_mixed, NULL));
	assert_true(eval("s16 < 0 && s16 == -32768", r, 104, &tt_mixed, NULL));
	assert_true(eval("u32 > 4294967292 && u32 != 3", r, 104, &tt_mixed, NULL));
	assert_true(eval("s32 == -3 && s32 < -2 && s32 > -4", r, 104, &tt_mixed, NULL));
	assert_true(eval("u64 == 0xffffffffffffffff && u64 > 1", r, 104, &tt_mixed, NULL));
	assert_true(eval("s64 == -9223372036854775808 && s64 < 0", r, 104,
			 &tt_mixed, NULL));
	/* fields of other sizes compare as the kernel's no-op: never true */
	assert_false(eval("args == 0", r, 104, &tt_mixed, NULL));
	assert_false(eval("args != 0", r, 104, &tt_mixed, NULL));
	assert_false(eval("stacktrace == 0", r, 104, &tt_mixed, NULL));
}

static void test_eval_strings(void **state)
{
	unsigned char r[64];

	(void)state;
	make_switch(r, "bash", 1, 0, "kworker/0:1", 2);
	assert_true(eval("prev_comm == \"bash\"", r, 64, &tt_sched_switch, NULL));
	assert_false(eval("prev_comm == \"bas\"", r, 64, &tt_sched_switch, NULL));
	assert_true(eval("prev_comm != \"zsh\"", r, 64, &tt_sched_switch, NULL));
	assert_false(eval("prev_comm == \"ba*\"", r, 64, &tt_sched_switch, NULL));
	assert_true(eval("prev_comm ~ \"ba*\"", r, 64, &tt_sched_switch, NULL));
	assert_true(eval("prev_comm ~ \"*as*\"", r, 64, &tt_sched_switch, NULL));
	assert_true(eval("prev_comm ~ \"*\"", r, 64, &tt_sched_switch, NULL));
	assert_true(eval("next_comm ~ \"kworker/*\"", r, 64, &tt_sched_switch, NULL));
	assert_true(eval("next_comm ~ \"k*/?:1\"", r, 64, &tt_sched_switch, NULL));
	assert_true(eval("prev_comm ~ \"b?sh\"", r, 64, &tt_sched_switch, NULL));
	assert_true(eval("prev_comm ~ \"[a-c]ash\"", r, 64, &tt_sched_switch, NULL));
	assert_false(eval("prev_comm ~ \"[!b]ash\"", r, 64, &tt_sched_switch, NULL));
	assert_true(eval("prev_comm ~ \"\\bash\"", r, 64, &tt_sched_switch, NULL));
	assert_false(eval("prev_comm ~ \"!ba*\"", r, 64, &tt_sched_switch, NULL));
	assert_true(eval("prev_comm ~ \"!zs*\"", r, 64, &tt_sched_switch, NULL));
	/*
	 * "*x" on a char[16] compares the last bytes of the array (the
	 * kernel passes the field size as the string length): no match.
	 */
	assert_false(eval("prev_comm ~ \"*sh\"", r, 64, &tt_sched_switch, NULL));
	/* a pattern starting with a digit is matched literally */
	make_switch(r, "1*", 1, 0, "12", 2);
	assert_true(eval("prev_comm ~ \"1*\"", r, 64, &tt_sched_switch, NULL));
	assert_false(eval("next_comm ~ \"1*\"", r, 64, &tt_sched_switch, NULL));
}

static void test_eval_data_loc(void **state)
{
	unsigned char r[120] = { 0 };

	(void)state;
	put(r, 40, 104 | (5u << 16), 4);	/* "bash\0" at 104 */
	memcpy(r + 104, "bash", 5);
	assert_true(eval("name == \"bash\"", r, 120, &tt_mixed, NULL));
	assert_true(eval("name ~ \"*sh\"", r, 120, &tt_mixed, NULL));
	assert_true(eval("name ~ \"*as*\" && name ~ \"b*\"", r, 120, &tt_mixed, NULL));
	assert_false(eval("name ~ \"*ba\"", r, 120, &tt_mixed, NULL));
	assert_true(eval("name ~ \"*bash\"", r, 120, &tt_mixed, NULL));
	assert_false(eval("name ~ \"*xbash\"", r, 120, &tt_mixed, NULL));
	assert_true(eval("name ~ \"?a[s]h\"", r, 120, &tt_mixed, NULL));
	/* a location past the record's end never matches */
	assert_false(eval("name ~ \"*\"", r, 100, &tt_mixed, NULL));
	/* string pointers are kernel addresses: unreadable, never true */
	assert_false(eval("ptr == \"x\"", r, 120, &tt_mixed, NULL));
	assert_false(eval("ptr != \"x\"", r, 120, &tt_mixed, NULL));
}

static void test_eval_generic(void **state)
{
	const struct tfm_filter_ctx cpu1 = { 1, "bash" }, cpu2 = { 2, NULL };
	unsigned char r[104] = { 0 };

	(void)state;
	assert_true(eval("cpu == 1 && CPU > 0 && common_cpu <= 1", r, 104,
			 &tt_mixed, &cpu1));
	assert_false(eval("cpu == 0", r, 104, &tt_mixed, &cpu1));
	assert_true(eval("cpu == 0", r, 104, &tt_mixed, NULL));
	assert_false(eval("cpu & 1", r, 104, &tt_mixed, &cpu1));	/* no & for CPU */
	assert_true(eval("cpu & CPUS{1}", r, 104, &tt_mixed, &cpu1));
	assert_true(eval("cpu & CPUS{0-3}", r, 104, &tt_mixed, &cpu1));
	assert_false(eval("cpu & CPUS{0,2}", r, 104, &tt_mixed, &cpu1));
	assert_false(eval("cpu == CPUS{1,2}", r, 104, &tt_mixed, &cpu1));
	assert_true(eval("cpu != CPUS{1,2}", r, 104, &tt_mixed, &cpu1));
	assert_false(eval("cpu & CPUS{0-7:1/2}", r, 104, &tt_mixed, &cpu1));
	assert_true(eval("cpu & CPUS{0-7:1/2}", r, 104, &tt_mixed, &cpu2));
	assert_true(eval("comm == \"bash\" && COMM ~ \"b*\"", r, 104, &tt_mixed,
			 &cpu1));
	assert_false(eval("comm ~ \"*sh\"", r, 104, &tt_mixed, &cpu1));
	assert_true(eval("comm == \"\"", r, 104, &tt_mixed, NULL));
}

static void test_eval_cpumask(void **state)
{
	unsigned char r[112] = { 0 };

	(void)state;
	put(r, 44, 104 | (8u << 16), 4);	/* mask {1,3} at 104 */
	put(r, 104, 0xa, 8);
	assert_true(eval("mask & CPUS{1}", r, 112, &tt_mixed, NULL));
	assert_false(eval("mask == CPUS{1}", r, 112, &tt_mixed, NULL));
	assert_true(eval("mask != CPUS{1}", r, 112, &tt_mixed, NULL));
	assert_true(eval("mask == CPUS{1,3}", r, 112, &tt_mixed, NULL));
	assert_false(eval("mask == CPUS{1-3}", r, 112, &tt_mixed, NULL));
	assert_true(eval("mask & CPUS{0,3}", r, 112, &tt_mixed, NULL));
	assert_false(eval("mask & CPUS{0,2}", r, 112, &tt_mixed, NULL));
	put(r, 104, 0x2, 8);
	assert_true(eval("mask == CPUS{1}", r, 112, &tt_mixed, NULL));
	/* a numeric field holding a CPU number */
	put(r, 16, 3, 4);
	assert_true(eval("u32 == CPUS{3}", r, 112, &tt_mixed, NULL));
	assert_true(eval("u32 & CPUS{3}", r, 112, &tt_mixed, NULL));
	assert_true(eval("u32 != CPUS{2}", r, 112, &tt_mixed, NULL));
	assert_true(eval("u32 & CPUS{2-5}", r, 112, &tt_mixed, NULL));
	assert_false(eval("u32 == CPUS{2-5}", r, 112, &tt_mixed, NULL));
	assert_true(eval("u32 != CPUS{2-5}", r, 112, &tt_mixed, NULL));
}

static void test_precedence(void **state)
{
	unsigned char r[64];

	(void)state;
	make_switch(r, "a", 1, 0, "b", 0);
	/* && binds tighter than || */
	assert_true(eval("prev_pid == 1 || prev_pid == 2 && next_pid == 3",
			 r, 64, &tt_sched_switch, NULL));
	assert_false(eval("(prev_pid == 1 || prev_pid == 2) && next_pid == 3",
			  r, 64, &tt_sched_switch, NULL));
	assert_true(eval("next_pid == 3 && prev_pid == 2 || prev_pid == 1",
			 r, 64, &tt_sched_switch, NULL));
	/* ! covers one predicate, or a parenthesised group */
	assert_false(eval("!prev_pid == 1 && next_pid == 0", r, 64,
			  &tt_sched_switch, NULL));
	assert_true(eval("!prev_pid == 2 && next_pid == 0", r, 64,
			 &tt_sched_switch, NULL));
	assert_false(eval("!(prev_pid == 1 || next_pid == 5)", r, 64,
			  &tt_sched_switch, NULL));
	assert_true(eval("!(prev_pid == 2 || next_pid == 5)", r, 64,
			 &tt_sched_switch, NULL));
	assert_true(eval("!(prev_pid == 1 && next_pid == 5)", r, 64,
			 &tt_sched_switch, NULL));
	assert_true(eval("!!(prev_pid == 1)", r, 64, &tt_sched_switch, NULL));
	assert_true(eval("!(!(prev_pid == 1) || next_pid == 4) && "
			 "(next_pid == 0)", r, 64, &tt_sched_switch, NULL));
	/* a trailing && leaves the expression as it was */
	assert_true(eval("prev_pid == 1 &&", r, 64, &tt_sched_switch, NULL));
}

/* ---- the kernel's own filter self-test, a..h are ints after the header */

static const struct tfm_field ah_fields[] = {
	{ "int", "a", 8, 4, true, TFM_FIELD_NUMERIC },
	{ "int", "b", 12, 4, true, TFM_FIELD_NUMERIC },
	{ "int", "c", 16, 4, true, TFM_FIELD_NUMERIC },
	{ "int", "d", 20, 4, true, TFM_FIELD_NUMERIC },
	{ "int", "e", 24, 4, true, TFM_FIELD_NUMERIC },
	{ "int", "f", 28, 4, true, TFM_FIELD_NUMERIC },
	{ "int", "g", 32, 4, true, TFM_FIELD_NUMERIC },
	{ "int", "h", 36, 4, true, TFM_FIELD_NUMERIC },
};

static const struct tfm_field_set ah = { ah_fields, 8 };

typedef bool (*ah_fn)(const int *v);

#define V(x) (v[#x[0] - 'a'] == 1)
static bool f1(const int *v) { return V(a) && V(b) && V(c) && V(d) && V(e) && V(f) && V(g) && V(h); }
static bool f2(const int *v) { return V(a) || V(b) || V(c) || V(d) || V(e) || V(f) || V(g) || V(h); }
static bool f3(const int *v) { return (V(a) || V(b)) && (V(c) || V(d)) && (V(e) || V(f)) && (V(g) || V(h)); }
static bool f4(const int *v) { return (V(a) && V(b)) || (V(c) && V(d)) || (V(e) && V(f)) || (V(g) && V(h)); }
static bool f5(const int *v) { return ((V(a) && V(b)) && (V(c) && V(d)) && (V(e) && V(f))) || (V(g) && V(h)); }
static bool f6(const int *v) { return ((V(a) || V(b)) || (V(c) || V(d)) || (V(e) || V(f))) && (V(g) || V(h)); }
static bool f7(const int *v) { return (((((((V(a) && V(b)) || V(c)) && V(d)) || V(e)) && V(f)) || V(g)) && V(h)); }
static bool f8(const int *v) { return (((((((V(a) || V(b)) && V(c)) || V(d)) && V(e)) || V(f)) && V(g)) || V(h)); }
static bool f9(const int *v) { return !(V(a) && !(!V(b) || (V(c) && V(g)))) || V(d) || (V(e) && !V(f)); }
static bool f10(const int *v) { return (V(a) && !(!V(b) || (V(c) && V(g)))) || V(d) || (V(e) && !V(f)); }
#undef V

static const struct {
	const char *expr;
	ah_fn fn;
	/* the kernel's self-test rows: a..h and the expected result */
	int rows[4][9];
	int nr;
} ah_cases[] = {
	{ "a == 1 && b == 1 && c == 1 && d == 1 && e == 1 && f == 1 && "
	  "g == 1 && h == 1", f1,
	  { { 1, 1, 1, 1, 1, 1, 1, 1, 1 }, { 0, 1, 1, 1, 1, 1, 1, 1, 0 },
	    { 1, 1, 1, 1, 1, 1, 1, 0, 0 } }, 3 },
	{ "a == 1 || b == 1 || c == 1 || d == 1 || e == 1 || f == 1 || "
	  "g == 1 || h == 1", f2,
	  { { 0, 0, 0, 0, 0, 0, 0, 0, 0 }, { 0, 0, 0, 0, 0, 0, 0, 1, 1 },
	    { 1, 0, 0, 0, 0, 0, 0, 0, 1 } }, 3 },
	{ "(a == 1 || b == 1) && (c == 1 || d == 1) && (e == 1 || f == 1) && "
	  "(g == 1 || h == 1)", f3,
	  { { 0, 0, 1, 1, 1, 1, 1, 1, 0 }, { 0, 1, 0, 1, 0, 1, 0, 1, 1 },
	    { 1, 0, 1, 0, 0, 1, 0, 1, 1 }, { 1, 0, 1, 0, 0, 1, 0, 0, 0 } }, 4 },
	{ "(a == 1 && b == 1) || (c == 1 && d == 1) || (e == 1 && f == 1) || "
	  "(g == 1 && h == 1)", f4,
	  { { 1, 0, 1, 1, 1, 1, 1, 1, 1 }, { 0, 0, 0, 0, 0, 0, 1, 1, 1 },
	    { 0, 0, 0, 0, 0, 0, 0, 1, 0 } }, 3 },
	{ "(a == 1 && b == 1) && (c == 1 && d == 1) && (e == 1 && f == 1) || "
	  "(g == 1 && h == 1)", f5,
	  { { 1, 1, 1, 1, 1, 1, 0, 0, 1 }, { 0, 0, 0, 0, 0, 0, 0, 1, 0 },
	    { 1, 1, 1, 1, 1, 0, 1, 1, 1 } }, 3 },
	{ "((a == 1 || b == 1) || (c == 1 || d == 1) || (e == 1 || f == 1)) && "
	  "(g == 1 || h == 1)", f6,
	  { { 1, 1, 1, 1, 1, 1, 0, 1, 1 }, { 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	    { 1, 1, 1, 1, 1, 0, 1, 1, 1 } }, 3 },
	{ "((((((((a == 1) && (b == 1)) || (c == 1)) && (d == 1)) || "
	  "(e == 1)) && (f == 1)) || (g == 1)) && (h == 1))", f7,
	  { { 1, 1, 1, 1, 1, 1, 1, 1, 1 }, { 0, 1, 0, 1, 0, 1, 0, 1, 0 },
	    { 1, 0, 1, 0, 1, 0, 1, 0, 0 } }, 3 },
	{ "((((((((a == 1) || (b == 1)) && (c == 1)) || (d == 1)) && "
	  "(e == 1)) || (f == 1)) && (g == 1)) || (h == 1))", f8,
	  { { 1, 1, 1, 1, 1, 1, 1, 1, 1 }, { 0, 1, 0, 1, 0, 1, 0, 1, 1 },
	    { 1, 0, 1, 0, 1, 0, 1, 0, 1 } }, 3 },
	{ "!(a == 1 && !(!b == 1 || (c == 1 && g == 1))) || d == 1 || "
	  "e == 1 && !f == 1", f9, { { 0 } }, 0 },
	{ "a == 1 && !(!b == 1 || (c == 1 && g == 1)) || d == 1 || "
	  "e == 1 && !f == 1", f10, { { 0 } }, 0 },
};

static bool eval_ah(const char *expr, const int *v)
{
	unsigned char r[40] = { 0 };

	for (int k = 0; k < 8; k++)
		put(r, 8 + 4 * k, v[k], 4);
	return eval(expr, r, sizeof(r), &ah, NULL);
}

static void test_kernel_selftest(void **state)
{
	(void)state;
	for (size_t k = 0; k < G_N_ELEMENTS(ah_cases); k++) {
		for (int n = 0; n < ah_cases[k].nr; n++) {
			const int *row = ah_cases[k].rows[n];

			assert_int_equal(eval_ah(ah_cases[k].expr, row), row[8]);
		}
	}
}

/* Every combination of a..h against the same expression written in C. */
static void test_all_combinations(void **state)
{
	(void)state;
	for (size_t k = 0; k < G_N_ELEMENTS(ah_cases); k++) {
		struct tfm_filter_error err;
		struct tfm_filter *f = NULL;

		assert_int_equal(parse(ah_cases[k].expr, &ah, &f, &err), 0);
		for (int bits = 0; bits < 256; bits++) {
			unsigned char r[40] = { 0 };
			int v[8];

			for (int b = 0; b < 8; b++) {
				v[b] = bits >> b & 1;
				put(r, 8 + 4 * b, v[b], 4);
			}
			if (tfm_filter_match(f, r, sizeof(r), NULL) !=
			    ah_cases[k].fn(v))
				print_error("'%s' bits %#x\n", ah_cases[k].expr,
					    bits);
			assert_int_equal(tfm_filter_match(f, r, sizeof(r), NULL),
					 ah_cases[k].fn(v));
		}
		tfm_filter_free(f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepts_and_stores),
		cmocka_unit_test(test_field_not_found),
		cmocka_unit_test(test_too_many_open),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_operator_and_value),
		cmocka_unit_test(test_subsystem_error),
		cmocka_unit_test(test_write_text),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_operand_lengths),
		cmocka_unit_test(test_eval_numbers),
		cmocka_unit_test(test_eval_sizes),
		cmocka_unit_test(test_eval_strings),
		cmocka_unit_test(test_eval_data_loc),
		cmocka_unit_test(test_eval_generic),
		cmocka_unit_test(test_eval_cpumask),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_kernel_selftest),
		cmocka_unit_test(test_all_combinations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
