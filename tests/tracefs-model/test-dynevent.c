// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Unit tests for the uprobe definition parser (dynevent.c, dynevent-arg.c):
 * names, errno values and error_log entries, check order, registration,
 * write splitting and the stat() lookup.  Readback, formats and removal
 * are in test-dynevent-show.c.  Expected values come from the Linux 6.18
 * behaviour described in dynamic-events.md; caret positions use the
 * ftrace selftest notation ("^" marks the column the kernel points at).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "dynevent.h"
#include "dynevent-test.h"

/*
 * Parse @marked (a command with one '^' where the caret must be) and check
 * errno, message and caret.  @msg NULL means nothing may be logged.
 */
static void check_error(const char *marked, int err_no, const char *msg)
{
	const char *caret = strchr(marked, '^');
	g_autofree char *line = NULL;
	struct tfm_dynevent_cmd cmd;
	struct tfm_dynevent_err *err = NULL;

	if (caret)
		line = g_strdup_printf("%.*s%s", (int)(caret - marked), marked,
				       caret + 1);
	else
		line = g_strdup(marked);
	assert_int_equal(parse(line, TFM_DYNEVENT_UPROBE_EVENTS, &cmd, &err),
			 -err_no);
	assert_int_equal(cmd.kind, TFM_DYNEVENT_CMD_EMPTY);
	if (!msg) {
		assert_null(err);
		return;
	}
	assert_non_null(err);
	assert_string_equal(err->msg, msg);
	assert_string_equal(err->cmd, line);
	assert_non_null(caret);
	assert_int_equal(err->pos, caret - marked);
	tfm_dynevent_err_free(err);
}

/* ---- names ---- */

static void assert_name(const char *input, const char *group, const char *event,
			bool is_return)
{
	struct tfm_dynevent_probe *p = define(input);

	assert_string_equal(p->group, group);
	assert_string_equal(p->event, event);
	assert_int_equal(p->is_return, is_return);
	tfm_dynevent_probe_free(p);
}

static void test_names(void **state)
{
	g_autofree char *longpath = g_strdup_printf("p /tmp/a+b:0x%s",
						    "ffffffffffffffff");
	g_autofree char *g63 = g_strnfill(63, 'g');
	g_autofree char *e63 = g_strnfill(63, 'E');
	g_autofree char *in63 = g_strdup_printf("p:%s/%s /bin/true:0", g63, e63);

	(void)state;
	assert_name("p /bin/bash:0x1000", "uprobes", "p_bash_0x1000", false);
	assert_name("r /bin/bash:0x1000", "uprobes", "p_bash_0x1000", true);
	assert_name("p /lib/libfoo.so.6:0x1000", "uprobes", "p_libfoo_0x1000", false);
	assert_name("p /usr/bin/my-tool:0x1000", "uprobes", "p_my_0x1000", false);
	assert_name("p /bin/bash:4096", "uprobes", "p_bash_0x1000", false);
	assert_name("p /bin/true:0", "uprobes", "p_true_0x0", false);
	assert_name("p /tmp/a+b:0x1000", "uprobes", "p_a+b_0x1000", false);
	assert_name(longpath, "uprobes", "p_a+b_0xffffffffffffffff", false);
	/* only the first character decides; the rest is ignored without ':' */
	assert_name("r5:qq/ev /bin/bash:0x10", "uprobes", "p_bash_0x10", true);
	assert_name("pX:qq/ev /bin/bash:0x10", "uprobes", "p_bash_0x10", false);
	assert_name("probe /bin/bash:0x10", "uprobes", "p_bash_0x10", false);
	assert_name("ret:qq/x /bin/bash:0x10", "uprobes", "p_bash_0x10", true);
	assert_name("p:ev /bin/bash:0x10", "uprobes", "ev", false);
	assert_name("p:grp/ /bin/bash:0x10", "grp", "p_bash_0x10", false);
	assert_name("p:f-t/Ev_1 /bin/bash:0x10", "f-t", "Ev_1", false);
	assert_name("p:grp.ev /bin/bash:0x10", "grp", "ev", false);
	assert_name(in63, g63, e63, false);
}

