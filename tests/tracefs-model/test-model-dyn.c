// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-model-dyn - dynamic (uprobe) events through the VFS face
 * (dynamic-events.md): definitions and readback, errors and error_log,
 * the events in every trace array, ids, formats, enabling, removal,
 * open files after removal, O_TRUNC, uprobe_profile.
 *
 * Probed files are made in a private temporary directory; nothing is
 * attached to them.
 */
#include <sys/stat.h>

#include "tfm-test.h"

static char *tmpdir;

/* A path in the temporary directory (g_free()). */
static char *tp(const char *name)
{
	return g_strdup_printf("%s/%s", tmpdir, name);
}

/* A 64 KiB file: probes up to offset 0x10000 can be enabled. */
static void touch(const char *name)
{
	g_autofree char *p = tp(name);
	g_autofree char *data = g_malloc0(0x10000);

	assert_true(g_file_set_contents(p, data, 0x10000, NULL));
}

static int setup(void **state)
{
	g_autofree char *d = NULL, *l = NULL, *t = NULL;

	tmpdir = g_dir_make_tmp("tfm-dyn-XXXXXX", NULL);
	if (!tmpdir)
		return -1;
	touch("bash");
	touch("true");
	touch("libfoo.so.6");
	touch("my-tool");
	d = tp("adir");
	l = tp("link");
	t = tp("bash");
	if (mkdir(d, 0755) || symlink(t, l))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	const char *names[] = { "bash", "true", "libfoo.so.6", "my-tool",
				"adir", "link" };

	for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
		g_autofree char *p = tp(names[i]);

		remove(p);
	}
	rmdir(tmpdir);
	g_free(tmpdir);
	return 0;
}

/* Write one definition (with the temporary dir substituted for @@). */
static ssize_t def(struct tfm_model *m, const char *file, const char *fmt)
{
	g_autoptr(GString) s = g_string_new(fmt);

	g_string_replace(s, "@@", tmpdir, 0);
	return tt_write_flags(m, file, s->str, s->len, 0);
}

static ssize_t up(struct tfm_model *m, const char *fmt)
{
	return def(m, "uprobe_events", fmt);
}

static void assert_up(struct tfm_model *m, const char *fmt)
{
	g_autoptr(GString) s = g_string_new(fmt);

	g_string_replace(s, "@@", tmpdir, 0);
	assert_int_equal(up(m, fmt), (ssize_t)s->len);
}

/* Assert that @path reads @fmt with @@ replaced by the temporary dir. */
static void assert_read_sub(struct tfm_model *m, const char *path,
			    const char *fmt)
{
	g_autoptr(GString) s = g_string_new(fmt);

	g_string_replace(s, "@@", tmpdir, 0);
	tt_assert_read(m, path, s->str);
}

static unsigned int read_id(struct tfm_model *m, const char *path)
{
	g_autofree char *s = tt_read(m, path);

	assert_non_null(s);
	return (unsigned int)strtoul(s, NULL, 10);
}

/* error_log without the timestamps: "<text>" of each "[ts] <text>". */
static char *errlog(struct tfm_model *m, const char *path)
{
	g_autofree char *s = tt_read(m, path);
	g_auto(GStrv) lines = NULL;
	GString *out = g_string_new(NULL);

	assert_non_null(s);
	lines = g_strsplit(s, "\n", -1);
	for (int i = 0; lines[i] && lines[i + 1]; i++) {
		const char *l = lines[i];

		if (l[0] == '[')
			l = strstr(l, "] ") + 2;
		g_string_append_printf(out, "%s\n", l);
	}
	return g_string_free(out, FALSE);
}

