// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Unit tests for what a uprobe shows (dynevent-show.c): its readback and
 * uprobe_profile lines, the generated `format` file, print fmt and field
 * list, error_log rendering, and removal commands, which are matched
 * against the readback form.  Expected values come from the Linux 6.18
 * behaviour described in dynamic-events.md.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include <glib.h>

#include "dynevent.h"
#include "dynevent-test.h"

static void assert_line(const char *input, const char *expected)
{
	struct tfm_dynevent_probe *p = define(input);
	g_autofree char *line = tfm_dynevent_line(p);

	assert_string_equal(line, expected);
	tfm_dynevent_probe_free(p);
}

/* ---- readback ---- */

static void test_readback_table(void **state)
{
	(void)state;
	assert_line("p:mygrp/myev /bin/bash:0x1000 arg1=%di:u64 arg2=%si:x32",
		    "p:mygrp/myev /bin/bash:0x0000000000001000 arg1=%di:u64 arg2=%si:x32\n");
	assert_line("p /bin/bash:0x1000",
		    "p:uprobes/p_bash_0x1000 /bin/bash:0x0000000000001000\n");
	assert_line("r /bin/bash:0x1010",
		    "r:uprobes/p_bash_0x1010 /bin/bash:0x0000000000001010\n");
	assert_line("p:rg/rev2 /bin/bash:0x1050%return",
		    "r:rg/rev2 /bin/bash:0x0000000000001050\n");
	assert_line("p:rg/refc /bin/bash:0x1070(0x20)",
		    "p:rg/refc /bin/bash:0x0000000000001070(0x20)\n");
	assert_line("p:rg/hex /bin/true:4096",
		    "p:rg/hex /bin/true:0x0000000000001000\n");
	assert_line("p:ft/t /bin/bash:0x1000 %ax a=%si:s16",
		    "p:ft/t /bin/bash:0x0000000000001000 arg1=%ax a=%si:s16\n");
	assert_line("  p:ft/t   /bin/bash:0x1000   a=%ax  ",
		    "p:ft/t /bin/bash:0x0000000000001000 a=%ax\n");
	assert_line("p:g/e\t/bin/bash:0x1000\t\ta=%ax",
		    "p:g/e /bin/bash:0x0000000000001000 a=%ax\n");
	/* args verbatim; path as typed; a ':' inside the path */
	assert_line("p:g/e /bin/bash:0 ims=\\\"hello\\\" m2=-4(+16(%di)):x32 x=+0(%di):u8[64]",
		    "p:g/e /bin/bash:0x0000000000000000 ims=\\\"hello\\\" m2=-4(+16(%di)):x32 x=+0(%di):u8[64]\n");
	assert_line("p:g/e ./true:010", "p:g/e ./true:0x0000000000000008\n");
	assert_line("p:g/e /bin/../bin/true:0xffffffffffffffff",
		    "p:g/e /bin/../bin/true:0xffffffffffffffff\n");
	assert_line("p:g/e /bin/a:b:0x10", "p:g/e /bin/a:b:0x0000000000000010\n");
	assert_line("p:g/e /bin/true:0x10%return(0x8)",
		    "r:g/e /bin/true:0x0000000000000010(0x8)\n");
	assert_line("p:g/e /bin/true:0x10(0)", "p:g/e /bin/true:0x0000000000000010\n");
}

static void test_profile_line(void **state)
{
	struct tfm_dynevent_probe *p = define("p:mygrp/myev /bin/bash:0x1000");
	g_autofree char *line = tfm_dynevent_profile_line(p, 0);
	g_autofree char *line2 = NULL;

	(void)state;
	assert_string_equal(line,
		"  /bin/bash myev                                                       0\n");
	tfm_dynevent_probe_free(p);
	p = define("p /bin/bash:0x1000");
	line2 = tfm_dynevent_profile_line(p, 2);
	assert_string_equal(line2,
		"  /bin/bash p_bash_0x1000                                              2\n");
	tfm_dynevent_probe_free(p);
}

/* ---- format (spec §6.4) ---- */

static const char fmt_head[] =
	"format:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
	"\n";

static void assert_format(const char *def, unsigned int id, const char *expected)
{
	struct tfm_dynevent_probe *p = define(def);
	g_autofree char *fmt = tfm_dynevent_format(p, id);

	assert_string_equal(fmt, expected);
	tfm_dynevent_probe_free(p);
}