static void test_default_name_truncated(void **state)
{
	g_autofree char *stem = g_strnfill(70, 'x');
	g_autofree char *dir = g_dir_make_tmp("dynevent-XXXXXX", NULL);
	g_autofree char *file = g_build_filename(dir, stem, NULL);
	g_autofree char *line = g_strdup_printf("p %s:0x1234", file);
	g_autofree char *expect = NULL;
	struct tfm_dynevent_cmd cmd;
	struct tfm_dynevent_err *err = NULL;

	(void)state;
	/* the host file system: a file with a 70-character name */
	assert_true(g_file_set_contents(file, "x", 1, NULL));
	assert_int_equal(tfm_dynevent_parse_line(line, TFM_DYNEVENT_UPROBE_EVENTS,
						 tfm_dynevent_lookup_stat, NULL,
						 &cmd, &err), 0);
	expect = g_strdup_printf("p_%s", stem);
	expect[63] = '\0';
	assert_string_equal(cmd.probe->event, expect);
	tfm_dynevent_cmd_clear(&cmd);
	g_unlink(file);
	g_rmdir(dir);
}

/* ---- error table (spec §7) ---- */

static void test_silent_errors(void **state)
{
	(void)state;
	check_error("x /bin/bash:0x1000", EINVAL, NULL);
	check_error("-x /bin/bash:0x1000", EINVAL, NULL);
	check_error("p", EINVAL, NULL);
	check_error("p:g/e", EINVAL, NULL);
	check_error("p bash:0x1000", EINVAL, NULL);
	check_error("p /bin/bash", EINVAL, NULL);
	check_error("p /bin/bash:", EINVAL, NULL);
	check_error("p /bin/bash:-1", EINVAL, NULL);
	check_error("p /bin/bash:abc", EINVAL, NULL);
}

static void test_place_errors(void **state)
{
	(void)state;
	check_error("p ^/non_exist_file:100", ENOENT, "Failed to find the given file");
	check_error("p ^/bin/bash/x:0", ENOTDIR, "Failed to find the given file");
	check_error("p ^/sys:100", EINVAL, "Not a regular file");
	check_error("p ^/bin:0x10", EINVAL, "Not a regular file");
	check_error("p ^/dev/null:0x10", EINVAL, "Not a regular file");
	check_error("p /bin/sh:^10a", EINVAL, "Invalid uprobe offset");
	check_error("p /bin/bash:^0xzz", EINVAL, "Invalid uprobe offset");
	check_error("p /bin/bash:^0x", EINVAL, "Invalid uprobe offset");
	check_error("p /bin/bash:^1000x", EINVAL, "Invalid uprobe offset");
	check_error("p /bin/bash:^08", EINVAL, "Invalid uprobe offset");
	check_error("p /bin/bash:^0x10000000000000000", ERANGE, "Invalid uprobe offset");
	check_error("p /bin/bash:^99999999999999999999", ERANGE, "Invalid uprobe offset");
	check_error("p /bin/sh:10(^1a)", EINVAL, "Invalid reference counter offset");
	check_error("p /bin/sh:10(^)", EINVAL, "Invalid reference counter offset");
	check_error("p /bin/sh:10(10^", EINVAL, "Reference counter brace is not closed");
	check_error("p /bin/sh:10(10)^a", EINVAL, "Reference counter has wrong suffix");
	check_error("p /bin/sh:10^%hoge", EINVAL, "Invalid probed address suffix");
	check_error("p /bin/sh:10^%returnx", EINVAL, "Invalid probed address suffix");
	check_error("p /bin/sh:10(10)^%return", EINVAL, "Reference counter has wrong suffix");
}