/* §3.1: definitions read back normalised, in creation order. */
static void test_3_readback(void **state)
{
	struct tfm_model *m = tt_model();

	tt_assert_read(m, "uprobe_events", "");
	tt_assert_read(m, "dynamic_events", "");
	assert_up(m, "p:mygrp/myev @@/bash:0x1000 arg1=%di:u64 arg2=%si:x32");
	assert_up(m, "p @@/bash:0x1000");
	assert_up(m, "r @@/bash:0x1010");
	assert_up(m, "p:rg/rev2 @@/bash:0x1050%return");
	assert_up(m, "p:rg/refc @@/bash:0x1070(0x20)");
	assert_up(m, "p:rg/hex @@/true:4096");
	assert_up(m, "p:ft/t @@/bash:0x1000 %ax a=%si:s16");
	assert_up(m, "p @@/libfoo.so.6:0x1000");
	assert_up(m, "p @@/my-tool:010");
	assert_up(m, "  p:ft2/t   @@/bash:0x1000   a=%ax  ");
	assert_read_sub(m, "uprobe_events",
		"p:mygrp/myev @@/bash:0x0000000000001000 arg1=%di:u64 arg2=%si:x32\n"
		"p:uprobes/p_bash_0x1000 @@/bash:0x0000000000001000\n"
		"r:uprobes/p_bash_0x1010 @@/bash:0x0000000000001010\n"
		"r:rg/rev2 @@/bash:0x0000000000001050\n"
		"p:rg/refc @@/bash:0x0000000000001070(0x20)\n"
		"p:rg/hex @@/true:0x0000000000001000\n"
		"p:ft/t @@/bash:0x0000000000001000 arg1=%ax a=%si:s16\n"
		"p:uprobes/p_libfoo_0x1000 @@/libfoo.so.6:0x0000000000001000\n"
		"p:uprobes/p_my_0x8 @@/my-tool:0x0000000000000008\n"
		"p:ft2/t @@/bash:0x0000000000001000 a=%ax\n");
	{
		g_autofree char *a = tt_read(m, "uprobe_events");
		g_autofree char *b = tt_read(m, "dynamic_events");

		assert_string_equal(a, b);
	}
	tfm_model_free(m);
}

/* §1.1: every write on its own; lines in order; the first error stops. */
static void test_1_1_writes(void **state)
{
	struct tfm_model *m = tt_model();
	g_autofree char *longline = NULL;
	g_autofree char *three = NULL;
	g_autoptr(GString) s = g_string_new(NULL);
	struct tt_file f;

	assert_int_equal(tt_open(m, "uprobe_events", O_WRONLY, &f), 0);
	/* a definition split across writes is two bad commands */
	g_string_printf(s, "p:g/e %s/ba", tmpdir);
	assert_int_equal(tt_fwrites(&f, s->str), -EINVAL);
	assert_int_equal(tt_fwrites(&f, "sh:0x1000\n"), -EINVAL);
	assert_int_equal(tt_fwrites(&f, ""), 0);
	tt_close(&f);
	tt_assert_read(m, "uprobe_events", "");
	/* good, bad, good: only the first stays */
	assert_int_equal(up(m, "p:g/a @@/bash:0x1\np:g/b bash:0x2\np:g/c @@/bash:0x3\n"),
			 -EINVAL);
	/* comments and blank lines are no-ops */
	assert_up(m, "# nothing\n\n   \np:g/d @@/bash:0x4 # c\n");
	assert_read_sub(m, "uprobe_events",
			"p:g/a @@/bash:0x0000000000000001\n"
			"p:g/d @@/bash:0x0000000000000004\n");
	/* a 4095-character line is too long; 3000-character lines are fine */
	longline = g_strnfill(4095, 'x');
	longline[0] = 'p';
	longline[1] = ' ';
	assert_int_equal(up(m, longline), -EINVAL);
	three = g_strnfill(2999, ' ');
	g_string_printf(s, "%s\n%s\n", three, three);
	assert_int_equal(up(m, s->str), (ssize_t)s->len);
	tfm_model_free(m);
}

