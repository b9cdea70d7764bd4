// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-model-layout - the model's tree against the Linux 6.18 capture:
 * every path, type and mode of layout.tsv and of a new instance, every
 * format and id, every captured top-level default content (tracefs.md §4,
 * §7.6, §7.7, §7.9, §8).
 */
#include "tfm-test.h"

struct names {
	GPtrArray *v;
};

static int collect(void *ctx, const char *name, size_t len, uint64_t ino,
		   unsigned int type, loff_t next)
{
	struct names *n = ctx;

	if ((len == 1 && name[0] == '.') ||
	    (len == 2 && name[0] == '.' && name[1] == '.'))
		return 0;
	g_ptr_array_add(n->v, g_strndup(name, len));
	return 0;
}

/* Append "path\ttype\tmode\tuid\tgid" for @dir's subtree to @out. */
static void walk(struct kernfs_inode *dir, const char *path, GPtrArray *out)
{
	struct names n = { g_ptr_array_new_with_free_func(g_free) };
	struct kernfs_vfs_dir *d;

	assert_int_equal(kernfs_vfs_opendir(dir, &tt_root, &d), 0);
	assert_int_equal(kernfs_vfs_readdir(d, 0, collect, &n), 0);
	kernfs_vfs_releasedir(d);
	for (guint i = 0; i < n.v->len; i++) {
		const char *name = n.v->pdata[i];
		g_autofree char *sub = *path ? g_strdup_printf("%s/%s", path, name)
					     : g_strdup(name);
		struct kernfs_inode *child;
		struct stat st;

		assert_int_equal(kernfs_vfs_lookup(dir, name, &tt_root, &child,
						   &st), 0);
		g_ptr_array_add(out, g_strdup_printf("%s\t%c\t%#o\t%u\t%u", sub,
				S_ISDIR(st.st_mode) ? 'd' : 'f',
				st.st_mode & 07777, st.st_uid, st.st_gid));
		if (S_ISDIR(st.st_mode))
			walk(child, sub, out);
		kernfs_vfs_forget(child, 1);
	}
	g_ptr_array_unref(n.v);
}