static void test_name_errors(void **state)
{
	g_autofree char *g64 = g_strnfill(64, 'g');
	g_autofree char *e64 = g_strnfill(64, 'e');
	g_autofree char *c1 = g_strdup_printf("p:^%s/ev /bin/bash:0", g64);
	g_autofree char *c2 = g_strdup_printf("p:g/^%s /bin/bash:0", e64);
	g_autofree char *c3 = g_strdup_printf("p:^%s /bin/bash:0", e64);

	(void)state;
	check_error("p:^/ev /bin/bash:0", EINVAL, "Group name is not specified");
	check_error(c1, EINVAL, "Group name is too long");
	check_error("p:^f.t/ev /bin/bash:0", EINVAL,
		    "Group name must follow the same rules as C identifiers");
	check_error("p:^1g/ev /bin/bash:0", EINVAL,
		    "Group name must follow the same rules as C identifiers");
	check_error("p:^ /bin/bash:0", EINVAL, "Event name is not specified");
	check_error(c2, EINVAL, "Event name is too long");
	check_error(c3, EINVAL, "Event name is too long");
	check_error("p:g/^a-b /bin/bash:0", EINVAL,
		    "Event name must follow the same rules as C identifiers");
	check_error("p:g/^a/b /bin/bash:0", EINVAL,
		    "Event name must follow the same rules as C identifiers");
	check_error("p:^9ev /bin/bash:0", EINVAL,
		    "Event name must follow the same rules as C identifiers");
}

static void test_arg_errors(void **state)
{
	g_autofree char *n33 = g_strnfill(33, 'n');
	g_autofree char *body64 = g_strnfill(64, '1');
	g_autofree char *c1 = g_strdup_printf("p /bin/bash:0 ^%s=%%ax", n33);
	g_autofree char *c2 = g_strdup_printf("p /bin/bash:0 a=^\\%s", body64);

	(void)state;
	check_error(c1, EINVAL, "Argument name is too long");
	check_error(c2, E2BIG, "Argument expression is too long");
	check_error("p /bin/bash:0 ^1a=%ax", EINVAL,
		    "Argument name must follow the same rules as C identifiers");
	check_error("p /bin/bash:0 ^=%ax", EINVAL, "Argument name is not specified");
	check_error("p /bin/bash:0 a=^", EINVAL, "No argument expression");
	check_error("p /bin/bash:0 a=%ax ^a=%bx", EINVAL, "This argument name is already used");
	check_error("p /bin/bash:0 arg2=%ax ^%bx", EINVAL, "This argument name is already used");
	check_error("p /bin/bash:0 ^__probe_ip=%ax", EINVAL, "This argument name is already used");
	check_error("p /bin/bash:0 a=^%zz", EINVAL, "Invalid register name");
	check_error("p /bin/bash:0 a=^%rax", EINVAL, "Invalid register name");
	check_error("p /bin/bash:0 ^%eax", EINVAL, "Invalid register name");
	check_error("p /bin/bash:0 a=^$stackx", EINVAL, "Invalid $-valiable specified");
	check_error("p /bin/bash:0 a=^$foo", EINVAL, "Invalid $-valiable specified");
	check_error("p /bin/bash:0 a=^$retval", EINVAL, "$retval is not available on probe");
	check_error("p /bin/bash:0 a=^$arg1", EINVAL,
		    "$arg* can be used only on function entry or exit");
	check_error("r /bin/bash:0 a=^$arg1", EINVAL,
		    "$arg* can be used only on function entry or exit");
	check_error("p /bin/bash:0 a=^$arg0", EINVAL, "Invalid argument number");
	check_error("p /bin/bash:0 a=^@sym", EINVAL, "Symbol is not available with uprobe");
	check_error("p /bin/sh:10 ^@symbol", EINVAL, "Symbol is not available with uprobe");
	check_error("p /bin/sh:10 ^@+ab", EINVAL, "Invalid file offset value");
	check_error("p /bin/bash:0 a=^@+zz", EINVAL, "Invalid file offset value");
	check_error("p /bin/bash:0 a=^@0xzz", EINVAL, "Invalid memory address");
	check_error("p /bin/bash:0 a=+0(%di^", EINVAL, "Dereference brace is not closed");
	check_error("p /bin/bash:0 a=+0(+8(%di^", EINVAL, "Dereference brace is not closed");
	check_error("p /bin/bash:0 a=^+z(%di)", EINVAL, "Invalid dereference offset");
	check_error("p /bin/bash:0 a=^+8", EINVAL, "Dereference needs a brace");
	check_error("p /bin/bash:0 a=+0(^$comm)", EINVAL, "$comm can not be dereferenced");
	check_error("p /bin/bash:0 a=\\^zz", EINVAL, "Invalid immediate value");
	check_error("p /bin/bash:0 a=\\\"abc^", EINVAL, "String is not closed with '\"'");
	check_error("p /bin/bash:0 s=\\\"ab^", EINVAL, "String is not closed with '\"'");
	check_error("p /bin/bash:0 a=^foo", EINVAL, "BTF is not available or not supported");
	check_error("p /bin/bash:0 a=^123", EINVAL, "Invalid fetch argument");
}