/* §2, §7: every errno class, and what error_log records. */
static void test_7_errors(void **state)
{
	struct tfm_model *m = tt_model();
	g_autofree char *log = NULL;
	g_autofree char *expect = NULL;
	g_autoptr(GString) args = g_string_new("p:g/many @@/bash:0x1");
	g_autofree char *place = tp("bash:0x1000");

	assert_int_equal(up(m, "x:g/e @@/bash:0x1000"), -EINVAL);
	assert_int_equal(up(m, "p:g/e bash:0x1000"), -EINVAL);
	assert_int_equal(up(m, "p:g/e @@/bash:abc"), -EINVAL);
	assert_int_equal(up(m, "p:g/e"), -EINVAL);
	/* silent so far */
	tt_assert_read(m, "error_log", "");
	assert_int_equal(up(m, "p:g/e @@/nosuch:0x1000"), -ENOENT);
	assert_int_equal(up(m, "p:g/e @@/bash/x:0x1000"), -ENOTDIR);
	assert_int_equal(up(m, "p:g/e @@/adir:0x1000"), -EINVAL);
	assert_int_equal(up(m, "p:g/e @@/bash:0x1000 sy=%ax:symbol"), -EINVAL);
	assert_int_equal(up(m, "p:g/e @@/bash:0xfffffffffffffffff"), -ERANGE);
	for (int i = 0; i < 129; i++)
		g_string_append(args, " %ax");
	assert_int_equal(up(m, args->str), -E2BIG);
	log = errlog(m, "error_log");
	expect = g_strdup_printf(
		"trace_uprobe: error: Failed to find the given file\n"
		"  Command: p:g/e %s/nosuch:0x1000\n"
		"%*s^\n"
		"trace_uprobe: error: Failed to find the given file\n"
		"  Command: p:g/e %s/bash/x:0x1000\n"
		"%*s^\n"
		"trace_uprobe: error: Not a regular file\n"
		"  Command: p:g/e %s/adir:0x1000\n"
		"%*s^\n"
		"trace_uprobe: error: Unknown type is specified\n"
		"  Command: p:g/e %s sy=%%ax:symbol\n"
		"%*s^\n"
		"trace_uprobe: error: Invalid uprobe offset\n"
		"  Command: p:g/e %s/bash:0xfffffffffffffffff\n"
		"%*s^\n",
		tmpdir, 17, "", tmpdir, 17, "", tmpdir, 17, "",
		place, (int)(17 + strlen(place) + 1 + 7), "",
		tmpdir, (int)(17 + strlen(tmpdir) + 6), "");
	/* the E2BIG line is the 6th entry: check the first five exactly */
	assert_true(g_str_has_prefix(log, expect));
	assert_non_null(strstr(log, "error: Too many arguments are specified\n"));
	/* uprobe errors only reach the top-level error_log */
	assert_int_equal(tt_mkdir(m, "instances", "i"), 0);
	assert_int_equal(up(m, "p:g/e @@/nosuch:0x1000"), -ENOENT);
	tt_assert_read(m, "instances/i/error_log", "");
	/* EEXIST: same probe, p/r, arg list, static name */
	assert_up(m, "p @@/true:0");
	assert_int_equal(up(m, "p @@/true:0"), -EEXIST);
	assert_int_equal(up(m, "r @@/true:0"), -EEXIST);
	assert_up(m, "p:g/x @@/bash:0x10 a=%ax");
	assert_int_equal(up(m, "p:g/x @@/bash:0x20 b=%ax"), -EEXIST);
	assert_int_equal(up(m, "p:sched/sched_switch @@/bash:0x10"), -EEXIST);
	/* ref counter mismatch: EINVAL, silent */
	assert_up(m, "p:g/r1 @@/bash:0x70(0x20)");
	g_free(log);
	log = errlog(m, "error_log");
	assert_int_equal(up(m, "p:g/r2 @@/bash:0x70(0x30)"), -EINVAL);
	{
		g_autofree char *log2 = errlog(m, "error_log");

		assert_string_equal(log, log2);
	}
	assert_non_null(strstr(log,
		"trace_uprobe: error: Given group/event name is already used by another event\n"
		"  Command: p:sched/sched_switch "));
	/* at most 8 entries; O_TRUNC clears */
	assert_int_equal(tt_write_flags(m, "error_log", "", 0, O_TRUNC), 0);
	tt_assert_read(m, "error_log", "");
	tfm_model_free(m);
}

/* The expected format of an entry probe without arguments. */
static char *format_noargs(const char *name, unsigned int id)
{
	return g_strdup_printf(
		"name: %s\nID: %u\nformat:\n"
		"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
		"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
		"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
		"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
		"\n"
		"\tfield:unsigned long __probe_ip;\toffset:8;\tsize:8;\tsigned:0;\n"
		"\n"
		"print fmt: \"(%%lx)\", REC->__probe_ip\n", name, id);
}

static bool has(GPtrArray *names, const char *name)
{
	for (guint i = 0; i < names->len; i++)
		if (!strcmp(names->pdata[i], name))
			return true;
	return false;
}

