// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-model-fs - tracefs.md §1-§6 through the VFS face: mount options and
 * remount, generic node behaviour, ownership, layout, eventfs, instances.
 */
#include "tfm-test.h"

static uid_t owner(struct tfm_model *m, const char *path, gid_t *gid)
{
	struct stat st;

	assert_int_equal(tt_stat(m, path, &st), 0);
	if (gid)
		*gid = st.st_gid;
	return st.st_uid;
}

/* §1.1: one superblock, shown options follow the last mount. */
static void test_1_1_show_options(void **state)
{
	struct tfm_model *m = tt_model_opts("uid=1234,gid=1235", 2);
	g_autofree char *s = tfm_model_show_options(m);
	g_autofree char *s2 = NULL;

	assert_string_equal(s, ",uid=1234,gid=1235");
	/* a later plain mount resets the shown options, not the owners */
	assert_int_equal(tfm_model_remount(m, "", NULL), 0);
	s2 = tfm_model_show_options(m);
	assert_string_equal(s2, "");
	assert_int_equal(owner(m, "tracing_on", NULL), 1234);
	tfm_model_free(m);
}

/* §1.2: options and their errors. */
static void test_1_2_options(void **state)
{
	struct tfm_model_opts o;
	struct tfm_model *m = NULL;
	g_autofree char *msg = NULL;
	struct stat st;

	tfm_model_opts_init(&o);
	o.design = tt_design();
	o.nr_cpus = 1;
	o.mount_options = "bogus";
	assert_int_equal(tfm_model_new(&o, &m), -EINVAL);
	assert_null(m);
	m = tt_model_opts("mode=0755", 1);
	assert_int_equal(tt_stat(m, "", &st), 0);
	assert_int_equal(st.st_mode & 07777, 0755);
	assert_int_equal(tfm_model_remount(m, "mode=999", &msg), -EINVAL);
	assert_string_equal(msg, "Bad value for 'mode'");
	assert_int_equal(tfm_model_remount(m, "uid=abc", NULL), -EINVAL);
	assert_int_equal(tt_stat(m, "", &st), 0);
	assert_int_equal(st.st_mode & 07777, 0755);
	assert_int_equal(st.st_uid, 0);
	tfm_model_free(m);
}

