// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-accounting.c - spec/kernfs.md §1.3/§1.4: what is allocated when,
 * as kernfs_root_stats() reports it; every count and the byte total go
 * back to the baseline after remove / forget / release.
 */
#include "kfs-test.h"

KT_ROOT_FIXTURE

static int show(struct seq_file *sf, void *v)
{
	for (int i = 0; i < 600; i++)
		seq_puts(sf, "0123456789");
	return 0;
}

static const struct kernfs_ops seq_ops = { .seq_show = show };

static void assert_same(struct kernfs_root_stats a, struct kernfs_root_stats b)
{
	assert_int_equal(a.nr_dirs, b.nr_dirs);
	assert_int_equal(a.nr_files, b.nr_files);
	assert_int_equal(a.nr_links, b.nr_links);
	assert_int_equal(a.nr_tmpl_children, b.nr_tmpl_children);
	assert_int_equal(a.nr_iattrs, b.nr_iattrs);
	assert_int_equal(a.nr_inodes, b.nr_inodes);
	assert_int_equal(a.nr_open_files, b.nr_open_files);
	assert_int_equal(a.nr_saved_attrs, b.nr_saved_attrs);
	assert_int_equal(a.bytes, b.bytes);
}

/* A fresh root: one directory, nothing else. */
static void test_fresh_root(void **state)
{
	struct kernfs_root_stats st = kt_stats(root);

	assert_int_equal(st.nr_dirs, 1);
	assert_int_equal(st.nr_files, 0);
	assert_int_equal(st.nr_links, 0);
	assert_int_equal(st.nr_tmpl_children, 0);
	assert_int_equal(st.nr_iattrs, 0);
	assert_int_equal(st.nr_open_files, 0);
	assert_int_equal(st.nr_saved_attrs, 0);
	assert_true(st.bytes > 0);
}

/* Node counts by type; removal returns to the baseline exactly. */
static void test_nodes(void **state)
{
	struct kernfs_root_stats s0 = kt_stats(root), s1;
	struct kernfs_node *d = kt_dir(rn, "d");

	kt_dir(d, "e");
	kt_file(d, "f", 0444, &seq_ops, NULL);
	kt_file(d, "g", 0444, &seq_ops, NULL);
	KT_OK(kernfs_create_link(d, "l", rn));
	s1 = kt_stats(root);
	assert_int_equal(s1.nr_dirs, s0.nr_dirs + 2);
	assert_int_equal(s1.nr_files, s0.nr_files + 2);
	assert_int_equal(s1.nr_links, 1);
	assert_true(s1.bytes > s0.bytes);
	kernfs_remove(d);
	assert_same(kt_stats(root), s0);
}

/* Names are copied: a long name costs more than a short one. */
static void test_name_bytes(void **state)
{
	struct kernfs_root_stats s0 = kt_stats(root), s1, s2;
	char longname[201];

	memset(longname, 'n', 200);
	longname[200] = '\0';
	kt_dir(rn, "s");
	s1 = kt_stats(root);
	kt_dir(rn, longname);
	s2 = kt_stats(root);
	assert_true(s2.bytes - s1.bytes >= s1.bytes - s0.bytes + 190);
	assert_int_equal(kernfs_remove_by_name(rn, longname), 0);
	assert_int_equal(kernfs_remove_by_name(rn, "s"), 0);
	assert_same(kt_stats(root), s0);
}

/* Inodes: lookup adds one, forget frees it. */
static void test_inodes(void **state)
{
	struct kernfs_root_stats s0, s1;
	struct kernfs_inode *fi;

	kt_file(rn, "f", 0444, &seq_ops, NULL);
	s0 = kt_stats(root);
	fi = kt_lookup(kernfs_vfs_root(root), "f");
	s1 = kt_stats(root);
	assert_int_equal(s1.nr_inodes, s0.nr_inodes + 1);
	assert_true(s1.bytes > s0.bytes);
	kernfs_vfs_forget(fi, 1);
	assert_same(kt_stats(root), s0);
}