/* §6.1, §6.2, §6.4: the tree, everywhere, and available_events. */
static void test_6_tree(void **state)
{
	struct tfm_model *m = tt_model();
	g_autofree char *fmt = NULL, *avail = NULL;
	g_autoptr(GPtrArray) top = NULL, inst = NULL, later = NULL;
	g_autoptr(GPtrArray) grp = NULL;
	unsigned int id;
	struct stat st;

	assert_int_equal(tt_mkdir(m, "instances", "old"), 0);
	assert_up(m, "p @@/bash:0x1000");
	id = read_id(m, "events/uprobes/p_bash_0x1000/id");
	assert_int_equal(id, 2326);
	assert_int_equal(read_id(m, "instances/old/events/uprobes/p_bash_0x1000/id"),
			 id);
	fmt = format_noargs("p_bash_0x1000", id);
	tt_assert_read(m, "events/uprobes/p_bash_0x1000/format", fmt);
	tt_assert_read(m, "instances/old/events/uprobes/p_bash_0x1000/format", fmt);
	tt_assert_read(m, "events/uprobes/p_bash_0x1000/enable", "0\n");
	tt_assert_read(m, "events/uprobes/p_bash_0x1000/filter", "none\n");
	tt_assert_read(m, "events/uprobes/p_bash_0x1000/trigger",
		       "# Available triggers:\n"
		       "# traceon traceoff stacktrace enable_event disable_event\n");
	tt_assert_read(m, "events/uprobes/enable", "0\n");
	assert_int_equal(tt_stat(m, "events/uprobes/p_bash_0x1000/format", &st), 0);
	assert_int_equal(st.st_mode, S_IFREG | 0440);
	assert_int_equal(st.st_nlink, 1);
	assert_int_equal(tt_stat(m, "events/uprobes", &st), 0);
	assert_int_equal(st.st_mode, S_IFDIR | 0755);
	grp = tt_readdir(m, "events/uprobes/p_bash_0x1000");
	assert_int_equal(grp->len, 5);
	assert_true(has(grp, "enable") && has(grp, "filter") &&
		    has(grp, "trigger") && has(grp, "format") && has(grp, "id"));
	avail = tt_read(m, "available_events");
	assert_true(g_str_has_prefix(avail, "uprobes:p_bash_0x1000\n"
					    "initcall:initcall_finish\n"));
	/* the mygrp example of §6.4 */
	assert_up(m, "p:mygrp/myev @@/bash:0x1000 arg1=%di:u64 arg2=%si:x32");
	g_free(fmt);
	fmt = g_strdup_printf(
		"name: myev\nID: %u\nformat:\n"
		"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
		"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
		"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
		"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
		"\n"
		"\tfield:unsigned long __probe_ip;\toffset:8;\tsize:8;\tsigned:0;\n"
		"\tfield:u64 arg1;\toffset:16;\tsize:8;\tsigned:0;\n"
		"\tfield:u32 arg2;\toffset:24;\tsize:4;\tsigned:0;\n"
		"\n"
		"print fmt: \"(%%lx) arg1=%%Lu arg2=0x%%x\", REC->__probe_ip, REC->arg1, REC->arg2\n",
		id + 1);
	tt_assert_read(m, "instances/old/events/mygrp/myev/format", fmt);
	g_free(avail);
	avail = tt_read(m, "available_events");
	assert_true(g_str_has_prefix(avail, "mygrp:myev\nuprobes:p_bash_0x1000\n"
					    "initcall:initcall_finish\n"));
	/* a new instance sees them too */
	assert_int_equal(tt_mkdir(m, "instances", "new"), 0);
	tt_assert_read(m, "instances/new/events/mygrp/myev/format", fmt);
	/* readdir order (eventfs): appended where events/ existed, first
	 * (newest first) where it was built later */
	top = tt_readdir(m, "events");
	inst = tt_readdir(m, "instances/old/events");
	later = tt_readdir(m, "instances/new/events");
	assert_true(has(top, "mygrp") && has(inst, "uprobes") &&
		    has(later, "mygrp"));
	if (tt_design() == TFM_DESIGN_TEMPLATE) {
		assert_string_equal(top->pdata[top->len - 2], "uprobes");
		assert_string_equal(top->pdata[top->len - 1], "mygrp");
		assert_string_equal(inst->pdata[inst->len - 1], "mygrp");
		assert_string_equal(later->pdata[3], "mygrp");
		assert_string_equal(later->pdata[4], "uprobes");
		assert_string_equal(later->pdata[5], "initcall");
	}
	/* a uprobe in a kernel system sits next to the tracepoints */
	assert_up(m, "p:sched/newone @@/bash:0x2000");
	tt_assert_read(m, "instances/new/events/sched/newone/enable", "0\n");
	assert_up(m, "-:sched/");
	assert_int_equal(tt_stat(m, "events/sched/newone", &st), -ENOENT);
	assert_int_equal(tt_stat(m, "events/sched/sched_switch", &st), 0);
	tfm_model_free(m);
}