static gint cmp_str(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The capture's rows, with the owner replaced by @uid/@gid. */
static GPtrArray *fixture_rows(const char *file, uid_t uid, gid_t gid)
{
	g_autofree char *text = tt_fixture(file, NULL);
	g_auto(GStrv) lines = NULL;
	GPtrArray *rows = g_ptr_array_new_with_free_func(g_free);

	assert_non_null(text);
	lines = g_strsplit(text, "\n", -1);
	for (int i = 0; lines[i]; i++) {
		g_auto(GStrv) f = g_strsplit(lines[i], "\t", -1);
		unsigned int mode;

		if (g_strv_length(f) != 5 || !strcmp(f[0], "."))
			continue;
		mode = (unsigned int)strtoul(f[2], NULL, 8);
		g_ptr_array_add(rows, g_strdup_printf("%s\t%s\t%#o\t%u\t%u",
				f[0], f[1], mode, uid, gid));
	}
	return rows;
}

static void compare(GPtrArray *got, GPtrArray *want)
{
	g_ptr_array_sort(got, cmp_str);
	g_ptr_array_sort(want, cmp_str);
	for (guint i = 0; i < got->len && i < want->len; i++)
		assert_string_equal(got->pdata[i], want->pdata[i]);
	assert_int_equal(got->len, want->len);
}

static void test_layout_top(void **state)
{
	struct tfm_model *m = tt_model_opts("uid=1234,gid=1235", 2);
	g_autoptr(GPtrArray) got = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GPtrArray) want = fixture_rows("layout.tsv", 1234, 1235);
	struct stat st;

	walk(tt_rootino(m), "", got);
	compare(got, want);
	assert_int_equal(got->len, 14268);	/* 14269 rows minus "." */
	assert_int_equal(tt_stat(m, "", &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	tfm_model_free(m);
}

static void test_layout_instance(void **state)
{
	struct tfm_model *m = tt_model();
	g_autoptr(GPtrArray) got = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GPtrArray) want = fixture_rows(
		"instance-probe_demo.layout.tsv", 0, 0);
	struct kernfs_inode *ino = NULL;
	struct stat st;

	assert_int_equal(tt_mkdir(m, "instances", "probe_demo"), 0);
	assert_int_equal(tt_lookup_as(m, "instances/probe_demo", &tt_root,
				      &ino, &st), 0);
	assert_int_equal(st.st_mode, S_IFDIR | 0750);
	walk(ino, "", got);
	tt_put(ino);
	compare(got, want);
	assert_int_equal(got->len, 14246);
	tfm_model_free(m);
}

/* An independent reader of events.catalog: (system, event, id, format). */
static void check_formats(struct tfm_model *m, const char *prefix)
{
	g_autofree char *text = tt_fixture("events.catalog", NULL);
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	size_t nr = 0;

	for (int i = 0; lines[i]; i++) {
		g_auto(GStrv) f = NULL;
		g_autofree char *path = NULL, *got = NULL, *idp = NULL;
		GString *fmt;
		const char *id;
		int n = 0;

		if (strncmp(lines[i], "event ", 6))
			continue;
		f = g_strsplit(lines[i], " ", -1);
		id = f[3] + 3;
		for (int k = 0; f[k]; k++)
			if (!strncmp(f[k], "lines=", 6))
				n = atoi(f[k] + 6);
		fmt = g_string_new(NULL);
		for (int k = 1; k <= n; k++)
			g_string_append_printf(fmt, "%s\n", lines[i + k]);
		i += n + 1;
		path = g_strdup_printf("%sevents/%s/%s/format", prefix, f[1], f[2]);
		got = tt_read(m, path);
		assert_non_null(got);
		assert_string_equal(got, fmt->str);
		g_string_free(fmt, TRUE);
		idp = g_strdup_printf("%sevents/%s/%s/id", prefix, f[1], f[2]);
		if (strcmp(id, "-")) {
			g_autofree char *want = g_strdup_printf("%s\n", id);
			g_autofree char *gid = tt_read(m, idp);

			assert_non_null(gid);
			assert_string_equal(gid, want);
		} else {
			struct kernfs_inode *ino = NULL;

			assert_int_equal(tt_lookup(m, idp, &ino), -ENOENT);
		}
		nr++;
	}
	assert_int_equal(nr, 2323);
}

static void test_formats_and_ids(void **state)
{
	struct tfm_model *m = tt_model();

	check_formats(m, "");
	assert_int_equal(tt_mkdir(m, "instances", "x"), 0);
	check_formats(m, "instances/x/");
	tfm_model_free(m);
}

/* Every "captured" row of an index is byte-identical in the model. */
static void check_index(struct tfm_model *m, const char *index,
			const char *dir, const char *prefix)
{
	g_autofree char *text = tt_fixture(index, NULL);
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	int checked = 0;

	for (int i = 0; lines[i]; i++) {
		g_auto(GStrv) f = g_strsplit(lines[i], "\t", -1);
		g_autofree char *rel = NULL, *want = NULL, *path = NULL;
		g_autofree char *got = NULL;
		gsize len = 0;

		if (g_strv_length(f) < 3 || lines[i][0] == '#')
			continue;
		if (!strcmp(f[2], "captured"))
			rel = g_strdup_printf("%s/%s", dir, f[0]);
		else if (!strcmp(f[2], "captured-head12"))
			rel = g_strdup_printf("%s/%s.head12", dir, f[0]);
		else
			continue;
		want = tt_fixture(rel, &len);
		assert_non_null(want);
		path = g_strdup_printf("%s%s", prefix, f[0]);
		got = tt_read(m, path);
		assert_non_null(got);
		assert_int_equal(strlen(got), len);
		assert_memory_equal(got, want, len);
		checked++;
	}
	assert_true(checked > 0);
}

static void test_top_defaults(void **state)
{
	struct tfm_model *m = tt_model();
	struct tt_file f;

	/*
	 * The capture was taken after free_buffer had been closed once
	 * (data/linux-6.18/README.md): do the same, then compare.
	 */
	assert_int_equal(tt_open(m, "free_buffer", O_WRONLY, &f), 0);
	tt_close(&f);
	check_index(m, "top-level.tsv", "top-level", "");
	check_index(m, "top-level-options.tsv", "top-level/options", "options/");
	check_index(m, "top-level-per_cpu-cpu0.tsv", "top-level/per_cpu-cpu0",
		    "per_cpu/cpu0/");
	tt_assert_read(m, "events/enable", "0\n");
	tfm_model_free(m);
}

static void test_instance_defaults(void **state)
{
	struct tfm_model *m = tt_model();

	assert_int_equal(tt_mkdir(m, "instances", "probe_demo"), 0);
	check_index(m, "instance-probe_demo.tsv", "instance-probe_demo",
		    "instances/probe_demo/");
	check_index(m, "instance-probe_demo-options.tsv",
		    "instance-probe_demo/options", "instances/probe_demo/options/");
	tfm_model_free(m);
}

/* events/ readdir orders (§5.5) and the sample event directory. */
static void test_event_dir_samples(void **state)
{
	struct tfm_model *m = tt_model();
	static const char *const files[] = { "enable", "filter", "format", "id",
					     "trigger" };
	struct names n = { g_ptr_array_new_with_free_func(g_free) };
	struct kernfs_inode *ino = NULL;
	struct kernfs_vfs_dir *d;

	for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
		g_autofree char *rel = g_strdup_printf(
			"sample-event-sched_switch/%s", files[i]);
		g_autofree char *path = g_strdup_printf(
			"events/sched/sched_switch/%s", files[i]);
		g_autofree char *want = tt_fixture(rel, NULL);

		tt_assert_read(m, path, want);
	}
	assert_int_equal(tt_lookup(m, "events/sched/sched_switch", &ino), 0);
	assert_int_equal(kernfs_vfs_opendir(ino, &tt_root, &d), 0);
	kernfs_vfs_readdir(d, 0, collect, &n);
	kernfs_vfs_releasedir(d);
	tt_put(ino);
	assert_int_equal(n.v->len, 5);
	if (tt_design() == TFM_DESIGN_TEMPLATE) {
		/* eventfs order: the entries array */
		assert_string_equal(n.v->pdata[0], "enable");
		assert_string_equal(n.v->pdata[1], "filter");
		assert_string_equal(n.v->pdata[2], "trigger");
		assert_string_equal(n.v->pdata[3], "format");
		assert_string_equal(n.v->pdata[4], "id");
	}
	g_ptr_array_unref(n.v);
	tfm_model_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_top),
		cmocka_unit_test(test_layout_instance),
		cmocka_unit_test(test_formats_and_ids),
		cmocka_unit_test(test_top_defaults),
		cmocka_unit_test(test_instance_defaults),
		cmocka_unit_test(test_event_dir_samples),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