static void test_format_examples(void **state)
{
	g_autofree char *e1 = g_strdup_printf("name: p_bash_0x1000\nID: 2327\n%s"
		"\tfield:unsigned long __probe_ip;\toffset:8;\tsize:8;\tsigned:0;\n"
		"\n"
		"print fmt: \"(%%lx)\", REC->__probe_ip\n", fmt_head);
	g_autofree char *e2 = g_strdup_printf("name: myev\nID: 2326\n%s"
		"\tfield:unsigned long __probe_ip;\toffset:8;\tsize:8;\tsigned:0;\n"
		"\tfield:u64 arg1;\toffset:16;\tsize:8;\tsigned:0;\n"
		"\tfield:u32 arg2;\toffset:24;\tsize:4;\tsigned:0;\n"
		"\n"
		"print fmt: \"(%%lx) arg1=%%Lu arg2=0x%%x\", REC->__probe_ip, REC->arg1, REC->arg2\n",
		fmt_head);
	g_autofree char *e3 = g_strdup_printf("name: rev\nID: 2328\n%s"
		"\tfield:unsigned long __probe_func;\toffset:8;\tsize:8;\tsigned:0;\n"
		"\tfield:unsigned long __probe_ret_ip;\toffset:16;\tsize:8;\tsigned:0;\n"
		"\n"
		"print fmt: \"(%%lx <- %%lx)\", REC->__probe_func, REC->__probe_ret_ip\n",
		fmt_head);

	(void)state;
	assert_format("p /bin/bash:0x1000", 2327, e1);
	assert_format("p:mygrp/myev /bin/bash:0x1000 arg1=%di:u64 arg2=%si:x32", 2326, e2);
	assert_format("r:rg/rev /bin/bash:0x1040", 2328, e3);
}

/* Check the field line of the single argument of @def and its print fmt. */
static void assert_type(const char *def, const char *field_line,
			const char *pfmt)
{
	struct tfm_dynevent_probe *p = define(def);
	g_autofree char *fmt = tfm_dynevent_format(p, 1);
	g_autofree char *pf = tfm_dynevent_print_fmt(p);

	if (!strstr(fmt, field_line))
		fail_msg("%s: no '%s' in\n%s", def, field_line, fmt);
	assert_string_equal(pf, pfmt);
	tfm_dynevent_probe_free(p);
}