/* §6.3: the lowest free id, reused after removal. */
static void test_6_3_ids(void **state)
{
	struct tfm_model *m = tt_model();

	assert_up(m, "p:g/a @@/bash:0x1");
	assert_up(m, "p:g/b @@/bash:0x2");
	assert_up(m, "p:g/c @@/bash:0x3");
	assert_up(m, "p:g/d @@/bash:0x4");
	assert_int_equal(read_id(m, "events/g/b/id"), 2327);
	assert_int_equal(read_id(m, "events/g/d/id"), 2329);
	assert_up(m, "-:g/b");
	assert_int_equal(up(m, "p:g/e @@/nosuch:0x5"), -ENOENT);
	assert_up(m, "p:g/e @@/bash:0x5");
	assert_int_equal(read_id(m, "events/g/e/id"), 2327);
	assert_up(m, "-:g/");
	assert_up(m, "p:h/f @@/bash:0x6");
	assert_int_equal(read_id(m, "events/h/f/id"), 2326);
	tfm_model_free(m);
}

/* §2.6: two probes, one event. */
static void test_2_6_multi(void **state)
{
	struct tfm_model *m = tt_model();

	assert_up(m, "p:g/e @@/bash:0x1100 a=%ax");
	assert_up(m, "p:g/e @@/true:0x1200 a=%bx");
	assert_read_sub(m, "uprobe_events",
			"p:g/e @@/bash:0x0000000000001100 a=%ax\n"
			"p:g/e @@/true:0x0000000000001200 a=%bx\n");
	{
		g_autofree char *prof = g_strdup_printf(
			"  %s/bash %-44s %15lu\n  %s/true %-44s %15lu\n",
			tmpdir, "e", 0ul, tmpdir, "e", 0ul);

		tt_assert_read(m, "uprobe_profile", prof);
	}
	assert_int_equal(read_id(m, "events/g/e/id"), 2326);
	/* narrowing tokens must be canonical */
	assert_int_equal(up(m, "-:g/e @@/true:0x1200"), -ENOENT);
	assert_up(m, "-:g/e @@/true:0x0000000000001200");
	assert_read_sub(m, "uprobe_events",
			"p:g/e @@/bash:0x0000000000001100 a=%ax\n");
	assert_int_equal(read_id(m, "events/g/e/id"), 2326);
	tfm_model_free(m);
}