/* §1.3: remount resets chowns everywhere, unvisited eventfs included. */
static void test_1_3_remount(void **state)
{
	struct tfm_model *m = tt_model();
	struct stat st;
	gid_t g;

	assert_int_equal(tt_mkdir(m, "instances", "a"), 0);
	assert_int_equal(tt_chown(m, "events/sched/sched_switch/enable", 3000,
				  3001), 0);
	assert_int_equal(tt_chmod(m, "events/sched/sched_switch/enable", 0600),
			 0);
	assert_int_equal(tt_chown(m, "trace", 5, 6), 0);
	assert_int_equal(tfm_model_remount(m, "mode=0750", NULL), 0);
	assert_int_equal(tt_stat(m, "", &st), 0);
	assert_int_equal(st.st_mode & 07777, 0750);
	assert_int_equal(owner(m, "trace", NULL), 5);	/* mode= only */
	assert_int_equal(tfm_model_remount(m, "uid=1234,gid=1235", NULL), 0);
	assert_int_equal(owner(m, "trace", &g), 1234);
	assert_int_equal(g, 1235);
	assert_int_equal(owner(m, "events/sched/sched_switch/enable", &g), 1234);
	assert_int_equal(g, 1235);
	assert_int_equal(tt_stat(m, "events/sched/sched_switch/enable", &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);	/* chmod survives */
	/* never looked up before the remount */
	assert_int_equal(owner(m, "events/irq/irq_handler_entry/format", NULL),
			 1234);
	assert_int_equal(owner(m, "instances/a/events/irq/enable", NULL), 1234);
	assert_int_equal(owner(m, "instances/a/events", NULL), 1234);
	assert_int_equal(owner(m, "events", NULL), 1234);
	tfm_model_free(m);
}

/* §2: generic node behaviour. */
static void test_2_generic(void **state)
{
	struct tfm_model *m = tt_model();
	struct kernfs_inode *root = tt_rootino(m), *ino = NULL;
	struct iattr ia = { .ia_valid = ATTR_SIZE, .ia_size = 100 };
	struct tt_file f;
	char buf[16];
	struct stat st;

	/* root can open read-only files for writing; write() -> EINVAL */
	assert_int_equal(tt_open(m, "available_tracers", O_WRONLY, &f), 0);
	assert_int_equal(tt_fwrites(&f, "x"), -EINVAL);
	tt_close(&f);
	assert_int_equal(tt_open(m, "events/sched/sched_switch/format",
				 O_WRONLY, &f), 0);
	assert_int_equal(tt_fwrites(&f, "x"), -EINVAL);
	tt_close(&f);
	/* write-only files: read() -> EINVAL */
	assert_int_equal(tt_open(m, "trace_marker", O_RDWR, &f), 0);
	assert_int_equal(tt_fread(&f, buf, sizeof(buf)), -EINVAL);
	tt_close(&f);
	/* O_CREAT of a new name, mknod, unlink */
	assert_int_equal(kernfs_vfs_create(root, "newfile", &tt_root), -EACCES);
	assert_int_equal(kernfs_vfs_create(root, "trace", &tt_root), -EEXIST);
	assert_int_equal(kernfs_vfs_mknod(root, "node", &tt_root), -EPERM);
	assert_int_equal(kernfs_vfs_unlink(root, "trace", &tt_root), -EPERM);
	assert_int_equal(kernfs_vfs_unlink(root, "options", &tt_root), -EISDIR);
	/* simple_read_from_buffer with pos */
	assert_int_equal(tt_open(m, "tracing_on", O_RDONLY, &f), 0);
	assert_int_equal(tt_fread(&f, buf, 1), 1);
	assert_int_equal(buf[0], '1');
	assert_int_equal(tt_fread(&f, buf, 1), 1);
	assert_int_equal(buf[0], '\n');
	assert_int_equal(tt_fread(&f, buf, 1), 0);
	tt_close(&f);
	/* seq_file llseek: SEEK_END -> EINVAL */
	assert_int_equal(tt_open(m, "set_event", O_RDONLY, &f), 0);
	assert_int_equal(kernfs_vfs_llseek(f.f, 0, SEEK_END), -EINVAL);
	assert_int_equal(kernfs_vfs_llseek(f.f, 100, SEEK_SET), 100);
	tt_close(&f);
	/* truncate changes only the reported size */
	assert_int_equal(tt_write(m, "trace_marker", "x"), 1);
	assert_int_equal(tt_lookup(m, "trace", &ino), 0);
	assert_int_equal(kernfs_vfs_setattr(ino, &ia, &tt_root, &st), 0);
	assert_int_equal(kernfs_vfs_getattr(ino, &st, NULL), 0);
	assert_int_equal(st.st_size, 100);
	tt_put(ino);
	{
		g_autofree char *t = tt_read(m, "trace");

		assert_non_null(strstr(t, "tracing_mark_write: x"));
	}
	/* xattrs: EOPNOTSUPP, empty list */
	assert_int_equal(tt_lookup(m, "trace", &ino), 0);
	assert_int_equal(kernfs_vfs_setxattr(ino, "user.a", "1", 1, 0,
					     &tt_root), -EOPNOTSUPP);
	assert_int_equal(kernfs_vfs_listxattr(ino, NULL, 0, &tt_root), 0);
	tt_put(ino);
	/* st_size 0, dir modes 0750, eventfs nlink 1 */
	assert_int_equal(tt_stat(m, "options", &st), 0);
	assert_int_equal(st.st_mode, S_IFDIR | 0750);
	assert_int_equal(tt_stat(m, "events/sched", &st), 0);
	if (tt_design() == TFM_DESIGN_TEMPLATE)
		assert_int_equal(st.st_nlink, 1);
	assert_int_equal(tt_stat(m, "tracing_on", &st), 0);
	assert_int_equal(st.st_size, 0);
	tfm_model_free(m);
}

/* §3.1: dynamic inheritance outside events/. */
static void test_3_1_dynamic_owner(void **state)
{
	struct tfm_model *m = tt_model();
	gid_t g;

	assert_int_equal(tt_mkdir(m, "instances", "kfspec1"), 0);
	assert_int_equal(tt_chown(m, "instances", 777, 778), 0);
	assert_int_equal(owner(m, "instances/kfspec1", &g), 777);
	assert_int_equal(g, 778);
	assert_int_equal(owner(m, "instances/kfspec1/trace", NULL), 777);
	assert_int_equal(owner(m, "instances/kfspec1/options/overwrite", NULL),
			 777);
	/* eventfs did not follow */
	assert_int_equal(owner(m, "instances/kfspec1/events/sched/enable",
			       NULL), 0);
	assert_int_equal(tt_chown(m, "", 0, 999), 0);
	assert_int_equal(owner(m, "trace", &g), 0);
	assert_int_equal(g, 999);
	assert_int_equal(owner(m, "options/overwrite", &g), 0);
	assert_int_equal(g, 999);
	assert_int_equal(owner(m, "instances/kfspec1/trace", &g), 777);
	assert_int_equal(g, 778);
	assert_int_equal(owner(m, "events", &g), 0);
	assert_int_equal(g, 0);
	/* chown of an instance dir changes only that dir */
	assert_int_equal(tt_chown(m, "instances/kfspec1", 50, 51), 0);
	assert_int_equal(owner(m, "instances/kfspec1", NULL), 50);
	assert_int_equal(owner(m, "instances/kfspec1/trace", NULL), 777);
	tfm_model_free(m);
}

/* §3.2: eventfs saved attributes, not inherited. */
static void test_3_2_eventfs_owner(void **state)
{
	struct tfm_model *m = tt_model();
	struct stat st;

	assert_int_equal(tt_chown(m, "events/sched", 4000, 4001), 0);
	assert_int_equal(owner(m, "events/sched", NULL), 4000);
	assert_int_equal(owner(m, "events/sched/enable", NULL), 0);
	assert_int_equal(owner(m, "events/sched/sched_switch", NULL), 0);
	assert_int_equal(tt_chown(m, "events", 2000, 2001), 0);
	assert_int_equal(owner(m, "events/irq/enable", NULL), 0);
	assert_int_equal(tt_chmod(m, "events/sched/sched_switch/enable", 0600),
			 0);
	assert_int_equal(tt_chown(m, "events/sched/sched_switch/enable", 3000,
				  3000), 0);
	/* survives eviction: every lookup above was forgotten */
	assert_int_equal(tt_stat(m, "events/sched/sched_switch/enable", &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(st.st_uid, 3000);
	/* an instance made after a root chown gets that owner in events/ */
	assert_int_equal(tt_chown(m, "", 10, 11), 0);
	assert_int_equal(tt_mkdir(m, "instances", "late"), 0);
	assert_int_equal(owner(m, "instances/late/events/sched/enable", NULL),
			 10);
	assert_int_equal(owner(m, "events/sched/enable", NULL), 0);
	tfm_model_free(m);
}

/* §3.3: after a remount with uid/gid everything reports them. */
static void test_3_3_remount_all(void **state)
{
	struct tfm_model *m = tt_model();

	assert_int_equal(tt_chown(m, "instances", 7, 7), 0);
	assert_int_equal(tt_mkdir(m, "instances", "i"), 0);
	assert_int_equal(tfm_model_remount(m, "gid=42,uid=41", NULL), 0);
	assert_int_equal(owner(m, "instances", NULL), 41);
	assert_int_equal(owner(m, "instances/i/trace", NULL), 41);
	assert_int_equal(owner(m, "instances/i/events/ftrace/print/format",
			       NULL), 41);
	tfm_model_free(m);
}

/* §4: per_cpu follows the CPU count; instance file set. */
static void test_4_layout(void **state)
{
	struct tfm_model *m = tt_model_opts(NULL, 3);
	struct stat st;

	assert_int_equal(tt_stat(m, "per_cpu/cpu2/trace_pipe_raw", &st), 0);
	assert_int_equal(st.st_mode, S_IFREG | 0440);
	assert_int_equal(tt_stat(m, "per_cpu/cpu3", &st), -ENOENT);
	assert_int_equal(tt_stat(m, "trace_marker", &st), 0);
	assert_int_equal(st.st_mode, S_IFREG | 0220);
	assert_int_equal(tt_mkdir(m, "instances", "i"), 0);
	assert_int_equal(tt_stat(m, "instances/i/README", &st), -ENOENT);
	assert_int_equal(tt_stat(m, "instances/i/options/record-cmd", &st),
			 -ENOENT);
	assert_int_equal(tt_stat(m, "events/ftrace/bprint/format", &st), 0);
	assert_int_equal(tt_stat(m, "events/ftrace/bprint/enable", &st), -ENOENT);
	assert_int_equal(tt_stat(m, "events/ftrace/print/trigger", &st), 0);
	assert_int_equal(tt_stat(m, "events/ftrace/enable", &st), -ENOENT);
	tt_assert_read(m, "tracing_cpumask", "7\n");
	tfm_model_free(m);
}

/* §5.1/§5.4: an unvisited event costs nothing in the template design. */
static void test_5_1_lazy(void **state)
{
	struct tfm_model *m = tt_model();
	struct tfm_model_stats a, b;
	struct stat st;

	tfm_model_stats(m, &a);
	assert_int_equal(tt_stat(m, "events/sched/sched_switch/enable", &st), 0);
	tfm_model_stats(m, &b);
	if (tt_design() == TFM_DESIGN_TEMPLATE) {
		assert_true(a.kernfs.nr_files + a.kernfs.nr_dirs < 200);
		assert_int_equal(b.kernfs.nr_tmpl_children, 0); /* evicted */
	} else {
		assert_true(a.kernfs.nr_files > 11000);
	}
	assert_int_equal(a.nr_event_states, 0);
	tfm_model_free(m);
}

/* §5.3: lookup of names a directory does not have. */
static void test_5_3_lookup(void **state)
{
	struct tfm_model *m = tt_model();
	struct stat st;

	assert_int_equal(tt_stat(m, "events/nosuch", &st), -ENOENT);
	assert_int_equal(tt_stat(m, "events/sched/nosuch", &st), -ENOENT);
	assert_int_equal(tt_stat(m, "events/sched/sched_switch/hist", &st),
			 -ENOENT);
	assert_int_equal(tt_stat(m, "events/header_page", &st), 0);
	assert_int_equal(st.st_mode, S_IFREG | 0440);
	tfm_model_free(m);
}

static int count_cb(void *ctx, const char *name, size_t len, uint64_t ino,
		    unsigned int type, loff_t next)
{
	GPtrArray *v = ctx;

	g_ptr_array_add(v, g_strndup(name, len));
	return 0;
}

/* §5.5: readdir orders of eventfs. */
static void test_5_5_readdir(void **state)
{
	struct tfm_model *m = tt_model();
	g_autoptr(GPtrArray) v = g_ptr_array_new_with_free_func(g_free);
	struct kernfs_inode *ino = NULL;
	struct kernfs_vfs_dir *d;

	assert_int_equal(tt_lookup(m, "events", &ino), 0);
	assert_int_equal(kernfs_vfs_opendir(ino, &tt_root, &d), 0);
	kernfs_vfs_readdir(d, 0, count_cb, v);
	kernfs_vfs_releasedir(d);
	tt_put(ino);
	assert_int_equal(v->len, 2 + 3 + 102);
	if (tt_design() == TFM_DESIGN_TEMPLATE) {
		assert_string_equal(v->pdata[2], "enable");
		assert_string_equal(v->pdata[3], "header_page");
		assert_string_equal(v->pdata[4], "header_event");
		assert_string_equal(v->pdata[5], "initcall");
	}
	tfm_model_free(m);
}

/* §5.6 + §6: files of a removed instance. */
static void test_5_6_removed_open(void **state)
{
	struct tfm_model *m = tt_model();
	struct tt_file fmt, trig, opt;
	char buf[64];

	assert_int_equal(tt_mkdir(m, "instances", "r"), 0);
	assert_int_equal(tt_open(m, "instances/r/events/sched/sched_switch/format",
				 O_RDONLY, &fmt), 0);
	assert_int_equal(tt_open(m, "instances/r/events/sched/sched_switch/trigger",
				 O_RDONLY, &trig), 0);
	assert_int_equal(tt_open(m, "instances/r/options/overwrite", O_RDONLY,
				 &opt), 0);
	assert_int_equal(tt_rmdir(m, "instances", "r"), 0);
	assert_int_equal(tt_fread(&fmt, buf, sizeof(buf)), -ENODEV);
	assert_int_equal(tt_fread(&trig, buf, sizeof(buf)), -ENODEV);
	tt_close(&fmt);
	tt_close(&trig);
	tt_close(&opt);
	tfm_model_free(m);
}

/* §6: mkdir/rmdir rules. */
static void test_6_instances(void **state)
{
	struct tfm_model *m = tt_model();
	char longname[257];
	struct stat st;

	assert_int_equal(tt_mkdir(m, "instances", "a b\n:*?%"), 0);
	assert_int_equal(tt_mkdir(m, "instances", "a b\n:*?%"), -EEXIST);
	memset(longname, 'n', 256);
	longname[256] = '\0';
	assert_int_equal(tt_mkdir(m, "instances", longname), -ENAMETOOLONG);
	longname[255] = '\0';
	assert_int_equal(tt_mkdir(m, "instances", longname), 0);
	assert_int_equal(tt_mkdir(m, "", "x"), -EPERM);
	assert_int_equal(tt_mkdir(m, "options", "x"), -EPERM);
	assert_int_equal(tt_mkdir(m, "events", "x"), -EPERM);
	assert_int_equal(tt_mkdir(m, "events/sched", "x"), -EPERM);
	assert_int_equal(tt_mkdir(m, "instances/a b\n:*?%", "x"), -EPERM);
	assert_int_equal(tt_stat(m, "instances/a b\n:*?%", &st), 0);
	assert_int_equal(st.st_mode, S_IFDIR | 0750);
	assert_int_equal(tt_rmdir(m, "instances", "nosuch"), -ENOENT);
	assert_int_equal(tt_rmdir(m, "", "instances"), -EPERM);
	assert_int_equal(tt_rmdir(m, "", "per_cpu"), -EPERM);
	assert_int_equal(tt_rmdir(m, "per_cpu", "cpu0"), -EPERM);
	assert_int_equal(tt_rmdir(m, "events", "sched"), -EPERM);
	assert_int_equal(tt_rmdir(m, "instances/a b\n:*?%", "events"), -EPERM);
	assert_int_equal(tt_rmdir(m, "", "trace"), -ENOTDIR);
	assert_int_equal(tt_rmdir(m, "instances", "a b\n:*?%"), 0);
	assert_int_equal(tt_stat(m, "instances/a b\n:*?%", &st), -ENOENT);
	tfm_model_free(m);
}

/* §6: which open files block rmdir (EBUSY) and which do not. */
static void test_6_ebusy(void **state)
{
	static const char *const busy[] = {
		"trace", "trace_pipe", "tracing_on", "buffer_size_kb",
		"error_log", "set_event", "trace_marker", "per_cpu/cpu0/trace",
		"events/enable", "events/sched/enable", "events/sched/filter",
		"events/sched/sched_switch/enable",
		"events/sched/sched_switch/filter", "events/header_page",
	};
	static const char *const free_[] = {
		"options/overwrite", "events/sched/sched_switch/format",
		"events/sched/sched_switch/id",
		"events/sched/sched_switch/trigger",
	};
	struct tfm_model *m = tt_model();
	struct tt_file f;

	for (size_t i = 0; i < G_N_ELEMENTS(busy); i++) {
		g_autofree char *p = g_strdup_printf("instances/b/%s", busy[i]);
		int fl = strstr(busy[i], "marker") ? O_WRONLY : O_RDONLY;

		assert_int_equal(tt_mkdir(m, "instances", "b"), 0);
		assert_int_equal(tt_open(m, p, fl, &f), 0);
		assert_int_equal(tt_rmdir(m, "instances", "b"), -EBUSY);
		tt_close(&f);
		assert_int_equal(tt_rmdir(m, "instances", "b"), 0);
	}
	for (size_t i = 0; i < G_N_ELEMENTS(free_); i++) {
		g_autofree char *p = g_strdup_printf("instances/b/%s", free_[i]);

		assert_int_equal(tt_mkdir(m, "instances", "b"), 0);
		assert_int_equal(tt_open(m, p, O_RDONLY, &f), 0);
		assert_int_equal(tt_rmdir(m, "instances", "b"), 0);
		tt_close(&f);
	}
	/* enabled events and triggers do not block; a new one is fresh */
	assert_int_equal(tt_mkdir(m, "instances", "b"), 0);
	assert_int_equal(tt_write(m, "instances/b/events/sched/sched_switch/enable",
				  "1"), 1);
	assert_int_equal(tt_write(m, "instances/b/events/sched/sched_switch/trigger",
				  "traceoff"), 8);
	assert_int_equal(tt_rmdir(m, "instances", "b"), 0);
	assert_int_equal(tt_mkdir(m, "instances", "b"), 0);
	tt_assert_read(m, "instances/b/events/sched/sched_switch/enable", "0\n");
	tt_assert_read(m, "instances/b/set_event", "");
	tfm_model_free(m);
}

/* §6: rename -> EPERM. */
static void test_6_rename(void **state)
{
	struct tfm_model *m = tt_model();
	struct kernfs_inode *d = NULL;

	assert_int_equal(tt_mkdir(m, "instances", "x"), 0);
	assert_int_equal(tt_lookup(m, "instances", &d), 0);
	assert_int_equal(kernfs_vfs_rename(d, "x", d, "y", 0, &tt_root), -EPERM);
	tt_put(d);
	tfm_model_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_1_1_show_options),
		cmocka_unit_test(test_1_2_options),
		cmocka_unit_test(test_1_3_remount),
		cmocka_unit_test(test_2_generic),
		cmocka_unit_test(test_3_1_dynamic_owner),
		cmocka_unit_test(test_3_2_eventfs_owner),
		cmocka_unit_test(test_3_3_remount_all),
		cmocka_unit_test(test_4_layout),
		cmocka_unit_test(test_5_1_lazy),
		cmocka_unit_test(test_5_3_lookup),
		cmocka_unit_test(test_5_5_readdir),
		cmocka_unit_test(test_5_6_removed_open),
		cmocka_unit_test(test_6_instances),
		cmocka_unit_test(test_6_ebusy),
		cmocka_unit_test(test_6_rename),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