static void test_type_errors(void **state)
{
	(void)state;
	check_error("p /bin/bash:0 a=%ax:^symbol", EINVAL, "Unknown type is specified");
	check_error("p /bin/bash:0 a=%ax:^symstr", EINVAL, "Unknown type is specified");
	check_error("p /bin/bash:0 a=%ax:^%pd", EINVAL, "Unknown type is specified");
	check_error("p /bin/bash:0 a=%ax:^%pD", EINVAL, "Unknown type is specified");
	check_error("p /bin/bash:0 a=%ax:^u128", EINVAL, "Unknown type is specified");
	check_error("p /bin/bash:0 a=%ax:^s4", EINVAL, "Unknown type is specified");
	check_error("p /bin/sh:10 $stack0:^symstr", EINVAL, "Unknown type is specified");
	check_error("p /bin/bash:0 a=%ax:^string", EINVAL, "String accepts only memory argument");
	check_error("p /bin/bash:0 a=%ax:^ustring", EINVAL, "String accepts only memory argument");
	check_error("p /bin/bash:0 a=%ax:^b40@2/32", EINVAL, "Invalid bitfield");
	check_error("p /bin/bash:0 a=%ax:^b0@2/32", EINVAL, "Invalid bitfield");
	check_error("p /bin/bash:0 a=%ax:^b4/32", EINVAL, "Invalid bitfield");
	check_error("p /bin/bash:0 a=%ax:^b4@2/12", EINVAL, "Unknown type is specified");
	check_error("p /bin/bash:0 a=+0(%di):u8[^0]", EINVAL, "Invalid array size");
	check_error("p /bin/bash:0 a=+0(%di):u8[^x]", EINVAL, "Invalid array size");
	check_error("p /bin/bash:0 a=+0(%di):u8[^65]", EINVAL, "Array number is too big");
	check_error("p /bin/bash:0 a=+0(%di):u8[4^", EINVAL, "Array is not closed");
	check_error("p /bin/bash:0 a=+0(%di):u8[4]^x", EINVAL, "Array has wrong suffix");
	check_error("p /bin/bash:0 a=%ax:^u8[4]", EINVAL, "String accepts only memory argument");
	check_error("p /bin/bash:0 a=$comm:^u32", EINVAL,
		    "$comm and immediate-string only accepts string type");
	check_error("p /bin/bash:0 a=$comm:^string[2]", EINVAL,
		    "$comm and immediate-string only accepts string type");
}

static char *nested(int levels, const char *inner)
{
	GString *s = g_string_new(NULL);

	for (int i = 0; i < levels; i++)
		g_string_append(s, "+0(");
	g_string_append(s, inner);
	for (int i = 0; i < levels; i++)
		g_string_append_c(s, ')');
	return g_string_free(s, FALSE);
}

static void test_nesting(void **state)
{
	g_autofree char *ok = nested(14, "%di");
	g_autofree char *bad = nested(15, "%di");
	g_autofree char *line = g_strdup_printf("p /bin/bash:0 a=%s", ok);
	g_autofree char *marked = g_strdup_printf("p /bin/bash:0 a=+0(^%s", bad + 3);
	struct tfm_dynevent_probe *p = define(line);

	(void)state;
	assert_int_equal(p->nr_args, 1);
	tfm_dynevent_probe_free(p);
	check_error(marked, EINVAL, "Dereference is too much nested");
}