/* §5, §4.3: enabling records state; in use means EBUSY. */
static void test_5_enable(void **state)
{
	struct tfm_model *m = tt_model();
	g_autofree char *se = NULL;

	assert_int_equal(tt_mkdir(m, "instances", "inst"), 0);
	assert_up(m, "p:inst/ev1 @@/bash:0x1");
	assert_up(m, "p:inst/ev2 @@/bash:0x2");
	assert_up(m, "p:inst/ev3 @@/bash:0x3");
	assert_int_equal(tt_write(m, "events/inst/ev2/enable", "1"), 1);
	tt_assert_read(m, "events/inst/ev2/enable", "1\n");
	tt_assert_read(m, "events/inst/enable", "X\n");
	tt_assert_read(m, "instances/inst/events/inst/ev2/enable", "0\n");
	se = tt_read(m, "set_event");
	assert_true(g_str_has_prefix(se, "inst:ev2\n"));
	/* partial effect: ev1 goes, ev2 is busy, ev3 is not reached */
	assert_int_equal(up(m, "-:inst/"), -EBUSY);
	assert_read_sub(m, "uprobe_events",
			"p:inst/ev2 @@/bash:0x0000000000000002\n"
			"p:inst/ev3 @@/bash:0x0000000000000003\n");
	assert_int_equal(tt_write(m, "events/inst/ev2/enable", "0"), 1);
	/* enabled only in an instance, through set_event and system enable */
	assert_int_equal(tt_write(m, "instances/inst/set_event", "inst:ev3"), 8);
	tt_assert_read(m, "instances/inst/events/inst/ev3/enable", "1\n");
	assert_int_equal(up(m, "-:inst/ev3"), -EBUSY);
	assert_int_equal(tt_write_flags(m, "instances/inst/set_event", "", 0,
					O_TRUNC), 0);
	tt_assert_read(m, "instances/inst/events/inst/ev3/enable", "0\n");
	assert_int_equal(tt_write(m, "instances/inst/events/inst/enable", "1"), 1);
	tt_assert_read(m, "instances/inst/set_event", "inst:ev3\ninst:ev2\n");
	assert_int_equal(up(m, "-:inst/ev2"), -EBUSY);
	assert_int_equal(tt_write(m, "instances/inst/events/inst/enable", "0"), 1);
	/* a trigger (soft mode) or being a trigger's target: busy */
	assert_int_equal(tt_write(m, "events/inst/ev2/trigger", "traceoff"), 8);
	tt_assert_read(m, "events/inst/ev2/enable", "0*\n");
	assert_int_equal(up(m, "-:inst/ev2"), -EBUSY);
	assert_int_equal(tt_write(m, "events/inst/ev2/trigger", "!traceoff"), 9);
	assert_int_equal(tt_write(m, "events/sched/sched_switch/trigger",
				  "enable_event:inst:ev3"), 21);
	tt_assert_read(m, "events/inst/ev3/enable", "0*\n");
	assert_int_equal(up(m, "-:ev3"), -EBUSY);
	assert_int_equal(tt_write(m, "events/sched/sched_switch/trigger",
				  "!enable_event:inst:ev3"), 22);
	/* a filter does not make it busy; rmdir drops the instance's state */
	assert_int_equal(tt_write(m, "events/inst/ev3/filter", "common_pid == 1"),
			 15);
	assert_int_equal(tt_write(m, "instances/inst/events/inst/ev2/enable", "1"),
			 1);
	assert_int_equal(tt_rmdir(m, "instances", "inst"), 0);
	assert_up(m, "-:inst/");
	tt_assert_read(m, "uprobe_events", "");
	tfm_model_free(m);
}

/* §5.3, §5.1: a probe beyond the end of its file cannot be enabled. */
static void test_5_3_enable_fails(void **state)
{
	struct tfm_model *m = tt_model();
	g_autofree char *se = NULL;

	assert_up(m, "p:g/far @@/bash:0xffffffffffffffff");
	assert_up(m, "p:g/near @@/bash:0x1000");
	assert_int_equal(tt_write(m, "events/g/far/enable", "1"), -EINVAL);
	tt_assert_read(m, "events/g/far/enable", "0\n");
	assert_int_equal(tt_write(m, "events/g/enable", "1"), -EINVAL);
	tt_assert_read(m, "events/g/near/enable", "1\n");
	tt_assert_read(m, "events/g/enable", "X\n");
	assert_int_equal(tt_write(m, "set_event", "g:far"), -EINVAL);
	se = tt_read(m, "set_event");
	assert_string_equal(se, "g:near\n");
	/* a second probe beyond the end spoils the whole event */
	assert_up(m, "p:g/two @@/bash:0x100");
	assert_up(m, "p:g/two @@/true:0x20000");
	assert_int_equal(tt_write(m, "events/g/two/enable", "1"), -EINVAL);
	/* without it, the event can be enabled again */
	assert_up(m, "-:g/two @@/true:0x0000000000020000");
	assert_int_equal(tt_write(m, "events/g/two/enable", "1"), 1);
	tfm_model_free(m);
}

/* §4.1: removal syntax and matching. */
static void test_4_1_removal(void **state)
{
	struct tfm_model *m = tt_model();

	assert_up(m, "p:ga/same @@/bash:0x1");
	assert_up(m, "p:gb/same @@/bash:0x2");
	assert_up(m, "p:gc/other @@/bash:0x3 a=%ax b=%bx:u8");
	assert_int_equal(up(m, "-"), -EINVAL);
	assert_int_equal(up(m, "-:"), -EINVAL);
	assert_int_equal(up(m, "-ga/same"), -EINVAL);
	assert_int_equal(up(m, "-:nosuch"), -ENOENT);
	assert_int_equal(up(m, "-:sched/sched_switch"), -ENOENT);
	assert_int_equal(up(m, "!p:gc/other"), -EINVAL);
	assert_up(m, "-:same");
	assert_read_sub(m, "uprobe_events",
			"p:gc/other @@/bash:0x0000000000000003 a=%ax b=%bx:u8\n");
	assert_int_equal(up(m, "-:gc/other @@/bash:0x0000000000000003 b=%bx:u8"),
			 -ENOENT);
	assert_int_equal(def(m, "dynamic_events", "!r:gc/other"), 11);
	tt_assert_read(m, "uprobe_events", "");
	tfm_model_free(m);
}