static void test_format_types(void **state)
{
	(void)state;
	assert_type("p:g/e /bin/true:0 v=%ax:u8", "\tfield:u8 v;\toffset:16;\tsize:1;\tsigned:0;\n",
		    "\"(%lx) v=%u\", REC->__probe_ip, REC->v");
	assert_type("p:g/e /bin/true:0 v=%ax:u16", "\tfield:u16 v;\toffset:16;\tsize:2;\tsigned:0;\n",
		    "\"(%lx) v=%u\", REC->__probe_ip, REC->v");
	assert_type("p:g/e /bin/true:0 v=%ax:s64", "\tfield:s64 v;\toffset:16;\tsize:8;\tsigned:1;\n",
		    "\"(%lx) v=%Ld\", REC->__probe_ip, REC->v");
	assert_type("p:g/e /bin/true:0 v=%ax:s32", "\tfield:s32 v;\toffset:16;\tsize:4;\tsigned:1;\n",
		    "\"(%lx) v=%d\", REC->__probe_ip, REC->v");
	assert_type("p:g/e /bin/true:0 v=%ax:x8", "\tfield:u8 v;\toffset:16;\tsize:1;\tsigned:0;\n",
		    "\"(%lx) v=0x%x\", REC->__probe_ip, REC->v");
	assert_type("p:g/e /bin/true:0 v=%ax", "\tfield:u64 v;\toffset:16;\tsize:8;\tsigned:0;\n",
		    "\"(%lx) v=0x%Lx\", REC->__probe_ip, REC->v");
	assert_type("p:g/e /bin/true:0 v=%ax:x64", "\tfield:u64 v;\toffset:16;\tsize:8;\tsigned:0;\n",
		    "\"(%lx) v=0x%Lx\", REC->__probe_ip, REC->v");
	assert_type("p:g/e /bin/true:0 v=%ax:char", "\tfield:u8 v;\toffset:16;\tsize:1;\tsigned:0;\n",
		    "\"(%lx) v='%c'\", REC->__probe_ip, REC->v");
	assert_type("p:g/e /bin/true:0 v=+0(%di):string",
		    "\tfield:__data_loc char[] v;\toffset:16;\tsize:4;\tsigned:1;\n",
		    "\"(%lx) v=\\\"%s\\\"\", REC->__probe_ip, __get_str(v)");
	assert_type("p:g/e /bin/true:0 v=+0(%di):ustring",
		    "\tfield:__data_loc char[] v;\toffset:16;\tsize:4;\tsigned:1;\n",
		    "\"(%lx) v=\\\"%s\\\"\", REC->__probe_ip, __get_str(v)");
	assert_type("p:g/e /bin/true:0 v=$comm",
		    "\tfield:__data_loc char[] v;\toffset:16;\tsize:4;\tsigned:1;\n",
		    "\"(%lx) v=\\\"%s\\\"\", REC->__probe_ip, __get_str(v)");
	assert_type("p:g/e /bin/true:0 v=\\\"hi\\\"",
		    "\tfield:__data_loc char[] v;\toffset:16;\tsize:4;\tsigned:1;\n",
		    "\"(%lx) v=\\\"%s\\\"\", REC->__probe_ip, __get_str(v)");
	assert_type("p:g/e /bin/true:0 v=%ax:b4@2/32", "\tfield:u32 v;\toffset:16;\tsize:4;\tsigned:0;\n",
		    "\"(%lx) v=%u\", REC->__probe_ip, REC->v");
	assert_type("p:g/e /bin/true:0 arr=+0(%di):u8[4]",
		    "\tfield:u8 arr[];\toffset:16;\tsize:4;\tsigned:0;\n",
		    "\"(%lx) arr={%u,%u,%u,%u}\", REC->__probe_ip, REC->arr[0], REC->arr[1], REC->arr[2], REC->arr[3]");
	assert_type("p:g/e /bin/true:0 v=+0(%di):x16[3]",
		    "\tfield:u16 v[];\toffset:16;\tsize:6;\tsigned:0;\n",
		    "\"(%lx) v={0x%x,0x%x,0x%x}\", REC->__probe_ip, REC->v[0], REC->v[1], REC->v[2]");
	assert_type("p:g/e /bin/true:0 v=+0(%di):s32[2]",
		    "\tfield:s32 v[];\toffset:16;\tsize:8;\tsigned:1;\n",
		    "\"(%lx) v={%d,%d}\", REC->__probe_ip, REC->v[0], REC->v[1]");
	assert_type("p:g/e /bin/true:0 v=+0(%di):char[5]",
		    "\tfield:u8 v[];\toffset:16;\tsize:5;\tsigned:0;\n",
		    "\"(%lx) v={'%c','%c','%c','%c','%c'}\", REC->__probe_ip, REC->v[0], REC->v[1], REC->v[2], REC->v[3], REC->v[4]");
	assert_type("p:g/e /bin/true:0 s2=+0(%di):string[2]",
		    "\tfield:__data_loc char[][2] s2;\toffset:16;\tsize:8;\tsigned:1;\n",
		    "\"(%lx) s2={\\\"%s\\\",\\\"%s\\\"}\", REC->__probe_ip, __get_str(s2[0]), __get_str(s2[1])");
}

static void test_format_packing(void **state)
{
	struct tfm_dynevent_probe *p =
		define("r:g/e /bin/true:0 a=%ax:s8 b=%bx:s16 c=%cx:s32 s2=+0(%di):string[2] d=$retval");
	g_autofree char *fmt = tfm_dynevent_format(p, 7);

	(void)state;
	assert_non_null(strstr(fmt, "\tfield:s8 a;\toffset:24;\tsize:1;\tsigned:1;\n"
				    "\tfield:s16 b;\toffset:25;\tsize:2;\tsigned:1;\n"
				    "\tfield:s32 c;\toffset:27;\tsize:4;\tsigned:1;\n"
				    "\tfield:__data_loc char[][2] s2;\toffset:31;\tsize:8;\tsigned:1;\n"
				    "\tfield:u64 d;\toffset:39;\tsize:8;\tsigned:0;\n\n"));
	assert_non_null(strstr(fmt, "\nprint fmt: \"(%lx <- %lx) a=%d b=%d c=%d s2={\\\"%s\\\",\\\"%s\\\"} d=0x%Lx\", "
				    "REC->__probe_func, REC->__probe_ret_ip, REC->a, REC->b, REC->c, "
				    "__get_str(s2[0]), __get_str(s2[1]), REC->d\n"));
	tfm_dynevent_probe_free(p);
}