static void test_too_many_args(void **state)
{
	GString *s = g_string_new("p /bin/bash:0 ");
	g_autofree char *line = NULL;
	g_autofree char *marked = NULL;
	struct tfm_dynevent_probe *p;

	(void)state;
	for (int i = 0; i < 127; i++)
		g_string_append(s, "%ax ");
	g_string_append(s, "%bx");
	line = g_string_free(s, FALSE);
	p = define(line);	/* 128 arguments are fine */
	assert_int_equal(p->nr_args, 128);
	assert_string_equal(p->args[127].name, "arg128");
	assert_int_equal(p->args_size, 1024);
	tfm_dynevent_probe_free(p);
	marked = g_strdup_printf("p /bin/bash:0 ^%s %%cx", line + 14);
	check_error(marked, E2BIG, "Too many arguments are specified");
}

static void test_event_too_big(void **state)
{
	GString *s = g_string_new("p /bin/bash:0");
	g_autofree char *line = NULL;
	struct tfm_dynevent_probe *p;

	(void)state;
	for (int i = 0; i < 6; i++)
		g_string_append_printf(s, " a%d=+0(%%di):u64[64]", i);
	line = g_strdup(s->str);
	p = define(line);	/* 6 * 512 = 3072 bytes: at the limit */
	assert_int_equal(p->args_size, 3072);
	tfm_dynevent_probe_free(p);
	g_string_append(s, " a6=^%ax:u8");
	check_error(s->str, E2BIG, "Event too big (too many fields?)");
	g_string_free(s, TRUE);
}

/* ---- check order (spec §2.5) ---- */

static void test_check_order(void **state)
{
	GString *many = g_string_new(NULL);
	g_autofree char *c = NULL;

	(void)state;
	for (int i = 0; i < 129; i++)
		g_string_append(many, " %ax");
	/* 1. kind before the argument count */
	c = g_strdup_printf("x /nonexist:0%s", many->str);
	check_error(c, EINVAL, NULL);
	g_clear_pointer(&c, g_free);
	/* 2. count before the place token, the file and the names */
	c = g_strdup_printf("p:/x /nonexist:0 ^%s", many->str + 1);
	check_error(c, E2BIG, "Too many arguments are specified");
	g_clear_pointer(&c, g_free);
	/* 3. place token shape before the names */
	check_error("p:/x bash:0", EINVAL, NULL);
	check_error("p:/x /bin/bash:x", EINVAL, NULL);
	/* 4. lookup before the offset, regular file before the offset */
	check_error("p:/x ^/nonexist:0xzz(zz)", ENOENT, "Failed to find the given file");
	check_error("p ^/bin:0xzz", EINVAL, "Not a regular file");
	/* 5. (REF) before '%' before OFFSET */
	check_error("p /bin/bash:0xzz%foo(^zz)", EINVAL, "Invalid reference counter offset");
	check_error("p /bin/bash:0xzz^%foo", EINVAL, "Invalid probed address suffix");
	/* 5 before 6: offset before names */
	check_error("p:/x /bin/bash:^0xzz", EINVAL, "Invalid uprobe offset");
	/* 6 before 7: names before arguments */
	check_error("p:^/x /bin/bash:0 a=%zz", EINVAL, "Group name is not specified");
	/* 7: arguments left to right */
	check_error("p /bin/bash:0 a=^%zz b=%yy", EINVAL, "Invalid register name");
	check_error("p /bin/bash:0 a=%ax b=^%yy c=$zz", EINVAL, "Invalid register name");
	/* name checks before the body */
	check_error("p /bin/bash:0 ^1=%zz", EINVAL,
		    "Argument name must follow the same rules as C identifiers");
	g_string_free(many, TRUE);
}

/* ---- accepted FETCHARGs ---- */

static void test_fetchargs_accepted(void **state)
{
	static const char *const ok[] = {
		"%ax", "%bx", "%cx", "%dx", "%si", "%di", "%bp", "%sp", "%ip",
		"%r8", "%r15", "%flags", "%orig_ax", "$stack", "$stack0",
		"$stack1000", "$comm", "$COMM", "$comm:string", "@0x1000",
		"@4096:u32", "@+0x10", "@+-4", "+0(%di)", "-8(%si):s32",
		"+u8(%di):u16", "+0(+8(%di)):string", "\\1", "\\-5", "\\+7",
		"\\0x10:u8", "\\\"str\\\"", "\\\"", "+0(%di)junk",
		"+0(%di):ustring", "+0(%di):b4@2/32", "+0(%di):b8@0/8",
		"+0(%di):string[2]", "+0(%di):u8[64]", "%ax:x16",
	};

	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(ok); i++) {
		g_autofree char *line = g_strdup_printf("p:g/e /bin/true:0 a=%s",
							ok[i]);
		struct tfm_dynevent_cmd cmd;
		struct tfm_dynevent_err *err = NULL;
		int ret = parse(line, TFM_DYNEVENT_UPROBE_EVENTS, &cmd, &err);

		if (ret)
			fail_msg("%s: %d %s", ok[i], ret, err ? err->msg : "");
		tfm_dynevent_cmd_clear(&cmd);
	}
	/* $retval on return probes, including p ...%return */
	tfm_dynevent_probe_free(define("r /bin/true:0 $retval"));
	tfm_dynevent_probe_free(define("p:g/e /bin/true:0%return rv=$retval:s32"));
}