/* §8: open files after removal. */
static void test_8_open_files(void **state)
{
	struct tfm_model *m = tt_model();
	struct tt_file fmt, en, id, sen, sfl, trig;
	struct kernfs_inode *dir = NULL, *child = NULL;
	char buf[256];
	struct stat st;
	ssize_t r;

	assert_int_equal(tt_mkdir(m, "instances", "i"), 0);
	assert_up(m, "p:grp/ev @@/bash:0x1");
	assert_int_equal(tt_open(m, "instances/i/events/grp/ev/format", O_RDONLY,
				 &fmt), 0);
	assert_int_equal(tt_open(m, "events/grp/ev/enable", O_RDWR, &en), 0);
	assert_int_equal(tt_open(m, "events/grp/ev/id", O_RDONLY, &id), 0);
	assert_int_equal(tt_open(m, "events/grp/ev/trigger", O_RDONLY, &trig), 0);
	assert_int_equal(tt_open(m, "events/grp/enable", O_RDWR, &sen), 0);
	assert_int_equal(tt_open(m, "instances/i/events/grp/filter", O_RDONLY,
				 &sfl), 0);
	assert_int_equal(tt_lookup(m, "events/grp/ev", &dir), 0);
	/* open files never make removal fail */
	assert_up(m, "-:grp/ev");
	/* a directory held (a cwd) still stats, but has nothing in it */
	assert_int_equal(kernfs_vfs_getattr(dir, &st, NULL), 0);
	assert_int_equal(st.st_mode, S_IFDIR | 0755);
	assert_int_equal(kernfs_vfs_lookup(dir, "format", &tt_root, &child,
					   NULL), -ENOENT);
	tt_put(dir);
	assert_int_equal(tt_fread(&fmt, buf, sizeof(buf)), -ENODEV);
	assert_int_equal(tt_fread(&en, buf, sizeof(buf)), -ENODEV);
	assert_int_equal(tt_fwrites(&en, "1"), -ENODEV);
	assert_int_equal(tt_fread(&trig, buf, sizeof(buf)), -ENODEV);
	r = tt_fread(&id, buf, sizeof(buf));
	assert_int_equal(r, 5);
	assert_memory_equal(buf, "2326\n", 5);
	sen.pos = 0;
	r = tt_fread(&sen, buf, sizeof(buf));
	assert_int_equal(r, 2);
	assert_memory_equal(buf, "?\n", 2);
	assert_int_equal(tt_fwrites(&sen, "1"), -EINVAL);
	{
		g_autofree char *s = tt_fslurp(&sfl, NULL);

		assert_true(g_str_has_prefix(s, "### global filter ###\n"));
	}
	assert_int_equal(kernfs_vfs_getattr(id.ino, &st, NULL), 0);
	assert_int_equal(st.st_mode, S_IFREG | 0440);
	assert_int_equal(tt_stat(m, "events/grp", &st), -ENOENT);
	assert_int_equal(tt_stat(m, "instances/i/events/grp/ev", &st), -ENOENT);
	/* a new event of the same name is a fresh one */
	assert_up(m, "p:grp/ev @@/bash:0x1");
	tt_assert_read(m, "events/grp/ev/enable", "0\n");
	assert_int_equal(tt_fread(&fmt, buf, sizeof(buf)), -ENODEV);
	tt_close(&fmt);
	tt_close(&en);
	tt_close(&id);
	tt_close(&trig);
	tt_close(&sen);
	tt_close(&sfl);
	tfm_model_free(m);
}