static void test_fields(void **state)
{
	struct tfm_dynevent_probe *p =
		define("p:g/e /bin/true:0 a=%ax:s16 s=+0(%di):string arr=+0(%si):u8[4]");
	size_t nr;
	g_autofree struct tfm_field *f = tfm_dynevent_fields(p, &nr);
	struct tfm_field_set set = { f, nr };
	const struct tfm_field *x;

	(void)state;
	assert_int_equal(nr, 8);
	assert_string_equal(f[0].name, "common_type");
	x = tfm_field_find(&set, "__probe_ip", 10);
	assert_non_null(x);
	assert_int_equal(x->offset, 8);
	assert_int_equal(x->size, 8);
	x = tfm_field_find(&set, "a", 1);
	assert_string_equal(x->type, "s16");
	assert_int_equal(x->offset, 16);
	assert_true(x->is_signed);
	assert_int_equal(x->kind, TFM_FIELD_NUMERIC);
	x = tfm_field_find(&set, "s", 1);
	assert_string_equal(x->type, "__data_loc char[]");
	assert_int_equal(x->offset, 18);
	assert_int_equal(x->kind, TFM_FIELD_STRING);
	x = tfm_field_find(&set, "arr", 3);
	assert_string_equal(x->type, "u8");
	assert_int_equal(x->offset, 22);
	assert_int_equal(x->size, 4);
	assert_null(tfm_field_find(&set, "__probe_func", 12));
	tfm_dynevent_probe_free(p);
}

/* ---- removal (spec §4.1) ---- */

static struct tfm_dynevent_removal *removal(const char *line,
					    enum tfm_dynevent_file file)
{
	struct tfm_dynevent_cmd cmd;
	struct tfm_dynevent_err *err = NULL;
	struct tfm_dynevent_removal *rm;

	assert_int_equal(parse(line, file, &cmd, &err), 0);
	assert_null(err);
	assert_int_equal(cmd.kind, TFM_DYNEVENT_CMD_REMOVE);
	rm = cmd.removal;
	cmd.removal = NULL;
	tfm_dynevent_cmd_clear(&cmd);
	return rm;
}

static bool rm_matches(const char *rmline, enum tfm_dynevent_file file,
		       const char *def)
{
	struct tfm_dynevent_removal *rm = removal(rmline, file);
	struct tfm_dynevent_probe *p = define(def);
	bool ret = tfm_dynevent_removal_match(rm, p);

	tfm_dynevent_removal_free(rm);
	tfm_dynevent_probe_free(p);
	return ret;
}

static void check_rm_error(const char *line, enum tfm_dynevent_file file)
{
	struct tfm_dynevent_cmd cmd;
	struct tfm_dynevent_err *err = NULL;

	assert_int_equal(parse(line, file, &cmd, &err), -EINVAL);
	assert_null(err);
	assert_int_equal(cmd.kind, TFM_DYNEVENT_CMD_EMPTY);
}

static void test_removal_syntax(void **state)
{
	struct tfm_dynevent_removal *rm;
	const enum tfm_dynevent_file U = TFM_DYNEVENT_UPROBE_EVENTS;
	const enum tfm_dynevent_file D = TFM_DYNEVENT_DYNAMIC_EVENTS;

	(void)state;
	rm = removal("-:same", U);
	assert_null(rm->group);
	assert_string_equal(rm->event, "same");
	assert_int_equal(rm->argc, 0);
	tfm_dynevent_removal_free(rm);
	rm = removal("-:sched/", U);
	assert_string_equal(rm->group, "sched");
	assert_string_equal(rm->event, "");
	tfm_dynevent_removal_free(rm);
	rm = removal("!r:de/b", D);
	assert_string_equal(rm->group, "de");
	assert_string_equal(rm->event, "b");
	tfm_dynevent_removal_free(rm);
	check_rm_error("-", U);
	check_rm_error("-:", U);
	check_rm_error("-g/e", U);
	check_rm_error("- :x", U);
	check_rm_error("!p:de/b", U);
	check_rm_error("!p", D);
	check_rm_error("!:", D);
	check_rm_error(" -:g/e", U);	/* not at column 0: a definition */
}