/* Open files and the seq buffer (on first read) go at release. */
static void test_open_files(void **state)
{
	struct kernfs_root_stats s0, s1, s2;
	struct kernfs_inode *fi;
	struct kernfs_vfs_file *a, *b;
	struct kernfs_vfs_dir *d;
	char buf[16];

	kt_file(rn, "f", 0444, &seq_ops, NULL);
	fi = kt_lookup(kernfs_vfs_root(root), "f");
	s0 = kt_stats(root);
	a = kt_open(fi, O_RDONLY);
	b = kt_open(fi, O_RDONLY);
	s1 = kt_stats(root);
	assert_int_equal(s1.nr_open_files, s0.nr_open_files + 2);
	assert_int_equal(kernfs_vfs_read(a, buf, sizeof(buf), 0, &kt_root), 16);
	s2 = kt_stats(root);
	/* the 6000-byte record needs an 8192-byte buffer */
	assert_true(s2.bytes >= s1.bytes + 8192);
	assert_int_equal(kernfs_vfs_opendir(kernfs_vfs_root(root), &kt_root,
					    &d), 0);
	assert_int_equal(kt_stats(root).nr_open_files, s0.nr_open_files + 3);
	kernfs_vfs_releasedir(d);
	kernfs_vfs_release(a);
	kernfs_vfs_release(b);
	assert_same(kt_stats(root), s0);
	kernfs_vfs_forget(fi, 1);
}

/* Removal while open: the counts drop when the last holder goes. */
static void test_remove_while_open(void **state)
{
	struct kernfs_root_stats s0 = kt_stats(root);
	struct kernfs_node *kn = kt_file(rn, "f", 0444, &seq_ops, NULL);
	struct kernfs_inode *fi = kt_lookup(kernfs_vfs_root(root), "f");
	struct kernfs_vfs_file *a = kt_open(fi, O_RDONLY);
	struct iattr ia = { .ia_valid = ATTR_MODE, .ia_mode = S_IFREG | 0400 };
	char buf[16];

	assert_int_equal(kernfs_setattr(kn, &ia), 0);
	assert_int_equal(kernfs_xattr_set(kn, "trusted.x", "abc", 3, 0), 0);
	assert_int_equal(kernfs_vfs_read(a, buf, sizeof(buf), 0, &kt_root), 16);
	kernfs_remove(kn);
	kernfs_vfs_release(a);
	kernfs_vfs_forget(fi, 1);
	assert_same(kt_stats(root), s0);
}

/* iattrs and xattrs are counted and freed with the node. */
static void test_iattrs_bytes(void **state)
{
	struct kernfs_root_stats s0 = kt_stats(root), s1, s2;
	struct kernfs_node *kn = kt_dir(rn, "d");
	struct iattr ia = { .ia_valid = ATTR_UID, .ia_uid = 1 };

	s1 = kt_stats(root);
	assert_int_equal(kernfs_setattr(kn, &ia), 0);
	s2 = kt_stats(root);
	assert_int_equal(s2.nr_iattrs, s1.nr_iattrs + 1);
	assert_true(s2.bytes > s1.bytes);
	assert_int_equal(kernfs_xattr_set(kn, "security.x", "abc", 3, 0), 0);
	assert_true(kt_stats(root).bytes > s2.bytes);
	assert_int_equal(kernfs_xattr_set(kn, "security.x", NULL, 0, 0), 0);
	assert_int_equal(kt_stats(root).bytes, s2.bytes);
	kernfs_remove(kn);
	assert_same(kt_stats(root), s0);
}

/* A held reference keeps the memory until the last put. */
static void test_held_reference(void **state)
{
	struct kernfs_root_stats s0 = kt_stats(root);
	struct kernfs_node *kn = kt_dir(rn, "d");

	kernfs_get(kn);
	kernfs_remove(kn);
	assert_true(kt_stats(root).bytes > s0.bytes);
	kernfs_put(kn);
	assert_same(kt_stats(root), s0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fresh_root, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nodes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_name_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inodes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remove_while_open, setup, teardown),
		cmocka_unit_test_setup_teardown(test_iattrs_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_held_reference, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