/* §1.2: O_TRUNC. */
static void test_1_2_trunc(void **state)
{
	struct tfm_model *m = tt_model();
	struct tt_file f;

	assert_up(m, "p:g/a @@/bash:0x1");
	assert_up(m, "p:g/b @@/bash:0x2");
	assert_int_equal(tt_write(m, "events/g/b/enable", "1"), 1);
	assert_int_equal(tt_open(m, "uprobe_events", O_WRONLY | O_TRUNC, &f),
			 -EBUSY);
	assert_int_equal(tt_open(m, "dynamic_events", O_WRONLY | O_TRUNC, &f),
			 -EBUSY);
	assert_int_equal(tt_open(m, "uprobe_events", O_RDONLY | O_TRUNC, &f), 0);
	tt_close(&f);
	assert_read_sub(m, "uprobe_events",
			"p:g/a @@/bash:0x0000000000000001\n"
			"p:g/b @@/bash:0x0000000000000002\n");
	assert_int_equal(tt_write(m, "events/g/b/enable", "0"), 1);
	/* replace everything with one open and write */
	assert_int_equal(tt_open(m, "uprobe_events", O_WRONLY | O_TRUNC, &f), 0);
	tt_assert_read(m, "uprobe_events", "");
	{
		g_autofree char *s = g_strdup_printf("p:g/c %s/true:0x3\n",
						     tmpdir);

		assert_int_equal(tt_fwrites(&f, s), (ssize_t)strlen(s));
	}
	tt_close(&f);
	assert_read_sub(m, "uprobe_events", "p:g/c @@/true:0x0000000000000003\n");
	assert_int_equal(read_id(m, "events/g/c/id"), 2326);
	tfm_model_free(m);
}

/* §4.4: ring buffers where the event was ever enabled are cleared. */
static void test_4_4_ring_clear(void **state)
{
	struct tfm_model *m = tt_model();
	g_autofree char *a = NULL, *b = NULL;

	assert_int_equal(tt_mkdir(m, "instances", "A"), 0);
	assert_int_equal(tt_mkdir(m, "instances", "B"), 0);
	assert_up(m, "p:g/ev @@/bash:0x1");
	assert_int_equal(tt_write(m, "instances/A/trace_marker", "ma"), 2);
	assert_int_equal(tt_write(m, "instances/B/trace_marker", "mb"), 2);
	assert_int_equal(tt_write(m, "instances/A/events/g/ev/enable", "1"), 1);
	assert_int_equal(tt_write(m, "instances/A/events/g/ev/enable", "0"), 1);
	assert_up(m, "-:g/ev");
	a = tt_read(m, "instances/A/trace");
	b = tt_read(m, "instances/B/trace");
	assert_null(strstr(a, "tracing_mark_write: ma"));
	assert_non_null(strstr(a, "entries-in-buffer/entries-written: 0/0"));
	assert_non_null(strstr(b, "tracing_mark_write: mb"));
	tfm_model_free(m);
}

/* §2.2: relative paths resolve against the writer's cwd. */
static void test_2_2_cwd(void **state)
{
	struct tfm_model *m = tt_model();
	struct kernfs_caller me = { .pid = getpid() };
	g_autofree char *old = g_get_current_dir();
	struct tt_file f;

	assert_int_equal(chdir(tmpdir), 0);
	assert_int_equal(tt_open(m, "uprobe_events", O_WRONLY, &f), 0);
	assert_int_equal(tt_fwrite_as(&f, "p:g/rel ./true:0x10", &me), 19);
	assert_int_equal(tt_fwrite_as(&f, "p:g/rel2 ./nosuch:0x10", &me),
			 -ENOENT);
	assert_int_equal(tt_fwrite_as(&f, "p:g/lnk link:0x10", &me), -EINVAL);
	assert_int_equal(tt_fwrite_as(&f, "p:g/lnk ./link:0x10", &me), 19);
	tt_close(&f);
	assert_int_equal(chdir(old), 0);
	tt_assert_read(m, "uprobe_events",
		       "p:g/rel ./true:0x0000000000000010\n"
		       "p:g/lnk ./link:0x0000000000000010\n");
	tfm_model_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_3_readback),
		cmocka_unit_test(test_1_1_writes),
		cmocka_unit_test(test_7_errors),
		cmocka_unit_test(test_6_tree),
		cmocka_unit_test(test_6_3_ids),
		cmocka_unit_test(test_2_6_multi),
		cmocka_unit_test(test_5_enable),
		cmocka_unit_test(test_5_3_enable_fails),
		cmocka_unit_test(test_4_1_removal),
		cmocka_unit_test(test_8_open_files),
		cmocka_unit_test(test_1_2_trunc),
		cmocka_unit_test(test_4_4_ring_clear),
		cmocka_unit_test(test_2_2_cwd),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