static void test_removal_match(void **state)
{
	const enum tfm_dynevent_file U = TFM_DYNEVENT_UPROBE_EVENTS;
	const enum tfm_dynevent_file D = TFM_DYNEVENT_DYNAMIC_EVENTS;
	const char *def = "p:ga/same /bin/bash:0x1100 a=%ax b=%bx:u8";

	(void)state;
	assert_true(rm_matches("-:same", U, def));
	assert_true(rm_matches("-:same", U, "p:gb/same /bin/true:0"));
	assert_true(rm_matches("-:ga/same", U, def));
	assert_true(rm_matches("-:ga/", U, def));
	assert_true(rm_matches("!p:ga/same", D, def));
	assert_true(rm_matches("!r:ga/same", D, def));
	assert_false(rm_matches("-:gb/same", U, def));
	assert_false(rm_matches("-:ga/other", U, def));
	assert_false(rm_matches("-:/", U, def));
	assert_false(rm_matches("-:ga/same/x", U, def));
	assert_true(rm_matches("-:ga/same /bin/bash:0x0000000000001100", U, def));
	assert_false(rm_matches("-:ga/same /bin/bash:0x1100", U, def));
	assert_false(rm_matches("-:ga/same /bin/true:0x0000000000001100", U, def));
	assert_true(rm_matches("-:ga/same /bin/bash:0x0000000000001100 a=%ax", U, def));
	assert_true(rm_matches("-:ga/same /bin/bash:0x0000000000001100 a=%ax b=%bx:u8", U, def));
	assert_false(rm_matches("-:ga/same /bin/bash:0x0000000000001100 b=%bx:u8", U, def));
	assert_false(rm_matches("-:ga/same /bin/bash:0x0000000000001100 a=%ax b=%bx", U, def));
	assert_false(rm_matches("-:ga/same /bin/bash:0x0000000000001100 a=%ax b=%bx:u8 c=%cx", U, def));
	assert_true(rm_matches("-:rg/refc /bin/bash:0x0000000000001070(0x20)", U,
			       "p:rg/refc /bin/bash:0x1070(0x20)"));
	assert_false(rm_matches("-:rg/refc /bin/bash:0x0000000000001070", U,
				"p:rg/refc /bin/bash:0x1070(0x20)"));
	assert_true(rm_matches("-:g/e /bin/bash:0x0000000000000000 arg1=%ax", U,
			       "p:g/e /bin/bash:0 %ax"));
	assert_true(rm_matches("-:p_a+b_0x1000", U, "p /tmp/a+b:0x1000"));
}

/* ---- error_log rendering (spec §7) ---- */

static void test_err_render(void **state)
{
	struct tfm_dynevent_cmd cmd;
	struct tfm_dynevent_err *err = NULL;
	g_autofree char *txt = NULL;
	g_autofree char *expect = NULL;

	(void)state;
	assert_int_equal(parse("p:ft/t   /bin/bash:0x1000\tsy=%ax:symbol",
			       TFM_DYNEVENT_UPROBE_EVENTS, &cmd, &err), -EINVAL);
	txt = tfm_dynevent_err_render(err, 2157052375123ULL);
	/* the caret sits under the first character of the type */
	expect = g_strdup_printf("[ 2157.052375] trace_uprobe: error: Unknown type is specified\n"
				 "  Command: p:ft/t /bin/bash:0x1000 sy=%%ax:symbol\n"
				 "%*s^\n", 42, "");
	assert_string_equal(txt, expect);
	tfm_dynevent_err_free(err);
	err = NULL;
	g_free(txt);
	assert_int_equal(parse("p:g/e /bin/true:0 a=", TFM_DYNEVENT_UPROBE_EVENTS,
			       &cmd, &err), -EINVAL);
	txt = tfm_dynevent_err_render(err, 5000000ULL);
	g_free(expect);
	expect = g_strdup_printf("[    0.005000] trace_uprobe: error: No argument expression\n"
				 "  Command: p:g/e /bin/true:0 a=\n%*s^\n", 11 + 20, "");
	assert_string_equal(txt, expect);
	tfm_dynevent_err_free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_readback_table),
		cmocka_unit_test(test_profile_line),
		cmocka_unit_test(test_format_examples),
		cmocka_unit_test(test_format_types),
		cmocka_unit_test(test_format_packing),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_removal_syntax),
		cmocka_unit_test(test_removal_match),
		cmocka_unit_test(test_err_render),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