/* ---- registration (spec §2.3, §2.6) ---- */

static int reg(struct tfm_dynevent_probe *p, GPtrArray *list, bool stat_taken,
	       struct tfm_dynevent_probe **to, struct tfm_dynevent_err **err)
{
	return tfm_dynevent_register_check(p, (struct tfm_dynevent_probe **)list->pdata,
					   list->len, stat_taken, to, err);
}

static void check_reg_error(GPtrArray *list, const char *marked, int err_no,
			    const char *msg)
{
	const char *caret = strchr(marked, '^');
	g_autofree char *line = NULL;
	struct tfm_dynevent_probe *p, *to = NULL;
	struct tfm_dynevent_err *err = NULL;

	if (caret)
		line = g_strdup_printf("%.*s%s", (int)(caret - marked), marked,
				       caret + 1);
	else
		line = g_strdup(marked);
	p = define(line);
	assert_int_equal(reg(p, list, false, &to, &err), -err_no);
	assert_null(to);
	if (!msg) {
		assert_null(err);
	} else {
		assert_non_null(err);
		assert_string_equal(err->msg, msg);
		assert_string_equal(err->cmd, g_strchomp(line));
		assert_int_equal(err->pos, caret - marked);
	}
	tfm_dynevent_err_free(err);
	tfm_dynevent_probe_free(p);
}

static void test_register(void **state)
{
	GPtrArray *list = g_ptr_array_new_with_free_func(
		(GDestroyNotify)tfm_dynevent_probe_free);
	struct tfm_dynevent_probe *p, *to = NULL;
	struct tfm_dynevent_err *err = NULL;

	(void)state;
	p = define("p /bin/true:0");
	assert_int_equal(reg(p, list, false, &to, &err), 0);
	assert_null(to);
	assert_null(err);
	g_ptr_array_add(list, p);
	check_reg_error(list, "^p /bin/true:0", EEXIST,
			"There is already the exact same probe event");
	check_reg_error(list, "^r /bin/true:0", EEXIST,
			"Probe type is different from existing probe");
	check_reg_error(list, "^p ./true:0", EEXIST,
			"There is already the exact same probe event");
	check_reg_error(list, "p:uprobes/p_true_0x0 /bin/bash:0x10 ^a=%ax", EEXIST,
			"Argument type or name is different from existing probe");

	/* a second location with identical args joins the event */
	p = define("p:uprobes/p_true_0x0 /bin/bash:0x10");
	assert_int_equal(reg(p, list, false, &to, &err), 0);
	assert_ptr_equal(to, list->pdata[0]);
	g_ptr_array_add(list, p);

	p = define("p:m/ev /bin/bash:0x20 a=%ax b=%bx:u8");
	assert_int_equal(reg(p, list, false, &to, &err), 0);
	g_ptr_array_add(list, p);
	check_reg_error(list, "p:m/ev /bin/bash:0x30 a=%ax ^b=%bx:u16", EEXIST,
			"Argument type or name is different from existing probe");
	check_reg_error(list, "p:m/ev /bin/bash:0x30 a=%ax ^c=%bx:u8", EEXIST,
			"Argument type or name is different from existing probe");
	check_reg_error(list, "p:m/ev /bin/bash:0x30 a=%ax b=%bx:u8 ^c=%cx", EEXIST,
			"Argument type or name is different from existing probe");
	check_reg_error(list, "p:m/ev /bin/bash:0x30 a=%ax ^", EEXIST,
			"Argument type or name is different from existing probe");
	/* same type and name but different fetch text: a new sibling */
	p = define("p:m/ev /bin/bash:0x20 a=%cx b=+0(%di):u8");
	assert_int_equal(reg(p, list, false, &to, &err), 0);
	assert_ptr_equal(to, list->pdata[2]);
	tfm_dynevent_probe_free(p);
	/* bitfield and plain container type are the same type */
	p = define("p:m/ev /bin/bash:0x40 a=%ax b=%bx:b4@0/8");
	assert_int_equal(reg(p, list, false, &to, &err), 0);
	tfm_dynevent_probe_free(p);

	/* reference counter mismatch with any probe at that place */
	check_reg_error(list, "p:o/x /bin/true:0(0x10)", EINVAL, NULL);
	check_reg_error(list, "p:o/x /bin/bash:0x20(0x1)", EINVAL, NULL);
	/* the ref-ctr check runs before the same-event checks */
	check_reg_error(list, "p /bin/true:0(0x10)", EINVAL, NULL);

	/* a static event owns the name */
	p = define("p:sched/sched_switch /bin/true:0x8");
	assert_int_equal(reg(p, list, true, &to, &err), -EEXIST);
	assert_string_equal(err->msg, "Given group/event name is already used by another event");
	assert_int_equal(err->pos, 0);
	tfm_dynevent_err_free(err);
	tfm_dynevent_probe_free(p);
	g_ptr_array_free(list, TRUE);
}

