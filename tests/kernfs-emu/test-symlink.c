// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-symlink.c - spec/kernfs.md §9 (symlinks: target path relative to
 * the link's parent, as kernfs_get_target_path builds it) and §2.4 (path
 * helpers: kernfs_name, kernfs_path_from_node, kernfs_get_parent).
 */
#include "kfs-test.h"

static struct kernfs_root *root;
static struct kernfs_node *rn, *a, *b, *x, *y;

static int setup(void **state)
{
	root = kernfs_create_root(NULL, 0, NULL);
	rn = kernfs_root_to_node(root);
	a = kt_dir(rn, "a");
	b = kt_dir(a, "b");
	x = kt_dir(rn, "x");
	y = kt_file(x, "y", 0444, NULL, NULL);
	return 0;
}

static int teardown(void **state)
{
	kernfs_destroy_root(root);
	return 0;
}

static void expect_link(const char *path, const char *want)
{
	struct kernfs_inode *ino = kt_walk(root, path);
	char buf[256];
	int n;

	memset(buf, 'Z', sizeof(buf));
	n = kernfs_vfs_readlink(ino, buf, sizeof(buf));
	assert_int_equal(n, (int)strlen(want));
	assert_memory_equal(buf, want, strlen(want));
	kernfs_vfs_forget(ino, 1);
}

/* §9: "../../x/y" from a/b to x/y; other shapes. */
static void test_readlink_paths(void **state)
{
	struct kernfs_node *l = KT_OK(kernfs_create_link(b, "l", y));

	assert_int_equal(l->mode, S_IFLNK | 0777);
	assert_ptr_equal(l->symlink.target_kn, y);
	expect_link("a/b/l", "../../x/y");
	KT_OK(kernfs_create_link(x, "same", y));
	expect_link("x/same", "y");
	KT_OK(kernfs_create_link(rn, "top", y));
	expect_link("top", "x/y");
	KT_OK(kernfs_create_link(a, "down", b));
	expect_link("a/down", "b");
	/* an ancestor is reached by going up to the root first */
	KT_OK(kernfs_create_link(b, "up", a));
	expect_link("a/b/up", "../../a");
}

/* §9: readlink(2) truncates silently; non-links are EINVAL. */
static void test_readlink_truncation_and_einval(void **state)
{
	struct kernfs_inode *ino, *fi;
	char buf[8];

	KT_OK(kernfs_create_link(b, "l", y));
	ino = kt_walk(root, "a/b/l");
	assert_int_equal(kernfs_vfs_readlink(ino, buf, 4), 4);
	assert_memory_equal(buf, "../.", 4);
	kernfs_vfs_forget(ino, 1);
	fi = kt_walk(root, "x/y");
	assert_int_equal(kernfs_vfs_readlink(fi, buf, sizeof(buf)), -EINVAL);
	kernfs_vfs_forget(fi, 1);
}

/* §9: a removed target still resolves; the link holds it in memory. */
static void test_removed_target_resolves(void **state)
{
	struct kernfs_node *l = KT_OK(kernfs_create_link(b, "l", y));
	struct kernfs_inode *li;
	struct kernfs_root_stats st;

	kernfs_remove(x);
	assert_null(kernfs_find_and_get(rn, "x"));
	expect_link("a/b/l", "../../x/y");
	li = kt_walk(root, "a/b/l");
	assert_int_equal(kt_stat(li).st_mode, S_IFLNK | 0777);
	/* §9: link inodes report size 0 and nlink 1 */
	assert_int_equal(kt_stat(li).st_size, 0);
	assert_int_equal(kt_stat(li).st_nlink, 1);
	kernfs_vfs_forget(li, 1);
	st = kt_stats(root);
	/* x and y stay allocated (the link holds y, y holds x) */
	assert_int_equal(st.nr_links, 1);
	kernfs_remove(l);
	st = kt_stats(root);
	assert_int_equal(st.nr_links, 0);
	assert_int_equal(st.nr_files, 0);
	assert_int_equal(st.nr_dirs, 3);
}

/* §2.4: kernfs_name. */
static void test_kernfs_name(void **state)
{
	char buf[32];

	assert_int_equal(kernfs_name(rn, buf, sizeof(buf)), 1);
	assert_string_equal(buf, "/");
	assert_int_equal(kernfs_name(NULL, buf, sizeof(buf)), 6);
	assert_string_equal(buf, "(null)");
	assert_int_equal(kernfs_name(b, buf, sizeof(buf)), 1);
	assert_string_equal(buf, "b");
}

/* §2.4: kernfs_path_from_node and kernfs_path. */
static void test_path_from_node(void **state)
{
	struct kernfs_root *other = kernfs_create_root(NULL, 0, NULL);
	char buf[64];

	assert_int_equal(kernfs_path(b, buf, sizeof(buf)), 4);
	assert_string_equal(buf, "/a/b");
	assert_int_equal(kernfs_path(rn, buf, sizeof(buf)), 1);
	assert_string_equal(buf, "/");
	assert_int_equal(kernfs_path_from_node(y, b, buf, sizeof(buf)), 10);
	assert_string_equal(buf, "/../../x/y");
	assert_int_equal(kernfs_path_from_node(b, b, buf, sizeof(buf)), 1);
	assert_string_equal(buf, "/");
	assert_int_equal(kernfs_path_from_node(b, a, buf, sizeof(buf)), 2);
	assert_string_equal(buf, "/b");
	assert_int_equal(kernfs_path_from_node(y, kernfs_root_to_node(other),
					       buf, sizeof(buf)), -EINVAL);
	assert_int_equal(kernfs_path_from_node(y, b, NULL, 0), -EINVAL);
	kernfs_destroy_root(other);
}

/* §2.4: kernfs_get_parent takes a reference; the root has none. */
static void test_get_parent(void **state)
{
	struct kernfs_node *p = kernfs_get_parent(b);

	assert_ptr_equal(p, a);
	kernfs_put(p);
	assert_null(kernfs_get_parent(rn));
	assert_ptr_equal(kernfs_root(y), root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_readlink_paths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_readlink_truncation_and_einval, setup, teardown),
		cmocka_unit_test_setup_teardown(test_removed_target_resolves, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kernfs_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_path_from_node, setup, teardown),
		cmocka_unit_test_setup_teardown(test_get_parent, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