/* ---- write splitting (spec §1.1) ---- */

struct recorder {
	GPtrArray *lines;
	GPtrArray *probes;
};

static int record_line(char *line, void *data)
{
	struct recorder *r = data;
	struct tfm_dynevent_cmd cmd;
	struct tfm_dynevent_err *err = NULL;
	int ret;

	g_ptr_array_add(r->lines, g_strdup(line));
	ret = parse(line, TFM_DYNEVENT_UPROBE_EVENTS, &cmd, &err);
	tfm_dynevent_err_free(err);
	if (!ret && cmd.kind == TFM_DYNEVENT_CMD_DEFINE) {
		g_ptr_array_add(r->probes, cmd.probe);
		cmd.probe = NULL;
	}
	tfm_dynevent_cmd_clear(&cmd);
	return ret;
}

static ssize_t run(struct recorder *r, const char *buf, size_t len)
{
	g_ptr_array_set_size(r->lines, 0);
	g_ptr_array_set_size(r->probes, 0);
	return tfm_dynevent_run_write(buf, len, record_line, r);
}

static void test_write_split(void **state)
{
	struct recorder r = {
		g_ptr_array_new_with_free_func(g_free),
		g_ptr_array_new_with_free_func((GDestroyNotify)tfm_dynevent_probe_free),
	};
	const char *s;
	g_autofree char *l4094 = g_strnfill(4094, 'x');
	g_autofree char *buf = NULL;
	g_autofree char *def3000 = NULL;
	struct tfm_dynevent_probe *p;

	(void)state;
	assert_int_equal(run(&r, "", 0), 0);
	s = "p:g/e /bin/ba";
	assert_int_equal(run(&r, s, strlen(s)), -EINVAL);
	s = "sh:0x1000\n";
	assert_int_equal(run(&r, s, strlen(s)), -EINVAL);
	s = "p:g/e /bin/bash:0x1000 ";
	assert_int_equal(run(&r, s, strlen(s)), (ssize_t)strlen(s));
	assert_int_equal(r.probes->len, 1);
	s = "a=%ax\n";
	assert_int_equal(run(&r, s, strlen(s)), -EINVAL);

	s = "p:g/a /bin/true:0\nbad\np:g/b /bin/true:1\n";
	assert_int_equal(run(&r, s, strlen(s)), -EINVAL);
	assert_int_equal(r.lines->len, 2);
	assert_int_equal(r.probes->len, 1);

	s = "# comment\n\n  \t \np:g/e /bin/bash:0 a=%ax # trailing\n#x\np:g/f /bin/true:0";
	assert_int_equal(run(&r, s, strlen(s)), (ssize_t)strlen(s));
	assert_int_equal(r.lines->len, 6);
	assert_int_equal(r.probes->len, 2);
	p = r.probes->pdata[0];
	assert_int_equal(p->nr_args, 1);
	assert_string_equal(p->args[0].comm, "%ax");

	s = "p:g/e /bin/bash:0 s=\\\"ab#cd\\\"\n";
	assert_int_equal(run(&r, s, strlen(s)), -EINVAL);
	assert_string_equal(r.lines->pdata[0], "p:g/e /bin/bash:0 s=\\\"ab");

	/* 4094 characters + '\n' is the longest line */
	buf = g_strdup_printf("%s\n", l4094);
	assert_int_equal(run(&r, buf, strlen(buf)), -EINVAL);
	assert_int_equal(r.lines->len, 1);
	assert_int_equal(strlen(r.lines->pdata[0]), 4094);
	g_free(buf);
	buf = g_strdup_printf("x%s\n", l4094);
	assert_int_equal(run(&r, buf, strlen(buf)), -EINVAL);
	assert_int_equal(r.lines->len, 0);
	g_free(buf);
	buf = g_strdup_printf("p:g/e /bin/true:0\nx%s\n", l4094);
	assert_int_equal(run(&r, buf, strlen(buf)), -EINVAL);
	assert_int_equal(r.lines->len, 1);
	assert_int_equal(r.probes->len, 1);

	/* several 3000-character lines in one 6002-byte write */
	g_free(buf);
	def3000 = g_strdup_printf("p:g/e /bin/true:0 # %s", l4094);
	def3000[3000] = '\0';
	buf = g_strdup_printf("%s\n%s\n", def3000, def3000);
	assert_int_equal(strlen(buf), 6002);
	assert_int_equal(run(&r, buf, 6002), 6002);
	assert_int_equal(r.lines->len, 2);
	assert_int_equal(r.probes->len, 2);

	/* an embedded NUL ends the line without a newline: too long */
	assert_int_equal(run(&r, "p:g/e /bin/true:0\0x", 19), -EINVAL);
	assert_int_equal(r.lines->len, 0);
	g_ptr_array_free(r.lines, TRUE);
	g_ptr_array_free(r.probes, TRUE);
}

static void test_lookup_stat(void **state)
{
	g_autofree char *dir = g_dir_make_tmp("dynevent-XXXXXX", NULL);
	g_autofree char *file = g_build_filename(dir, "prog", NULL);
	g_autofree char *link = g_build_filename(dir, "dirlink", NULL);
	struct tfm_dynevent_inode a, b;
	int dfd;

	(void)state;
	assert_true(g_file_set_contents(file, "x", 1, NULL));
	assert_int_equal(symlink(dir, link), 0);
	assert_int_equal(tfm_dynevent_lookup_stat(file, NULL, &a), 0);
	assert_true(a.is_reg);
	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	assert_true(dfd >= 0);
	assert_int_equal(tfm_dynevent_lookup_stat("./prog", &dfd, &b), 0);
	assert_int_equal(a.ino, b.ino);
	assert_int_equal(tfm_dynevent_lookup_stat("dirlink", &dfd, &b), 0);
	assert_false(b.is_reg);
	assert_int_equal(tfm_dynevent_lookup_stat("nope", &dfd, &b), -ENOENT);
	assert_int_equal(tfm_dynevent_lookup_stat("prog/x", &dfd, &b), -ENOTDIR);
	close(dfd);
	g_unlink(link);
	g_unlink(file);
	g_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_default_name_truncated),
		cmocka_unit_test(test_silent_errors),
		cmocka_unit_test(test_place_errors),
		cmocka_unit_test(test_name_errors),
		cmocka_unit_test(test_arg_errors),
		cmocka_unit_test(test_type_errors),
		cmocka_unit_test(test_nesting),
		cmocka_unit_test(test_too_many_args),
		cmocka_unit_test(test_event_too_big),
		cmocka_unit_test(test_check_order),
		cmocka_unit_test(test_fetchargs_accepted),
		cmocka_unit_test(test_register),
		cmocka_unit_test(test_write_split),
		cmocka_unit_test(test_lookup_stat),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
